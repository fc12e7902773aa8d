import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import SQLKit

/// Something in the database that the transparency log does not vouch for.
public struct LogProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The log entry concerned, when there is one.
    public var index: Int?
    /// What the problem is about, e.g. "precinct 'pec-ast-1' (election kz-2011-presidential) version 2".
    public var subject: String
    public var message: String

    public var description: String {
        (index.map { "log entry #\($0): " } ?? "") + "\(subject): \(message)"
    }
}

/// The outcome of `verifyLog()`: what was checked and every problem found.
public struct LogVerification: Codable, Hashable, Sendable {
    public var entries = 0
    public var nodes = 0
    public var treeHeads = 0
    public var protocolVersions = 0
    /// Protocol versions whose signature verified against the station's key as of the log.
    public var signedProtocols = 0
    public var turnoutReports = 0
    public var elections = 0
    /// Rows of the commissions-at-work tables (members, sessions, decisions, complaints, …).
    public var commissionActs = 0
    /// Logged rows of the voter register: list commitments, certificate allocations, list events.
    public var voterRegisterActs = 0
    /// Root of the recomputed tree of `entries` leaves, hex.
    public var rootHash = MerkleHash.emptyRoot.hex
    public var problems: [LogProblem] = []

    public var isValid: Bool { problems.isEmpty }
}

/// An area's check of its rows against the log as `verifyLog` read it (see `verifyRows` of each
/// area): the entries, and the problems found so far, in the order they are found.
struct LogRowCheck: Sendable {
    let entries: [StoredLogEntry]
    /// Entries read; a row pointing at or beyond it is newer than the checked log.
    let size: Int
    var problems: [LogProblem] = []

    mutating func problem(_ index: Int?, _ subject: String, _ message: String) {
        problems.append(LogProblem(index: index, subject: subject, message: message))
    }

    /// The entry a row points at: nil when the row is newer than the entries read (skip it),
    /// .some(nil) when a problem was reported, else the entry.
    mutating func entry(_ index: Int?, type: String, subject: String) -> StoredLogEntry?? {
        guard let index else {
            problem(nil, subject, "has no log entry")
            return .some(nil)
        }
        guard index >= 0 else {
            problem(index, subject, "points at a negative log index")
            return .some(nil)
        }
        guard index < size else { return nil }
        let found = entries[index]
        if found.type != type {
            problem(index, subject, "points at a '\(found.type)' entry, not a '\(type)' entry")
            return .some(nil)
        }
        return .some(found)
    }
}

