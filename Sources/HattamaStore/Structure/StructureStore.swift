import Foundation
import HattamaCore
import SQLKit

/// A commission as shown in lists: its identity and what it tabulates.
public struct CommissionSummary: Codable, Hashable, Sendable {
    public var id: String
    public var level: String
    public var name: LocalizedText
    public var counts: SubtreeCounts
    /// Set for precinct commissions.
    public var precinctNumber: Int?
    public var precinctKind: String?

    public init(
        id: String, level: String, name: LocalizedText, counts: SubtreeCounts, precinctNumber: Int? = nil, precinctKind: String? = nil
    ) {
        self.id = id
        self.level = level
        self.name = name
        self.counts = counts
        self.precinctNumber = precinctNumber
        self.precinctKind = precinctKind
    }
}

/// Totals over the precincts a commission tabulates (directly or through lower commissions).
public struct SubtreeCounts: Codable, Hashable, Sendable {
    public var precincts: Int
    public var registeredVoters: Int
    public var specialPrecincts: Int
    public var abroadPrecincts: Int

    public static let zero = SubtreeCounts(precincts: 0, registeredVoters: 0, specialPrecincts: 0, abroadPrecincts: 0)
}

public struct CommissionReference: Codable, Hashable, Sendable {
    public var id: String
    public var level: String
    public var name: LocalizedText
}

public struct CommissionDetail: Codable, Hashable, Sendable {
    public var commission: Commission
    /// From the top commission down to the tabulating parent.
    public var breadcrumb: [CommissionReference]
    public var counts: SubtreeCounts
    /// Commissions (or precincts) whose protocols this commission tabulates.
    public var children: [CommissionSummary]
    /// The polling station, for a precinct commission.
    public var precinct: Precinct?
}

public struct PrecinctMatch: Codable, Hashable, Sendable {
    public var precinct: Precinct
    public var tabulatedBy: CommissionReference
}

/// The structure elections run on: elections and their profiles, the commission tree, polling
/// stations, candidates and parties, and the keys commissions sign protocols with.
public struct StructureStore: Sendable {
    let context: StoreContext
}

extension StructureStore {
    /// Writes a whole election structure in one transaction, after checking it against the
    /// profile. Either all of it lands or nothing does.
    public func importStructure(_ structure: ElectionStructure, profile: LawProfile, by principal: Principal) async throws {
        do {
            try structure.validate(against: profile)
        } catch {
            throw StoreError.invalid(error.description)
        }
        let profileJSON = String(decoding: try JSONEncoder.sorted.encode(profile), as: UTF8.self)
        let election = structure.election
        let rootID = structure.commissions.first { $0.parentID == nil }!.id
        try await context.write(
            by: principal, action: "import-structure", subject: "election \(election.id)",
            details: ["commissions": "\(structure.commissions.count)", "precincts": "\(structure.precincts.count)", "profile": profile.id]
        ) { db, log in
            if try await db.raw("SELECT id FROM elections WHERE id = \(bind: election.id)").first() != nil {
                throw StoreError.conflict("election '\(election.id)' already exists")
            }
            let ids = structure.commissions.map(\.id)
            for chunk in ids.chunked(400) {
                if let row = try await db.select().column("id").from("commissions").where(SQLIdentifier("id"), .in, SQLBind.group(chunk))
                    .first()
                {
                    throw StoreError.conflict("commission '\(try row.string("id"))' already exists")
                }
            }
            let logIndex = try await log.append([
                LogEntry(
                    type: LogEntryType.structure, subject: election.id,
                    payload: try Self.structurePayload(structure, profileJSON: profileJSON))
            ])[0]
            try await db.insertRows(
                "elections",
                [
                    "id", "name_kk", "name_ru", "name_en", "profile_id", "profile_json", "election_day", "root_commission_id", "created_at",
                    "log_index",
                ],
                [
                    [
                        election.id, election.name.kk, election.name.ru, election.name.en, profile.id, profileJSON, election.electionDay,
                        rootID, Timestamp.now(), logIndex,
                    ]
                ])
            var newParties: [Party] = []
            for party in structure.parties where try await db.raw("SELECT id FROM parties WHERE id = \(bind: party.id)").first() == nil {
                newParties.append(party)
            }
            try await db.insertRows(
                "parties", ["id", "name_kk", "name_ru", "name_en"], newParties.map { [$0.id, $0.name.kk, $0.name.ru, $0.name.en] })
            try await db.insertRows(
                "candidates", ["election_id", "id", "name_kk", "name_ru", "name_en", "party_id", "ballot_order"],
                structure.candidates.map { [$0.electionID, $0.id, $0.name.kk, $0.name.ru, $0.name.en, $0.partyID, $0.ballotOrder] })

            let levelDepth = Dictionary(uniqueKeysWithValues: profile.commissionLevels.enumerated().map { ($1.id, $0) })
            try await db.insertRows(
                "commissions", ["id", "level", "depth", "parent_id", "ordinal", "name_kk", "name_ru", "name_en"],
                structure.commissions.enumerated().map { ordinal, c in
                    [c.id, c.level, levelDepth[c.level]!, c.parentID, ordinal, c.name.kk, c.name.ru, c.name.en]
                })
            // Closure rows: each commission with itself and all geographic ancestors.
            var parentOf = [String: String]()
            for commission in structure.commissions { parentOf[commission.id] = commission.parentID }
            var closure: [[(any Encodable & Sendable)?]] = []
            for commission in structure.commissions {
                var distance = 0
                var current: String? = commission.id
                while let ancestor = current {
                    closure.append([commission.id, ancestor, distance])
                    distance += 1
                    current = parentOf[ancestor] ?? nil
                }
            }
            try await db.insertRows("commission_ancestors", ["commission_id", "ancestor_id", "distance"], closure)
            try await db.insertRows(
                "precincts",
                [
                    "id", "number", "kind", "settlement_kk", "settlement_ru", "settlement_en", "address_kk", "address_ru", "address_en",
                    "registered_voters", "tabulating_commission_id",
                ],
                structure.precincts.map {
                    [
                        $0.id, $0.number, $0.kind, $0.settlement.kk, $0.settlement.ru, $0.settlement.en, $0.address.kk, $0.address.ru,
                        $0.address.en, $0.registeredVoters, $0.tabulatingCommissionID,
                    ]
                })
        }
        await context.signTreeHeadAfterBatch()
    }

