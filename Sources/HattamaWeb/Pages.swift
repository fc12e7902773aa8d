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

    init(language: Language, title: String, url: SiteURL) {
        lang = language.rawValue
        self.title = title
        t = Dictionary(uniqueKeysWithValues: UIText.allCases.map { ($0.rawValue, $0.text[language]) })
        languages = Language.allCases.map {
            LanguageLink(code: $0.rawValue, label: $0.endonym, href: url.inLanguage($0).path, current: $0 == language)
        }
        homeHref = SiteURL.home(language).path
        searchHref = SiteURL.searchPage(language).path
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
    var turnout = ""
    var leaderShare = ""

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
    }
}

func kindName(_ kind: String, language: Language, profile: LawProfile?) -> String {
    if let special = profile?.specialStationKinds.first(where: { $0.id == kind }) { return special.names[language] }
    return LocalizedText(kk: "Қарапайым", ru: "Обычный", en: "Ordinary")[language]
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

        var page: PageChrome
        var elections: [ElectionItem]
        var top: CommissionRow?
        var regions: [CommissionRow]
        var results: ResultsBlock?
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
        var hasChildren: Bool
        var isPrecinct: Bool
        var apiHref: String
        var results: ResultsBlock?
        var protocolBlock: ProtocolBlock?
        var awaitingProtocol: Bool
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
        riskText = (view.outcomeRisk.atRisk ? UIText.outcomeAtRisk : UIText.outcomeSettled).text[language]
    }
}

/// A precinct's protocol as published: every line, the checks, the hash and the history.
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
        var severity: String
    }
    struct VersionRow {
        var version: Int
        var reason: String
        var outcome: String
        var submittedAt: String
        var hash: String
    }

    var lines: [Line]
    var checks: [Check]
    var allPassed: Bool
    var outcome: String
    var hash: String
    var signature: String
    var publicKey: String
    var versions: [VersionRow]

    init(_ record: ProtocolRecord, profile: LawProfile, candidates: [Candidate], language: Language) {
        let shown = record.counted ?? record.latest
        var lines = profile.protocolForm.lines.map {
            Line(number: $0.number, label: $0.labels[language], value: language.format(shown.figures.lines[$0.id] ?? 0))
        }
        let first = profile.protocolForm.candidateLines.firstNumber
        for (i, candidate) in candidates.sorted(by: { $0.ballotOrder < $1.ballotOrder }).enumerated() {
            lines.append(
                Line(
                    number: first.map { String($0 + i) } ?? "",
                    label: "\(profile.protocolForm.candidateLines.labels[language]): \(candidate.name[language])",
                    value: language.format(shown.figures.candidateVotes[candidate.id] ?? 0)))
        }
        self.lines = lines
        checks = record.latest.failures.map {
            Check(
                ruleID: $0.ruleID, expression: $0.expression,
                values: "\($0.left) / \($0.right)" + ($0.tolerance > 0 ? " (±\($0.tolerance))" : ""),
                article: $0.article, message: $0.messages[language], severity: $0.severity.rawValue)
        }
        allPassed = checks.isEmpty
        outcome = record.latest.outcome.rawValue
        hash = shown.hash
        signature = shown.signature
        publicKey = record.publicKey ?? ""
        versions = record.history.reversed().map {
            VersionRow(
                version: $0.version, reason: $0.reason.rawValue, outcome: $0.outcome.rawValue, submittedAt: $0.submittedAt, hash: $0.hash)
        }
    }
}
