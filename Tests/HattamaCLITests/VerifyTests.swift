import ArgumentParser
import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaCLI
@testable import HattamaStore

@Suite(.serialized) struct VerifyTests {
    @Test func verifyPassesOnElectionNightAndNamesTheTamperedPrecinct() async throws {
        let db = temporaryDatabase()
        defer { removeDatabase(db) }
        try await run(["demo", "--db", db, "--scale", "small", "--results"])
        try await run(["verify", "--db", db])

        // Change one figure of one protocol straight in the database, behind the log's back.
        let store = try await openStore(db)
        let precinct = DemoGenerator(scale: .small).generate().precincts[7].id
        let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: precinct)
        let index = try #require(record.latest.logIndex)
        let cast = try #require(record.latest.figures.lines["ballots_cast"])
        let forged = record.latest.canonical.replacingOccurrences(of: "\"ballots_cast\":\(cast)", with: "\"ballots_cast\":\(cast + 1)")
        #expect(forged != record.latest.canonical)
        try await store.backend.withDatabase { db in
            try await db.raw("UPDATE protocol_versions SET canonical = \(bind: forged) WHERE precinct_id = \(bind: precinct)").run()
        }
        let report = try await store.log.verifyLog()
        await store.close()

        let lines = VerifyCommand.lines(report)
        #expect(lines.contains { $0.hasPrefix("MISMATCH log entry #\(index): precinct '\(precinct)'") })
        // The row's hash column was left as it was, so that no longer matches either.
        #expect(lines.contains { $0.contains("precinct '\(precinct)'") && $0.contains("stored hash is not the SHA-256") })
        #expect(lines.last == "FAILED: 2 problems")
        await #expect(throws: ExitCode.failure) { try await run(["verify", "--db", db]) }
    }

    @Test func verifyRefusesADatabaseThatNeedsMigrating() async throws {
        let db = temporaryDatabase()
        defer { removeDatabase(db) }
        await #expect(throws: (any Error).self) { try await run(["verify", "--db", db]) }
    }
}
