import Foundation

extension Migrations {
    /// Commission members, substitutions, sessions, decisions, complaints (version 6).
    static let commissionsAtWork: [Migration] = []
}
