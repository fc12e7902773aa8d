import Foundation
import HattamaCore
import HattamaStore

/// What every page's layout needs: language, title, interface strings and the language switch.
struct PageChrome {
    struct LanguageLink {
        var code: String
        var label: String
        var href: String
        var current: Bool
    }

    var lang: String
    var title: String
    var t: [String: String]
    var languages: [LanguageLink]
    var homeHref: String
    var searchHref: String
    var openDataHref: String
    var voterLookupHref: String
    var stylesheetHref = SiteURL.stylesheet(file: Stylesheet.fileName).path
    var openAPIHref = SiteURL.openAPI.path
    var apiHref = SiteURL.api(.elections).path
    var treeHeadHref = SiteURL.api(.logTreeHead).path

    init(language: Language, title: String, url: SiteURL) {
        lang = language.rawValue
        self.title = title
        t = Strings.table(language)
        languages = Language.allCases.map {
            LanguageLink(code: $0.rawValue, label: $0.endonym, href: url.inLanguage($0).path, current: $0 == language)
        }
        homeHref = SiteURL.home(language).path
        searchHref = SiteURL.searchPage(language).path
        openDataHref = SiteURL.openDataPage(language).path
        voterLookupHref = SiteURL.voterLookupPage(language).path
    }
}

struct CommissionRow {
    var id: String
    var name: String
    var href: String
    var level: String
    var precincts: String
    var registeredVoters: String
    var specialPrecincts: String
    var number: String?
    var kind: String?
    // Optional: swift-mustache renders a section for an empty string too.
    var turnout: String?
    var leaderShare: String?
    // Raw values for sorting the table (-1 while there is no figure).
    var voterCount = 0
    var precinctCount = 0
    var specialCount = 0
    var turnoutValue = -1.0
    var leaderValue = -1.0

    init(_ summary: CommissionSummary, language: Language, profile: LawProfile?) {
        id = summary.id
        name = summary.name[language]
        href = SiteURL.commissionPage(language, commission: summary.id).path
        level = profile?.level(summary.level)?.abbreviations[language] ?? summary.level
        precincts = language.format(summary.counts.precincts)
        registeredVoters = language.format(summary.counts.registeredVoters)
        specialPrecincts = language.format(summary.counts.specialPrecincts)
        number = summary.precinctNumber.map { "№\($0)" }
        kind = summary.precinctKind.map { kindName($0, language: language, profile: profile) }
        voterCount = summary.counts.registeredVoters
        precinctCount = summary.counts.precincts
        specialCount = summary.counts.specialPrecincts
    }
}

/// The columns a commission's child table can be sorted by: `?sort=turnout` ascending,
/// `?sort=-turnout` descending; no parameter keeps the structure's order.
struct ChildSort: Equatable {
    enum Key: String, CaseIterable {
        case name, precincts, voters, special, turnout, leader
    }
    var key: Key
    var descending: Bool

    init?(_ text: String?) {
        guard var text, !text.isEmpty else { return nil }
        descending = text.hasPrefix("-")
        if descending { text.removeFirst() }
        guard let key = Key(rawValue: text) else { return nil }
        self.key = key
    }

    init(key: Key, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    var parameter: String { (descending ? "-" : "") + key.rawValue }

    /// Stable: equal values keep the structure's order.
    func apply(_ rows: [CommissionRow]) -> [CommissionRow] {
        let indexed = rows.enumerated().map { ($0.offset, $0.element) }
        func less(_ a: CommissionRow, _ b: CommissionRow) -> Bool? {
            switch key {
            case .name:
                let (x, y) = (a.name.lowercased(), b.name.lowercased())
                return x == y ? nil : x < y
            case .precincts: return a.precinctCount == b.precinctCount ? nil : a.precinctCount < b.precinctCount
            case .voters: return a.voterCount == b.voterCount ? nil : a.voterCount < b.voterCount
            case .special: return a.specialCount == b.specialCount ? nil : a.specialCount < b.specialCount
            case .turnout: return a.turnoutValue == b.turnoutValue ? nil : a.turnoutValue < b.turnoutValue
            case .leader: return a.leaderValue == b.leaderValue ? nil : a.leaderValue < b.leaderValue
            }
        }
        return indexed.sorted { a, b in
            guard let result = less(a.1, b.1) else { return a.0 < b.0 }
            return descending ? !result : result
        }.map(\.1)
    }
}

/// A sortable column heading: a link that sorts by it (ascending first, then toggling).
struct SortColumn {
    var label: String
    var href: String
    var numeric: Bool
    var hideSmall: Bool
    /// `ascending`/`descending` on the sorted column (for `aria-sort`), nil on the others.
    var ariaSort: String?
    var arrow: String?

