import Foundation
import HattamaLedger
import Testing

@Suite("Merkle tree")
struct MerkleTreeTests {
    static let maxSize = 300
    static let entries = randomEntries(count: maxSize, seed: 0x4841_5454_414D_41)
    static let leafHashes = entries.map(MerkleHash.leafHash)
    static let fullTree = tree(of: entries)
    /// Brute-force roots of every prefix, the oracle for every past-size query.
    static let roots = (0...maxSize).map { MerkleHash.root(ofLeafHashes: Array(leafHashes.prefix($0))) }
    /// Sizes split into chunks so Swift Testing runs them in parallel.
    static let sizeChunks = stride(from: 1, through: maxSize, by: 25).map { Array($0..<min($0 + 25, maxSize + 1)) }

    /// Tampering is tried on every position up to 128 leaves (every tree shape up to 2^7) and on a
    /// sample beyond, which keeps the debug-build run short; plain verification stays exhaustive.
    static func tamper(_ position: Int, size: Int) -> Bool {
        size <= 128 || position % 11 == 0 || position >= size - 2
    }

    @Test func appendReturnsIndicesAndKeepsLeafHashes() {
        var tree = MerkleTree()
        for (index, entry) in Self.entries.prefix(10).enumerated() {
            #expect(tree.append(entry: entry) == index)
            #expect(tree.size == index + 1)
        }
        #expect(tree.leafHash(at: 3) == Self.leafHashes[3])
        #expect(tree.leafHash(at: 10) == nil)
        #expect(MerkleTree(leafHashes: Self.leafHashes.prefix(10)).root == tree.root)
    }

    @Test func rootAtEveryPastSizeMatchesBruteForce() throws {
        for size in 0...Self.maxSize {
            #expect(try Self.fullTree.root(atSize: size) == Self.roots[size], "size \(size)")
        }
        var growing = MerkleTree()
        for size in 1...Self.maxSize {
            growing.append(entry: Self.entries[size - 1])
            #expect(growing.root == Self.roots[size], "current root at \(size)")
        }
    }

