import Foundation
import HattamaLedger

func hash(_ hex: String) -> Hash {
    guard let hash = Hash(hex: hex) else { preconditionFailure("bad test hash \(hex)") }
    return hash
}

func bytes(_ hex: String) -> Data {
    precondition(hex.count.isMultiple(of: 2))
    var data = Data()
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        data.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return data
}

/// Deterministic generator so a failing random case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomEntries(count: Int, seed: UInt64) -> [Data] {
    var rng = SplitMix64(state: seed)
    // The index prefix keeps entries distinct: with two equal neighbouring leaves a proof for one
    // index honestly verifies for the other, which would break the tampering checks.
    return (0..<count).map { index in
        Data("\(index):".utf8) + Data((0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }
}

func tree(of entries: [Data]) -> MerkleTree {
    var tree = MerkleTree()
    for entry in entries { tree.append(entry: entry) }
    return tree
}

/// RFC 9162 PATH and SUBPROOF written literally over leaf hashes, independent of the library's
/// node-addressing code, to compare generated proofs against.
enum Reference {
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    static func path(_ m: Int, _ leaves: ArraySlice<Hash>) -> [Hash] {
        guard leaves.count > 1 else { return [] }
        let mid = leaves.startIndex + split(leaves.count)
        if m < mid - leaves.startIndex {
            return path(m, leaves[..<mid]) + [MerkleHash.root(ofLeafHashes: Array(leaves[mid...]))]
        }
        return path(m - (mid - leaves.startIndex), leaves[mid...]) + [MerkleHash.root(ofLeafHashes: Array(leaves[..<mid]))]
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<Hash>, _ haveRoot: Bool) -> [Hash] {
        if m == leaves.count { return haveRoot ? [] : [MerkleHash.root(ofLeafHashes: Array(leaves))] }
        let k = split(leaves.count)
        let mid = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[..<mid], haveRoot) + [MerkleHash.root(ofLeafHashes: Array(leaves[mid...]))]
        }
        return subproof(m - k, leaves[mid...], false) + [MerkleHash.root(ofLeafHashes: Array(leaves[..<mid]))]
    }

    static func consistency(_ m: Int, _ leaves: ArraySlice<Hash>) -> [Hash] {
        m == 0 ? [] : subproof(m, leaves, true)
    }
}

/// Every corruption of a valid inclusion proof that must be rejected, after transparency-dev/merkle's
/// proof/verify_test.go. Size ± 1 is not among them: when it gives the same path shape the proof
/// still folds to the same root, which is RFC behaviour (the signed tree head binds the size).
func corruptedInclusions(leafHash: Hash, index: Int, size: Int, proof: [Hash], root: Hash)
    -> [(String, leafHash: Hash, index: Int, size: Int, proof: [Hash], root: Hash)]
{
    let other = hash("abacaba000000000000000000000000000000000000000000060061e00123456")
    var probes: [(String, leafHash: Hash, index: Int, size: Int, proof: [Hash], root: Hash)] = [
        ("index - 1", leafHash, index - 1, size, proof, root),
        ("index + 1", leafHash, index + 1, size, proof, root),
        ("index ^ 2", leafHash, index ^ 2, size, proof, root),
        ("size * 2", leafHash, index, size * 2, proof, root),
        ("size / 2", leafHash, index, size / 2, proof, root),
        ("wrong leaf", MerkleHash.leafHash(Data("WrongLeaf".utf8)), index, size, proof, root),
        ("empty root", leafHash, index, size, proof, MerkleHash.emptyRoot),
        ("random root", leafHash, index, size, proof, other),
        ("trailing root", leafHash, index, size, proof + [root], root),
        ("trailing garbage", leafHash, index, size, proof + [other], root),
        ("preceding root", leafHash, index, size, [root] + proof, root),
        ("preceding garbage", leafHash, index, size, [other] + proof, root),
    ]
    for i in proof.indices {
        var flipped = proof
        var raw = flipped[i].bytes
        raw[i % Hash.byteCount] ^= 0x08
        flipped[i] = Hash(bytes: raw)!
        probes.append(("flipped proof[\(i)]", leafHash, index, size, flipped, root))
    }
    if !proof.isEmpty { probes.append(("dropped last", leafHash, index, size, Array(proof.dropLast()), root)) }
    if proof.count > 1 {
        probes.append(("dropped first", leafHash, index, size, Array(proof.dropFirst()), root))
        probes.append(("inserted", leafHash, index, size, [proof[0], other] + proof.dropFirst(), root))
        probes.append(("swapped", leafHash, index, size, [proof[1], proof[0]] + proof.dropFirst(2), root))
    }
    // The same leaf hash at another index or size could legitimately verify, so only real changes count.
    return probes.filter { $0.index != index || $0.size != size || $0.proof != proof || $0.root != root || $0.leafHash != leafHash }
}

/// Corruptions of a valid, non-trivial consistency proof (0 < first < second) that must be rejected.
func corruptedConsistencies(first: Int, second: Int, firstRoot: Hash, secondRoot: Hash, proof: [Hash])
    -> [(String, first: Int, second: Int, firstRoot: Hash, secondRoot: Hash, proof: [Hash])]
{
    let wrong = MerkleHash.leafHash(Data("WrongRoot".utf8))
    var probes: [(String, first: Int, second: Int, firstRoot: Hash, secondRoot: Hash, proof: [Hash])] = [
        ("first - 1", first - 1, second, firstRoot, secondRoot, proof),
        ("first + 1", first + 1, second, firstRoot, secondRoot, proof),
        ("first ^ 2", first ^ 2, second, firstRoot, secondRoot, proof),
        ("second * 2", first, second * 2, firstRoot, secondRoot, proof),
        ("second / 2", first, second / 2, firstRoot, secondRoot, proof),
        ("wrong first root", first, second, wrong, secondRoot, proof),
        ("wrong second root", first, second, firstRoot, wrong, proof),
        ("swapped roots", first, second, secondRoot, firstRoot, proof),
        ("empty proof", first, second, firstRoot, secondRoot, []),
        ("trailing first root", first, second, firstRoot, secondRoot, proof + [firstRoot]),
        ("trailing second root", first, second, firstRoot, secondRoot, proof + [secondRoot]),
        ("preceding first root", first, second, firstRoot, secondRoot, [firstRoot] + proof),
        ("preceding second root", first, second, firstRoot, secondRoot, [secondRoot] + proof),
        ("preceding proof[0]", first, second, firstRoot, secondRoot, [proof[0]] + proof),
        ("dropped last", first, second, firstRoot, secondRoot, Array(proof.dropLast())),
        ("dropped first", first, second, firstRoot, secondRoot, Array(proof.dropFirst())),
    ]
    for i in proof.indices {
        var flipped = proof
        var raw = flipped[i].bytes
        raw[(i * 7) % Hash.byteCount] ^= 0x10
        flipped[i] = Hash(bytes: raw)!
        probes.append(("flipped proof[\(i)]", first, second, firstRoot, secondRoot, flipped))
    }
    return probes.filter {
        $0.first != first || $0.second != second || $0.firstRoot != firstRoot || $0.secondRoot != secondRoot || $0.proof != proof
    }
}
