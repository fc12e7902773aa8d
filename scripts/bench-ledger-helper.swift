// Helper executable for scripts/bench-ledger.sh (issue 4, "Performance"). Like the election-night
// helper it is not part of the package: the script copies it into a build snapshot
// (`LedgerBench/LedgerBench.swift`) and adds a target for it to the snapshot's Package.swift only.
// Figures are printed as `key=value` lines; notes go to stderr.
//
// Subcommands:
//   fill   --db FILE --leaves N [--batch B]
//       Opens a fresh SQLite store (migrations included) and appends N synthetic entries (shaped like
//       `turnout` entries, about 110 bytes, each unique) through the store's own LogAppender, B per
//       transaction (LogStore.appendBenchmarkLogEntries, SPI). Reports the append rate overall
//       and for the first and the last tenth.
//   proofs --db FILE [--count K] [--seed S]
//       K inclusion proofs of random leaves of the whole tree through LogStore.inclusionProof
//       (the leaf found by its hash, then O(log n) stored nodes), each timed on its own and each
//       checked against the root; then K consistency proofs between random sizes, also checked.
//       Reports p50 / p90 / p99 / max.
//   verify --db FILE [--page P]
//       Reads every entry back through LogStore.logEntries (P per call), and per page times
//       (a) what an auditor does with entries in hand, leaf hash of `type || 0x0A || payload` and
//       the root in O(log n) memory (MerkleFrontier), and (b) plain SHA-256 of the same bytes.
//       The root must equal the store's. Reports leaves/s of both, and the read rate.

