import Foundation
import HattamaCore
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

extension HattamaStore {
    struct VoterContext: Sendable {
        var electionID: String
        var electionDay: CivilDate
        var profile: LawProfile
    }

    /// The election the register serves: `id`, or the one with the latest election day. A public
    /// lookup starts here, so an election's context is read once (elections are insert-only) and
    /// only "which is the latest" is asked each time.
    func voterContext(_ id: String?) async throws -> VoterContext {
        let electionID: String
        if let id {
            electionID = id
        } else {
            guard let latest = try await latestElection() else {
                throw StoreError.notFound("election (import an election structure first)")
            }
            electionID = latest.id
        }
        if let cached = voterContexts.withLock({ $0[electionID] }) { return cached }
        let election = try await self.election(electionID)
        guard let day = CivilDate(parsing: election.electionDay) else {
            throw StoreError.invalid("election '\(electionID)': election day '\(election.electionDay)' is not a date")
        }
        let context = VoterContext(electionID: electionID, electionDay: day, profile: try await profile(forElection: electionID))
        voterContexts.withLock { $0[electionID] = context }
        return context
    }

    /// The IIN as the register keys it: 12 digits as one 64-bit integer (leading zeros of
    /// 2000s births are restored by `iinText`).
    static func iinKey(_ iin: IIN) -> Int64 { iin.digits.utf8.reduce(Int64(0)) { $0 * 10 + Int64($1 - 48) } }

