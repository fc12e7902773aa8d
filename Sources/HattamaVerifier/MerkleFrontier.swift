import HattamaLedger

/// The RFC 9162 root of a log read from its entries in order, in O(log n) memory: only the
/// complete subtrees on the right edge (at most one per bit of the size) are kept.
public struct MerkleFrontier: Sendable {
    // Complete subtree hashes, largest (leftmost) first; levels strictly decrease.
    private var stack: [(level: Int, hash: Hash)] = []
    public private(set) var size = 0

    public init() {}

    public mutating func append(leafHash: Hash) {
        var hash = leafHash
        var level = 0
        while let last = stack.last, last.level == level {
            stack.removeLast()
            hash = MerkleHash.nodeHash(last.hash, hash)
            level += 1
        }
        stack.append((level, hash))
        size += 1
    }

    /// MTH of the leaves appended so far: the right-edge subtrees combined from the right.
    public var root: Hash {
        guard var accumulator = stack.last?.hash else { return MerkleHash.emptyRoot }
        for node in stack.dropLast().reversed() {
            accumulator = MerkleHash.nodeHash(node.hash, accumulator)
        }
        return accumulator
    }
}
