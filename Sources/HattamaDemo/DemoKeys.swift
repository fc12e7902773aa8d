import Crypto
import Foundation
import HattamaCore
import HattamaStore

/// The demo commissions' Ed25519 signing keys, derived from the demo's seed and each
/// commission's id, so that nobody has to keep them.
///
/// Real commissions make their keys on their own devices and register only the public half; the
/// server never sees a private key. The demo has no devices, so its keys are computed where they
/// are needed (`hattama demo`, `serve --demo`, `import protocols --sign-with-demo-keys`, tests) and
/// only their public halves are registered, through the same `registerKeys` an operator uses.
/// The seed is public (`DemoGenerator.defaultSeed` unless `--seed`), so anyone can compute a demo
/// key: a demo signature shows that the demo made a protocol, nothing more. The registered public
/// keys are the database's record of the seed: another seed's keys do not match them.
public struct DemoKeys: Sendable {
    public let seed: UInt64

    public init(seed: UInt64 = DemoGenerator.defaultSeed) { self.seed = seed }

    /// Separates these keys from any other use of the seed.
    static let domain = Array("hattama demo commission key v1".utf8)

    /// SHA-256(domain ‖ 0x00 ‖ seed, 8 bytes big-endian ‖ 0x00 ‖ the commission id in UTF-8) as
    /// the 32-byte Ed25519 seed (RFC 8032 takes any 32 bytes as a private key).
    public func privateKey(for commissionID: String) -> Curve25519.Signing.PrivateKey {
        var input = Self.domain
        input.append(0)
        withUnsafeBytes(of: seed.bigEndian) { input.append(contentsOf: $0) }
        input.append(0)
        input.append(contentsOf: Array(commissionID.utf8))
        let digest = Data(SHA256.hash(data: input))
        // 32 bytes are always a valid Ed25519 private key.
        return try! Curve25519.Signing.PrivateKey(rawRepresentation: digest)
    }

    /// The raw 32-byte public key registered for `commissionID`.
    public func publicKey(for commissionID: String) -> Data {
        privateKey(for: commissionID).publicKey.rawRepresentation
    }

    /// The commission's signature over the statement of submitting `resultsProtocol` as the
    /// version after `previous` (nil: the station's first), as its device would make it.
    public func sign(
        _ resultsProtocol: ResultsProtocol, reason: ProtocolVersionReason = .original, decisionReference: String? = nil,
        after previous: ProtocolVersionHead? = nil
    ) throws -> Data {
        try sign(
            Self.statement(resultsProtocol, reason: reason, decisionReference: decisionReference, after: previous).canonicalBytes(),
            as: resultsProtocol.precinctID)
    }

    /// `commissionID`'s signature over `bytes` (tests sign other precincts' figures with it).
    public func sign(_ bytes: [UInt8], as commissionID: String) throws -> Data {
        try privateKey(for: commissionID).signature(for: bytes)
    }

    /// The protocol as its precinct commission would submit it after `previous` (the station's
    /// latest version; nil for its first), signed with its demo key.
    public func submission(
        _ resultsProtocol: ResultsProtocol, reason: ProtocolVersionReason = .original, decisionReference: String? = nil,
        after previous: ProtocolVersionHead? = nil
    ) throws -> ProtocolSubmission {
        ProtocolSubmission(
            resultsProtocol: resultsProtocol,
            signature: try sign(resultsProtocol, reason: reason, decisionReference: decisionReference, after: previous), reason: reason,
            decisionReference: decisionReference)
    }

    /// What a station signs for `resultsProtocol` as the version after `previous`.
    public static func statement(
        _ resultsProtocol: ResultsProtocol, reason: ProtocolVersionReason, decisionReference: String?, after previous: ProtocolVersionHead?
    ) -> ProtocolStatement {
        ProtocolStatement(
            resultsProtocol, protocolHash: hashHex(resultsProtocol.canonicalBytes()), reason: reason,
            decisionReference: decisionReference, after: previous)
    }

    /// Lower-case hex SHA-256, as protocol hashes are published.
    public static func hashHex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Registers the demo public key of every precinct commission that has no key yet, all in one
    /// transaction; returns how many were registered.
    @discardableResult
    public func registerMissing(in store: HattamaStore, by principal: Principal) async throws -> Int {
        let missing = try await store.structure.precinctsWithoutKey()
        try await store.structure.registerKeys(
            Dictionary(uniqueKeysWithValues: missing.map { ($0, publicKey(for: $0)) }), by: principal)
        return missing.count
    }

    /// Whether the key registered for `commissionID` is this seed's demo key (false when another
    /// seed's or a real commission's key is registered); throws when none is registered.
    public func isRegistered(for commissionID: String, in store: HattamaStore) async throws -> Bool {
        let registered = try await store.structure.commissionKey(commissionID)
        return Data(base64Encoded: registered.publicKey) == publicKey(for: commissionID)
    }
}
