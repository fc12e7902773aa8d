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
    var name: String
    var href: String
    var level: String
    var precincts: String
    var registeredVoters: String
    var specialPrecincts: String
    var number: String?
    var kind: String?

    init(_ summary: CommissionSummary, language: Language, profile: LawProfile?) {
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
