import Foundation

/// Every refusal the store makes. Messages name the record, the field and the rule, so that an
/// operator (or an API client) knows what to change.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The input breaks a rule; nothing was written.
    case invalid(String)
    case notFound(String)
    /// The write would contradict what is already stored; nothing was written.
    case conflict(String)
    /// The user may not do this.
    case forbidden(String)
    case unauthenticated
    /// The database was written by a newer Hattama.
    case schemaTooNew(database: Int, binary: Int)
    /// The database needs `hattama migrate`.
    case schemaOutdated(database: Int, binary: Int)
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        case .notFound(let what): "\(what) not found"
        case .conflict(let message): message
        case .forbidden(let message): "forbidden: \(message)"
        case .unauthenticated: "authentication required"
        case .schemaTooNew(let database, let binary):
            "the database schema (version \(database)) is newer than this Hattama understands (version \(binary)); upgrade Hattama"
        case .schemaOutdated(let database, let binary):
            "the database schema is at version \(database) but this Hattama needs \(binary); run 'hattama migrate'"
        case .unavailable(let message): message
        }
    }
}
