import Foundation

/// What a precinct commission signs when it submits a version of its protocol: not only the
/// figures but everything the version claims, so that nobody can reuse a signature for another
/// claim (the same figures as a "court decision", a replay after a later version, another
/// election).
///
/// Format `hattama-protocol-version/1`: UTF-8 JSON with the same rules as the canonical protocol
/// (`ResultsProtocol.canonicalBytes()`: sorted keys, no whitespace, NFC strings, the same escapes),
/// of one object with exactly these keys:
///
/// ```
/// {"decisionReference":null,"electionID":"…","format":"hattama-protocol-version/1","precinctID":"…",
///  "previousHash":null,"protocolHash":"…","reason":"original","version":1}
/// ```
///
/// - `protocolHash`: lower-case hex SHA-256 of the figures' canonical bytes (`hattama-protocol/1`).
/// - `previousHash`: the same of the station's previous version, `null` for version 1; so a
///   signed correction names the exact version it corrects and cannot be replayed after another.
/// - `decisionReference`: the decision a correction rests on, or `null`.
///
/// These are the bytes of Python's `json.dumps(obj, sort_keys=True, separators=(",", ":"),
/// ensure_ascii=False).encode("utf-8")` with NFC strings: an observer needs no Hattama code to
/// rebuild them from a published version and check its signature.
public struct ProtocolStatement: Codable, Hashable, Sendable {
    public static let format = "hattama-protocol-version/1"

    public var electionID: String
    public var precinctID: String
    public var version: Int
    public var reason: ProtocolVersionReason
    public var decisionReference: String?
    /// Hex SHA-256 of the previous version's canonical bytes; nil for version 1.
    public var previousHash: String?
    /// Hex SHA-256 of this version's canonical bytes.
    public var protocolHash: String

    public init(
        electionID: String, precinctID: String, version: Int, reason: ProtocolVersionReason, decisionReference: String?,
        previousHash: String?, protocolHash: String
    ) {
        self.electionID = electionID
        self.precinctID = precinctID
        self.version = version
        self.reason = reason
        self.decisionReference = decisionReference
        self.previousHash = previousHash
        self.protocolHash = protocolHash
    }

    /// The statement for submitting `figures` (whose canonical hash is `protocolHash`) after
    /// `previous`, the station's latest version (nil before its first).
    public init(
        _ figures: ResultsProtocol, protocolHash: String, reason: ProtocolVersionReason, decisionReference: String?,
        after previous: ProtocolVersionHead?
    ) {
        self.init(
            electionID: figures.electionID, precinctID: figures.precinctID, version: (previous?.version ?? 0) + 1, reason: reason,
            decisionReference: decisionReference, previousHash: previous?.hash, protocolHash: protocolHash)
    }

    /// The exact bytes a commission signs.
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (decisionReference?.utf8.count ?? 0))
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendKey(name, to: &out)
        }
        func string(_ text: String?) {
            if let text { CanonicalJSON.appendString(text, to: &out) } else { out.append(contentsOf: Array("null".utf8)) }
        }
        out.append(UInt8(ascii: "{"))
        key("decisionReference", first: true)
        string(decisionReference)
        key("electionID")
        string(electionID)
        key("format")
        string(Self.format)
        key("precinctID")
        string(precinctID)
        key("previousHash")
        string(previousHash)
        key("protocolHash")
        string(protocolHash)
        key("reason")
        string(reason.rawValue)
        key("version")
        CanonicalJSON.appendInteger(version, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