    /// A heading of a commission page's child table.
    init(
        _ label: Strings, key: ChildSort.Key, current: ChildSort?, language: Language, commission: String, numeric: Bool = true,
        hideSmall: Bool = false
    ) {
        self.init(
            label, key: key, current: current, language: language, numeric: numeric, hideSmall: hideSmall,
            link: { .commissionPageSorted(language, commission: commission, sort: $0) })
    }

    /// A heading whose link is the page sorted by `link(parameter)`.
    init(
        _ label: Strings, key: ChildSort.Key, current: ChildSort?, language: Language, numeric: Bool = true, hideSmall: Bool = false,
        link: (String) -> SiteURL
    ) {
        self.label = label[language]
        let active = current?.key == key
        let next = ChildSort(key: key, descending: active ? !(current?.descending ?? true) : numeric)
        href = link(next.parameter).path
        self.numeric = numeric
        self.hideSmall = hideSmall
        ariaSort = active ? (current?.descending == true ? "descending" : "ascending") : nil
        arrow = active ? (current?.descending == true ? "▼" : "▲") : nil
    }
}

extension SortColumn {
    /// The headings of a table of commissions (the home page's regions, a commission's children):
    /// name, stations, voters, optionally special stations (then voters stay on small screens and
    /// special stations give way), and turnout and leader once results are in.
    static func commissionTable(
        current: ChildSort?, language: Language, withSpecialStations: Bool, withResults: Bool, link: (String) -> SiteURL
    ) -> [SortColumn] {
        var columns = [
            SortColumn(.commission, key: .name, current: current, language: language, numeric: false, link: link),
            SortColumn(.precincts, key: .precincts, current: current, language: language, link: link),
            SortColumn(.registeredVoters, key: .voters, current: current, language: language, hideSmall: !withSpecialStations, link: link),
        ]
        if withSpecialStations {
            columns.append(SortColumn(.specialPrecincts, key: .special, current: current, language: language, hideSmall: true, link: link))
        }
        if withResults {
            columns.append(SortColumn(.turnout, key: .turnout, current: current, language: language, link: link))
            columns.append(SortColumn(.leader, key: .leader, current: current, language: language, link: link))
        }
        return columns
    }
}

/// Freshness and provenance shown on the home page: the newest log entry's time and the newest
/// signed tree head.
struct StatusBlock {
    struct TreeHeadItem {
        var size: String
        var rootHash: String
        var signedAt: String
        var keyID: String
        var href: String
    }
    var lastUpdate: String?
    var treeHead: TreeHeadItem?
    var noTreeHead: Bool
}

func kindName(_ kind: String, language: Language, profile: LawProfile?) -> String {
    if let special = profile?.specialStationKinds.first(where: { $0.id == kind }) { return special.names[language] }
    return Strings.ordinaryStation[language]
}

enum HomePage {
    struct Model {
        struct ElectionItem {
            struct CandidateItem {
                var order: Int
                var name: String
                var nominator: String
            }
            var name: String
            var day: String
            var profile: String
            var candidates: [CandidateItem]
        }

        /// An earlier election in the database, reached through its top commission's page.
        struct OtherElection {
            var name: String
            var day: String
            var href: String
        }

        var page: PageChrome
        /// The election the page is about (the latest), or none.
        var elections: [ElectionItem]
        var otherElections: [OtherElection] = []
        var hasOtherElections = false
        var top: CommissionRow?
        var regions: [CommissionRow]
        /// Sortable headings of the regions table.
        var columns: [SortColumn] = []
        var results: ResultsBlock?
        var turnoutChart: TurnoutChart?
        var histogram: TurnoutShareHistogram?
        var status: StatusBlock?
        var apiHref = SiteURL.api(.elections).path
        // Mustache sees stored properties only (it reflects with Mirror).
        var hasRegions: Bool

