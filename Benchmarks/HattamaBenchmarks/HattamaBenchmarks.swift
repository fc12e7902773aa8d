// Micro and component benchmarks for Hattama (ordo-one/benchmark).
//
// Run with:  ENABLE_BENCHMARKS=1 swift package benchmark
// (see BENCHMARKS.md for what each benchmark measures and recent figures).

import Benchmark
import Crypto  // swift-crypto, reached through HattamaStore's dependency
import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaStore

// MARK: - Fixtures (built lazily, once, outside every measurement)

/// The kz-2011 controls parsed once, and 10,000 synthetic protocol figure sets to check them against.
struct ControlFixture: Sendable {
    struct Control: Sendable {
        let id: String
        let expression: ControlExpression
        let tolerance: Int
    }

    struct Figures: Sendable {
        let lines: [String: Int]
        let candidateVotes: [Int]
    }

    static let figureSetCount = 10_000

    let controls: [Control]
    let figureSets: [Figures]

    static func make() -> ControlFixture {
        let profile: LawProfile
        do {
            profile = try LawProfile.bundled("kz-2011")
        } catch {
            fatalError("cannot load the bundled kz-2011 profile: \(error)")
        }
        let controls = profile.controls.map { rule in
            do {
                return Control(id: rule.id, expression: try rule.parsed(), tolerance: rule.tolerance ?? 0)
            } catch {
                fatalError("control \(rule.id) does not parse: \(error)")
            }
        }
        // Plausible precinct protocols, with roughly one in twenty carrying a deliberate slip
        // (a miscounted line), so that both outcomes of every control are exercised.
        var rng = SeededGenerator(seed: 2011)
        var sets: [Figures] = []
        sets.reserveCapacity(figureSetCount)
        let candidates = DemoGenerator.candidates.count
        for _ in 0..<figureSetCount {
            let voters = 200 + Int(rng.next() % 2_800)
            let received = voters + voters / 100
            let issued = voters * (60 + Int(rng.next() % 35)) / 100
            let spoiled = Int(rng.next() % 4)
            let unused = received - issued - spoiled
            let cast = issued - Int(rng.next() % 3)
            let invalid = Int(rng.next() % UInt64(max(cast / 40, 1)))
            var votes = [Int](repeating: 0, count: candidates)
            var remaining = cast - invalid
            for c in 0..<(candidates - 1) {
                let share = Int(rng.next() % UInt64(max(remaining / 4, 1)))
                votes[c] = share
                remaining -= share
            }
            votes[candidates - 1] = remaining
            var lines: [String: Int] = [
                "voters_on_list": voters, "ballots_received": received, "ballots_issued": issued, "ballots_spoiled": spoiled,
                "ballots_unused": unused, "ballots_cast": cast, "invalid_ballots": invalid,
            ]
            if rng.next() % 20 == 0 {
                let line = ["ballots_unused", "ballots_cast", "invalid_ballots", "ballots_issued"][Int(rng.next() % 4)]
                lines[line]! += 1 + Int(rng.next() % 50)
            }
            sets.append(Figures(lines: lines, candidateVotes: votes))
        }
        return ControlFixture(controls: controls, figureSets: sets)
    }

    /// Runs every control over every figure set; returns the number of failed checks.
    func checkAll() -> Int {
        var failures = 0
        for figures in figureSets {
            for control in controls {
                let (left, right) = control.expression.evaluate(lines: figures.lines, candidateVotes: figures.candidateVotes)
                if !control.expression.holds(left: left, right: right, tolerance: control.tolerance) { failures += 1 }
            }
        }
        return failures
    }
}

let controlFixture = ControlFixture.make()

