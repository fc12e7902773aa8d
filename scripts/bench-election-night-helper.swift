// Helper executable for scripts/bench-election-night.sh. It is not part of the package: the
// script copies it into the snapshot it builds (`NightBench/NightBench.swift`) and appends a
// target for it to the snapshot's Package.swift, so the working tree's Package.swift is never
// touched. Everything it measures is printed as `key=value` lines (read by the script) plus
// human-readable notes on stderr.
//
// Subcommands:
//   ingest    --rounds N --dir DIR
//       kz2011 demo (9,700 protocols). Each round runs two passes, each on a fresh SQLite file:
//       `single` (submitProtocols with workers: 1, everything on one thread) and `parallel`
//       (workers: one per core, the default). A pass imports the structure, generates the demo
//       keys and signs every protocol (not timed), then times in turn
//         verify    raw Ed25519 verification of the 9,700 signatures (keys already parsed) on one
//                   thread, and the same spread over one thread per core (`verify-cores`),
//         pipeline  (single pass only) the per-protocol CPU work of submitProtocols without the DB,
//         ingest    ResultsStore.submitProtocols of all 9,700 (validation, key look-up,
//                   verification, control checks, log append, one durable transaction),
//         verify    both again, so that load changes during the pass hit both sides.
//   ru-import --zip FILE --db FILE
//       The phases of `hattama import election --profile ru-2012`, timed one by one, and a raw
//       verification pass over the same 95,415 signatures in the same process; then a full
//       recount from the stored protocols (`recountedResults`), checked against the live tabulation.
//   stations-gen --stations N --regions R --out FILE
//       Writes N synthetic stations (region → district → station, the kz-2011 lines and four
//       candidates, an outcome from the kz-2011 controls) as CSV with a header.
//   components [--zip FILE] [--repeat N]
//       Each per-protocol step of submitProtocols timed on its own (µs per protocol).
//   retab --csv FILE --runs N --out FILE
//       Reads that CSV, records every protocol into a Tabulation (not timed), then times
//       `recounted()` N times, and `recounted()` + `commissionSummaries()` N times. Writes every
//       aggregate's totals in the column order of the PostgreSQL ROLLUP query for a diff.

import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaStore
import ZIPFoundation

// MARK: - Small utilities

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

@discardableResult
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try body()
    return (value, seconds(ContinuousClock.now - start))
}

func timedAsync<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, seconds(ContinuousClock.now - start))
}

/// CPU time of the whole process (every thread), in seconds.
func processCPUTime() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Wall-clock and process CPU seconds of `body`.
func timedWithCPU<T>(_ body: () async throws -> T) async rethrows -> (T, wall: Double, cpu: Double) {
    let cpu = processCPUTime()
    let (value, wall) = try await timedAsync(body)
    return (value, wall, processCPUTime() - cpu)
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
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
    func string(_ key: String, _ fallback: String? = nil) -> String {
        guard let v = values[key] ?? fallback else { fatalError("missing --\(key)") }
        return v
    }
    func int(_ key: String, _ fallback: Int) -> Int { values[key].flatMap { Int($0) } ?? fallback }
}

/// With PERF_CTL_FIFO set (the fifo of `perf record -D -1 --control fifo:FIFO`), sampling is
/// switched on around the phase under study only; otherwise nothing happens.
func perfControl(_ command: String) {
    guard let path = ProcessInfo.processInfo.environment["PERF_CTL_FIFO"], let handle = FileHandle(forWritingAtPath: path) else { return }
    handle.write(Data((command + "\n").utf8))
    try? handle.close()
}

func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

// MARK: - The per-protocol work of submitProtocols, without the database

