import Foundation
import HattamaAPI
import HattamaConfig
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

/// The API contract (HattamaAPI/openapi.yaml) against the router: every route the router serves is
/// in the document, every operation in the document is served, and the server's answers decode as
/// the types generated from the document (the ones hattama-verify reads them with).
@Suite struct RouteCoverageTests {
    /// Routes that are pages or files for people, not API: the contract does not describe them.
    /// A new route is either documented in openapi.yaml or added here, on purpose.
    static let pagesAndFiles: Set<String> = [
        "GET /", "GET /{lang}", "GET /{lang}/search", "GET /{lang}/commissions/{commission}",
        "GET /{lang}/commissions/{commission}/{part}", "GET /{lang}/composition", "GET /{lang}/open-data",
        "GET /{lang}/voter-lookup", "POST /{lang}/voter-lookup", "GET /open-data/{election}/{file}", "GET /static/{file}",
    ]

    struct Coverage: Equatable {
        /// Served, but neither in the document nor a page or file.
        var undocumented: [String]
        /// In the document, but not served.
        var unserved: [String]
    }

    /// Compares the router's routes ("GET /api/v1/…", patterns with `{name}`) with the document's
    /// operations.
    static func coverage(routes: [String], document: [String: Any]) -> Coverage {
        let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        var documented: Set<String> = []
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in methods where (item as? [String: Any])?[method] != nil {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = Set(routes)
        return Coverage(
            undocumented: served.subtracting(documented).subtracting(pagesAndFiles).sorted(),
            unserved: documented.subtracting(served).sorted())
    }

    static func document() throws -> [String: Any] {
        let json = try OpenAPIDocument.json(yaml: try OpenAPIDocument.yaml())
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    /// The router `buildRouter` makes, over a throw-away store.
    func withRouter(_ body: (Router<HattamaRequestContext>) throws -> Void) async throws {
        try await withStore(.sqlite) { store in try body(try await buildRouter(store: store, metrics: WebMetrics())) }
    }

    @Test func everyRouteIsDocumentedAndEveryOperationServed() async throws {
        let document = try Self.document()
        try await withRouter { router in
            let routes = router.routes.map(\.description)
            #expect(routes.count > 60, "\(routes)")
            #expect(Self.coverage(routes: routes, document: document) == Coverage(undocumented: [], unserved: []))
            // Every page or file exception is still a route: the list does not rot.
            #expect(Self.pagesAndFiles.subtracting(routes).isEmpty, "\(Self.pagesAndFiles.subtracting(routes))")
        }
    }

    @Test func anUndocumentedRouteAndAnUnservedOperationAreNamed() async throws {
        var document = try Self.document()
        try await withRouter { router in
            router.get("/api/v1/undocumented") { _, _ in "not in the contract" }
            router.post(SiteURL.Route.apiLogSTH) { _, _ in "a method the contract does not list" }
            #expect(
                Self.coverage(routes: router.routes.map(\.description), document: document)
                    == Coverage(undocumented: ["GET /api/v1/undocumented", "POST /api/v1/log/sth"], unserved: []))

            var paths = try #require(document["paths"] as? [String: Any])
            paths["/api/v1/ghost/{id}"] = ["delete": ["responses": ["204": ["description": "gone"]]]]
            document["paths"] = paths
            #expect(
                Self.coverage(routes: router.routes.map(\.description), document: document)
                    == Coverage(
                        undocumented: ["GET /api/v1/undocumented", "POST /api/v1/log/sth"], unserved: ["DELETE /api/v1/ghost/{id}"]))
        }
    }

