import Foundation
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

@Suite struct APITests {
    @Test func healthzReportsTheDatabase() async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/healthz", method: .get) { response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["status"] as? String == "ok")
                #expect(json["database"] as? String == "sqlite")
                #expect(json["schemaVersion"] as? Int == HattamaStore.schemaVersionOfBinary)
            }
        }
    }

    @Test func listsElectionsWithCandidates() async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/api/v1/elections", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let elections = try #require(try response.json()["elections"] as? [[String: Any]])
                #expect(elections.count == 1)
                #expect(elections[0]["id"] as? String == DemoGenerator.electionID)
                #expect(elections[0]["profileID"] as? String == "kz-2011")
                let candidates = try #require(elections[0]["candidates"] as? [[String: Any]])
                #expect(candidates.compactMap { $0["id"] as? String } == ["akhmetbekov", "yeleusizov", "kasymov", "nazarbayev"])
            }
        }
    }

    @Test func commissionWithChildrenAndCounts() async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/api/v1/elections/\(DemoGenerator.electionID)/commissions/cec", method: .get) {
                response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                let counts = try #require(json["counts"] as? [String: Any])
                #expect(counts["precincts"] as? Int == smallDemo.precincts.count)
                #expect(counts["abroadPrecincts"] as? Int == 3)
                let children = try #require(json["children"] as? [[String: Any]])
                #expect(children.count == 3)
                let level = try #require(json["level"] as? [String: Any])
                #expect(level["id"] as? String == "cec")
            }
            let esil = try #require(smallDemo.commissions.first { $0.name.en.hasPrefix("Esil") })
            try await client.execute(uri: "/api/v1/elections/\(DemoGenerator.electionID)/commissions/\(esil.id)", method: .get) {
                response async throws in
                let json = try response.json()
                let children = try #require(json["children"] as? [[String: Any]])
                #expect(children.filter { $0["precinctKind"] as? String == "abroad" }.count == 3)
                let links = try #require(json["links"] as? [String: String])
                #expect(links["parent"] == "/api/v1/elections/\(DemoGenerator.electionID)/commissions/tec-ast")
            }
        }
    }

    @Test(arguments: [
        "/api/v1/elections/\(DemoGenerator.electionID)/commissions/nope",
        "/api/v1/elections/nope/commissions/cec",
        "/api/v1/nothing-here",
        "/api/v1/elections/%27%3B%20DROP%20TABLE%20commissions%3B--/commissions/cec",
    ])
    func unknownThingsAreJSON404s(uri: String) async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: uri, method: .get) { response async throws in
                #expect(response.status == .notFound)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["status"] as? Int == 404)
                #expect((error["message"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func openAPIDescribesEveryRoute() async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/openapi.json", method: .get) { response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect((json["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = try #require(json["paths"] as? [String: Any])
                for path in [
                    "/healthz", "/metrics", "/api/v1/elections", "/api/v1/elections/{election}/commissions/{commission}",
                    "/api/v1/auth/token",
                    "/api/v1/users", "/api/v1/users/me", "/api/v1/log/sth", "/api/v1/log/entries", "/api/v1/log/proof/inclusion",
                    "/api/v1/log/proof/consistency",
                ] {
                    #expect(paths[path] != nil, "\(path) is not documented")
                }
                // Every documented GET that needs no parameter and no token answers.
                for path in paths.keys where !path.contains("{") {
                    guard let item = paths[path] as? [String: Any], let get = item["get"] as? [String: Any], get["security"] == nil else {
                        continue
                    }
                    let parameters = get["parameters"] as? [[String: Any]] ?? []
                    if !parameters.contains(where: { $0["required"] as? Bool == true }) {
                        try await client.execute(uri: path, method: .get) { response async throws in
                            #expect(response.status == .ok, "\(path)")
                        }
                    }
                }
            }
        }
    }

    @Test func metricsCountRequestsByRoute() async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/api/v1/elections", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("hattama_http_requests_total"))
                #expect(response.text.contains(#"route="/api/v1/elections""#))
                #expect(response.text.contains("hattama_http_request_duration_seconds"))
            }
        }
    }
}
