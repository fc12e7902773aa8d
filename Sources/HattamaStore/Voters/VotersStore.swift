import Foundation
import HattamaCore
import HattamaInterchange
import HattamaLedger
import SQLKit

/// A delivered voter list was refused: nothing of it was stored.
public enum VoterImportFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file breaks format or content rules (line, column, rule).
    case problems(VoterListImportError)
    /// IINs already on another list, or on this list with different particulars: never moved.
    case conflicts(VoterListConflicts)

    public var description: String {
        switch self {
        case .problems(let error): error.description
        case .conflicts(let conflicts):
            conflicts.conflicts.prefix(100).map(\.description).joined(separator: "\n")
                + (conflicts.conflicts.count > 100 ? "\n… and \(conflicts.conflicts.count - 100) more conflicts" : "")
        }
    }
}

public struct VoterImportSummary: Codable, Equatable, Sendable {
    public var commissionID: String
    /// Rows in the file.
    public var rows: Int
    /// Voters new to the register.
    public var added: Int
    /// Rows identical to what the register already holds (a re-delivery).
    public var unchanged: Int
}

/// A voter's particulars and list standing, for commission staff of the voter's commission chain.
public struct VoterDetails: Codable, Equatable, Sendable {
    public var iin: String
    public var surname: String
    public var givenName: String
    public var patronymic: String
    public var birthDate: String
    public var settlement: String
    public var address: String
    public var homePrecinctID: String
    /// "active", "special" (excluded for a special station) or "absentee" (holds a certificate).
    public var homeStatus: String
    /// The list the voter is on instead of the home list, if any.
    public var awayPrecinctID: String?
    public var addedOnElectionDay: Bool
}

/// One precinct's list, counted: never a name or an IIN.
public struct PrecinctListSize: Codable, Equatable, Sendable {
    public var precinctID: String
    public var number: Int
    /// Voters whose home list this is, whatever their status.
    public var homeEntries: Int
    /// Of those, temporarily excluded because they are on a special station's list.
    public var excludedForSpecialStation: Int
    /// Of those, holding an absentee certificate (no ballot here).
    public var absenteeCertificatesIssued: Int
    /// Added on election day on proof of residence (counted separately).
    public var electionDayAdditions: Int
    /// Voters from other home lists: special-station inclusions here.
    public var includedFromHomeLists: Int
    /// Voters added here with an absentee certificate.
    public var addedByAbsenteeCertificate: Int
    /// Ballots marked as issued here.
    public var ballotsMarked: Int
    /// Election-day additions above the profile's `electionDayAdditionAlertPercent` of the list as it stood before.
    public var additionsFlagged: Bool
    /// The profile's ballots-issued line of the station's counted results protocol, if any.
    public var protocolBallotsIssued: Int? = nil
    /// Ballots marked by the station's devices minus the protocol's ballots-issued line, when the
    /// station marked ballots and has a counted protocol; anything but 0 needs explaining.
    public var marksMinusProtocol: Int? = nil
}

/// The voter register: delivered lists imported, the voter's own look-up, lists and their sizes,
/// finalisation with a logged commitment. Acts on the lists are `VoterActsStore`'s.
public struct VotersStore: VoterArea {
    let context: StoreContext
}

extension VotersStore {
    // MARK: - Reading

    /// Voters in the register.
    public func voterCount() async throws -> Int {
        try await self.context.backend.withDatabase { try await $0.raw("SELECT COUNT(*) AS n FROM voters").first()?.int("n") ?? 0 }
    }

    /// The voter self-service answer: the number and address of the station where the voter
    /// votes, nothing else. Nil for an IIN on no list; an IIN that cannot exist is `invalid`.
    public func lookupPollingStation(iin text: String) async throws -> PollingStationLookup? {
        let iin = try Self.parseIIN(text)
        return try await self.context.backend.withDatabase { try await Self.pollingStation($0, iin) }?.station
    }

