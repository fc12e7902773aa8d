import Foundation
import HattamaConfig
import HattamaCore
import Logging
import SQLKit

/// The store: one type per area over one shared `StoreContext` (see DEVELOPERS.md),
/// SQLite or PostgreSQL through one SQLKit code path. Every write runs in a transaction together
/// with its audit record. A controller or command may take only the areas it uses.
public final class HattamaStore: Sendable {
    let context: StoreContext
    /// The transparency log: entries, proofs, tree heads, witnesses, `verifyLog`.
    public let log: LogStore
    /// Elections, commissions, polling stations, candidates and commission keys.
    public let structure: StructureStore
    /// Protocol versions, turnout and the tabulation.
    public let results: ResultsStore
    /// The voter register: imports, lists, look-ups, finalisation.
    public let voters: VotersStore
    /// Acts on the lists: special stations, requests, absentee certificates, ballot marks.
    public let voterActs: VoterActsStore
    /// Commissions at work: members, sessions, decisions, complaints.
    public let commissionWork: CommissionWorkStore
    /// Users, tokens, authorization and the audit log.
    public let accounts: AccountsStore
    /// What each public page shows, read in one call.
    public let pages: PagesStore

    public var location: DatabaseLocation { context.location }
    var backend: Backend { context.backend }

    init(backend: Backend, location: DatabaseLocation, logger: Logger, bcryptCost: UInt8, logSigner: LogSigner?) {
        let context = StoreContext(backend: backend, location: location, logger: logger, bcryptCost: bcryptCost, logSigner: logSigner)
        self.context = context
        log = LogStore(context: context)
        structure = StructureStore(context: context)
        results = ResultsStore(context: context)
        voters = VotersStore(context: context)
        voterActs = VoterActsStore(context: context)
        commissionWork = CommissionWorkStore(context: context)
        accounts = AccountsStore(context: context)
        pages = PagesStore(context: context)
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
    /// pool size and the bcrypt cost (the rest is refused only when invalid). `logSigner` is the
    /// transparency log's key for processes that sign tree heads (the server, imports); without it
    /// the store reads and writes but signs no tree head. The database holds only its public half.
    public static func open(
        _ location: DatabaseLocation, schema: SchemaPolicy = .migrate, configuration: HattamaConfiguration = .init(),
        logSigner: LogSigner? = nil, logger: Logger = Logger(label: "hattama.store")
    ) async throws -> HattamaStore {
        do {
            try configuration.validate()
        } catch {
            throw StoreError.invalid(error.description)
        }
        let backend = try await Backend.open(location, poolSize: configuration.database.poolSize, logger: logger)
        let store = HattamaStore(
            backend: backend, location: location, logger: logger, bcryptCost: UInt8(configuration.security.bcryptCost),
            logSigner: logSigner)
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

    /// How many writes this process has committed: a cheap, in-memory signal for caches that
    /// something may have changed (writes by other processes are found by reading the database).
    public var committedWrites: Int { context.committedWrites }
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
