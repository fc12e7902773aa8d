import Foundation
import HattamaCore
import HattamaStore

enum NationalCompositionPage {
    struct Model {
        struct GroupRow {
            var name: String
            var commissions: String
            var seated: String
            var majority: String
            var largest: String
        }
        var page: PageChrome
        var date: String
        var commissions: String
        var seated: String
        var majority: String
        var shares: [CompositionPage.Model.ShareRow]
        var levels: [GroupRow]
        var regions: [GroupRow]
        var apiHref: String
    }
}
