import Foundation
import HattamaCore
import HattamaInterchange
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore

@Suite("Several voter lists in one import")
struct VoterListsImportTests {
    typealias F = VoterStoreFixture

    static func list(_ commission: String, _ text: String) -> VoterListDelivery {
        VoterListDelivery(commission: commission, bytes: Array(text.utf8))
    }

    /// The indexes and constraints of `voters` and `absentee_certificates`, with their
    /// definitions: an import into an empty register drops some and must restore them all.
    static func voterSchema(_ store: HattamaStore) async throws -> Set<String> {
        try await store.backend.withDatabase { db in
            let query: SQLQueryString =
                db.dialect.name == "postgresql"
                ? """
                SELECT indexname || ': ' || indexdef AS name FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename IN ('voters', 'absentee_certificates')
                UNION SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid IN ('voters'::regclass, 'absentee_certificates'::regclass)
                """
                : """
                SELECT name || ': ' || COALESCE(sql, '') AS name FROM sqlite_master
                WHERE tbl_name IN ('voters', 'absentee_certificates')
                """
            return Set(try await db.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
        }
    }

    @Test(arguments: TestBackend.available)
    func listsGoInTogetherWithAnEventEach(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            let schema = try await Self.voterSchema(store)
            let summaries = try await store.voters.importVoterLists(
                [Self.list("tec-a", F.csv(0..<30)), Self.list("tec-b", F.csv(30..<35, numbers: [1]))], by: .system)
            #expect(summaries.map(\.commissionID) == ["tec-a", "tec-b"])
            #expect(summaries.map(\.added) == [30, 5])
            #expect(try await store.voters.voterCount() == 35)
            #expect(try await store.voters.lookupPollingStation(iin: F.iin(31).digits)?.address.en == "School 1, Oral")
            #expect(try await store.voters.listSizes(commission: "tec-a-1").map(\.homeEntries) == [10, 10, 10, 0])
            #expect(try await Self.voterSchema(store) == schema)
            let events = try await store.backend.withDatabase { db in
                try await db.raw("SELECT COUNT(*) AS n FROM voter_list_events WHERE kind = 'list-imported'").first()?.int("n")
            }
            #expect(events == 2)
            // Into a register that holds voters: a re-delivery and a new list, together.
            let more = try await store.voters.importVoterLists(
                [Self.list("tec-a", F.csv(0..<30)), Self.list("tec-a", F.csv(40..<43))], by: .system)
            #expect(more.map(\.added) == [0, 3])
            #expect(more.map(\.unchanged) == [30, 0])
            #expect(try await store.voters.voterCount() == 38)
        }
    }

