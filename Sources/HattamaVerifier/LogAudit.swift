import Crypto
import Foundation
import HattamaCore
import HattamaLedger

/// What an auditor keeps between runs: the newest tree head it verified and the log key that
/// signed it. The next run must find the log consistent with it.
public struct AuditState: Codable, Sendable, Equatable {
    public static let currentFormat = "hattama-verify-state/1"

    public var format: String
    public var server: String
    /// Raw 32-byte Ed25519 public key of the log, base64: pinned on first use.
    public var logPublicKey: String
    public var treeHead: SignedTreeHead
    public var savedAt: String

    public init(server: String, logPublicKey: String, treeHead: SignedTreeHead, savedAt: Date = Date()) {
        format = Self.currentFormat
        self.server = server
        self.logPublicKey = logPublicKey
        self.treeHead = treeHead
        self.savedAt = ISO8601DateFormatter().string(from: savedAt)
    }

    /// Reads a state file; nil when there is none yet. Anything unreadable is an error, never a
    /// silent fresh start, since that would let a rewritten log pass.
    public static func load(path: String) throws(VerifierError) -> AuditState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw .badInput("\(path): cannot be read") }
        let state: AuditState
        do {
            state = try JSONDecoder().decode(AuditState.self, from: data)
        } catch let error as DecodingError {
            throw .badInput("\(path): not a hattama-verify state file (\(LogClient.describe(error)))")
        } catch {
            throw .badInput("\(path): not a hattama-verify state file")
        }
        guard state.format == currentFormat else { throw .badInput("\(path): format '\(state.format)' is not \(currentFormat)") }
        let key = try ed25519PublicKey(base64: state.logPublicKey)
        guard state.treeHead.verify(publicKey: key) else {
            throw .badInput("\(path): the saved tree head's signature does not verify with the saved log key; the file was altered")
        }
        return state
    }

    public func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let temporary = path + ".tmp"
        try encoder.encode(self).write(to: URL(fileURLWithPath: temporary))
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}

/// The findings of one audit: what was checked, what is wrong, and the state to keep if nothing is.
public struct LogAuditReport: Sendable {
    public var lines: [String] = []
    public var problems: [String] = []
    /// The verified head and key, to save for the next run; nil when anything failed.
    public var newState: AuditState?

    public var isValid: Bool { problems.isEmpty }

    /// What the commands print: facts, then one line per problem, then the verdict.
    public var output: [String] {
        lines + problems.map { "PROBLEM \($0)" }
            + [isValid ? "VERIFIED" : "FAILED: \(problems.count) problem\(problems.count == 1 ? "" : "s")"]
    }
}

/// `verify --server`: audits a log as an outsider, from its public API alone.
public struct LogAuditor: Sendable {
    public let client: LogClient
    public let server: String

    public init(client: LogClient, server: String) {
        self.client = client
        self.server = server
    }

