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
