import Foundation
import HattamaCore
import Testing

@testable import HattamaStore

/// `serve --sth-interval`: a tree head is signed on the interval whenever the log has grown.
@Suite struct IntervalSigningTests {
    @Test func headsFollowTheLogOnTheInterval() async throws {
        try await withLiveServer { store, _ async throws in
            let before = try #require(try await store.log.latestTreeHead())
            #expect(try await store.log.signTreeHeadIfGrown() == nil, "nothing new to sign")
            try await submit(store, testPrecincts.prefix(3).map { figures($0) })
            // submitProtocols signs after its batch; appending behind it (turnout is logged too) leaves the head behind.
            try await store.results.reportTurnout(
                [TurnoutReport(electionID: election, precinctID: testPrecincts[0].id, time: "10:00", voters: 10)], by: .system)
            let size = try await store.log.logSize()
            #expect(try await store.log.latestTreeHead()?.treeSize ?? 0 < size)

            let signer = Task { await store.log.signTreeHeads(every: .milliseconds(20)) }
            var signed = try await store.log.latestTreeHead()
            // A deadline, not a count of ticks: a loaded runner may take seconds for one signing.
            let deadline = ContinuousClock.now + .seconds(60)
            while signed?.treeSize != size, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
                signed = try await store.log.latestTreeHead()
            }
            signer.cancel()
            await signer.value
            let head = try #require(signed)
            #expect(head.treeSize == size)
            #expect(head.rootHash == (try await store.log.logRoot(size: size)).hex)
            #expect(head.timestamp >= before.timestamp)
            // Idle ticks sign nothing more.
            let count = try await store.log.treeHeads().count
            let idle = Task { await store.log.signTreeHeads(every: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(60))
            idle.cancel()
            await idle.value
            #expect(try await store.log.treeHeads().count == count)
        }
    }
}
