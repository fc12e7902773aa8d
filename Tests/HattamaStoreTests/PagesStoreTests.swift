import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// The Pages area answers each public page in one call; its answers must be what the other
/// areas say, read once.
@Suite struct PagesStoreTests {
    @Test(arguments: TestBackend.available)
    func aStationsPageHasEveryVersionWithItsLogEntry(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let station = precincts[0]
            let before = try await store.pages.commission(station.id)
            #expect(before.protocolRecord == nil, "no protocol yet is a state, not an error")
            #expect(before.election?.id == DemoGenerator.electionID)

            var figures = kzProtocol(station)
            _ = try await store.results.submitProtocol(try await signed(store, figures), by: .user(secretary))
            figures.lines["invalid_ballots"] = 6
            figures.candidateVotes["nazarbayev"]! -= 1
            _ = try await store.results.submitProtocol(
                try await signed(store, figures, reason: .recount, decision: "PEC decision 1"), by: .user(secretary))

            let page = try await store.pages.commission(station.id)
            let record = try #require(page.protocolRecord)
            #expect(record.history.count == 2)
            #expect(page.candidates.count == DemoGenerator.candidates.count)
            let indexes = record.history.compactMap(\.logIndex)
            #expect(indexes.count == 2)
            for index in indexes {
                let entry = try #require(try await store.log.logEntries(start: index, end: index + 1).first)
                #expect(page.leafHashes[index] == entry.leafHash)
            }
            #expect(try await store.log.leafHashes(at: [-1, 1_000_000]).isEmpty, "indexes outside the log give nothing")
        }
    }

    @Test(arguments: TestBackend.available)
    func aCommissionsPageHasTheStationsItTabulates(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            for station in precincts.prefix(3) {
                let secretaryThere = try await store.accounts.addUser(
                    username: "secretary-\(station.id)", password: "correct horse battery", role: .commissionSecretary,
                    commissionID: station.id, by: .system)
                _ = try await store.results.submitProtocol(try await signed(store, kzProtocol(station)), by: .user(secretaryThere))
            }
            _ = secretary
            let district = precincts[0].tabulatingCommissionID
            let page = try await store.pages.commission(district)
            let results = try #require(page.results, "a protocol is in below the district")
            #expect(results.summary.progress.received >= 1)
            // The reference: the stations whose tabulating chain passes the district.
            let structure = try TabulationStructure(try await store.structure.electionStructure(election: DemoGenerator.electionID))
            let expected = smallDemo.precincts.filter { structure.tabulatingChain(ofPrecinct: $0.id)?.contains(district) == true }
            #expect(page.stations.map(\.commissionID) == expected.map(\.id))

            let home = try await store.pages.home()
            let latest = try #require(home.latest)
            #expect(latest.stations.count == smallDemo.precincts.count)
            #expect(home.elections.map(\.election.id) == [DemoGenerator.electionID])
            #expect(home.log?.size == (try await store.log.logSize()))
        }
    }

    @Test(arguments: TestBackend.available)
    func anUnknownCommissionHasNoPage(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            await #expect(throws: StoreError.self) { try await store.pages.commission("no-such-commission") }
            #expect(try await store.pages.commissionWork("no-such-commission", part: .sessions) == nil)
        }
    }
}
