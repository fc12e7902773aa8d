import Foundation
import HattamaCore
import HattamaStore

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