/// What ResultsStore.submitProtocols does for every protocol before its transaction, on one
/// thread: validate against the election's layout, check the precinct, canonical bytes, parse the
/// registered key, verify, assess, SHA-256 as hex, signature as base64. The authorisation check is
/// skipped (the CLI submits as an operator), as it is in the store for non-user principals.
func ingestPipeline(
    _ protocols: [ResultsProtocol], signatures: [Data], rawKeys: [Data], layout: ProtocolLayout, compiled: CompiledProfile,
    precincts: Set<String>
) -> Int {
    var accepted = 0
    for i in protocols.indices {
        let p = protocols[i]
        guard (try? p.validate(layout: layout)) != nil, precincts.contains(p.precinctID) else {
            fatalError("protocol \(i) refused")
        }
        let bytes = p.canonicalBytes(layout: layout)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawKeys[i]) else { fatalError("bad key") }
        let statement = ProtocolStatement(
            p, protocolHash: tableHex(SHA256.hash(data: bytes)), reason: .original, decisionReference: nil, after: nil)
        guard signatures[i].count == 64, key.isValidSignature(signatures[i], for: statement.canonicalBytes()) else {
            fatalError("bad signature \(i)")
        }
        let assessment = compiled.assess(p)
        let hash = tableHex(SHA256.hash(data: bytes))
        let signature = signatures[i].base64EncodedString()
        if assessment.outcome.counts { accepted += 1 }
        if hash.isEmpty || signature.isEmpty { accepted -= 1 }
    }
    return accepted
}

func rawVerify(_ keys: [Curve25519.Signing.PublicKey], _ signatures: [Data], _ messages: [[UInt8]]) -> Int {
    var valid = 0
    for i in keys.indices where keys[i].isValidSignature(signatures[i], for: messages[i]) { valid += 1 }
    precondition(valid == keys.count, "only \(valid) of \(keys.count) signatures verified")
    return valid
}

/// Threads for the parallel raw verification: as many as the store uses by default.
let cores = ProcessInfo.processInfo.activeProcessorCount

/// The raw verification spread over `cores` threads, in chunks of 128 handed out as threads come
/// free (the way submitProtocols spreads its checks): the peer of a parallel ingest.
func rawVerifyOnAllCores(_ keys: [Curve25519.Signing.PublicKey], _ signatures: [Data], _ messages: [[UInt8]]) async -> Int {
    // swift-crypto's PublicKey is not declared Sendable; the threads only read the parsed keys.
    struct Keys: @unchecked Sendable { let keys: [Curve25519.Signing.PublicKey] }
    let shared = Keys(keys: keys)
    let chunk = 128
    let chunks = (keys.count + chunk - 1) / chunk
    let valid = await withTaskGroup(of: Int.self) { group in
        var next = 0
        func start() {
            guard next < chunks else { return }
            let range = (next * chunk)..<min(keys.count, (next + 1) * chunk)
            next += 1
            group.addTask {
                var valid = 0
                for i in range where shared.keys[i].isValidSignature(signatures[i], for: messages[i]) { valid += 1 }
                return valid
            }
        }
        for _ in 0..<cores { start() }
        var total = 0
        for await part in group {
            total += part
            start()
        }
        return total
    }
    precondition(valid == keys.count, "only \(valid) of \(keys.count) signatures verified")
    return valid
}

// MARK: - ingest

