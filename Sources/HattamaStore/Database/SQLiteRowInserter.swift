import Foundation
import HattamaCore
import HattamaInterchange
import NIOPosix
import SQLiteNIO
import VaporCSQLite

/// Voter INSERTs prepared once per list and reused through SQLite's C API, binding straight from
/// a `VoterRowBatch`'s buffer. sqlite-nio prepares every query anew: a 9-million-voter import
/// re-prepared its 2,000-row INSERT 4,500 times, and one prepared single-row INSERT stepped per
/// voter spends more on starting and ending statements than on the rows. A prepared
/// `rowsPerStatement`-row INSERT does neither. SQLiteNIO keeps the connection's `sqlite3*`
/// internal, so it is read by reflection; if a later sqlite-nio stores it otherwise, `init`
/// returns nil and the import keeps its batched statements (a test notices that).
final class SQLiteRowInserter: @unchecked Sendable {
    /// Rows per multi-row statement: 8 binds each, within SQLite's 32,766 variables; a batch's
    /// remainder goes through the single-row statement.
    static let rowsPerStatement = 1024

    private let database: OpaquePointer
    private var single: OpaquePointer?
    private var multi: OpaquePointer?

    /// `skipExisting`: rows whose IIN is stored already are left out (ON CONFLICT DO NOTHING).
    init?(_ connection: SQLiteConnection, skipExisting: Bool) throws {
        guard let database = Self.handle(of: connection) else { return nil }
        self.database = database
        let conflict = skipExisting ? " ON CONFLICT (iin) DO NOTHING" : ""
        single = try prepare(VoterRowWriter.insertSQL(rows: 1) + conflict)
        multi = try prepare(VoterRowWriter.insertSQL(rows: Self.rowsPerStatement) + conflict)
    }

    deinit {
        sqlite_nio_sqlite3_finalize(single)
        sqlite_nio_sqlite3_finalize(multi)
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        return statement
    }

    /// The connection's `sqlite3*`, or nil when sqlite-nio no longer keeps it where expected.
    static func handle(of connection: SQLiteConnection) -> OpaquePointer? {
        guard let handle = Mirror(reflecting: connection).descendant("handle"),
            let raw = Mirror(reflecting: handle).descendant("raw") as? OpaquePointer?
        else { return nil }
        return raw
    }

    /// Writes the batch (on NIO's blocking-I/O pool, as sqlite-nio runs its queries) and returns
    /// how many rows were new.
    func insert(_ batch: VoterRowBatch) async throws -> Int {
        try await NIOThreadPool.singleton.runIfActive { try self.insertNow(batch) }
    }

    private func insertNow(_ batch: VoterRowBatch) throws -> Int {
        let before = sqlite_nio_sqlite3_total_changes64(database)
        try batch.text.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress else { return }
            var row = 0
            while row < batch.count {
                let rows = batch.count - row >= Self.rowsPerStatement ? Self.rowsPerStatement : 1
                let statement = rows == 1 ? single : multi
                // No binding may outlive the batch's buffer.
                defer { sqlite_nio_sqlite3_clear_bindings(statement) }
                var status = SQLITE_OK
                var parameter: Int32 = 1
                for r in row..<(row + rows) where status == SQLITE_OK {
                    status = sqlite_nio_sqlite3_bind_int64(statement, parameter, batch.iinKeys[r])
                    parameter += 1
                    for field in VoterRowBatch.TextField.allCases where status == SQLITE_OK {
                        // The bytes stay put until the statement is stepped, so SQLite need not copy them (SQLITE_STATIC).
                        let range = batch.range(r, field)
                        status = sqlite_nio_sqlite3_bind_text64(
                            statement, parameter, UnsafeRawPointer(base + range.lowerBound).assumingMemoryBound(to: CChar.self),
                            UInt64(range.count), nil, UInt8(SQLITE_UTF8))
                        parameter += 1
                    }
                }
                if status == SQLITE_OK { status = sqlite_nio_sqlite3_step(statement) }
                sqlite_nio_sqlite3_reset(statement)
                guard status == SQLITE_DONE else {
                    throw failure(status, lines: batch.lines[row]...batch.lines[row + rows - 1])
                }
                row += rows
            }
        }
        // Rows skipped by ON CONFLICT DO NOTHING change nothing.
        return Int(sqlite_nio_sqlite3_total_changes64(database) - before)
    }

    private func failure(_ status: Int32, lines: ClosedRange<Int>? = nil) -> StoreError {
        let message = sqlite_nio_sqlite3_errmsg(database).map { String(cString: $0) } ?? "status \(status)"
        let place = lines.map { $0.count == 1 ? " (list line \($0.lowerBound))" : " (list lines \($0.lowerBound)–\($0.upperBound))" } ?? ""
        return status & 0xFF == SQLITE_CONSTRAINT ? .conflict("SQLite: \(message)\(place)") : .unavailable("SQLite: \(message)\(place)")
    }
}
