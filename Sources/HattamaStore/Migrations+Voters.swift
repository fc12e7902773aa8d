import Foundation

extension Migrations {
    /// Voter register, special-station lists, absentee voting certificates (version 5).
    static let voterRegister: [Migration] = []
}
