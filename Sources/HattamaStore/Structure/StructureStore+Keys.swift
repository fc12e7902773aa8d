import Crypto
import Foundation
import HattamaCore
import SQLKit

/// A commission's published signing key. The server holds public keys only: commissions sign on
/// their own devices.
public struct CommissionKey: Codable, Hashable, Sendable {
    public var commissionID: String
    /// Raw 32-byte Ed25519 public key, base64.
    public var publicKey: String
    public var registeredAt: String
}

extension StructureStore {
    /// Registers (or replaces) the public key a commission signs its protocols with.
    public func registerKey(commissionID: String, publicKey: Data, by principal: Principal) async throws {
        try Self.checkPublicKey(publicKey, of: commissionID)
        if let user = principal.user { try await context.authorize(user, .manageStructure, at: commissionID) }
        guard try await !context.commissionChain(commissionID).isEmpty else { throw StoreError.notFound("commission '\(commissionID)'") }
        try await context.write(by: principal, action: "register-key", subject: "commission \(commissionID)") { db, log in
            try await Self.storeKeys(db, log, [commissionID: publicKey])
        }
    }

    /// Registers (or replaces) the public keys of many commissions at once, as when the stations
    /// of a whole election are equipped: every key is checked first, then all are stored in one
    /// transaction with one audit record, or none is.
    public func registerKeys(_ publicKeys: [String: Data], by principal: Principal) async throws {
        guard !publicKeys.isEmpty else { return }
        let ids = publicKeys.keys.sorted()
        for id in ids { try Self.checkPublicKey(publicKeys[id] ?? Data(), of: id) }
        if let user = principal.user {
            for id in ids { try await context.authorize(user, .manageStructure, at: id) }
        }
        try await context.write(by: principal, action: "register-keys", subject: "commissions", details: ["count": "\(ids.count)"]) {
            db, log in
            var known = Set<String>()
            for chunk in ids.chunked(400) {
                let rows = try await db.select().column("id").from("commissions")
                    .where(SQLIdentifier("id"), .in, SQLBind.group(chunk)).all()
                for row in rows { known.insert(try row.string("id")) }
            }
            if let unknown = ids.first(where: { !known.contains($0) }) { throw StoreError.notFound("commission '\(unknown)'") }
            try await Self.storeKeys(db, log, publicKeys)
        }
        // Equipping the stations is a batch: its keys are under a signed head at once.
        await context.signTreeHeadAfterBatch()
    }

    /// Revokes a commission's key: from this log entry on, no protocol signed with it is
    /// accepted, and verifiers refuse signatures made with it after the revocation.
    public func revokeKey(commissionID: String, by principal: Principal) async throws {
        if let user = principal.user { try await context.authorize(user, .manageStructure, at: commissionID) }
        _ = try await context.commissionKey(commissionID)
        try await context.write(by: principal, action: "revoke-key", subject: "commission \(commissionID)") { db, log in
            try await db.delete(from: "commission_keys").where("commission_id", .equal, commissionID).run()
            _ = try await log.append([Self.keysEntry([commissionID: nil])])
        }
    }

    /// The precinct commissions that have no registered key yet, so cannot sign a protocol: the
    /// operator's list of stations still to equip before election night.
    public func precinctsWithoutKey() async throws -> [String] {
        try await context.backend.withDatabase { db in
            try await db.raw(
                "SELECT p.id FROM precincts p LEFT JOIN commission_keys k ON k.commission_id = p.id WHERE k.commission_id IS NULL ORDER BY p.id"
            ).all().map { try $0.string("id") }
        }
    }

    public func commissionKey(_ commissionID: String) async throws -> CommissionKey {
        try await context.commissionKey(commissionID)
    }

    private static func checkPublicKey(_ publicKey: Data, of commissionID: String) throws {
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw StoreError.invalid(
                "public key of '\(commissionID)': expected a raw 32-byte Ed25519 key (base64), got \(publicKey.count) bytes")
        }
    }

    /// The log entries that publish key changes, a thousand commissions each (`commission-keys`,
    /// payload `{"keys":{"<commission>":"<base64 raw Ed25519 key>"|null}}`, sorted keys, null for a
    /// revoked key): verifiers replay them to know each station's key at every point of the log.
    static func keysEntry(_ keys: [String: Data?]) -> LogEntry {
        let ids = keys.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let body = ids.map { id in
            Canonical.jsonString(id) + ":" + ((keys[id] ?? nil).map { Canonical.jsonString($0.base64EncodedString()) } ?? "null")
        }
        return LogEntry(
            type: LogEntryType.commissionKeys, subject: ids.count == 1 ? "key/\(ids[0])" : "keys/\(ids.count)",
            payload: "{\"keys\":{" + body.joined(separator: ",") + "}}")
    }

    /// Replaces the keys of these commissions and logs the change. Call inside the write.
    private static func storeKeys(_ db: any SQLDatabase, _ log: LogAppender, _ publicKeys: [String: Data]) async throws {
        for chunk in publicKeys.keys.sorted().chunked(1_000) {
            _ = try await log.append([keysEntry(Dictionary(uniqueKeysWithValues: chunk.map { ($0, publicKeys[$0]) }))])
        }
        let ids = publicKeys.keys.sorted()
        for chunk in ids.chunked(400) {
            try await db.delete(from: "commission_keys").where(SQLIdentifier("commission_id"), .in, SQLBind.group(chunk)).run()
        }
        let now = Timestamp.now()
        try await db.insertRows(
            "commission_keys", ["commission_id", "public_key", "registered_at"],
            ids.map { [$0, publicKeys[$0]?.base64EncodedString(), now] })
    }
}
