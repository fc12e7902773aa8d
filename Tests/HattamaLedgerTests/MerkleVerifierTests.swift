import Foundation
import HattamaLedger
import Testing

/// Edge cases of the pure verifiers, after transparency-dev/merkle proof/verify_test.go.
@Suite("Merkle verifier edge cases")
struct MerkleVerifierTests {
    let some = hash("abacaba000000000000000000000000000000000000000000060061e00123456")
    let empty = MerkleHash.emptyRoot

    @Test func singleEntryTreeRootIsTheLeafHash() {
        let leaf = MerkleHash.leafHash(Data("data".utf8))
        #expect(MerkleVerifier.verifyInclusion(leafHash: leaf, index: 0, treeSize: 1, proof: [], root: leaf))
        #expect(!MerkleVerifier.verifyInclusion(leafHash: leaf, index: 0, treeSize: 1, proof: [], root: some))
        #expect(!MerkleVerifier.verifyInclusion(leafHash: some, index: 0, treeSize: 1, proof: [], root: leaf))
        #expect(!MerkleVerifier.verifyInclusion(leafHash: leaf, index: 0, treeSize: 1, proof: [leaf], root: leaf))
    }

    @Test(arguments: [(0, 0), (1, 0), (2, 1), (-1, 3), (0, -1)])
    func impossiblePositionsNeverVerify(index: Int, size: Int) {
        #expect(!MerkleVerifier.verifyInclusion(leafHash: some, index: index, treeSize: size, proof: [], root: some))
        #expect(!MerkleVerifier.verifyInclusion(leafHash: empty, index: index, treeSize: size, proof: [], root: empty))
        #expect(MerkleVerifier.rootFromInclusionProof(leafHash: some, index: index, treeSize: size, proof: []) == nil)
    }

    @Test func rootFromInclusionProofRejectsWrongLength() {
        let leaves = (0..<5).map { MerkleHash.leafHash(Data([UInt8($0)])) }
        let proof = Reference.path(2, leaves[...])
        #expect(
            MerkleVerifier.rootFromInclusionProof(leafHash: leaves[2], index: 2, treeSize: 5, proof: proof)
                == MerkleHash.root(ofLeafHashes: leaves))
        #expect(MerkleVerifier.rootFromInclusionProof(leafHash: leaves[2], index: 2, treeSize: 5, proof: proof.dropLast()) == nil)
        #expect(MerkleVerifier.rootFromInclusionProof(leafHash: leaves[2], index: 2, treeSize: 5, proof: proof + [some]) == nil)
    }

    @Test func consistencyOfTrivialSizes() {
        let a = hash("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        // Equal sizes: equal roots and nothing to prove.
        #expect(MerkleVerifier.verifyConsistency(firstSize: 0, secondSize: 0, firstRoot: empty, secondRoot: empty, proof: []))
        #expect(MerkleVerifier.verifyConsistency(firstSize: 1, secondSize: 1, firstRoot: a, secondRoot: a, proof: []))
        #expect(!MerkleVerifier.verifyConsistency(firstSize: 1, secondSize: 1, firstRoot: a, secondRoot: some, proof: []))
        #expect(!MerkleVerifier.verifyConsistency(firstSize: 1, secondSize: 1, firstRoot: a, secondRoot: a, proof: [empty]))
        // Every tree extends the empty one, but only with the empty-tree root and an empty proof.
        #expect(MerkleVerifier.verifyConsistency(firstSize: 0, secondSize: 1, firstRoot: empty, secondRoot: a, proof: []))
        #expect(!MerkleVerifier.verifyConsistency(firstSize: 0, secondSize: 1, firstRoot: some, secondRoot: a, proof: []))
        #expect(!MerkleVerifier.verifyConsistency(firstSize: 0, secondSize: 1, firstRoot: empty, secondRoot: a, proof: [empty]))
        // Time travel and missing proofs.
        #expect(!MerkleVerifier.verifyConsistency(firstSize: 1, secondSize: 0, firstRoot: a, secondRoot: empty, proof: []))
        #expect(!MerkleVerifier.verifyConsistency(firstSize: 2, secondSize: 1, firstRoot: a, secondRoot: a, proof: []))
        #expect(!MerkleVerifier.verifyConsistency(firstSize: 1, secondSize: 2, firstRoot: a, secondRoot: some, proof: []))
        #expect(!MerkleVerifier.verifyConsistency(firstSize: -1, secondSize: 2, firstRoot: a, secondRoot: some, proof: []))
    }

    @Test func overlongProofsAreRejected() {
        let leaves = (0..<8).map { MerkleHash.leafHash(Data([UInt8($0)])) }
        let root = MerkleHash.root(ofLeafHashes: leaves)
        let proof = Reference.path(3, leaves[...])
        let padded = proof + Array(repeating: some, count: 70)
        #expect(!MerkleVerifier.verifyInclusion(leafHash: leaves[3], index: 3, treeSize: 8, proof: padded, root: root))
        let consistency = Reference.consistency(3, leaves[...])
        let firstRoot = MerkleHash.root(ofLeafHashes: Array(leaves.prefix(3)))
        #expect(MerkleVerifier.verifyConsistency(firstSize: 3, secondSize: 8, firstRoot: firstRoot, secondRoot: root, proof: consistency))
        #expect(
            !MerkleVerifier.verifyConsistency(
                firstSize: 3, secondSize: 8, firstRoot: firstRoot, secondRoot: root, proof: consistency + Array(repeating: some, count: 70))
        )
    }
}

@Suite("Hash value")
struct HashTests {
    @Test func hexRoundTripAndValidation() throws {
        let text = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
        let value = try #require(Hash(hex: text))
        #expect(value.hex == text)
        #expect(value.description == text)
        #expect(Hash(hex: text.uppercased()) == value)
        #expect(value.bytes.count == 32)
        #expect(value.data == bytes(text))
        #expect(Hash(bytes: value.bytes) == value)
        #expect(Hash(hex: String(text.dropLast(2))) == nil)
        #expect(Hash(hex: text + "00") == nil)
        #expect(Hash(hex: "zz" + text.dropFirst(2)) == nil)
        #expect(Hash(bytes: [UInt8](repeating: 0, count: 31)) == nil)
    }

    @Test func codableAsLowercaseHexString() throws {
        let value = hash("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
        let json = try JSONEncoder().encode([value])
        #expect(String(decoding: json, as: UTF8.self) == #"["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]"#)
        #expect(try JSONDecoder().decode([Hash].self, from: json) == [value])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Hash].self, from: Data(#"["abcd"]"#.utf8)) }
    }

    @Test func hashableDistinguishesEveryByte() {
        let base = [UInt8](repeating: 0, count: 32)
        var seen: Set<Hash> = [Hash(bytes: base)!]
        for position in 0..<32 {
            var changed = base
            changed[position] = 1
            seen.insert(Hash(bytes: changed)!)
        }
        #expect(seen.count == 33)
    }
}
