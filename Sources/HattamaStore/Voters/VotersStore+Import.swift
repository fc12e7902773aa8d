import Foundation
import HattamaCore
import HattamaInterchange
import HattamaLedger
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

extension VotersStore {
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
        let structure = try await self.context.electionStructure(election: context.electionID)
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
            if !self.context.backend.isPostgres {
                try? await self.context.backend.withDatabase { db in
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
        await self.context.signTreeHeadAfterBatch()
        return summaries
    }

    /// `importVoterLists` fast (see there) without the `FastImportAbandoned` fallback, or with the
    /// IIN's unique index maintained row by row.
    private func importLists(
        _ lists: [VoterListDelivery], parsers: [VoterListParser], context: VoterContext, by principal: Principal, fast: Bool,
        progress: @escaping @Sendable (_ bytesRead: Int) -> Void
    ) async throws -> [VoterImportSummary] {
        try await self.context.backend.bulkTransaction(foreignKeys: !fast) { db, connection in
            let ddl = FastVoterImport(postgres: self.context.backend.isPostgres)
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
                    // The figures go to the audit record below as data; the event keeps no sentence.
                    count: summary.added, detail: "",
                    by: principal, logged: true)
                try await AuditTrail.append(
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
}

extension SQLDatabase {
    /// `insertRows` for voter rows (the PostgreSQL path of imports into a non-empty register).
    func insertRows(_ columns: [String], _ rows: ArraySlice<VoterListRow>) async throws {
        try await insertRows(
            "voters", columns,
            rows.map { row -> [(any Encodable & Sendable)?] in
                let r = row.record
                return [
                    VotersStore.iinKey(r.iin), r.surname, r.givenName, r.patronymic, r.birthDate.description, r.settlement, r.address,
                    r.homePrecinctID,
                ]
            })
    }
}

/// Writes voter rows as fast as each backend allows.
struct VoterRowWriter {
    static let columns = ["iin", "surname", "given_name", "patronymic", "birth_date", "settlement", "address", "home_precinct_id"]
    /// Rows per SQLite INSERT: 8 binds each stays under SQLite's 32,766 variables.
    static let sqliteRowsPerStatement = 2000

    /// Inserts the batch and returns how many rows were new; with `skipExisting`, rows whose IIN
    /// is stored already are left out (INSERT … ON CONFLICT DO NOTHING) instead of failing. With
    /// an inserter (see there) from its prepared statement, else in multi-row INSERTs.
    static func sqliteInsert(
        _ connection: SQLiteConnection, _ batch: VoterRowBatch, inserter: SQLiteRowInserter?, skipExisting: Bool
    ) async throws -> Int {
        if let inserter { return try await inserter.insert(batch) }
        return try await sqliteInsert(connection, batch.rows[...], skipExisting: skipExisting)
    }

    /// Inserts the rows and returns how many were new; with `skipExisting`, rows whose IIN is
    /// stored already are left out (INSERT … ON CONFLICT DO NOTHING) instead of failing.
    @discardableResult
    static func sqliteInsert(_ connection: SQLiteConnection, _ rows: ArraySlice<VoterListRow>, skipExisting: Bool = false) async throws
        -> Int
    {
        var start = rows.startIndex
        var inserted = 0
        while start < rows.endIndex {
            let end = min(start + sqliteRowsPerStatement, rows.endIndex)
            let chunk = rows[start..<end]
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns.count)
            for row in chunk {
                let r = row.record
                binds.append(.integer(Int(VotersStore.iinKey(r.iin))))
                binds.append(.text(r.surname))
                binds.append(.text(r.givenName))
                binds.append(.text(r.patronymic))
                binds.append(.text(r.birthDate.description))
                binds.append(.text(r.settlement))
                binds.append(.text(r.address))
                binds.append(.text(r.homePrecinctID))
            }
            let sql = insertSQL(rows: chunk.count) + (skipExisting ? " ON CONFLICT (iin) DO NOTHING" : "")
            try await connection.query(sql, binds) { _ in }
            if skipExisting {
                let changes = try await connection.sql().raw("SELECT changes() AS n").first()?.decode(column: "n", as: Int.self) ?? 0
                inserted += changes
            } else {
                inserted += chunk.count
            }
            start = end
        }
        return inserted
    }

    private static let fullInsertSQL = makeInsertSQL(rows: sqliteRowsPerStatement)

    static func insertSQL(rows: Int) -> String { rows == sqliteRowsPerStatement ? fullInsertSQL : makeInsertSQL(rows: rows) }

    private static func makeInsertSQL(rows: Int) -> String {
        var sql = "INSERT INTO voters (" + columns.joined(separator: ", ") + ") VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * 18)
        for i in 0..<rows { sql += i == 0 ? "(?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?)" }
        return sql
    }

    /// PostgreSQL COPY text format: one line per row, tab-separated, backslash escapes.
    static func copyText(_ rows: [VoterListRow]) -> String {
        var text = ""
        text.reserveCapacity(rows.count * 160)
        for row in rows {
            let r = row.record
            text += String(VotersStore.iinKey(r.iin))
            for field in [r.surname, r.givenName, r.patronymic, r.birthDate.description, r.settlement, r.address, r.homePrecinctID] {
                text += "\t"
                appendEscaped(field, to: &text)
            }
            text += "\n"
        }
        return text
    }

    private static func appendEscaped(_ field: String, to text: inout String) {
        guard field.utf8.contains(where: { $0 == 0x5C || $0 < 0x20 }) else {
            text += field
            return
        }
        for scalar in field.unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\t": text += "\\t"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            default: text.unicodeScalars.append(scalar)
            }
        }
    }