    static func iinText(_ key: Int64) -> String {
        let digits = String(key)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    static func parseIIN(_ text: String) throws -> IIN {
        do {
            return try IIN(text.trimmingCharacters(in: .whitespaces))
        } catch {
            let rule =
                switch error {
                case .notTwelveDigits: "must be exactly 12 digits"
                case .unassignedCenturyDigit(let d): "century/sex digit \(d) is not assigned"
                case .invalidBirthDate: "does not start with a valid date YYMMDD"
                case .neverIssued: "cannot exist (both check-digit passes give 10)"
                case .wrongCheckDigit(let e, let f): "check digit is \(f), expected \(e)"
                }
            throw StoreError.invalid("IIN \(rule)")
        }
    }

    /// List writes: the CEC administrator anywhere below, or the commission's own secretary.
    func authorizeListWrite(_ principal: Principal, at commissionID: String) async throws {
        guard let user = principal.user else { return }
        let chain = try await commissionChain(commissionID)
        guard !chain.isEmpty else { throw StoreError.notFound("commission '\(commissionID)'") }
        if Permissions.allows(role: user.role, userCommission: user.commissionID, action: .manageStructure, targetChain: chain)
            || Permissions.allows(role: user.role, userCommission: user.commissionID, action: .recordDecision, targetChain: chain)
        {
            return
        }
        throw StoreError.forbidden(
            "\(user.username) (\(user.role.rawValue) at \(user.commissionID)) may not change voter lists at \(commissionID)")
    }

    // MARK: - Import

    /// Imports a list as a local executive body delivered it (`VoterListParser`'s CSV) for the
    /// precincts of `commission` (a PEC, or a TEC for all PECs below it). All or nothing: any
    /// problem in the file, or any IIN already on another list or listed with other particulars,
    /// refuses the whole list with line numbers (`VoterImportFailure`) and changes nothing; an
    /// identical row is a re-delivery and is kept as it is. Rows are checked and written in
    /// batches inside one transaction; `progress` gets bytes read and the file's size.
    @discardableResult
    public func importVoterList(
        _ bytes: [UInt8], commission commissionID: String, election electionID: String? = nil, by principal: Principal,
        progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) async throws -> VoterImportSummary {
        do {
            return try await importVoterLists(
                [VoterListDelivery(commission: commissionID, bytes: bytes)], election: electionID, by: principal, progress: progress)[0]
        } catch let refusal as VoterListsImportFailure {
            throw refusal.failure
        }
    }

    /// Imports several delivered lists (e.g. one per region) in one transaction, all or nothing:
    /// the first refused list (`VoterListsImportFailure`: which list, then line and field, or the
    /// conflicting IINs) leaves the register as it was. Each list is checked as `importVoterList`
    /// checks it, against the register and the lists before it in the call; each gets its own
    /// event and audit record. One transaction saves a commit and a page-cache warm-up per list,
    /// and into an empty register the precinct index is built once at the end.
    /// `progress` gets bytes read and the size of all lists together.
    @discardableResult
    public func importVoterLists(
        _ lists: [VoterListDelivery], election electionID: String? = nil, by principal: Principal,
        progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) async throws -> [VoterImportSummary] {
        guard !lists.isEmpty else { return [] }
        for commissionID in Set(lists.map(\.commissionID)).sorted() { try await authorizeListWrite(principal, at: commissionID) }
        let context = try await voterContext(electionID)
        let structure = try await electionStructure(election: context.electionID)
        var checked: [VoterListParser] = []
        for list in lists {
            guard structure.commissions.contains(where: { $0.id == list.commissionID }) else {
                throw StoreError.notFound("commission '\(list.commissionID)' in election '\(context.electionID)'")
            }
            guard let parser = VoterListParser(structure: structure, commissionID: list.commissionID) else {
                throw StoreError.invalid(
                    "commission '\(list.commissionID)': two of its precincts share a number, so list rows would be ambiguous")
            }
            checked.append(parser)
        }
        let parsers = checked
        let total = lists.reduce(0) { $0 + $1.bytes.count }
        // Back to the store's page cache and no sorter threads (the import changes both), whatever the outcome.
        func resetCache() async {
            if !backend.isPostgres {
                try? await backend.withDatabase { db in
                    try await db.raw(SQLQueryString(Backend.sqliteCacheSizePragma)).run()
                    try await db.raw("PRAGMA threads = 0").run()
                }
            }
        }
        // Into an empty register the lists are first tried the fast way: rows appended without the
        // IIN's unique index (and, on PostgreSQL, without the foreign keys that check every row),
        // which is built once at the end (`FastVoterImport`). If that build finds an IIN twice (on
        // two lists, since the parser refuses repeats within one), everything is rolled back and
        // the lists are imported again with the index in place, which finds the rows and reports
        // them by list and line.
        var fast = try await voterCount() == 0
        let summaries: [VoterImportSummary]
        do {
            while true {
                do {
                    summaries = try await importLists(
                        lists, parsers: parsers, context: context, by: principal, fast: fast
                    ) { read in progress?(read, total) }
                    break
                } catch is FastImportAbandoned where fast {
                    fast = false
                }
            }
        } catch {
            await resetCache()
            throw error
        }
        await resetCache()
        await signTreeHeadAfterBatch()
        return summaries
    }

    /// `importVoterLists` fast (see there) without the `FastImportAbandoned` fallback, or with the
    /// IIN's unique index maintained row by row.
    private func importLists(
        _ lists: [VoterListDelivery], parsers: [VoterListParser], context: VoterContext, by principal: Principal, fast: Bool,
        progress: @escaping @Sendable (_ bytesRead: Int) -> Void
    ) async throws -> [VoterImportSummary] {
        try await backend.bulkTransaction(foreignKeys: !fast) { db, connection in
            let ddl = FastVoterImport(postgres: backend.isPostgres)
            // Nobody else writes voters until this commits (SQLite's BEGIN IMMEDIATE locks the file).
            for statement in ddl.lock where fast { try await db.raw(SQLQueryString(statement)).run() }
            let existing = try await db.raw("SELECT COUNT(*) AS n FROM voters").first()?.int("n") ?? 0
            // Into an empty register one index build at the end beats maintaining it row by row.
            let fresh = existing == 0
            // Another process may have imported since the count that chose the fast way.
            if fast && !fresh { throw FastImportAbandoned() }
            if fresh { try await db.raw("DROP INDEX voters_home").run() }
            for statement in ddl.before where fast { try await db.raw(SQLQueryString(statement)).run() }
            if case .sqlite = connection, !fast {
                // Rows are appended in arrival order; the IIN index, kept on this way, takes each row at
                // a random place: a page cache that holds it (and the table's newest pages) saves
                // re-reading them (1 GiB at most; SQLite allocates it only as used).
                try await db.raw("PRAGMA cache_size = -1048576").run()
            }
            var summaries: [VoterImportSummary] = []
            var registerEmpty = fresh
            var bytesBefore = 0
            for (index, list) in lists.enumerated() {
                let summary: VoterImportSummary
                do {
                    summary = try await Self.importList(
                        db, connection, list, parser: parsers[index], registerEmpty: registerEmpty || fast
                    ) { read in progress(bytesBefore + read) }
                } catch let failure as VoterImportFailure {
                    throw VoterListsImportFailure(list: index, commissionID: list.commissionID, failure: failure)
                }
                bytesBefore += list.bytes.count
                registerEmpty = registerEmpty && summary.added == 0
                try await Self.recordListEvent(
                    db, LogAppender(db: db), election: context.electionID, iin: nil, kind: "list-imported", precinct: list.commissionID,
                    count: summary.added, detail: "\(summary.rows) rows, \(summary.added) added, \(summary.unchanged) unchanged",
                    by: principal, logged: true)
                try await Self.appendAudit(
                    db, actor: principal, action: "import-voter-list", subject: "commission \(list.commissionID)",
                    details: ["rows": String(summary.rows), "added": String(summary.added), "unchanged": String(summary.unchanged)])
                summaries.append(summary)
            }
            if case .sqlite = connection, fresh {
                // SQLite's CREATE INDEX sorts in runs of the page cache's size, with worker threads when
                // allowed: small runs sorted on every core beat one sort of 9 million keys (both indexes of
                // the full register: 5.8 s with a 4 MB cache and 2 threads, 17.4 s with 1 GiB and none).
                try await db.raw("PRAGMA cache_size = -4096").run()
                let threads = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
                try await db.raw("PRAGMA threads = \(unsafeRaw: String(threads))").run()
            }
            if fresh { try await db.raw("CREATE INDEX voters_home ON voters(home_precinct_id)").run() }
            if fast {
                do {
                    try await db.raw(SQLQueryString(ddl.uniqueIIN)).run()
                } catch {
                    throw FastImportAbandoned()
                }
                // The foreign keys not checked row by row: every home precinct (read from the precinct
                // index just built), then what the backend checks itself.
                let unknown =
                    try await db.raw(
                        """
                        SELECT COUNT(*) AS n FROM (SELECT DISTINCT home_precinct_id AS id FROM voters) v
                        WHERE NOT EXISTS (SELECT 1 FROM precincts p WHERE p.id = v.id)
                        """
                    ).first()?.int("n") ?? 0
                guard unknown == 0 else {
                    throw StoreError.invalid("voter lists name \(unknown) precincts that do not exist: nothing was imported")
                }
                for statement in ddl.after { try await db.raw(SQLQueryString(statement)).run() }
                if case .sqlite = connection, try await !db.raw("PRAGMA foreign_key_check(voter_list_events)").all().isEmpty {
                    throw StoreError.invalid("voter list events name an election or commission that does not exist: nothing was imported")
                }
            }
            return summaries
        }
    }

    /// Checks and writes one list inside the import transaction; throws `VoterImportFailure`.
    /// `registerEmpty`: no voter is stored yet, so nothing can conflict (the parser refuses repeats
    /// within the file) and rows go in without a look at the register.
    private static func importList(
        _ db: any SQLDatabase, _ connection: BulkConnection, _ list: VoterListDelivery, parser: VoterListParser, registerEmpty: Bool,
        progress: (_ bytesRead: Int) -> Void
    ) async throws -> VoterImportSummary {
        var batches = parser.batches(list.bytes)
        var rows = 0
        var added = 0
        var unchanged = 0
        var conflicts: [VoterListConflict] = []
        func nextBatch() throws -> VoterRowBatch? {
            guard let batch = batches.nextBatch(maxRows: 8192) else { return nil }
            rows += batch.count
            progress(batches.bytesRead)
            // After the first problem, rows are only checked, so that every problem is reported.
            return batches.totalProblems == 0 && conflicts.isEmpty ? batch : VoterRowBatch()
        }
        switch (connection, registerEmpty) {
        case (.postgres(let pg), true):
            try await VoterRowWriter.postgresCopy(pg) {
                let batch = try nextBatch()
                added += batch?.count ?? 0
                return batch?.rows
            }
        case (.sqlite(let sqlite), _):
            // Two cores at work: the next batch is read and checked while SQLite writes this one.
            let inserter = try SQLiteRowInserter(sqlite, skipExisting: !registerEmpty)
            var next = try nextBatch()
            while let batch = next {
                guard !batch.isEmpty else {
                    next = try nextBatch()
                    continue
                }
                // Rows already stored are skipped by the IIN's unique index; only when some were is the
                // batch compared with the register (re-delivery or conflict), so the common case costs
                // no extra lookups.
                async let written = VoterRowWriter.sqliteInsert(sqlite, batch, inserter: inserter, skipExisting: !registerEmpty)
                next = try nextBatch()
                let inserted = try await written
                if inserted < batch.count {
                    _ = try await withoutListed(db, batch.rows, conflicts: &conflicts)
                    unchanged += batch.count - inserted
                }
                added += inserted
            }
        case (.postgres(let pg), false):
            while let batch = try nextBatch() {
                guard !batch.isEmpty else { continue }
                let kept = try await withoutListed(db, batch.rows, conflicts: &conflicts)
                unchanged += batch.count - kept.count
                guard conflicts.isEmpty, !kept.isEmpty else { continue }
                var pending: [VoterListRow]? = kept
                try await VoterRowWriter.postgresCopy(pg) {
                    defer { pending = nil }
                    return pending
                }
                added += kept.count
            }
        }
        if let error = batches.error { throw VoterImportFailure.problems(error) }
        if !conflicts.isEmpty { throw VoterImportFailure.conflicts(VoterListConflicts(conflicts: conflicts)) }
        return VoterImportSummary(commissionID: list.commissionID, rows: rows, added: added, unchanged: unchanged)
    }

    /// The rows of `batch` not yet in the register. Rows identical to the stored voter are dropped
    /// (re-delivery); any other IIN already stored is a conflict.
    static func withoutListed(_ db: any SQLDatabase, _ batch: [VoterListRow], conflicts: inout [VoterListConflict]) async throws
        -> [VoterListRow]
    {
        var stored: [Int64: VoterDetails] = [:]
        for chunk in batch.chunked(1000) {
            let keys = chunk.map { String(iinKey($0.record.iin)) }.joined(separator: ",")
            // Keys are our own integers, so they are written inline.
            for row in try await db.raw("SELECT \(unsafeRaw: voterColumns) FROM voters WHERE iin IN (\(unsafeRaw: keys))").all() {
                let details = try voterDetails(row)
                stored[Int64(details.iin) ?? 0] = details
            }
        }
        guard !stored.isEmpty else { return batch }
        var kept: [VoterListRow] = []
        for row in batch {
            let r = row.record
            guard let existing = stored[iinKey(r.iin)] else {
                kept.append(row)
                continue
            }
            let same =
                existing.homePrecinctID == r.homePrecinctID && existing.surname == r.surname && existing.givenName == r.givenName
                && existing.patronymic == r.patronymic && existing.birthDate == r.birthDate.description
                && existing.settlement == r.settlement && existing.address == r.address
            if !same {
                conflicts.append(
                    VoterListConflict(
                        iin: r.iin.digits, line: row.line, listedAt: existing.homePrecinctID, attemptedAt: r.homePrecinctID,
                        differentParticulars: existing.homePrecinctID == r.homePrecinctID))
            }
        }
        return kept
    }

    static let voterColumns =
        "iin, surname, given_name, patronymic, birth_date, settlement, address, home_precinct_id, home_status, away_precinct_id, election_day_addition"

    static func voterDetails(_ row: any SQLRow) throws -> VoterDetails {
        VoterDetails(
            iin: iinText(try row.decode(column: "iin", as: Int64.self)), surname: try row.string("surname"),
            givenName: try row.string("given_name"), patronymic: try row.string("patronymic"), birthDate: try row.string("birth_date"),
            settlement: try row.string("settlement"), address: try row.string("address"),
            homePrecinctID: try row.string("home_precinct_id"), homeStatus: try row.string("home_status"),
            awayPrecinctID: try row.optionalString("away_precinct_id"), addedOnElectionDay: try row.int("election_day_addition") == 1)
    }

    static func voter(_ db: any SQLDatabase, _ iin: IIN) async throws -> VoterDetails? {
        try await db.raw("SELECT \(unsafeRaw: voterColumns) FROM voters WHERE iin = \(bind: iinKey(iin))").first().map(voterDetails)
    }

    // MARK: - Reading

    /// Voters in the register.
    public func voterCount() async throws -> Int {
        try await backend.withDatabase { try await $0.raw("SELECT COUNT(*) AS n FROM voters").first()?.int("n") ?? 0 }
    }

    /// The voter self-service answer: the number and address of the station where the voter
    /// votes, nothing else. Nil for an IIN on no list; an IIN that cannot exist is `invalid`.
    public func lookupPollingStation(iin text: String) async throws -> PollingStationLookup? {
        let iin = try Self.parseIIN(text)
        return try await backend.withDatabase { try await Self.pollingStation($0, iin) }?.station
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
        guard let details = try await backend.withDatabase({ try await Self.voter($0, iin) }) else {
            throw StoreError.notFound("voter with this IIN")
        }
        if let user = principal.user {
            var allowed = false
            for precinct in [details.homePrecinctID] + (details.awayPrecinctID.map { [$0] } ?? []) {
                let chain = try await commissionChain(precinct)
                if Permissions.allows(role: user.role, userCommission: user.commissionID, action: .readPersonalData, targetChain: chain) {
                    allowed = true
                }
            }
            guard allowed else {
                throw StoreError.forbidden(
                    "\(user.username) (\(user.role.rawValue) at \(user.commissionID)) may not read this voter's data")
            }
        }
        try await write(by: principal, action: "read-voter", subject: "precinct \(details.homePrecinctID)") { _ in }
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
        if let user = principal.user { try await authorize(user, .readPersonalData, at: precinct) }
        let context = try await voterContext(election)
        return try await backend.withDatabase { db in try await self.listEntries(db, election: context.electionID, precinct: precinct) }
    }

    /// List sizes of every precinct under `commission` (default: all), with exclusions,
    /// certificates, election-day additions (flagged when unusually many) and ballots marked.
    public func listSizes(commission: String? = nil, election: String? = nil) async throws -> [PrecinctListSize] {
        let context = try await voterContext(election)
        let alertPercent = context.profile.calendar.electionDayAdditionAlertPercent
        let root = try await rootCommission(election: context.electionID)
        let scope = commission ?? root
        // The ballots-issued line of each counted protocol, from the in-memory tabulation.
        let runtime = try await runtime(election: context.electionID)
        let protocolFigures: [String: Int] = runtime.state.withLock { state in
            var figures: [String: Int] = [:]
            for id in state.recordedVersion.keys {
                if let summary = state.tabulation.summary(of: id), summary.progress.accepted > 0 { figures[id] = summary.ballotsIssued }
            }
            return figures
        }
        return try await backend.withDatabase { db in
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

    // MARK: - Events and the log

    /// Records an act on the lists; when `logged`, its public part (never the IIN or the detail)
    /// goes to the transparency log in the same transaction.
    @discardableResult
    static func recordListEvent(
        _ db: any SQLDatabase, _ log: LogAppender, election: String?, iin: IIN?, kind: String, precinct: String?,
        other: String? = nil, serial: Int? = nil, count: Int? = nil, detail: String, by principal: Principal, logged: Bool
    ) async throws -> Int? {
        var index: Int?
        if logged {
            let entry = LogEntry(
                type: LogEntryType.voterListEvent, subject: "\(election ?? "-")/\(precinct ?? "-")/\(kind)",
                payload: voterListEventPayload(
                    election: election, kind: kind, precinct: precinct, other: other, serial: serial, count: count))
            index = try await log.append([entry]).first
        }
        try await db.insertRows(
            "voter_list_events",
            [
                "election_id", "iin", "kind", "precinct_id", "other_precinct_id", "serial", "count", "detail", "recorded_by", "recorded_at",
                "log_index",
            ],
            [[election, iin.map(iinKey), kind, precinct, other, serial, count, detail, principal.name, Timestamp.now(), index]])
        return index
    }

    /// `voter-list-event` payload, sorted keys, absent values null:
    /// `{"count":N,"electionID":…,"event":…,"otherPrecinctID":…,"precinctID":…,"serial":N}`.
    public static func voterListEventPayload(election: String?, kind: String, precinct: String?, other: String?, serial: Int?, count: Int?)
        -> String
    {
        "{\"count\":\(count.map(String.init) ?? "null"),\"electionID\":\(election.map(jsonString) ?? "null"),"
            + "\"event\":\(jsonString(kind)),\"otherPrecinctID\":\(other.map(jsonString) ?? "null"),"
            + "\"precinctID\":\(precinct.map(jsonString) ?? "null"),\"serial\":\(serial.map(String.init) ?? "null")}"
    }

    /// `voter-list-commitment` payload: `{"electionID":…,"entries":N,"precinctID":…,"root":"<hex>"}`.
    public static func voterListCommitmentPayload(election: String, precinct: String, entries: Int, root: String) -> String {
        "{\"electionID\":\(jsonString(election)),\"entries\":\(entries),\"precinctID\":\(jsonString(precinct)),\"root\":\(jsonString(root))}"
    }

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
        let commitment = try await write(by: principal, action: "finalise-voter-list", subject: "precinct \(precinct)") { db, log in
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
        return try await backend.withDatabase { db in
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

    func precinctKind(_ id: String) async throws -> String {
        guard
            let kind = try await backend.withDatabase({ db in
                try await db.raw("SELECT kind FROM precincts WHERE id = \(bind: id)").first()?.string("kind")
            })
        else { throw StoreError.notFound("precinct '\(id)'") }
        return kind
    }

    static func isFinalised(_ db: any SQLDatabase, election: String, precinct: String) async throws -> Bool {
        try await db.raw(
            "SELECT precinct_id FROM voter_list_commitments WHERE election_id = \(bind: election) AND precinct_id = \(bind: precinct)"
        ).first() != nil
    }

    // MARK: - Refusals

    static func refusal(_ refusal: VoterRegisterRefusal) -> StoreError {
        switch refusal {
        case .unknownPrecinct(let p): .notFound("precinct '\(p)'")
        case .unknownVoter: .notFound("voter with this IIN")
        case .notASpecialStation(let p, let kind): .invalid("precinct '\(p)' is a \(kind) station, not a special one")
        case .alreadyOnSpecialList(let p): .conflict("the voter is already on the list of special station '\(p)'")
        case .notOnSpecialList: .conflict("the voter is on no special station's list")
        case .specialListFinalised(let p): .conflict("the list of '\(p)' is finalised")
        case .specialListDeadlinePassed(let day): .conflict("special lists take changes only until \(day)")
        case .finalisationTooEarly(let day): .conflict("a special list may be finalised from \(day) on")
        case .notOnThisList(let p): .conflict("the voter is not on the list of '\(p)'")
        case .excludedForSpecialStation(let p):
            .conflict("the voter is temporarily excluded from this list: they are on the list of special station '\(p)'")
        case .absenteeCertificateIssued(let serial): .conflict("the voter took absentee certificate \(serial)")
        case .alreadyOnList(let p): .conflict("the voter is already on the list of '\(p)'")
        case .ballotAlreadyIssued(let p): .conflict("a ballot was already issued to the voter at '\(p)'")
        case .notElectionDay: .conflict("only on election day")
        case .homeListNotEligible(let p): .conflict("the voter was added on election day at '\(p)'")
        }
    }
}

extension SQLDatabase {
    /// `insertRows` for voter rows (the PostgreSQL path of imports into a non-empty register).
    func insertRows(_ columns: [String], _ rows: ArraySlice<VoterListRow>) async throws {
        try await insertRows(
            "voters", columns,
            rows.map { row -> [(any Encodable & Sendable)?] in
                let r = row.record
                return [
                    HattamaStore.iinKey(r.iin), r.surname, r.givenName, r.patronymic, r.birthDate.description, r.settlement, r.address,
                    r.homePrecinctID,
                ]
            })
    }
}