    @Test func servedDocumentsAreTheContract() async throws {
        let yaml = try #require(APIContract.yaml())
        try await withApp { _, client async throws in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                #expect(Data(response.text.utf8) == yaml)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["openapi"] as? String == "3.1.0")
                #expect((json["info"] as? [String: Any])?["version"] as? String == "1", "quoted scalars stay strings")
                let paths = try #require(json["paths"] as? [String: Any])
                let sth = try #require((paths["/api/v1/log/sth"] as? [String: Any])?["get"] as? [String: Any])
                #expect((sth["responses"] as? [String: Any])?["200"] != nil, "status codes stay string keys")
                let entries = try #require((paths["/api/v1/log/entries"] as? [String: Any])?["get"] as? [String: Any])
                let start = try #require((entries["parameters"] as? [[String: Any]])?.first)
                #expect(start["required"] as? Bool == false)
                #expect((start["schema"] as? [String: Any])?["minimum"] as? Int == 0)
            }
        }
    }

    @Test func theServersAnswersDecodeAsTheContractsTypes() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            try await store.results.submitProtocols(Array(submissions.prefix(3)), by: .system)
            let work = DemoCommissionWork(structure: smallDemo, profile: try LawProfile.bundled("kz-2011"), seed: DemoGenerator.defaultSeed)
            try await work.load(into: store, election: DemoGenerator.electionID, by: .system)
            let e = "/api/v1/elections/\(DemoGenerator.electionID)"
            let precinct = try #require(submissions.first).resultsProtocol.precinctID

            func decode<T: Decodable>(_ uri: String, as type: T.Type) async throws -> T {
                try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.status == .ok, "\(uri): \(response.text.prefix(300))")
                    return try JSONDecoder().decode(T.self, from: Data(response.text.utf8))
                }
            }
            _ = try await decode("/healthz", as: Components.Schemas.Health.self)
            let elections = try await decode("/api/v1/elections", as: Components.Schemas.Elections.self)
            #expect(elections.elections.first?.candidates.count == 4)
            let cec = try await decode("\(e)/commissions/cec", as: Components.Schemas.Commission.self)
            for child in cec.children.prefix(2) {
                _ = try await decode("\(e)/commissions/\(child.id)", as: Components.Schemas.Commission.self)
            }
            // A precinct commission has its precinct's id.
            #expect(try await decode("\(e)/commissions/\(precinct)", as: Components.Schemas.Commission.self).precinct != nil)
            let record = try await decode("\(e)/protocols/\(precinct)", as: Components.Schemas.ProtocolRecord.self)
            #expect(record.latest.figures.lines.additionalProperties == submissions[0].resultsProtocol.lines)
            _ = try await decode("\(e)/results", as: Components.Schemas.Results.self)
            _ = try await decode("\(e)/turnout", as: Components.Schemas.Turnout.self)
            _ = try await decode("/api/v1/commissions/\(precinct)/key", as: Components.Schemas.CommissionKey.self)
            let head = try await decode("/api/v1/log/sth", as: Components.Schemas.TreeHead.self)
            // The newest entries: protocols and the commissions' acts.
            let start = max(0, head.treeSize - 1000)
            let page = try await decode(
                "/api/v1/log/entries?start=\(start)&end=\(head.treeSize)", as: Components.Schemas.LogEntries.self)
            #expect(page.entries.count == head.treeSize - start)
            #expect(Set(page.entries.map(\._type)).count > 3, "the demo logs several kinds of entry")
            let leaf = try #require(page.entries.last).leafHash
            _ = try await decode(
                "/api/v1/log/proof/inclusion?hash=\(leaf)&size=\(head.treeSize)", as: Components.Schemas.InclusionProof.self)
            _ = try await decode(
                "/api/v1/log/proof/consistency?first=1&second=\(head.treeSize)", as: Components.Schemas.ConsistencyProof.self)
            _ = try await decode("/api/v1/log/witnesses", as: Components.Schemas.Witnesses.self)
            for commission in ["cec"] + cec.children.map(\.id) {
                let w = "\(e)/commissions/\(commission)"
                _ = try await decode("\(w)/members", as: Components.Schemas.Members.self)
                _ = try await decode("\(w)/history", as: Components.Schemas.History.self)
                _ = try await decode("\(w)/composition", as: Components.Schemas.CommissionComposition.self)
                _ = try await decode("\(w)/sessions", as: Components.Schemas.Sessions.self)
                _ = try await decode("\(w)/decisions", as: Components.Schemas.Decisions.self)
                _ = try await decode("\(w)/complaints", as: Components.Schemas.Complaints.self)
            }
            let members = try await decode("\(e)/commissions/cec/members", as: Components.Schemas.Members.self)
            #expect(!members.members.isEmpty)
            let decisions = try await decode("\(e)/commissions/cec/decisions", as: Components.Schemas.Decisions.self)
            #expect(!decisions.decisions.isEmpty)
            _ = try await decode("\(e)/composition", as: Components.Schemas.NationalComposition.self)
            let complaints = try await decode("\(e)/complaints", as: Components.Schemas.Complaints.self)
            #expect(!complaints.complaints.isEmpty)
            _ = try await decode("\(e)/complaints/statistics", as: Components.Schemas.ComplaintStatisticsReport.self)
            _ = try await decode("/api/v1/voters/calendar", as: Components.Schemas.VoterListCalendar.self)
        }
    }
}
