import Foundation
import HattamaStore
import NIOCore
import Synchronization

/// Rendered pages, JSON answers and export files, keyed by path (which holds the language) and
/// stamped with the transparency log's size when they were made.
///
/// Every public act that changes what a page shows — a protocol version, a turnout report, an
/// election's structure — is appended to the log in the same transaction as the act, so the log
/// size is a counter of published changes: a page rendered at size n is current for as long as the
/// log still has n entries. The store's other writes (users, tokens) change no page.
///
/// Two things keep this cheap while protocols stream in:
/// - The size is not read per request. A write by this process is seen at once (the store counts
///   its commits in memory); writes by other processes sharing the database (an import from the
///   command line) are seen within `freshness`, when the size is read again.
/// - Rendering is single-flight: when a page is missing, the first request renders it and every
///   concurrent request for the same key waits for that one rendering instead of repeating it.
final class PageCache: Sendable {
    struct Entry: Sendable {
        var stamp: Int
        var body: ByteBuffer
        var contentType: String
        var etag: String?
    }

    private struct Clock {
        var stamp = -1
        var writes = -1
        var checkedAt = ContinuousClock.Instant.now
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let inFlight = Mutex<[String: (stamp: Int, task: Task<Entry, any Error>)]>([:])
    private let clock = Mutex(Clock())
    let capacity: Int
    let freshness: Duration

    init(capacity: Int = 4096, freshness: Duration = .milliseconds(200)) {
        self.capacity = capacity
        self.freshness = freshness
    }

    /// The current stamp: the log size, read again only when this process has written since the
    /// last read or when the last read is older than `freshness`.
    func stamp(_ store: HattamaStore) async throws -> Int {
        let writes = store.committedWrites
        let now = ContinuousClock.Instant.now
        let known = clock.withLock { clock -> Int? in
            clock.writes == writes && now - clock.checkedAt < freshness ? clock.stamp : nil
        }
        if let known { return known }
        let size = try await store.logSize()
        clock.withLock { clock in
            // A slower concurrent read must not move the clock backwards.
            if size >= clock.stamp || writes != clock.writes {
                clock = Clock(stamp: size, writes: writes, checkedAt: now)
            }
        }
        return size
    }

    func get(_ key: String, stamp: Int) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if entry.stamp == stamp { return entry }
            entries[key] = nil
            return nil
        }
    }

    func put(_ key: String, _ entry: Entry) {
        entries.withLock { entries in
            // Old stamps are dead weight; when full, start over rather than track recency.
            if entries.count >= capacity {
                entries = entries.filter { $0.value.stamp == entry.stamp }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }

    /// The entry for `key` at `stamp`: from the cache, from a rendering already under way, or
    /// built now by `build` (which is then shared with every concurrent caller). `hit` says
    /// whether it came from the cache.
    func entry(
        _ key: String, stamp: Int, build: @escaping @Sendable () async throws -> Entry
    ) async throws -> (entry: Entry, hit: Bool) {
        if let hit = get(key, stamp: stamp) { return (hit, true) }
        let task = inFlight.withLock { inFlight -> Task<Entry, any Error> in
            if let running = inFlight[key], running.stamp == stamp { return running.task }
            let task = Task { try await build() }
            inFlight[key] = (stamp, task)
            return task
        }
        do {
            let entry = try await task.value
            inFlight.withLock { inFlight in
                if inFlight[key]?.stamp == stamp { inFlight[key] = nil }
            }
            put(key, entry)
            return (entry, false)
        } catch {
            inFlight.withLock { inFlight in
                if inFlight[key]?.stamp == stamp { inFlight[key] = nil }
            }
            throw error
        }
    }

    var count: Int { entries.withLock { $0.count } }

    /// The log size read from the database now (no freshness window).
    static func stamp(_ store: HattamaStore) async throws -> Int {
        try await store.logSize()
    }
}