    public func hasElections() async throws -> Bool {
        try await context.backend.withDatabase { db in
            try await db.raw("SELECT COUNT(*) AS n FROM elections").first()?.int("n") ?? 0 > 0
        }
    }

    public func elections() async throws -> [Election] { try await context.elections() }

    public func election(_ id: String) async throws -> Election { try await context.election(id) }

    /// The profile an election was created with (stored with it, so later profile edits never
    /// change the rules of a past election).
    public func profile(forElection id: String) async throws -> LawProfile { try await context.profile(forElection: id) }

    public func candidates(election id: String) async throws -> [Candidate] { try await context.candidates(election: id) }

    public func parties() async throws -> [Party] { try await context.parties() }

    /// The election with the latest election day (of two on one day, the greater id): the one the
    /// public site's home page and the voter register serve unless told otherwise. Nil when none
    /// is stored.
    public func latestElection() async throws -> Election? { try await context.latestElection() }

    /// The election a commission works for: the one whose structure's top commission is it or one
    /// of its ancestors. Nil for an unknown commission.
    public func election(ofCommission id: String) async throws -> Election? {
        let electionID = try await context.backend.withDatabase { db in
            try await db.raw(
                """
                SELECT e.id FROM elections e JOIN commission_ancestors a ON a.ancestor_id = e.root_commission_id
                WHERE a.commission_id = \(bind: id)
                """
            ).first()?.string("id")
        }
        guard let electionID else { return nil }
        return try await context.elections().first { $0.id == electionID }
    }

    /// The central commission of the structure an election runs on; without an election, of the
    /// latest one's.
    public func rootCommission(election: String? = nil) async throws -> String { try await context.rootCommission(election: election) }

    /// The commission followed by all its ancestors up to the top (for authorization).
    public func commissionChain(_ id: String) async throws -> [String] { try await context.commissionChain(id) }

