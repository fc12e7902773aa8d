import Foundation
import HattamaCore
import HattamaStore

extension CommissionRow {
    /// The rows with each child's turnout and the overall leader's share there.
    static func annotate(_ rows: [CommissionRow], with view: ResultsView, language: Language) -> [CommissionRow] {
        let summaries = Dictionary(uniqueKeysWithValues: view.children.map { ($0.commissionID, $0) })
        let leader = view.summary.candidates.max { $0.votes < $1.votes }?.candidateID
        return rows.map { row in
            var row = row
            if let summary = summaries[row.id] {
                let share = summary.candidates.first { $0.candidateID == leader }?.share
                row.turnout = language.percent(summary.turnout)
                row.leaderShare = language.percent(share)
                row.turnoutValue = summary.turnout ?? -1
                row.leaderValue = share ?? -1
            }
            return row
        }
    }
}

extension TurnoutShareHistogram {
    /// Turnout against the overall leader's share at every station in `stations` that has a
    /// counted protocol; nil before any vote is counted.
    init?(stations: [CommissionSummaryProtocol], view: ResultsView, language: Language) {
        guard let leader = view.summary.candidates.max(by: { $0.votes < $1.votes })?.candidateID else { return nil }
        let points = stations.compactMap { station -> (turnout: Double, share: Double)? in
            guard station.progress.accepted > 0, let turnout = station.turnout,
                let share = station.candidates.first(where: { $0.candidateID == leader })?.share
            else { return nil }
            return (turnout, share)
        }
        let name = view.candidates.first { $0.id == leader }?.name[language] ?? leader
        self.init(stations: points, leader: name, language: language)
    }
}
