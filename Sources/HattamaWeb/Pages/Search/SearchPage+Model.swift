import Foundation
import HattamaCore
import HattamaStore

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
