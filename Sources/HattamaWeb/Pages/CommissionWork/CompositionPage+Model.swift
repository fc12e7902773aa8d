import Foundation
import HattamaCore
import HattamaStore

enum CompositionPage {
    struct Model {
        struct MemberRow {
            var name: String
            var position: String
            var nomination: String
            var appointedBy: String
            var decision: String
            var term: String
            var interim: Bool
        }
        struct ShareRow {
            var nominator: String
            var members: String
            var share: String
            var width: String
        }
        struct HistoryRow {
            var date: String
            var act: String
            var summary: String
            var log: LogLink?
        }
        struct RefusalRow {
            var date: String
            var party: String
            var person: String
            var reason: String
            var log: LogLink?
        }
        var page: PageChrome
        var header: WorkHeader
        var date: String
        var statutory: String
        var seated: String
        var vacancies: String
        /// The party holding the majority, if one does.
        var majorityParty: String?
        var noMajority: Bool
        var members: [MemberRow]
        var representatives: [MemberRow]
        var hasRepresentatives: Bool
        var shares: [ShareRow]
        var history: [HistoryRow]
        var refusals: [RefusalRow]
        var hasRefusals: Bool
    }
}