    /// Into an empty register SQLite first appends without the IIN's unique index; an IIN on two
    /// lists of the call sends the import the careful way, where an identical row is a
    /// re-delivery, as it would be in two calls. Foreign keys are checked again afterwards.
    @Test(arguments: TestBackend.available)
    func anIINOnTwoListsOfOneCallIntoAnEmptyRegister(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            let schema = try await Self.voterSchema(store)
            let summaries = try await store.voters.importVoterLists(
                [Self.list("tec-a", F.csv(0..<30)), Self.list("tec-b", F.csv(30..<35, numbers: [1])), Self.list("tec-a", F.csv(20..<30))],
                by: .system)
            #expect(summaries.map(\.added) == [30, 5, 0])
            #expect(summaries.map(\.unchanged) == [0, 0, 10])
            #expect(try await store.voters.voterCount() == 35)
            #expect(try await Self.voterSchema(store) == schema)
            if backend == .sqlite {
                let foreignKeys = try await store.backend.withDatabase { db in
                    try await db.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                }
                #expect(foreignKeys == 1)
            }
        }
    }

    /// A bad line or a conflict in a later list refuses every list of the call, names the list,
    /// then the line; the register (and its indexes) stay as they were, empty or not.
    @Test(arguments: TestBackend.available)
    func oneBadListRefusesThemAll(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            let schema = try await Self.voterSchema(store)
            for registered in [0, 5] {
                if registered > 0 { try await store.voters.importVoterList(Array(F.csv(100..<105).utf8), commission: "tec-a", by: .system) }
                let before = try await snapshot(store)
                // List 2 has a malformed line 3 after a good row.
                do {
                    try await store.voters.importVoterLists(
                        [Self.list("tec-a", F.csv(0..<20_000)), Self.list("tec-b", F.csv(30_000..<30_001, numbers: [1]) + "1,2\n")],
                        by: .system)
                    Issue.record("accepted")
                } catch let refusal as VoterListsImportFailure {
                    #expect(refusal.list == 1 && refusal.commissionID == "tec-b")
                    guard case .problems(let error) = refusal.failure else { throw refusal }
                    #expect(error.problems.map(\.line) == [3])
                }
                #expect(try await snapshot(store) == before)
                #expect(try await Self.voterSchema(store) == schema)
                // Voter 4 (station 2 of region A, list 1) is on region B's list too, at its line 3:
                // a conflict between two lists of the same call, never a silent move.
                let list2 =
                    VoterListCSV.header + VoterListCSV.line(F.record(50, at: "x"), precinctNumber: 1)
                    + VoterListCSV.line(F.record(4, at: "x"), precinctNumber: 1)
                do {
                    try await store.voters.importVoterLists([Self.list("tec-a", F.csv(0..<10)), Self.list("tec-b", list2)], by: .system)
                    Issue.record("accepted")
                } catch let refusal as VoterListsImportFailure {
                    #expect(refusal.list == 1)
                    guard case .conflicts(let conflicts) = refusal.failure else { throw refusal }
                    #expect(conflicts.conflicts.map(\.line) == [3])
                    #expect(conflicts.conflicts.first?.listedAt == "pec-2")
                    #expect(conflicts.conflicts.first?.attemptedAt == "pec-b")
                }
                #expect(try await snapshot(store) == before)
                #expect(try await Self.voterSchema(store) == schema)
            }
            // A single list still reports its own failure type.
            await #expect(throws: VoterImportFailure.self) {
                try await store.voters.importVoterList(Array((F.csv(0..<2) + "1,2\n").utf8), commission: "tec-a", by: .system)
            }
        }
    }
    /// Lists longer than one statement (SQLite writes 1,024 rows a prepared statement and the
    /// rest one by one, binding straight from the parser's buffer) are stored field for field:
    /// into an empty register, and into one that holds some of the voters, where re-delivered
    /// rows are skipped, new ones added and a changed one is a conflict that changes nothing.
    @Test(arguments: TestBackend.available)
    func longListsAreStoredFieldForField(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            if case .sqlite(let connection, _) = store.backend {
                // The prepared statements are what writes, not the fallback through sqlite-nio.
                #expect(SQLiteRowInserter.handle(of: connection) != nil)
            }
            func stored() async throws -> [VoterDetails] {
                try await store.backend.withDatabase { db in
                    try await db.raw("SELECT \(unsafeRaw: VotersStore.voterColumns) FROM voters ORDER BY iin").all()
                        .map(VotersStore.voterDetails)
                }
            }
            func expected(_ range: Range<Int>) throws -> [VoterDetails] {
                let parser = try #require(VoterListParser(structure: F.structure, commissionID: "tec-a"))
                return try parser.parse(Array(F.csv(range).utf8)).map { row in
                    let r = row.record
                    return VoterDetails(
                        iin: r.iin.digits, surname: r.surname, givenName: r.givenName, patronymic: r.patronymic,
                        birthDate: r.birthDate.description, settlement: r.settlement, address: r.address, homePrecinctID: r.homePrecinctID,
                        homeStatus: "active", awayPrecinctID: nil, addedOnElectionDay: false)
                }.sorted { $0.iin < $1.iin }
            }
            let first = try await store.voters.importVoterList(Array(F.csv(0..<2_500).utf8), commission: "tec-a", by: .system)
            #expect(first.added == 2_500)
            #expect(try await stored() == (try expected(0..<2_500)))

            let second = try await store.voters.importVoterList(Array(F.csv(2_000..<4_600).utf8), commission: "tec-a", by: .system)
            #expect(second.added == 2_100 && second.unchanged == 500)
            #expect(try await stored() == (try expected(0..<4_600)))

            let before = try await snapshot(store)
            var changed = F.record(1_500, at: "x")
            changed.address = "ул. Сатпаева, 9"
            let text =
                VoterListCSV.header
                + (0..<3_000).map { n in VoterListCSV.line(n == 1_500 ? changed : F.record(n, at: "x"), precinctNumber: [1, 2, 3][n % 3]) }
                .joined()
            do {
                try await store.voters.importVoterList(Array(text.utf8), commission: "tec-a", by: .system)
                Issue.record("accepted")
            } catch let failure as VoterImportFailure {
                guard case .conflicts(let conflicts) = failure else { throw failure }
                #expect(conflicts.conflicts.map(\.line) == [1_502])
                #expect(conflicts.conflicts.first?.differentParticulars == true)
            }
            #expect(try await snapshot(store) == before)
            #expect(try await stored() == (try expected(0..<4_600)))
        }
    }
    /// Should a later sqlite-nio hide the connection's handle, the import writes through
    /// sqlite-nio's multi-row statements instead; both ways store the same rows.
    @Test func theFallbackWriterStoresWhatThePreparedStatementsStore() async throws {
        let parser = try #require(VoterListParser(structure: F.structure, commissionID: "tec-a"))
        var batches = parser.batches(Array(F.csv(0..<2_500).utf8))
        let first = batches.nextBatch(maxRows: 8192)
        let batch = try #require(first)
        var stored: [[VoterDetails]] = []
        for prepared in [true, false] {
            try await withStore(.sqlite) { store in
                try await F.load(store)
                guard case .sqlite(let connection, _) = store.backend else { return }
                let inserted = try await store.backend.bulkTransaction { _, _ in
                    let inserter = prepared ? try SQLiteRowInserter(connection, skipExisting: false) : nil
                    return try await VoterRowWriter.sqliteInsert(connection, batch, inserter: inserter, skipExisting: false)
                }
                #expect(inserted == 2_500)
                stored.append(
                    try await store.backend.withDatabase { db in
                        try await db.raw("SELECT \(unsafeRaw: VotersStore.voterColumns) FROM voters ORDER BY iin").all()
                            .map(VotersStore.voterDetails)
                    })
            }
        }
        #expect(stored.count == 2 && stored[0].count == 2_500 && stored[0] == stored[1])
    }
}