    /// The station a voter votes at (the list they are on instead of the home list, if any) and
    /// that station's kind, which decides when its list is open to the public.
    static func pollingStation(_ db: any SQLDatabase, _ iin: IIN) async throws -> (station: PollingStationLookup, kind: String)? {
        guard
            let row = try await db.raw(
                """
                SELECT v.home_status, v.away_precinct_id, p.kind, p.number, p.settlement_kk, p.settlement_ru, p.settlement_en,
                p.address_kk, p.address_ru, p.address_en FROM voters v
                JOIN precincts p ON p.id = COALESCE(v.away_precinct_id, v.home_precinct_id) WHERE v.iin = \(bind: iinKey(iin))
                """
            ).first()
        else { return nil }
        let station = PollingStationLookup(
            precinctNumber: try row.int("number"), settlement: try row.text("settlement"), address: try row.text("address"),
            holdsAbsenteeCertificate: try row.string("home_status") == "absentee" && row.optionalString("away_precinct_id") == nil)
        return (station, try row.string("kind"))
    }

    /// A voter's particulars, for commission roles of the voter's commission chain (home list, or
    /// the list they are on instead). Reading personal data is audited.
    public func voter(iin text: String, by principal: Principal) async throws -> VoterDetails {
        let iin = try Self.parseIIN(text)
        guard let details = try await self.context.backend.withDatabase({ try await Self.voter($0, iin) }) else {
            throw StoreError.notFound("voter with this IIN")
        }
        if let user = principal.user {
            var allowed = false
            for precinct in [details.homePrecinctID] + (details.awayPrecinctID.map { [$0] } ?? []) {
                let chain = try await self.context.commissionChain(precinct)
                if Permissions.allows(role: user.role, userCommission: user.commissionID, action: .readPersonalData, targetChain: chain) {
                    allowed = true
                }
            }
            guard allowed else {
                throw StoreError.forbidden(
                    "\(user.username) (\(user.role.rawValue) at \(user.commissionID)) may not read this voter's data")
            }
        }
        try await self.context.write(by: principal, action: "read-voter", subject: "precinct \(details.homePrecinctID)") { _ in }
        return details
    }

    /// Every entry of a precinct's list with its status, sorted by IIN (for commitments).
    func listEntries(_ db: any SQLDatabase, election: String, precinct: String) async throws -> [VoterListEntry] {
        let rows = try await db.raw(
            """
            SELECT v.iin, v.home_precinct_id, v.home_status, v.away_precinct_id, v.election_day_addition, c.serial
            FROM voters v LEFT JOIN absentee_certificates c ON c.iin = v.iin AND c.election_id = \(bind: election)
            WHERE v.home_precinct_id = \(bind: precinct) OR v.away_precinct_id = \(bind: precinct)
            """
        ).all()
        var entries: [VoterListEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            let iin = try Self.parseIIN(Self.iinText(try row.decode(column: "iin", as: Int64.self)))
            let home = try row.string("home_precinct_id")
            let status = try row.string("home_status")
            let away = try row.optionalString("away_precinct_id")
            let serial = try row.decodeNil(column: "serial") ? 0 : try row.int("serial")
            let entry: VoterListStatus
            if home == precinct {
                if try row.int("election_day_addition") == 1 {
                    entry = .addedOnElectionDay
                } else {
                    switch status {
                    case "special": entry = .excludedForSpecialStation(precinctID: away ?? "")
                    case "absentee": entry = .absenteeCertificateIssued(serial: serial)
                    default: entry = .active
                    }
                }
            } else {
                entry =
                    status == "absentee"
                    ? .addedByAbsenteeCertificate(serial: serial, homePrecinctID: home) : .includedFromHomeList(homePrecinctID: home)
            }
            entries.append(VoterListEntry(iin: iin, status: entry))
        }
        return entries.sorted { $0.iin.digits < $1.iin.digits }
    }

    /// The status of every entry on a precinct's list, for its commission (personal data).
    public func voterList(precinct: String, election: String? = nil, by principal: Principal) async throws -> [VoterListEntry] {
        if let user = principal.user { try await self.context.authorize(user, .readPersonalData, at: precinct) }
        let context = try await voterContext(election)
        return try await self.context.backend.withDatabase { db in
            try await self.listEntries(db, election: context.electionID, precinct: precinct)
        }
    }

