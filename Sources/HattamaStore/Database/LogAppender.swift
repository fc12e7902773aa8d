import Foundation
import HattamaCore
import HattamaLedger
import SQLKit

/// Appends to the log from inside a write transaction (see `StoreContext.write(…logging…)`).
///
/// Each call takes the log's append lock for the rest of the transaction (SQLite: the store's single
/// writer already serialises; PostgreSQL: `pg_advisory_xact_lock`), reads the size and the O(log n)
/// right-edge subtree hashes, and inserts the entries and every newly completed subtree hash. A
/// batch of k entries costs one read of ≤ 64 nodes and about 2k inserted node rows.
public struct LogAppender: Sendable {
    let db: any SQLDatabase

    /// Appends the entries in order and returns their leaf indices.
    @discardableResult
    public func append(_ entries: [LogEntry]) async throws -> [Int] {
        guard !entries.isEmpty else { return [] }
        for entry in entries where !LogEntry.isValidType(entry.type) {
            throw StoreError.invalid("log entry type '\(entry.type)': expected 1–64 lowercase letters, digits or hyphens")
        }
        try await LogStorage.lock(db)
        let size = try await LogStorage.size(db)
        let frontierIDs = try MerkleProofPlan.root(treeSize: size).nodeIDs
        var nodes = try await LogStorage.readNodes(db, frontierIDs)
        var newNodes: [[SQLValue]] = []
        var rows: [[SQLValue]] = []
        newNodes.reserveCapacity(entries.count * 2)
        rows.reserveCapacity(entries.count)
        let now = Timestamp.now()
        for (offset, entry) in entries.enumerated() {
            let leafIndex = size + offset
            var hash = entry.leafHash
            let leafHex = hash.hex
            rows.append([.integer(leafIndex), .text(entry.type), .text(entry.subject), .text(entry.payload), .text(leafHex), .text(now)])
            var level = 0
            var index = leafIndex
            nodes[MerkleNodeID(level: 0, index: index)] = hash
            newNodes.append([.integer(0), .integer(index), .text(leafHex)])
            // Each odd index completes a pair, and so a subtree one level up.
            while index & 1 == 1 {
                let leftID = MerkleNodeID(level: level, index: index - 1)
                guard let left = nodes[leftID] else {
                    throw StoreError.unavailable("transparency log: stored tree node \(leftID) is missing")
                }
                // The left sibling is never needed again once combined.
                nodes[leftID] = nil
                hash = MerkleHash.nodeHash(left, hash)
                level += 1
                index >>= 1
                nodes[MerkleNodeID(level: level, index: index)] = hash
                newNodes.append([.integer(level), .integer(index), .text(hash.hex)])
            }
        }
        try await db.insertValues("log_entries", ["entry_index", "entry_type", "subject", "payload", "leaf_hash", "logged_at"], rows)
        try await db.insertValues("log_nodes", ["level", "node_index", "hash"], newNodes)
        return Array(size..<(size + entries.count))
    }
}

/// The log's storage primitives, shared by the appender, the log area and every area that takes
/// the log's lock for a write that must see the log as it stands.
enum LogStorage {
    /// Any fixed 64-bit key: the advisory lock that serialises appends and tree-head signing.
    static let lockKey = 0x6861_7474_616D_61

    static func lock(_ db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" {
            try await db.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(lockKey)))").run()
        }
    }

    static func size(_ db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("SELECT MAX(entry_index) AS m FROM log_entries").first()
        guard let row, try !row.decodeNil(column: "m") else { return 0 }
        return try row.decode(column: "m", as: Int.self) + 1
    }

    static func readNodes(_ db: any SQLDatabase, _ ids: [MerkleNodeID]) async throws -> [MerkleNodeID: Hash] {
        var result: [MerkleNodeID: Hash] = [:]
        for chunk in Array(Set(ids)).chunked(200) where !chunk.isEmpty {
            // Levels and indices are our own integers, so they are written inline.
            let condition = chunk.map { "(level = \($0.level) AND node_index = \($0.index))" }.joined(separator: " OR ")
            for row in try await db.raw("SELECT level, node_index, hash FROM log_nodes WHERE \(unsafeRaw: condition)").all() {
                let id = MerkleNodeID(level: try row.int("level"), index: try row.int("node_index"))
                guard let hash = Hash(hex: try row.string("hash")) else {
                    throw StoreError.unavailable("transparency log: stored tree node \(id) is not a hash")
                }
                result[id] = hash
            }
        }
        return result
    }
}
