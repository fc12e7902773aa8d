import Foundation
import HattamaTestSupport
import Testing

@testable import HattamaStore

@Suite struct MigrationTests {
    @Test(arguments: TestBackend.available)
    func freshDatabaseIsMigratedToTheLatestVersion(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            #expect(try await store.schemaVersion() == HattamaStore.schemaVersionOfBinary)
            #expect(try await store.migrate().isEmpty, "a second migrate applies nothing")
            #expect(try await snapshot(store).values.allSatisfy { $0 == 0 })
        }
    }

    @Test(arguments: TestBackend.available)
    func outdatedSchemaIsRefusedWithoutMigrate(backend: TestBackend) async throws {
        try await withDatabase(backend) { location async throws in
            await #expect(throws: StoreError.schemaOutdated(database: 0, binary: HattamaStore.schemaVersionOfBinary)) {
                _ = try await HattamaStore.open(location, schema: .requireCurrent, logger: quietLogger)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func newerSchemaIsRefused(backend: TestBackend) async throws {
        try await withDatabase(backend) { location async throws in
            let store = try await HattamaStore.open(location, logger: quietLogger)
            try await store.backend.withDatabase { db in
                try await db.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 'x')").run()
            }
            await store.close()
            let expected = StoreError.schemaTooNew(database: 999, binary: HattamaStore.schemaVersionOfBinary)
            await #expect(throws: expected) { _ = try await HattamaStore.open(location, logger: quietLogger) }
            await #expect(throws: expected) { _ = try await HattamaStore.open(location, schema: .requireCurrent, logger: quietLogger) }
        }
    }
}

@Suite struct DatabaseLocationTests {
    @Test func migrationVersionsAreContiguous() {
        #expect(Migrations.all.map(\.version) == Array(1...Migrations.all.count))
        #expect(Set(Migrations.all.map(\.name)).count == Migrations.all.count)
    }

    @Test func parsesPostgresURLs() throws {
        #expect(
            try DatabaseLocation(parsing: "postgres://ann:s%40cret@db.local:6543/hattama")
                == .postgres(host: "db.local", port: 6543, username: "ann", password: "s@cret", database: "hattama"))
        #expect(
            try DatabaseLocation(parsing: "postgresql://ann@localhost/x")
                == .postgres(host: "localhost", port: 5432, username: "ann", password: nil, database: "x"))
    }

    @Test func parsesFilesAndMemory() throws {
        #expect(try DatabaseLocation(parsing: "./hattama.sqlite") == .sqlite(path: "./hattama.sqlite"))
        #expect(try DatabaseLocation(parsing: "sqlite:/tmp/a.db") == .sqlite(path: "/tmp/a.db"))
        #expect(try DatabaseLocation(parsing: ":memory:") == .sqliteInMemory)
    }

    @Test(arguments: ["", "mysql://a@b/c", "postgres://", "postgres://user@host", "postgres://host/db"])
    func refusesBadLocations(text: String) {
        #expect(throws: StoreError.self) { try DatabaseLocation(parsing: text) }
    }

    @Test func passwordsAreRedactedInMessages() {
        do {
            _ = try DatabaseLocation(parsing: "postgres://ann:secret@host")
            Issue.record("expected a refusal")
        } catch {
            #expect(!error.description.contains("secret"))
            #expect(error.description.contains("***"))
        }
    }
}
