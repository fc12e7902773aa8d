import Crypto
import Foundation
import HattamaCore
import SQLKit

/// A commission's published signing key.
public struct CommissionKey: Codable, Hashable, Sendable {
    public var commissionID: String
    /// Raw 32-byte Ed25519 public key, base64.
    public var publicKey: String
    public var registeredAt: String
    /// Whether the server holds the private key (demo commissions only).
    public var heldByServer: Bool
}

extension StructureStore {
    /// Registers (or replaces) the public key a commission signs its protocols with.
    public func registerKey(commissionID: String, publicKey: Data, by principal: Principal) async throws {
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw StoreError.invalid("public key: expected a raw 32-byte Ed25519 key (base64), got \(publicKey.count) bytes")
        }
        if let user = principal.user { try await context.authorize(user, .manageStructure, at: commissionID) }
        guard try await !context.commissionChain(commissionID).isEmpty else { throw StoreError.notFound("commission '\(commissionID)'") }
        try await context.write(by: principal, action: "register-key", subject: "commission \(commissionID)") { db in
            try await Self.storeKey(db, commissionID: commissionID, publicKey: publicKey, privateKey: nil)
        }
    }

    /// Generates key pairs held by the server for every precinct commission that has none — for the
    /// demo only: real commissions keep their private keys on their own devices.
    @discardableResult
    public func generateDemoKeys(by principal: Principal) async throws -> Int {
        try await context.write(by: principal, action: "generate-demo-keys", subject: "precinct commissions") { db in
            let missing = try await db.raw(
                "SELECT p.id FROM precincts p LEFT JOIN commission_keys k ON k.commission_id = p.id WHERE k.commission_id IS NULL ORDER BY p.id"
            ).all().map { try $0.string("id") }
            var rows: [[(any Encodable & Sendable)?]] = []
            let now = Timestamp.now()
            for id in missing {
                let key = Curve25519.Signing.PrivateKey()
                rows.append([id, key.publicKey.rawRepresentation.base64EncodedString(), key.rawRepresentation.base64EncodedString(), now])
            }
            try await db.insertRows("commission_keys", ["commission_id", "public_key", "private_key", "registered_at"], rows)
            return missing.count
        }
    }

    static func storeKey(_ db: any SQLDatabase, commissionID: String, publicKey: Data, privateKey: Data?) async throws {
        try await db.raw("DELETE FROM commission_keys WHERE commission_id = \(bind: commissionID)").run()
        try await db.insertRows(
            "commission_keys", ["commission_id", "public_key", "private_key", "registered_at"],
            [[commissionID, publicKey.base64EncodedString(), privateKey?.base64EncodedString(), Timestamp.now()]])
    }

    public func commissionKey(_ commissionID: String) async throws -> CommissionKey {
        try await context.commissionKey(commissionID)
    }

    /// Signs canonical protocol bytes with a key the server holds (demo commissions only).
    public func signAsDemoCommission(_ commissionID: String, bytes: [UInt8]) async throws -> Data {
        let text = try await context.backend.withDatabase { db in
            try await db.raw("SELECT private_key FROM commission_keys WHERE commission_id = \(bind: commissionID)").first()?.optionalString(
                "private_key")
        }
        guard let text, let raw = Data(base64Encoded: text) else {
            throw StoreError.notFound("server-held private key of commission '\(commissionID)'")
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: raw).signature(for: bytes)
    }

    /// All server-held demo keys (raw bytes), for bulk signing.
    public func demoPrivateKeys() async throws -> [String: Data] {
        try await context.backend.withDatabase { db in
            var keys: [String: Data] = [:]
            for row in try await db.raw("SELECT commission_id, private_key FROM commission_keys WHERE private_key IS NOT NULL").all() {
                if let raw = Data(base64Encoded: try row.string("private_key")) { keys[try row.string("commission_id")] = raw }
            }
            return keys
        }
    }
}
