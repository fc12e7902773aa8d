import Foundation
import HattamaConfig
import HattamaCore
import Logging
import SQLKit
import Synchronization

/// The one store type: intent-named operations over SQLite or PostgreSQL through one SQLKit
/// code path. Every write runs in a transaction together with its audit record.
public final class HattamaStore: Sendable {
    let backend: Backend
    public let location: DatabaseLocation
    let logger: Logger
    let profiles = ProfileCache()
    /// Elections are never changed once stored, so neither is what the register needs of one.
    let voterContexts = Mutex<[String: VoterContext]>([:])
    let runtimes = RuntimeCache()
    private let writeCounter = Atomic<Int>(0)
    /// bcrypt cost of new password hashes (`HattamaConfiguration.security`).
    let bcryptCost: UInt8

    init(backend: Backend, location: DatabaseLocation, logger: Logger, bcryptCost: UInt8) {
        self.backend = backend
        self.location = location
        self.logger = logger
        self.bcryptCost = bcryptCost
    }

    /// What `open` does about the schema. A schema newer than this binary is always refused.
    public enum SchemaPolicy: Sendable {
        /// Apply pending migrations (the default for `serve` and `demo`).
        case migrate
        /// Refuse a database that needs migrating.
        case requireCurrent
        /// Open whatever is there, for `hattama migrate` itself.
        case inspect
    }

    /// Opens the store at `location` with the parts of `configuration` it uses: the PostgreSQL
    /// pool size and the bcrypt cost (the rest is refused only when invalid).
    public static func open(
        _ location: DatabaseLocation, schema: SchemaPolicy = .migrate, configuration: HattamaConfiguration = .init(),
        logger: Logger = Logger(label: "hattama.store")
    ) async throws -> HattamaStore {
        do {
            try configuration.validate()
        } catch {
            throw StoreError.invalid(error.description)
        }
        let backend = try await Backend.open(location, poolSize: configuration.database.poolSize, logger: logger)
        let store = HattamaStore(
            backend: backend, location: location, logger: logger, bcryptCost: UInt8(configuration.security.bcryptCost))
        do {
            let version = try await backend.schemaVersion()
            if version > Migrations.latestVersion {
                throw StoreError.schemaTooNew(database: version, binary: Migrations.latestVersion)
            }
            switch schema {
            case .migrate: _ = try await backend.migrate()
            case .requireCurrent where version < Migrations.latestVersion:
                throw StoreError.schemaOutdated(database: version, binary: Migrations.latestVersion)
            case .requireCurrent, .inspect: break
            }
        } catch {
            await backend.close()
            throw error
        }
        return store
    }

    public func close() async { await backend.close() }

    public var backendName: String { backend.isPostgres ? "postgresql" : "sqlite" }

    public static var schemaVersionOfBinary: Int { Migrations.latestVersion }

    public func schemaVersion() async throws -> Int { try await backend.schemaVersion() }

    /// Applied migrations as (version, name).
    public func migrate() async throws -> [(version: Int, name: String)] {
        try await backend.migrate().map { ($0.version, $0.name) }
    }

    /// Runs `body` in a transaction and appends an audit record for the act in the same
    /// transaction, so no write is ever without its record.
    func write<T: Sendable>(
        by principal: Principal, action: String, subject: String, details: [String: String] = [:],
        body: @Sendable @escaping (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let result = try await backend.transaction { db in
            let result = try await body(db)
            try await Self.appendAudit(db, actor: principal, action: action, subject: subject, details: details)
            return result
        }
        writeCounter.add(1, ordering: .releasing)
        return result
    }

    /// How many writes this process has committed: a cheap, in-memory signal for caches that
    /// something may have changed (writes by other processes are found by reading the database).
    public var committedWrites: Int { writeCounter.load(ordering: .acquiring) }
}

/// Who performs a write: a signed-in user, or an operator at the command line.
public struct Principal: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let user: User?

    /// An operator at the command line; the command line says who (the store reads no environment).
    public static func commandLine(_ who: String) -> Principal {
        Principal(name: "cli:\(who)", user: nil)
    }

    public static let system = Principal(name: "system", user: nil)

    public static func user(_ user: User) -> Principal { Principal(name: "user:\(user.username)", user: user) }

    public var description: String { name }
}

/// Profiles are immutable once an election uses them; parse each one once.
final class ProfileCache: Sendable {
    private let cache = Mutex<[String: LawProfile]>([:])

    func profile(election: String, json: String) throws -> LawProfile {
        if let cached = cache.withLock({ $0[election] }) { return cached }
        let profile = try LawProfile.decodeStored(Data(json.utf8), file: "profile of election \(election)")
        cache.withLock { $0[election] = profile }
        return profile
    }
}

extension SQLRow {
    func text(_ prefix: String) throws -> LocalizedText {
        LocalizedText(
            kk: try decode(column: "\(prefix)_kk", as: String.self),
            ru: try decode(column: "\(prefix)_ru", as: String.self),
            en: try decode(column: "\(prefix)_en", as: String.self))
    }

    func int(_ column: String) throws -> Int {
        try decodeNil(column: column) ? 0 : try decode(column: column, as: Int.self)
    }

    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }

    func optionalString(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : try decode(column: column, as: String.self)
    }
}
