import HattamaCore
import Testing

/// A small commission tree of the 2011 election under the Kazakh profile, with members, for the
/// member, decision and complaint tests: the CEC, the Astana city commission (regional level),
/// the Esil district commission of Astana and two of its precinct commissions.
enum CommissionFixture {
    static let profile = try! LawProfile.bundled("kz-2011")
    static let electionDay = day("2011-04-03")
    static let termStart = day("2010-01-15")
    static let termEnd = day("2014-12-31")

    static let commissions: [Commission] = [
        Commission(id: "cec", level: "cec", parentID: nil, name: LocalizedText("CEC")),
        Commission(id: "astana", level: "regional", parentID: "cec", name: LocalizedText("Astana city TEC")),
        Commission(id: "astana-esil", level: "district", parentID: "astana", name: LocalizedText("Esil district TEC")),
        Commission(id: "pec-1", level: "precinct", parentID: "astana-esil", name: LocalizedText("PEC 1")),
        Commission(id: "pec-2", level: "precinct", parentID: "astana-esil", name: LocalizedText("PEC 2")),
    ]

    static func commission(_ id: String) -> Commission { commissions.first { $0.id == id }! }

    static func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }
    static func time(_ text: String) -> CivilDateTime { CivilDateTime(parsing: text)! }

    /// Body kind that forms a commission of `commissionID`'s level under the profile (for a
    /// commission outside the fixture tree, a precinct commission's).
    static func formingBody(of commissionID: String) -> AppointingBody {
        let level = commissions.first { $0.id == commissionID }.flatMap { profile.level($0.level) } ?? profile.precinctLevel
        return AppointingBody(kind: level.formedBy, id: "\(commissionID)-\(level.formedBy)")
    }

    static func member(
        _ id: String, of commissionID: String, position: MemberPosition = .member, nomination: Nomination = .party("nur-otan"),
        votingRight: VotingRight = .deciding, by body: AppointingBody? = nil, from start: CivilDate = termStart,
        until end: CivilDate = termEnd
    ) -> CommissionMember {
        CommissionMember(
            id: id, commissionID: commissionID, name: LocalizedText("Member \(id)"), position: position, votingRight: votingRight,
            nomination: nomination, appointedBy: body ?? formingBody(of: commissionID), appointingDecision: "decision 1/1 on \(start)",
            termStart: start, termEnd: end)
    }

    /// A roll with `seated` voting members "<commission>-m1"…: m1 chair, m2 deputy, m3 secretary.
    static func roll(_ commissionID: String, seated: Int = 7, rules: MembershipRules = MembershipRules()) throws -> CommissionRoll {
        var roll = try CommissionRoll(commission: commission(commissionID), profile: profile, rules: rules)
        let positions: [MemberPosition] = [.chair, .deputyChair, .secretary]
        for i in 1...max(1, seated) where i <= seated {
            try roll.appoint(member("\(commissionID)-m\(i)", of: commissionID, position: i <= 3 ? positions[i - 1] : .member))
        }
        return roll
    }

    static func memberIDs(_ commissionID: String, _ numbers: ClosedRange<Int>) -> [String] {
        numbers.map { "\(commissionID)-m\($0)" }
    }

    static let agendaTitle = LocalizedText(kk: "Шағымды қарау", ru: "О рассмотрении жалобы", en: "Hearing a complaint")

    static func session(
        _ id: String = "s1", of commissionID: String, opensAt: String = "2011-03-20T10:00", present: [String], agenda: [AgendaItem]? = nil,
        convenedBy: SessionConvener? = nil
    ) -> Session {
        let opening = time(opensAt)
        return Session(
            id: id, commissionID: commissionID, opensAt: opening, noticePublishedAt: CivilDateTime(startOf: opening.date.adding(days: -1)),
            agenda: agenda ?? [AgendaItem(number: 1, title: agendaTitle)], present: present,
            convenedBy: convenedBy ?? .chair(memberID: "\(commissionID)-m1"))
    }

    static let texts = DecisionTexts(
        kk: [Provision("1", "Шағым қанағаттандырылсын."), Provision("2", "Шешім жариялансын.")],
        ru: [Provision("1", "Жалобу удовлетворить."), Provision("2", "Решение опубликовать.")])

    static func decision(
        _ id: String = "d1", of commissionID: String, session: String = "s1", agendaItem: Int = 1, complaintID: String? = nil,
        votes: [RecordedVote], dissents: [DissentingOpinion] = [], texts: DecisionTexts = texts
    ) -> Decision {
        Decision(
            id: id, commissionID: commissionID, sessionID: session, number: "\(id)/2011", agendaItem: agendaItem, complaintID: complaintID,
            texts: texts, votes: votes, dissents: dissents)
    }

    static func votes(_ ids: [String], _ choice: VoteChoice) -> [RecordedVote] { ids.map { RecordedVote($0, choice) } }
}
