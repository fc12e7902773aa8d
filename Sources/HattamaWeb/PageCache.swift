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
///   command line) are seen within about `freshness`, when a background read refreshes the size.
/// - Rendering is single-flight: when a page is missing, the first request renders it; concurrent
///   requests for the same key get the previous version meanwhile (or, when there is none, wait
///   for that one rendering) instead of repeating it.
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
        var refreshing = false
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

    /// The current stamp: the log size, read again at once when this process has written since the
    /// last read; when only the freshness window has passed, the known size is returned and one
    /// background read refreshes it, so no request waits on the database for it.
    func stamp(_ log: LogStore) async throws -> Int {
        let writes = log.committedWrites
        let now = ContinuousClock.Instant.now
        enum Decision {
            case known(Int)
            case refreshInBackground(Int)
            case read
        }
        let decision = clock.withLock { clock -> Decision in
            guard clock.writes == writes, clock.stamp >= 0 else { return .read }
            if now - clock.checkedAt < freshness || clock.refreshing { return .known(clock.stamp) }
            clock.refreshing = true
            return .refreshInBackground(clock.stamp)
        }
        switch decision {
        case .known(let stamp):
            return stamp
        case .refreshInBackground(let stamp):
            Task {
                let size = try? await log.logSize()
                clock.withLock { clock in
                    clock.refreshing = false
                    if let size, size >= clock.stamp, clock.writes == writes {
                        clock = Clock(stamp: size, writes: writes, checkedAt: .now)
                    }
                }
            }
            return stamp
        case .read:
            let size = try await log.logSize()
            clock.withLock { clock in
                // A slower concurrent read must not move the clock backwards.
                if size >= clock.stamp || writes != clock.writes {
                    clock = Clock(stamp: size, writes: writes, checkedAt: now)
                }
            }
            return size
        }
    }

    /// The entry for `key` if it was made at `stamp`. Older entries stay until replaced: they are
    /// what concurrent requests get while the new one renders (see `lookup`).
    func get(_ key: String, stamp: Int) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.stamp == stamp else { return nil }
            return entry
        }
    }

    func put(_ key: String, _ entry: Entry) {
        entries.withLock { entries in
            // Never replace a newer entry with an older one (a slow rendering finishing late).
            if let existing = entries[key], existing.stamp > entry.stamp { return }
            // Old stamps are dead weight; when full, start over rather than track recency.
            if entries.count >= capacity {
                entries = entries.filter { $0.value.stamp == entry.stamp }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }

    enum Source: String, Sendable {
        /// Made at the current stamp.
        case hit
        /// Rendered for this request.
        case miss
        /// The previous version, given while another request renders the current one.
        case stale
    }

    /// The entry for `key` at `stamp`: from the cache; or, when missing, built by `build` once
    /// however many requests ask at the same time. The request that starts the rendering waits for
    /// it (so whoever just wrote sees the change); requests arriving while it runs get the
    /// previous version at once if there is one, so one slow rendering does not stall every
    /// connection (stale-while-revalidate, for at most one rendering's time).
    func lookup(
        _ key: String, stamp: Int, build: @escaping @Sendable () async throws -> Entry
    ) async throws -> (entry: Entry, source: Source) {
        let (current, previous) = entries.withLock { entries -> (Entry?, Entry?) in
            guard let entry = entries[key] else { return (nil, nil) }
            return entry.stamp == stamp ? (entry, nil) : (nil, entry)
        }
        if let current { return (current, .hit) }
        let (task, started) = inFlight.withLock { inFlight -> (Task<Entry, any Error>, Bool) in
            if let running = inFlight[key], running.stamp == stamp { return (running.task, false) }
            let task = Task { try await build() }
            inFlight[key] = (stamp, task)
            return (task, true)
        }
        if !started, let previous, previous.stamp < stamp { return (previous, .stale) }
        do {
            let entry = try await task.value
            inFlight.withLock { inFlight in
                if inFlight[key]?.stamp == stamp { inFlight[key] = nil }
            }
            put(key, entry)
            return (entry, started ? .miss : .hit)
        } catch {
            inFlight.withLock { inFlight in
                if inFlight[key]?.stamp == stamp { inFlight[key] = nil }
            }
            throw error
        }
    }

    /// `lookup` for callers that only need to know whether the entry was already there.
    func entry(
        _ key: String, stamp: Int, build: @escaping @Sendable () async throws -> Entry
    ) async throws -> (entry: Entry, hit: Bool) {
        let (entry, source) = try await lookup(key, stamp: stamp, build: build)
        return (entry, source != .miss)
    }

    var count: Int { entries.withLock { $0.count } }

    /// The log size read from the database now (no freshness window).
    static func stamp(_ log: LogStore) async throws -> Int {
        try await log.logSize()
    }
}
