import Foundation
import HattamaCore
import HattamaStore

extension DecisionsPage {
    static func model(
        _ decisions: [PublishedDecision], members: [StoredMember], page: PageChrome, header: WorkHeader, language: Language
    )
        -> DecisionsPage.Model
    {
        let names = CommissionWorkPart.names(members, language: language)
        return DecisionsPage.Model(
            page: page, header: header,
            decisions: decisions.map { published in
                let decision = published.decision
                var numbers: [String] = []
                for provision in decision.texts.kk + decision.texts.ru + (decision.texts.en ?? []) where !numbers.contains(provision.number)
                {
                    numbers.append(provision.number)
                }
                func text(_ provisions: [Provision]?, _ number: String) -> String {
                    provisions?.first { $0.number == number }?.text ?? "—"
                }
                let tally = published.tally.map {
                    "\(language.format($0.inFavour)) \(Strings.inFavour[language]), \(language.format($0.against)) \(Strings.against[language]), "
                        + "\(language.format($0.abstained)) \(Strings.abstain[language]) (\(language.format($0.required)) / \(language.format($0.quorum.statutoryMembers)))"
                }
                return .init(
                    number: decision.number, published: decision.publishedAt?.description ?? "—", session: decision.sessionID,
                    complaint: decision.complaintID,
                    provisions: numbers.map {
                        .init(number: $0, kk: text(decision.texts.kk, $0), ru: text(decision.texts.ru, $0), en: text(decision.texts.en, $0))
                    },
                    votes: decision.votes.map {
                        .init(member: names[$0.memberID] ?? $0.memberID, choice: Strings.of($0.choice)[language])
                    },
                    tally: tally ?? "—",
                    dissents: decision.dissents.map {
                        .init(member: names[$0.memberID] ?? $0.memberID, language: $0.language.rawValue, text: $0.text)
                    },
                    hasDissents: !decision.dissents.isEmpty, agree: published.textProblems.isEmpty,
                    mismatch: published.textProblems.isEmpty
                        ? nil : published.textProblems.map { Strings.problem($0, language) }.joined(separator: "; "),
                    log: LogLink(published.logIndex, language: language))
            }, empty: decisions.isEmpty)
    }
}
