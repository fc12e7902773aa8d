import Foundation
import HattamaCore
import HattamaStore

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
