import Foundation
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Testing

@testable import HattamaCLI

@Suite(.serialized) struct ElectionNightTests {
    @Test func demoResultsFillElectionNightAndExportsAgree() async throws {
        let db = temporaryDatabase()
        defer { removeDatabase(db) }
        try await run(["demo", "--db", db, "--scale", "small", "--results"])
        let store = try await openStore(db)
        let results = try await store.results.results(election: DemoGenerator.electionID)
        let precincts = DemoGenerator(scale: .small).generate().precincts.count
        #expect(results.summary.progress.received == precincts)
        #expect(results.summary.progress.quarantined == DemoResults.quarantinedPrecinctCount)
        #expect(!results.outcomeRisk.atRisk, "a 95% result with 5 stations quarantined is not at risk")
        let turnout = try await store.results.turnout(election: DemoGenerator.electionID)
        #expect(turnout.points.count == 4)
        #expect(turnout.points.allSatisfy { $0.reportingPrecincts == precincts })
        await store.close()

        // CSV by region adds up to the JSON of the central commission.
        let csvFile = temporaryFile("results.csv")
        let jsonFile = temporaryFile("results.json")
        let nistFile = temporaryFile("results-nist.json")
        defer { for f in [csvFile, jsonFile, nistFile] { try? FileManager.default.removeItem(atPath: f) } }
        try await run(["export", "results", "--db", db, "--format", "csv", "--level", "regional", "--output", csvFile])
        try await run(["export", "results", "--db", db, "--format", "json", "--level", "cec", "--output", jsonFile])
        try await run(["export", "results", "--db", db, "--format", "nist", "--output", nistFile])
        let csv = try String(contentsOfFile: csvFile, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = csv[0].map(String.init)
        let column = try #require(header.firstIndex(of: "nazarbayev"))
        let byRegion = csv.dropFirst().reduce(0) { $0 + Int($1[column])! }
        let top = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonFile))) as? [[String: Any]])
        let candidates = try #require(top.first?["candidates"] as? [[String: Any]])
        let nazarbayev = try #require(candidates.first { $0["candidateID"] as? String == "nazarbayev" }?["votes"] as? Int)
        #expect(csv.count == 4, "header and three regions")
        #expect(byRegion == nazarbayev)
        #expect(byRegion == results.summary.candidateVotes["nazarbayev"])
        let nist = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: nistFile))) as? [String: Any])
        #expect(nist["@type"] as? String == "ElectionResults.ElectionReport")

        await #expect(throws: (any Error).self) { try await run(["export", "results", "--db", db, "--level", "galaxy"]) }
        await #expect(throws: (any Error).self) { try await run(["demo", "--db", db, "--scale", "small", "--results"]) }
    }
}
