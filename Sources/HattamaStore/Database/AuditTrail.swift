import Foundation
import SQLKit

/// The audit log's writer: every write appends its record in its own transaction (see
/// `StoreContext.write`), and so do the few acts that run outside it (cosignatures, imports).
enum AuditTrail {
    static func append(_ db: any SQLDatabase, actor: Principal, action: String, subject: String, details: [String: String])
        async throws
    {
        let json = String(decoding: try JSONEncoder.sorted.encode(details), as: UTF8.self)
        try await db.insertRows(
            "audit_log", ["at", "actor", "action", "subject", "details"], [[Timestamp.now(), actor.name, action, subject, json]])
    }
}
