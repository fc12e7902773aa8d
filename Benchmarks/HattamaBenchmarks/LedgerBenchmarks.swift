// Transparency-log benchmarks (issue 4): append rate, inclusion proofs at 10 million leaves, and
// verifying a whole log from its entries next to raw SHA-256 of the same bytes in the same run.

import Benchmark
import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaLedger
import HattamaVerifier

/// One million log entries shaped like the demo's `turnout` entries (about 110 bytes each), as
/// leaf inputs `type || 0x0A || payload`, and their RFC 9162 root.
struct LedgerFixture: Sendable {
    static let entryCount = 1_000_000

    let entries: [Data]
    let root: Hash

    static func make() -> LedgerFixture {
        var rng = SeededGenerator(seed: 9162)
        var entries: [Data] = []
        entries.reserveCapacity(entryCount)
        let times = ["10:00", "12:00", "14:00", "16:00", "18:00", "20:00"]
        for i in 0..<entryCount {
            let payload =
                "{\"electionID\":\"kz-2011-presidential\",\"precinctID\":\"pec-akm-\(i / 6)\","
                + "\"time\":\"\(times[i % 6])\",\"voters\":\(rng.next() % 3_000)}"
            entries.append(LeafFormat.leafInput(type: "turnout", payload: payload))
        }
        var frontier = MerkleFrontier()
        for entry in entries { frontier.append(leafHash: MerkleHash.leafHash(entry)) }
        return LedgerFixture(entries: entries, root: frontier.root)
    }
}

/// A tree of 10,000,000 leaves (every complete subtree kept, about 640 MB), built once.
struct LargeTreeFixture: Sendable {
    static let leafCount = 10_000_000

    let tree: MerkleTree
    let root: Hash

    static func make() -> LargeTreeFixture {
        var tree = MerkleTree()
        for i in 0..<leafCount {
            tree.append(leafHash: withUnsafeBytes(of: UInt64(i).bigEndian) { MerkleHash.leafHash($0) })
        }
        return LargeTreeFixture(tree: tree, root: tree.root)
    }
}

let ledgerFixture = LedgerFixture.make()
let largeTreeFixture = LargeTreeFixture.make()

func ledgerBenchmarks() {
    // L1. Append rate: hashing each entry and adding it to the in-memory tree (every completed
    //     subtree hash stored, as the database keeps them). One iteration = 1M entries.
    Benchmark(
        "Ledger append 1M entries (in-memory tree)",
        configuration: .init(
            metrics: [.wallClock, .throughput, .peakMemoryResident], scalingFactor: .mega, maxDuration: .seconds(20),
            maxIterations: 5, setup: { blackHole(ledgerFixture.entries.count) })
    ) { benchmark in
        let entries = ledgerFixture.entries
        benchmark.startMeasurement()
        var tree = MerkleTree()
        for entry in entries { tree.append(entry: entry) }
        benchmark.stopMeasurement()
        precondition(tree.root == ledgerFixture.root)
    }

    // L2. An inclusion proof for a random leaf of a 10M-leaf tree: O(log n) stored-node reads plus
    //     the right edge's hashing. One iteration = 1,000 proofs, so the time per iteration in ms is
    //     the time per proof in µs.
    Benchmark(
        "Inclusion proof at 10M leaves",
        configuration: .init(
            metrics: [.wallClock, .throughput], scalingFactor: .kilo, maxDuration: .seconds(10), maxIterations: 200,
            setup: { blackHole(largeTreeFixture.tree.size) })
    ) { benchmark in
        let tree = largeTreeFixture.tree
        var rng = SeededGenerator(seed: 6962)
        for _ in benchmark.scaledIterations {
            let index = Int(rng.next() % UInt64(tree.size))
            blackHole(try tree.inclusionProof(index: index, size: tree.size))
        }
    }

    // L3. The same, with the verifier's check of each proof against the root (what an observer does).
    Benchmark(
        "Inclusion proof at 10M leaves, made and verified",
        configuration: .init(
            metrics: [.wallClock, .throughput], scalingFactor: .kilo, maxDuration: .seconds(10), maxIterations: 200,
            setup: { blackHole(largeTreeFixture.tree.size) })
    ) { benchmark in
        let tree = largeTreeFixture.tree
        let root = largeTreeFixture.root
        var rng = SeededGenerator(seed: 6962)
        for _ in benchmark.scaledIterations {
            let index = Int(rng.next() % UInt64(tree.size))
            let proof = try tree.inclusionProof(index: index, size: tree.size)
            let leaf = try tree.node(level: 0, index: index)
            precondition(
                MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, treeSize: tree.size, proof: proof, root: root))
        }
    }

    // L4. Verifying a full log from its entries, as `hattama-verify log` does after fetching them:
    //     leaf hash of every entry, the root in O(log n) memory. One iteration = 1M entries.
    Benchmark(
        "Verify log from 1M entries (leaf hashes + root)",
        configuration: .init(
            metrics: [.wallClock, .throughput], scalingFactor: .mega, maxDuration: .seconds(20), maxIterations: 10,
            setup: { blackHole(ledgerFixture.entries.count) })
    ) { benchmark in
        let entries = ledgerFixture.entries
        benchmark.startMeasurement()
        var frontier = MerkleFrontier()
        for entry in entries { frontier.append(leafHash: MerkleHash.leafHash(entry)) }
        let root = frontier.root
        benchmark.stopMeasurement()
        precondition(root == ledgerFixture.root)
    }

    // L5. Baseline for L4 in the same run: plain SHA-256 of the same 1M entries. L4 hashes each
    //     entry once plus one interior node per leaf on average, so about half this rate is the bound.
    Benchmark(
        "Raw SHA-256 of the same 1M entries",
        configuration: .init(
            metrics: [.wallClock, .throughput], scalingFactor: .mega, maxDuration: .seconds(20), maxIterations: 10,
            setup: { blackHole(ledgerFixture.entries.count) })
    ) { benchmark in
        let entries = ledgerFixture.entries
        benchmark.startMeasurement()
        for entry in entries { blackHole(SHA256.hash(data: entry)) }
        benchmark.stopMeasurement()
    }
}
