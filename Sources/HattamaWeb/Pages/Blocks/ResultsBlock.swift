import Foundation
import HattamaCore
import HattamaStore

/// National or commission results for a page: candidate bars, turnout, progress, outcome risk.
struct ResultsBlock {
    struct CandidateRow {
        var name: String
        var votes: String
        var share: String
        var width: String
    }

    var candidates: [CandidateRow]
    var turnout: String
    var expected: String
    var received: String
    var accepted: String
    var quarantined: String
    var receivedPercent: String
    var acceptedPercent: String
    var atRisk: Bool
    var riskText: String
    var hasQuarantined: Bool
}

extension ResultsBlock {
    init(_ view: ResultsView, language: Language) {
        let names = Dictionary(uniqueKeysWithValues: view.candidates.map { ($0.id, $0.name[language]) })
        let summary = view.summary
        candidates = summary.candidates.sorted { $0.votes > $1.votes }.map {
            CandidateRow(
                name: names[$0.candidateID] ?? $0.candidateID, votes: language.format($0.votes), share: language.percent($0.share),
                width: String(format: "%.2f", ($0.share ?? 0) * 100))
        }
        turnout = language.percent(summary.turnout)
        let progress = summary.progress
        expected = language.format(progress.expected)
        received = language.format(progress.received)
        accepted = language.format(progress.accepted)
        quarantined = language.format(progress.quarantined)
        hasQuarantined = progress.quarantined > 0
        receivedPercent = String(format: "%.2f", progress.expected > 0 ? Double(progress.received) * 100 / Double(progress.expected) : 0)
        acceptedPercent = String(format: "%.2f", progress.expected > 0 ? Double(progress.accepted) * 100 / Double(progress.expected) : 0)
        atRisk = view.outcomeRisk.atRisk
        riskText = (view.outcomeRisk.atRisk ? Strings.outcomeAtRisk : Strings.outcomeSettled)[language]
    }
}