import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaLedger
@_spi(Benchmarks) import HattamaStore
import HattamaVerifier

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func emit(_ key: String, _ value: Any) { print("\(key)=\(value)") }
func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
func fmt(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

struct Arguments {
    var values: [String: String] = [:]
    init(_ list: ArraySlice<String>) {
        var i = list.startIndex
        while i < list.endIndex {
            let key = list[i]
            guard key.hasPrefix("--"), i + 1 < list.endIndex else { fatalError("bad argument \(key)") }
            values[String(key.dropFirst(2))] = list[i + 1]
            i += 2
        }
    }
    func string(_ key: String) -> String {
        guard let v = values[key] else { fatalError("missing --\(key)") }
        return v
    }
    func int(_ key: String, _ fallback: Int) -> Int { values[key].flatMap { Int($0) } ?? fallback }
}

/// Entry `i` of the synthetic log: what a turnout report's entry looks like, unique per index, so
/// that its leaf hash finds exactly one entry.
func entry(_ i: Int) -> LogEntry {
    let times = ["10:00", "12:00", "14:00", "16:00", "18:00", "20:00"]
    let precinct = "pec-\(i / 6)"
    let payload =
        "{\"electionID\":\"kz-2011-presidential\",\"precinctID\":\"\(precinct)\",\"time\":\"\(times[i % 6])\",\"voters\":\(i % 3_001)}"
    return LogEntry(type: "turnout", subject: "kz-2011-presidential/\(precinct)@\(times[i % 6])", payload: payload)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func emitLatencies(_ name: String, _ values: [Double]) {
    let s = values.sorted()
    emit("\(name).count", s.count)
    for (label, p) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] { emit("\(name).\(label)_us", fmt(percentile(s, p) * 1e6, 1)) }
    emit("\(name).max_us", fmt(s.last! * 1e6, 1))
    emit("\(name).mean_us", fmt(s.reduce(0, +) / Double(s.count) * 1e6, 1))
}

// MARK: - fill

func runFill(_ args: Arguments) async throws {
    let path = args.string("db")
    let leaves = args.int("leaves", 10_000_000)
    let batch = args.int("batch", 100_000)
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let store = try await HattamaStore.open(.sqlite(path: path), logSigner: .generate())
    var times: [Double] = []
    let start = ContinuousClock.now
    var next = 0
    while next < leaves {
        let count = min(batch, leaves - next)
        let entries = (next..<(next + count)).map(entry)
        let t0 = ContinuousClock.now
        let indices = try await store.log.appendBenchmarkLogEntries(entries)
        times.append(seconds(ContinuousClock.now - t0) / Double(count))
        precondition(indices.first == next && indices.count == count, "appended at \(indices.first ?? -1), expected \(next)")
        next += count
        if times.count % 10 == 0 { note("fill: \(next) entries, last batch \(Int(1 / times.last!)) entries/s") }
    }
    let total = seconds(ContinuousClock.now - start)
    let tenth = max(1, times.count / 10)
    let first = times.prefix(tenth).reduce(0, +) / Double(tenth)
    let last = times.suffix(tenth).reduce(0, +) / Double(tenth)
    let size = try await store.log.logSize()
    precondition(size == leaves)
    await store.close()
    emit("fill.leaves", leaves)
    emit("fill.batch", batch)
    emit("fill.seconds", fmt(total, 1))
    emit("fill.rate", Int(Double(leaves) / total))
    emit("fill.rate_first_tenth", Int(1 / first))
    emit("fill.rate_last_tenth", Int(1 / last))
    let bytes = ["", "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: path + $1)[.size] as? Int) ?? 0) }
    emit("fill.file_mb", bytes / 1_000_000)
}

// MARK: - proofs

func runProofs(_ args: Arguments) async throws {
    let path = args.string("db")
    let count = args.int("count", 10_000)
    var rng = SeededGenerator(seed: UInt64(args.int("seed", 6962)))
    let store = try await HattamaStore.open(.sqlite(path: path), logSigner: .generate())
    let size = try await store.log.logSize()
    let root = try await store.log.logRoot(size: size)
    emit("proofs.tree_size", size)
    // Warm-up: the first proofs read the upper tree levels into the page cache.
    for _ in 0..<100 { _ = try await store.log.inclusionProof(leafHash: entry(Int(rng.next() % UInt64(size))).leafHash, size: size) }
    var latencies: [Double] = []
    latencies.reserveCapacity(count)
    var pathLengths = 0
    for _ in 0..<count {
        let index = Int(rng.next() % UInt64(size))
        let leaf = entry(index).leafHash
        let t0 = ContinuousClock.now
        let proof = try await store.log.inclusionProof(leafHash: leaf, size: size)
        latencies.append(seconds(ContinuousClock.now - t0))
        precondition(proof.leafIndex == index, "leaf \(index) found at \(proof.leafIndex)")
        let path = proof.auditPath.compactMap(Hash.init(hex:))
        precondition(
            path.count == proof.auditPath.count
                && MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, treeSize: size, proof: path, root: root),
            "inclusion proof of leaf \(index) does not verify")
        pathLengths += path.count
    }
    emitLatencies("proofs.inclusion", latencies)
    emit("proofs.inclusion.mean_path", fmt(Double(pathLengths) / Double(count), 1))
    emit("proofs.inclusion.all_verified", true)

    var consistency: [Double] = []
    var roots: [Int: Hash] = [:]
    for _ in 0..<min(count, 2_000) {
        let first = 1 + Int(rng.next() % UInt64(size))
        let t0 = ContinuousClock.now
        let proof = try await store.log.consistencyProof(first: first, second: size)
        consistency.append(seconds(ContinuousClock.now - t0))
        // Checking needs the first tree's root; fetch a few and check those (not timed).
        if roots.count < 200 {
            let firstRoot = try await store.log.logRoot(size: first)
            roots[first] = firstRoot
            let hashes = proof.proof.compactMap(Hash.init(hex:))
            precondition(
                MerkleVerifier.verifyConsistency(firstSize: first, secondSize: size, firstRoot: firstRoot, secondRoot: root, proof: hashes),
                "consistency proof \(first) → \(size) does not verify")
        }
    }
    emitLatencies("proofs.consistency", consistency)
    emit("proofs.consistency.verified", roots.count)
    await store.close()
}

// MARK: - verify

func runVerify(_ args: Arguments) async throws {
    let path = args.string("db")
    let page = args.int("page", 100_000)
    let store = try await HattamaStore.open(.sqlite(path: path), logSigner: .generate())
    let size = try await store.log.logSize()
    let root = try await store.log.logRoot(size: size)
    var frontier = MerkleFrontier()
    var readTime = 0.0
    var auditTime = 0.0
    var rawTime = 0.0
    var bytes = 0
    var start = 0
    let clock = ContinuousClock()
    while start < size {
        let t0 = clock.now
        let entries = try await store.log.logEntries(start: start, end: min(size, start + page), limit: page)
        readTime += seconds(clock.now - t0)
        precondition(entries.first?.index == start && !entries.isEmpty)
        let inputs = entries.map { LeafFormat.leafInput(type: $0.type, payload: $0.payload) }
        bytes += inputs.reduce(0) { $0 + $1.count }
        // (a) The auditor's work: every leaf hash, the root in O(log n) memory.
        let t1 = clock.now
        for input in inputs { frontier.append(leafHash: MerkleHash.leafHash(input)) }
        auditTime += seconds(clock.now - t1)
        // (b) The peer: plain SHA-256 of the same bytes.
        let t2 = clock.now
        var fold: UInt8 = 0
        for input in inputs { fold ^= SHA256.hash(data: input).withUnsafeBytes { $0[0] } }
        rawTime += seconds(clock.now - t2)
        if fold == 0x5A { note("") }  // keeps the hashing from being optimised away
        start += entries.count
    }
    precondition(frontier.root == root, "recomputed root differs from the store's")
    await store.close()
    emit("verify.leaves", size)
    emit("verify.mean_entry_bytes", fmt(Double(bytes) / Double(size), 1))
    emit("verify.read_s", fmt(readTime, 2))
    emit("verify.read_rate", Int(Double(size) / readTime))
    emit("verify.audit_s", fmt(auditTime, 3))
    emit("verify.audit_rate", Int(Double(size) / auditTime))
    emit("verify.raw_sha256_s", fmt(rawTime, 3))
    emit("verify.raw_sha256_rate", Int(Double(size) / rawTime))
    emit("verify.ratio_audit_vs_raw", fmt(rawTime / auditTime))
    emit("verify.root_matches", true)
}

@main
struct LedgerBench {
    static func main() async throws {
        let argv = CommandLine.arguments
        guard argv.count >= 2 else {
            note("usage: hattama-ledger-bench fill|proofs|verify [--option value]...")
            exit(2)
        }
        let args = Arguments(argv.dropFirst(2))
        switch argv[1] {
        case "fill": try await runFill(args)
        case "proofs": try await runProofs(args)
        case "verify": try await runVerify(args)
        default:
            note("unknown subcommand \(argv[1])")
            exit(2)
        }
    }
}