    /// Fetches the signed tree head and every entry it covers, recomputes each leaf and the root,
    /// checks the log's signature (with `pinnedKey`, else the saved state's key, else the published
    /// one) and witnesses' cosignatures, and, given the previous run's `state`, that the log only
    /// grew since: the saved head's root must be the root of the same prefix now.
    public func audit(state: AuditState?, pinnedKey: Curve25519.Signing.PublicKey? = nil) async throws -> LogAuditReport {
        var report = LogAuditReport()
        let sth = try await client.treeHead()
        let head = sth.signed
        guard head.treeHead.isWellFormed else {
            throw VerifierError.implausibleResponse(path: "/api/v1/log/sth", reason: "negative tree size or timestamp")
        }
        let savedKey = try state.map { state throws(VerifierError) in try ed25519PublicKey(base64: state.logPublicKey) }
        let key = try sth.logKey(pinned: pinnedKey ?? savedKey)
        let keyID = Cosignature.keyID(for: key).hex
        report.lines.append(
            "tree head: \(head.treeSize) entries, root \(head.rootHash), signed \(Self.format(head.treeHead.date)) by log key \(keyID)")

        if let published = sth.publicKey, let publishedKey = try? ed25519PublicKey(base64: published),
            publishedKey.rawRepresentation != key.rawRepresentation
        {
            report.problems.append(
                "the server now publishes log key \(Cosignature.keyID(for: publishedKey).hex), not the pinned key \(keyID)")
        }
        if sth.keyID.lowercased() != keyID {
            report.problems.append("the tree head names key id \(sth.keyID.prefix(64)), but the log key's id is \(keyID)")
        }
        if !head.verify(publicKey: key) {
            report.problems.append("the tree head's signature does not verify with the log key \(keyID)")
        }

        // Every entry, in order, rehashed from its type and payload.
        var frontier = MerkleFrontier()
        let savedSize = state?.treeHead.treeSize
        var rootAtSavedSize: Hash? = savedSize == 0 ? MerkleHash.emptyRoot : nil
        var badLeaves = 0
        // Every protocol version's signature, by its station's key as the log had it then.
        var history = SignedHistory.withSwiftCrypto()
        while frontier.size < head.treeSize {
            let start = frontier.size
            let page = try await client.entries(start: start, end: min(head.treeSize, start + client.pageSize))
            guard !page.isEmpty else {
                throw VerifierError.implausibleResponse(
                    path: "/api/v1/log/entries?start=\(start)",
                    reason: "no entries from index \(start), but the signed tree head covers \(head.treeSize)")
            }
            for entry in page {
                let leaf = MerkleHash.leafHash(entry.leafInput)
                if !LeafFormat.isValidType(entry._type) || entry.leafHash.lowercased() != leaf.hex {
                    badLeaves += 1
                    if badLeaves <= 20 {
                        report.problems.append(
                            "entry #\(entry.index) (\(entry.subject.prefix(100))): "
                                + (LeafFormat.isValidType(entry._type)
                                    ? "published leaf hash \(entry.leafHash.prefix(64)) is not the hash of its type and payload (\(leaf.hex))"
                                    : "type '\(entry._type.prefix(64))' is not a valid tag"))
                    }
                }
                history.apply(index: entry.index, type: entry._type, subject: entry.subject, payload: entry.payload)
                frontier.append(leafHash: leaf)
                if frontier.size == savedSize { rootAtSavedSize = frontier.root }
            }
        }
        if badLeaves > 20 { report.problems.append("… and \(badLeaves - 20) more entries whose leaf hash is wrong") }
        let root = frontier.root
        report.lines.append("recomputed \(frontier.size) entries: root \(root)")
        report.lines.append("checked \(history.verified) protocol signatures against their stations' keys as of the log")
        for found in history.problems.prefix(50) { report.problems.append(found.description) }
        if history.problems.count > 50 {
            report.problems.append("… and \(history.problems.count - 50) more protocol versions whose signature or chain is wrong")
        }
        if root != head.rootHash {
            report.problems.append("the entries hash to root \(root), but the signed tree head says \(head.rootHash)")
        }

        for published in sth.cosignatures {
            let name = published.witness.prefix(100)
            guard let witnessKey = try? ed25519PublicKey(base64: published.publicKey) else {
                report.problems.append("witness '\(name)': published public key is not an Ed25519 key")
                continue
            }
            if published.cosignature.verify(head.treeHead, publicKey: witnessKey) {
                report.lines.append("cosigned by witness '\(name)' (key \(published.cosignature.witnessKeyID))")
            } else {
                report.problems.append("witness '\(name)': the published cosignature does not verify over this tree head")
            }
        }

        if let state {
            let saved = state.treeHead
            report.lines.append(
                "saved tree head: \(saved.treeSize) entries, root \(saved.rootHash), signed \(Self.format(saved.treeHead.date))")
            if saved.treeSize > head.treeSize {
                report.problems.append(
                    "the log shrank: the saved tree head covers \(saved.treeSize) entries, the server now signs only \(head.treeSize)")
            } else {
                if let rootAtSavedSize, rootAtSavedSize != saved.rootHash {
                    report.problems.append(
                        "history was rewritten: the first \(saved.treeSize) entries now hash to \(rootAtSavedSize), "
                            + "but the saved tree head signed \(Self.format(saved.treeHead.date)) had root \(saved.rootHash)")
                }
                try await checkConsistency(from: saved, to: head, into: &report)
            }
            if saved.timestamp > head.timestamp {
                report.problems.append("the tree head is older (\(Self.format(head.treeHead.date))) than the saved one")
            }
        }

        if report.isValid {
            report.newState = AuditState(
                server: server, logPublicKey: key.rawRepresentation.base64EncodedString(), treeHead: head)
        }
        return report
    }

    /// The server's own RFC 9162 consistency proof between the saved head and the new one.
    func checkConsistency(from saved: SignedTreeHead, to head: SignedTreeHead, into report: inout LogAuditReport) async throws {
        if saved.treeSize == head.treeSize {
            if saved.rootHash != head.rootHash {
                report.problems.append(
                    "two signed tree heads of \(head.treeSize) entries with different roots: the log shows different histories")
            }
            return
        }
        guard saved.treeSize > 0 else { return }
        let proof: PublishedConsistencyProof
        do {
            proof = try await client.consistencyProof(first: saved.treeSize, second: head.treeSize)
        } catch let error as VerifierError {
            report.problems.append("no consistency proof from \(saved.treeSize) to \(head.treeSize) entries: \(error)")
            return
        }
        let ok =
            proof.first == saved.treeSize && proof.second == head.treeSize
            && MerkleVerifier.verifyConsistency(
                firstSize: saved.treeSize, secondSize: head.treeSize, firstRoot: saved.rootHash, secondRoot: head.rootHash,
                proof: proof.proof)
        if ok {
            report.lines.append(
                "consistency proof from \(saved.treeSize) to \(head.treeSize) entries: \(proof.proof.count) hashes, verified")
        } else {
            report.problems.append(
                "the server's consistency proof from \(saved.treeSize) to \(head.treeSize) entries does not verify against the saved and new roots"
            )
        }
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
