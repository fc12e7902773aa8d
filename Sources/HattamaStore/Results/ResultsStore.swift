import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import SQLKit
import Synchronization

/// A signed protocol as a precinct commission submits it.
public struct ProtocolSubmission: Sendable {
    public var resultsProtocol: ResultsProtocol
    /// Ed25519 signature of the precinct commission over the `ProtocolStatement` of this version.
    public var signature: Data
    public var reason: ProtocolVersionReason
    /// The decision (of a commission or court) a correction rests on, when there is one.
    public var decisionReference: String?

    public init(
        resultsProtocol: ResultsProtocol, signature: Data, reason: ProtocolVersionReason = .original, decisionReference: String? = nil
    ) {
        self.resultsProtocol = resultsProtocol
        self.signature = signature
        self.reason = reason
        self.decisionReference = decisionReference
    }
}

/// One stored version of a precinct's protocol, with everything needed to re-check it.
public struct ProtocolVersion: Codable, Hashable, Sendable {
    public var electionID: String
    public var precinctID: String
    public var version: Int
    /// SHA-256 of the canonical bytes, hex: the protocol's identity.
    public var hash: String
    public var canonical: String
    public var signature: String
    public var outcome: ProtocolOutcome
    public var failures: [ControlCheckResult]
    public var reason: ProtocolVersionReason
    public var decisionReference: String?
    public var submittedBy: String
    public var submittedAt: String
    public var figures: ResultsProtocol
    /// Index of this version's `protocol-version` entry in the transparency log; nil only for
    /// versions stored before the log existed.
    public var logIndex: Int? = nil
}

/// A precinct's protocol as published: the version that counts, and the whole history.
public struct ProtocolRecord: Codable, Hashable, Sendable {
    /// The latest version that passed the error-severity controls; it is the one tabulated.
    public var counted: ProtocolVersion?
    public var latest: ProtocolVersion
    /// Oldest first.
    public var history: [ProtocolVersion]
    public var publicKey: String?
}

/// A commission's results: its summary protocol, its children's, progress and outcome risk.
public struct ResultsView: Codable, Hashable, Sendable {
    public var electionID: String
    public var summary: CommissionSummaryProtocol
    public var children: [CommissionSummaryProtocol]
    public var outcomeRisk: OutcomeRisk
    public var candidates: [Candidate]
}

/// The in-memory tabulation of one election, kept current as protocols arrive.
final class ElectionRuntime: Sendable {
    let profile: LawProfile
    let compiled: CompiledProfile
    let candidates: [Candidate]
    let rootID: String
    /// The election's form and candidates, worked out once for fast validation and encoding.
    let layout: ProtocolLayout
    let state: Mutex<State>

    struct State: Sendable {
        var tabulation: Tabulation
        var turnout: TurnoutTabulation
        /// Version number of the protocol each precinct's figures in `tabulation` come from.
        var recordedVersion: [String: Int]
        /// The log size up to which every protocol version and turnout report is applied (see `catchUp`).
        var seenLogSize = 0
    }

    init(profile: LawProfile, compiled: CompiledProfile, candidates: [Candidate], rootID: String, tabulation: Tabulation) {
        self.profile = profile
        self.compiled = compiled
        self.candidates = candidates
        self.rootID = rootID
        self.layout = ProtocolLayout(electionID: tabulation.electionID, profile: profile, candidates: candidates)
        self.state = Mutex(
            State(
                tabulation: tabulation,
                turnout: TurnoutTabulation(structure: tabulation.structure, profile: profile, electionID: tabulation.electionID),
                recordedVersion: [:]))
    }

    /// Applies a stored version if it is newer than what the tabulation holds. A quarantined version
    /// does not displace a counted one: the latest accepted version counts.
    func apply(_ version: ProtocolVersion, assessment: ProtocolAssessment) {
        state.withLock { Self.apply(version, assessment: assessment, to: &$0) }
    }

    /// `apply` for many versions, in order, under one lock.
    func apply(_ versions: [ProtocolVersion], assessments: [ProtocolAssessment]) {
        state.withLock { state in
            for (version, assessment) in zip(versions, assessments) { Self.apply(version, assessment: assessment, to: &state) }
        }
    }

