import ArgumentParser
import Configuration
import Foundation
import HattamaConfig
import HattamaCore
import HattamaDemo
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

/// The settings of every command that opens the database, and where the rest come from: flags
/// over `HATTAMA_*` environment variables over `--config FILE` over defaults (README "Configuration").
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Configuration file (JSON): settings that flags and HATTAMA_* environment variables override.")
    var config: String?
    @Option(
        name: .long,
        help: "Database: a file path (SQLite) or postgres://user:password@host:port/database. Default: $HATTAMA_DB or ./hattama.sqlite")
    var db: String?
    @Option(help: "Most PostgreSQL connections at once. Default: $HATTAMA_DB_POOL_SIZE or 8.") var dbPoolSize: Int?
    @Option(help: "bcrypt cost of new password hashes, 4–31. Default: $HATTAMA_BCRYPT_COST or 12.") var bcryptCost: Int?
    @Option(
        help: """
            The transparency log's signing key (created with mode 0600 by the first command that signs). \
            Default: $HATTAMA_LOG_KEY_FILE, else DB.log-key next to a SQLite database, ./hattama-log.key for PostgreSQL.
            """)
    var logKeyFile: String?

    /// These options as settings, keyed as in a configuration file.
    var flags: [String: ConfigValue] {
        var flags: [String: ConfigValue] = [:]
        if let db { flags["database.url"] = ConfigValue(.string(db), isSecret: true) }
        if let dbPoolSize { flags["database.poolSize"] = ConfigValue(.int(dbPoolSize), isSecret: false) }
        if let bcryptCost { flags["security.bcryptCost"] = ConfigValue(.int(bcryptCost), isSecret: false) }
        if let logKeyFile { flags["transparencyLog.signingKeyFile"] = ConfigValue(.string(logKeyFile), isSecret: false) }
        return flags
    }

    /// The configuration of this run; `more` adds a command's own flags.
    func configuration(adding more: [String: ConfigValue] = [:]) async throws -> HattamaConfiguration {
        do {
            return try await HattamaConfiguration.load(flags: flags.merging(more) { $1 }, file: config)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens the database. `signing` is for the commands that sign tree heads (`serve`, `demo`,
    /// the imports): they read the log key file, creating it on first use; the others leave it alone.
    func open(schema: HattamaStore.SchemaPolicy = .migrate, signing: Bool = false) async throws -> HattamaStore {
        try await open(try await configuration(), schema: schema, signing: signing)
    }

    func open(_ configuration: HattamaConfiguration, schema: HattamaStore.SchemaPolicy = .migrate, signing: Bool = false) async throws
        -> HattamaStore
    {
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation(parsing: configuration.database.url)
        } catch {
            throw ValidationError(error.description)
        }
        var signer: LogSigner?
        if signing {
            let file = LogKeyFile.path(for: location, configured: configuration.transparencyLog.signingKeyFile)
            signer = try file.map(LogKeyFile.signer(at:)) ?? .generate()
        }
        var logger = Logger(label: "hattama")
        logger.logLevel = .warning
        return try await HattamaStore.open(location, schema: schema, configuration: configuration, logSigner: signer, logger: logger)
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
    @Option(help: "Address to listen on. Default: $HATTAMA_HOST or 127.0.0.1.") var host: String?
    @Option(help: "Port to listen on. Default: $HATTAMA_PORT or 8080.") var port: Int?
    @Flag(help: "Load the national demo, with election-night results, into a database that holds no election yet.") var demo = false
    @Option(help: "Demo size with --demo: kz2011 or small.") var scale: DemoScale = .kz2011
    @Option(
        help:
            "Seconds between signed tree heads of the transparency log when it has grown; 0 signs only on demand. Default: $HATTAMA_STH_INTERVAL or 60."
    )
    var sthInterval: Int?
    @Option(help: "Voter lookups a client may make at once. Default: $HATTAMA_LOOKUP_BURST or 10.") var lookupBurst: Int?
    @Option(help: "Voter lookups a client gets back per minute. Default: $HATTAMA_LOOKUP_PER_MINUTE or 12.") var lookupPerMinute: Double?
    @Option(help: "Pages, answers and files kept in memory. Default: $HATTAMA_PAGE_CACHE_ENTRIES or 4096.") var pageCacheEntries: Int?
    @Option(
        help:
            "Milliseconds the log size of cached pages is trusted before it is read again. Default: $HATTAMA_PAGE_CACHE_FRESHNESS_MS or 200."
    )
    var pageCacheFreshnessMs: Int?
    @Option(help: "Time zone of \"now\" for day-dependent rules, e.g. Asia/Almaty. Default: $HATTAMA_TIME_ZONE or UTC.") var timeZone:
        String?

    /// The server's own flags, keyed as in a configuration file.
    var flags: [String: ConfigValue] {
        var flags: [String: ConfigValue] = [:]
        if let host { flags["server.host"] = ConfigValue(.string(host), isSecret: false) }
        if let port { flags["server.port"] = ConfigValue(.int(port), isSecret: false) }
        if let sthInterval { flags["transparencyLog.treeHeadIntervalSeconds"] = ConfigValue(.int(sthInterval), isSecret: false) }
        if let lookupBurst { flags["voterLookup.burst"] = ConfigValue(.int(lookupBurst), isSecret: false) }
        if let lookupPerMinute { flags["voterLookup.perMinute"] = ConfigValue(.double(lookupPerMinute), isSecret: false) }
        if let pageCacheEntries { flags["pageCache.entries"] = ConfigValue(.int(pageCacheEntries), isSecret: false) }
        if let pageCacheFreshnessMs { flags["pageCache.freshnessMilliseconds"] = ConfigValue(.int(pageCacheFreshnessMs), isSecret: false) }
        if let timeZone { flags["clock.timeZone"] = ConfigValue(.string(timeZone), isSecret: false) }
        return flags
    }

    func run() async throws {
        let configuration = try await database.configuration(adding: flags)
        let store = try await reportingErrors { try await database.open(configuration, signing: true) }
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
            let app = try await buildApplication(store: store, configuration: configuration, logger: logger)
            let server = configuration.server
            say("Hattama serving \(store.location) on http://\(server.host):\(server.port)/")
            let interval = configuration.transparencyLog.treeHeadInterval
            let signer = interval > .zero ? Task { await store.log.signTreeHeads(every: interval) } : nil
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
    // The demo commissions' keys are derived from the seed; the server gets their public halves.
    let keys = DemoKeys(seed: seed)
    try await reportingErrors { try await keys.registerMissing(in: store, by: .commandLine()) }
    if results {
        let demo = DemoResults(structure: structure, profile: profile, seed: seed)
        let submissions = try demo.protocols().map { try keys.submission($0) }
        try await reportingErrors { try await store.results.reportTurnout(demo.turnoutReports(), by: .commandLine()) }
        let stored = try await reportingErrors { try await store.results.submitProtocols(submissions, by: .commandLine()) }
        let quarantined = stored.filter { $0.outcome == .quarantined }.count
        say("Election night: \(stored.count) signed protocols (\(quarantined) quarantined by control checks) and intraday turnout.")
        // Commissions at work come with election night, and so with serve --demo.
        let work = DemoCommissionWork(structure: structure, profile: profile, seed: seed)
        try await reportingErrors { try await work.load(into: store, election: structure.election.id, by: .commandLine()) }
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
        let store = try await reportingErrors { try await database.open(signing: true) }
        do {
            try await loadDemo(into: store, scale: scale, seed: seed, results: results)
            if voters {
                try await loadDemoVoters(into: store, scale: scale, seed: seed, csvDirectory: votersCSV, progress: true)
                let done = try await reportingErrors { try await DemoVoterActivity.load(into: store, seed: seed, by: .commandLine()) }
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