/// 100,000 valid IINs as text, generated with `IIN.make`.
let iinFixture: [String] = {
    let count = 100_000
    var rng = SeededGenerator(seed: 1991)
    var result: [String] = []
    result.reserveCapacity(count)
    while result.count < count {
        let year = 1930 + Int(rng.next() % 80)
        let month = 1 + Int(rng.next() % 12)
        let day = 1 + Int(rng.next() % 28)
        let sex: IIN.Sex = rng.next() % 2 == 0 ? .male : .female
        let serial = Int(rng.next() % 10_000)
        if let iin = IIN.make(year: year, month: month, day: day, sex: sex, serial: serial) { result.append(iin.digits) }
    }
    return result
}()

/// A delivered voter list of the IINs above that can vote in 2011 (of age, each once: about
/// 77,000) on ten precincts, every address quoted because it holds a comma, as `VoterListCSV`
/// writes it; a parser for it, and how many rows it must give.
let voterListFixture: (parser: VoterListParser, bytes: [UInt8], rows: Int) = {
    let precincts = Dictionary(uniqueKeysWithValues: (1...10).map { ($0, "pec-\($0)") })
    let parser = VoterListParser(precinctIDsByNumber: precincts, electionDay: CivilDate(year: 2011, month: 4, day: 3)!)
    var seen = Set<String>()
    let voters = iinFixture.map { try! IIN($0) }.filter { $0.birthYear <= 1991 && seen.insert($0.digits).inserted }
    var text = VoterListCSV.header
    for (n, iin) in voters.enumerated() {
        let record = try! VoterRecord(
            iin: iin, surname: "Ахметова", givenName: "Айгерим", patronymic: n % 3 == 0 ? "" : "Серикқызы",
            birthDate: CivilDate(year: iin.birthYear, month: iin.birthMonth, day: iin.birthDay)!, settlement: "Ақсу",
            address: "ул. Абая, д. \(n % 200)", homePrecinctID: "pec-\(1 + n % 10)")
        text += VoterListCSV.line(record, precinctNumber: 1 + n % 10)
    }
    return (parser, Array(text.utf8), voters.count)
}()

/// The 9,700 protocols of the kz2011 demo election night, each signed with its own precinct
/// commission's Ed25519 key, as `hattama demo --results` submits them. Built once, outside
/// every measurement. `@unchecked Sendable` because swift-crypto's `Curve25519.Signing.PublicKey`
/// is not declared `Sendable` on Linux; the fixture is immutable once built.
struct SignedProtocolFixture: @unchecked Sendable {
    let profile: LawProfile
    let compiled: CompiledProfile
    let candidates: [Candidate]
    let precinctIDs: Set<String>
    let protocols: [ResultsProtocol]
    /// The statement of each protocol's first version (`ProtocolStatement`): what was signed.
    let messages: [[UInt8]]
    let signatures: [Data]
    /// Raw 32-byte public keys, as the store reads them from `commission_keys`.
    let rawPublicKeys: [Data]
    /// The same keys already parsed, for the raw verification benchmark.
    let publicKeys: [Curve25519.Signing.PublicKey]

    static func make() -> SignedProtocolFixture {
        do {
            let profile = try LawProfile.bundled("kz-2011")
            let structure = DemoGenerator(scale: .kz2011).generate()
            let protocols = DemoResults(structure: structure, profile: profile).protocols()
            var messages: [[UInt8]] = []
            var signatures: [Data] = []
            var raw: [Data] = []
            var keys: [Curve25519.Signing.PublicKey] = []
            for p in protocols {
                let key = Curve25519.Signing.PrivateKey()
                let bytes = DemoKeys.statement(p, reason: .original, decisionReference: nil, after: nil).canonicalBytes()
                messages.append(bytes)
                signatures.append(try key.signature(for: bytes))
                raw.append(key.publicKey.rawRepresentation)
                keys.append(key.publicKey)
            }
            return SignedProtocolFixture(
                profile: profile, compiled: try CompiledProfile(profile), candidates: structure.candidates,
                precinctIDs: Set(structure.precincts.map(\.id)), protocols: protocols, messages: messages, signatures: signatures,
                rawPublicKeys: raw, publicKeys: keys)
        } catch {
            fatalError("cannot build the signed protocol fixture: \(error)")
        }
    }