    private static func apply(_ version: ProtocolVersion, assessment: ProtocolAssessment, to state: inout State) {
        let previous = state.recordedVersion[version.precinctID] ?? 0
        guard version.version > previous else { return }
        if assessment.outcome == .quarantined, previous > 0, state.tabulation.outcome(ofPrecinct: version.precinctID)?.counts == true {
            return
        }
        if (try? state.tabulation.record(version.figures, assessment: assessment)) != nil {
            state.recordedVersion[version.precinctID] = version.version
        }
    }
}

final class RuntimeCache: Sendable {
    let runtimes = Mutex<[String: ElectionRuntime]>([:])
}

/// Results: signed protocol versions as commissions submit them, turnout through the day, and the
/// in-memory tabulation of each election (`ElectionRuntime`), kept current by its own writes and
/// caught up with other processes' from the log (`catchUp`).
public struct ResultsStore: Sendable {
    let context: StoreContext
}

extension ResultsStore {
    // MARK: - Submitting

    /// Checks and stores one signed protocol version. Malformed, unsigned, unauthorised and
    /// duplicate submissions are refused and store nothing; a protocol that fails an error-severity
    /// control is stored as quarantined (published, but not counted).
    @discardableResult
    public func submitProtocol(_ submission: ProtocolSubmission, by principal: Principal) async throws -> ProtocolVersion {
        try await submitProtocols([submission], by: principal)[0]
    }