    static func postgresCopy(_ connection: PostgresConnection, next: () async throws -> [VoterListRow]?) async throws {
        try await connection.copyFrom(table: "voters", columns: columns, logger: connection.logger) { writer in
            while let rows = try await next() {
                guard !rows.isEmpty else { continue }
                try await writer.write(ByteBuffer(string: copyText(rows)))
            }
        }
    }
}

/// One delivered voter list for `VotersStore.importVoterLists`: the CSV and the commission it is for.
public struct VoterListDelivery: Sendable {
    public var commissionID: String
    public var bytes: [UInt8]

    public init(commission: String, bytes: [UInt8]) {
        self.commissionID = commission
        self.bytes = bytes
    }
}

/// A multi-list import was refused because of one list; nothing of any list was stored.
public struct VoterListsImportFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// Position of the refused list in the call (0-based).
    public var list: Int
    public var commissionID: String
    public var failure: VoterImportFailure

    public var description: String { "list \(list + 1) (commission \(commissionID)): \(failure.description)" }
}

/// What an import into an empty register drops before the load and restores after it, per
/// backend. SQLite: the IIN's unique index, which it lets go only with foreign keys off for the
/// transaction (the absentee certificates' key points at it). PostgreSQL: the primary key and
/// the foreign keys that would be checked for every row (a trigger each), re-added at the end,
/// where each is checked by one query over the table; its DDL is transactional, so a rollback
/// restores them, and the tables are locked for the transaction. The names are those migration 5
/// gave them (a store test compares the constraints before and after an import).
struct FastVoterImport {
    var lock: [String]
    var before: [String]
    /// Restores one voter, one list; fails when an IIN is on two lists.
    var uniqueIIN: String
    var after: [String]

    init(postgres: Bool) {
        if postgres {
            lock = ["LOCK TABLE voters, absentee_certificates IN ACCESS EXCLUSIVE MODE"]
            before = [
                "ALTER TABLE absentee_certificates DROP CONSTRAINT absentee_certificates_iin_fkey",
                "ALTER TABLE voters DROP CONSTRAINT voters_home_precinct_id_fkey",
                "ALTER TABLE voters DROP CONSTRAINT voters_pkey",
            ]
            uniqueIIN = "ALTER TABLE voters ADD CONSTRAINT voters_pkey PRIMARY KEY (iin)"
            after = [
                "ALTER TABLE voters ADD CONSTRAINT voters_home_precinct_id_fkey FOREIGN KEY (home_precinct_id) REFERENCES precincts(id)",
                "ALTER TABLE absentee_certificates ADD CONSTRAINT absentee_certificates_iin_fkey FOREIGN KEY (iin) REFERENCES voters(iin)",
                // Fresh statistics for the planner: the table went from empty to the whole register.
                "ANALYZE voters",
            ]
        } else {
            lock = []
            before = ["DROP INDEX voters_iin"]
            uniqueIIN = "CREATE UNIQUE INDEX voters_iin ON voters(iin)"
            after = []
        }
    }
}

/// The fast way of an import into an empty register met an IIN twice (or a concurrent import):
/// it was rolled back, and the lists are imported again with the IIN's unique index in place.
struct FastImportAbandoned: Error {}