    public func commission(_ id: String) async throws -> CommissionDetail {
        try await context.backend.withDatabase { db in
            guard
                let row = try await db.raw("SELECT id, level, parent_id, name_kk, name_ru, name_en FROM commissions WHERE id = \(bind: id)")
                    .first()
            else {
                throw StoreError.notFound("commission '\(id)'")
            }
            let commission = try Row.commission(row)
            let precinct = try await db.raw("\(unsafeRaw: Row.precinctColumns) WHERE id = \(bind: id)").first().map(Row.precinct)

            // Breadcrumb follows tabulation: a station abroad sits under the district that counts it.
            let tabulatingParent = precinct?.tabulatingCommissionID ?? commission.parentID
            var breadcrumb: [CommissionReference] = []
            if let tabulatingParent {
                breadcrumb = try await db.raw(
                    """
                    SELECT c.id, c.level, c.name_kk, c.name_ru, c.name_en FROM commission_ancestors a
                    JOIN commissions c ON c.id = a.ancestor_id WHERE a.commission_id = \(bind: tabulatingParent) ORDER BY a.distance DESC
                    """
                ).all().map { CommissionReference(id: try $0.string("id"), level: try $0.string("level"), name: try $0.text("name")) }
            }

            var children: [CommissionSummary] = []
            let subcommissions = try await db.raw(
                "SELECT id, level, parent_id, name_kk, name_ru, name_en FROM commissions WHERE parent_id = \(bind: id) AND id NOT IN (SELECT id FROM precincts) ORDER BY ordinal"
            ).all().map(Row.commission)
            let counts = try await Self.subtreeCounts(db, of: [id] + subcommissions.map(\.id))
            children += subcommissions.map { CommissionSummary(id: $0.id, level: $0.level, name: $0.name, counts: counts[$0.id] ?? .zero) }
            let tabulated = try await db.raw(
                """
                \(unsafeRaw: Row.precinctColumns) WHERE tabulating_commission_id = \(bind: id) ORDER BY number, id
                """
            ).all().map(Row.precinct)
            let names = try await Self.commissionNames(db, ids: tabulated.map(\.id))
            children += tabulated.map {
                CommissionSummary(
                    id: $0.id, level: "precinct", name: names[$0.id] ?? LocalizedText($0.id),
                    counts: SubtreeCounts(
                        precincts: 1, registeredVoters: $0.registeredVoters, specialPrecincts: $0.isSpecial ? 1 : 0,
                        abroadPrecincts: $0.kind == PrecinctKind.abroadID ? 1 : 0),
                    precinctNumber: $0.number, precinctKind: $0.kind)
            }
            let ownCounts =
                precinct.map {
                    SubtreeCounts(
                        precincts: 1, registeredVoters: $0.registeredVoters, specialPrecincts: $0.isSpecial ? 1 : 0,
                        abroadPrecincts: $0.kind == PrecinctKind.abroadID ? 1 : 0)
                } ?? counts[id] ?? .zero
            return CommissionDetail(
                commission: commission, breadcrumb: breadcrumb, counts: ownCounts, children: children, precinct: precinct)
        }
    }

    /// The names of the commissions `ids`, in one query per 400; unknown ids are left out.
    public func names(ofCommissions ids: [String]) async throws -> [String: LocalizedText] {
        try await context.backend.withDatabase { db in try await Self.commissionNames(db, ids: ids) }
    }

    /// Finds polling stations by number or by settlement name (any language).
    public func findPrecincts(_ query: String, limit: Int = 50) async throws -> [PrecinctMatch] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { return [] }
        let limit = max(1, min(limit, 500))
        return try await context.backend.withDatabase { db in
            let rows: [any SQLRow]
            if let number = Int(trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "№#"))) {
                rows = try await db.raw(
                    "\(unsafeRaw: Row.precinctColumns) WHERE number = \(bind: number) ORDER BY id LIMIT \(unsafeRaw: String(limit))"
                ).all()
            } else {
                let literal = trimmed.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
                guard !literal.isEmpty else { return [] }
                let pattern = "%\(literal)%"
                rows = try await db.raw(
                    """
                    \(unsafeRaw: Row.precinctColumns) WHERE LOWER(settlement_en) LIKE LOWER(\(bind: pattern))
                    OR settlement_ru LIKE \(bind: pattern) OR settlement_kk LIKE \(bind: pattern) ORDER BY number, id LIMIT \(unsafeRaw: String(limit))
                    """
                ).all()
            }
            let precincts = try rows.map(Row.precinct)
            let parents = try await Self.commissionReferences(db, ids: Array(Set(precincts.map(\.tabulatingCommissionID))))
            return precincts.compactMap { p in parents[p.tabulatingCommissionID].map { PrecinctMatch(precinct: p, tabulatedBy: $0) } }
        }
    }

    // MARK: - Row mapping

    static func subtreeCounts(_ db: any SQLDatabase, of ids: [String]) async throws -> [String: SubtreeCounts] {
        var result = [String: SubtreeCounts]()
        for chunk in ids.chunked(400) {
            let rows = try await db.select()
                .column(SQLAlias(SQLColumn("ancestor_id", table: "a"), as: SQLIdentifier("id")))
                .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("precincts")))
                .column(SQLAlias(SQLRaw("CAST(SUM(p.registered_voters) AS BIGINT)"), as: SQLIdentifier("voters")))
                .column(
                    SQLAlias(
                        SQLQueryString("SUM(CASE WHEN p.kind <> \(bind: PrecinctKind.ordinaryID) THEN 1 ELSE 0 END)"),
                        as: SQLIdentifier("special"))
                )
                .column(
                    SQLAlias(
                        SQLQueryString("SUM(CASE WHEN p.kind = \(bind: PrecinctKind.abroadID) THEN 1 ELSE 0 END)"),
                        as: SQLIdentifier("abroad"))
                )
                .from(SQLAlias(SQLIdentifier("precincts"), as: SQLIdentifier("p")))
                .join(
                    SQLAlias(SQLIdentifier("commission_ancestors"), as: SQLIdentifier("a")),
                    on: SQLRaw("a.commission_id = p.tabulating_commission_id")
                )
                .where(SQLColumn("ancestor_id", table: "a"), .in, SQLBind.group(chunk))
                .groupBy(SQLColumn("ancestor_id", table: "a"))
                .all()
            for row in rows {
                result[try row.string("id")] = SubtreeCounts(
                    precincts: try row.int("precincts"), registeredVoters: try row.int("voters"), specialPrecincts: try row.int("special"),
                    abroadPrecincts: try row.int("abroad"))
            }
        }
        return result
    }

    static func commissionNames(_ db: any SQLDatabase, ids: [String]) async throws -> [String: LocalizedText] {
        try await commissionReferences(db, ids: ids).mapValues(\.name)
    }

    static func commissionReferences(_ db: any SQLDatabase, ids: [String]) async throws -> [String: CommissionReference] {
        var result = [String: CommissionReference]()
        for chunk in ids.chunked(400) where !chunk.isEmpty {
            for row in try await db.select().columns("id", "level", "name_kk", "name_ru", "name_en").from("commissions").where(
                SQLIdentifier("id"), .in, SQLBind.group(chunk)
            ).all() {
                let id = try row.string("id")
                result[id] = CommissionReference(id: id, level: try row.string("level"), name: try row.text("name"))
            }
        }
        return result
    }
}

