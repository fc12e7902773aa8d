import Foundation
import SQLKit

public struct AuditRecord: Codable, Hashable, Sendable {
    public var id: Int
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    public var details: [String: String]
}

extension AccountsStore {
    /// Newest first.
    public func auditLog(limit: Int = 100) async throws -> [AuditRecord] {
        let limit = max(1, min(limit, 10_000))
        return try await context.backend.withDatabase { db in
            try await db.raw(
                "SELECT id, at, actor, action, subject, details FROM audit_log ORDER BY id DESC LIMIT \(unsafeRaw: String(limit))"
            ).all().map {
                AuditRecord(
                    id: try $0.int("id"), at: try $0.string("at"), actor: try $0.string("actor"), action: try $0.string("action"),
                    subject: try $0.string("subject"),
                    details: (try? JSONDecoder().decode([String: String].self, from: Data(try $0.string("details").utf8))) ?? [:])
            }
        }
    }
}