    /// Stores many signed protocols atomically (an import): every one is checked first, and any
    /// refusal names the item (1-based) and stores nothing.
    ///
    /// The per-protocol checks (validation, signature verification, control checks, hashing) are
    /// independent of each other and run on `workers` threads at once (default: one per core)
    /// before the transaction; refusals are still reported for the first failing item in order,
    /// exactly as a one-by-one check would report them.
    @discardableResult
    public func submitProtocols(
        _ submissions: [ProtocolSubmission], by principal: Principal, itemLabels: [String]? = nil, workers: Int? = nil
    ) async throws -> [ProtocolVersion] {
        guard !submissions.isEmpty else { return [] }
        let workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        // How refusals name an item: "line 17" for a file import, "item 17" otherwise.
        func label(_ i: Int) -> String { itemLabels.flatMap { i < $0.count ? $0[i] : nil } ?? "item \(i + 1)" }
        let electionID = submissions[0].resultsProtocol.electionID
        let runtime = try await runtime(election: electionID)
        func refuse(_ index: Int, _ message: String) -> StoreError {
            .invalid(submissions.count == 1 ? message : "\(label(index)): \(message)")
        }
        let layout = runtime.layout
        let rejections = await Self.concurrentMap(submissions, workers: workers) { submission -> ProtocolRejection? in
            do throws(ProtocolRejection) {
                try submission.resultsProtocol.validate(layout: layout)
                return nil
            } catch {
                return error
            }
        }
        let structure = runtime.state.withLock { $0.tabulation.structure }
        var precinctIDs = Set<String>()
        precinctIDs.reserveCapacity(submissions.count)
        for (i, submission) in submissions.enumerated() {
            let p = submission.resultsProtocol
            guard p.electionID == electionID else { throw refuse(i, "election '\(p.electionID)' differs from the batch's '\(electionID)'") }
            if let rejection = rejections[i] {
                throw refuse(i, "precinct '\(p.precinctID)': \(rejection.description)")
            }
            guard structure.isPrecinct(p.precinctID) else {
                throw StoreError.notFound(submissions.count == 1 ? "precinct '\(p.precinctID)'" : "\(label(i)): precinct '\(p.precinctID)'")
            }
            guard precinctIDs.insert(p.precinctID).inserted else {
                throw refuse(i, "precinct '\(p.precinctID)' appears twice in one import")
            }
            do throws(ProtocolVersionError) {
                try ProtocolVersionChain.checkSubmission(reason: submission.reason, decisionReference: submission.decisionReference)
            } catch {
                throw refuse(i, error.description)
            }
        }
        if let user = principal.user {
            for (i, submission) in submissions.enumerated() {
                do {
                    try await context.authorize(user, .submitProtocol, at: submission.resultsProtocol.precinctID)
                } catch let error as StoreError {
                    throw submissions.count == 1 ? error : StoreError.forbidden("\(label(i)): \(error.description)")
                }
            }
        }
        let keys = try await context.publicKeys(Array(precinctIDs))
        let now = Timestamp.now()
        let compiled = runtime.compiled
        let submittedBy = principal.name
        let checked = await Self.concurrentMap(submissions, workers: workers) { submission -> Result<PreparedVersion, ItemRefusal> in
            Self.prepare(
                submission, electionID: electionID, key: keys[submission.resultsProtocol.precinctID], layout: layout, compiled: compiled,
                submittedBy: submittedBy, submittedAt: now)
        }
        var prepared: [PreparedVersion] = []
        prepared.reserveCapacity(submissions.count)
        for (i, result) in checked.enumerated() {
            switch result {
            case .success(let item): prepared.append(item)
            case .failure(let refusal): throw refuse(i, refusal.message)
            }
        }
        let toStore = prepared
        let labels = (0..<submissions.count).map(label)
        let stored = try await context.write(
            by: principal, action: submissions.count == 1 ? "submit-protocol" : "import-protocols",
            subject: submissions.count == 1
                ? "protocol \(electionID)/\(submissions[0].resultsProtocol.precinctID)" : "protocols \(electionID)",
            details: ["count": "\(submissions.count)"]
        ) { db, log in
            let latest = try await Self.latestVersions(db, election: electionID, precincts: toStore.map(\.version.precinctID))
            var rows: [[SQLValue]] = []
            rows.reserveCapacity(toStore.count)
            var versions: [ProtocolVersion] = []
            versions.reserveCapacity(toStore.count)
            for (i, item) in toStore.enumerated() {
                var version = item.version
                do throws(ProtocolVersionError) {
                    version.version = try ProtocolVersionChain.nextVersion(
                        precinctID: version.precinctID, hash: version.hash, reason: version.reason, after: latest[version.precinctID])
                } catch {
                    // An identical version names the batch item, as other conflicts do.
                    throw error.isConflict
                        ? StoreError.conflict((toStore.count == 1 ? "" : "\(labels[i]): ") + error.description)
                        : StoreError.invalid(error.description)
                }
                versions.append(version)
            }
            // Then the signature, which covers the whole claim (`ProtocolStatement`): the version this
            // becomes and the hash of the one it follows are known only now, inside the transaction.
            let signatureRefusals = await Self.concurrentMap(Array(toStore.indices), workers: workers) { i -> String? in
                Self.checkSignature(toStore[i], after: latest[toStore[i].version.precinctID])
            }
            if let i = signatureRefusals.firstIndex(where: { $0 != nil }), let message = signatureRefusals[i] {
                throw StoreError.invalid(toStore.count == 1 ? message : "\(labels[i]): \(message)")
            }
            // The log entries land in this transaction, before the rows that point at them.
            let indices = try await log.append(versions.map(Self.logEntry(for:)))
            for i in versions.indices {
                versions[i].logIndex = indices[i]
                let version = versions[i]
                let checks = try toStore[i].checks ?? String(decoding: JSONEncoder.sorted.encode(version.failures), as: UTF8.self)
                rows.append([
                    .text(version.electionID), .text(version.precinctID), .integer(version.version), .text(version.canonical),
                    .text(version.hash), .text(version.signature), .text(version.outcome.rawValue), .text(checks),
                    .text(version.reason.rawValue), SQLValue(version.decisionReference), .text(version.submittedBy),
                    .text(version.submittedAt), SQLValue(version.logIndex),
                ])
            }
            try await db.insertValues(
                "protocol_versions",
                [
                    "election_id", "precinct_id", "version", "canonical", "hash", "signature", "outcome", "checks", "reason",
                    "decision_ref", "submitted_by", "submitted_at", "log_index",
                ], rows)
            return versions
        }
        runtime.apply(stored, assessments: prepared.map(\.assessment))
        // Applied here, so the next look-up need not read the batch back (see catchUp).
        runtime.noteApplied(logIndices: stored.compactMap(\.logIndex))
        if submissions.count > 1 { await context.signTreeHeadAfterBatch() }
        return stored
    }