func runIngest(_ args: Arguments) async throws {
    let rounds = args.int("rounds", 3)
    let dir = args.string("dir", NSTemporaryDirectory())
    let profile = try LawProfile.bundled("kz-2011")
    let compiled = try CompiledProfile(profile)
    let structure = DemoGenerator(scale: .kz2011).generate()
    let protocols = DemoResults(structure: structure, profile: profile).protocols()
    let layout = ProtocolLayout(electionID: DemoGenerator.electionID, profile: profile, candidates: structure.candidates)
    let precincts = Set(structure.precincts.map(\.id))
    // What a station signs: the statement of its first version (ProtocolStatement).
    let messages = protocols.map { DemoKeys.statement($0, reason: .original, decisionReference: nil, after: nil).canonicalBytes() }
    let n = protocols.count
    emit("ingest.protocols", n)
    emit("ingest.cores", cores)
    // Per pass kind: times of the single-thread verify, the all-cores verify, the ingest; ratios per pass.
    var verify: [String: [Double]] = [:]
    var verifyCores: [String: [Double]] = [:]
    var ingestTimes: [String: [Double]] = [:]
    var ratio1: [String: [Double]] = [:]
    var ratioN: [String: [Double]] = [:]
    var ratioCPU: [String: [Double]] = [:]
    var cpuPerProtocol: [String: [Double]] = [:]
    var pipelineTimes: [Double] = []
    var pipelineRatios: [Double] = []
    for round in 1...rounds {
        for pass in ["single", "parallel"] {
            let path = (dir as NSString).appendingPathComponent("ingest-\(round)-\(pass).sqlite")
            removeDatabase(path)
            let store = try await HattamaStore.open(.sqlite(path: path), logSigner: .generate())
            do {
                try await store.structure.importStructure(structure, profile: profile, by: .system)
                let demoKeys = DemoKeys()
                try await demoKeys.registerMissing(in: store, by: .system)
                var signatures: [Data] = []
                var rawKeys: [Data] = []
                var keys: [Curve25519.Signing.PublicKey] = []
                var submissions: [ProtocolSubmission] = []
                for (i, p) in protocols.enumerated() {
                    let key = demoKeys.privateKey(for: p.precinctID)
                    let signature = try key.signature(for: messages[i])
                    signatures.append(signature)
                    rawKeys.append(key.publicKey.rawRepresentation)
                    keys.append(key.publicKey)
                    submissions.append(ProtocolSubmission(resultsProtocol: p, signature: signature))
                }
                let (_, v1, v1CPU) = await timedWithCPU { rawVerify(keys, signatures, messages) }
                let (_, c1) = await timedAsync { await rawVerifyOnAllCores(keys, signatures, messages) }
                if pass == "single" {
                    let (_, pipe) = timed {
                        ingestPipeline(
                            protocols, signatures: signatures, rawKeys: rawKeys, layout: layout, compiled: compiled, precincts: precincts)
                    }
                    pipelineTimes.append(pipe)
                    pipelineRatios.append(v1 / pipe)
                }
                perfControl("enable")
                let (stored, ingest, ingestCPU) = try await timedWithCPU {
                    try await store.results.submitProtocols(submissions, by: .system, workers: pass == "single" ? 1 : nil)
                }
                perfControl("disable")
                precondition(stored.count == n)
                let (_, c2) = await timedAsync { await rawVerifyOnAllCores(keys, signatures, messages) }
                let (_, v2, v2CPU) = await timedWithCPU { rawVerify(keys, signatures, messages) }
                // CPU seconds per protocol against CPU seconds per verification: the ratio with every
                // core's work counted, which waiting for a busy machine does not change.
                ratioCPU[pass, default: []].append((v1CPU + v2CPU) / 2 / ingestCPU)
                cpuPerProtocol[pass, default: []].append(ingestCPU / Double(n))
                let v = (v1 + v2) / 2
                let c = (c1 + c2) / 2
                verify[pass, default: []] += [v1, v2]
                verifyCores[pass, default: []] += [c1, c2]
                ingestTimes[pass, default: []].append(ingest)
                ratio1[pass, default: []].append(v / ingest)
                ratioN[pass, default: []].append(c / ingest)
                note(
                    "round \(round) \(pass): raw verify \(fmt(v1)) s / \(fmt(v2)) s on 1 thread, \(fmt(c1)) s / \(fmt(c2)) s on \(cores), "
                        + "durable ingest \(fmt(ingest)) s (CPU \(fmt(ingestCPU)) s) → ingest/verify rate \(fmt(v / ingest, 2)) (1 thread), "
                        + "\(fmt(c / ingest, 2)) (\(cores) threads), CPU time \(fmt(ratioCPU[pass]!.last!, 2))")
            } catch {
                await store.close()
                removeDatabase(path)
                throw error
            }
            await store.close()
            removeDatabase(path)
        }
    }
    let p = median(pipelineTimes)
    emit("ingest.pipeline_s_median", fmt(p, 4))
    emit("ingest.pipeline_rate", Int(Double(n) / p))
    emit("ingest.ratio_pipeline_vs_verify_median_of_rounds", fmt(median(pipelineRatios)))
    for pass in ["single", "parallel"] {
        let v = median(verify[pass]!)
        let c = median(verifyCores[pass]!)
        let i = median(ingestTimes[pass]!)
        emit("ingest.\(pass).verify_rate", Int(Double(n) / v))
        emit("ingest.\(pass).verify_cores_rate", Int(Double(n) / c))
        emit("ingest.\(pass).durable_s_median", fmt(i, 4))
        emit("ingest.\(pass).durable_rate", Int(Double(n) / i))
        emit("ingest.\(pass).ratio_vs_verify_1_thread", fmt(median(ratio1[pass]!)))
        emit("ingest.\(pass).ratio_vs_verify_all_cores", fmt(median(ratioN[pass]!)))
        emit("ingest.\(pass).ratios_vs_verify_1_thread_all", ratio1[pass]!.map { fmt($0) }.joined(separator: " "))
        emit("ingest.\(pass).ratio_cpu_time", fmt(median(ratioCPU[pass]!)))
        emit("ingest.\(pass).cpu_us_per_protocol", fmt(median(cpuPerProtocol[pass]!) * 1e6, 1))
    }
    emit("ingest.rounds", rounds)
}

