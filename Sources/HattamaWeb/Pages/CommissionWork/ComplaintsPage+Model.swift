import Foundation
import HattamaCore
import HattamaStore

enum ComplaintsPage {
    struct Model {
        struct FilterLink {
            var label: String
            var href: String
            var current: Bool
        }
        struct StatRow {
            var commission: String
            var received: String
            var collegial: String
            var pending: String
            var overdue: String
            var upheld: String
            var partlyUpheld: String
            var rejected: String
        }
        struct ComplaintRow {
            var number: String
            var complainant: String
            var subject: String
            var summary: String
            var venue: String
            var received: String
            var deadline: String
            var state: String
            var overdue: Bool
            var outcome: String?
            var log: LogLink?
        }
        var page: PageChrome
        var header: WorkHeader
        var filters: [FilterLink]
        var statistics: [StatRow]
        var complaints: [ComplaintRow]
        var empty: Bool
    }
}
