import Foundation
import HattamaCore
import HattamaStore

extension SessionsPage {
    static func model(_ sessions: [StoredSession], members: [StoredMember], page: PageChrome, header: WorkHeader, language: Language)
        -> SessionsPage.Model
    {
        SessionsPage.Model(
            page: page, header: header,
            sessions: sessions.map { stored in
                let quorum = stored.quorum
                return .init(
                    id: stored.session.id, opensAt: stored.session.opensAt.description,
                    notice: stored.session.noticePublishedAt.description,
                    agenda: stored.session.agenda.map { .init(number: String($0.number), title: $0.title[language]) },
                    present: quorum.map { "\(language.format($0.present)) / \(language.format($0.statutoryMembers))" } ?? "—",
                    quorum: quorum.map { language.format($0.required) } ?? "—", quorumMet: quorum?.met == true,
                    quorumNotMet: quorum?.met != true,
                    log: LogLink(stored.logIndex, language: language))
            }, empty: sessions.isEmpty)
    }
}