    /// List sizes of every precinct under `commission` (default: all), with exclusions,
    /// certificates, election-day additions (flagged when unusually many) and ballots marked.
    public func listSizes(commission: String? = nil, election: String? = nil) async throws -> [PrecinctListSize] {
        let context = try await voterContext(election)
        let alertPercent = context.profile.calendar.electionDayAdditionAlertPercent
        let root = try await self.context.rootCommission(election: context.electionID)
        let scope = commission ?? root
        // The ballots-issued line of each counted protocol, from the in-memory tabulation.
        let protocolFigures = try await ResultsStore(context: self.context).ballotsIssuedOfCountedProtocols(election: context.electionID)
        return try await self.context.backend.withDatabase { db in
            var sizes: [String: PrecinctListSize] = [:]
            var order: [String] = []
            for row in try await db.raw(
                """
                SELECT p.id, p.number FROM commission_ancestors a JOIN precincts p ON p.id = a.commission_id
                WHERE a.ancestor_id = \(bind: scope) ORDER BY p.number, p.id
                """
            ).all() {
                let id = try row.string("id")
                order.append(id)
                sizes[id] = PrecinctListSize(
                    precinctID: id, number: try row.int("number"), homeEntries: 0, excludedForSpecialStation: 0,
                    absenteeCertificatesIssued: 0, electionDayAdditions: 0, includedFromHomeLists: 0, addedByAbsenteeCertificate: 0,
                    ballotsMarked: 0, additionsFlagged: false)
            }
            guard !order.isEmpty else { return [] }
            for row in try await db.raw(
                """
                SELECT v.home_precinct_id AS id, COUNT(*) AS n,
                SUM(CASE WHEN v.home_status = 'special' THEN 1 ELSE 0 END) AS special,
                SUM(CASE WHEN v.home_status = 'absentee' THEN 1 ELSE 0 END) AS absentee,
                SUM(v.election_day_addition) AS additions
                FROM voters v JOIN commission_ancestors a ON a.commission_id = v.home_precinct_id
                WHERE a.ancestor_id = \(bind: scope) GROUP BY v.home_precinct_id
                """
            ).all() {
                let id = try row.string("id")
                sizes[id]?.homeEntries = try row.int("n")
                sizes[id]?.excludedForSpecialStation = try row.int("special")
                sizes[id]?.absenteeCertificatesIssued = try row.int("absentee")
                sizes[id]?.electionDayAdditions = try row.int("additions")
            }
            for row in try await db.raw(
                """
                SELECT v.away_precinct_id AS id, v.home_status AS status, COUNT(*) AS n
                FROM voters v JOIN commission_ancestors a ON a.commission_id = v.away_precinct_id
                WHERE v.away_precinct_id IS NOT NULL AND a.ancestor_id = \(bind: scope) GROUP BY v.away_precinct_id, v.home_status
                """
            ).all() {
                let id = try row.string("id")
                if try row.string("status") == "special" {
                    sizes[id]?.includedFromHomeLists = try row.int("n")
                } else {
                    sizes[id]?.addedByAbsenteeCertificate = try row.int("n")
                }
            }
            for row in try await db.raw(
                """
                SELECT m.precinct_id AS id, COUNT(*) AS n FROM ballot_marks m JOIN commission_ancestors a ON a.commission_id = m.precinct_id
                WHERE m.election_id = \(bind: context.electionID) AND a.ancestor_id = \(bind: scope) GROUP BY m.precinct_id
                """
            ).all() {
                sizes[try row.string("id")]?.ballotsMarked = try row.int("n")
            }
            return order.compactMap { id in
                guard var size = sizes[id] else { return nil }
                if let counted = protocolFigures[id] {
                    size.protocolBallotsIssued = counted
                    if size.ballotsMarked > 0 { size.marksMinusProtocol = size.ballotsMarked - counted }
                }
                let before = size.homeEntries - size.electionDayAdditions
                size.additionsFlagged =
                    size.electionDayAdditions > 0
                    && (before == 0 || Double(size.electionDayAdditions) * 100 / Double(before) > alertPercent)
                return size
            }
        }
    }

    /// `voter-list-event` payload, sorted keys, absent values null:
    /// `{"count":N,"electionID":…,"event":…,"otherPrecinctID":…,"precinctID":…,"serial":N}`.
    public static func voterListEventPayload(election: String?, kind: String, precinct: String?, other: String?, serial: Int?, count: Int?)
        -> String
    {
        "{\"count\":\(count.map(String.init) ?? "null"),\"electionID\":\(election.map(Canonical.jsonString) ?? "null"),"
            + "\"event\":\(Canonical.jsonString(kind)),\"otherPrecinctID\":\(other.map(Canonical.jsonString) ?? "null"),"
            + "\"precinctID\":\(precinct.map(Canonical.jsonString) ?? "null"),\"serial\":\(serial.map(String.init) ?? "null")}"
    }