extension LogStore {
    /// Recomputes the log from the database and checks it against itself and against the rows it
    /// vouches for:
    ///
    /// - every entry's leaf hash from its type and payload, and the whole tree from the leaves;
    /// - every stored tree node against the recomputed tree;
    /// - every stored tree head: its root at its size, and its Ed25519 signature by the log key;
    /// - every protocol version, turnout report and election structure: the payload rebuilt from the
    ///   row as it is now must equal the payload of the log entry the row points at, and every
    ///   logged protocol version must still have its row.
    ///
    /// Reads only. Tree heads are read first and rows last, so heads and rows written while it runs
    /// are either covered or skipped as newer than the checked log, never reported falsely.
    public func verifyLog() async throws -> LogVerification {
        var report = LogVerification()
        func problem(_ index: Int?, _ subject: String, _ message: String) {
            report.problems.append(LogProblem(index: index, subject: subject, message: message))
        }

        // Tree heads and keys first: any head must be covered by the entries read next.
        let heads = try await treeHeads()
        let keys = try await logPublicKeys()

        // Entries and the tree recomputed from them.
        let entries = try await context.backend.withDatabase { db in
            try await db.raw("SELECT entry_index, entry_type, subject, payload, leaf_hash, logged_at FROM log_entries ORDER BY entry_index")
                .all().map(Self.storedEntry)
        }
        var tree = MerkleTree()
        for (position, entry) in entries.enumerated() {
            guard entry.index == position else {
                problem(position, "log", "entries are not contiguous: found index \(entry.index) at position \(position)")
                break
            }
            let leaf = entry.entry.leafHash
            if leaf.hex != entry.leafHash.lowercased() {
                problem(
                    entry.index, entry.subject, "stored leaf hash \(entry.leafHash) is not the hash of the entry's content (\(leaf.hex))")
            }
            if !LogEntry.isValidType(entry.type) { problem(entry.index, entry.subject, "invalid entry type '\(entry.type)'") }
            tree.append(leafHash: leaf)
        }
        let size = tree.size
        report.entries = size
        report.rootHash = tree.root.hex

        // Every protocol version's signature, by the station's key as the log had it then, over
        // the version's whole claim; and the keys stored now against the keys the log ends with.
        var history = SignedHistory.forStations()
        for entry in entries.prefix(size) {
            history.apply(index: entry.index, type: entry.type, subject: entry.subject, payload: entry.payload)
        }
        report.signedProtocols = history.verified
        for found in history.problems { problem(found.index, found.subject, found.message) }
        let storedKeys = try await context.backend.withDatabase { db in
            // One map, looked up both ways: a national election has a hundred thousand keys.
            try await db.raw("SELECT commission_id, public_key FROM commission_keys").all().reduce(into: [String: String]()) {
                $0[try $1.string("commission_id")] = try $1.string("public_key")
            }
        }
        for (id, key) in storedKeys.sorted(by: { $0.key < $1.key }) where history.keys[id]?.base64EncodedString() != key {
            problem(nil, "key of commission '\(id)'", "the stored key is not the one the log registered last")
        }
        for id in history.keys.keys.sorted() where storedKeys[id] == nil {
            problem(nil, "key of commission '\(id)'", "the log registers a key that is missing from the database")
        }

        // Stored nodes against the recomputed tree (nodes beyond the entries read are newer).
        let nodeRows = try await context.backend.withDatabase { db in
            try await db.raw("SELECT level, node_index, hash FROM log_nodes").all().map {
                (level: try $0.int("level"), index: try $0.int("node_index"), hash: try $0.string("hash"))
            }
        }
        var expected = 0
        var level = 0
        while size >> level > 0 {
            expected += size >> level
            level += 1
        }
        var matched = 0
        var mismatched = 0
        for row in nodeRows {
            let id = MerkleNodeID(level: row.level, index: row.index)
            guard row.level < Int.bitWidth - 1, id.firstLeaf + id.leafCount <= size else { continue }
            let recomputed = try tree.node(level: row.level, index: row.index)
            if recomputed.hex == row.hash.lowercased() {
                matched += 1
            } else {
                mismatched += 1
                problem(id.firstLeaf, "tree node \(id)", "stored hash \(row.hash) differs from the recomputed \(recomputed.hex)")
            }
        }
        report.nodes = matched
        if matched + mismatched < expected {
            problem(nil, "tree nodes", "\(expected - matched - mismatched) of the \(expected) complete-subtree hashes are missing")
        }

        // Tree heads: root at their size, signature by a log key.
        var publicKeys: [String: Curve25519.Signing.PublicKey] = [:]
        for key in keys {
            guard let publicKey = key.key, Cosignature.keyID(for: publicKey).hex == key.keyID else {
                problem(nil, "log key \(key.keyID)", "stored public key does not match its key id")
                continue
            }
            publicKeys[key.keyID] = publicKey
        }
        for head in heads {
            report.treeHeads += 1
            let subject = "tree head of size \(head.treeSize) at \(head.timestamp)"
            guard head.treeSize <= size else {
                problem(nil, subject, "covers \(head.treeSize) entries but the log holds \(size)")
                continue
            }
            let root = try tree.root(atSize: head.treeSize)
            if root.hex != head.rootHash.lowercased() {
                problem(nil, subject, "root \(head.rootHash) differs from the recomputed \(root.hex)")
                continue
            }
            guard let signed = head.signedTreeHead, let key = publicKeys[head.keyID], signed.verify(publicKey: key) else {
                problem(nil, subject, "signature is not a valid signature of log key \(head.keyID)")
                continue
            }
        }

        // The rows each area logged: protocol versions and turnout reports, election structures,
        // commissions at work (members, sessions, decisions, complaints, …) and the voter register
        // (list commitments, certificate allocations, logged list events).
        var rows = LogRowCheck(entries: entries, size: size)
        let results = try await ResultsStore(context: context).verifyRows(&rows)
        report.protocolVersions = results.protocolVersions
        report.turnoutReports = results.turnoutReports
        report.elections = try await StructureStore(context: context).verifyRows(&rows)
        report.problems += rows.problems
        let work = try await CommissionWorkStore(context: context).verifyRows(entries: entries, size: size)
        report.commissionActs = work.rows
        report.problems += work.problems
        let voters = try await VotersStore(context: context).verifyRows(entries: entries, size: size)
        report.problems += voters.problems
        report.voterRegisterActs = voters.rows
        return report
    }
}

extension SignedHistory {
    /// The replay with swift-crypto's Ed25519 and SHA-256.
    static func forStations() -> SignedHistory {
        SignedHistory(
            verify: { raw, signature, message in
                guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
                return key.isValidSignature(signature, for: message)
            }, hash: { Hex.encode(SHA256.hash(data: $0)) })
    }
}
