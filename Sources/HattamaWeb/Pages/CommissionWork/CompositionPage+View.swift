import Foundation
import HattamaCore
import HattamaStore

extension CompositionPage {
    static func model(
        _ report: CommissionCompositionReport, history: [MembershipHistoryEntry], parties: [String: String], page: PageChrome,
        header: WorkHeader,
        language: Language
    ) -> CompositionPage.Model {
        let composition = report.composition
        // A replacement names the member it replaces by name, never by id.
        var memberNames: [String: LocalizedText] = [:]
        for entry in history {
            if case .appointed(let id, let name, _, _, _, _, _, _) = entry.event { memberNames[id] = name }
        }
        return CompositionPage.Model(
            page: page, header: header, date: report.date.description,
            statutory: language.format(composition.statutoryMembers), seated: language.format(composition.votingMembers.count),
            vacancies: language.format(composition.vacancies), majorityParty: report.balance.majorityParty.map { parties[$0] ?? $0 },
            noMajority: report.balance.majorityParty == nil,
            members: composition.votingMembers.map { CommissionWorkPart.memberRow($0, parties: parties, language: language) },
            representatives: composition.consultativeMembers.map { CommissionWorkPart.memberRow($0, parties: parties, language: language) },
            hasRepresentatives: !composition.consultativeMembers.isEmpty,
            shares: report.balance.shares.map {
                .init(
                    nominator: CommissionWorkPart.nominator($0.nomination, parties: parties), members: language.format($0.members),
                    share: language.percent($0.share), width: String(format: "%.2f", $0.share * 100))
            },
            history: history.map {
                .init(
                    date: $0.date.description, act: Strings.of($0.kind)[language],
                    summary: Strings.membershipEvent($0.event, parties: parties, memberNames: memberNames, language: language),
                    log: LogLink($0.logIndex, language: language))
            },
            refusals: report.refusals.map {
                .init(
                    date: $0.refusal.date.description, party: parties[$0.refusal.partyID] ?? $0.refusal.partyID,
                    person: $0.refusal.personName[language], reason: $0.refusal.reason, log: LogLink($0.logIndex, language: language))
            }, hasRefusals: !report.refusals.isEmpty)
    }
}
