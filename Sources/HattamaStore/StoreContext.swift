import Foundation
import HattamaCore
import Logging
import SQLKit
import Synchronization

/// What every area of the store shares: the backend, the caches, and the one way to write.
///
/// Each area type (`LogStore`, `StructureStore`, …) holds the context and nothing else, so an area
/// can be used on its own. An area needing another's rows inside its own transaction reads them
/// through a shared query here (`StoreContext+Lookups.swift`, `Database/`), never through the other
/// area's helpers.
final class StoreContext: Sendable {
    let backend: Backend
    let location: DatabaseLocation
    let logger: Logger
    let profiles = ProfileCache()
    /// Elections are never changed once stored, so neither is what the register needs of one.
    let voterContexts = Mutex<[String: VoterContext]>([:])
    let runtimes = RuntimeCache()
    private let writeCounter = Atomic<Int>(0)
    /// bcrypt cost of new password hashes (`HattamaConfiguration.security`).
    let bcryptCost: UInt8
    /// The log's signing key, when this process signs tree heads (never stored in the database).
    let logSigner: LogSigner?

    init(backend: Backend, location: DatabaseLocation, logger: Logger, bcryptCost: UInt8, logSigner: LogSigner?) {
        self.backend = backend
        self.location = location
        self.logger = logger
        self.bcryptCost = bcryptCost
        self.logSigner = logSigner
    }

    /// Runs `body` in a transaction and appends an audit record for the act in the same
    /// transaction, so no write is ever without its record.
    func write<T: Sendable>(
        by principal: Principal, action: String, subject: String, details: [String: String] = [:],
        body: @Sendable @escaping (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let result = try await backend.transaction { db in
            let result = try await body(db)
            try await AuditTrail.append(db, actor: principal, action: action, subject: subject, details: details)
            return result
        }
        writeCounter.add(1, ordering: .releasing)
        return result
    }

    /// Runs `body` in one transaction with its audit record, and gives it the log: entries it
    /// appends land in the same transaction as the act, so neither exists without the other.
    func write<T: Sendable>(
        by principal: Principal, action: String, subject: String, details: [String: String] = [:],
        logging body: @Sendable @escaping (any SQLDatabase, LogAppender) async throws -> T
    ) async throws -> T {
        try await write(by: principal, action: action, subject: subject, details: details) { db in
            try await body(db, LogAppender(db: db))
        }
    }

    /// How many writes this process has committed (see `HattamaStore.committedWrites`).
    var committedWrites: Int { writeCounter.load(ordering: .acquiring) }

    /// Batches (imports) publish a fresh head at once. The batch itself is committed by then, so a
    /// failure here is logged rather than reported as a failed import; the next head covers it.
    /// A process without the log key signs nothing: the server's next head covers the batch.
    func signTreeHeadAfterBatch() async {
        guard logSigner != nil else { return }
        do {
            try await LogStore(context: self).signTreeHead()
        } catch {
            logger.warning("transparency log: could not sign a tree head after a batch: \(error)")
        }
    }
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