        init(page: PageChrome, elections: [ElectionItem], top: CommissionRow?, regions: [CommissionRow]) {
            self.page = page
            self.elections = elections
            self.top = top
            self.regions = regions
            self.hasRegions = !regions.isEmpty
        }
    }
}

enum CommissionPage {
    struct Model {
        struct Crumb {
            var name: String
            var href: String
        }
        struct Fact {
            var label: String
            var value: String
        }

        var page: PageChrome
        var name: String
        var levelName: String
        var breadcrumb: [Crumb]
        var facts: [Fact]
        var children: [CommissionRow]
        var columns: [SortColumn]
        var hasChildren: Bool
        var isPrecinct: Bool
        var apiHref: String
        var results: ResultsBlock?
        var turnoutChart: TurnoutChart?
        var histogram: TurnoutShareHistogram?
        var protocolBlock: ProtocolBlock?
        var awaitingProtocol: Bool
        /// Composition, sessions, decisions and complaints of this commission.
        var workLinks: [WorkLink] = []

        struct WorkLink {
            var label: String
            var href: String
        }

        static func workLinks(_ language: Language, commission: String) -> [WorkLink] {
            CommissionWorkPart.allCases.map {
                WorkLink(
                    label: $0.title[language],
                    href: SiteURL.commissionWorkPage(language, commission: commission, part: $0.rawValue).path)
            }
        }
    }
}

enum OpenDataPage {
    struct Model {
        struct FileRow {
            var name: String
            var description: String
            var format: String
            var href: String
            var size: String
            var sha256: String
        }
        /// One election's files; the page lists every election, the newest first.
        struct ElectionFiles {
            var id: String
            var name: String
            var electionDay: String
            var files: [FileRow]
        }
        var page: PageChrome
        var elections: [ElectionFiles]
    }
}

enum SearchPage {
    struct Model {
        struct Result {
            var name: String
            var href: String
            var settlement: String
            var tabulatedBy: String
            var voters: String
        }
        var page: PageChrome
        var query: String
        var searched: Bool
        var results: [Result]
        var empty: Bool
        var hasResults: Bool
    }
}

/// National or commission results for a page: candidate bars, turnout, progress, outcome risk.
struct ResultsBlock {
    struct CandidateRow {
        var name: String
        var votes: String
        var share: String
        var width: String
    }

    var candidates: [CandidateRow]
    var turnout: String
    var expected: String
    var received: String
    var accepted: String
    var quarantined: String
    var receivedPercent: String
    var acceptedPercent: String
    var atRisk: Bool
    var riskText: String
    var hasQuarantined: Bool
}

extension ResultsBlock {
    init(_ view: ResultsView, language: Language) {
        let names = Dictionary(uniqueKeysWithValues: view.candidates.map { ($0.id, $0.name[language]) })
        let summary = view.summary
        candidates = summary.candidates.sorted { $0.votes > $1.votes }.map {
            CandidateRow(
                name: names[$0.candidateID] ?? $0.candidateID, votes: language.format($0.votes), share: language.percent($0.share),
                width: String(format: "%.2f", ($0.share ?? 0) * 100))
        }
        turnout = language.percent(summary.turnout)
        let progress = summary.progress
        expected = language.format(progress.expected)
        received = language.format(progress.received)
        accepted = language.format(progress.accepted)
        quarantined = language.format(progress.quarantined)
        hasQuarantined = progress.quarantined > 0
        receivedPercent = String(format: "%.2f", progress.expected > 0 ? Double(progress.received) * 100 / Double(progress.expected) : 0)
        acceptedPercent = String(format: "%.2f", progress.expected > 0 ? Double(progress.accepted) * 100 / Double(progress.expected) : 0)
        atRisk = view.outcomeRisk.atRisk
        riskText = (view.outcomeRisk.atRisk ? Strings.outcomeAtRisk : Strings.outcomeSettled)[language]
    }
}

/// A precinct's protocol as published: every line, every control check explained, the hash,
/// signature and place in the transparency log, and the history of versions with what changed.
struct ProtocolBlock {
    struct Line {
        var number: String
        var label: String
        var value: String
    }
    struct Check {
        var ruleID: String
        var expression: String
        var values: String
        var article: String
        var message: String
        /// `holds`, `error` or `warning` (a CSS class).
        var state: String
        var stateText: String
        var failed: Bool
    }
    struct Change {
        var label: String
        var from: String
        var to: String
    }
    struct VersionRow {
        var version: Int
        var reason: String
        var outcome: String
        var submittedAt: String
        var hash: String
        var decisionReference: String?
        var logIndex: String?
        var proofHref: String?
        var changes: [Change]
        var hasChanges: Bool
        var isFirst: Bool
        var unchanged: Bool
    }

