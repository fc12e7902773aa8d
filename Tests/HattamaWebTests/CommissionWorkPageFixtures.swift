import Foundation
import HattamaCore

@testable import HattamaWeb

extension PageFixtures {
    /// The commission-at-work pages, every section reached (both quorum states, agreeing and
    /// differing texts, empty-state notes shown next to rows).
    static func commissionWork(_ language: Language, text: (String) -> String) -> [Fixture] {
        func header(_ part: CommissionWorkPart) -> WorkHeader {
            WorkHeader(
                name: text("Precinct election commission No. 112"), commission: "pec-112", part: part, language: language,
                apiHref: SiteURL.api(.commissionWork(election: "e", commission: "pec-112", part: part.rawValue)).path)
        }
        func chrome(_ part: CommissionWorkPart) -> PageChrome {
            PageChrome(
                language: language, title: text("No. 112 · \(part.rawValue)"),
                url: .commissionWorkPage(language, commission: "pec-112", part: part.rawValue))
        }
        let log = LogLink(1_312, language: language)
        let member = CompositionPage.Model.MemberRow(
            name: text("Aigul Serikbayeva"), position: Strings.of(MemberPosition.chair)[language], nomination: text("Nur Otan"),
            appointedBy: text("Esil district maslikhat"), decision: text("Decision No. 31/4 of 10.02.2011"),
            term: "2011-02-10 – 2015-12-31",
            interim: true)
        let composition = CompositionPage.Model(
            page: chrome(.composition), header: header(.composition), date: "2011-04-03", statutory: language.format(7),
            seated: language.format(6), vacancies: language.format(1), majorityParty: text("Nur Otan"), noMajority: true, members: [member],
            representatives: [member], hasRepresentatives: true,
            shares: [.init(nominator: text("Nur Otan"), members: language.format(5), share: language.percent(5.0 / 6), width: "83.33")],
            history: [
                .init(
                    date: "2011-03-01", act: Strings.of(CommissionAct.Kind.memberLeft)[language],
                    summary: text("Member left (unavailable)"), log: log)
            ],
            refusals: [
                .init(
                    date: "2011-03-02", party: text("OSDP"), person: text("Refused person"), reason: text("prosecutor's opinion"), log: log)
            ], hasRefusals: true)
        let sessions = SessionsPage.Model(
            page: chrome(.sessions), header: header(.sessions),
            sessions: [
                .init(
                    id: "s1", opensAt: "2011-03-20T10:00", notice: "2011-03-19T09:00",
                    agenda: [.init(number: "1", title: text("Hearing complaint No. 6"))], present: "6 / 7", quorum: language.format(5),
                    quorumMet: true, quorumNotMet: false, log: log),
                .init(
                    id: "s2", opensAt: "2011-03-21T10:00", notice: "2011-03-20T09:00", agenda: [.init(number: "1", title: text("Other"))],
                    present: "4 / 7", quorum: language.format(5), quorumMet: false, quorumNotMet: true, log: nil),
            ], empty: true)
        let russianLacksProvision2 = DecisionTexts(kk: [Provision("1", "a"), Provision("2", "b")], ru: [Provision("1", "a")]).problems()[0]
        let decisions = DecisionsPage.Model(
            page: chrome(.decisions), header: header(.decisions),
            decisions: [
                .init(
                    number: "12/45", published: "2011-03-20T12:00", session: "s1", complaint: "c1",
                    provisions: [.init(number: "1", kk: text("Шағым қанағаттандырылсын."), ru: text("Жалобу удовлетворить."), en: "—")],
                    votes: [.init(member: text("Aigul Serikbayeva"), choice: Strings.of(VoteChoice.inFavour)[language])],
                    tally: text("5 for, 1 against (4 / 7)"),
                    dissents: [.init(member: text("Opposition member"), language: "ru", text: text("Не согласен"))], hasDissents: true,
                    agree: true, mismatch: text(Strings.problem(russianLacksProvision2, language)), log: log)
            ], empty: true)
        let complaints = ComplaintsPage.Model(
            page: chrome(.complaints), header: header(.complaints),
            filters: [.init(label: Strings.all[language], href: "/x", current: true)],
            statistics: [
                .init(
                    commission: "tec-ast-1", received: "3", collegial: "1", pending: "2", overdue: "1", upheld: "0", partlyUpheld: "0",
                    rejected: "1")
            ],
            complaints: [
                .init(
                    number: "tec-ast-1/2011/0001", complainant: "\(text("OSDP")) (\(Strings.of(ComplainantKind.party)[language]))",
                    subject: text("pec-112: observer removed"), summary: text("Removed from the count"),
                    venue: Strings.venue(.commission("tec-ast-1"), language), received: "2011-03-18T09:00",
                    deadline: "2011-03-23 (\(Strings.of(ComplaintDeadline.Kind.days)[language]))",
                    state: Strings.of(ComplaintState.received)[language], overdue: true,
                    outcome: Strings.of(ComplaintOutcome.rejected)[language], log: log)
            ], empty: true)
        let group = NationalCompositionPage.Model.GroupRow(
            name: text("Astana"), commissions: language.format(123), seated: language.format(861), majority: language.format(104),
            largest: text("Nur Otan 60%"))
        let national = NationalCompositionPage.Model(
            page: PageChrome(language: language, title: text("Party balance"), url: .nationalCompositionPage(language)),
            date: "2011-04-03",
            commissions: language.format(9_925), seated: language.format(69_475), majority: language.format(8_477),
            shares: composition.shares, levels: [group], regions: [group], apiHref: SiteURL.api(.nationalComposition(election: "e")).path)
        return [
            Fixture(name: "national-composition", template: "national-composition", model: national),
            Fixture(name: "composition", template: "composition", model: composition),
            Fixture(name: "sessions", template: "sessions", model: sessions),
            Fixture(name: "decisions", template: "decisions", model: decisions),
            Fixture(name: "complaints", template: "complaints", model: complaints),
        ]
    }
}
