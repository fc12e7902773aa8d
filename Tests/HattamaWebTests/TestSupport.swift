import Foundation
import HattamaConfig
import HattamaCore
import HattamaDemo
import HattamaStore
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import HattamaWeb

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// The log's signing key in these tests: made in memory, one per test process, so that every store
/// opened on one database signs with the same key (no key file, no key in the database).
let testLogSigner = LogSigner.generate()

let smallDemo = DemoGenerator(scale: .small).generate()
let password = "correct horse battery"

/// A server over a fresh SQLite store with the small demo (and, optionally, users), driven
/// in-process through Hummingbird's router test client.
func withApp(
    demo: Bool = true, clock: CivilClock = .utc, configuration: HattamaConfiguration = .testing,
    _ body: @Sendable (HattamaStore, any TestClientProtocol) async throws -> Void
) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("hattama-web-\(UUID().uuidString).sqlite").path
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    let store = try await HattamaStore.open(
        .sqlite(path: path), configuration: configuration, logSigner: testLogSigner, logger: quietLogger)
    do {
        if demo {
            try await store.structure.importStructure(smallDemo, profile: try LawProfile.bundled("kz-2011"), by: .system)
        }
        let router = try await buildRouter(store: store, metrics: WebMetrics(), configuration: configuration, clock: clock)
        let app = Application(router: router, logger: quietLogger)
        try await app.test(.router) { client in try await body(store, client) }
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }
}

func jsonBody(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

func token(_ client: some TestClientProtocol, _ username: String) async throws -> String {
    try await client.execute(
        uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
        body: jsonBody(["username": username, "password": password])
    ) { response async throws in
        #expect(response.status == .created)
        return try #require(try response.json()["token"] as? String)
    }
}
