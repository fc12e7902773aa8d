import Foundation
import HTTPTypes
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import HattamaWeb

@Suite struct PageCacheTests {
    @Test func concurrentMissesRenderOnce() async throws {
        let cache = PageCache()
        final class Counter: Sendable { let value = Atomic<Int>(0) }
        let renders = Counter()
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    try await cache.entry("/en/", stamp: 7) {
                        renders.value.add(1, ordering: .relaxed)
                        try await Task.sleep(for: .milliseconds(50))
                        return PageCache.Entry(stamp: 7, body: ByteBuffer(string: "page"), contentType: "text/html")
                    }.entry.body.getString(at: 0, length: 4) ?? ""
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(renders.value.load(ordering: .relaxed) == 1)
        #expect(bodies == Array(repeating: "page", count: 32))
        #expect(try await cache.entry("/en/", stamp: 7) { throw CancellationError() }.hit)
    }

    @Test func aFailedRenderingIsNotKept() async throws {
        struct Broken: Error {}
        let cache = PageCache()
        await #expect(throws: Broken.self) {
            try await cache.entry("/en/", stamp: 1) { throw Broken() }
        }
        let (entry, hit) = try await cache.entry("/en/", stamp: 1) {
            PageCache.Entry(stamp: 1, body: ByteBuffer(string: "ok"), contentType: "text/html")
        }
        #expect(!hit)
        #expect(entry.body.readableBytes == 2)
    }

    @Test func aNewerStampReplacesThePage() async throws {
        let cache = PageCache()
        _ = try await cache.entry("k", stamp: 1) { PageCache.Entry(stamp: 1, body: ByteBuffer(string: "a"), contentType: "t") }
        let (entry, hit) = try await cache.entry("k", stamp: 2) {
            PageCache.Entry(stamp: 2, body: ByteBuffer(string: "b"), contentType: "t")
        }
        #expect(!hit)
        #expect(entry.stamp == 2)
        #expect(cache.get("k", stamp: 1) == nil)
    }

    @Test func concurrentRequestsGetThePreviousPageWhileTheNewOneRenders() async throws {
        let cache = PageCache()
        _ = try await cache.lookup("k", stamp: 1) { PageCache.Entry(stamp: 1, body: ByteBuffer(string: "old"), contentType: "t") }
        // Signals rather than sleeps: on a loaded runner a task may start late.
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let (release, releaseSignal) = AsyncStream<Void>.makeStream()
        let rendering = Task {
            try await cache.lookup("k", stamp: 2) {
                startedSignal.yield()
                for await _ in release { break }
                return PageCache.Entry(stamp: 2, body: ByteBuffer(string: "new"), contentType: "t")
            }
        }
        for await _ in started { break }
        let meanwhile = try await cache.lookup("k", stamp: 2) { throw CancellationError() }
        releaseSignal.yield()
        #expect(meanwhile.source == .stale)
        #expect(meanwhile.entry.stamp == 1)
        let first = try await rendering.value
        #expect(first.source == .miss, "whoever starts the rendering waits for it")
        #expect(first.entry.stamp == 2)
        #expect(try await cache.lookup("k", stamp: 2) { throw CancellationError() }.source == .hit)
        // Without a previous version there is nothing to give early: concurrent requests wait.
        #expect(
            try await cache.lookup("fresh", stamp: 2) { PageCache.Entry(stamp: 2, body: ByteBuffer(), contentType: "t") }.source == .miss)
    }

    /// A write by this process is seen at once; a write by another process sharing the database
    /// (an import from the command line) within the freshness window.
    @Test func stampFollowsLocalWritesAtOnceAndOtherProcessesWithinTheWindow() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let server = try await HattamaStore.open(.sqlite(path: path), logSigner: testLogSigner, logger: quietLogger)
        let other = try await HattamaStore.open(.sqlite(path: path), logSigner: testLogSigner, logger: quietLogger)
        do {
            let cache = PageCache(freshness: .milliseconds(100))
            try await loadSmallDemo(server)
            let afterStructure = try await cache.stamp(server.log)
            #expect(afterStructure == (try await server.log.logSize()))
            let (_, submissions) = try await demoSubmissions(server)
            try await server.results.submitProtocols(Array(submissions.prefix(2)), by: .system)
            // The stations' keys (one entry) and two protocols.
            #expect(try await cache.stamp(server.log) == afterStructure + 3, "a local write is seen at once")

            try await other.results.submitProtocols(Array(submissions.dropFirst(2).prefix(3)), by: .system)
            // Once the window has passed, a background read brings the other process's write in.
            var seen = afterStructure + 3
            let deadline = ContinuousClock.now + .seconds(10)
            while seen != afterStructure + 6, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                seen = try await cache.stamp(server.log)
            }
            #expect(seen == afterStructure + 6, "another process's write, after the window")
        } catch {
            await other.close()
            await server.close()
            throw error
        }
        await other.close()
        await server.close()
    }

    @Test func resultsJSONIsCachedAndInvalidated() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            let uri = "/api/v1/elections/\(DemoGenerator.electionID)/results?commission=tec-ast"
            try await client.execute(uri: uri, method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-Hattama-Cache")!] == "miss")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            try await client.execute(uri: uri, method: .get) { response async throws in
                #expect(response.headers[HTTPField.Name("X-Hattama-Cache")!] == "hit")
                let before = try await store.results.results(election: DemoGenerator.electionID, commission: "tec-ast")
                #expect(try JSONDecoder().decode(ResultsView.self, from: Data(response.text.utf8)) == before)
            }
            try await store.results.submitProtocols(submissions.filter { $0.resultsProtocol.precinctID.hasPrefix("pec-ast") }, by: .system)
            try await client.execute(uri: uri, method: .get) { response async throws in
                #expect(response.headers[HTTPField.Name("X-Hattama-Cache")!] == "miss")
                let fresh = try await store.results.results(election: DemoGenerator.electionID, commission: "tec-ast")
                let decoded = try JSONDecoder().decode(ResultsView.self, from: Data(response.text.utf8))
                #expect(decoded == fresh)
            }
            try await client.execute(uri: "/api/v1/elections/\(DemoGenerator.electionID)/results?commission=nowhere", method: .get) {
                response async throws in
                #expect(response.status == .notFound)
            }
        }
    }
}

@Suite struct PathEscapingTests {
    @Test func plainIdentifiersStayAndOthersAreEscapedAsOneSegment() {
        #expect("pec-ast_1.2~x".pathEscaped == "pec-ast_1.2~x")
        #expect("a b/c?d#e".pathEscaped == "a%20b%2Fc%3Fd%23e")
        #expect("Астана".pathEscaped == "%D0%90%D1%81%D1%82%D0%B0%D0%BD%D0%B0")
        #expect("".pathEscaped == "")
    }
}
