import Foundation
import HattamaCore
import SQLKit

/// The reads every area needs: elections and their profiles, the commission tree, who may act
/// where, and commissions' public keys. Areas publish them (`StructureStore`, `AccountsStore`);
/// the queries live here so that no area reaches into another's helpers for them.
extension StoreContext {
    func elections() async throws -> [Election] {
        try await backend.withDatabase { db in
            try await db.raw("SELECT id, name_kk, name_ru, name_en, profile_id, election_day FROM elections ORDER BY election_day, id")
                .all().map {
                    Election(
                        id: try $0.string("id"), name: try $0.text("name"), profileID: try $0.string("profile_id"),
                        electionDay: try $0.string("election_day"))
                }
        }
    }

    func election(_ id: String) async throws -> Election {
        guard let election = try await elections().first(where: { $0.id == id }) else { throw StoreError.notFound("election '\(id)'") }
        return election
    }

    /// The profile an election was created with (stored with it, so later profile edits never
    /// change the rules of a past election).
    func profile(forElection id: String) async throws -> LawProfile {
        let json = try await backend.withDatabase { db in
            try await db.raw("SELECT profile_json FROM elections WHERE id = \(bind: id)").first()?.string("profile_json")
        }
        guard let json else { throw StoreError.notFound("election '\(id)'") }
        return try profiles.profile(election: id, json: json)
    }

    func candidates(election id: String) async throws -> [Candidate] {
        try await backend.withDatabase { db in
            try await db.raw(
                "SELECT id, election_id, name_kk, name_ru, name_en, party_id, ballot_order FROM candidates WHERE election_id = \(bind: id) ORDER BY ballot_order"
            ).all().map {
                Candidate(
                    id: try $0.string("id"), electionID: try $0.string("election_id"), name: try $0.text("name"),
                    partyID: try $0.optionalString("party_id"), ballotOrder: try $0.int("ballot_order"))
            }
        }
    }

    func parties() async throws -> [Party] {
        try await backend.withDatabase { db in
            try await db.raw("SELECT id, name_kk, name_ru, name_en FROM parties ORDER BY id").all().map {
                Party(id: try $0.string("id"), name: try $0.text("name"))
            }
        }
    }

    /// The election with the latest election day (of two on one day, the greater id): the one the
    /// public site's home page and the voter register serve unless told otherwise. Nil when none
    /// is stored. Compared in Swift: PostgreSQL would order ids by its collation.
    func latestElection() async throws -> Election? {
        try await elections().max { ($0.electionDay, $0.id) < ($1.electionDay, $1.id) }
    }

    /// The central commission of the structure an election runs on; without an election, of the
    /// latest one's.
    func rootCommission(election: String? = nil) async throws -> String {
        var electionID = election
        if electionID == nil { electionID = try await latestElection()?.id }
        guard let id = electionID else { throw StoreError.notFound("central commission (import an election structure first)") }
        let root = try await backend.withDatabase { db in
            try await db.raw("SELECT root_commission_id FROM elections WHERE id = \(bind: id)").first()?.string("root_commission_id")
        }
        guard let root else { throw StoreError.notFound("election '\(id)'") }
        return root
    }

    /// The commission followed by all its ancestors up to the top (for authorization).
    func commissionChain(_ id: String) async throws -> [String] {
        try await backend.withDatabase { db in
            try await db.raw("SELECT ancestor_id FROM commission_ancestors WHERE commission_id = \(bind: id) ORDER BY distance").all().map {
                try $0.string("ancestor_id")
            }
        }
    }

    /// The whole structure an election runs on, as it was imported.
    func electionStructure(election id: String) async throws -> ElectionStructure {
        let election = try await self.election(id)
        let root = try await rootCommission(election: id)
        let candidates = try await candidates(election: id)
        let parties = try await parties()
        let (commissions, precincts) = try await backend.withDatabase { db in
            let commissions = try await db.raw(
                """
                SELECT c.id, c.level, c.parent_id, c.name_kk, c.name_ru, c.name_en FROM commission_ancestors a
                JOIN commissions c ON c.id = a.commission_id WHERE a.ancestor_id = \(bind: root) ORDER BY c.depth, c.ordinal
                """
            ).all().map(Row.commission)
            let precincts = try await db.raw(
                """
                SELECT p.id, p.number, p.kind, p.settlement_kk, p.settlement_ru, p.settlement_en, p.address_kk, p.address_ru, p.address_en,
                p.registered_voters, p.tabulating_commission_id FROM commission_ancestors a JOIN precincts p ON p.id = a.commission_id
                WHERE a.ancestor_id = \(bind: root) ORDER BY p.id
                """
            ).all().map(Row.precinct)
            return (commissions, precincts)
        }
        let used = Set(candidates.compactMap(\.partyID))
        return ElectionStructure(
            election: election, parties: parties.filter { used.contains($0.id) }, candidates: candidates, commissions: commissions,
            precincts: precincts)
    }

    /// Throws `forbidden` unless `user` may do `action` at `commissionID`.
    func authorize(_ user: User, _ action: Action, at commissionID: String) async throws {
        let chain = try await commissionChain(commissionID)
        guard !chain.isEmpty else { throw StoreError.notFound("commission '\(commissionID)'") }
        guard Permissions.allows(role: user.role, userCommission: user.commissionID, action: action, targetChain: chain) else {
            throw StoreError.forbidden(
                "\(user.username) (\(user.role.rawValue) at \(user.commissionID)) may not \(action.rawValue) at \(commissionID)")
        }
    }

    func commissionKey(_ commissionID: String) async throws -> CommissionKey {
        let row = try await backend.withDatabase { db in
            try await db.raw(
                "SELECT commission_id, public_key, registered_at FROM commission_keys WHERE commission_id = \(bind: commissionID)"
            )
            .first()
        }
        guard let row else { throw StoreError.notFound("signing key of commission '\(commissionID)'") }
        return CommissionKey(
            commissionID: try row.string("commission_id"), publicKey: try row.string("public_key"),
            registeredAt: try row.string("registered_at"))
    }

    /// Raw public keys of the given commissions.
    func publicKeys(_ ids: [String]) async throws -> [String: Data] {
        try await backend.withDatabase { db in
            var keys: [String: Data] = [:]
            for chunk in ids.chunked(400) where !chunk.isEmpty {
                let rows = try await db.select().columns("commission_id", "public_key").from("commission_keys")
                    .where(SQLIdentifier("commission_id"), .in, SQLBind.group(chunk)).all()
                for row in rows {
                    if let raw = Data(base64Encoded: try row.string("public_key")) { keys[try row.string("commission_id")] = raw }
                }
            }
            return keys
        }
    }
}

extension StoreContext {
    /// Number of entries in the transparency log: what an in-memory cache has seen (see
    /// `ResultsStore.catchUp`).
    func logSize() async throws -> Int {
        try await backend.withDatabase { try await LogStorage.size($0) }
    }
}
