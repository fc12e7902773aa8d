import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Where the data lives: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case sqliteInMemory
    case postgres(host: String, port: Int, username: String, password: String?, database: String)

    public static let defaultPath = "./hattama.sqlite"

    /// Parses what a user types after `--db`: `postgres://user:pass@host:port/db`, `:memory:`,
    /// `sqlite:PATH`, or a plain file path.
    public init(parsing text: String) throws(StoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: trimmed), let host = components.host, !host.isEmpty else {
                throw .invalid("database URL '\(Self.redacted(trimmed))' is not of the form postgres://user:password@host:port/database")
            }
            let database = String(components.path.drop { $0 == "/" })
            guard !database.isEmpty else { throw .invalid("database URL '\(Self.redacted(trimmed))' names no database") }
            guard let user = components.user, !user.isEmpty else {
                throw .invalid("database URL '\(Self.redacted(trimmed))' names no user")
            }
            self = .postgres(
                host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
                password: components.password?.removingPercentEncoding, database: database)
        } else if trimmed == ":memory:" {
            self = .sqliteInMemory
        } else if trimmed.hasPrefix("sqlite:") {
            self = .sqlite(path: String(trimmed.dropFirst("sqlite:".count)))
        } else if trimmed.isEmpty {
            throw .invalid("empty database location")
        } else if trimmed.contains("://") {
            throw .invalid("unsupported database URL '\(Self.redacted(trimmed))': use postgres://… or a file path")
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .sqliteInMemory: "SQLite in memory"
        case .postgres(let host, let port, let user, _, let database): "PostgreSQL \(user)@\(host):\(port)/\(database)"
        }
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

/// A FIFO async lock: SQLite has one writer, and a transaction must not interleave with
/// other statements on the same connection.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// The two backends behind one SQLKit code path.
enum Backend: Sendable {
    case sqlite(SQLiteConnection, AsyncLock)
    case postgres(PostgresClient, Task<Void, Never>)

    var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// `poolSize`: the most PostgreSQL connections at once (SQLite has its one).
    static func open(_ location: DatabaseLocation, poolSize: Int, logger: Logger) async throws -> Backend {
        switch location {
        case .sqlite(let path):
            let connection: SQLiteConnection
            do {
                connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            } catch {
                throw StoreError.unavailable("cannot open SQLite database '\(path)': \(error)")
            }
            try await configureSQLite(connection)
            return .sqlite(connection, AsyncLock())
        case .sqliteInMemory:
            let connection = try await SQLiteConnection.open(storage: .memory, logger: logger)
            try await configureSQLite(connection)
            return .sqlite(connection, AsyncLock())
        case .postgres(let host, let port, let username, let password, let database):
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
            configuration.options.maximumConnections = poolSize
            // A loaded machine (CI runs dozens of database tests at once on two cores) can take
            // longer than the default 10 s to complete a connection start-up.
            configuration.options.connectTimeout = .seconds(60)
            // The pool warns when leased before its run task has started; that race is harmless here
            // and connection failures are reported by the check below.
            var backgroundLogger = logger
            backgroundLogger.logLevel = .error
            let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
            // The client's pool needs a running task for as long as the store is open.
            let runner = Task { await client.run() }
            let backend = Backend.postgres(client, runner)
            do {
                try await client.withConnection { connection in
                    _ = try await connection.query("SELECT 1", logger: logger)
                }
            } catch {
                runner.cancel()
                throw StoreError.unavailable("cannot connect to \(location): \(String(reflecting: error))")
            }
            return backend
        }
    }

    /// The store's page cache, 64 MB (SQLite's default is 2 MB): an import transaction writes tens
    /// of MB, and a smaller cache spills dirty pages to the WAL in the middle of it. Code that
    /// changes the cache for a while should set it back with this statement.
    static let sqliteCacheSizePragma = "PRAGMA cache_size = -65536"

    private static func configureSQLite(_ connection: SQLiteConnection) async throws {
        let db = connection.sql()
        for pragma in [
            "PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000",
            sqliteCacheSizePragma,
        ] {
            try await db.raw(SQLQueryString(pragma)).run()
        }
    }

