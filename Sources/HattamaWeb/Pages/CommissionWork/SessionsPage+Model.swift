import Foundation
import HattamaCore
import HattamaStore

enum SessionsPage {
    struct Model {
        struct SessionRow {
            var id: String
            var opensAt: String
            var notice: String
            var agenda: [AgendaRow]
            var present: String
            var quorum: String
            var quorumMet: Bool
            var quorumNotMet: Bool
            var log: LogLink?
        }
        struct AgendaRow {
            var number: String
            var title: String
        }
        var page: PageChrome
        var header: WorkHeader
        var sessions: [SessionRow]
        var empty: Bool
    }
}
