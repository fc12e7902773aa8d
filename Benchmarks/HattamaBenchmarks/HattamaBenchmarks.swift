// Micro and component benchmarks for Hattama (ordo-one/benchmark).
//
// Run with:  ENABLE_BENCHMARKS=1 swift package benchmark
// (see BENCHMARKS.md for what each benchmark measures and recent figures).

import Benchmark
import Foundation
import HattamaCore
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
        let store = try await HattamaStore.open(.sqlite(path: path))
        do {
            try await store.importStructure(structure, profile: profile, by: Principal.system)
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
    ledgerBenchmarks()
}