    var lines: [Line]
    var checks: [Check]
    var allPassed: Bool
    var outcome: String
    var outcomeClass: String
    var hash: String
    var signature: String
    var publicKey: String
    var logIndex: String?
    var leafHash: String?
    var proofHref: String?
    var versions: [VersionRow]
}

extension ProtocolBlock {
    /// `leafHashes`: leaf hash (hex) by log index, for the versions that are in the log.
    init(_ record: ProtocolRecord, profile: LawProfile, candidates: [Candidate], leafHashes: [Int: String], language: Language) {
        let shown = record.counted ?? record.latest
        let ordered = candidates.sorted { $0.ballotOrder < $1.ballotOrder }
        // Every line with its label, candidates after the profile's lines.
        var labelled: [(number: String, label: String, value: (ResultsProtocol) -> Int)] = profile.protocolForm.lines.map { line in
            (line.number, line.labels[language], { $0.lines[line.id] ?? 0 })
        }
        let first = profile.protocolForm.candidateLines.firstNumber
        for (i, candidate) in ordered.enumerated() {
            labelled.append(
                (
                    first.map { String($0 + i) } ?? "",
                    "\(profile.protocolForm.candidateLines.labels[language]): \(candidate.name[language])",
                    { $0.candidateVotes[candidate.id] ?? 0 }
                ))
        }
        lines = labelled.map { Line(number: $0.number, label: $0.label, value: language.format($0.value(shown.figures))) }
        // Every control of the profile on the latest version (the one whose outcome is shown).
        let results = (try? CompiledProfile(profile).check(record.latest.figures)) ?? record.latest.failures
        checks = results.map {
            let state = $0.passed ? "holds" : $0.severity.rawValue
            let stateText: Strings = $0.passed ? .checkHolds : ($0.severity == .error ? .checkFails : .checkWarns)
            return Check(
                ruleID: $0.ruleID, expression: $0.expression,
                values: "\(language.format($0.left)) / \(language.format($0.right))"
                    + ($0.tolerance > 0 ? " (±\(language.format($0.tolerance)))" : ""),
                article: $0.article, message: $0.messages[language], state: state, stateText: stateText[language],
                failed: !$0.passed)
        }
        allPassed = record.latest.failures.isEmpty
        outcome = Strings.of(record.latest.outcome)[language]
        outcomeClass = record.latest.outcome.rawValue
        hash = shown.hash
        signature = shown.signature
        publicKey = record.publicKey ?? ""
        logIndex = shown.logIndex.map { language.format($0) }
        leafHash = shown.logIndex.flatMap { leafHashes[$0] }
        proofHref = leafHash.map { SiteURL.api(.logInclusionAtHead(hash: $0)).path }
        var rows: [VersionRow] = []
        var previous: ProtocolVersion?
        for version in record.history {
            let changes =
                previous.map { before in
                    labelled.compactMap { line -> Change? in
                        let (old, new) = (line.value(before.figures), line.value(version.figures))
                        guard old != new else { return nil }
                        return Change(
                            label: line.number.isEmpty ? line.label : "\(line.number). \(line.label)", from: language.format(old),
                            to: language.format(new))
                    }
                } ?? []
            let leaf = version.logIndex.flatMap { leafHashes[$0] }
            rows.append(
                VersionRow(
                    version: version.version, reason: Strings.of(version.reason)[language],
                    outcome: Strings.of(version.outcome)[language], submittedAt: language.dateTime(iso: version.submittedAt),
                    hash: version.hash, decisionReference: version.decisionReference,
                    logIndex: version.logIndex.map { language.format($0) },
                    proofHref: leaf.map { SiteURL.api(.logInclusionAtHead(hash: $0)).path }, changes: changes, hasChanges: !changes.isEmpty,
                    isFirst: previous == nil,
                    unchanged: previous != nil && changes.isEmpty))
            previous = version
        }
        versions = rows.reversed()
    }
}
