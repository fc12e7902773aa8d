import ArgumentParser
import Crypto
import Foundation
import HattamaCore
import HattamaStore
import HattamaWeb
import Hummingbird
import Logging

/// `hattama`: the command-line front door.
public struct Hattama: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hattama",
        abstract: "Election administration and results transparency.",
        subcommands: [
            Serve.self, Demo.self, Migrate.self, UserCommand.self, KeysCommand.self, ImportCommand.self, ExportCommand.self,
            ProfileCommand.self, Audit.self, VerifyCommand.self, WitnessCommand.self, VotersCommand.self, AbsenteeCommand.self,
        ])

    public init() {}

    /// Entry point for the `hattama` executable (parses, runs async subcommands, exits with
    /// ArgumentParser's codes and messages).
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Where the database is: `--db`, else `HATTAMA_DB`, else ./hattama.sqlite.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Database: a file path (SQLite) or postgres://user:password@host:port/database. Default: $HATTAMA_DB or ./hattama.sqlite")
    var db: String?

    func location() throws -> DatabaseLocation {
        let text = db ?? ProcessInfo.processInfo.environment["HATTAMA_DB"] ?? DatabaseLocation.defaultPath
        do {
            return try DatabaseLocation(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func open(schema: HattamaStore.SchemaPolicy = .migrate) async throws -> HattamaStore {
        var logger = Logger(label: "hattama")
        logger.logLevel = .warning
        return try await HattamaStore.open(try location(), schema: schema, logger: logger)
    }
}

extension DemoScale: ExpressibleByArgument {}

/// Turns store refusals into a clean message and exit code instead of a stack of Swift names.
@discardableResult
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StoreError {
        throw Failure(message: error.description)
    } catch let error as LawProfileError {
        throw Failure(message: error.description)
    }
}

/// Writes a line to standard output at once (print is block-buffered when redirected, which would
/// put progress lines after the server's log lines).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Failure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (JSON API, pages, /metrics).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Load the national demo, with election-night results, into a database that holds no election yet.") var demo = false
    @Option(help: "Demo size with --demo: kz2011 or small.") var scale: DemoScale = .kz2011
    @Option(help: "Seconds between signed tree heads of the transparency log when it has grown; 0 signs only on demand.")
    var sthInterval = 60

    func run() async throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard sthInterval >= 0 else { throw ValidationError("--sth-interval must not be negative") }
        let store = try await reportingErrors { try await database.open() }
        do {
            if demo {
                if try await store.structure.hasElections() {
                    say("Database already holds an election; --demo left it as it is.")
                } else {
                    try await loadDemo(into: store, scale: scale, seed: DemoGenerator.defaultSeed, results: true)
                }
            }
            var logger = Logger(label: "hattama.web")
            logger.logLevel = .info
            let app = try await buildApplication(store: store, configuration: .init(host: host, port: port), logger: logger)
            say("Hattama serving \(store.location) on http://\(host):\(port)/")
            let signer = sthInterval > 0 ? Task { await store.log.signTreeHeads(every: .seconds(sthInterval)) } : nil
            do {
                // runService installs SIGTERM/SIGINT handlers and drains open requests before returning.
                try await app.runService()
            } catch {
                signer?.cancel()
                await signer?.value
                throw error
            }
            signer?.cancel()
            await signer?.value
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

func loadDemo(into store: HattamaStore, scale: DemoScale, seed: UInt64, results: Bool) async throws {
    let started = ContinuousClock.now
    let profile = try LawProfile.bundled("kz-2011")
    let structure = DemoGenerator(scale: scale, seed: seed).generate()
    try await reportingErrors {
        try await store.structure.importStructure(structure, profile: profile, by: .commandLine())
    }
    let voters = structure.precincts.reduce(0) { $0 + $1.registeredVoters }
    say(
        "Demo \(scale.rawValue) loaded: \(structure.commissions.count - structure.precincts.count) commissions above precinct level, "
            + "\(structure.precincts.count) precincts, \(voters) registered voters.")
    // Demo commissions' keys are held by the server so that it can sign their protocols.
    try await reportingErrors { try await store.structure.generateDemoKeys(by: .commandLine()) }
    if results {
        let demo = DemoResults(structure: structure, profile: profile, seed: seed)
        let keys = try await store.structure.demoPrivateKeys()
        var submissions: [ProtocolSubmission] = []
        for resultsProtocol in demo.protocols() {
            guard let raw = keys[resultsProtocol.precinctID] else { continue }
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            submissions.append(
                ProtocolSubmission(resultsProtocol: resultsProtocol, signature: try key.signature(for: resultsProtocol.canonicalBytes())))
        }
        try await reportingErrors { try await store.results.reportTurnout(demo.turnoutReports(), by: .commandLine()) }
        let stored = try await reportingErrors { try await store.results.submitProtocols(submissions, by: .commandLine()) }
        let quarantined = stored.filter { $0.outcome == .quarantined }.count
        say("Election night: \(stored.count) signed protocols (\(quarantined) quarantined by control checks) and intraday turnout.")
        // Commissions at work come with election night, and so with serve --demo.
        let work = DemoCommissionWork(structure: structure, profile: profile, seed: seed)
        try await reportingErrors {
            try await store.commissionWork.loadDemoCommissionWork(work, election: structure.election.id, by: .commandLine())
        }
        say(
            "Commissions at work: \(work.members.count) members, \(work.steps.count) later acts "
                + "(substitutions, sessions, decisions, complaints).")
    }
    say("Done in \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))).")
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the deterministic national demo (2011 Kazakhstan structure).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "kz2011 (whole country, 9,700 precincts) or small (a few hundred precincts).") var scale: DemoScale = .kz2011
    @Option(help: "Seed of the generator; the same seed gives the same demo.") var seed: UInt64 = DemoGenerator.defaultSeed
    @Flag(help: "Also fill election night (protocols, turnout) and commissions at work (members, sessions, decisions, complaints).")
    var results = false
    @Flag(help: "Also import a synthetic voter register with valid IINs (one voter per registered voter).") var voters = false
    @Option(help: "With --voters: also write the generated lists (one CSV per region) to this directory.") var votersCSV: String?

    func run() async throws {
        let store = try await reportingErrors { try await database.open() }
        do {
            try await loadDemo(into: store, scale: scale, seed: seed, results: results)
            if voters {
                try await loadDemoVoters(into: store, scale: scale, seed: seed, csvDirectory: votersCSV, progress: true)
                let done = try await reportingErrors { try await store.voterActs.loadDemoVoterActivity(seed: seed, by: .commandLine()) }
                say(
                    "Register at work: \(done.specialStationInclusions) voters on special lists (\(done.specialStationUndos) taken back), "
                        + "\(done.certificatesIssued) absentee certificates issued of \(done.certificatesProduced) produced "
                        + "(\(done.certificatesRedeemed) redeemed, \(done.certificatesVoided) void), "
                        + "\(done.requestsGranted + done.requestsRefused) requests (\(done.requestsRefused) refused), "
                        + "\(done.electionDayAdditions) election-day additions, \(done.listsFinalised) lists finalised, "
                        + "\(done.ballotsMarked) ballots marked (\(done.doubleVotes) double vote).")
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Only report the schema version.") var status = false

    func run() async throws {
        if status {
            let store = try await reportingErrors { try await database.open(schema: .inspect) }
            let version = try await store.schemaVersion()
            await store.close()
            say("schema version \(version); this Hattama needs \(HattamaStore.schemaVersionOfBinary)")
            return
        }
        let store = try await reportingErrors { try await database.open(schema: .inspect) }
        let applied = try await reportingErrors { try await store.migrate() }
        await store.close()
        if applied.isEmpty {
            say("Schema is up to date (version \(HattamaStore.schemaVersionOfBinary)).")
        }
        for migration in applied { say("applied \(migration.version): \(migration.name)") }
    }
}
