import Foundation
import HattamaConfig
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

let password = "correct horse battery"

/// A server over a fresh SQLite store with the small demo (and, optionally, users), driven
/// in-process through Hummingbird's router test client.
func withApp(
    demo: Bool = true, clock: CivilClock = .utc, configuration: HattamaConfiguration = .testing,
    _ body: @Sendable (HattamaStore, any TestClientProtocol) async throws -> Void
) async throws {
    try await withStore(.sqlite, configuration: configuration) { store in
        if demo { try await loadSmallDemo(store) }
        let router = try await buildRouter(store: store, metrics: WebMetrics(), configuration: configuration, clock: clock)
        let app = Application(router: router, logger: quietLogger)
        try await app.test(.router) { client in try await body(store, client) }
    }
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
