import Foundation
import HattamaCore
import HattamaStore

enum DecisionsPage {
    struct Model {
        struct ProvisionRow {
            var number: String
            var kk: String
            var ru: String
            var en: String
        }
        struct VoteRow {
            var member: String
            var choice: String
        }
        struct DissentRow {
            var member: String
            var language: String
            var text: String
        }
        struct DecisionRow {
            var number: String
            var published: String
            var session: String
            var complaint: String?
            var provisions: [ProvisionRow]
            var votes: [VoteRow]
            var tally: String
            var dissents: [DissentRow]
            var hasDissents: Bool
            var agree: Bool
            /// Why the language versions differ (never for a decision the store published).
            var mismatch: String?
            var log: LogLink?
        }
        var page: PageChrome
        var header: WorkHeader
        var decisions: [DecisionRow]
        var empty: Bool
    }
}
