import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

@Suite struct PageTests {
    @Test(arguments: [
        ("kk", "/kk/"), ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"), ("en-GB,en;q=0.9", "/en/"), ("de-DE", "/kk/"), ("fr;q=0.2,en;q=0.5", "/en/"),
    ])
    func rootRedirectsByAcceptLanguage(header: String, location: String) async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: header]) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == location)
            }
        }
    }

    @Test(arguments: Language.allCases)
    func homeListsElectionCandidatesAndRegions(language: Language) async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/\(language.rawValue)/", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = response.text
                #expect(html.contains(#"<html lang="\#(language.rawValue)">"#))
                #expect(html.contains(Escape.html(DemoGenerator.election.name[language])))
                for candidate in DemoGenerator.candidates { #expect(html.contains(candidate.name[language])) }
                for region in smallDemo.commissions.filter({ $0.level == "regional" }) {
                    #expect(html.contains(Escape.html(region.name[language])))
                    #expect(html.contains(#"href="/\#(language.rawValue)/commissions/\#(region.id)""#))
                }
                #expect(html.contains(language.format(smallDemo.precincts.count)))
                // The language switch keeps the page.
                for other in Language.allCases { #expect(html.contains(#"href="/\#(other.rawValue)/""#)) }
            }
        }
    }

    @Test func commissionPageHasBreadcrumbChildrenAndLanguageSwitch() async throws {
        try await withApp { _, client async throws in
            let esil = try #require(smallDemo.commissions.first { $0.name.en.hasPrefix("Esil") })
            try await client.execute(uri: "/ru/commissions/\(esil.id)", method: .get) { response async throws in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains(Escape.html(esil.name.ru)))
                #expect(html.contains(#"href="/ru/commissions/tec-ast""#), "breadcrumb up")
                #expect(html.contains(#"href="/en/commissions/\#(esil.id)""#), "switch keeps the page")
                let abroad = try #require(smallDemo.precincts.first { $0.kind == "abroad" })
                #expect(html.contains(#"href="/ru/commissions/\#(abroad.id)""#), "stations abroad are listed under Esil")
                #expect(html.contains("Представительство за рубежом"))
            }
            let precinct = smallDemo.precincts[5]
            try await client.execute(uri: "/en/commissions/\(precinct.id)", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("№\(precinct.number)"))
                #expect(response.text.contains(Language.en.format(precinct.registeredVoters)))
            }
        }
    }

    @Test(arguments: ["/xx/", "/en/commissions/nope", "/de/commissions/cec"])
    func unknownPagesAre404(uri: String) async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: uri, method: .get) { response async throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test func searchFindsStationsAndEscapesTheQuery() async throws {
        try await withApp { _, client async throws in
            let target = smallDemo.precincts[7]
            try await client.execute(uri: "/en/search?q=\(target.number)", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains(#"href="/en/commissions/\#(target.id)""#))
            }
            let hostile = "<script>alert(1)</script>"
            let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/kk/search?q=\(encoded)", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(!response.text.contains(hostile))
                #expect(response.text.contains("&lt;script&gt;"))
                #expect(response.text.contains(Strings.noResults[.kk]))
            }
        }
    }

    @Test func hostileNamesAreEscapedInPages() async throws {
        var hostile = smallDemo
        hostile.commissions[1].name.en = #"<img src=x onerror="alert(1)"> & "quotes""#
        let structure = hostile
        try await withApp(demo: false) { store, client async throws in
            try await store.structure.importStructure(structure, profile: try LawProfile.bundled("kz-2011"), by: .system)
            try await client.execute(uri: "/en/", method: .get) { response async throws in
                #expect(!response.text.contains("<img src=x"))
                #expect(response.text.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;"))
            }
        }
    }

    @Test func emptyDatabaseStillServesAHomePage() async throws {
        try await withApp(demo: false) { _, client async throws in
            try await client.execute(uri: "/en/", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("Election results transparency"))
            }
            try await client.execute(uri: "/api/v1/elections", method: .get) { response async throws in
                #expect(response.status == .notFound || response.status == .ok)
            }
        }
    }

    @Test(arguments: [
        (Language.kk, 9_100_967, "9\u{00A0}100\u{00A0}967"), (.ru, 1_000, "1\u{00A0}000"), (.en, 9_100_967, "9,100,967"), (.en, 12, "12"),
    ])
    func numbersAreGroupedPerLanguage(language: Language, value: Int, expected: String) {
        #expect(language.format(value) == expected)
    }
}

@Suite struct ResultsPageTests {
    @Test func pagesShowResultsProtocolsChecksAndHistory() async throws {
        try await withApp { store, client async throws in
            try await DemoKeys().registerMissing(in: store, by: .system)
            let profile = try LawProfile.bundled("kz-2011")
            let demo = DemoResults(structure: smallDemo, profile: profile)
            let submissions = try demo.protocols().map { try DemoKeys().submission($0) }
            try await store.results.submitProtocols(submissions, by: .system)

            try await client.execute(uri: "/en/", method: .get) { response async throws in
                let html = response.text
                #expect(html.contains("Nursultan Nazarbayev"))
                #expect(html.contains("Turnout"))
                #expect(html.contains("\(smallDemo.precincts.count) / \(smallDemo.precincts.count)"))
                #expect(html.contains("Stations not yet counted can no longer change the outcome"))
            }
            try await client.execute(uri: "/ru/commissions/tec-ast", method: .get) { response async throws in
                #expect(response.text.contains("Явка"))
                #expect(response.text.contains("Итоги голосования"))
            }
            let quarantined = try #require(demo.quarantinedPrecinctIDs.first)
            try await client.execute(uri: "/kk/commissions/\(quarantined)", method: .get) { response async throws in
                let html = response.text
                #expect(html.contains("Дауыс беру нәтижелері туралы хаттама"))
                #expect(html.contains("quarantined"))
                #expect(html.contains(#"<li class="error">"#), "the failed control is listed")
                let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: quarantined)
                #expect(html.contains(record.latest.hash))
            }
            let fine = try #require(
                smallDemo.precincts.first { !demo.quarantinedPrecinctIDs.contains($0.id) && !demo.warningPrecinctIDs.contains($0.id) })
            try await client.execute(uri: "/en/commissions/\(fine.id)", method: .get) { response async throws in
                #expect(response.text.contains("All control checks hold"))
                #expect(response.text.contains("Version history"))
            }
        }
    }
}
