import Foundation
import HattamaLedger

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP answer: the status and the raw body.
public struct HTTPReply: Sendable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// How the verifier reaches a server: GET of a path with its query, relative to the server's base URL.
/// `URLSessionTransport` is the real one; tests substitute in-process servers and hostile ones.
public protocol LogTransport: Sendable {
    func get(_ pathAndQuery: String) async throws -> HTTPReply
    /// POST of a JSON body; only witnesses submitting cosignatures need it.
    func post(_ path: String, json: Data) async throws -> HTTPReply
}

extension LogTransport {
    public func post(_ path: String, json: Data) async throws -> HTTPReply {
        throw VerifierError.badInput("this transport cannot POST \(path)")
    }
}

/// GETs over Foundation's URLSession (FoundationNetworking on Linux), so the verifier needs no
/// HTTP library beyond the toolchain's.
public struct URLSessionTransport: LogTransport {
    public let base: URL
    let session: URLSession

    /// `server` is the server's base URL, e.g. `https://results.example.kz` or `http://127.0.0.1:8080`.
    public init(server: String, timeout: TimeInterval = 60) throws(VerifierError) {
        var text = server
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else { throw .badServerURL(server) }
        base = url
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    public func get(_ pathAndQuery: String) async throws -> HTTPReply {
        guard let url = URL(string: base.absoluteString + pathAndQuery) else { throw VerifierError.badServerURL(pathAndQuery) }
        return try await send(URLRequest(url: url))
    }

    public func post(_ path: String, json: Data) async throws -> HTTPReply {
        guard let url = URL(string: base.absoluteString + path) else { throw VerifierError.badServerURL(path) }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = json
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return try await send(request)
    }

    func send(_ request: URLRequest) async throws -> HTTPReply {
        var request = request
        let url = request.url!
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw VerifierError.unreachable(url: url.absoluteString, reason: error.localizedDescription)
        }
        guard let http = response as? HTTPURLResponse else {
            throw VerifierError.unreachable(url: url.absoluteString, reason: "not an HTTP response")
        }
        return HTTPReply(status: http.statusCode, body: data)
    }
}

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
/// shape before it is used.
public struct LogClient: Sendable {
    public let transport: any LogTransport
    /// Most entries the server returns per page; pages are asked for in this size.
    public var pageSize = 1000

    public init(transport: any LogTransport) {
        self.transport = transport
    }

    public init(server: String) throws(VerifierError) {
        self.init(transport: try URLSessionTransport(server: server))
    }

    public func treeHead() async throws -> PublishedTreeHead {
        try await fetch(PublishedTreeHead.self, "/api/v1/log/sth")
    }

    /// Entries [start, end) as one page; the server may return fewer than asked.
    public func entries(start: Int, end: Int) async throws -> [PublishedEntry] {
        let path = "/api/v1/log/entries?start=\(start)&end=\(end)"
        let page = try await fetch(PublishedEntriesPage.self, path)
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
        try await fetch(PublishedInclusionProof.self, "/api/v1/log/proof/inclusion?hash=\(leafHash)&size=\(size)")
    }

    public func consistencyProof(first: Int, second: Int) async throws -> PublishedConsistencyProof {
        try await fetch(PublishedConsistencyProof.self, "/api/v1/log/proof/consistency?first=\(first)&second=\(second)")
    }

    public func protocolRecord(election: String, precinct: String) async throws -> PublishedProtocolRecord {
        try await fetch(PublishedProtocolRecord.self, "/api/v1/elections/\(Self.escape(election))/protocols/\(Self.escape(precinct))")
    }

    /// Submits a witness's cosignature of `head` (`POST /api/v1/log/cosignatures`); the server
    /// answers 201 with what it stored.
    public func submitCosignature(_ cosignature: Cosignature, of head: TreeHead) async throws {
        struct Body: Encodable {
            var treeSize: Int
            var rootHash: Hash
            var timestamp: Int64
            var witnessKeyID: Hash
            var signature: String
        }
        let path = "/api/v1/log/cosignatures"
        let body = Body(
            treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, witnessKeyID: cosignature.witnessKeyID,
            signature: Hex.encode(cosignature.signature))
        let reply = try await transport.post(path, json: try JSONEncoder().encode(body))
        guard reply.status == 201 else {
            throw VerifierError.httpStatus(path: "POST " + path, status: reply.status, message: Self.errorMessage(reply.body))
        }
    }

    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    func fetch<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T {
        let reply = try await transport.get(path)
        guard reply.status == 200 else {
            throw VerifierError.httpStatus(path: path, status: reply.status, message: Self.errorMessage(reply.body))
        }
        do {
            return try JSONDecoder().decode(T.self, from: reply.body)
        } catch let error as DecodingError {
            throw VerifierError.malformedResponse(path: path, reason: Self.describe(error))
        } catch {
            throw VerifierError.malformedResponse(path: path, reason: "\(error)")
        }
    }

    /// The server's `{"error":{"message":…}}`, shortened; nil when the body is something else.
    static func errorMessage(_ body: Data) -> String? {
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
