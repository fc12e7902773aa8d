import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import SQLKit

/// One public act as it enters the transparency log.
///
/// The log's RFC 9162 entry (the `d` whose leaf hash is SHA-256(0x00 || d)) is
///
///     d = UTF-8(type) || 0x0A || UTF-8(payload)
///
/// `type` is a tag of lowercase letters, digits and hyphens (so it never contains the 0x0A
/// separator), and `payload` is the act's canonical text (see the payload builders below).
/// `subject` is an index for people and tools (which precinct, which election); it is not hashed,
/// since everything it names is inside the payload.
public struct LogEntry: Sendable, Hashable, Codable {
    public var type: String
    public var subject: String
    public var payload: String

    public init(type: String, subject: String, payload: String) {
        self.type = type
        self.subject = subject
        self.payload = payload
    }

    /// The bytes the leaf hash covers.
    public var leafInput: Data {
        var bytes = Data(type.utf8)
        bytes.append(0x0A)
        bytes.append(contentsOf: payload.utf8)
        return bytes
    }

    public var leafHash: Hash { MerkleHash.leafHash(leafInput) }

    static func isValidType(_ type: String) -> Bool {
        !type.isEmpty && type.utf8.count <= 64
            && type.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

/// Entry type tags.
public enum LogEntryType {
    public static let protocolVersion = "protocol-version"
    /// Commission keys registered, replaced or revoked (`StructureStore.keysEntry`).
    public static let commissionKeys = "commission-keys"
    public static let structure = "structure"
    public static let turnout = "turnout"
    /// Voter register (issue 6): per-precinct salted list roots, certificate allocations, and
    /// acts on the lists as counts — never names or IINs.
    public static let voterListCommitment = "voter-list-commitment"
    public static let absenteeAllocation = "absentee-allocation"
    public static let voterListEvent = "voter-list-event"
    // Commissions at work (CommissionWork/): payload
    // `{"electionID":…,"record":<the row's canonical JSON>}`.
    public static let memberAppointment = "member-appointment"
    public static let memberDeparture = "member-departure"
    public static let memberSubstitution = "member-substitution"
    public static let representativeRefusal = "representative-refusal"
    public static let session = "session"
    public static let decision = "decision"
    public static let complaintStatus = "complaint-status"
    public static let complaintAppeal = "complaint-appeal"
    public static let courtRuling = "court-ruling"
}

/// A stored log entry with its position.
public struct StoredLogEntry: Codable, Hashable, Sendable {
    public var index: Int
    public var type: String
    public var subject: String
    public var payload: String
    /// Hex of the RFC 9162 leaf hash of `LogEntry.leafInput`.
    public var leafHash: String
    public var loggedAt: String

    public var entry: LogEntry { LogEntry(type: type, subject: subject, payload: payload) }
}

/// A signed tree head as stored and published. Hashes and the signature are hex (as in
/// `SignedTreeHead`'s JSON); `keyID` is SHA-256 of the raw public key.
public struct LogTreeHead: Codable, Hashable, Sendable {
    public var treeSize: Int
    public var rootHash: String
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64
    public var signature: String
    public var keyID: String

    /// The HattamaLedger value, for verifying; nil when a stored field is not well-formed hex.
    public var signedTreeHead: SignedTreeHead? {
        guard let root = Hash(hex: rootHash), let signature = Hex.decode(signature) else { return nil }
        return SignedTreeHead(treeSize: treeSize, rootHash: root, timestamp: timestamp, signature: Data(signature))
    }
}

/// The log's public key: the raw 32-byte Ed25519 key, base64 (as commission keys are published),
/// and its key id (SHA-256 of the raw key, hex).
public struct LogPublicKey: Codable, Hashable, Sendable {
    public var keyID: String
    public var publicKey: String
    public var createdAt: String

    public var key: Curve25519.Signing.PublicKey? {
        Data(base64Encoded: publicKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }
}

public struct InclusionProof: Codable, Hashable, Sendable {
    public var leafIndex: Int
    public var treeSize: Int
    public var leafHash: String
    /// Audit path, hex, from the leaf upwards (RFC 9162 §2.1.3.1).
    public var auditPath: [String]
}

public struct ConsistencyProof: Codable, Hashable, Sendable {
    public var first: Int
    public var second: Int
    /// Hex, as RFC 9162 §2.1.4.1 orders them.
    public var proof: [String]
}

/// The transparency log (RFC 9162): reading entries and proofs, signed tree heads, witnesses and
/// their cosignatures, and `verifyLog`. Entries are appended by the acts themselves, through the
/// `LogAppender` of their write (`StoreContext.write(…logging:)`).
public struct LogStore: Sendable {
    let context: StoreContext
}

extension LogStore {
    static func resolve(_ db: any SQLDatabase, _ plan: MerkleProofPlan) async throws -> [Hash] {
        let nodes = try await LogStorage.readNodes(db, plan.nodeIDs)
        do {
            return try plan.resolve(fetched: nodes)
        } catch {
            throw StoreError.unavailable("transparency log: \(error)")
        }
    }

    // MARK: - Reading

    /// How many writes this process has committed (every area's, not just the log's): a cheap
    /// signal for caches of log-stamped pages that something may have changed.
    public var committedWrites: Int { context.committedWrites }

    /// Number of entries in the log.
    public func logSize() async throws -> Int {
        try await context.logSize()
    }

    /// Entries [start, end) in order, at most `limit` of them.
    public func logEntries(start: Int, end: Int, limit: Int = 1000) async throws -> [StoredLogEntry] {
        guard start >= 0, end >= start else { throw StoreError.invalid("entries: need 0 ≤ start ≤ end") }
        let end = min(end, start + max(0, limit))
        guard end > start else { return [] }
        return try await context.backend.withDatabase { db in
            try await db.raw(
                """
                SELECT entry_index, entry_type, subject, payload, leaf_hash, logged_at FROM log_entries
                WHERE entry_index >= \(bind: start) AND entry_index < \(bind: end) ORDER BY entry_index
                """
            ).all().map(Self.storedEntry)
        }
    }

    /// The leaf hashes of the entries at `indexes`, in one query (a page showing a protocol's
    /// versions links each to its entry). Indexes past the log's end are left out.
    public func leafHashes(at indexes: [Int]) async throws -> [Int: String] {
        let wanted = Array(Set(indexes.filter { $0 >= 0 })).sorted()
        guard !wanted.isEmpty else { return [:] }
        return try await context.backend.withDatabase { db in
            var hashes: [Int: String] = [:]
            // Bounded chunks keep the statement within both backends' parameter limits.
            for chunk in wanted.chunked(400) where !chunk.isEmpty {
                let rows = try await db.select().columns("entry_index", "leaf_hash").from("log_entries")
                    .where(SQLIdentifier("entry_index"), .in, SQLBind.group(chunk)).all()
                for row in rows { hashes[try row.int("entry_index")] = try row.string("leaf_hash") }
            }
            return hashes
        }
    }

    static func storedEntry(_ row: any SQLRow) throws -> StoredLogEntry {
        StoredLogEntry(
            index: try row.int("entry_index"), type: try row.string("entry_type"), subject: try row.string("subject"),
            payload: try row.string("payload"), leafHash: try row.string("leaf_hash"), loggedAt: try row.string("logged_at"))
    }

    /// RFC 9162 root of the first `size` entries, from O(log n) stored nodes.
    public func logRoot(size: Int) async throws -> Hash {
        try await context.backend.withDatabase { db in
            let current = try await LogStorage.size(db)
            guard size >= 0, size <= current else { throw StoreError.invalid("tree size \(size): the log has \(current) entries") }
            return try await Self.resolve(db, try MerkleProofPlan.root(treeSize: size))[0]
        }
    }

    /// `inclusionProof(leafHash:size:)` for a hex leaf hash, as a client sends it.
    public func inclusionProof(leafHashHex: String, size: Int) async throws -> InclusionProof {
        guard let hash = Hash(hex: leafHashHex) else { throw StoreError.invalid("leaf hash: expected 64 hex digits") }
        return try await inclusionProof(leafHash: hash, size: size)
    }

    /// Inclusion proof of the first entry with `leafHash` in the tree of `size` entries.
    public func inclusionProof(leafHash: Hash, size: Int) async throws -> InclusionProof {
        try await context.backend.withDatabase { db in
            let current = try await LogStorage.size(db)
            guard size >= 1, size <= current else {
                throw StoreError.invalid("tree size \(size): must be between 1 and the log's \(current) entries")
            }
            let row = try await db.raw(
                "SELECT MIN(entry_index) AS i FROM log_entries WHERE leaf_hash = \(bind: leafHash.hex) AND entry_index < \(bind: size)"
            ).first()
            guard let row, try !row.decodeNil(column: "i") else {
                throw StoreError.notFound("log entry with leaf hash \(leafHash.hex) in the tree of size \(size)")
            }
            let index = try row.decode(column: "i", as: Int.self)
            let path = try await Self.resolve(db, try MerkleProofPlan.inclusion(index: index, treeSize: size))
            return InclusionProof(leafIndex: index, treeSize: size, leafHash: leafHash.hex, auditPath: path.map(\.hex))
        }
    }

    /// Proof that the tree of `first` entries is a prefix of the tree of `second`.
    public func consistencyProof(first: Int, second: Int) async throws -> ConsistencyProof {
        try await context.backend.withDatabase { db in
            let current = try await LogStorage.size(db)
            guard first >= 0, first <= second, second <= current else {
                throw StoreError.invalid("consistency: need 0 ≤ first ≤ second ≤ the log's \(current) entries")
            }
            let proof = try await Self.resolve(db, try MerkleProofPlan.consistency(from: first, to: second))
            return ConsistencyProof(first: first, second: second, proof: proof.map(\.hex))
        }
    }

    // MARK: - Signed tree heads

    /// Whether this store holds the log's signing key (`HattamaStore.open(…logSigner:)`), and so
    /// can sign tree heads.
    public var signsTreeHeads: Bool { context.logSigner != nil }

    /// Signs the current tree with the log key this process holds, stores and returns it. Refused
    /// (unavailable) by a store opened without the key.
    @discardableResult
    public func signTreeHead() async throws -> LogTreeHead {
        guard let signer = context.logSigner else {
            throw StoreError.unavailable("transparency log: this process holds no log signing key, so it signs no tree head")
        }
        return try await context.backend.transaction { db in
            try await LogStorage.lock(db)
            let key = try signer.privateKey()
            try await Self.publishKey(db, signer)
            let size = try await LogStorage.size(db)
            let root = try await Self.resolve(db, try MerkleProofPlan.root(treeSize: size))[0]
            // Never older than the newest head, so heads are ordered by time as well as size.
            let previous = try await db.raw("SELECT MAX(timestamp_ms) AS t FROM tree_heads").first()
            var timestamp = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
            if let previous, try !previous.decodeNil(column: "t") {
                timestamp = max(timestamp, try previous.decode(column: "t", as: Int64.self))
            }
            let signed = try TreeHead(treeSize: size, rootHash: root, timestamp: timestamp).sign(with: key)
            let head = LogTreeHead(
                treeSize: size, rootHash: root.hex, timestamp: timestamp, signature: Hex.encode(signed.signature),
                keyID: Cosignature.keyID(for: key.publicKey).hex)
            try await db.insertRows(
                "tree_heads", ["tree_size", "root_hash", "timestamp_ms", "signature", "key_id"],
                [[head.treeSize, head.rootHash, head.timestamp, head.signature, head.keyID]])
            return head
        }
    }

    /// Signs a new tree head when the log has grown past the newest one (or none was signed yet);
    /// nil when the newest head already covers the log.
    @discardableResult
    public func signTreeHeadIfGrown() async throws -> LogTreeHead? {
        if let latest = try await latestTreeHead(), latest.treeSize == (try await logSize()) { return nil }
        return try await signTreeHead()
    }

    /// `serve`'s interval signer: every `interval`, a new head if the log grew, so published heads
    /// lag the log by at most one interval even when nobody asks for one. Runs until cancelled;
    /// failures are logged and retried at the next tick.
    public func signTreeHeads(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                try await signTreeHeadIfGrown()
            } catch {
                context.logger.warning("transparency log: interval tree-head signing failed: \(error)")
            }
        }
    }

    /// The newest signed tree head, if any was signed.
    public func latestTreeHead() async throws -> LogTreeHead? {
        try await context.backend.withDatabase { db in
            try await db.raw(
                "SELECT tree_size, root_hash, timestamp_ms, signature, key_id FROM tree_heads ORDER BY tree_size DESC, timestamp_ms DESC, id DESC LIMIT 1"
            ).first().map(Self.treeHead)
        }
    }

    /// The newest signed tree head, signing a new one first when the log has grown past it.
    public func currentTreeHead() async throws -> LogTreeHead {
        if let latest = try await latestTreeHead(), latest.treeSize == (try await logSize()) { return latest }
        return try await signTreeHead()
    }

    /// Every stored tree head, oldest first.
    public func treeHeads() async throws -> [LogTreeHead] {
        try await context.backend.withDatabase { db in
            try await db.raw("SELECT tree_size, root_hash, timestamp_ms, signature, key_id FROM tree_heads ORDER BY id").all().map(
                Self.treeHead)
        }
    }

    static func treeHead(_ row: any SQLRow) throws -> LogTreeHead {
        LogTreeHead(
            treeSize: try row.int("tree_size"), rootHash: try row.string("root_hash"),
            timestamp: try row.decode(column: "timestamp_ms", as: Int64.self), signature: try row.string("signature"),
            keyID: try row.string("key_id"))
    }

    /// The log's public keys (one, until keys are rotated); empty before the first tree head.
    public func logPublicKeys() async throws -> [LogPublicKey] {
        try await context.backend.withDatabase { db in
            try await db.raw("SELECT key_id, public_key, created_at FROM log_keys ORDER BY created_at").all().map {
                LogPublicKey(keyID: try $0.string("key_id"), publicKey: try $0.string("public_key"), createdAt: try $0.string("created_at"))
            }
        }
    }

    /// Adds the signer's public half to the published key history when it is new (the first head,
    /// or a key file replaced by the operator). Call with the log lock held.
    static func publishKey(_ db: any SQLDatabase, _ signer: LogSigner) async throws {
        let keyID = signer.keyID
        guard try await db.raw("SELECT key_id FROM log_keys WHERE key_id = \(bind: keyID)").first() == nil else { return }
        try await db.insertRows(
            "log_keys", ["key_id", "public_key", "created_at"], [[keyID, signer.publicKey.base64EncodedString(), Timestamp.now()]])
    }
}

// MARK: - Benchmarks

extension LogStore {
    /// Appends entries no act stands behind, through the same `LogAppender` and transaction as
    /// every act (with an audit record per call). Only for filling a throw-away log in benchmarks
    /// (`scripts/bench-ledger.sh`); hidden behind SPI so that no ordinary client can reach it.
    @_spi(Benchmarks)
    @discardableResult
    public func appendBenchmarkLogEntries(_ entries: [LogEntry]) async throws -> [Int] {
        try await context.write(by: .system, action: "benchmark-log-append", subject: "log", details: ["count": "\(entries.count)"]) {
            _, log in
            try await log.append(entries)
        }
    }
}

// MARK: - Witnesses

/// An observer organisation whose Ed25519 key may cosign tree heads. `publicKey` is the raw
/// 32-byte key, base64; `keyID` is SHA-256 of it, hex (as `Cosignature.keyID(for:)`).
public struct LogWitness: Codable, Hashable, Sendable {
    public var name: String
    public var keyID: String
    public var publicKey: String
    public var createdAt: String
}

/// A witness's cosignature of a stored tree head, as published with it.
public struct LogCosignature: Codable, Hashable, Sendable {
    public var witness: String
    public var witnessKeyID: String
    /// The witness's raw Ed25519 public key, base64, so verifiers need no second lookup.
    public var publicKey: String
    /// Hex Ed25519 signature over the head's `TreeHead.signedBytes`.
    public var signature: String
}

extension LogStore {
    /// Registers a witness. Names are 1–100 printable characters; each key and name once.
    @discardableResult
    public func addWitness(name: String, publicKey base64: String, by principal: Principal) async throws -> LogWitness {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw StoreError.invalid("witness name: 1–100 printable characters") }
        guard let raw = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw StoreError.invalid("witness public key: expected a raw 32-byte Ed25519 public key, base64") }
        let witness = LogWitness(
            name: name, keyID: Cosignature.keyID(for: key).hex, publicKey: key.rawRepresentation.base64EncodedString(),
            createdAt: Timestamp.now())
        return try await context.write(by: principal, action: "log.witness.add", subject: name, details: ["keyID": witness.keyID]) { db in
            let existing = try await db.raw(
                "SELECT name FROM log_witnesses WHERE key_id = \(bind: witness.keyID) OR name = \(bind: witness.name)"
            ).first()
            if let existing {
                throw StoreError.conflict("witness '\(try existing.string("name"))' already holds this name or key")
            }
            try await db.insertRows(
                "log_witnesses", ["key_id", "name", "public_key", "created_at"],
                [[witness.keyID, witness.name, witness.publicKey, witness.createdAt]])
            return witness
        }
    }

    public func witnesses() async throws -> [LogWitness] {
        try await context.backend.withDatabase { db in
            try await db.raw("SELECT key_id, name, public_key, created_at FROM log_witnesses ORDER BY name").all().map {
                LogWitness(
                    name: try $0.string("name"), keyID: try $0.string("key_id"), publicKey: try $0.string("public_key"),
                    createdAt: try $0.string("created_at"))
            }
        }
    }

    /// Stores a registered witness's cosignature of a tree head the log signed. Refuses unknown
    /// witnesses (forbidden), heads the log never signed (not found) and signatures that do not
    /// verify (invalid); a second, identical submission is accepted and changes nothing.
    @discardableResult
    public func addCosignature(_ cosignature: Cosignature, of head: TreeHead) async throws -> LogCosignature {
        guard head.isWellFormed else { throw StoreError.invalid("tree head: negative size or timestamp") }
        return try await context.backend.transaction { db in
            guard
                let witnessRow = try await db.raw(
                    "SELECT name, public_key FROM log_witnesses WHERE key_id = \(bind: cosignature.witnessKeyID.hex)"
                ).first()
            else { throw StoreError.forbidden("no registered witness has key id \(cosignature.witnessKeyID.hex)") }
            let name = try witnessRow.string("name")
            let publicKey = try witnessRow.string("public_key")
            guard let raw = Data(base64Encoded: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw StoreError.unavailable("witness '\(name)': the stored public key is not an Ed25519 key")
            }
            guard
                let headRow = try await db.raw(
                    """
                    SELECT MIN(id) AS id FROM tree_heads
                    WHERE tree_size = \(bind: head.treeSize) AND root_hash = \(bind: head.rootHash.hex) AND timestamp_ms = \(bind: head.timestamp)
                    """
                ).first(), try !headRow.decodeNil(column: "id")
            else {
                throw StoreError.notFound(
                    "signed tree head of size \(head.treeSize), root \(head.rootHash.hex), timestamp \(head.timestamp)")
            }
            guard cosignature.verify(head, publicKey: key) else {
                throw StoreError.invalid("witness '\(name)': the signature does not verify over this tree head")
            }
            let headID = try headRow.decode(column: "id", as: Int.self)
            let signature = Hex.encode(cosignature.signature)
            let stored = try await db.raw(
                "SELECT signature FROM log_cosignatures WHERE tree_head_id = \(bind: headID) AND witness_key_id = \(bind: cosignature.witnessKeyID.hex)"
            ).first()
            if stored == nil {
                try await db.insertRows(
                    "log_cosignatures", ["tree_head_id", "witness_key_id", "signature", "received_at"],
                    [[headID, cosignature.witnessKeyID.hex, signature, Timestamp.now()]])
                try await AuditTrail.append(
                    db, actor: .system, action: "log.cosignature.add", subject: name,
                    details: ["treeSize": String(head.treeSize), "rootHash": head.rootHash.hex])
            }
            // Ed25519 signatures are deterministic, so a repeat carries the same bytes; keep the first either way.
            return LogCosignature(
                witness: name, witnessKeyID: cosignature.witnessKeyID.hex, publicKey: publicKey,
                signature: try stored?.string("signature") ?? signature)
        }
    }

    /// Cosignatures of the tree head (size, root, timestamp), by witness name.
    public func cosignatures(of head: LogTreeHead) async throws -> [LogCosignature] {
        try await context.backend.withDatabase { db in
            try await db.raw(
                """
                SELECT w.name, w.key_id, w.public_key, c.signature FROM log_cosignatures c
                JOIN tree_heads h ON h.id = c.tree_head_id JOIN log_witnesses w ON w.key_id = c.witness_key_id
                WHERE h.tree_size = \(bind: head.treeSize) AND h.root_hash = \(bind: head.rootHash) AND h.timestamp_ms = \(bind: head.timestamp)
                ORDER BY w.name
                """
            ).all().map {
                LogCosignature(
                    witness: try $0.string("name"), witnessKeyID: try $0.string("key_id"), publicKey: try $0.string("public_key"),
                    signature: try $0.string("signature"))
            }
        }
    }
}
