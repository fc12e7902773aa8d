/// Read access to a log's stored complete-subtree hashes: the in-memory `MerkleTree`, or a
/// persistent store. Roots and proofs for any past size are derived from these reads alone.
public protocol MerkleNodeSource {
    /// Number of leaves appended so far.
    var leafCount: Int { get }

    /// Hash of the complete subtree covering leaves [index·2^level, (index+1)·2^level).
    /// Only asked for subtrees that lie entirely within `leafCount`.
    func node(level: Int, index: Int) throws -> Hash
}

extension MerkleNodeSource {
    /// MTH of the first `treeSize` leaves.
    public func root(atSize treeSize: Int) throws -> Hash {
        try read(MerkleProofPlan.root(treeSize: treeSize))[0]
    }

    /// Audit path for leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1).
    public func inclusionProof(index: Int, size: Int) throws -> [Hash] {
        try read(MerkleProofPlan.inclusion(index: index, treeSize: size))
    }

    /// Proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (RFC 9162 §2.1.4.1).
    public func consistencyProof(from first: Int, to second: Int) throws -> [Hash] {
        try read(MerkleProofPlan.consistency(from: first, to: second))
    }

    private func read(_ plan: MerkleProofPlan) throws -> [Hash] {
        guard plan.treeSize <= leafCount else {
            throw MerkleTreeError.treeSizeBeyondLog(requested: plan.treeSize, available: leafCount)
        }
        return try plan.resolve { try node(level: $0.level, index: $0.index) }
    }
}
