import Crypto
import Foundation

/// RFC 9162 §2.1.1 Merkle tree hashing with SHA-256.
///
/// The 0x00 / 0x01 prefixes keep leaf and interior hashes in separate domains, so a leaf can never be
/// passed off as an interior node (second-preimage attack on the tree).
public enum MerkleHash {
    /// MTH({}) = SHA-256 of the empty string.
    public static let emptyRoot = Hash.sha256(Data())

    /// MTH({d}) = SHA-256(0x00 || d).
    public static func leafHash(_ entry: some DataProtocol) -> Hash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(data: entry)
        return Hash(hasher.finalize())
    }

    /// SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return Hash(hasher.finalize())
    }

    /// Brute-force recursive MTH over all leaf hashes, straight from the RFC definition.
    /// O(n) hashing per call: a reference for tests and independent checks, not for serving.
    public static func root(ofLeafHashes leaves: [Hash]) -> Hash {
        leaves.isEmpty ? emptyRoot : recursiveRoot(leaves[...])
    }

    private static func recursiveRoot(_ leaves: ArraySlice<Hash>) -> Hash {
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        let split = leaves.startIndex + largestPowerOfTwo(below: leaves.count)
        return nodeHash(recursiveRoot(leaves[..<split]), recursiveRoot(leaves[split...]))
    }

    /// The RFC's k: the largest power of two strictly less than n (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        precondition(n >= 2)
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}