    /// A checked submission, ready for the transaction (its version number and signature are
    /// checked there, against the station's latest version).
    struct PreparedVersion: Sendable {
        var version: ProtocolVersion
        var assessment: ProtocolAssessment
        /// The control-check results as stored (sorted-keys JSON); nil: encode them in the transaction.
        var checks: String?
        /// The station's registered public key (raw Ed25519).
        var key: Data
        var signature: Data
    }

    /// Nil when the submission's signature is the station's over the statement of this version
    /// after `previous`; otherwise why not.
    static func checkSignature(_ item: PreparedVersion, after previous: ProtocolVersionHead?) -> String? {
        let version = item.version
        let statement = ProtocolStatement(
            version.figures, protocolHash: version.hash, reason: version.reason, decisionReference: version.decisionReference,
            after: previous)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: item.key), item.signature.count == 64,
            key.isValidSignature(item.signature, for: statement.canonicalBytes())
        else {
            return "signature: not a valid signature of precinct commission '\(version.precinctID)' over the statement of version "
                + "\(statement.version) (\(ProtocolStatement.format): election, station, version, reason, decision reference, "
                + "previous version's hash \(previous?.hash ?? "none"), this version's hash)"
        }
        return nil
    }

    /// Why one item of a batch is refused, before the batch's label is put in front.
    struct ItemRefusal: Error {
        var message: String
    }

    /// The per-protocol work before the transaction: canonical bytes, the signature against the
    /// precinct commission's registered key, the control checks, the hash. Pure, so items can be
    /// checked on several threads at once.
    static func prepare(
        _ submission: ProtocolSubmission, electionID: String, key raw: Data?, layout: ProtocolLayout, compiled: CompiledProfile,
        submittedBy: String, submittedAt: String
    ) -> Result<PreparedVersion, ItemRefusal> {
        let p = submission.resultsProtocol
        let bytes = p.canonicalBytes(layout: layout)
        guard let raw, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return .failure(ItemRefusal(message: "precinct '\(p.precinctID)' has no registered signing key"))
        }
        guard submission.signature.count == 64 else {
            return .failure(ItemRefusal(message: "signature: an Ed25519 signature has 64 bytes, not \(submission.signature.count)"))
        }
        let assessment = compiled.assess(p)
        // No failures is the common case; its JSON is always the same two bytes.
        let checks =
            assessment.failures.isEmpty
            ? "[]" : (try? JSONEncoder.sorted.encode(assessment.failures)).map { String(decoding: $0, as: UTF8.self) }
        let version = ProtocolVersion(
            electionID: electionID, precinctID: p.precinctID, version: 0, hash: Canonical.sha256Hex(bytes),
            canonical: String(decoding: bytes, as: UTF8.self), signature: submission.signature.base64EncodedString(),
            outcome: assessment.outcome, failures: assessment.failures, reason: submission.reason,
            decisionReference: submission.decisionReference, submittedBy: submittedBy, submittedAt: submittedAt, figures: p)
        return .success(
            PreparedVersion(
                version: version, assessment: assessment, checks: checks, key: key.rawRepresentation, signature: submission.signature))
    }

    /// `items.map(transform)`, in chunks on up to `workers` threads at once; the order of the
    /// results is the order of the items. Small inputs are mapped on the calling task.
    static func concurrentMap<T: Sendable, R: Sendable>(
        _ items: [T], workers: Int = ProcessInfo.processInfo.activeProcessorCount, _ transform: @escaping @Sendable (T) -> R
    ) async -> [R] {
        // Many small chunks rather than one per worker, so a core slowed by other work delays little.
        let chunkSize = 128
        guard workers > 1, items.count > chunkSize else { return items.map(transform) }
        let chunks = (items.count + chunkSize - 1) / chunkSize
        return await withTaskGroup(of: (Int, [R]).self) { group in
            var next = 0
            // At most `workers` chunks in flight: the limit holds even where more threads exist.
            func start() {
                guard next < chunks else { return }
                let chunk = next
                next += 1
                group.addTask { (chunk, items[(chunk * chunkSize)..<min(items.count, (chunk + 1) * chunkSize)].map(transform)) }
            }
            for _ in 0..<workers { start() }
            var parts = [[R]](repeating: [], count: chunks)
            for await (chunk, part) in group {
                parts[chunk] = part
                start()
            }
            return parts.flatMap { $0 }
        }
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        // One shared encoder: String(format:) per byte once cost 14% of ingest time.
        Hex.encode(SHA256.hash(data: bytes))
    }

    /// Each station's latest version (its number and hash): what a commission's device needs to
    /// sign a correction (`ProtocolStatement`). Stations without a version are left out.
    public func latestVersionHeads(election: String, precincts: [String]) async throws -> [String: ProtocolVersionHead] {
        try await context.backend.withDatabase { db in try await Self.latestVersions(db, election: election, precincts: precincts) }
    }

    /// Each precinct's latest stored version, as much of it as the version rule needs.
    static func latestVersions(_ db: any SQLDatabase, election: String, precincts: [String]) async throws -> [String:
        ProtocolVersionHead]
    {
        var result: [String: ProtocolVersionHead] = [:]
        for chunk in precincts.chunked(400) {
            let rows = try await db.raw(
                """
                SELECT v.precinct_id, v.version, v.hash FROM protocol_versions v
                WHERE v.election_id = \(bind: election) AND v.precinct_id IN \(SQLBind.group(chunk))
                AND v.version = (SELECT MAX(w.version) FROM protocol_versions w WHERE w.election_id = v.election_id AND w.precinct_id = v.precinct_id)
                """
            ).all()
            for row in rows {
                result[try row.string("precinct_id")] = ProtocolVersionHead(version: try row.int("version"), hash: try row.string("hash"))
            }
        }
        return result
    }

    // MARK: - Reading

    public func protocolRecord(election: String, precinct: String) async throws -> ProtocolRecord {
        let runtime = try await runtime(election: election)
        let rows = try await context.backend.withDatabase { db in
            try await db.raw(
                "\(unsafeRaw: Self.versionColumns) WHERE election_id = \(bind: election) AND precinct_id = \(bind: precinct) ORDER BY version"
            )
            .all()
        }
        let history = try rows.map { try Self.version($0) }
        guard let latest = history.last else {
            _ = runtime
            throw StoreError.notFound("protocol of precinct '\(precinct)' in election '\(election)'")
        }
        let counted = history.last { $0.outcome != .quarantined }
        let key = try? await context.commissionKey(precinct)
        return ProtocolRecord(counted: counted, latest: latest, history: history, publicKey: key?.publicKey)
    }

    public func results(election: String, commission: String? = nil) async throws -> ResultsView {
        try await results(election: election, commission: commission, children: nil)
    }

    /// `children`: the ids of the commission's children when the caller has read them already
    /// (the pages hold the commission's detail), so the structure is not read twice.
    func results(election: String, commission: String?, children known: [String]?) async throws -> ResultsView {
        let runtime = try await runtime(election: election)
        let commissionID = commission ?? runtime.rootID
        let children: [String]
        if let known {
            children = known
        } else {
            children = try await StructureStore(context: context).commission(commissionID).children.map(\.id)
        }
        return try runtime.state.withLock { state in
            guard let summary = state.tabulation.summary(of: commissionID) else {
                throw StoreError.notFound("commission '\(commissionID)' in election '\(election)'")
            }
            return ResultsView(
                electionID: election, summary: summary, children: children.compactMap { state.tabulation.summary(of: $0) },
                outcomeRisk: summary.outcomeRisk(winner: runtime.profile.winner), candidates: runtime.candidates)
        }
    }

    /// Full recount from the stored protocols, for checking the incremental tabulation.
    public func recountedResults(election: String, commission: String? = nil) async throws -> CommissionSummaryProtocol {
        let fresh = try await loadRuntime(election: election)
        let id = commission ?? fresh.rootID
        guard let summary = fresh.state.withLock({ $0.tabulation.summary(of: id) }) else { throw StoreError.notFound("commission '\(id)'") }
        return summary
    }

    /// The ballots-issued line of each precinct's counted protocol, from the in-memory tabulation
    /// (for the voter register's list sizes).
    func ballotsIssuedOfCountedProtocols(election: String) async throws -> [String: Int] {
        let runtime = try await runtime(election: election)
        return runtime.state.withLock { state in
            var figures: [String: Int] = [:]
            for id in state.recordedVersion.keys {
                if let summary = state.tabulation.summary(of: id), summary.progress.accepted > 0 { figures[id] = summary.ballotsIssued }
            }
            return figures
        }
    }

    static let versionColumns = """
        SELECT election_id, precinct_id, version, canonical, hash, signature, outcome, checks, reason, decision_ref, submitted_by, submitted_at,
        log_index FROM protocol_versions
        """

    static func version(_ row: any SQLRow) throws -> ProtocolVersion {
        let canonical = try row.string("canonical")
        let figures: ResultsProtocol
        do {
            figures = try ResultsProtocol(canonicalBytes: Array(canonical.utf8))
        } catch {
            throw StoreError.unavailable("stored protocol of '\(try row.string("precinct_id"))' is not canonical: \(error)")
        }
        let failures = (try? JSONDecoder().decode([ControlCheckResult].self, from: Data(try row.string("checks").utf8))) ?? []
        return ProtocolVersion(
            electionID: try row.string("election_id"), precinctID: try row.string("precinct_id"), version: try row.int("version"),
            hash: try row.string("hash"), canonical: canonical, signature: try row.string("signature"),
            outcome: ProtocolOutcome(rawValue: try row.string("outcome")) ?? .quarantined, failures: failures,
            reason: ProtocolVersionReason(rawValue: try row.string("reason")) ?? .original,
            decisionReference: try row.optionalString("decision_ref"),
            submittedBy: try row.string("submitted_by"), submittedAt: try row.string("submitted_at"), figures: figures,
            logIndex: try row.decodeNil(column: "log_index") ? nil : try row.int("log_index"))
    }

    // MARK: - Payloads

    /// `protocol-version` payload: one JSON object, sorted keys, no whitespace, with the canonical
    /// protocol (hattama-protocol/1) embedded verbatim under "protocol":
    ///
    ///     {"decisionReference":null,"outcome":"accepted","protocol":{…canonical…},"reason":"original",
    ///      "signature":"<base64 Ed25519 of the precinct commission>","version":1}
    public static func protocolVersionPayload(
        canonical: String, version: Int, reason: String, decisionReference: String?, outcome: String, signature: String
    ) -> String {
        "{\"decisionReference\":\(decisionReference.map(Canonical.jsonString) ?? "null"),\"outcome\":\(Canonical.jsonString(outcome)),"
            + "\"protocol\":\(canonical),\"reason\":\(Canonical.jsonString(reason)),\"signature\":\(Canonical.jsonString(signature)),\"version\":\(version)}"
    }

    static func logEntry(for version: ProtocolVersion) -> LogEntry {
        LogEntry(
            type: LogEntryType.protocolVersion, subject: "\(version.electionID)/\(version.precinctID)/v\(version.version)",
            payload: protocolVersionPayload(
                canonical: version.canonical, version: version.version, reason: version.reason.rawValue,
                decisionReference: version.decisionReference, outcome: version.outcome.rawValue, signature: version.signature))
    }

    // MARK: - Runtime

    func runtime(election: String) async throws -> ElectionRuntime {
        if let cached = context.runtimes.runtimes.withLock({ $0[election] }) {
            try await catchUp(cached, election: election)
            return cached
        }
        let loaded = try await loadRuntime(election: election)
        return context.runtimes.runtimes.withLock { cache in
            if let existing = cache[election] { return existing }
            cache[election] = loaded
            return loaded
        }
    }

    /// Builds an election's tabulation from the database: its structure under the root commission
    /// and, per precinct, the versions in order (so that the latest accepted one counts).
    func loadRuntime(election: String) async throws -> ElectionRuntime {
        let profile = try await context.profile(forElection: election)
        let root = try await context.rootCommission(election: election)
        let candidates = try await context.candidates(election: election)
        // Read first: whatever lands while loading is at or after it, and catchUp applies it again.
        let sizeAtLoad = try await context.logSize()
        let (commissions, precincts, versions, turnout) = try await context.backend.withDatabase { db in
            let commissions = try await db.raw(
                """
                SELECT c.id, c.level, c.parent_id, c.name_kk, c.name_ru, c.name_en FROM commission_ancestors a
                JOIN commissions c ON c.id = a.commission_id WHERE a.ancestor_id = \(bind: root) ORDER BY c.depth, c.ordinal
                """
            ).all().map(Row.commission)
            let precincts = try await db.raw(
                """
                SELECT p.id, p.number, p.kind, p.settlement_kk, p.settlement_ru, p.settlement_en, p.address_kk, p.address_ru, p.address_en,
                p.registered_voters, p.tabulating_commission_id FROM commission_ancestors a JOIN precincts p ON p.id = a.commission_id
                WHERE a.ancestor_id = \(bind: root)
                """
            ).all().map(Row.precinct)
            let versions = try await db.raw(
                "\(unsafeRaw: Self.versionColumns) WHERE election_id = \(bind: election) ORDER BY precinct_id, version"
            )
            .all().map { try Self.version($0) }
            let turnout = try await db.raw(
                "SELECT precinct_id, report_time, voters FROM turnout_reports WHERE election_id = \(bind: election) ORDER BY precinct_id, report_time"
            ).all().map {
                TurnoutReport(
                    electionID: election, precinctID: try $0.string("precinct_id"), time: try $0.string("report_time"),
                    voters: try $0.int("voters"))
            }
            return (commissions, precincts, versions, turnout)
        }
        let compiled: CompiledProfile
        let tabulation: Tabulation
        do {
            compiled = try CompiledProfile(profile)
            tabulation = try Tabulation(
                structure: TabulationStructure(commissions: commissions, precincts: precincts), profile: compiled, electionID: election,
                candidates: candidates)
        } catch {
            throw StoreError.unavailable("election '\(election)' cannot be tabulated: \(error)")
        }
        let runtime = ElectionRuntime(profile: profile, compiled: compiled, candidates: candidates, rootID: root, tabulation: tabulation)
        for version in versions { runtime.apply(version, assessment: compiled.assess(version.figures)) }
        runtime.state.withLock { state in
            for report in turnout { try? state.turnout.record(report) }
            state.seenLogSize = sizeAtLoad
        }
        return runtime
    }
}

