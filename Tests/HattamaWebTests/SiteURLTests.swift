import Foundation
import HattamaCore
import HattamaStore
import HattamaTestSupport
import Hummingbird
import Testing

@testable import HattamaWeb

/// Every URL in one place: no route pattern or link is written outside `SiteURL`, every route the
/// router serves has a link in `SiteURL`, and every link of `SiteURL` leads to a served route.
@Suite struct SiteURLTests {
    static let sourcesDirectory = GoldenTests.testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HattamaWeb")

    /// Lines of a file that write a URL themselves: in Swift a route pattern or a string literal
    /// that starts an absolute path (`"/api/…"`, `"/{lang}…"`, `"/\(language)…"`), in a template
    /// an absolute link. `SiteURL.swift` is where they belong.
    static func urlLiterals(in text: String, file: String) -> [String] {
        guard file != "SiteURL.swift" else { return [] }
        let patterns: [Regex<AnyRegexOutput>] =
            file.hasSuffix(".mustache")
            ? [try! Regex(#"(href|action|src)="/"#)]
            : [try! Regex(#"RouterPath = ""#), try! Regex(#""/[A-Za-z{\\]"#)]
        var found: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where patterns.contains(where: { line.contains($0) }) {
            found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
        }
        return found
    }

    @Test func noURLIsWrittenOutsideSiteURL() throws {
        var found: [String] = []
        let files = try #require(FileManager.default.enumerator(atPath: Self.sourcesDirectory.path))
        var scanned = 0
        for case let path as String in files where path.hasSuffix(".swift") || path.hasSuffix(".mustache") {
            let text = try String(contentsOf: Self.sourcesDirectory.appendingPathComponent(path), encoding: .utf8)
            found += Self.urlLiterals(in: text, file: URL(fileURLWithPath: path).lastPathComponent)
            scanned += 1
        }
        #expect(scanned > 20, "the scan saw the sources")
        #expect(found.isEmpty, "URLs written outside SiteURL:\n\(found.joined(separator: "\n"))")
    }

    @Test func theScanCatchesAURLWrittenElsewhere() {
        let violations = [
            ("CommissionWorkController.swift", #"    static let apiX: RouterPath = "/api/v1/elections/{election}/x""#),
            ("VoterController.swift", #"        router.get("/api/v1/voters/x", use: lookup)"#),
            ("Pages.swift", #"        href = "/{lang}/commissions""#),
            ("Pages.swift", #"        href = "/\(language.rawValue)/composition""#),
            ("ErrorMiddleware.swift", #"        if path.hasPrefix("/api/") {"#),
            ("footer.mustache", #"<a href="/api/v1/elections">{{page.t.api}}</a>"#),
        ]
        for (file, line) in violations {
            #expect(
                Self.urlLiterals(in: "import Foundation\n\(line)\n", file: file) == [
                    "\(file):2: \(line.trimmingCharacters(in: .whitespaces))"
                ])
        }
        // Where URLs belong, and what is no URL, passes.
        #expect(Self.urlLiterals(in: violations.map(\.1).joined(separator: "\n"), file: "SiteURL.swift").isEmpty)
        for fine in [
            #"/// Answers `/api/v1/voters/lookup` (a comment)"#, #"router.get(SiteURL.Route.apiVoterLookup, use: lookup)"#,
            #"present: "\(a) / \(b)""#, #"<a href="{{page.apiHref}}">"#,
        ] {
            #expect(Self.urlLiterals(in: fine, file: fine.hasPrefix("<") ? "footer.mustache" : "Pages.swift").isEmpty, "\(fine)")
        }
    }

    /// One link of every kind `SiteURL` makes.
    static let samples: [SiteURL] = {
        let (e, c, l) = ("kz-2011", "tec-ast", Language.ru)
        var urls: [SiteURL] = [
            .root, .healthz, .metrics, .openAPI, .openAPIYAML, .home(l), .homeSorted(l, sort: "-turnout"),
            .commissionPage(l, commission: c),
            .commissionPageSorted(l, commission: c, sort: "name"), .searchPage(l), .openDataPage(l),
            .openDataFile(election: e, file: "results-regional.csv"), .nationalCompositionPage(l), .voterLookupPage(l),
            .complaintsPageFiltered(l, commission: c, state: "received", overdueOnly: false),
            .complaintsPageFiltered(l, commission: c, state: nil, overdueOnly: true), .stylesheet(file: Stylesheet.fileName),
        ]
        urls += CommissionWorkPart.allCases.map { .commissionWorkPage(l, commission: c, part: $0.rawValue) }
        let api: [SiteURL.API] = [
            .elections, .commission(election: e, commission: c), .token, .users, .me, .protocols(election: e),
            .protocolRecord(election: e, precinct: "pec-1"), .results(election: e, commission: nil), .results(election: e, commission: c),
            .commissionKey(commission: c), .turnout(election: e), .logTreeHead, .logEntries(start: 0, end: 1),
            .logInclusion(hash: "ab", size: 2), .logInclusionAtHead(hash: "ab"), .logConsistency(first: 1, second: 2), .logCosignatures,
            .logWitnesses, .nationalComposition(election: e), .complaints(election: e), .complaintStatistics(election: e),
            .memberDeparture(election: e, commission: c, member: "m1"), .memberReplacement(election: e, commission: c, member: "m1"),
            .substitutions(election: e, commission: c), .representatives(election: e, commission: c),
            .representativeRefusals(election: e, commission: c), .decisionTextsCheck(election: e, commission: c), .voterLookup,
            .voterLists, .voterCalendar, .voterRequests, .voterRequestDecision(request: 7), .absenteeReport,
        ]
        urls += api.map { .api($0) }
        urls += ["members", "history", "composition", "sessions", "decisions", "complaints"].map {
            .api(.commissionWork(election: e, commission: c, part: $0))
        }
        urls += SiteURL.API.ComplaintStep.allCases.map { .api(.complaintStep(election: e, complaint: "complaint-1", step: $0)) }
        return urls
    }()

    /// Whether a link's path (its query aside) is one the pattern serves.
    static func matches(_ link: String, pattern: String) -> Bool {
        let path = link.split(separator: "?", maxSplits: 1).first.map(String.init) ?? link
        let segments = path.split(separator: "/")
        let parts = pattern.split(separator: "/")
        guard segments.count == parts.count else { return false }
        return zip(segments, parts).allSatisfy { segment, part in part.hasPrefix("{") && part.hasSuffix("}") || segment == part }
    }

    @Test func everyRouteHasALinkAndEveryLinkARoute() async throws {
        var patterns: [String] = []
        try await withStore(.sqlite) { store in
            patterns = Set(try await buildRouter(store: store, metrics: WebMetrics()).routes.map(\.path.description)).sorted()
        }
        #expect(patterns.count > 50, "\(patterns)")
        let links = Self.samples.map(\.path)
        let unlinked = patterns.filter { pattern in !links.contains { Self.matches($0, pattern: pattern) } }
        let unrouted = links.filter { link in !patterns.contains { Self.matches(link, pattern: $0) } }
        #expect(unlinked.isEmpty, "routes no SiteURL case links to: \(unlinked)")
        #expect(unrouted.isEmpty, "SiteURL links no route serves: \(unrouted)")
        // The check itself: a route without a link, and a link without a route, are named.
        #expect(!Self.matches("/api/v1/voters/lookup", pattern: "/api/v1/voters/lists"))
        #expect(!Self.matches("/ru/commissions/tec-ast/composition", pattern: "/{lang}/commissions/{commission}"))
        #expect(Self.matches("/ru/commissions/tec-ast?sort=name", pattern: "/{lang}/commissions/{commission}"))
    }

    @Test func linksAreTheOnesThePagesUsedBefore() {
        #expect(
            SiteURL.complaintsPageFiltered(.kk, commission: "tec-ast", state: "received", overdueOnly: false).path
                == "/kk/commissions/tec-ast/complaints?state=received")
        #expect(
            SiteURL.complaintsPageFiltered(.kk, commission: "tec-ast", state: nil, overdueOnly: true).path
                == "/kk/commissions/tec-ast/complaints?overdue=true")
        #expect(
            SiteURL.complaintsPageFiltered(.kk, commission: "tec-ast", state: nil, overdueOnly: false).path
                == "/kk/commissions/tec-ast/complaints")
        #expect(
            SiteURL.complaintsPageFiltered(.kk, commission: "c", state: "decided", overdueOnly: false).inLanguage(.en).path
                == "/en/commissions/c/complaints?state=decided")
        #expect(
            SiteURL.api(.complaintStep(election: "e", complaint: "x", step: .courtRuling)).path
                == "/api/v1/elections/e/complaints/x/court-ruling")
        #expect(SiteURL.api(.voterRequestDecision(request: 12)).path == "/api/v1/voters/requests/12/decision")
        #expect(
            SiteURL.api(.decisionTextsCheck(election: "e", commission: "c")).path == "/api/v1/elections/e/commissions/c/decisions/check")
        #expect(SiteURL.language(ofPath: "/ru/commissions/x") == .ru)
        #expect(SiteURL.language(ofPath: "/kk") == .kk)
        #expect(SiteURL.language(ofPath: "/api/v1/elections") == nil)
        #expect(SiteURL.answersInJSON(path: "/api/v1/elections") && SiteURL.answersInJSON(path: "/healthz"))
        #expect(!SiteURL.answersInJSON(path: "/kk/") && !SiteURL.answersInJSON(path: "/open-data/e/f.csv"))
    }
}