    /// Verifies every signature with keys already parsed; returns how many are valid.
    func verifyAll() -> Int {
        var valid = 0
        for i in publicKeys.indices where publicKeys[i].isValidSignature(signatures[i], for: messages[i]) { valid += 1 }
        return valid
    }

    /// The per-protocol work of `ResultsStore.submitProtocols` without the database, in its
    /// order: `validate(profile:candidates:)`, the precinct look-up, `canonicalBytes()`, parsing
    /// the registered raw key, the length check and `isValidSignature`, `CompiledProfile.assess`,
    /// the SHA-256 as hex (`sha256Hex`, same code) and the signature as base64. Returns the
    /// number of protocols that count (not quarantined).
    func ingestAll() -> Int {
        var counted = 0
        for i in protocols.indices {
            let p = protocols[i]
            guard (try? p.validate(profile: profile, candidates: candidates)) != nil, precinctIDs.contains(p.precinctID) else {
                fatalError("protocol of \(p.precinctID) refused")
            }
            let bytes = p.canonicalBytes()
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawPublicKeys[i]),
                signatures[i].count == 64, key.isValidSignature(signatures[i], for: bytes)
            else { fatalError("signature of \(p.precinctID) refused") }
            let assessment = compiled.assess(p)
            let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            let signature = signatures[i].base64EncodedString()
            if assessment.outcome.counts, !hash.isEmpty, !signature.isEmpty { counted += 1 }
        }
        return counted
    }
}

let signedFixture = SignedProtocolFixture.make()

/// A million synthetic polling stations (100 regions × 25 districts × 400 stations; the kz-2011
/// form and four candidates) with every reported protocol recorded, the same data as
/// `scripts/bench-election-night.sh` loads into PostgreSQL (same generator, same seed). About 1
/// station in 200 has not reported, 1 in 200 is quarantined and 1 in 100 accepted with warnings.
struct RetabulationFixture: Sendable {
    static let stations = 1_000_000
    static let regions = 100
    static let districtsPerRegion = 25

    let tabulation: Tabulation

    /// One station's figures in kz-2011 form order and its candidates' votes, or nil when it has
    /// not reported. Keep in step with `syntheticStation` in scripts/bench-election-night-helper.swift.
    static func station(_ rng: inout SeededGenerator, candidates: Int) -> (registered: Int, lines: [Int]?, votes: [Int]) {
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
        if roll == 1 { unused += 1 + Int(rng.next() % 50) }
        if roll == 2 || roll == 3 {
            let extra = cast / 15
            invalid += extra
            votes[candidates - 1] -= extra
        }
        let lines = roll == 0 ? nil : [voters, received, issued, spoiled, unused, cast, invalid]
        return (voters, lines, votes)
    }