extension StructureStore {
    /// The whole structure an election runs on, as it was imported.
    public func electionStructure(election id: String) async throws -> ElectionStructure {
        try await context.electionStructure(election: id)
    }

    // MARK: - The log

    /// `structure` payload: counts and two digests, sorted keys —
    /// `{"commissions":N,"electionID":…,"precincts":N,"profileID":…,"profileSHA256":…,"structureSHA256":…}`.
    /// profileSHA256 covers the stored profile JSON; structureSHA256 covers `structureDigestInput`.
    static func structurePayload(_ structure: ElectionStructure, profileJSON: String) throws -> String {
        let digest = Canonical.sha256Hex(Array(try structureDigestInput(structure)))
        return "{\"commissions\":\(structure.commissions.count),\"electionID\":\(Canonical.jsonString(structure.election.id)),"
            + "\"precincts\":\(structure.precincts.count),\"profileID\":\(Canonical.jsonString(structure.election.profileID)),"
            + "\"profileSHA256\":\"\(Canonical.sha256Hex(Array(profileJSON.utf8)))\",\"structureSHA256\":\"\(digest)\"}"
    }

    /// Sorted-keys JSON of the election, its candidates (by ballot order), commissions and precincts
    /// (by id): the same bytes whether computed from an import or read back from the database.
    static func structureDigestInput(_ structure: ElectionStructure) throws -> Data {
        struct Digest: Encodable {
            var election: Election
            var candidates: [Candidate]
            var commissions: [Commission]
            var precincts: [Precinct]
        }
        return try JSONEncoder.sorted.encode(
            Digest(
                election: structure.election, candidates: structure.candidates.sorted { $0.ballotOrder < $1.ballotOrder },
                commissions: structure.commissions.sorted { $0.id < $1.id }, precincts: structure.precincts.sorted { $0.id < $1.id }))
    }

    /// The structures' part of `verifyLog()`: every election's structure and profile, as stored
    /// now, must give the payload of the entry the election points at. Returns the elections checked.
    func verifyRows(_ check: inout LogRowCheck) async throws -> Int {
        var elections = 0
        let stored = try await context.backend.withDatabase { db in
            try await db.raw("SELECT id, profile_json, log_index FROM elections ORDER BY id").all().map {
                (
                    id: try $0.string("id"), profile: try $0.string("profile_json"),
                    index: try $0.decodeNil(column: "log_index") ? nil : try $0.int("log_index")
                )
            }
        }
        for election in stored {
            elections += 1
            let subject = "structure of election \(election.id)"
            guard let found = check.entry(election.index, type: LogEntryType.structure, subject: subject) else { continue }
            guard let found else { continue }
            let structure = try await context.electionStructure(election: election.id)
            if try Self.structurePayload(structure, profileJSON: election.profile) != found.payload {
                check.problem(
                    found.index, subject,
                    "the stored election, candidates, commissions, precincts or profile no longer match the logged structure")
            }
        }
        return elections
    }
}
