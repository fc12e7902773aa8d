import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore

@Suite struct VoterImportMigrationTests {
    typealias F = VoterStoreFixture

    /// A register written under version 6 (SQLite: the IIN as the rowid) keeps its voters and
    /// certificates through version 7 (rows in arrival order, the IIN under a unique index), and
    /// the database still refuses a second row for an IIN and a certificate's voter going away.
    @Test func version7KeepsTheRegisterAndItsRules() async throws {
        try await withStore(.sqlite) { store in
            try await F.load(store)
            let version5 = try #require(Migrations.all.first { $0.version == 5 }).statements(store.backend.flavour)
            let oldShape = version5.filter {
                $0.contains("TABLE voters (") || $0.contains("ON voters(") || $0.contains("absentee_certificates")
            }
            let first = VotersStore.iinKey(F.iin(1))
            let second = VotersStore.iinKey(F.iin(2))
            try await store.backend.transaction { db in
                for statement in ["DROP TABLE absentee_certificates", "DROP TABLE voters"] + oldShape {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("DELETE FROM schema_migrations WHERE version >= 7").run()
                for (key, precinct) in [(first, "pec-2"), (second, "pec-3")] {
                    try await db.raw(
                        """
                        INSERT INTO voters (iin, surname, given_name, patronymic, birth_date, settlement, address, home_precinct_id, home_status)
                        VALUES (\(bind: key), 'Ахметов', 'Айдар', '', '1970-01-01', 'Аксу', 'a', \(bind: precinct), 'absentee')
                        """
                    ).run()
                }
                try await db.raw(
                    """
                    INSERT INTO absentee_certificates (election_id, serial, holder_id, state, iin, issued_at)
                    VALUES (\(bind: DemoGenerator.electionID), 1, 'pec-2', 'issued', \(bind: first), 't')
                    """
                ).run()
            }
            #expect(try await store.schemaVersion() == 6)
            #expect(try await store.migrate().map(\.version) == Array(7...Migrations.latestVersion))

            #expect(try await store.voters.voterCount() == 2)
            #expect(try await store.voters.lookupPollingStation(iin: F.iin(1).digits)?.precinctNumber == 2)
            #expect(try await store.voters.lookupPollingStation(iin: F.iin(2).digits)?.precinctNumber == 3)
            try await store.backend.withDatabase { db in
                let certificate = try await db.raw("SELECT iin FROM absentee_certificates WHERE serial = 1").first()
                #expect(try certificate?.decode(column: "iin", as: Int64.self) == first)
                #expect(try await db.raw("PRAGMA foreign_key_check").all().isEmpty)
                let indexes = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'voters' ORDER BY name")
                    .all().map { try $0.decode(column: "name", as: String.self) }
                #expect(indexes == ["voters_away", "voters_home", "voters_iin"])
            }
            let before = try await snapshot(store)
            let refused: [SQLQueryString] = [
                // A second row for an IIN, on another list.
                """
                INSERT INTO voters (iin, surname, given_name, patronymic, birth_date, settlement, address, home_precinct_id)
                VALUES (\(bind: second), 'X', 'Y', '', '1970-01-01', 'Аксу', 'a', 'pec-1')
                """,
                // The voter of an issued certificate.
                "DELETE FROM voters WHERE iin = \(bind: first)",
            ]
            for statement in refused {
                await #expect(throws: (any Error).self) {
                    try await store.backend.transaction { db in try await db.raw(statement).run() }
                }
            }
            #expect(try await snapshot(store) == before)
        }
    }
}
