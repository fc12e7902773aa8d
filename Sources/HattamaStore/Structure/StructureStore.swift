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

extension HattamaStore {
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
        try await write(
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
        await signTreeHeadAfterBatch()
    }

    public func hasElections() async throws -> Bool {
        try await backend.withDatabase { db in
            try await db.raw("SELECT COUNT(*) AS n FROM elections").first()?.int("n") ?? 0 > 0
        }
    }

    public func elections() async throws -> [Election] {
        try await backend.withDatabase { db in
            try await db.raw("SELECT id, name_kk, name_ru, name_en, profile_id, election_day FROM elections ORDER BY election_day, id")
                .all().map {
                    Election(
                        id: try $0.string("id"), name: try $0.text("name"), profileID: try $0.string("profile_id"),
                        electionDay: try $0.string("election_day"))
                }
        }
    }

    public func election(_ id: String) async throws -> Election {
        guard let election = try await elections().first(where: { $0.id == id }) else { throw StoreError.notFound("election '\(id)'") }
        return election
    }

    /// The profile an election was created with (stored with it, so later profile edits never
    /// change the rules of a past election).
    public func profile(forElection id: String) async throws -> LawProfile {
        let json = try await backend.withDatabase { db in
            try await db.raw("SELECT profile_json FROM elections WHERE id = \(bind: id)").first()?.string("profile_json")
        }
        guard let json else { throw StoreError.notFound("election '\(id)'") }
        return try profiles.profile(election: id, json: json)
    }

    public func candidates(election id: String) async throws -> [Candidate] {
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

    public func parties() async throws -> [Party] {
        try await backend.withDatabase { db in
            try await db.raw("SELECT id, name_kk, name_ru, name_en FROM parties ORDER BY id").all().map {
                Party(id: try $0.string("id"), name: try $0.text("name"))
            }
        }
    }

    /// The election with the latest election day (of two on one day, the greater id): the one the
    /// public site's home page and the voter register serve unless told otherwise. Nil when none
    /// is stored. Compared in Swift: PostgreSQL would order ids by its collation.
    public func latestElection() async throws -> Election? {
        try await elections().max { ($0.electionDay, $0.id) < ($1.electionDay, $1.id) }
    }

    /// The election a commission works for: the one whose structure's top commission is it or one
    /// of its ancestors. Nil for an unknown commission.
    public func election(ofCommission id: String) async throws -> Election? {
        let electionID = try await backend.withDatabase { db in
            try await db.raw(
                """
                SELECT e.id FROM elections e JOIN commission_ancestors a ON a.ancestor_id = e.root_commission_id
                WHERE a.commission_id = \(bind: id)
                """
            ).first()?.string("id")
        }
        guard let electionID else { return nil }
        return try await elections().first { $0.id == electionID }
    }

    /// The central commission of the structure an election runs on; without an election, of the
    /// latest one's.
    public func rootCommission(election: String? = nil) async throws -> String {
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
    public func commissionChain(_ id: String) async throws -> [String] {
        try await backend.withDatabase { db in
            try await db.raw("SELECT ancestor_id FROM commission_ancestors WHERE commission_id = \(bind: id) ORDER BY distance").all().map {
                try $0.string("ancestor_id")
            }
        }
    }

    public func commission(_ id: String) async throws -> CommissionDetail {
        try await backend.withDatabase { db in
            guard
                let row = try await db.raw("SELECT id, level, parent_id, name_kk, name_ru, name_en FROM commissions WHERE id = \(bind: id)")
                    .first()
            else {
                throw StoreError.notFound("commission '\(id)'")
            }
            let commission = try Self.commission(row)
            let precinct = try await db.raw("\(unsafeRaw: Self.precinctColumns) WHERE id = \(bind: id)").first().map(Self.precinct)

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
            ).all().map(Self.commission)
            let counts = try await Self.subtreeCounts(db, of: [id] + subcommissions.map(\.id))
            children += subcommissions.map { CommissionSummary(id: $0.id, level: $0.level, name: $0.name, counts: counts[$0.id] ?? .zero) }
            let tabulated = try await db.raw(
                """
                \(unsafeRaw: Self.precinctColumns) WHERE tabulating_commission_id = \(bind: id) ORDER BY number, id
                """
            ).all().map(Self.precinct)
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

    /// Finds polling stations by number or by settlement name (any language).
    public func findPrecincts(_ query: String, limit: Int = 50) async throws -> [PrecinctMatch] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { return [] }
        let limit = max(1, min(limit, 500))
        return try await backend.withDatabase { db in
            let rows: [any SQLRow]
            if let number = Int(trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "№#"))) {
                rows = try await db.raw(
                    "\(unsafeRaw: Self.precinctColumns) WHERE number = \(bind: number) ORDER BY id LIMIT \(unsafeRaw: String(limit))"
                ).all()
            } else {
                let literal = trimmed.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
                guard !literal.isEmpty else { return [] }
                let pattern = "%\(literal)%"
                rows = try await db.raw(
                    """
                    \(unsafeRaw: Self.precinctColumns) WHERE LOWER(settlement_en) LIKE LOWER(\(bind: pattern))
                    OR settlement_ru LIKE \(bind: pattern) OR settlement_kk LIKE \(bind: pattern) ORDER BY number, id LIMIT \(unsafeRaw: String(limit))
                    """
                ).all()
            }
            let precincts = try rows.map(Self.precinct)
            let parents = try await Self.commissionReferences(db, ids: Array(Set(precincts.map(\.tabulatingCommissionID))))
            return precincts.compactMap { p in parents[p.tabulatingCommissionID].map { PrecinctMatch(precinct: p, tabulatedBy: $0) } }
        }
    }

