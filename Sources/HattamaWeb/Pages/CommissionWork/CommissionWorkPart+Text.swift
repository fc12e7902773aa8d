import Foundation
import HattamaCore
import HattamaStore

/// How the commission-at-work pages name nominators and members.
extension CommissionWorkPart {
    static func nominator(_ nomination: Nomination, parties: [String: String]) -> String {
        nomination.kind == .party ? parties[nomination.id] ?? nomination.id : nomination.id
    }

    static func memberRow(_ member: CommissionMember, parties: [String: String], language: Language) -> CompositionPage.Model.MemberRow {
        .init(
            name: member.name[language], position: Strings.of(member.position)[language],
            nomination: nominator(member.nomination, parties: parties), appointedBy: member.appointedBy.id,
            decision: member.appointingDecision,
            term: "\(member.termStart) – \(member.termEnd)", interim: member.interim)
    }

    static func names(_ members: [StoredMember], language: Language) -> [String: String] {
        Dictionary(members.map { ($0.member.id, $0.member.name[language]) }) { first, _ in first }
    }

}
