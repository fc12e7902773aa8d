import Foundation
import HattamaCore
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The raw connection under a bulk transaction: list imports bind values straight into SQLite
/// statements and stream PostgreSQL's COPY, which SQLKit's encoders are far too slow for at
/// 9 million rows.
enum BulkConnection: @unchecked Sendable {
    case sqlite(SQLiteConnection)
    case postgres(PostgresConnection)
}

extension Backend {
    /// `transaction` with the raw connection as well. With `foreignKeys: false`, SQLite checks no
    /// foreign key inside the transaction (the pragma cannot change inside one): the body must
    /// check what it writes itself. PostgreSQL always checks them.
    func bulkTransaction<T: Sendable>(
        foreignKeys: Bool = true, _ body: @Sendable (any SQLDatabase, BulkConnection) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite(let connection, let lock):
            await lock.lock()
            let db = connection.sql()
            do {
                if !foreignKeys { try await db.raw("PRAGMA foreign_keys = OFF").run() }
                try await db.raw("BEGIN IMMEDIATE").run()
                let result: T
                do {
                    result = try await body(db, .sqlite(connection))
                    try await db.raw("COMMIT").run()
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
                if !foreignKeys { try await db.raw("PRAGMA foreign_keys = ON").run() }
                await lock.unlock()
                return result
            } catch {
                if !foreignKeys { try? await db.raw("PRAGMA foreign_keys = ON").run() }
                await lock.unlock()
                throw error
            }
        case .postgres(let client, _):
            do {
                return try await client.withConnection { connection in
                    let db = connection.sql(queryLogLevel: nil)
                    try await db.raw("BEGIN").run()
                    let result: T
                    do {
                        result = try await body(db, .postgres(connection))
                    } catch {
                        try? await db.raw("ROLLBACK").run()
                        throw error
                    }
                    try await db.raw("COMMIT").run()
                    return result
                }
            } catch let error as PSQLError {
                // As Backend.transaction: the server's message and SQLSTATE, integrity violations as conflicts.
                let message = error.serverInfo?[.message] ?? "\(error.code)"
                let state = error.serverInfo?[.sqlState]
                let text = "PostgreSQL: \(message)" + (state.map { " (SQLSTATE \($0))" } ?? "")
                throw state?.hasPrefix("23") == true ? StoreError.conflict(text) : StoreError.unavailable(text)
            }
        }
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
                binds.append(.integer(Int(HattamaStore.iinKey(r.iin))))
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
            text += String(HattamaStore.iinKey(r.iin))
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

/// One delivered voter list for `HattamaStore.importVoterLists`: the CSV and the commission it is for.
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