    static func make() -> RetabulationFixture {
        do {
            let profile = try LawProfile.bundled("kz-2011")
            let compiled = try CompiledProfile(profile)
            let candidates = DemoGenerator.candidates.sorted { $0.ballotOrder < $1.ballotOrder }
            let electionID = DemoGenerator.electionID
            let districts = regions * districtsPerRegion
            let name = LocalizedText("x")
            var commissions = [Commission(id: "cec", level: "cec", parentID: nil, name: name)]
            for r in 1...regions {
                commissions.append(Commission(id: "r\(r)", level: "regional", parentID: "cec", name: name))
            }
            for d in 1...districts {
                commissions.append(Commission(id: "d\(d)", level: "district", parentID: "r\((d - 1) / districtsPerRegion + 1)", name: name))
            }
            var rng = SeededGenerator(seed: 1_000_000)
            var precincts: [Precinct] = []
            var figures: [(registered: Int, lines: [Int]?, votes: [Int])] = []
            precincts.reserveCapacity(stations)
            figures.reserveCapacity(stations)
            for s in 0..<stations {
                let district = "d\(s % districts + 1)"
                let id = "s\(s + 1)"
                let station = Self.station(&rng, candidates: candidates.count)
                commissions.append(Commission(id: id, level: "precinct", parentID: district, name: name))
                precincts.append(
                    Precinct(
                        id: id, number: s + 1, kind: "ordinary", settlement: name, address: name, registeredVoters: station.registered,
                        tabulatingCommissionID: district))
                figures.append(station)
            }
            let structure = try TabulationStructure(commissions: commissions, precincts: precincts)
            var tabulation = try Tabulation(structure: structure, profile: compiled, electionID: electionID, candidates: candidates)
            let lineIDs = compiled.lineIDs
            for (s, station) in figures.enumerated() {
                guard let lines = station.lines else { continue }
                let p = ResultsProtocol(
                    electionID: electionID, precinctID: precincts[s].id,
                    lines: Dictionary(uniqueKeysWithValues: zip(lineIDs, lines)),
                    candidateVotes: Dictionary(uniqueKeysWithValues: zip(candidates.map(\.id), station.votes)))
                try tabulation.record(p)
            }
            return RetabulationFixture(tabulation: tabulation)
        } catch {
            fatalError("cannot build the re-tabulation fixture: \(error)")
        }
    }
}

let retabulationFixture = RetabulationFixture.make()

/// A fresh, not yet existing SQLite path in the temporary directory.
func temporaryDatabasePath() -> String {
    let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? NSTemporaryDirectory()
    return URL(fileURLWithPath: directory).appendingPathComponent("hattama-bench-\(UUID().uuidString).sqlite").path
}

func removeDatabase(at path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
    }
}

// MARK: - Benchmarks

