import Crypto
import Foundation
import HattamaLedger

/// The transparency log's Ed25519 signing key, held by the process that signs tree heads.
///
/// The database never holds it: the command line reads it from the log key file
/// (`HattamaConfiguration.TransparencyLog.signingKeyFile`) and passes it to `HattamaStore.open`;
/// the store publishes only the public half (`log_keys`, the key history). A store opened without
/// one reads and writes as usual but signs no tree heads.
public struct LogSigner: Sendable {
    /// The raw private key. swift-crypto's key type is not `Sendable`, so the key is rebuilt from
    /// these bytes for each tree head (at most one a minute or one per batch).
    private let raw: Data
    /// The raw 32-byte public key, as `log_keys` keeps it and tree heads are published with it.
    public let publicKey: Data
    /// SHA-256 of the public key, hex: how tree heads name the key that signed them.
    public let keyID: String

    /// A signer over the raw 32-byte Ed25519 private key, as the log key file holds it (base64).
    public init(rawRepresentation: Data) throws {
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
        } catch {
            throw StoreError.invalid("log signing key: expected a raw 32-byte Ed25519 private key, got \(rawRepresentation.count) bytes")
        }
        self.init(key)
    }

    private init(_ key: Curve25519.Signing.PrivateKey) {
        raw = key.rawRepresentation
        publicKey = key.publicKey.rawRepresentation
        keyID = Cosignature.keyID(for: key.publicKey).hex
    }

    /// A new key that lives only in memory: for tests and throw-away (`:memory:`) databases.
    public static func generate() -> LogSigner { LogSigner(Curve25519.Signing.PrivateKey()) }

    /// The key, for signing one tree head.
    func privateKey() throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }
}