    func close() async {
        switch self {
        case .sqlite(let connection, let lock):
            await lock.lock()
            try? await connection.close()
            await lock.unlock()
        case .postgres(_, let runner):
            runner.cancel()
            _ = await runner.value
        }
    }

    /// Runs `body` with exclusive use of a connection, outside any transaction.
    func withDatabase<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let connection, let lock):
            await lock.lock()
            do {
                let result = try await body(SQLiteStoreDatabase(connection: connection))
                await lock.unlock()
                return result
            } catch {
                await lock.unlock()
                throw error
            }
        case .postgres(let client, _):
            return try await Self.describingPostgresErrors {
                try await client.withConnection { connection in
                    try await body(connection.sql(queryLogLevel: nil))
                }
            }
        }
    }

    /// Runs `body` in one transaction: everything it writes lands together or not at all.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let connection, let lock):
            await lock.lock()
            do {
                // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on it.
                let result = try await Self.inTransaction(SQLiteStoreDatabase(connection: connection), begin: "BEGIN IMMEDIATE", body)
                await lock.unlock()
                return result
            } catch {
                await lock.unlock()
                throw error
            }
        case .postgres(let client, _):
            return try await Self.describingPostgresErrors {
                try await client.withConnection { connection in
                    try await Self.inTransaction(connection.sql(queryLogLevel: nil), begin: "BEGIN", body)
                }
            }
        }
    }

    /// PSQLError's description hides the server's message on purpose; an operator needs it (and the
    /// SQLSTATE), so it is carried into a StoreError. Integrity violations (class 23) are conflicts.
    private static func describingPostgresErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            let state = error.serverInfo?[.sqlState]
            let text = "PostgreSQL: \(message)" + (state.map { " (SQLSTATE \($0))" } ?? "")
            throw state?.hasPrefix("23") == true ? StoreError.conflict(text) : StoreError.unavailable(text)
        }
    }

    private static func inTransaction<T: Sendable>(
        _ db: any SQLDatabase, begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await db.raw(SQLQueryString(begin)).run()
        let result: T
        do {
            result = try await body(db)
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
        try await db.raw("COMMIT").run()
        return result
    }
}

/// A value of a stored row, as `insertValues` binds it.
enum SQLValue: Sendable {
    case text(String)
    case integer(Int)
    case null

    init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    init(_ integer: Int?) { self = integer.map(SQLValue.integer) ?? .null }

    var encodable: (any Encodable & Sendable)? {
        switch self {
        case .text(let text): text
        case .integer(let integer): integer
        case .null: nil
        }
    }

    var sqliteData: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .integer(let integer): .integer(integer)
        case .null: .null
        }
    }
}

/// The store's SQLite `SQLDatabase`: SQLiteKit's, with its connection at hand so that bulk
/// inserts can bind `SQLiteData` directly (see `insertValues`).
struct SQLiteStoreDatabase: SQLDatabase {
    let connection: SQLiteConnection
    let base: any SQLDatabase

    init(connection: SQLiteConnection) {
        self.connection = connection
        self.base = connection.sql()
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession(closure)
    }
}

extension SQLDatabase {
    /// `insertRows` for many rows of plain text and integers. On SQLite the values are bound as
    /// `SQLiteData` into one SQL text per batch, skipping SQLKit's per-value `Encodable` path
    /// (about 8 % of a protocol import's time); elsewhere it is `insertRows`.
    func insertValues(_ table: String, _ columns: [String], _ rows: [[SQLValue]]) async throws {
        guard !rows.isEmpty else { return }
        guard let sqlite = self as? SQLiteStoreDatabase else {
            try await insertRows(table, columns, rows.map { $0.map(\.encodable) })
            return
        }
        // The same batches as insertRows, well under SQLite's limit of 32,766 bound values.
        let perBatch = Swift.max(1, 30_000 / Swift.max(columns.count, 1) / 4)
        let head = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        for batch in rows.chunked(perBatch) {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(batch.count * columns.count)
            for row in batch {
                guard row.count == columns.count else {
                    throw StoreError.unavailable("\(table): a row of \(row.count) values for \(columns.count) columns")
                }
                for value in row { binds.append(value.sqliteData) }
            }
            let sql = head + Array(repeating: tuple, count: batch.count).joined(separator: ", ")
            _ = try await sqlite.connection.query(sql, binds)
        }
    }
}
