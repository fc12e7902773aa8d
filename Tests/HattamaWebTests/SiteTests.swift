import Crypto
import Foundation
import HTTPTypes
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

/// The election-night demo's protocols for the small structure, signed with the demo keys.
func demoSubmissions(_ store: HattamaStore) async throws -> (DemoResults, [ProtocolSubmission]) {
    try await DemoKeys().registerMissing(in: store, by: .system)
    let demo = DemoResults(structure: smallDemo, profile: try LawProfile.bundled("kz-2011"))
    return (demo, try demo.protocols().map { try DemoKeys().submission($0) })
}

@Suite struct SiteTests {
    @Test func pagesAreCachedUntilTheLogGrows() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            for uri in ["/en/", "/en/commissions/tec-ast", "/en/open-data"] {
                try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.headers[HTTPField.Name("X-Hattama-Cache")!] == "miss")
                }
                try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.headers[HTTPField.Name("X-Hattama-Cache")!] == "hit")
                    #expect(!response.text.contains("Protocols received"))
                }
            }
            try await store.results.submitProtocols(Array(submissions.prefix(1)), by: .system)
            try await client.execute(uri: "/en/", method: .get) { response async throws in
                #expect(response.headers[HTTPField.Name("X-Hattama-Cache")!] == "miss", "a new protocol invalidates the page")
                #expect(response.text.contains("1 / \(smallDemo.precincts.count)"))
            }
            try await client.execute(uri: "/en/", method: .get) { response async throws in
                #expect(response.headers[HTTPField.Name("X-Hattama-Cache")!] == "hit")
            }
        }
    }

    @Test func childTablesSortServerSide() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            try await store.results.submitProtocols(submissions, by: .system)
            let view = try await store.results.results(election: DemoGenerator.electionID, commission: "tec-ast")
            let byTurnout = view.children.sorted { ($0.turnout ?? 0) > ($1.turnout ?? 0) }.map(\.commissionID)
            try await client.execute(uri: "/en/commissions/tec-ast?sort=-turnout", method: .get) { response async throws in
                let html = response.text
                let positions = byTurnout.map { html.range(of: #"href="/en/commissions/\#($0)""#)?.lowerBound }
                #expect(positions.allSatisfy { $0 != nil })
                #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "rows in descending turnout")
                #expect(html.contains(#"aria-sort="descending""#))
                #expect(html.contains(#"href="/en/commissions/tec-ast?sort=turnout""#), "the sorted column toggles")
                #expect(html.contains(#"href="/ru/commissions/tec-ast?sort=-turnout""#), "the language switch keeps the order")
            }
            try await client.execute(uri: "/en/commissions/tec-ast?sort=%3Cscript%3E", method: .get) { response async throws in
                #expect(response.status == .ok, "an unknown sort keeps the structure's order")
                #expect(!response.text.contains("<script>"))
                #expect(!response.text.contains(#"aria-sort=""#))
            }
        }
    }

    @Test func pagesLinkOneImmutableStylesheet() async throws {
        try await withApp { _, client async throws in
            var href = ""
            try await client.execute(uri: "/en/", method: .get) { response async throws in
                let html = response.text
                #expect(!html.contains("<style"), "no inline styles: the page carries content only")
                let match = try #require(html.firstRange(of: #/href="(/static/site-[0-9a-f]{12}\.css)"/#))
                href = String(html[match].dropFirst(6).dropLast())
            }
            try await client.execute(uri: href, method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.cacheControl]?.contains("immutable") == true)
                #expect(response.text.contains(":root{"))
            }
            for stale in ["/static/site-000000000000.css", "/static/..%2Fsite.css", "/static/site.css"] {
                try await client.execute(uri: stale, method: .get) { response async throws in
                    #expect(response.status == .notFound, "\(stale)")
                }
            }
        }
    }

    @Test func theHomePageSortsItsRegions() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            try await store.results.submitProtocols(submissions, by: .system)
            let national = try await store.structure.commission(try await store.structure.rootCommission())
            let byVoters = national.children.sorted { $0.counts.registeredVoters > $1.counts.registeredVoters }.map(\.id)
            try await client.execute(uri: "/en/?sort=-voters", method: .get) { response async throws in
                let html = response.text
                let positions = byVoters.map { html.range(of: #"href="/en/commissions/\#($0)""#)?.lowerBound }
                #expect(positions.allSatisfy { $0 != nil })
                #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "regions by descending voters")
                #expect(html.contains(#"aria-sort="descending""#))
                #expect(html.contains(#"href="/en/?sort=voters""#), "the sorted column toggles")
                #expect(html.contains(#"href="/kk/?sort=-voters""#), "the language switch keeps the order")
                #expect(html.contains(#"href="/en/?sort=-turnout""#), "results columns sort too")
            }
            try await client.execute(uri: "/en/?sort=%22%3E%3Cb%3E", method: .get) { response async throws in
                #expect(response.status == .ok, "an unknown sort keeps the structure's order")
                #expect(!response.text.contains("\"><b>"))
                #expect(!response.text.contains(#"aria-sort=""#))
            }
        }
    }

    @Test func stationPageLinksItsLogEntryAndProof() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            try await store.results.submitProtocols(submissions, by: .system)
            let precinct = smallDemo.precincts[3].id
            let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: precinct)
            let index = try #require(record.latest.logIndex)
            let leaf = try #require(try await store.log.logEntries(start: index, end: index + 1).first?.leafHash)
            try await client.execute(uri: "/en/commissions/\(precinct)", method: .get) { response async throws in
                let html = response.text
                #expect(html.contains(#"href="/api/v1/log/proof/inclusion?hash=\#(leaf)""#))
                #expect(html.contains(Language.en.format(index)))
                #expect(html.contains("Original protocol"))
                #expect(html.contains("KZ-C1"), "every control is listed, also those that hold")
                #expect(html.contains("turnout-chart"))
            }
            try await client.execute(uri: "/api/v1/log/proof/inclusion?hash=\(leaf)", method: .get) { response async throws in
                #expect(try response.json()["leafIndex"] as? Int == index)
            }
        }
    }

    /// A later election takes over the home page (its top commission and regions) and does not
    /// hide an earlier one: open data lists every election's files, the newest first, each
    /// commission's page and work pages stay with its own election, and the API names each
    /// election's own top commission.
    @Test func aLaterElectionTakesOverTheHomePageAndHidesNoEarlierOne() async throws {
        try await withApp { store, client async throws in
            let later = ElectionStructure(
                election: Election(
                    id: "kz-later", name: LocalizedText("Later election"), profileID: DemoGenerator.election.profileID,
                    electionDay: "2015-04-26"),
                parties: [],
                candidates: [Candidate(id: "later-c1", electionID: "kz-later", name: LocalizedText("C1"), partyID: nil, ballotOrder: 1)],
                commissions: [
                    Commission(id: "later-cec", level: "cec", parentID: nil, name: LocalizedText("CEC")),
                    Commission(id: "later-tec", level: "regional", parentID: "later-cec", name: LocalizedText("TEC")),
                    Commission(id: "later-tec-1", level: "district", parentID: "later-tec", name: LocalizedText("TEC 1")),
                    Commission(id: "later-pec", level: "precinct", parentID: "later-tec-1", name: LocalizedText("PEC")),
                ],
                precincts: [
                    Precinct(
                        id: "later-pec", number: 1, kind: "ordinary", settlement: LocalizedText("Aksu"), address: LocalizedText("School 1"),
                        registeredVoters: 10, tabulatingCommissionID: "later-tec-1")
                ])
            try await store.structure.importStructure(later, profile: try LawProfile.bundled("kz-2011"), by: .system)
            let page = try await client.execute(uri: "/en/open-data", method: .get) { $0.text }
            let newer = try #require(page.range(of: #"id="election-kz-later""#))
            let older = try #require(page.range(of: #"id="election-\#(DemoGenerator.electionID)""#))
            #expect(newer.lowerBound < older.lowerBound)
            #expect(page.contains("Later election, 26 Apr 2015"))
            for election in ["kz-later", DemoGenerator.electionID] {
                let uri = SiteURL.openDataFile(election: election, file: "results-nist.json").path
                #expect(page.contains(#"href="\#(uri)""#))
                try await client.execute(uri: uri, method: .get) { response async throws in #expect(response.status == .ok) }
            }
            let home = try await client.execute(uri: "/en/", method: .get) { $0.text }
            #expect(home.contains(#"href="/en/commissions/later-tec""#))
            #expect(!home.contains(#"href="/en/commissions/tec-ast""#))
            // One heading, the later election's; the earlier one is listed with a link to its top commission.
            #expect(home.components(separatedBy: "<h1>").count == 2 && home.contains("<h1>Later election</h1>"))
            let demoRoot = try #require(smallDemo.commissions.first { $0.parentID == nil }).id
            #expect(home.contains(#"<ul class="elections"><li><a href="/en/commissions/\#(demoRoot)">"#))
            let region = try await client.execute(uri: "/en/commissions/tec-ast", method: .get) { $0.text }
            #expect(region.contains(SiteURL.api(.commission(election: DemoGenerator.electionID, commission: "tec-ast")).path))
            for part in ["composition", "decisions"] {
                try await client.execute(uri: "/en/commissions/tec-ast/\(part)", method: .get) { response async throws in
                    #expect(response.status == .ok)
                }
            }
            struct Elections: Decodable {
                struct Item: Decodable {
                    var id: String
                    var topCommission: String
                }
                var elections: [Item]
            }
            let elections = try await client.execute(uri: "/api/v1/elections", method: .get) { response async throws in
                try JSONDecoder().decode(Elections.self, from: Data(response.body.readableBytesView))
            }
            #expect(
                Set(elections.elections.map { "\($0.id)@\($0.topCommission)" }) == [
                    "kz-later@later-cec", "\(DemoGenerator.electionID)@\(demoRoot)",
                ])
        }
    }

    @Test func openDataFilesMatchTheirListedHashes() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            try await store.results.submitProtocols(submissions, by: .system)
            let page = try await client.execute(uri: "/kk/open-data", method: .get) { $0.text }
            let profile = try LawProfile.bundled("kz-2011")
            for file in OpenDataFile.all(profile) {
                let uri = SiteURL.openDataFile(election: DemoGenerator.electionID, file: file.name).path
                #expect(page.contains(#"href="\#(uri)""#))
                let (body, etag) = try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == file.contentType)
                    return (Data(response.body.readableBytesView), response.headers[.eTag] ?? "")
                }
                let sha = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
                #expect(etag == "\"\(sha)\"")
                #expect(page.contains(sha), "\(file.name): the page lists the served file's SHA-256")
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag]) { response async throws in
                    #expect(response.status == .notModified)
                }
            }
            let csv = try await client.execute(uri: "/open-data/\(DemoGenerator.electionID)/results-regional.csv", method: .get) { $0.text }
            #expect(csv.hasPrefix("commission_id,registered_voters,expected,received,accepted,quarantined,"))
            #expect(csv.split(separator: "\n").count == 1 + smallDemo.commissions.filter { $0.level == "regional" }.count)
            for uri in [
                "/open-data/\(DemoGenerator.electionID)/results-nowhere.csv", "/open-data/nope/results-nist.json",
                "/open-data/\(DemoGenerator.electionID)/..%2F..%2Fetc%2Fpasswd",
            ] {
                try await client.execute(uri: uri, method: .get) { response async throws in #expect(response.status == .notFound) }
            }
        }
    }

    @Test func hostileNamesAreEscapedOnCommissionSearchAndOpenDataPages() async throws {
        let hostile = #"<script>alert("x")</script>"#
        var structure = smallDemo
        for i in structure.commissions.indices { structure.commissions[i].name = LocalizedText(hostile + structure.commissions[i].id) }
        for i in structure.precincts.indices { structure.precincts[i].settlement = LocalizedText("Zz" + hostile) }
        let imported = structure
        try await withApp(demo: false) { store, client async throws in
            try await store.structure.importStructure(imported, profile: try LawProfile.bundled("kz-2011"), by: .system)
            let station = imported.precincts[0]
            let encoded = "Zz<script>".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for uri in ["/en/", "/ru/commissions/tec-ast", "/kk/commissions/\(station.id)", "/en/search?q=\(encoded)", "/en/open-data"] {
                try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(!response.text.contains("<script>"), "\(uri)")
                }
            }
            try await client.execute(uri: "/en/search?q=\(encoded)", method: .get) { response async throws in
                #expect(response.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            }
        }
    }
}
