import Crypto
import Foundation
import HattamaAPI
import HattamaCore
import HattamaLedger

/// An observer's copy of a precinct protocol: the figures as written on the certified copy.
/// JSON: `{"electionID":…,"precinctID":…,"lines":{id: n…},"candidateVotes":{id: n…}}`.
public enum ObserverCopy {
    public static func load(path: String) throws(VerifierError) -> ResultsProtocol {
        guard let data = FileManager.default.contents(atPath: path) else { throw .badInput("\(path): cannot be read") }
        return try parse(data, name: path)
    }

    public static func parse(_ data: Data, name: String) throws(VerifierError) -> ResultsProtocol {
        let copy: ResultsProtocol
        do {
            copy = try JSONDecoder().decode(ResultsProtocol.self, from: data)
        } catch let error as DecodingError {
            throw .badInput("\(name): \(LogClient.describe(error)); expected {\"electionID\",\"precinctID\",\"lines\",\"candidateVotes\"}")
        } catch {
            throw .badInput("\(name): not JSON")
        }
        guard !copy.electionID.isEmpty, !copy.precinctID.isEmpty else {
            throw .badInput("\(name): electionID and precinctID must not be empty")
        }
        return copy
    }
}

/// The findings of `verify protocol`.
public struct ProtocolCheckReport: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// The copy is a published version, in the log under the signed tree head.
        case verified
        /// The copy differs from the published version in these figures.
        case differs([String])
        /// The server's own publication does not hold together.
        case failed
    }

    public var lines: [String] = []
    public var problems: [String] = []
    public var differences: [String] = []
    /// Which published version the copy is, when it is one.
    public var matchedVersion: Int?
    /// When the published version no longer matches its (signed) log entry: what the entry holds.
    public var loggedFigures: ResultsProtocol?
    public var loggedIndex: Int?

    public var verdict: Verdict {
        if !problems.isEmpty { return .failed }
        if matchedVersion == nil { return .differs(differences) }
        return .verified
    }

    public var isVerified: Bool { verdict == .verified }

    public var output: [String] {
        var out = lines + problems.map { "PROBLEM \($0)" }
        switch verdict {
        case .verified: out.append("VERIFIED")
        case .differs(let differences):
            out += differences.map { "  \($0)" }
            out.append(
                "DIFFERS: "
                    + (differences.count == 1 ? "1 figure differs" : "\(differences.count) figures differ") + " from the published version")
        case .failed:
            out += differences.map { "  \($0)" }
            out.append("FAILED: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        }
        return out
    }
}

/// `verify protocol`: copy → canonical bytes → the published version → its log entry → inclusion
/// proof → signed tree head.
public struct ProtocolChecker: Sendable {
    public let client: LogClient

    public init(client: LogClient) {
        self.client = client
    }

    public func check(_ copy: ResultsProtocol, pinnedKey: Curve25519.Signing.PublicKey? = nil) async throws -> ProtocolCheckReport {
        var report = ProtocolCheckReport()
        let canonical = String(decoding: copy.canonicalBytes(), as: UTF8.self)
        let copyHash = Hash.sha256(Data(canonical.utf8))
        report.lines.append("copy: precinct '\(copy.precinctID)', election '\(copy.electionID)', canonical SHA-256 \(copyHash)")

        let sth = try await client.treeHead()
        let head = sth.signed
        let key = try sth.logKey(pinned: pinnedKey)
        let keyID = Cosignature.keyID(for: key).hex
        guard head.treeHead.isWellFormed, head.verify(publicKey: key) else {
            report.problems.append("the server's tree head signature does not verify with the log key \(keyID)")
            return report
        }
        report.lines.append(
            "signed tree head: \(head.treeSize) entries, root \(head.rootHash), \(LogAuditor.format(head.treeHead.date)), log key \(keyID)")

        let record = try await client.protocolRecord(election: copy.electionID, precinct: copy.precinctID)
        let versions = record.history.isEmpty ? [record.latest] : record.history
        if let match = versions.first(where: { $0.canonical == canonical }) {
            report.matchedVersion = match.version
            report.lines.append(
                "published as version \(match.version) of \(record.latest.version) (\(match.reason.rawValue), \(match.outcome.rawValue))")
            try await proveLogged(match, under: head, into: &report)
            if match.version != record.latest.version {
                report.lines.append(
                    "note: version \(record.latest.version) (\(record.latest.reason.rawValue)) has since replaced it; the copy is not the current figures"
                )
            }
            return report
        }

        let published = record.latest
        report.lines.append(
            "not published: the latest published version is \(published.version) (\(published.reason.rawValue), \(published.outcome.rawValue))"
        )
        try await proveLogged(published, under: head, into: &report)
        report.differences = Self.differences(copy: copy, published: published.resultsProtocol)
        if let logged = report.loggedFigures, let index = report.loggedIndex {
            if logged.canonicalBytes() == copy.canonicalBytes() {
                report.lines.append(
                    "the copy is exactly what log entry #\(index) holds, in the signed tree; the server publishes other figures now")
            } else {
                report.differences += Self.differences(copy: copy, published: logged).map {
                    "log entry #\(index): " + $0.replacingOccurrences(of: ", published ", with: ", logged ")
                }
            }
        }
        if report.differences.isEmpty {
            // Equal figures always give equal canonical bytes, so the server's canonical text is off.
            report.problems.append("version \(published.version)'s figures equal the copy's, but its published canonical text does not")
        }
        return report
    }

    /// Checks that `version` is the entry at its log index and that the entry is in the tree of the
    /// signed head, by the server's inclusion proof.
    func proveLogged(_ version: Components.Schemas.ProtocolVersion, under head: SignedTreeHead, into report: inout ProtocolCheckReport)
        async throws
    {
        let canonicalHash = Hash.sha256(Data(version.canonical.utf8))
        if version.hash.lowercased() != canonicalHash.hex {
            report.problems.append("version \(version.version): published hash is not the SHA-256 of its canonical text")
        }
        if (try? ResultsProtocol(canonicalBytes: Array(version.canonical.utf8))) != version.resultsProtocol {
            report.problems.append("version \(version.version): published figures are not those of its canonical text")
        }
        guard let index = version.logIndex else {
            report.problems.append("version \(version.version) has no log index: it is not in the transparency log")
            return
        }
        guard index >= 0, index < head.treeSize else {
            report.problems.append("version \(version.version): log index \(index) is outside the signed tree of \(head.treeSize) entries")
            return
        }
        let page = try await client.entries(start: index, end: index + 1)
        guard let entry = page.first else {
            report.problems.append("version \(version.version): the server returns no log entry #\(index)")
            return
        }
        let payload = LeafFormat.protocolVersionPayload(
            canonical: version.canonical, version: version.version, reason: version.reason.rawValue,
            decisionReference: version.decisionReference,
            outcome: version.outcome.rawValue, signature: version.signature)
        guard entry._type == LeafFormat.protocolVersionType, entry.payload == payload else {
            // What was logged instead: if the entry is in the signed tree, the publication was changed after logging.
            let logged = entry._type == LeafFormat.protocolVersionType ? Self.loggedFigures(entry.payload) : nil
            let leaf = MerkleHash.leafHash(entry.leafInput)
            if let logged, try await isIncluded(leaf: leaf, index: index, head: head) {
                report.problems.append(
                    "version \(version.version) as published is not what log entry #\(index) holds, and that entry is in the signed tree: "
                        + "the published record was changed after it was logged")
                report.loggedFigures = logged
                report.loggedIndex = index
            } else {
                report.problems.append(
                    "version \(version.version): log entry #\(index) is not this version (it holds \(entry._type.prefix(64)) '\(entry.subject.prefix(100))')"
                )
            }
            return
        }
        let leaf = MerkleHash.leafHash(LeafFormat.leafInput(type: entry._type, payload: payload))
        let proof = try await client.inclusionProof(leafHash: leaf.hex, size: head.treeSize)
        guard proof.leafIndex == index, proof.treeSize == head.treeSize,
            MerkleVerifier.verifyInclusion(
                leafHash: leaf, index: index, treeSize: head.treeSize, proof: proof.auditPath, root: head.rootHash)
        else {
            report.problems.append(
                "version \(version.version): the inclusion proof of log entry #\(index) does not lead to the signed root \(head.rootHash)")
            return
        }
        report.lines.append(
            "log entry #\(index): leaf \(leaf); inclusion proof of \(proof.auditPath.count) hashes leads to the signed root")
        try await checkSignature(atIndex: index, version: version.version, into: &report)
    }

    /// Replays the log up to `index` (keys and protocol versions) and checks that the version
    /// there is signed by its station's key as the log had it, over its whole statement: a server
    /// that rewrote the figures and the tree but kept the station's signature fails here.
    func checkSignature(atIndex index: Int, version: Int, into report: inout ProtocolCheckReport) async throws {
        var history = SignedHistory.withSwiftCrypto()
        var next = 0
        while next <= index {
            let page = try await client.entries(start: next, end: min(index + 1, next + client.pageSize))
            guard !page.isEmpty else {
                report.problems.append("version \(version): the server returns no log entries from #\(next) on")
                return
            }
            let before = next
            for entry in page where entry.index == next {
                history.apply(index: entry.index, type: entry._type, subject: entry.subject, payload: entry.payload)
                next += 1
            }
            guard next > before else {
                report.problems.append("version \(version): the server's log entries from #\(before) are out of order")
                return
            }
        }
        if let found = history.problems.first(where: { $0.index == index }) {
            report.problems.append("version \(version): \(found.description)")
        } else {
            report.lines.append("log entry #\(index): signed by the station's key as of the log, over the version's whole statement")
        }
    }

    func isIncluded(leaf: Hash, index: Int, head: SignedTreeHead) async throws -> Bool {
        guard let proof = try? await client.inclusionProof(leafHash: leaf.hex, size: head.treeSize) else { return false }
        return proof.leafIndex == index
            && MerkleVerifier.verifyInclusion(
                leafHash: leaf, index: index, treeSize: head.treeSize, proof: proof.auditPath, root: head.rootHash)
    }

    /// The protocol embedded in a `protocol-version` payload, if it is there in canonical form.
    static func loggedFigures(_ payload: String) -> ResultsProtocol? {
        SignedHistory.embeddedProtocol(in: payload).flatMap { try? ResultsProtocol(canonicalBytes: $0) }
    }

    /// One line per figure that differs, e.g. `lines.ballots_cast: copy 901, published 900`.
    public static func differences(copy: ResultsProtocol, published: ResultsProtocol) -> [String] {
        var out: [String] = []
        if copy.electionID != published.electionID {
            out.append("electionID: copy '\(copy.electionID)', published '\(published.electionID)'")
        }
        if copy.precinctID != published.precinctID {
            out.append("precinctID: copy '\(copy.precinctID)', published '\(published.precinctID)'")
        }
        func compare(_ section: String, _ mine: [String: Int], _ theirs: [String: Int]) {
            for id in Set(mine.keys).union(theirs.keys).sorted() {
                switch (mine[id], theirs[id]) {
                case (let a?, let b?) where a != b: out.append("\(section).\(id): copy \(a), published \(b)")
                case (let a?, nil): out.append("\(section).\(id): only in the copy (\(a))")
                case (nil, let b?): out.append("\(section).\(id): missing from the copy (published \(b))")
                default: break
                }
            }
        }
        compare("lines", copy.lines, published.lines)
        compare("candidateVotes", copy.candidateVotes, published.candidateVotes)
        return out
    }
}
