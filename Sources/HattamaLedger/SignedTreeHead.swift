import Crypto
import Foundation

/// The statement a log signs, and its witnesses cosign: the tree of `treeSize` leaves has root
/// `rootHash`, as of `timestamp`.
public struct TreeHead: Sendable, Hashable, Codable {
    public static let version: UInt8 = 1
    /// Domain label: a signature over these bytes can never pass for one over other data signed
    /// with the same key.
    public static let context = Data("hattama/tree-head".utf8)

    public var treeSize: Int
    public var rootHash: Hash
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64

    public init(treeSize: Int, rootHash: Hash, timestamp: Int64) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timestamp = timestamp
    }

    public init(treeSize: Int, rootHash: Hash, date: Date) {
        self.init(treeSize: treeSize, rootHash: rootHash, timestamp: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }

    /// Sizes and timestamps are unsigned on the wire; negative ones are never signed or accepted.
    public var isWellFormed: Bool { treeSize >= 0 && timestamp >= 0 }

    /// The canonical signed bytes: a fixed binary layout, so verifiers in any language need no JSON
    /// canonicalisation rules. 66 bytes:
    ///
    ///     17  ASCII "hattama/tree-head" (`context`)
    ///      1  version = 0x01
    ///      8  tree size, unsigned big-endian
    ///      8  timestamp, milliseconds since the Unix epoch, unsigned big-endian
    ///     32  root hash
    public var signedBytes: Data {
        var bytes = Self.context
        bytes.append(Self.version)
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: treeSize).bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: timestamp).bigEndian) { bytes.append(contentsOf: $0) }
        rootHash.withUnsafeBytes { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Signs `signedBytes` with the log's Ed25519 key.
    public func sign(with key: Curve25519.Signing.PrivateKey) throws -> SignedTreeHead {
        guard isWellFormed else { throw TreeHeadError.negativeField }
        return SignedTreeHead(treeHead: self, signature: try key.signature(for: signedBytes))
    }

    func isSigned(by publicKey: Curve25519.Signing.PublicKey, signature: Data) -> Bool {
        isWellFormed && publicKey.isValidSignature(signature, for: signedBytes)
    }
}

public enum TreeHeadError: Error, Equatable, Sendable {
    case negativeField
}

/// A tree head with the log's Ed25519 signature over `TreeHead.signedBytes`.
/// JSON: `treeSize`, `rootHash` (hex), `timestamp` (ms), `signature` (hex).
public struct SignedTreeHead: Sendable, Hashable, Codable {
    public var treeSize: Int
    public var rootHash: Hash
    public var timestamp: Int64
    public var signature: Data

    public init(treeSize: Int, rootHash: Hash, timestamp: Int64, signature: Data) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timestamp = timestamp
        self.signature = signature
    }

    public init(treeHead: TreeHead, signature: Data) {
        self.init(treeSize: treeHead.treeSize, rootHash: treeHead.rootHash, timestamp: treeHead.timestamp, signature: signature)
    }

    public var treeHead: TreeHead { TreeHead(treeSize: treeSize, rootHash: rootHash, timestamp: timestamp) }

    public func verify(publicKey: Curve25519.Signing.PublicKey) -> Bool {
        treeHead.isSigned(by: publicKey, signature: signature)
    }

    private enum CodingKeys: String, CodingKey {
        case treeSize, rootHash, timestamp, signature
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        treeSize = try container.decode(Int.self, forKey: .treeSize)
        rootHash = try container.decode(Hash.self, forKey: .rootHash)
        timestamp = try container.decode(Int64.self, forKey: .timestamp)
        signature = try container.decodeHex(forKey: .signature)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(treeSize, forKey: .treeSize)
        try container.encode(rootHash, forKey: .rootHash)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(Hex.encode(signature), forKey: .signature)
    }
}

/// A witness's Ed25519 signature over the same `TreeHead.signedBytes` as the log's. Witnesses
/// cosign only heads consistent with what they saw before, so two cosigned heads of one size with
/// different roots prove the log showed different views to different parties.
/// JSON: `witnessKeyID` (hex), `signature` (hex).
public struct Cosignature: Sendable, Hashable, Codable {
    /// `keyID(for:)` of the witness's public key: names the key without a registry lookup.
    public var witnessKeyID: Hash
    public var signature: Data

    public init(witnessKeyID: Hash, signature: Data) {
        self.witnessKeyID = witnessKeyID
        self.signature = signature
    }

    public init(signing treeHead: TreeHead, with witnessKey: Curve25519.Signing.PrivateKey) throws {
        guard treeHead.isWellFormed else { throw TreeHeadError.negativeField }
        self.init(
            witnessKeyID: Self.keyID(for: witnessKey.publicKey),
            signature: try witnessKey.signature(for: treeHead.signedBytes)
        )
    }

    /// SHA-256 of the raw 32-byte Ed25519 public key.
    public static func keyID(for publicKey: Curve25519.Signing.PublicKey) -> Hash {
        Hash.sha256(publicKey.rawRepresentation)
    }

    /// True when `publicKey` is the named witness key and its signature covers `treeHead`.
    public func verify(_ treeHead: TreeHead, publicKey: Curve25519.Signing.PublicKey) -> Bool {
        witnessKeyID == Self.keyID(for: publicKey) && treeHead.isSigned(by: publicKey, signature: signature)
    }

    private enum CodingKeys: String, CodingKey {
        case witnessKeyID, signature
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        witnessKeyID = try container.decode(Hash.self, forKey: .witnessKeyID)
        signature = try container.decodeHex(forKey: .signature)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(witnessKeyID, forKey: .witnessKeyID)
        try container.encode(Hex.encode(signature), forKey: .signature)
    }
}

extension KeyedDecodingContainer {
    // Hex rather than Data's default so the JSON is the same whatever the decoder's data strategy.
    fileprivate func decodeHex(forKey key: Key) throws -> Data {
        let text = try decode(String.self, forKey: key)
        guard let bytes = Hex.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected hex, got \"\(text)\"")
        }
        return Data(bytes)
    }
}