    @Test func proofsMatchTheLiteralRFCAlgorithmsForSmallTrees() throws {
        for size in 0...64 {
            let leaves = Self.leafHashes[..<size]
            for index in 0..<size {
                #expect(try Self.fullTree.inclusionProof(index: index, size: size) == Reference.path(index, leaves), "\(index)@\(size)")
            }
            for first in 0...size {
                #expect(
                    try Self.fullTree.consistencyProof(from: first, to: size) == Reference.consistency(first, leaves), "\(first)→\(size)")
            }
        }
    }

    @Test(arguments: sizeChunks) func everyInclusionProofVerifiesAndTamperingFails(sizes: [Int]) throws {
        for size in sizes {
            let root = try Self.fullTree.root(atSize: size)
            #expect(root == Self.roots[size])
            for index in 0..<size {
                let leafHash = Self.leafHashes[index]
                let proof = try Self.fullTree.inclusionProof(index: index, size: size)
                #expect(MerkleVerifier.verifyInclusion(leafHash: leafHash, index: index, treeSize: size, proof: proof, root: root))
                guard Self.tamper(index, size: size) else { continue }
                for probe in corruptedInclusions(leafHash: leafHash, index: index, size: size, proof: proof, root: root) {
                    let accepted = MerkleVerifier.verifyInclusion(
                        leafHash: probe.leafHash, index: probe.index, treeSize: probe.size, proof: probe.proof, root: probe.root)
                    #expect(!accepted, "\(index)@\(size): \(probe.0)")
                }
            }
        }
    }

    @Test(arguments: sizeChunks) func everyConsistencyProofVerifiesAndTamperingFails(sizes: [Int]) throws {
        for second in sizes {
            for first in 0...second {
                let (firstRoot, secondRoot) = (Self.roots[first], Self.roots[second])
                let proof = try Self.fullTree.consistencyProof(from: first, to: second)
                #expect(
                    MerkleVerifier.verifyConsistency(
                        firstSize: first, secondSize: second, firstRoot: firstRoot, secondRoot: secondRoot, proof: proof),
                    "\(first)→\(second)")
                guard first > 0, first < second else {
                    #expect(proof.isEmpty)
                    continue
                }
                guard Self.tamper(first, size: second) else { continue }
                for probe in corruptedConsistencies(
                    first: first, second: second, firstRoot: firstRoot, secondRoot: secondRoot, proof: proof)
                {
                    let accepted = MerkleVerifier.verifyConsistency(
                        firstSize: probe.first, secondSize: probe.second, firstRoot: probe.firstRoot, secondRoot: probe.secondRoot,
                        proof: probe.proof)
                    #expect(!accepted, "\(first)→\(second): \(probe.0)")
                }
            }
        }
    }

    @Test(arguments: [511, 512, 513, 1000, 1023, 1024, 1025, 4097])
    func largerTreesAroundPowersOfTwo(size: Int) throws {
        let entries = randomEntries(count: size, seed: UInt64(size))
        let leaves = entries.map(MerkleHash.leafHash)
        let tree = tree(of: entries)
        let root = MerkleHash.root(ofLeafHashes: leaves)
        #expect(tree.root == root)
        let positions = Set([0, 1, size / 3, size / 2, size - 2, size - 1] + (0..<20).map { ($0 * 7919) % size })
        for index in positions {
            let proof = try tree.inclusionProof(index: index, size: size)
            #expect(MerkleVerifier.verifyInclusion(leafHash: leaves[index], index: index, treeSize: size, proof: proof, root: root))
        }
        for first in positions.map({ $0 + 1 }) {
            let firstRoot = try tree.root(atSize: first)
            #expect(firstRoot == MerkleHash.root(ofLeafHashes: Array(leaves.prefix(first))))
            let proof = try tree.consistencyProof(from: first, to: size)
            #expect(
                MerkleVerifier.verifyConsistency(firstSize: first, secondSize: size, firstRoot: firstRoot, secondRoot: root, proof: proof))
        }
    }

    @Test func invalidRequestsThrow() {
        let tree = Self.fullTree
        #expect(throws: MerkleTreeError.indexOutOfRange(index: 5, treeSize: 5)) { try tree.inclusionProof(index: 5, size: 5) }
        #expect(throws: MerkleTreeError.indexOutOfRange(index: -1, treeSize: 5)) { try tree.inclusionProof(index: -1, size: 5) }
        #expect(throws: MerkleTreeError.indexOutOfRange(index: 0, treeSize: 0)) { try tree.inclusionProof(index: 0, size: 0) }
        #expect(throws: MerkleTreeError.treeSizeBeyondLog(requested: 301, available: 300)) { try tree.inclusionProof(index: 0, size: 301) }
        #expect(throws: MerkleTreeError.treeSizeBeyondLog(requested: 301, available: 300)) { try tree.root(atSize: 301) }
        #expect(throws: MerkleTreeError.invalidTreeSize(-1)) { try tree.root(atSize: -1) }
        #expect(throws: MerkleTreeError.invalidConsistencyRange(from: 6, to: 5)) { try tree.consistencyProof(from: 6, to: 5) }
        #expect(throws: MerkleTreeError.invalidConsistencyRange(from: -1, to: 5)) { try tree.consistencyProof(from: -1, to: 5) }
        #expect(throws: MerkleTreeError.treeSizeBeyondLog(requested: 400, available: 300)) { try tree.consistencyProof(from: 3, to: 400) }
        #expect(throws: MerkleTreeError.missingNode(MerkleNodeID(level: 9, index: 0))) { try tree.node(level: 9, index: 0) }
    }
}

/// The storage design: proofs come from O(log n) complete-subtree reads, through the protocol or
/// from a batch of fetched rows, so a SQL store can serve them exactly like the in-memory tree.
@Suite("Merkle node sources")
struct MerkleNodeSourceTests {
    /// A store that knows only its node table, as a database would, and counts reads.
    final class TableSource: MerkleNodeSource {
        let leafCount: Int
        let table: [MerkleNodeID: Hash]
        var reads = 0

        init(_ tree: MerkleTree) throws {
            leafCount = tree.size
            var table: [MerkleNodeID: Hash] = [:]
            var level = 0
            while 1 << level <= tree.size {
                for index in 0..<(tree.size >> level) {
                    table[MerkleNodeID(level: level, index: index)] = try tree.node(level: level, index: index)
                }
                level += 1
            }
            self.table = table
        }

        func node(level: Int, index: Int) throws -> Hash {
            reads += 1
            guard let hash = table[MerkleNodeID(level: level, index: index)] else {
                throw MerkleTreeError.missingNode(MerkleNodeID(level: level, index: index))
            }
            return hash
        }
    }

    static let size = 1000
    static let memory = tree(of: randomEntries(count: size, seed: 7))

