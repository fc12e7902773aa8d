import Foundation
import HattamaCore
import HattamaStore

@testable import HattamaWeb

/// Fixed view models for every template, with every optional set and every list non-empty so that
/// each tag of each template is reached by some fixture (the key check asserts that). `text` wraps
/// every free text a page shows, so the same fixtures serve the escaping tests.
enum PageFixtures {
    struct Fixture {
        var name: String
        var template: String
        var model: Any
    }

    static func all(_ language: Language, text: (String) -> String = { $0 }) throws -> [Fixture] {
        func chrome(_ title: String, _ url: SiteURL) -> PageChrome { PageChrome(language: language, title: text(title), url: url) }
        let results = ResultsBlock(
            candidates: [
                .init(
                    name: text("Nursultan Nazarbayev"), votes: language.format(7_850_958), share: language.percent(0.9555), width: "95.55"),
                .init(name: text("Gani Kasymov"), votes: language.format(159_036), share: language.percent(0.0194), width: "1.94"),
            ],
            turnout: language.percent(0.8998), expected: language.format(9_700), received: language.format(9_650),
            accepted: language.format(9_645), quarantined: language.format(5), receivedPercent: "99.48", acceptedPercent: "99.43",
            atRisk: true, riskText: text(Strings.outcomeAtRisk[language]), hasQuarantined: true)
        let turnoutJSON = """
            {"commissionID":"cec","points":[
            {"time":"10:00","voters":1000,"registeredVoters":5000,"reportingPrecincts":9,"expectedPrecincts":10,"share":0.2},
            {"time":"13:00","voters":2500,"registeredVoters":5000,"reportingPrecincts":10,"expectedPrecincts":10,"share":0.5},
            {"time":"18:30","voters":4000,"registeredVoters":5000,"reportingPrecincts":10,"expectedPrecincts":10,"share":0.8}],
            "final":{"time":"20:00","voters":4500,"registeredVoters":5000,"reportingPrecincts":10,"expectedPrecincts":10,"share":0.9}}
            """
        let turnout = try JSONDecoder().decode(TurnoutSummary.self, from: Data(turnoutJSON.utf8))
        let chart = TurnoutChart(turnout, language: language)
        let histogram = TurnoutShareHistogram(
            stations: [(0.9, 0.96), (0.92, 0.97), (0.55, 0.71), (1.0, 1.0)], leader: text("Nursultan Nazarbayev"), language: language)
        var counts = SubtreeCounts.zero
        counts.precincts = 115
        counts.registeredVoters = 183_422
        counts.specialPrecincts = 14
        var region = CommissionRow(
            CommissionSummary(
                id: "tec-ast", level: "regional", name: LocalizedText(text("Astana territorial election commission")), counts: counts),
            language: language, profile: nil)
        region.turnout = language.percent(0.902)
        region.leaderShare = language.percent(0.9522)
        var station = region
        station.number = "№112"
        station.kind = text("Ordinary")
        let status = StatusBlock(
            lastUpdate: language.dateTime(Date(timeIntervalSince1970: 1_301_860_800)),
            treeHead: .init(
                size: language.format(1_501), rootHash: String(repeating: "ab", count: 32),
                signedAt: language.dateTime(Date(timeIntervalSince1970: 1_301_860_800)), keyID: String(repeating: "cd", count: 32),
                href: SiteURL.api(.logTreeHead).path), noTreeHead: true)
        var home = HomePage.Model(
            page: chrome(Strings.siteTitle[language], .home(language)),
            elections: [
                .init(
                    name: text("Early presidential election, 3 April 2011"), day: "2011-04-03", profile: "kz-2011",
                    candidates: [.init(order: 1, name: text("Zhambyl Akhmetbekov"), nominator: text("Communist People's Party"))])
            ], top: region, regions: [region])
        home.otherElections = [
            .init(
                name: text("Presidential election, 4 December 2005"), day: "2005-12-04",
                href: SiteURL.commissionPage(language, commission: "cec-2005").path)
        ]
        home.hasOtherElections = true
        home.results = results
        home.turnoutChart = chart
        home.histogram = histogram
        home.status = status
        home.columns = SortColumn.commissionTable(
            current: ChildSort("-voters"), language: language, withSpecialStations: true, withResults: true,
            link: { .homeSorted(language, sort: $0) })
        let emptyHome = HomePage.Model(page: chrome(Strings.siteTitle[language], .home(language)), elections: [], top: nil, regions: [])
        let sort = ChildSort("-turnout")
        let columns = [
            SortColumn(.commission, key: .name, current: sort, language: language, commission: "tec-ast", numeric: false),
            SortColumn(.registeredVoters, key: .voters, current: sort, language: language, commission: "tec-ast", hideSmall: true),
            SortColumn(.turnout, key: .turnout, current: sort, language: language, commission: "tec-ast"),
        ]
        let breadcrumb = [
            CommissionPage.Model.Crumb(
                name: text("Central Election Commission"), href: SiteURL.commissionPage(language, commission: "cec").path)
        ]
        let facts = [CommissionPage.Model.Fact(label: Strings.precincts[language], value: text("115"))]
        let commission = CommissionPage.Model(
            page: chrome("Astana", .commissionPageSorted(language, commission: "tec-ast", sort: "-turnout")), name: text("Astana"),
            levelName: text("Regional territorial election commission"), breadcrumb: breadcrumb, facts: facts, children: [region, station],
            columns: columns, hasChildren: true, isPrecinct: false,
            apiHref: SiteURL.api(.results(election: "e", commission: "tec-ast")).path,
            results: results, turnoutChart: chart, histogram: histogram, protocolBlock: nil, awaitingProtocol: true,
            workLinks: CommissionPage.Model.workLinks(language, commission: "tec-ast"))
        let hash = String(repeating: "5b", count: 32)
        let protocolBlock = ProtocolBlock(
            lines: [.init(number: "1", label: text("Voters on the voter list"), value: language.format(2_100))],
            checks: [
                .init(
                    ruleID: "KZ-C1", expression: "ballots_received = ballots_issued + ballots_spoiled + ballots_unused",
                    values: "2 121 / 2 121",
                    article: text("Art. 43 §1"), message: text("Ballots received do not balance"), state: "holds",
                    stateText: Strings.checkHolds[language], failed: false),
                .init(
                    ruleID: "KZ-C2", expression: "ballots_issued <= voters_on_list", values: "2 110 / 2 100", article: text("Art. 41"),
                    message: text("More ballots issued than voters on the list"), state: "error",
                    stateText: Strings.checkFails[language],
                    failed: true),
            ],
            allPassed: true, outcome: Strings.of(ProtocolOutcome.quarantined)[language], outcomeClass: "quarantined", hash: hash,
            signature: "KWa3Xf8w5j4SCZz1oNmDsl7E+4TDdOVZEw==", publicKey: "ol6Tynnq40yjaUGDCn+X9IBh=", logIndex: language.format(1_312),
            leafHash: String(repeating: "75", count: 32),
            proofHref: SiteURL.api(.logInclusionAtHead(hash: String(repeating: "75", count: 32))).path,
            versions: [
                .init(
                    version: 3, reason: Strings.of(ProtocolVersionReason.courtDecision)[language],
                    outcome: Strings.of(ProtocolOutcome.accepted)[language],
                    submittedAt: language.dateTime(iso: "2011-04-05T10:00:00Z"), hash: hash, decisionReference: text("Case 2-11"),
                    logIndex: language.format(1_500), proofHref: nil, changes: [], hasChanges: false, isFirst: false, unchanged: true),
                .init(
                    version: 2, reason: Strings.of(ProtocolVersionReason.recount)[language],
                    outcome: Strings.of(ProtocolOutcome.accepted)[language],
                    submittedAt: language.dateTime(iso: "2011-04-04T02:00:00.000Z"), hash: hash, decisionReference: text("Decision No. 7"),
                    logIndex: language.format(1_400), proofHref: SiteURL.api(.logInclusionAtHead(hash: hash)).path,
                    changes: [
                        .init(label: text("3. Voters who received ballots"), from: language.format(2_110), to: language.format(2_090))
                    ],
                    hasChanges: true, isFirst: false, unchanged: false),
                .init(
                    version: 1, reason: Strings.of(ProtocolVersionReason.original)[language],
                    outcome: Strings.of(ProtocolOutcome.quarantined)[language],
                    submittedAt: language.dateTime(iso: "2011-04-03T21:00:00Z"), hash: hash, decisionReference: nil, logIndex: nil,
                    proofHref: nil,
                    changes: [], hasChanges: false, isFirst: true, unchanged: false),
            ])
        let precinct = CommissionPage.Model(
            page: chrome("No. 112", .commissionPage(language, commission: "pec-112")), name: text("Precinct election commission No. 112"),
            levelName: text("Precinct election commission"), breadcrumb: breadcrumb, facts: facts, children: [], columns: [],
            hasChildren: false, isPrecinct: true, apiHref: SiteURL.api(.protocolRecord(election: "e", precinct: "pec-112")).path,
            results: nil, turnoutChart: nil, histogram: nil, protocolBlock: protocolBlock, awaitingProtocol: false,
            workLinks: CommissionPage.Model.workLinks(language, commission: "pec-112"))
        let search = SearchPage.Model(
            page: chrome(Strings.search[language], .searchPage(language)), query: text("Astana"), searched: true,
            results: [
                .init(
                    name: "№112", href: SiteURL.commissionPage(language, commission: "pec-112").path, settlement: text("Astana"),
                    tabulatedBy: text("Esil district"), voters: language.format(2_100))
            ], empty: true, hasResults: true)
        func file(_ election: String, _ name: String, _ bytes: Int) -> OpenDataPage.Model.FileRow {
            .init(
                name: name, description: text("Regional territorial election commission"), format: "CSV",
                href: SiteURL.openDataFile(election: election, file: name).path, size: language.fileSize(bytes), sha256: hash)
        }
        let openData = OpenDataPage.Model(
            page: chrome(Strings.openData[language], .openDataPage(language)),
            elections: [
                .init(
                    id: "e2", name: text("Parliamentary election"), electionDay: language.date(CivilDate(year: 2012, month: 1, day: 15)!),
                    files: [file("e2", "results-regional.csv", 3_012)]),
                .init(
                    id: "e", name: text("Early presidential election"),
                    electionDay: language.date(CivilDate(year: 2011, month: 4, day: 3)!),
                    files: [file("e", "results-regional.csv", 2_745)]),
            ])
        return [
            Fixture(name: "home", template: "home", model: home),
            Fixture(name: "home-empty", template: "home", model: emptyHome),
            Fixture(name: "commission", template: "commission", model: commission),
            Fixture(name: "precinct", template: "commission", model: precinct),
            Fixture(name: "search", template: "search", model: search),
            Fixture(name: "open-data", template: "open-data", model: openData),
        ] + commissionWork(language, text: text) + voterLookup(language, text: text)
    }