// MARK: - ru-import

func readZippedCSV(_ path: String) throws -> Data {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    let entries = archive.filter { $0.type == .file && $0.path.lowercased().hasSuffix(".csv") }
    guard entries.count == 1 else { fatalError("\(path): expected one .csv inside") }
    var data = Data()
    data.reserveCapacity(Int(entries[0].uncompressedSize))
    _ = try archive.extract(entries[0], skipCRC32: false) { data.append($0) }
    return data
}

func runRussianImport(_ args: Arguments) async throws {
    let zip = args.string("zip")
    let path = args.string("db")
    removeDatabase(path)
    let total = ContinuousClock.now
    let (profile, tProfile) = try timed { try LawProfile.named("ru-2012") }
    let (csv, tUnzip) = try timed { try readZippedCSV(zip) }
    let importer = IzbirkomImport(
        profile: profile, electionID: "ru-2012-presidential", electionName: LocalizedText(profile.name.en), electionDay: "2012-03-04")
    let (result, tParse) = try timed { try importer.run(csv: csv) }
    let n = result.protocols.count
    emit("ru.stations", result.structure.precincts.count)
    emit("ru.registered_voters", result.structure.precincts.reduce(0) { $0 + $1.registeredVoters })
    let store = try await HattamaStore.open(.sqlite(path: path), logSigner: .generate())
    do {
        let (_, tStructure) = try await timedAsync {
            try await store.structure.importStructure(result.structure, profile: profile, by: .commandLine())
        }
        // The demo keys are derived from the seed (the server holds none): registering their
        // public halves is "generate_keys"; deriving them is part of "sign", so "load_keys" is zero.
        let demoKeys = DemoKeys()
        let (_, tKeys) = try await timedAsync { try await demoKeys.registerMissing(in: store, by: .commandLine()) }
        let tLoadKeys = 0.0
        var messages: [[UInt8]] = []
        var signatures: [Data] = []
        var publicKeys: [Curve25519.Signing.PublicKey] = []
        let (submissions, tSign) = try timed { () throws -> [ProtocolSubmission] in
            var submissions: [ProtocolSubmission] = []
            submissions.reserveCapacity(n)
            for p in result.protocols {
                let key = demoKeys.privateKey(for: p.precinctID)
                let bytes = DemoKeys.statement(p, reason: .original, decisionReference: nil, after: nil).canonicalBytes()
                let signature = try key.signature(for: bytes)
                messages.append(bytes)
                signatures.append(signature)
                publicKeys.append(key.publicKey)
                submissions.append(ProtocolSubmission(resultsProtocol: p, signature: signature))
            }
            return submissions
        }
        let (_, tVerify1, cpuVerify1) = await timedWithCPU { rawVerify(publicKeys, signatures, messages) }
        let (_, tCores1) = await timedAsync { await rawVerifyOnAllCores(publicKeys, signatures, messages) }
        perfControl("enable")
        let (stored, tSubmit, cpuSubmit) = try await timedWithCPU {
            try await store.results.submitProtocols(submissions, by: .commandLine())
        }
        perfControl("disable")
        let (_, tCores2) = await timedAsync { await rawVerifyOnAllCores(publicKeys, signatures, messages) }
        let (_, tVerify2, cpuVerify2) = await timedWithCPU { rawVerify(publicKeys, signatures, messages) }
        let (results, tResults) = try await timedAsync { try await store.results.results(election: "ru-2012-presidential") }
        // A full recount from the stored protocols (every version read back, parsed from its
        // canonical bytes, assessed and tabulated): what `recountedResults` does.
        let (recounted, tRecount) = try await timedAsync { try await store.results.recountedResults(election: "ru-2012-presidential") }
        precondition(recounted == results.summary, "recount from the database differs from the incremental tabulation")
        await store.close()
        let all = seconds(ContinuousClock.now - total)
        let verify = (tVerify1 + tVerify2) / 2
        emit("ru.protocols", stored.count)
        emit("ru.accepted", results.summary.progress.accepted)
        emit("ru.quarantined", results.summary.progress.quarantined)
        for (key, t) in [
            ("profile", tProfile), ("unzip", tUnzip), ("parse_and_checks", tParse), ("import_structure", tStructure),
            ("generate_keys", tKeys), ("load_keys", tLoadKeys), ("sign", tSign), ("submit_protocols", tSubmit), ("results", tResults),
        ] {
            emit("ru.phase.\(key)_s", fmt(t))
        }
        emit("ru.recount_from_db_s", fmt(tRecount))
        let verifyCores = (tCores1 + tCores2) / 2
        emit("ru.phases_total_s", fmt(all - tVerify1 - tVerify2 - tCores1 - tCores2 - tRecount))
        emit("ru.raw_verify_s", fmt(verify))
        emit("ru.raw_verify_rate", Int(Double(n) / verify))
        emit("ru.raw_verify_cores_rate", Int(Double(n) / verifyCores))
        emit("ru.submit_rate", Int(Double(n) / tSubmit))
        emit("ru.ratio_submit_vs_verify", fmt(verify / tSubmit))
        emit("ru.ratio_submit_vs_verify_all_cores", fmt(verifyCores / tSubmit))
        emit("ru.ratio_submit_vs_verify_cpu_time", fmt((cpuVerify1 + cpuVerify2) / 2 / cpuSubmit))
        // The ingest as the issue words it: parse + control checks + verification + durable commit.
        let parseShare = tParse
        emit("ru.ratio_parse_plus_submit_vs_verify", fmt(verify / (parseShare + tSubmit)))
    } catch {
        await store.close()
        throw error
    }
    removeDatabase(path)
}

