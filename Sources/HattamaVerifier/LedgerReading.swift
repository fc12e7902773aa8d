import Crypto
import Foundation
import HattamaAPI
import HattamaCore
import HattamaLedger

// The API's answers come as the types generated from the contract (`Components.Schemas`); this
// file reads the hex and base64 in them into the ledger's types the checks work with, and names
// the field when a server sends something that is not what the contract says.

/// `GET /api/v1/log/sth` read into the ledger's types: the signed tree head, the log's public key
/// and witnesses' cosignatures.
public struct PublishedTreeHead: Sendable {
    public var signed: SignedTreeHead
    public var keyID: String
    /// Raw 32-byte Ed25519 public key of the log, base64.
    public var publicKey: String?
    public var cosignatures: [PublishedCosignature]

    init(_ head: Components.Schemas.TreeHead, path: String) throws(VerifierError) {
        signed = SignedTreeHead(
            treeSize: head.treeSize, rootHash: try hash(head.rootHash, "rootHash", path), timestamp: head.timestamp,
            signature: try hex(head.signature, "signature", path))
        keyID = head.keyID
        publicKey = head.publicKey
        cosignatures = try head.cosignatures.enumerated().map { offset, cosignature throws(VerifierError) in
            try PublishedCosignature(cosignature, field: "cosignatures[\(offset)]", path: path)
        }
    }

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

/// A witness's cosignature as the server publishes it, with the witness's name and key.
public struct PublishedCosignature: Sendable {
    public var witness: String
    /// Raw 32-byte Ed25519 public key of the witness, base64.
    public var publicKey: String
    public var cosignature: Cosignature

    init(_ published: Components.Schemas.Cosignature, field: String, path: String) throws(VerifierError) {
        witness = published.witness
        publicKey = published.publicKey
        cosignature = Cosignature(
            witnessKeyID: try hash(published.witnessKeyID, field + ".witnessKeyID", path),
            signature: try hex(published.signature, field + ".signature", path))
    }
}

/// An inclusion proof with its audit path read into hashes.
public struct PublishedInclusionProof: Sendable {
    public var leafIndex: Int
    public var treeSize: Int
    public var leafHash: String
    public var auditPath: [Hash]

    init(_ proof: Components.Schemas.InclusionProof, path: String) throws(VerifierError) {
        leafIndex = proof.leafIndex
        treeSize = proof.treeSize
        leafHash = proof.leafHash
        auditPath = try proof.auditPath.enumerated().map { offset, text throws(VerifierError) in
            try hash(text, "auditPath[\(offset)]", path)
        }
    }
}

/// A consistency proof with its hashes read.
public struct PublishedConsistencyProof: Sendable {
    public var first: Int
    public var second: Int
    public var proof: [Hash]

    init(_ proof: Components.Schemas.ConsistencyProof, path: String) throws(VerifierError) {
        first = proof.first
        second = proof.second
        self.proof = try proof.proof.enumerated().map { offset, text throws(VerifierError) in try hash(text, "proof[\(offset)]", path) }
    }
}

private func hash(_ text: String, _ field: String, _ path: String) throws(VerifierError) -> Hash {
    guard let hash = Hash(hex: text) else {
        throw .malformedResponse(path: path, reason: "\(field): expected 64 hex digits, got \"\(text.prefix(80))\"")
    }
    return hash
}

private func hex(_ text: String, _ field: String, _ path: String) throws(VerifierError) -> Data {
    guard let bytes = Hex.decode(text) else {
        throw .malformedResponse(path: path, reason: "\(field): expected hex, got \"\(text.prefix(80))\"")
    }
    return Data(bytes)
}

extension Components.Schemas.LogEntry {
    /// The RFC 9162 leaf input: UTF-8(type) || 0x0A || UTF-8(payload).
    public var leafInput: Data { LeafFormat.leafInput(type: _type, payload: payload) }
}

extension Components.Schemas.ProtocolVersion {
    /// The published figures as the protocol they claim to be.
    public var resultsProtocol: ResultsProtocol {
        ResultsProtocol(
            electionID: figures.electionID, precinctID: figures.precinctID, lines: figures.lines.additionalProperties,
            candidateVotes: figures.candidateVotes.additionalProperties)
    }
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

/// Reads a raw 32-byte Ed25519 public key given as base64 (as Hattama publishes keys).
public func ed25519PublicKey(base64 text: String) throws(VerifierError) -> Curve25519.Signing.PublicKey {
    guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
        let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    else { throw .badInput("'\(text.prefix(80))' is not a base64 raw 32-byte Ed25519 public key") }
    return key
}

extension SignedHistory {
    /// The replay with swift-crypto's Ed25519 and SHA-256, as every verifier command runs it.
    static func withSwiftCrypto() -> SignedHistory {
        SignedHistory(
            verify: { raw, signature, message in
                guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
                return key.isValidSignature(signature, for: message)
            }, hash: { Hash.sha256($0).hex })
    }
}
