import Foundation

/// In-memory append-only Merkle tree (RFC 9162 §2.1).
///
/// Keeps every complete subtree hash, about 2n hashes for n leaves, so a root or proof for any
/// past size costs O(log n) reads plus O(log n) hashing for the incomplete right edge.
public struct MerkleTree: MerkleNodeSource, Sendable {
    // levels[k][i] is the hash of the complete subtree of 2^k leaves starting at leaf i·2^k.
    private var levels: [[Hash]] = [[]]

    public init() {}

    /// Rebuilds a tree from stored leaf hashes, e.g. when loading a log.
    public init(leafHashes: some Sequence<Hash>) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    public var size: Int { levels[0].count }
    public var leafCount: Int { size }

    /// Root of the current tree.
    public var root: Hash {
        MerkleProofPlan.fold(MerkleProofPlan.completeSubtrees(0, size).map { levels[$0.level][$0.index] })
    }

    /// Appends an entry and returns its leaf index.
    @discardableResult
    public mutating func append(entry: some DataProtocol) -> Int {
        append(leafHash: MerkleHash.leafHash(entry))
    }

    /// Appends an already hashed leaf and returns its index. Amortised O(1) hashing.
    @discardableResult
    public mutating func append(leafHash: Hash) -> Int {
        let leafIndex = levels[0].count
        levels[0].append(leafHash)
        // Each odd index completes a pair, and so a subtree one level up.
        var hash = leafHash
        var level = 0
        var index = leafIndex
        while index & 1 == 1 {
            hash = MerkleHash.nodeHash(levels[level][index - 1], hash)
            level += 1
            index >>= 1
            if level == levels.count { levels.append([]) }
            levels[level].append(hash)
        }
        return leafIndex
    }

    public func leafHash(at index: Int) -> Hash? {
        levels[0].indices.contains(index) ? levels[0][index] : nil
    }

    public func node(level: Int, index: Int) throws -> Hash {
        guard levels.indices.contains(level), levels[level].indices.contains(index) else {
            throw MerkleTreeError.missingNode(MerkleNodeID(level: level, index: index))
        }
        return levels[level][index]
    }
}
