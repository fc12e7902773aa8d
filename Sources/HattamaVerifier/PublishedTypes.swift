import Crypto
import Foundation
import HattamaCore
import HattamaLedger

/// `GET /api/v1/log/sth`: the signed tree head, the log's public key and witnesses' cosignatures.
public struct PublishedTreeHead: Decodable, Sendable {
    public var signed: SignedTreeHead
    public var keyID: String
    /// Raw 32-byte Ed25519 public key of the log, base64.
    public var publicKey: String?
    public var cosignatures: [PublishedCosignature]

    private enum CodingKeys: String, CodingKey {
        case keyID, publicKey, cosignatures
    }

    public init(from decoder: any Decoder) throws {
        signed = try SignedTreeHead(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyID = try container.decode(String.self, forKey: .keyID)
        publicKey = try container.decodeIfPresent(String.self, forKey: .publicKey)
        cosignatures = try container.decodeIfPresent([PublishedCosignature].self, forKey: .cosignatures) ?? []
    }
}

/// A witness's cosignature as the server publishes it, with the witness's name and key.
public struct PublishedCosignature: Decodable, Sendable {
    public var witness: String
    /// Raw 32-byte Ed25519 public key of the witness, base64.
    public var publicKey: String
    public var cosignature: Cosignature

    private enum CodingKeys: String, CodingKey {
        case witness, publicKey
    }

    public init(from decoder: any Decoder) throws {
        cosignature = try Cosignature(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        witness = try container.decode(String.self, forKey: .witness)
        publicKey = try container.decode(String.self, forKey: .publicKey)
    }
}

public struct PublishedEntry: Decodable, Sendable {
    public var index: Int
    public var type: String
    public var subject: String
    public var payload: String
    public var leafHash: String

    /// The RFC 9162 leaf input: UTF-8(type) || 0x0A || UTF-8(payload).
    public var leafInput: Data { LeafFormat.leafInput(type: type, payload: payload) }
}

struct PublishedEntriesPage: Decodable {
    var treeSize: Int
    var entries: [PublishedEntry]
}

public struct PublishedInclusionProof: Decodable, Sendable {
    public var leafIndex: Int
    public var treeSize: Int
    public var leafHash: String
    public var auditPath: [Hash]
}

public struct PublishedConsistencyProof: Decodable, Sendable {
    public var first: Int
    public var second: Int
    public var proof: [Hash]
}

/// `GET /api/v1/elections/{election}/protocols/{precinct}`, the fields a verifier needs.
public struct PublishedProtocolRecord: Decodable, Sendable {
    public var counted: PublishedProtocolVersion?
    public var latest: PublishedProtocolVersion
    public var history: [PublishedProtocolVersion]
}

public struct PublishedProtocolVersion: Decodable, Sendable {
    public var version: Int
    public var hash: String
    public var canonical: String
    public var signature: String
    public var outcome: String
    public var reason: String
    public var decisionReference: String?
    public var logIndex: Int?
    public var figures: ResultsProtocol
}

/// The log's entry formats, as the README specifies them, rebuilt here without the server's code.
public enum LeafFormat {
    public static let protocolVersionType = "protocol-version"

    public static func leafInput(type: String, payload: String) -> Data {
        var bytes = Data(type.utf8)
        bytes.append(0x0A)
        bytes.append(contentsOf: payload.utf8)
        return bytes
    }

    /// A type tag is 1–64 lowercase letters, digits or hyphens, so it can never hold the separator.
    public static func isValidType(_ type: String) -> Bool {
        !type.isEmpty && type.utf8.count <= 64
            && type.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// The `protocol-version` payload: sorted keys, no whitespace, the canonical protocol verbatim.
    public static func protocolVersionPayload(
        canonical: String, version: Int, reason: String, decisionReference: String?, outcome: String, signature: String
    ) -> String {
        "{\"decisionReference\":\(decisionReference.map(jsonString) ?? "null"),\"outcome\":\(jsonString(outcome)),"
            + "\"protocol\":\(canonical),\"reason\":\(jsonString(reason)),\"signature\":\(jsonString(signature)),\"version\":\(version)}"
    }

    static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

extension PublishedTreeHead {
    /// The log key: the one pinned by the caller, else the one published with the head.
    func logKey(pinned: Curve25519.Signing.PublicKey?) throws(VerifierError) -> Curve25519.Signing.PublicKey {
        if let pinned { return pinned }
        guard let text = publicKey, let raw = Data(base64Encoded: text),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else {
            throw .implausibleResponse(path: "/api/v1/log/sth", reason: "the tree head carries no readable Ed25519 public key")
        }
        return key
    }
}

/// Reads a raw 32-byte Ed25519 public key given as base64 (as Hattama publishes keys).
public func ed25519PublicKey(base64 text: String) throws(VerifierError) -> Curve25519.Signing.PublicKey {
    guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
        let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    else { throw .badInput("'\(text.prefix(80))' is not a base64 raw 32-byte Ed25519 public key") }
    return key
}
