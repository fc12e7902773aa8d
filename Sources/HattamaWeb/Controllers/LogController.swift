import Foundation
import HattamaLedger
import HattamaStore
import Hummingbird

/// The latest signed tree head with the key that signed it (RFC 6962 `get-sth`, plus the key).
struct TreeHeadResponse: ResponseEncodable {
    var treeSize: Int
    var rootHash: String
    var timestamp: Int64
    /// Hex Ed25519 signature over `TreeHead.signedBytes` (HattamaLedger).
    var signature: String
    var keyID: String
    /// Raw 32-byte Ed25519 public key of the log, base64.
    var publicKey: String?
    /// Registered witnesses' cosignatures of this very head (the same signed bytes).
    var cosignatures: [LogCosignature]
}

/// `POST /api/v1/log/cosignatures`: a witness's Ed25519 signature over a tree head the log signed.
struct CosignatureRequest: Decodable {
    var treeSize: Int
    var rootHash: Hash
    var timestamp: Int64
    /// SHA-256 of the witness's raw public key, hex.
    var witnessKeyID: Hash
    /// Hex Ed25519 signature over `TreeHead.signedBytes`.
    var signature: String
}

struct WitnessesResponse: ResponseEncodable {
    var witnesses: [LogWitness]
}

extension LogCosignature: ResponseEncodable {}

struct LogEntriesResponse: ResponseEncodable {
    var treeSize: Int
    var entries: [StoredLogEntry]
}

extension InclusionProof: ResponseEncodable {}
extension ConsistencyProof: ResponseEncodable {}

/// The transparency log under /api/v1/log: signed tree heads, entries and proofs, all public.
struct LogController {
    let log: LogStore
    static let maxEntries = 1000

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.apiLogSTH, use: treeHead)
        router.get(SiteURL.Route.apiLogEntries, use: entries)
        router.get(SiteURL.Route.apiLogInclusion, use: inclusion)
        router.get(SiteURL.Route.apiLogConsistency, use: consistency)
        router.post(SiteURL.Route.apiLogCosignatures, use: cosign)
        router.get(SiteURL.Route.apiLogWitnesses, use: witnesses)
    }

    /// The newest signed tree head; a new one is signed first when the log has grown past it.
    @Sendable func treeHead(_ request: Request, context: HattamaRequestContext) async throws -> TreeHeadResponse {
        let head = try await log.currentTreeHead()
        let key = try await log.logPublicKeys().first { $0.keyID == head.keyID }
        return TreeHeadResponse(
            treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, signature: head.signature, keyID: head.keyID,
            publicKey: key?.publicKey, cosignatures: try await log.cosignatures(of: head))
    }

    /// Stores a registered witness's cosignature of a signed tree head. The signature is the
    /// witness's credential: unknown witnesses are 403, unknown heads 404, bad signatures 422.
    @Sendable func cosign(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<LogCosignature> {
        let body = try await request.decode(as: CosignatureRequest.self, context: context)
        guard body.signature.utf8.count == 128, body.signature.utf8.allSatisfy({ Self.isHexDigit($0) }),
            let signature = Self.hexData(body.signature)
        else { throw Self.bad("'signature' must be an Ed25519 signature: 128 hex digits") }
        guard body.treeSize >= 0, body.timestamp >= 0 else { throw Self.bad("'treeSize' and 'timestamp' must not be negative") }
        let stored = try await log.addCosignature(
            Cosignature(witnessKeyID: body.witnessKeyID, signature: signature),
            of: TreeHead(treeSize: body.treeSize, rootHash: body.rootHash, timestamp: body.timestamp))
        return EditedResponse(status: .created, response: stored)
    }

    /// Registered witnesses with their public keys.
    @Sendable func witnesses(_ request: Request, context: HattamaRequestContext) async throws -> WitnessesResponse {
        WitnessesResponse(witnesses: try await log.witnesses())
    }

    static func hexData(_ text: String) -> Data? {
        var out = Data()
        var high: UInt8?
        for c in text.utf8 {
            let value: UInt8
            switch c {
            case 0x30...0x39: value = c - 0x30
            case 0x61...0x66: value = c - 0x61 + 10
            case 0x41...0x46: value = c - 0x41 + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? out : nil
    }

    /// Entries start ≤ index < end, at most `maxEntries` of them (fewer at the end of the log).
    @Sendable func entries(_ request: Request, context: HattamaRequestContext) async throws -> LogEntriesResponse {
        let size = try await log.logSize()
        let start = try Self.count(request, "start") ?? 0
        let end = try Self.count(request, "end") ?? (start + Self.maxEntries)
        guard start <= end else { throw Self.bad("'start' (\(start)) is after 'end' (\(end))") }
        guard start <= size else { throw Self.bad("'start' (\(start)) is beyond the log's \(size) entries") }
        let entries = try await log.logEntries(start: start, end: min(end, size), limit: Self.maxEntries)
        return LogEntriesResponse(treeSize: size, entries: entries)
    }

    /// Audit path of the entry with leaf hash `hash` in the tree of `size` entries (default: the
    /// newest signed tree head's).
    @Sendable func inclusion(_ request: Request, context: HattamaRequestContext) async throws -> InclusionProof {
        guard let text = request.uri.queryParameters["hash"].map(String.init) else { throw Self.bad("'hash' is required") }
        guard text.utf8.count == 64, text.utf8.allSatisfy({ Self.isHexDigit($0) }) else {
            throw Self.bad("'hash' must be a leaf hash of 64 hex digits")
        }
        var size = try Self.count(request, "size")
        if size == nil { size = try await log.currentTreeHead().treeSize }
        return try await log.inclusionProof(leafHashHex: text, size: size ?? 0)
    }

    /// Proof that the tree of `first` entries is a prefix of the tree of `second` (default: the
    /// newest signed tree head's size).
    @Sendable func consistency(_ request: Request, context: HattamaRequestContext) async throws -> ConsistencyProof {
        guard let first = try Self.count(request, "first") else { throw Self.bad("'first' is required") }
        var requested = try Self.count(request, "second")
        if requested == nil { requested = try await log.currentTreeHead().treeSize }
        let second = requested ?? 0
        guard first <= second else { throw Self.bad("'first' (\(first)) is larger than 'second' (\(second))") }
        return try await log.consistencyProof(first: first, second: second)
    }

    /// A non-negative decimal query parameter, nil when absent; anything else is a 400.
    static func count(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text) else {
            throw bad("'\(name)' must be a non-negative integer, got '\(text.prefix(40))'")
        }
        return value
    }

    static func isHexDigit(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x61...0x66).contains(c) || (0x41...0x46).contains(c) }

    static func bad(_ message: String) -> HTTPError { HTTPError(.badRequest, message: message) }
}
