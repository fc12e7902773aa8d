import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

@Suite struct TurnoutStoreTests {
    @Test(arguments: TestBackend.available)
    func turnoutIsCumulativeAndAggregated(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let p = precincts[0]
            let e = DemoGenerator.electionID
            try await store.results.reportTurnout(
                [TurnoutReport(electionID: e, precinctID: p.id, time: "10:00", voters: 100)], by: .user(secretary))
            try await store.results.reportTurnout(
                [TurnoutReport(electionID: e, precinctID: p.id, time: "13:00", voters: 150)], by: .user(secretary))
            let before = try await snapshot(store)
            let hostile: [(String, TurnoutReport, Principal)] = [
                ("decreasing", TurnoutReport(electionID: e, precinctID: p.id, time: "16:00", voters: 120), .user(secretary)),
                ("unknown time", TurnoutReport(electionID: e, precinctID: p.id, time: "11:11", voters: 200), .user(secretary)),
                (
                    "above the list", TurnoutReport(electionID: e, precinctID: p.id, time: "16:00", voters: p.registeredVoters + 1),
                    .user(secretary)
                ),
                ("negative", TurnoutReport(electionID: e, precinctID: p.id, time: "16:00", voters: -1), .user(secretary)),
                ("other precinct", TurnoutReport(electionID: e, precinctID: precincts[1].id, time: "10:00", voters: 10), .user(secretary)),
                ("unknown precinct", TurnoutReport(electionID: e, precinctID: "pec-x", time: "10:00", voters: 10), .system),
                ("unknown election", TurnoutReport(electionID: "nope", precinctID: p.id, time: "10:00", voters: 10), .system),
            ]
            for (name, report, principal) in hostile {
                await #expect(throws: StoreError.self, "\(name)") { try await store.results.reportTurnout([report], by: principal) }
            }
            #expect(try await snapshot(store) == before)
            let summary = try await store.results.turnout(election: e)
            let points = Dictionary(uniqueKeysWithValues: summary.points.map { ($0.time, $0) })
            #expect(points["10:00"]?.voters == 100)
            #expect(points["13:00"]?.voters == 150)
            #expect(points["13:00"]?.reportingPrecincts == 1)
            #expect(points["16:00"]?.reportingPrecincts == 0)
        }
    }
}