let benchmarks: @Sendable () -> Void = {
    // Two cores, shared with other work: keep every benchmark short and say what is measured.
    // CPU time on Linux ticks in 10 ms steps, so it is only asked for where an iteration is long.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 100
    )

    // 1. The national structure (16 regional + 208 district TECs, 9,700 PECs) built in memory.
    Benchmark(
        "DemoGenerator kz2011",
        configuration: .init(maxDuration: .seconds(5), maxIterations: 50)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let structure = DemoGenerator(scale: .kz2011).generate()
            precondition(structure.precincts.count == DemoGenerator.nationalPrecincts)
            blackHole(structure)
        }
    }

    // 2. What `hattama demo --scale kz2011` does, minus process start: generate, open a fresh
    //    SQLite file (migrations included), import in one transaction, close. Files are deleted
    //    outside the measurement.
    Benchmark(
        "Demo import kz2011 (SQLite)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
            warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 10)
    ) { benchmark async throws in
        let profile = try LawProfile.bundled("kz-2011")
        let path = temporaryDatabasePath()
        defer { removeDatabase(at: path) }
        benchmark.startMeasurement()
        let structure = DemoGenerator(scale: .kz2011).generate()
        // The log key, as `hattama demo` brings it from its key file: the import signs a tree head.
        let store = try await HattamaStore.open(.sqlite(path: path), logSigner: .generate())
        do {
            try await store.structure.importStructure(structure, profile: profile, by: Principal.system)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        benchmark.stopMeasurement()
    }

    // 3. Reading, decoding and validating the bundled kz-2011 law profile (the JSON file read
    //    from the resource bundle is part of it, as it is for the CLI).
    Benchmark(
        "LawProfile decode kz-2011",
        configuration: .init(maxDuration: .seconds(3), maxIterations: 2_000)
    ) { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try LawProfile.bundled("kz-2011"))
        }
    }

    // 4. All seven kz-2011 controls over 10,000 protocols (70,000 evaluations per iteration).
    //    Expressions are parsed and figures generated before the measurement starts.
    Benchmark(
        "Control checks",
        configuration: .init(maxDuration: .seconds(5), maxIterations: 100)
    ) { benchmark in
        let fixture = controlFixture
        benchmark.startMeasurement()
        blackHole(fixture.checkAll())
        benchmark.stopMeasurement()
    }

    // 5. Validating 100,000 IINs (all valid, so every check runs to the check digit).
    Benchmark(
        "IIN validation",
        configuration: .init(maxDuration: .seconds(5), maxIterations: 100)
    ) { benchmark in
        let texts = iinFixture
        benchmark.startMeasurement()
        var valid = 0
        for text in texts where (try? IIN(text)) != nil { valid += 1 }
        benchmark.stopMeasurement()
        precondition(valid == texts.count, "only \(valid) of \(texts.count) IINs validated")
        blackHole(valid)
    }

    // 5b. Reading and checking a voter list (about 77,000 rows) in the store's batches of 8,192
    //     rows, as `importVoterLists` does: fields, UTF-8, IIN, dates, precincts, duplicates.
    Benchmark(
        "Voter list parse",
        configuration: .init(maxDuration: .seconds(5), maxIterations: 50)
    ) { benchmark in
        let fixture = voterListFixture
        benchmark.startMeasurement()
        var batches = fixture.parser.batches(fixture.bytes)
        var rows = 0
        while let batch = batches.nextBatch(maxRows: 8192) { rows += batch.count }
        benchmark.stopMeasurement()
        precondition(rows == fixture.rows && batches.error == nil, "only \(rows) rows parsed: \(String(describing: batches.error))")
        blackHole(rows)
    }

    // 6. Raw Ed25519 verification of the 9,700 kz2011 demo signatures (swift-crypto), keys
    //    already parsed: the peer of the ingest pipeline below, measured in the same run.
    Benchmark(
        "Ed25519 verify (raw)",
        configuration: .init(warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 30)
    ) { benchmark in
        let fixture = signedFixture
        benchmark.startMeasurement()
        let valid = fixture.verifyAll()
        benchmark.stopMeasurement()
        precondition(valid == fixture.protocols.count, "only \(valid) signatures verified")
    }

    // 7. The same 9,700 protocols through the per-protocol CPU work of submitProtocols
    //    (validate, precinct look-up, canonical bytes, key parsing, verify, assess, SHA-256 hex,
    //    base64), without the database. Divide by the previous benchmark's time for the ratio.
    Benchmark(
        "Ingest pipeline",
        configuration: .init(warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 30)
    ) { benchmark in
        let fixture = signedFixture
        benchmark.startMeasurement()
        let counted = fixture.ingestAll()
        benchmark.stopMeasurement()
        blackHole(counted)
    }

    // 8. Full re-tabulation of a million stations from the stored per-station rows
    //    (`Tabulation.recounted()`: every district, region and national total and the progress
    //    counters). Building the structure and recording the protocols happens outside.
    Benchmark(
        "Re-tabulation 1M stations",
        configuration: .init(warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 50)
    ) { benchmark in
        let tabulation = retabulationFixture.tabulation
        benchmark.startMeasurement()
        let recounted = tabulation.recounted()
        benchmark.stopMeasurement()
        blackHole(recounted)
    }

    // 9. The same, plus the summary protocols of all 2,601 commissions above the stations
    //    (what an API or export reads afterwards).
    Benchmark(
        "Re-tabulation 1M stations + summaries",
        configuration: .init(warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 50)
    ) { benchmark in
        let tabulation = retabulationFixture.tabulation
        benchmark.startMeasurement()
        let summaries = tabulation.recounted().commissionSummaries()
        benchmark.stopMeasurement()
        precondition(summaries.count == 1 + RetabulationFixture.regions * (1 + RetabulationFixture.districtsPerRegion))
        blackHole(summaries)
    }
    ledgerBenchmarks()
}