// MARK: - Synthetic stations

/// One station's figures in kz-2011 form order, four candidates in ballot order, and whether its
/// protocol is in at all. About 1 in 200 stations has not reported, 1 in 200 has an error-level
/// slip (quarantined) and 1 in 100 a warning-level one.
struct SyntheticStation {
    var registered: Int
    var reported: Bool
    var lines: [Int]  // voters, received, issued, spoiled, unused, cast, invalid (kz-2011 form order)
    var votes: [Int]
}

func syntheticStation(_ rng: inout SeededGenerator, candidates: Int) -> SyntheticStation {
    let voters = 200 + Int(rng.next() % 2_800)
    let received = voters + voters / 100
    let issued = voters * (60 + Int(rng.next() % 35)) / 100
    let spoiled = Int(rng.next() % 4)
    var unused = received - issued - spoiled
    let cast = issued - Int(rng.next() % 3)
    var invalid = Int(rng.next() % UInt64(max(cast / 40, 1)))
    var votes = [Int](repeating: 0, count: candidates)
    var remaining = cast - invalid
    for c in 0..<(candidates - 1) {
        let share = Int(rng.next() % UInt64(max(remaining / 6, 1)))
        votes[c] = share
        remaining -= share
    }
    votes[candidates - 1] = remaining
    let roll = rng.next() % 200
    let reported = roll != 0
    if roll == 1 { unused += 1 + Int(rng.next() % 50) }  // KZ-C1 fails: quarantined
    if roll == 2 || roll == 3 {  // KZ-W1 fails: more than 5% invalid, votes still add up
        let extra = cast / 15
        invalid += extra
        votes[candidates - 1] -= extra
    }
    return SyntheticStation(
        registered: voters, reported: reported, lines: [voters, received, issued, spoiled, unused, cast, invalid], votes: votes)
}

let kzLineOrder = [
    "voters_on_list", "ballots_received", "ballots_issued", "ballots_spoiled", "ballots_unused", "ballots_cast", "invalid_ballots",
]

