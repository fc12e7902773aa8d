/// Pure RFC 9162 proof verification. It needs only hashes, sizes and roots, so an independent
/// verifier can use it without any access to the log.
public enum MerkleVerifier {
    /// RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree with `root`?
    public static func verifyInclusion(leafHash: Hash, index: Int, treeSize: Int, proof: [Hash], root: Hash) -> Bool {
        rootFromInclusionProof(leafHash: leafHash, index: index, treeSize: treeSize, proof: proof) == root
    }

    /// The root that `proof` implies for the leaf, or nil when the proof's length and shape cannot
    /// belong to `index` in a tree of `treeSize`.
    public static func rootFromInclusionProof(leafHash: Hash, index: Int, treeSize: Int, proof: [Hash]) -> Hash? {
        guard index >= 0, index < treeSize else { return nil }
        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.nodeHash(p, r)
                // Skip levels where this node has no right sibling (right edge of the tree).
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = MerkleHash.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    /// RFC 9162 §2.1.4.2: is the tree (`firstSize`, `firstRoot`) a prefix of (`secondSize`, `secondRoot`)?
    ///
    /// Equal sizes need equal roots and an empty proof; size 0 needs the empty-tree root and an empty
    /// proof. The RFC algorithm covers 0 < firstSize < secondSize.
    public static func verifyConsistency(firstSize: Int, secondSize: Int, firstRoot: Hash, secondRoot: Hash, proof: [Hash]) -> Bool {
        guard firstSize >= 0, firstSize <= secondSize else { return false }
        if firstSize == secondSize { return proof.isEmpty && firstRoot == secondRoot }
        if firstSize == 0 { return proof.isEmpty && firstRoot == MerkleHash.emptyRoot }
        guard !proof.isEmpty else { return false }

        // When the first tree is a complete subtree its root is left out of the proof.
        var path = proof
        if firstSize & (firstSize - 1) == 0 { path.insert(firstRoot, at: 0) }

        var fn = firstSize - 1
        var sn = secondSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.nodeHash(c, fr)
                sr = MerkleHash.nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = MerkleHash.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == firstRoot && sr == secondRoot && sn == 0
    }
}