    @Test func tableSourceGivesTheSameAnswersWithLogarithmicReads() throws {
        let source = try TableSource(Self.memory)
        // About one node per level plus the right edge's complete subtrees: O(log n), never O(n).
        let bound = 2 * (Int.bitWidth - Self.size.leadingZeroBitCount) + 2
        for size in [1, 2, 3, 7, 8, 9, 500, 513, 999, 1000] {
            source.reads = 0
            #expect(try source.root(atSize: size) == Self.memory.root(atSize: size))
            #expect(source.reads <= bound, "root@\(size) read \(source.reads)")
            for index in Set([0, size / 2, size - 1]) {
                source.reads = 0
                #expect(try source.inclusionProof(index: index, size: size) == Self.memory.inclusionProof(index: index, size: size))
                #expect(source.reads <= bound, "inclusion \(index)@\(size) read \(source.reads)")
            }
            for first in Set([1, size / 3, size - 1]) where first <= size {
                source.reads = 0
                #expect(try source.consistencyProof(from: first, to: size) == Self.memory.consistencyProof(from: first, to: size))
                #expect(source.reads <= bound, "consistency \(first)→\(size) read \(source.reads)")
            }
        }
    }

    @Test func planResolvesFromABatchOfFetchedNodes() throws {
        let source = try TableSource(Self.memory)
        let plan = try MerkleProofPlan.inclusion(index: 123, treeSize: 777)
        #expect(plan.treeSize == 777)
        #expect(Set(plan.nodeIDs).count == plan.nodeIDs.count)
        #expect(plan.nodeIDs.allSatisfy { $0.firstLeaf + $0.leafCount <= 777 })
        let fetched = Dictionary(uniqueKeysWithValues: plan.nodeIDs.map { ($0, source.table[$0]!) })
        #expect(try plan.resolve(fetched: fetched) == Self.memory.inclusionProof(index: 123, size: 777))

        let missing = plan.nodeIDs[0]
        var partial = fetched
        partial[missing] = nil
        #expect(throws: MerkleTreeError.missingNode(missing)) { try plan.resolve(fetched: partial) }

        let consistency = try MerkleProofPlan.consistency(from: 300, to: 777)
        let rows = Dictionary(uniqueKeysWithValues: consistency.nodeIDs.map { ($0, source.table[$0]!) })
        #expect(try consistency.resolve(fetched: rows) == Self.memory.consistencyProof(from: 300, to: 777))
        #expect(try MerkleProofPlan.root(treeSize: 0).resolve(fetched: [:]) == [MerkleHash.emptyRoot])
    }

    @Test func rootPlanOfPowerOfTwoIsOneStoredNode() throws {
        #expect(try MerkleProofPlan.root(treeSize: 512).groups == [[MerkleNodeID(level: 9, index: 0)]])
        // 1000 = 512 + 256 + 128 + 64 + 32 + 8: one complete subtree per set bit.
        let edge = try MerkleProofPlan.root(treeSize: 1000).groups[0]
        #expect(edge.map(\.level) == [9, 8, 7, 6, 5, 3])
        #expect(edge.map(\.firstLeaf) == [0, 512, 768, 896, 960, 992])
    }
}

@Suite("Large Merkle tree")
struct LargeMerkleTreeTests {
    @Test func proofsStayCorrectAtOneHundredThousandLeaves() throws {
        let count = 100_000
        var tree = MerkleTree()
        var leaves: [Hash] = []
        leaves.reserveCapacity(count)
        for index in 0..<count {
            let entry = Data("ballot-\(index)".utf8)
            leaves.append(MerkleHash.leafHash(entry))
            #expect(tree.append(entry: entry) == index)
        }
        let root = MerkleHash.root(ofLeafHashes: leaves)
        #expect(tree.root == root)
        #expect(try tree.root(atSize: count) == root)

        for size in [65_536, 77_777, count] {
            let sizeRoot = try tree.root(atSize: size)
            for index in [0, 1, 4095, 50_000, 65_535, size - 1] where index < size {
                let proof = try tree.inclusionProof(index: index, size: size)
                #expect(proof.count <= 17)
                #expect(MerkleVerifier.verifyInclusion(leafHash: leaves[index], index: index, treeSize: size, proof: proof, root: sizeRoot))
            }
        }
        #expect(try tree.inclusionProof(index: 99_998, size: count) == Reference.path(99_998, leaves[...]))

        for first in [1, 12_345, 65_536, 65_537, 99_999] {
            let firstRoot = try tree.root(atSize: first)
            let proof = try tree.consistencyProof(from: first, to: count)
            #expect(
                MerkleVerifier.verifyConsistency(firstSize: first, secondSize: count, firstRoot: firstRoot, secondRoot: root, proof: proof))
        }
        #expect(try tree.root(atSize: 12_345) == MerkleHash.root(ofLeafHashes: Array(leaves.prefix(12_345))))
        #expect(try tree.consistencyProof(from: 12_345, to: count) == Reference.consistency(12_345, leaves[...]))
    }
}
