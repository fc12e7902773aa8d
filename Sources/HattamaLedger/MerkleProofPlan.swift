/// Address of a complete subtree: `level` k and `index` i cover leaves [i·2^k, (i+1)·2^k).
/// Level 0 holds the leaf hashes themselves. These are the only hashes a log ever needs to store.
public struct MerkleNodeID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let level: Int
    public let index: Int

    public init(level: Int, index: Int) {
        self.level = level
        self.index = index
    }

    public var firstLeaf: Int { index << level }
    public var leafCount: Int { 1 << level }
    public var description: String { "\(level)/\(index)" }
}

public enum MerkleTreeError: Error, Equatable, Sendable {
    case invalidTreeSize(Int)
    case treeSizeBeyondLog(requested: Int, available: Int)
    case indexOutOfRange(index: Int, treeSize: Int)
    case invalidConsistencyRange(from: Int, to: Int)
    case missingNode(MerkleNodeID)
}

/// Which stored complete-subtree hashes a root or proof needs, and how to combine them.
///
/// Planning is separate from reading so a database-backed log can fetch all O(log n) nodes in one
/// query (`nodeIDs`) and then call `resolve(fetched:)`; the in-memory tree reads them one by one.
public struct MerkleProofPlan: Sendable, Equatable {
    /// One group per output hash. A single node is read as is; several nodes are the complete subtrees
    /// of an incomplete right-edge subtree, left to right, hashed together from the right.
    public let groups: [[MerkleNodeID]]
    /// The tree size whose nodes are read: a source must hold at least this many leaves.
    public let treeSize: Int

    public var nodeIDs: [MerkleNodeID] { groups.flatMap { $0 } }

    /// MTH of the first `treeSize` leaves: a single group (empty for the empty tree).
    public static func root(treeSize: Int) throws(MerkleTreeError) -> MerkleProofPlan {
        guard treeSize >= 0 else { throw .invalidTreeSize(treeSize) }
        return MerkleProofPlan(groups: [completeSubtrees(0, treeSize)], treeSize: treeSize)
    }

    /// PATH(index, D[treeSize]) of RFC 9162 §2.1.3.1.
    public static func inclusion(index: Int, treeSize: Int) throws(MerkleTreeError) -> MerkleProofPlan {
        guard treeSize >= 0 else { throw .invalidTreeSize(treeSize) }
        guard index >= 0, index < treeSize else { throw .indexOutOfRange(index: index, treeSize: treeSize) }
        var groups: [[MerkleNodeID]] = []
        path(index, 0, treeSize, into: &groups)
        return MerkleProofPlan(groups: groups, treeSize: treeSize)
    }

    /// PROOF(from, D[to]) = SUBPROOF(from, D[to], true) of RFC 9162 §2.1.4.1.
    /// Empty when from == to, and when from == 0 (every tree extends the empty tree).
    public static func consistency(from first: Int, to second: Int) throws(MerkleTreeError) -> MerkleProofPlan {
        guard first >= 0, first <= second else { throw .invalidConsistencyRange(from: first, to: second) }
        var groups: [[MerkleNodeID]] = []
        if first > 0 { subproof(first, 0, second, true, into: &groups) }
        return MerkleProofPlan(groups: groups, treeSize: second)
    }

    public func resolve(_ node: (MerkleNodeID) throws -> Hash) rethrows -> [Hash] {
        try groups.map { group in Self.fold(try group.map(node)) }
    }

    /// Resolves from a batch of fetched nodes, e.g. the rows of one SQL query for `nodeIDs`.
    public func resolve(fetched nodes: [MerkleNodeID: Hash]) throws(MerkleTreeError) -> [Hash] {
        var result: [Hash] = []
        result.reserveCapacity(groups.count)
        for group in groups {
            var hashes: [Hash] = []
            for id in group {
                guard let hash = nodes[id] else { throw .missingNode(id) }
                hashes.append(hash)
            }
            result.append(Self.fold(hashes))
        }
        return result
    }

    /// Hash of consecutive complete subtrees of decreasing size, combined from the right as MTH does.
    static func fold(_ hashes: [Hash]) -> Hash {
        guard var accumulator = hashes.last else { return MerkleHash.emptyRoot }
        for hash in hashes.dropLast().reversed() {
            accumulator = MerkleHash.nodeHash(hash, accumulator)
        }
        return accumulator
    }

    /// Splits leaves [begin, end) into maximal aligned complete subtrees, left to right. For the
    /// subtrees MTH recursion produces this is a single node, except on the right edge of the tree.
    static func completeSubtrees(_ begin: Int, _ end: Int) -> [MerkleNodeID] {
        var ids: [MerkleNodeID] = []
        var position = begin
        while position < end {
            var level = Int.bitWidth - 1 - (end - position).leadingZeroBitCount
            if position != 0 { level = min(level, position.trailingZeroBitCount) }
            ids.append(MerkleNodeID(level: level, index: position >> level))
            position += 1 << level
        }
        return ids
    }

    // RFC PATH over the leaf range [begin, end); m is relative to begin.
    private static func path(_ m: Int, _ begin: Int, _ end: Int, into groups: inout [[MerkleNodeID]]) {
        let n = end - begin
        guard n > 1 else { return }
        let k = MerkleHash.largestPowerOfTwo(below: n)
        if m < k {
            path(m, begin, begin + k, into: &groups)
            groups.append(completeSubtrees(begin + k, end))
        } else {
            path(m - k, begin + k, end, into: &groups)
            groups.append(completeSubtrees(begin, begin + k))
        }
    }

    // RFC SUBPROOF over [begin, end); m is relative to begin and stays ≥ 1 throughout.
    private static func subproof(_ m: Int, _ begin: Int, _ end: Int, _ haveRoot: Bool, into groups: inout [[MerkleNodeID]]) {
        let n = end - begin
        if m == n {
            if !haveRoot { groups.append(completeSubtrees(begin, end)) }
            return
        }
        let k = MerkleHash.largestPowerOfTwo(below: n)
        if m <= k {
            subproof(m, begin, begin + k, haveRoot, into: &groups)
            groups.append(completeSubtrees(begin + k, end))
        } else {
            subproof(m - k, begin + k, end, false, into: &groups)
            groups.append(completeSubtrees(begin, begin + k))
        }
    }
}
