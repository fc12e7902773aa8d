import Foundation
import HTTPTypes
import HattamaCore
import HattamaDemo
import HattamaLedger
import HattamaTestSupport
import HattamaWeb
import Hummingbird
import HummingbirdTesting
import OpenAPIRuntime
import SQLKit

@testable import HattamaStore
@testable import HattamaVerifier

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

let election = DemoGenerator.electionID

/// Ordinary precincts with enough voters for plausible figures.
let testPrecincts = smallDemo.precincts.filter { $0.kind == "ordinary" && $0.registeredVoters > 200 }

/// Figures that pass the kz-2011 control relations.
func figures(_ precinct: Precinct, extraSpoiled: Int = 0) -> ResultsProtocol {
    let (lines, votes) = consistentFigures(precinct, extraSpoiled: extraSpoiled)
    return ResultsProtocol(electionID: election, precinctID: precinct.id, lines: lines, candidateVotes: votes)
}

/// Submits signed protocols (demo keys held by the store) for `precincts`.
@discardableResult
func submit(_ store: HattamaStore, _ protocols: [ResultsProtocol], reason: ProtocolVersionReason = .original) async throws
    -> [ProtocolVersion]
{
    var batch: [ProtocolSubmission] = []
    // Each station signs the version its figures become: after its latest stored one.
    let heads = try await store.results.latestVersionHeads(
        election: protocols.first?.electionID ?? "", precincts: protocols.map(\.precinctID))
    for p in protocols {
        let reference = reason == .original ? nil : "PEC decision 7"
        batch.append(
            try DemoKeys().submission(p, reason: reason, decisionReference: reference, after: heads[p.precinctID]))
    }
    return try await store.results.submitProtocols(batch, by: .system)
}

/// A real Hattama server on an ephemeral loopback port over a fresh SQLite store with the small
/// demo's structure and demo keys; `body` gets the store and the base URL.
func withLiveServer(_ body: @Sendable (HattamaStore, String) async throws -> Void) async throws {
    try await withStore(.sqlite) { store in
        try await loadSmallDemo(store)
        try await DemoKeys().registerMissing(in: store, by: .system)
        let router = try await buildRouter(store: store, metrics: WebMetrics())
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: quietLogger)
        try await app.test(.live) { client in
            guard let port = client.port else { throw VerifierError.badInput("the live test server has no port") }
            try await body(store, "http://127.0.0.1:\(port)")
        }
    }
}

/// One HTTP answer: the status and the raw body.
struct HTTPReply: Sendable {
    var status: Int
    var body: Data
}

/// Rewrites the real server's answers to GETs (path with query, reply), to play a hostile or
/// broken server between it and the verifier's generated client.
struct TamperingMiddleware: ClientMiddleware {
    let tamper: @Sendable (String, HTTPReply) throws -> HTTPReply

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, baseURL)
        guard request.method == .get else { return (response, responseBody) }
        var data = Data()
        if let responseBody { data = try await Data(collecting: responseBody, upTo: 64 << 20) }
        let reply = try tamper(request.path ?? "", HTTPReply(status: response.status.code, body: data))
        var changed = response
        changed.status = HTTPResponse.Status(code: reply.status)
        changed.headerFields[.contentLength] = nil
        return (changed, HTTPBody(reply.body))
    }
}

extension LogClient {
    /// A client whose answers pass through `tamper`.
    init(server: String, tamper: @escaping @Sendable (String, HTTPReply) throws -> HTTPReply) throws {
        try self.init(server: server, middlewares: [TamperingMiddleware(tamper: tamper)])
    }
}

/// Plain HTTP POSTs of arbitrary bytes, for bodies the generated client would never send.
struct RawHTTP {
    let server: String

    func post(_ path: String, json: Data) async throws -> HTTPReply {
        var request = URLRequest(url: URL(string: server + path)!)
        request.httpMethod = "POST"
        request.httpBody = json
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return HTTPReply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}

/// JSON object surgery on a reply body.
func rewriteJSON(_ reply: HTTPReply, _ change: (inout [String: Any]) -> Void) throws -> HTTPReply {
    guard var object = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any] else { return reply }
    change(&object)
    return HTTPReply(status: reply.status, body: try JSONSerialization.data(withJSONObject: object))
}

/// Collects what a command says.
final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }
    var text: String { lines.joined(separator: "\n") }

    func say(_ line: String) { lock.withLock { stored.append(line) } }
}

extension HattamaStore {
    /// Rewrites history the way a compromised server would: changes one figure inside a logged
    /// entry, recomputes every stored tree node so the log is self-consistent again, and signs a
    /// fresh tree head with the real log key.
    func rewriteHistory(entry index: Int, replacing old: String, with new: String) async throws {
        try await backend.withDatabase { db in
            let row = try await db.raw("SELECT entry_type, payload FROM log_entries WHERE entry_index = \(bind: index)").first()
            let type = try row!.decode(column: "entry_type", as: String.self)
            let payload = try row!.decode(column: "payload", as: String.self)
            let forged = payload.replacingOccurrences(of: old, with: new)
            precondition(forged != payload, "nothing to rewrite")
            let leaf = MerkleHash.leafHash(LeafFormat.leafInput(type: type, payload: forged))
            try await db.raw(
                "UPDATE log_entries SET payload = \(bind: forged), leaf_hash = \(bind: leaf.hex) WHERE entry_index = \(bind: index)"
            ).run()
            var leaves: [Hash] = []
            for row in try await db.raw("SELECT leaf_hash FROM log_entries ORDER BY entry_index").all() {
                leaves.append(Hash(hex: try row.decode(column: "leaf_hash", as: String.self))!)
            }
            let tree = MerkleTree(leafHashes: leaves)
            try await db.raw("DELETE FROM log_nodes").run()
            var level = 0
            while true {
                let count = leaves.count >> level
                if count == 0 { break }
                for i in 0..<count {
                    try await db.raw(
                        "INSERT INTO log_nodes (level, node_index, hash) VALUES (\(bind: level), \(bind: i), \(bind: try tree.node(level: level, index: i).hex))"
                    ).run()
                }
                level += 1
            }
        }
        try await log.signTreeHead()
    }
}