extension ResultsStore {
    /// Summary protocols of every commission at one level of the profile (the precinct level gives
    /// one row per polling station), in structure order.
    public func summaries(election: String, level: String) async throws -> [CommissionSummaryProtocol] {
        let runtime = try await runtime(election: election)
        guard runtime.profile.level(level) != nil else {
            throw StoreError.invalid(
                "level '\(level)' is not one of \(runtime.profile.commissionLevels.map(\.id).joined(separator: ", ")) in profile \(runtime.profile.id)"
            )
        }
        let ids = try await context.backend.withDatabase { db in
            try await db.raw(
                """
                SELECT c.id FROM commission_ancestors a JOIN commissions c ON c.id = a.commission_id
                WHERE a.ancestor_id = \(bind: runtime.rootID) AND c.level = \(bind: level) ORDER BY c.ordinal
                """
            ).all().map { try $0.string("id") }
        }
        return runtime.state.withLock { state in ids.compactMap { state.tabulation.summary(of: $0) } }
    }

    /// The summary protocol of every polling station that `commission` tabulates (all of the
    /// election's stations for nil), in structure order, from the in-memory tabulation: no query.
    public func stationSummaries(election: String, under commission: String? = nil) async throws -> [CommissionSummaryProtocol] {
        let runtime = try await runtime(election: election)
        return runtime.state.withLock { state in
            let structure = state.tabulation.structure
            let ids = commission.map { structure.precinctIDs(tabulatedUnder: $0) } ?? structure.precinctIDs
            return ids.compactMap { state.tabulation.summary(of: $0) }
        }
    }

    /// The counted protocol of every precinct that has one (for open-data exports).
    public func countedProtocols(election: String) async throws -> [ResultsProtocol] {
        let rows = try await context.backend.withDatabase { db in
            try await db.raw("\(unsafeRaw: Self.versionColumns) WHERE election_id = \(bind: election) ORDER BY precinct_id, version").all()
        }
        var counted: [String: ResultsProtocol] = [:]
        var order: [String] = []
        for row in rows {
            let version = try Self.version(row)
            guard version.outcome != .quarantined else { continue }
            if counted[version.precinctID] == nil { order.append(version.precinctID) }
            counted[version.precinctID] = version.figures
        }
        return order.compactMap { counted[$0] }
    }
}