    // MARK: - Row mapping

    static let precinctColumns = """
        SELECT id, number, kind, settlement_kk, settlement_ru, settlement_en, address_kk, address_ru, address_en,
        registered_voters, tabulating_commission_id FROM precincts
        """

    static func precinct(_ row: any SQLRow) throws -> Precinct {
        Precinct(
            id: try row.string("id"), number: try row.int("number"), kind: try row.string("kind"), settlement: try row.text("settlement"),
            address: try row.text("address"), registeredVoters: try row.int("registered_voters"),
            tabulatingCommissionID: try row.string("tabulating_commission_id"))
    }

    static func commission(_ row: any SQLRow) throws -> Commission {
        Commission(
            id: try row.string("id"), level: try row.string("level"), parentID: try row.optionalString("parent_id"),
            name: try row.text("name"))
    }

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

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension SQLDatabase {
    /// Multi-row INSERTs in batches that stay under both backends' bind limits.
    func insertRows(_ table: String, _ columns: [String], _ rows: [[(any Encodable & Sendable)?]]) async throws {
        guard !rows.isEmpty else { return }
        let perBatch = Swift.max(1, 30_000 / Swift.max(columns.count, 1) / 4)
        for batch in rows.chunked(perBatch) {
            var insert = self.insert(into: table).columns(columns)
            for row in batch {
                insert = insert.values(row.map { value -> any SQLExpression in value.map { SQLBind($0) } ?? SQLLiteral.null })
            }
            try await insert.run()
        }
    }
}

extension HattamaStore {
    /// The whole structure an election runs on, as it was imported.
    public func electionStructure(election id: String) async throws -> ElectionStructure {
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
            ).all().map(Self.commission)
            let precincts = try await db.raw(
                """
                SELECT p.id, p.number, p.kind, p.settlement_kk, p.settlement_ru, p.settlement_en, p.address_kk, p.address_ru, p.address_en,
                p.registered_voters, p.tabulating_commission_id FROM commission_ancestors a JOIN precincts p ON p.id = a.commission_id
                WHERE a.ancestor_id = \(bind: root) ORDER BY p.id
                """
            ).all().map(Self.precinct)
            return (commissions, precincts)
        }
        let used = Set(candidates.compactMap(\.partyID))
        return ElectionStructure(
            election: election, parties: parties.filter { used.contains($0.id) }, candidates: candidates, commissions: commissions,
            precincts: precincts)
    }
}
