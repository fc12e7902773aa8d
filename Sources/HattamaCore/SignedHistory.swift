import Foundation

/// Replays a transparency log's key and protocol entries in order and checks every protocol
/// version's signature: made by the station's key as the log had it at that point, over the
/// version's whole claim (`ProtocolStatement`: election, station, version, reason, decision
/// reference, previous version's hash, this version's hash).
///
/// Every verifier runs this same replay (`hattama verify`, `hattama-verify log`), so a server
/// that rewrites a protocol, its entry and the whole tree but keeps the station's old signature
/// is caught by an auditor with no saved state. Pure: the caller gives the two functions Core
/// does not have (Ed25519 verification and SHA-256).
public struct SignedHistory {
    /// Whether `signature` is `publicKey`'s (raw 32-byte Ed25519) over `message`.
    public typealias VerifySignature = (_ publicKey: Data, _ signature: Data, _ message: [UInt8]) -> Bool
    /// Lower-case hex SHA-256.
    public typealias HashHex = (_ bytes: [UInt8]) -> String

    /// The log entry types the replay reads.
    public static let protocolVersionType = "protocol-version"
    public static let commissionKeysType = "commission-keys"

    /// One protocol version whose signature or place in the chain is wrong.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public var index: Int
        /// "election/station/vN", or the entry's subject when the payload cannot be read.
        public var subject: String
        public var message: String

        public var description: String { "log entry #\(index) (\(subject)): \(message)" }
    }

    let verify: VerifySignature
    let hash: HashHex
    /// Each commission's key as of the entries replayed so far.
    public private(set) var keys: [String: Data] = [:]
    /// Each station's latest version as of the entries replayed so far, by "election/station".
    public private(set) var latest: [String: ProtocolVersionHead] = [:]
    public private(set) var problems: [Problem] = []
    /// Protocol versions whose signature verified.
    public private(set) var verified = 0

    public init(verify: @escaping VerifySignature, hash: @escaping HashHex) {
        self.verify = verify
        self.hash = hash
    }

    /// Applies one entry; entries of other types change nothing.
    public mutating func apply(index: Int, type: String, subject: String, payload: String) {
        switch type {
        case Self.commissionKeysType: applyKeys(index: index, subject: subject, payload: payload)
        case Self.protocolVersionType: applyVersion(index: index, subject: subject, payload: payload)
        default: break
        }
    }

    mutating func applyKeys(index: Int, subject: String, payload: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
            let changes = object["keys"] as? [String: Any]
        else {
            problems.append(Problem(index: index, subject: subject, message: "the key entry's payload is not {\"keys\":{…}}"))
            return
        }
        for (commission, value) in changes {
            if value is NSNull {
                keys[commission] = nil
            } else if let text = value as? String, let raw = Data(base64Encoded: text), raw.count == 32 {
                keys[commission] = raw
            } else {
                problems.append(Problem(index: index, subject: subject, message: "the key of '\(commission)' is not a base64 Ed25519 key"))
            }
        }
    }

    /// The fields of a `protocol-version` payload (see `ResultsStore.protocolVersionPayload`).
    struct VersionPayload: Decodable {
        var decisionReference: String?
        var reason: String
        var signature: String
        var version: Int
    }

    /// The canonical protocol embedded verbatim in a `protocol-version` payload: the bytes between
    /// `"protocol":` and the `,"reason":` after it (a string cannot hold an unescaped quote, so the
    /// last such key is that one). Nil when the payload has no such part.
    public static func embeddedProtocol(in payload: String) -> [UInt8]? {
        guard let start = payload.range(of: ",\"protocol\":"), let end = payload.range(of: ",\"reason\":", options: .backwards),
            start.upperBound < end.lowerBound
        else { return nil }
        return Array(payload[start.upperBound..<end.lowerBound].utf8)
    }

    mutating func applyVersion(index: Int, subject: String, payload: String) {
        func problem(_ subject: String, _ message: String) { problems.append(Problem(index: index, subject: subject, message: message)) }
        guard let fields = try? JSONDecoder().decode(VersionPayload.self, from: Data(payload.utf8)),
            let bytes = Self.embeddedProtocol(in: payload)
        else {
            return problem(subject, "the protocol-version payload cannot be read")
        }
        let figures: ResultsProtocol
        do {
            figures = try ResultsProtocol(canonicalBytes: bytes)
        } catch {
            return problem(subject, "the embedded protocol is not canonical: \(error)")
        }
        let name = "\(figures.electionID)/\(figures.precinctID)/v\(fields.version)"
        let station = "\(figures.electionID)/\(figures.precinctID)"
        let previous = latest[station]
        guard let reason = ProtocolVersionReason(rawValue: fields.reason) else {
            return problem(name, "reason '\(fields.reason.prefix(40))' is not a version reason")
        }
        let protocolHash = hash(bytes)
        // The chain moves on whatever the signature says, so one bad version is named once.
        latest[station] = ProtocolVersionHead(version: fields.version, hash: protocolHash)
        if fields.version != (previous?.version ?? 0) + 1 {
            problem(name, "version \(fields.version) follows version \(previous?.version ?? 0) of station '\(figures.precinctID)'")
        }
        guard let key = keys[figures.precinctID] else {
            return problem(name, "station '\(figures.precinctID)' has no key in the log before this entry")
        }
        let statement = ProtocolStatement(
            electionID: figures.electionID, precinctID: figures.precinctID, version: fields.version, reason: reason,
            decisionReference: fields.decisionReference, previousHash: previous?.hash, protocolHash: protocolHash)
        guard let signature = Data(base64Encoded: fields.signature), verify(key, signature, statement.canonicalBytes()) else {
            return problem(
                name,
                "the signature is not station '\(figures.precinctID)''s (key as of the log) over this version's statement: "
                    + "the figures, reason, decision reference or place in the chain are not what the station signed")
        }
        verified += 1
    }
}