    /// `voter-list-commitment` payload: `{"electionID":…,"entries":N,"precinctID":…,"root":"<hex>"}`.
    public static func voterListCommitmentPayload(election: String, precinct: String, entries: Int, root: String) -> String {
        "{\"electionID\":\(Canonical.jsonString(election)),\"entries\":\(entries),\"precinctID\":\(Canonical.jsonString(precinct)),\"root\":\(Canonical.jsonString(root))}"
    }

    /// `absentee-allocation` payload: `{"count":N,"electionID":…,"from":…|null,"serials":"1-100","to":…}`.
    public static func absenteeAllocationPayload(election: String, from: String?, to: String, serials: String, count: Int) -> String {
        "{\"count\":\(count),\"electionID\":\(Canonical.jsonString(election)),\"from\":\(from.map(Canonical.jsonString) ?? "null"),"
            + "\"serials\":\(Canonical.jsonString(serials)),\"to\":\(Canonical.jsonString(to))}"
    }

    /// An IIN as the register accepts it, or `invalid` naming the rule it breaks.
    public static func validIIN(_ text: String) throws -> IIN { try parseIIN(text) }

    // MARK: - Finalisation

    /// Finalises a precinct's list: its salted commitment (`VoterListCommitment`) goes to the log,
    /// so a later edit of the list is detectable without publishing it. A special station's list
    /// is finalised no earlier than the profile's day and takes no moves after.
    @discardableResult
    public func finaliseList(
        precinct: String, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws -> VoterListCommitment {
        try await authorizeListWrite(principal, at: precinct)
        let context = try await voterContext(election)
        let kind = try await precinctKind(precinct)
        if context.profile.specialStationKinds.contains(where: { $0.id == kind }) {
            let day = context.electionDay.adding(days: -context.profile.calendar.specialListFinalisedDaysBefore)
            if time.date < day { throw Self.refusal(.finalisationTooEarly(from: day)) }
        }
        let salt = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let commitment = try await self.context.write(by: principal, action: "finalise-voter-list", subject: "precinct \(precinct)") {
            db, log in
            if try await db.raw(
                "SELECT precinct_id FROM voter_list_commitments WHERE election_id = \(bind: context.electionID) AND precinct_id = \(bind: precinct)"
            ).first() != nil {
                throw Self.refusal(.specialListFinalised(precinctID: precinct))
            }
            let entries = try await self.listEntries(db, election: context.electionID, precinct: precinct)
            let commitment: VoterListCommitment
            do {
                commitment = try VoterListCommitment(precinctID: precinct, entries: entries, salt: salt)
            } catch {
                throw StoreError.invalid("list of \(precinct) cannot be committed: \(error)")
            }
            let index = try await log.append([
                LogEntry(
                    type: LogEntryType.voterListCommitment, subject: "\(context.electionID)/\(precinct)",
                    payload: Self.voterListCommitmentPayload(
                        election: context.electionID, precinct: precinct, entries: commitment.entryCount, root: commitment.rootHex))
            ])[0]
            try await db.insertRows(
                "voter_list_commitments",
                ["election_id", "precinct_id", "entry_count", "root", "salt", "finalised_by", "finalised_at", "log_index"],
                [
                    [
                        context.electionID, precinct, commitment.entryCount, commitment.rootHex, Hex.encode(salt), principal.name,
                        time.description, index,
                    ]
                ])
            return commitment
        }
        return commitment
    }

    /// Whether a finalised list still matches its logged commitment (recomputed with the stored salt).
    public func listMatchesCommitment(precinct: String, election: String? = nil) async throws -> Bool {
        let context = try await voterContext(election)
        return try await self.context.backend.withDatabase { db in
            guard
                let row = try await db.raw(
                    "SELECT root, salt FROM voter_list_commitments WHERE election_id = \(bind: context.electionID) AND precinct_id = \(bind: precinct)"
                ).first()
            else { throw StoreError.notFound("commitment of the list of \(precinct)") }
            guard let salt = Hex.decode(try row.string("salt")) else { return false }
            let entries = try await self.listEntries(db, election: context.electionID, precinct: precinct)
            let now = try? VoterListCommitment(precinctID: precinct, entries: entries, salt: Array(salt))
            return now?.rootHex == (try row.string("root"))
        }
    }

}