func runStationsGen(_ args: Arguments) throws {
    let stations = args.int("stations", 1_000_000)
    let regions = args.int("regions", 100)
    let perRegion = args.int("districts-per-region", 25)
    let out = args.string("out")
    let profile = try LawProfile.bundled("kz-2011")
    let compiled = try CompiledProfile(profile)
    precondition(compiled.lineIDs == kzLineOrder, "kz-2011 form order changed: \(compiled.lineIDs)")
    let candidates = DemoGenerator.candidates.sorted { $0.ballotOrder < $1.ballotOrder }
    let districts = regions * perRegion
    var rng = SeededGenerator(seed: 1_000_000)
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    var buffer = ""
    buffer.reserveCapacity(1 << 20)
    buffer += (["region", "district", "station", "registered", "state"] + compiled.lineIDs + candidates.map(\.id)).joined(separator: ",")
    buffer += "\n"
    var states = [0, 0, 0, 0]
    for s in 0..<stations {
        // Stations are spread evenly: district d holds stations s with s % districts == d.
        let d = s % districts
        let region = d / perRegion + 1
        let district = d + 1
        let station = syntheticStation(&rng, candidates: candidates.count)
        var state = 0
        if station.reported {
            let outcome = ProtocolAssessment(
                failures: compiled.check(lines: station.lines, candidateSum: station.votes.reduce(0, +))
            ).outcome
            state = outcome == .accepted ? 1 : outcome == .acceptedWithWarnings ? 2 : 3
        }
        states[state] += 1
        let figures = station.reported ? station.lines + station.votes : [Int](repeating: 0, count: 7 + candidates.count)
        buffer += "\(region),\(district),\(s + 1),\(station.registered),\(state),"
        buffer += figures.map(String.init).joined(separator: ",")
        buffer += "\n"
        if buffer.utf8.count > 1 << 20 {
            handle.write(Data(buffer.utf8))
            buffer.removeAll(keepingCapacity: true)
        }
    }
    handle.write(Data(buffer.utf8))
    try handle.close()
    emit("stations.count", stations)
    emit("stations.regions", regions)
    emit("stations.districts", districts)
    emit("stations.not_reported", states[0])
    emit("stations.accepted", states[1])
    emit("stations.warned", states[2])
    emit("stations.quarantined", states[3])
}

