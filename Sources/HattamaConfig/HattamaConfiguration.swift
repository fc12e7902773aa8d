import Foundation

/// Every setting of a Hattama process, as one plain value.
///
/// The command line builds it once (flags over environment variables over a configuration file
/// over these defaults; see `HattamaConfiguration.load` in HattamaCLI and README "Configuration")
/// and hands it to the store and the web application, which read nothing from the environment
/// themselves. Tests build it directly (`.testing`).
public struct HattamaConfiguration: Sendable, Equatable {
    public struct Database: Sendable, Equatable {
        /// A file path (SQLite), `:memory:`, `sqlite:PATH` or `postgres://user:password@host:port/database`.
        public var url: String
        /// The most connections the store opens to PostgreSQL at once (SQLite uses one).
        public var poolSize: Int

        public init(url: String = "./hattama.sqlite", poolSize: Int = 8) {
            self.url = url
            self.poolSize = poolSize
        }
    }

    public struct Server: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String = "127.0.0.1", port: Int = 8080) {
            self.host = host
            self.port = port
        }
    }

    public struct Security: Sendable, Equatable {
        /// bcrypt cost of new password hashes (4–31); every step doubles the work of a guess, and of a sign-in.
        public var bcryptCost: Int

        public init(bcryptCost: Int = 12) { self.bcryptCost = bcryptCost }
    }

    /// The public voter lookup's token bucket per client: enough for a family checking their
    /// stations, far too few to walk the IIN space.
    public struct VoterLookup: Sendable, Equatable {
        /// Lookups a client may make at once.
        public var burst: Int
        /// Lookups a client gets back per minute.
        public var perMinute: Double

        public init(burst: Int = 10, perMinute: Double = 12) {
            self.burst = burst
            self.perMinute = perMinute
        }
    }

    /// Rendered pages, JSON answers and export files kept in memory (see `PageCache` in HattamaWeb).
    public struct PageCache: Sendable, Equatable {
        /// How many entries are kept.
        public var entries: Int
        /// How long the log size a cached page is stamped with is trusted before it is read again
        /// (writes by this process are seen at once; this bounds how late other processes' are).
        public var freshness: Duration

        public init(entries: Int = 4096, freshness: Duration = .milliseconds(200)) {
            self.entries = entries
            self.freshness = freshness
        }
    }

    public struct TransparencyLog: Sendable, Equatable {
        /// How often `serve` signs a tree head when the log has grown; zero signs only on demand.
        public var treeHeadInterval: Duration
        /// The file holding the log's Ed25519 signing key (base64 of the raw 32 bytes), which the
        /// commands that sign tree heads read, and create with mode 0600 when it is missing. Nil:
        /// next to a SQLite database (`<database file>.log-key`), `./hattama-log.key` for
        /// PostgreSQL, none for `:memory:` (a key that lives as long as the process).
        public var signingKeyFile: String?

        public init(treeHeadInterval: Duration = .seconds(60), signingKeyFile: String? = nil) {
            self.treeHeadInterval = treeHeadInterval
            self.signingKeyFile = signingKeyFile
        }
    }

    public struct Clock: Sendable, Equatable {
        /// The zone of the civil date and time that day-dependent rules read (when voter lists open
        /// for scrutiny, the default `at` of commission acts).
        public var timeZone: TimeZone

        public init(timeZone: TimeZone = HattamaConfiguration.utc) { self.timeZone = timeZone }
    }

    public var database: Database
    public var server: Server
    public var security: Security
    public var voterLookup: VoterLookup
    public var pageCache: PageCache
    public var transparencyLog: TransparencyLog
    public var clock: Clock

    public init(
        database: Database = .init(), server: Server = .init(), security: Security = .init(), voterLookup: VoterLookup = .init(),
        pageCache: PageCache = .init(), transparencyLog: TransparencyLog = .init(), clock: Clock = .init()
    ) {
        self.database = database
        self.server = server
        self.security = security
        self.voterLookup = voterLookup
        self.pageCache = pageCache
        self.transparencyLog = transparencyLog
        self.clock = clock
    }

    /// The defaults with the cheapest bcrypt cost, so that tests which add users stay fast.
    public static let testing = HattamaConfiguration(security: .init(bcryptCost: 4))

    /// UTC, the default zone (Foundation may name it GMT: the same clock).
    public static let utc = TimeZone(identifier: "UTC") ?? .gmt

    /// Refuses values no part could work with, naming the setting's key.
    public func validate() throws(HattamaConfigurationError) {
        func require(_ condition: Bool, _ key: String, _ problem: @autoclosure () -> String) throws(HattamaConfigurationError) {
            if !condition { throw HattamaConfigurationError(key: key, problem: problem()) }
        }
        try require(
            !database.url.trimmingCharacters(in: .whitespaces).isEmpty, "database.url", "must name a database file or a postgres:// URL")
        try require((1...1000).contains(database.poolSize), "database.poolSize", "must be between 1 and 1000, not \(database.poolSize)")
        try require(!server.host.trimmingCharacters(in: .whitespaces).isEmpty, "server.host", "must not be empty")
        try require((1...65535).contains(server.port), "server.port", "must be between 1 and 65535, not \(server.port)")
        try require((4...31).contains(security.bcryptCost), "security.bcryptCost", "must be between 4 and 31, not \(security.bcryptCost)")
        try require(voterLookup.burst >= 1, "voterLookup.burst", "must be at least 1, not \(voterLookup.burst)")
        try require(
            voterLookup.perMinute.isFinite && voterLookup.perMinute > 0, "voterLookup.perMinute",
            "must be a positive number, not \(voterLookup.perMinute)")
        try require(pageCache.entries >= 1, "pageCache.entries", "must be at least 1, not \(pageCache.entries)")
        try require(pageCache.freshness >= .zero, "pageCache.freshnessMilliseconds", "must not be negative")
        try require(transparencyLog.treeHeadInterval >= .zero, "transparencyLog.treeHeadIntervalSeconds", "must not be negative")
        try require(
            transparencyLog.signingKeyFile.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? true,
            "transparencyLog.signingKeyFile", "must name a file")
    }
}

/// A setting that cannot be used: which key, where its value came from (when known) and why.
public struct HattamaConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The setting's key as written in a configuration file (`server.port`); empty for a problem
    /// with the file as a whole.
    public var key: String
    /// Where the value came from: `--port`, `environment variable HATTAMA_PORT`, `file hattama.json`.
    public var source: String?
    public var problem: String

    public init(key: String, source: String? = nil, problem: String) {
        self.key = key
        self.source = source
        self.problem = problem
    }

    /// `configuration: server.port (environment variable HATTAMA_PORT): is not a whole number`,
    /// or for the file as a whole `configuration: file x.json: is not valid JSON`.
    public var description: String {
        let subject =
            switch (key.isEmpty, source) {
            case (true, nil): ""
            case (true, let source?): "\(source): "
            case (false, nil): "\(key): "
            case (false, let source?): "\(key) (\(source)): "
            }
        return "configuration: \(subject)\(problem)"
    }
}
