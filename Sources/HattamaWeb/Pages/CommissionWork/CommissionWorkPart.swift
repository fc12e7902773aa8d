import Foundation
import HattamaCore
import HattamaStore

/// The four pages of a commission at work, at `/{lang}/commissions/{id}/{part}`.
enum CommissionWorkPart: String, CaseIterable {
    case composition, sessions, decisions, complaints

    var title: Strings {
        switch self {
        case .composition: .compositionPage
        case .sessions: .sessionsPage
        case .decisions: .decisionsPage
        case .complaints: .complaintsPage
        }
    }
}

/// What every commission-at-work page shows above its content: the commission and the four tabs.
struct WorkHeader {
    struct Tab {
        var label: String
        var href: String
        var current: Bool
    }
    var name: String
    var commissionHref: String
    var tabs: [Tab]
    var apiHref: String
    var nationalHref: String

    init(name: String, commission: String, part: CommissionWorkPart, language: Language, apiHref: String) {
        self.name = name
        nationalHref = SiteURL.nationalCompositionPage(language).path
        commissionHref = SiteURL.commissionPage(language, commission: commission).path
        tabs = CommissionWorkPart.allCases.map {
            Tab(
                label: $0.title[language], href: SiteURL.commissionWorkPage(language, commission: commission, part: $0.rawValue).path,
                current: $0 == part)
        }
        self.apiHref = apiHref
    }
}

/// A logged act's index and a link to its entry.
struct LogLink {
    var index: String
    var href: String

    init?(_ index: Int?, language: Language) {
        guard let index else { return nil }
        self.index = language.format(index)
        href = SiteURL.api(.logEntries(start: index, end: index + 1)).path
    }
}
