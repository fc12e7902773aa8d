import Foundation
import HTTPTypes
import HattamaAPI
import HattamaLedger
import OpenAPIRuntime
import OpenAPIURLSession

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Why verification could not even be carried out (as opposed to a finding about the log).
public enum VerifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case badServerURL(String)
    case unreachable(url: String, reason: String)
    /// The server answered with an error status; `message` is its error message when it sent one.
    case httpStatus(path: String, status: Int, message: String?)
    /// The server's body is not the JSON the API describes.
    case malformedResponse(path: String, reason: String)
    /// The server's answer is well-formed JSON but cannot be right (negative sizes, wrong indices…).
    case implausibleResponse(path: String, reason: String)
    case badInput(String)

    public var description: String {
        switch self {
        case .badServerURL(let text): "'\(text)' is not an http:// or https:// server address"
        case .unreachable(let url, let reason): "cannot reach \(url): \(reason)"
        case .httpStatus(let path, let status, let message):
            "\(path.hasPrefix("POST ") ? path : "GET " + path) answered HTTP \(status)" + (message.map { ": \($0)" } ?? "")
        case .malformedResponse(let path, let reason): "GET \(path): the server's answer is not the expected JSON (\(reason))"
        case .implausibleResponse(let path, let reason): "GET \(path): the server's answer cannot be right: \(reason)"
        case .badInput(let message): message
        }
    }
}

/// Typed reads of a Hattama server's public log and protocol API, with every answer checked for
/// shape before it is used. The requests and the answers' types are generated from the API
/// contract (HattamaAPI's openapi.yaml), the same file the server publishes, so the verifier
/// reads exactly what the server documents; the HTTP goes over Foundation's URLSession.
public struct LogClient: Sendable {
    let api: Client
    /// The server's base URL, e.g. `https://results.example.kz`.
    public let base: URL
    /// Most entries the server returns per page; pages are asked for in this size.
    public var pageSize = 1000

    /// `server` is the server's base URL, e.g. `https://results.example.kz` or
    /// `http://127.0.0.1:8080`. `middlewares` see every exchange after the status check (tests
    /// use them to play a hostile server).
    public init(server: String, middlewares: [any ClientMiddleware] = [], timeout: TimeInterval = 60) throws(VerifierError) {
        var text = server
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else { throw .badServerURL(server) }
        base = url
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        api = Client(
            serverURL: url, transport: URLSessionTransport(configuration: .init(session: URLSession(configuration: configuration))),
            middlewares: [StatusCheck()] + middlewares)
    }

    public func treeHead() async throws -> PublishedTreeHead {
        let path = "/api/v1/log/sth"
        let head = try await call(path) { try await api.getTreeHead().ok.body.json }
        return try PublishedTreeHead(head, path: path)
    }

    /// Entries [start, end) as one page; the server may return fewer than asked.
    public func entries(start: Int, end: Int) async throws -> [Components.Schemas.LogEntry] {
        let path = "/api/v1/log/entries?start=\(start)&end=\(end)"
        let page = try await call(path) { try await api.getLogEntries(query: .init(start: start, end: end)).ok.body.json }
        guard page.entries.count <= end - start else {
            throw VerifierError.implausibleResponse(path: path, reason: "asked for \(end - start) entries, got \(page.entries.count)")
        }
        for (offset, entry) in page.entries.enumerated() where entry.index != start + offset {
            throw VerifierError.implausibleResponse(
                path: path, reason: "entry at position \(offset) has index \(entry.index), expected \(start + offset)")
        }
        return page.entries
    }

    public func inclusionProof(leafHash: String, size: Int) async throws -> PublishedInclusionProof {
        let path = "/api/v1/log/proof/inclusion?hash=\(leafHash)&size=\(size)"
        let proof = try await call(path) { try await api.getInclusionProof(query: .init(hash: leafHash, size: size)).ok.body.json }
        return try PublishedInclusionProof(proof, path: path)
    }

    public func consistencyProof(first: Int, second: Int) async throws -> PublishedConsistencyProof {
        let path = "/api/v1/log/proof/consistency?first=\(first)&second=\(second)"
        let proof = try await call(path) { try await api.getConsistencyProof(query: .init(first: first, second: second)).ok.body.json }
        return try PublishedConsistencyProof(proof, path: path)
    }

    public func protocolRecord(election: String, precinct: String) async throws -> Components.Schemas.ProtocolRecord {
        let path = "/api/v1/elections/\(Self.escape(election))/protocols/\(Self.escape(precinct))"
        return try await call(path) {
            try await api.getProtocolRecord(path: .init(election: election, precinct: precinct)).ok.body.json
        }
    }

    /// Submits a witness's cosignature of `head` (`POST /api/v1/log/cosignatures`); the server
    /// answers 201 with what it stored.
    public func submitCosignature(_ cosignature: Cosignature, of head: TreeHead) async throws {
        let body = Components.Schemas.CosignatureRequest(
            treeSize: head.treeSize, rootHash: head.rootHash.hex, timestamp: head.timestamp, witnessKeyID: cosignature.witnessKeyID.hex,
            signature: Hex.encode(cosignature.signature))
        _ = try await call("POST /api/v1/log/cosignatures") { try await api.submitCosignature(body: .json(body)).created }
    }

    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    /// Runs one generated call and turns what can go wrong into a `VerifierError` naming `path`:
    /// no answer, an error status (see `StatusCheck`), or a body that is not the documented JSON.
    func call<T>(_ path: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as VerifierError {
            throw error
        } catch let error as ClientError {
            switch error.underlyingError {
            case let error as VerifierError: throw error
            case let error as DecodingError: throw VerifierError.malformedResponse(path: path, reason: Self.describe(error))
            case let underlying where error.response == nil:
                throw VerifierError.unreachable(
                    url: base.absoluteString + (error.request?.path ?? path), reason: underlying.localizedDescription)
            case let underlying: throw VerifierError.malformedResponse(path: path, reason: "\(underlying)")
            }
        } catch {
            // A success status the contract does not document for this operation.
            throw VerifierError.malformedResponse(path: path, reason: "\(error)")
        }
    }

    /// The server's `{"error":{"message":…}}` (the contract's `Error`), shortened; nil when the body
    /// is something else. Read leniently: a proxy or an older server may send only the message.
    public static func errorMessage(_ body: Data) -> String? {
        struct Envelope: Decodable {
            struct Inner: Decodable { var message: String }
            var error: Inner
        }
        return (try? JSONDecoder().decode(Envelope.self, from: body)).map { String($0.error.message.prefix(300)) }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the document" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): '\(key.stringValue)' is missing"
        case .typeMismatch(_, let context): return "\(path(context)): wrong type"
        case .valueNotFound(_, let context): return "\(path(context)): null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "unreadable"
        }
    }
}

/// Any answer but 2xx is an error the verifier reports with the server's message, before the
/// generated code looks at the body: an error page from a proxy is not "malformed JSON".
struct StatusCheck: ClientMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, baseURL)
        guard response.status.kind == .successful else {
            var message: String?
            if let responseBody, let data = try? await Data(collecting: responseBody, upTo: 1 << 20) {
                message = LogClient.errorMessage(data)
            }
            let path = request.path ?? ""
            throw VerifierError.httpStatus(
                path: request.method == .get ? path : "\(request.method) \(path)", status: response.status.code, message: message)
        }
        return (response, responseBody)
    }
}