func runRetab(_ args: Arguments) throws {
    let path = args.string("csv")
    let runs = args.int("runs", 15)
    let out = args.string("out")
    let profile = try LawProfile.bundled("kz-2011")
    let compiled = try CompiledProfile(profile)
    let candidates = DemoGenerator.candidates.sorted { $0.ballotOrder < $1.ballotOrder }
    let electionID = DemoGenerator.electionID
    let width = 5 + 7 + candidates.count

    // Parse the CSV: integers only, one row per station.
    let (rows, tRead) = try timed { () throws -> [Int32] in
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var rows: [Int32] = []
        rows.reserveCapacity(data.count / 4)
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i < bytes.count, bytes[i] != 0x0A { i += 1 }  // header
            i += 1
            var value: Int32 = 0
            var field = 0
            while i < bytes.count {
                let b = bytes[i]
                if b >= 0x30 && b <= 0x39 {
                    value = value * 10 + Int32(b - 0x30)
                } else if b == 0x2C || b == 0x0A {
                    rows.append(value)
                    value = 0
                    field += 1
                    if b == 0x0A {
                        precondition(field == width, "row with \(field) fields")
                        field = 0
                    }
                }
                i += 1
            }
        }
        return rows
    }
    let n = rows.count / width
    let name = LocalizedText("x")
    var commissions = [Commission(id: "cec", level: "cec", parentID: nil, name: name)]
    var precincts: [Precinct] = []
    precincts.reserveCapacity(n)
    var regionOf: [String: (Int, Int?)] = [:]
    var seenDistrict = Set<Int>()
    var districtIDs: [Int: String] = [:]
    for s in 0..<n {
        let region = Int(rows[s * width])
        let district = Int(rows[s * width + 1])
        if seenDistrict.insert(district).inserted {
            let regionID = "r\(region)"
            if regionOf[regionID] == nil {
                commissions.append(Commission(id: regionID, level: "regional", parentID: "cec", name: name))
                regionOf[regionID] = (region, nil)
            }
            let districtID = "d\(district)"
            commissions.append(Commission(id: districtID, level: "district", parentID: regionID, name: name))
            regionOf[districtID] = (region, district)
            districtIDs[district] = districtID
        }
    }
    for s in 0..<n {
        let id = "s\(rows[s * width + 2])"
        commissions.append(Commission(id: id, level: "precinct", parentID: districtIDs[Int(rows[s * width + 1])]!, name: name))
        precincts.append(
            Precinct(
                id: id, number: s + 1, kind: "ordinary", settlement: name, address: name, registeredVoters: Int(rows[s * width + 3]),
                tabulatingCommissionID: districtIDs[Int(rows[s * width + 1])]!))
    }
    let (structure, tStructure) = try timed { try TabulationStructure(commissions: commissions, precincts: precincts) }
    commissions = []
    var tabulation = try Tabulation(structure: structure, profile: compiled, electionID: electionID, candidates: candidates)
    // Record every reported protocol, as the store does when protocols arrive (not timed as re-tabulation).
    let (_, tRecord) = try timed { () throws in
        for s in 0..<n {
            let state = rows[s * width + 4]
            guard state != 0 else { continue }
            var lines: [String: Int] = [:]
            for (k, id) in kzLineOrder.enumerated() { lines[id] = Int(rows[s * width + 5 + k]) }
            var votes: [String: Int] = [:]
            for (k, c) in candidates.enumerated() { votes[c.id] = Int(rows[s * width + 12 + k]) }
            let p = ResultsProtocol(electionID: electionID, precinctID: precincts[s].id, lines: lines, candidateVotes: votes)
            let assessment = compiled.assess(p)
            let expected: ProtocolOutcome = state == 1 ? .accepted : state == 2 ? .acceptedWithWarnings : .quarantined
            precondition(assessment.outcome == expected, "station \(s + 1): outcome \(assessment.outcome) but the CSV says \(expected)")
            try tabulation.record(p, assessment: assessment)
        }
    }
    precincts = []
    note(
        "retab: \(n) stations read in \(fmt(tRead)) s, structure built in \(fmt(tStructure)) s, protocols recorded incrementally in \(fmt(tRecord)) s"
    )

    // The measurement: full re-tabulation from the stored per-station rows.
    var recountTimes: [Double] = []
    var last = tabulation
    _ = tabulation.recounted()  // warm-up
    for _ in 0..<runs {
        let (t, s) = timed { tabulation.recounted() }
        recountTimes.append(s)
        last = t
    }
    precondition(last == tabulation, "full recount differs from the incremental tabulation")
    var summaryTimes: [Double] = []
    var summaries: [CommissionSummaryProtocol] = []
    for _ in 0..<runs {
        let (t, s) = timed { tabulation.recounted().commissionSummaries() }
        summaryTimes.append(s)
        summaries = t
    }
    emit("retab.stations", n)
    emit("retab.aggregates", summaries.count)
    emit("retab.record_incremental_s", fmt(tRecord))
    emit("retab.recounted_s_median", fmt(median(recountTimes), 5))
    emit("retab.recounted_s_min", fmt(recountTimes.min()!, 5))
    emit("retab.recounted_s_max", fmt(recountTimes.max()!, 5))
    emit("retab.recounted_plus_summaries_s_median", fmt(median(summaryTimes), 5))
    emit("retab.runs", runs)
    emit("retab.equal_to_incremental", true)

    // Every aggregate's totals in the column order of the ROLLUP query.
    var text = ""
    for summary in summaries {
        let (region, district) = summary.commissionID == "cec" ? (nil, nil) : regionOf[summary.commissionID]!
        let pr = summary.progress
        var fields = [region.map(String.init) ?? "", district.map(String.init) ?? ""]
        fields += [pr.received, pr.accepted, pr.acceptedWithWarnings, pr.quarantined, pr.registeredVotersAccepted].map(String.init)
        fields += kzLineOrder.map { String(summary.lines[$0]!) }
        fields += summary.candidates.map { String($0.votes) }
        text += fields.joined(separator: ",") + "\n"
    }
    try text.write(toFile: out, atomically: true, encoding: .utf8)
}

// MARK: - components

