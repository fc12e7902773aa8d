import ArgumentParser
import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaStore
import Synchronization

/// `hattama import voters`: lists as local executive bodies deliver them, all or nothing.
struct ImportVoters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voters",
        abstract: "Import voter lists (CSV) for PECs or TECs, atomically: any bad line or conflicting IIN and nothing is stored.",
        discussion: """
            Several files are imported in one transaction: either all of them or none. Give one --commission \
            for all files, or one per file, in the same order.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The commission a list is for: a PEC, or a TEC for all PECs below it (once, or once per file).") var commission: [String]
    @Option(help: "Election id (default: the one with the latest election day).") var election: String?
    @Flag(help: "No progress bar.") var quiet = false
    @Argument(help: "The CSV files: iin, surname, given_name, patronymic, birth_date, settlement, address, precinct_number.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one CSV file") }
        guard commission.count == 1 || commission.count == files.count else {
            throw ValidationError("give one --commission for all files, or one per file (\(files.count))")
        }
    }

    func run() async throws {
        var lists: [(name: String, list: VoterListDelivery)] = []
        for (i, file) in files.enumerated() {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            lists.append((file, VoterListDelivery(commission: commission.count == 1 ? commission[0] : commission[i], bytes: [UInt8](data))))
        }
        let store = try await reportingErrors { try await database.open(signing: true) }
        do {
            let started = ContinuousClock.now
            let summaries = try await importVoterFiles(lists, election: election, store: store, progress: !quiet)
            let seconds = (ContinuousClock.now - started).seconds
            for (summary, (name, _)) in zip(summaries, lists) {
                say("\(name): \(summary.rows) rows, \(summary.added) voters added, \(summary.unchanged) unchanged")
            }
            let rows = summaries.reduce(0) { $0 + $1.rows }
            say(
                String(
                    format: "%d rows in %d lists, in %.2f s (%.0f rows/s)", rows, lists.count, seconds, Double(rows) / max(seconds, 1e-9)))
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Imports lists in one transaction with a progress bar on standard error and a report on refusal
/// that names the file, then the lines.
func importVoterFiles(
    _ lists: [(name: String, list: VoterListDelivery)], election: String?, store: HattamaStore, progress: Bool
) async throws -> [VoterImportSummary] {
    let bar = ProgressBar(label: lists.count == 1 ? lists[0].name : "\(lists.count) voter lists", enabled: progress)
    do {
        let summaries = try await store.voters.importVoterLists(lists.map(\.list), election: election, by: .commandLine()) { read, total in
            bar.update(read, of: total)
        }
        bar.finish()
        return summaries
    } catch let refusal as VoterListsImportFailure {
        bar.finish()
        let name = lists[refusal.list].name
        let others = lists.count > 1 ? " of any of the \(lists.count) lists" : ""
        switch refusal.failure {
        case .problems(let error):
            throw Failure(message: "\(name): refused, nothing\(others) stored (\(error.totalProblems) problems):\n\(error.description)")
        case .conflicts(let conflicts):
            throw Failure(
                message:
                    "\(name): refused, nothing\(others) stored (\(conflicts.conflicts.count) IINs already listed elsewhere):\n\(refusal.failure.description)"
            )
        }
    } catch let error as StoreError {
        bar.finish()
        throw Failure(message: "\(lists.count == 1 ? lists[0].name : "voter lists"): \(error.description)")
    }
}

/// A one-line progress bar on standard error, redrawn at most once per percent.
final class ProgressBar: Sendable {
    private let label: String
    private let enabled: Bool
    private let lastPercent = Mutex(-1)

    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled
    }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let percent = min(100, done * 100 / total)
        let redraw = lastPercent.withLock { last in
            guard percent != last else { return false }
            last = percent
            return true
        }
        guard redraw else { return }
        let filled = percent * 30 / 100
        let line = "\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] \(percent)%"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled, lastPercent.withLock({ $0 }) >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// `hattama voters …`: the register from the command line.
struct VotersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voters", abstract: "Voter register: self-service lookup, list sizes, list finalisation.",
        subcommands: [Lookup.self, Sizes.self, Finalise.self, LookupTimes.self])

    struct Lookup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Where a voter votes: the polling station's number and address, nothing else.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The voter's IIN (12 digits).") var iin: String

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            defer { Task { await store.close() } }
            guard let station = try await reportingErrors({ try await store.voters.lookupPollingStation(iin: iin) }) else {
                throw Failure(message: "this IIN is on no voter list")
            }
            say("Polling station No. \(station.precinctNumber): \(station.address.ru), \(station.settlement.ru)")
            if station.holdsAbsenteeCertificate { say("An absentee voting certificate was issued: vote with it at another station.") }
            await store.close()
        }
    }

    /// For scripts/bench-voter-import.sh: the store's lookup path timed per call.
    struct LookupTimes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lookup-times", abstract: "Time self-service lookups of the IINs in a file (one per line): p50, p99, max.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "File of IINs.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ValidationError("cannot read \(file)") }
            let iins = text.split(whereSeparator: \.isNewline).map(String.init)
            let store = try await reportingErrors { try await database.open() }
            var times: [Double] = []
            var found = 0
            for iin in iins {
                let started = ContinuousClock.now
                if try await reportingErrors({ try await store.voters.lookupPollingStation(iin: iin) }) != nil { found += 1 }
                times.append((ContinuousClock.now - started).seconds * 1e6)
            }
            await store.close()
            times.sort()
            guard !times.isEmpty else { return }
            func percentile(_ p: Double) -> Double { times[min(times.count - 1, Int(Double(times.count) * p))] }
            say(
                String(
                    format: "%d lookups (%d found): p50 %.0f µs, p99 %.0f µs, max %.0f µs", times.count, found, percentile(0.5),
                    percentile(0.99), times.last!))
        }
    }

    struct Sizes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List sizes per precinct: exclusions for special stations, certificates, election-day additions (flagged).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Commission (default: all).") var commission: String?
        @Option(help: "Election id (default: the latest).") var election: String?

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let sizes = try await reportingErrors { try await store.voters.listSizes(commission: commission, election: election) }
            say("precinct\tnumber\tlisted\texcluded-special\tabsentee\telection-day\tincluded-special\tadded-absentee\tmarked\tflag")
            for s in sizes {
                say(
                    "\(s.precinctID)\t\(s.number)\t\(s.homeEntries)\t\(s.excludedForSpecialStation)\t\(s.absenteeCertificatesIssued)\t"
                        + "\(s.electionDayAdditions)\t\(s.includedFromHomeLists)\t\(s.addedByAbsenteeCertificate)\t\(s.ballotsMarked)\t"
                        + (s.additionsFlagged ? "UNUSUAL" : ""))
            }
            await store.close()
        }
    }

    struct Finalise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Finalise a precinct's list: its salted commitment goes to the transparency log.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Precinct id.") var precinct: String
        @Option(help: "Local time of finalisation, YYYY-MM-DDTHH:MM.") var at: String
        @Option(help: "Election id (default: the latest).") var election: String?

        func run() async throws {
            guard let time = CivilDateTime(parsing: at) else { throw ValidationError("--at: expected YYYY-MM-DDTHH:MM") }
            let store = try await reportingErrors { try await database.open() }
            let commitment = try await reportingErrors {
                try await store.voters.finaliseList(precinct: precinct, election: election, at: time, by: .commandLine())
            }
            say("Finalised \(commitment)")
            await store.close()
        }
    }
}

/// `hattama avc …`: absentee voting certificates, produced centrally and passed down.
struct AbsenteeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avc", abstract: "Absentee voting certificates: production, allocation down the chain, accountability report.",
        subcommands: [Produce.self, Allocate.self, Report.self])

    struct Produce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Produce serials for the CEC, within the sum of the regions' caps.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "How many.") var count: Int
        @Option(help: "Election id (default: the latest).") var election: String?

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let serials = try await reportingErrors {
                try await store.voterActs.produceCertificates(count: count, election: election, by: .commandLine())
            }
            say("Produced serials \(serials.lowerBound)–\(serials.upperBound).")
            await store.close()
        }
    }

    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pass blank certificates to a directly subordinate commission.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "How many.") var count: Int
        @Option(help: "Commission passing them on.") var from: String
        @Option(help: "Commission directly below it.") var to: String
        @Option(help: "Election id (default: the latest).") var election: String?

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let serials = try await reportingErrors {
                try await store.voterActs.allocateCertificates(count: count, from: from, to: to, election: election, by: .commandLine())
            }
            say("Allocated \(serials.count) certificates from \(from) to \(to).")
            await store.close()
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allocated / issued / redeemed / unused / void for a commission and those directly below it, reconciled.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Commission (default: the CEC, i.e. national).") var commission: String?
        @Option(help: "Election id (default: the latest).") var election: String?

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let report = try await reportingErrors { try await store.voterActs.absenteeReport(commission: commission, election: election) }
            say("commission\tallocated\tissued\tredeemed\tunused\tvoid\tredeemed-here\tcap")
            for line in [report.commission] + report.subordinates {
                say(
                    "\(line.commissionID)\t\(line.allocated)\t\(line.issued)\t\(line.redeemed)\t\(line.unused)\t\(line.void)\t"
                        + "\(line.redeemedAtStations)\t\(line.cap.map(String.init) ?? "")")
            }
            say(report.problems.isEmpty ? "Reconciled." : "NOT RECONCILED:\n" + report.problems.joined(separator: "\n"))
            await store.close()
            if !report.problems.isEmpty { throw ExitCode(2) }
        }
    }
}

/// `hattama demo --voters`: the synthetic register (valid IINs, one voter per registered voter of
/// each precinct), delivered and imported per region as local executive bodies would (precinct
/// numbers repeat across regions) and per station abroad.
func loadDemoVoters(into store: HattamaStore, scale: DemoScale, seed: UInt64, csvDirectory: String?, progress: Bool) async throws {
    let structure = DemoGenerator(scale: scale, seed: seed).generate()
    guard let root = structure.commissions.first(where: { $0.parentID == nil }) else { return }
    var parent: [String: String] = [:]
    for commission in structure.commissions { if let p = commission.parentID { parent[commission.id] = p } }
    var units: [String] = []
    var precinctsByUnit: [String: [Precinct]] = [:]
    for precinct in structure.precincts {
        var unit = precinct.id
        while let p = parent[unit], p != root.id { unit = p }
        if precinctsByUnit[unit] == nil { units.append(unit) }
        precinctsByUnit[unit, default: []].append(precinct)
    }
    if let csvDirectory { try FileManager.default.createDirectory(atPath: csvDirectory, withIntermediateDirectories: true) }
    // One national register (IIN serials are unique per birth date nationally), split per unit.
    let started = ContinuousClock.now
    guard let day = CivilDate(parsing: structure.election.electionDay),
        let register = SyntheticRegister(precincts: structure.precincts, electionDay: day, seed: seed)
    else { throw Failure(message: "the demo's election day is not a date") }
    var unitOfPrecinct: [String: Int] = [:]
    for (i, unit) in units.enumerated() { for precinct in precinctsByUnit[unit] ?? [] { unitOfPrecinct[precinct.id] = i } }
    var files = units.map { _ in Array(VoterListCSV.header.utf8) }
    for (i, unit) in units.enumerated() {
        files[i].reserveCapacity((precinctsByUnit[unit] ?? []).reduce(0) { $0 + $1.registeredVoters } * 150)
    }
    register.stream { row in
        guard let i = unitOfPrecinct[row.record.homePrecinctID] else { return }
        files[i].append(contentsOf: VoterListCSV.line(row).utf8)
    }
    let generating = ContinuousClock.now - started
    // Every list in one transaction, all or nothing, as `hattama import voters` with several files.
    var lists: [(name: String, list: VoterListDelivery)] = []
    for (i, unit) in units.enumerated() {
        if let csvDirectory {
            try Data(files[i]).write(to: URL(fileURLWithPath: csvDirectory).appendingPathComponent("voters-\(unit).csv"))
        }
        lists.append((unit, VoterListDelivery(commission: unit, bytes: files[i])))
        files[i] = []
    }
    let begun = ContinuousClock.now
    let summaries = try await importVoterFiles(lists, election: structure.election.id, store: store, progress: progress)
    let importing = ContinuousClock.now - begun
    let total = summaries.reduce(0) { $0 + $1.added }
    say(
        "Voter register: \(total) synthetic voters in \(units.count) lists, generated in "
            + String(
                format: "%.1f s, imported in %.1f s (%.0f voters/s).", generating.seconds, importing.seconds,
                Double(total) / max(importing.seconds, 1e-9)))
}
