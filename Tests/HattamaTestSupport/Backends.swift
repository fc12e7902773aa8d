import Foundation
import HattamaConfig
import Logging
import PostgresNIO
import SQLKit
import Testing

@testable import HattamaStore

/// The backends a store test runs against. PostgreSQL joins when HATTAMA_TEST_POSTGRES_URL is set
/// (CI always sets it); each test then gets a database of its own.
public enum TestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    public static var available: [TestBackend] { testPostgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    public var testDescription: String { rawValue }
}

/// The PostgreSQL server for store tests: the one environment variable these tests read, and the
/// only place they read it.
public let testPostgresURL = ProcessInfo.processInfo.environment["HATTAMA_TEST_POSTGRES_URL"]

/// A store on a fresh database of `backend`, signing with `testLogSigner`, closed afterwards.
public func withStore(
    _ backend: TestBackend, configuration: HattamaConfiguration = .testing, _ body: (HattamaStore) async throws -> Void
) async throws {
    try await withDatabase(backend) { location async throws in
        let store = try await HattamaStore.open(location, configuration: configuration, logSigner: testLogSigner, logger: quietLogger)
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

/// A fresh, empty database location for one test, removed afterwards.
public func withDatabase(_ backend: TestBackend, _ body: (DatabaseLocation) async throws -> Void) async throws {
    switch backend {
    case .sqlite:
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        try await body(.sqlite(path: path))
    case .postgres:
        let url = try #require(testPostgresURL)
        guard case .postgres(let host, let port, let user, let password, let database) = try DatabaseLocation(parsing: url) else {
            Issue.record("HATTAMA_TEST_POSTGRES_URL is not a postgres:// URL")
            return
        }
        // Swift Testing starts every test at once; unbounded, the PostgreSQL cases open more
        // connections than a default server allows and starve each other on a 2-core runner.
        await postgresTestSlots.acquire()
        let name = "hattama_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
        var outcome: Result<Void, any Error> = .success(())
        do {
            try await adminQuery(host: host, port: port, user: user, password: password, database: database, "CREATE DATABASE \(name)")
            do {
                try await body(.postgres(host: host, port: port, username: user, password: password, database: name))
            } catch {
                outcome = .failure(error)
            }
            await dropTestDatabase(name, host: host, port: port, user: user, password: password, database: database)
        } catch {
            outcome = .failure(error)
        }
        await postgresTestSlots.release()
        try outcome.get()
    }
}

/// At most this many PostgreSQL test databases are in use at once (each store pools up to 8 connections).
let postgresTestSlots = AsyncSlots(8)

actor AsyncSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// Dropping a test database is clean-up, not part of the test: it is retried, because `FORCE`
/// is refused (SQLSTATE 42501) while an autovacuum worker the test's role may not terminate is
/// inside the database, and a database that still cannot be dropped is left behind with a note.
private func dropTestDatabase(_ name: String, host: String, port: Int, user: String, password: String?, database: String) async {
    var lastError: (any Error)?
    for attempt in 0..<20 {
        do {
            try await adminQuery(
                host: host, port: port, user: user, password: password, database: database, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return
        } catch {
            lastError = error
            try? await Task.sleep(for: .milliseconds(100 * (attempt + 1)))
        }
    }
    print("note: test database \(name) was left behind: \(lastError.map { String(describing: $0) } ?? "")")
}

private func adminQuery(host: String, port: Int, user: String, password: String?, database: String, _ sql: String) async throws {
    var configuration = PostgresConnection.Configuration(
        host: host, port: port, username: user, password: password, database: database, tls: .disable)
    configuration.options.connectTimeout = .seconds(60)
    do {
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: quietLogger)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    } catch {
        // PSQLError hides the server's message from its description; a failing test needs it.
        throw AdminQueryFailed(sql: sql, detail: String(reflecting: error))
    }
}

private struct AdminQueryFailed: Error, CustomStringConvertible {
    let sql: String
    let detail: String
    var description: String { "\(sql): \(detail)" }
}

/// Counts of every table in the schema, to prove that a refused write changed nothing. Tables are
/// listed from the catalogue so that a new migration's tables are covered without editing this.
public func snapshot(_ store: HattamaStore) async throws -> [String: Int] {
    try await store.backend.withDatabase { db in
        let catalogue: SQLQueryString =
            db.dialect.name == "postgresql"
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'"
        var counts: [String: Int] = [:]
        for row in try await db.raw(catalogue).all() {
            let table = try row.decode(column: "name", as: String.self)
            counts[table] = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.int("n") ?? -1
        }
        return counts
    }
}
