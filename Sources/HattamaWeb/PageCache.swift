import Foundation
import HattamaStore
import NIOCore
import Synchronization

/// Rendered pages and export files, keyed by path (which holds the language) and stamped with the
/// transparency log's size when they were made.
///
/// Every public act that changes what a page shows — a protocol version, a turnout report, an
/// election's structure — is appended to the log in the same transaction as the act, so the log
/// size is a counter of published changes: a page rendered at size n is current for as long as the
/// log still has n entries. One cheap read of the size per request decides; any new protocol
/// anywhere invalidates every page (simple and always right; while protocols stream in, each page
/// is rendered at most once per change). The store's other writes (users, tokens) change no page.
final class PageCache: Sendable {
    struct Entry: Sendable {
        var stamp: Int
        var body: ByteBuffer
        var contentType: String
        var etag: String?
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
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

    var count: Int { entries.withLock { $0.count } }

    /// The counter pages are stamped with.
    static func stamp(_ store: HattamaStore) async throws -> Int {
        try await store.logSize()
    }
}
