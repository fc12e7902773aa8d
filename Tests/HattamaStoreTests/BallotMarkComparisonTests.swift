import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// Ballots marked by a station's devices, set against the ballots-issued line of its protocol.
@Suite struct BallotMarkComparisonTests {
    typealias F = VoterStoreFixture

    @Test(arguments: TestBackend.available)
    func marksAreComparedWithTheProtocolsBallotsIssuedLine(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<30, numbers: [1]).utf8), commission: "tec-a", by: .system)
            try await DemoKeys().registerMissing(in: store, by: .system)
            for n in 0..<4 { try await store.voterActs.markBallotIssued(iin: F.iin(n).digits, precinct: "pec-1", at: F.at(0), by: .system) }
            // Station 1 reports 5 ballots issued, one more than its devices marked.
            let figures = ResultsProtocol(
                electionID: DemoGenerator.electionID, precinctID: "pec-1",
                lines: [
                    "voters_on_list": 30, "ballots_received": 31, "ballots_issued": 5, "ballots_spoiled": 0, "ballots_unused": 26,
                    "ballots_cast": 5, "invalid_ballots": 0,
                ],
                candidateVotes: ["nazarbayev": 3, "kasymov": 1, "akhmetbekov": 1, "yeleusizov": 0])
            let stored = try await store.results.submitProtocol(try await signed(store, figures), by: .system)
            #expect(stored.outcome != .quarantined)

            let sizes = try await store.voters.listSizes(commission: "tec-a-1")
            let one = try #require(sizes.first { $0.precinctID == "pec-1" })
            #expect(one.ballotsMarked == 4)
            #expect(one.protocolBallotsIssued == 5)
            #expect(one.marksMinusProtocol == -1)
            // No protocol, no marks: nothing to compare.
            let two = try #require(sizes.first { $0.precinctID == "pec-2" })
            #expect(two.protocolBallotsIssued == nil && two.marksMinusProtocol == nil)
        }
    }
}

@Suite struct VoterImportCacheTests {
    /// The import raises SQLite's page cache for itself; afterwards the store's own setting holds again.
    @Test func importRestoresTheStoresPageCache() async throws {
        try await withStore(.sqlite) { store in
            try await VoterStoreFixture.load(store)
            try await store.voters.importVoterList(Array(VoterStoreFixture.csv(0..<30).utf8), commission: "tec-a", by: .system)
            let size = try await store.backend.withDatabase { db in
                try await db.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self)
            }
            #expect(size == -65536)
        }
    }
}