/// Lowercase hex through a table, as `sha256Hex` (HattamaLedger's `Hex.encode`) does it.
func tableHex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// The cost of each per-protocol step of submitProtocols on its own, in µs per protocol (best of
/// `--repeat` passes), over the kz2011 demo protocols or, with `--zip`, the Russian 2012 ones.
func runComponents(_ args: Arguments) throws {
    let repeats = args.int("repeat", 3)
    let profile: LawProfile
    let protocols: [ResultsProtocol]
    let candidates: [Candidate]
    if let zip = args.values["zip"] {
        profile = try LawProfile.named("ru-2012")
        let importer = IzbirkomImport(
            profile: profile, electionID: "ru-2012-presidential", electionName: LocalizedText(profile.name.en), electionDay: "2012-03-04")
        let result = try importer.run(csv: try readZippedCSV(zip))
        protocols = result.protocols
        candidates = result.structure.candidates
    } else {
        profile = try LawProfile.bundled("kz-2011")
        let structure = DemoGenerator(scale: .kz2011).generate()
        protocols = DemoResults(structure: structure, profile: profile).protocols()
        candidates = structure.candidates
    }
    let compiled = try CompiledProfile(profile)
    let n = protocols.count
    // What a station signs: the statement of its first version (ProtocolStatement).
    let messages = protocols.map { DemoKeys.statement($0, reason: .original, decisionReference: nil, after: nil).canonicalBytes() }
    var signatures: [Data] = []
    var keys: [Curve25519.Signing.PublicKey] = []
    var rawKeys: [Data] = []
    for m in messages {
        let key = Curve25519.Signing.PrivateKey()
        signatures.append(try key.signature(for: m))
        keys.append(key.publicKey)
        rawKeys.append(key.publicKey.rawRepresentation)
    }
    emit("components.protocols", n)
    emit("components.profile", profile.id)
    func measure(_ name: String, _ body: () -> Int) {
        var best = Double.infinity
        for _ in 0..<repeats {
            let (r, t) = timed(body)
            precondition(r >= 0)
            best = min(best, t)
        }
        emit("components.\(name)_us", fmt(best / Double(n) * 1e6, 2))
    }
    measure("ed25519_verify") { rawVerify(keys, signatures, messages) }
    measure("public_key_parse") { rawKeys.reduce(0) { $0 + ((try? Curve25519.Signing.PublicKey(rawRepresentation: $1)) == nil ? 0 : 1) } }
    let electionID = protocols[0].electionID
    let layout = ProtocolLayout(electionID: electionID, profile: profile, candidates: candidates)
    measure("validate") { protocols.reduce(0) { $0 + ((try? $1.validate(profile: profile, candidates: candidates)) == nil ? 0 : 1) } }
    measure("validate_layout") { protocols.reduce(0) { $0 + ((try? $1.validate(layout: layout)) == nil ? 0 : 1) } }
    measure("canonical_bytes") { protocols.reduce(0) { $0 + $1.canonicalBytes().count } }
    measure("canonical_bytes_layout") { protocols.reduce(0) { $0 + $1.canonicalBytes(layout: layout).count } }
    measure("assess") { protocols.reduce(0) { $0 + compiled.assess($1).failures.count } }
    measure("sha256_digest") { messages.reduce(0) { $0 + Int(Array(SHA256.hash(data: $1))[0]) } }
    measure("sha256_hex_table") { messages.reduce(0) { $0 + tableHex(SHA256.hash(data: $1)).utf8.count } }
    measure("signature_base64") { signatures.reduce(0) { $0 + $1.base64EncodedString().utf8.count } }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    measure("json_encode_empty_failures") {
        protocols.reduce(0) { acc, _ in acc + ((try? encoder.encode([ControlCheckResult]()))?.count ?? 0) }
    }
}

// MARK: - Entry point

@main
struct NightBench {
    static func main() async throws {
        let argv = CommandLine.arguments
        guard argv.count >= 2 else {
            note("usage: hattama-night-bench ingest|ru-import|stations-gen|retab|components [--option value]...")
            exit(2)
        }
        let args = Arguments(argv.dropFirst(2))
        switch argv[1] {
        case "ingest": try await runIngest(args)
        case "ru-import": try await runRussianImport(args)
        case "stations-gen": try runStationsGen(args)
        case "retab": try runRetab(args)
        case "components": try runComponents(args)
        default:
            note("unknown subcommand \(argv[1])")
            exit(2)
        }
    }
}