    /// The lookup page in each of its answers: the station (with an absentee certificate), an
    /// invalid IIN, not on any list, lists not open yet, too many lookups.
    static func voterLookup(_ language: Language, text: (String) -> String) -> [Fixture] {
        let empty = VoterLookupPage.Model(
            page: PageChrome(language: language, title: text(Strings.voterLookup[language]), url: .voterLookupPage(language)),
            formHref: SiteURL.voterLookupPage(language).path, station: nil, notListed: false, invalid: nil, notOpen: nil,
            retrySeconds: nil)
        var station = empty
        station.station = .init(number: "№112", settlement: text("Astana"), address: text("School No. 12, Kenesary 40"), absentee: true)
        var invalid = empty
        invalid.invalid = Strings.rule(.wrongCheckDigit(expected: 3, found: 4), language)
        var notListed = empty
        notListed.notListed = true
        var closed = empty
        let opens = CivilDate(year: 2011, month: 3, day: 19)!
        closed.notOpen = .init(iso: opens.description, text: language.date(opens))
        var limited = empty
        limited.retrySeconds = language.format(5)
        return [
            Fixture(name: "voter-lookup", template: "voter-lookup", model: station),
            Fixture(name: "voter-lookup-invalid", template: "voter-lookup", model: invalid),
            Fixture(name: "voter-lookup-not-listed", template: "voter-lookup", model: notListed),
            Fixture(name: "voter-lookup-closed", template: "voter-lookup", model: closed),
            Fixture(name: "voter-lookup-limited", template: "voter-lookup", model: limited),
        ]
    }
}
