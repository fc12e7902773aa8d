import Foundation

/// Whether the precincts not yet counted could still change a commission's result: who leads,
/// or whether the leader clears the profile's winner threshold (more than `winner.moreThan` of
/// `winner.basis`). A preliminary result should not be called while either is true.
///
/// The bound is deliberately generous: every registered voter (from the structure) of an
/// outstanding or quarantined precinct is assumed able to add one ballot to the basis and one
/// vote to any single candidate, or none. Worst cases are taken in both directions:
/// - leader: all outstanding votes go to the runner-up; a tie counts as a change;
/// - threshold, leader above it now: all outstanding voters take part and none votes for the
///   leader, so the basis grows by all of them and the leader's votes not at all;
/// - threshold, leader below it now: all of them vote for the leader. No other candidate can do
///   better than the leader, who already has the most votes.
public struct OutcomeRisk: Codable, Hashable, Sendable {
    public var leaderID: String?
    public var runnerUpID: String?
    public var leaderVotes: Int
    public var runnerUpVotes: Int
    /// leaderVotes − runnerUpVotes.
    public var margin: Int
    /// The most votes still to come: registered voters of outstanding and quarantined precincts.
    public var votesOutstanding: Int
    public var outstandingPrecincts: Int
    public var quarantinedPrecincts: Int
    /// Current value of the winner basis over the counted protocols.
    public var basis: Int
    public var threshold: Fraction
    /// Whether the leader has more than `threshold` of `basis` on the figures counted so far.
    public var leaderPassesThreshold: Bool
    /// Whether the outstanding votes could give another candidate as many votes as the leader or more.
    public var leaderAtRisk: Bool
    /// Whether the outstanding votes could flip `leaderPassesThreshold`.
    public var thresholdAtRisk: Bool
    /// The same, in English, with the numbers used.
    public var explanation: String

    public var atRisk: Bool { leaderAtRisk || thresholdAtRisk }

    /// - Parameters:
    ///   - candidates: votes per candidate in ballot order; ties for the lead go to the earlier one.
    ///   - basis: the winner basis over the counted protocols (e.g. voters who took part).
    ///   - votesOutstanding: the most ballots the uncounted precincts could still add.
    public init(
        candidates: [CandidateResult], basis: Int, votesOutstanding: Int, threshold: Fraction, outstandingPrecincts: Int = 0,
        quarantinedPrecincts: Int = 0
    ) {
        // Stable: the earlier ballot position wins a tie, so the result does not depend on sorting.
        let ranked = candidates.enumerated().sorted { ($0.element.votes, $1.offset) > ($1.element.votes, $0.offset) }.map(\.element)
        let leader = ranked.first
        let runnerUp = ranked.dropFirst().first
        let remaining = max(votesOutstanding, 0)
        leaderID = leader?.candidateID
        runnerUpID = runnerUp?.candidateID
        leaderVotes = leader?.votes ?? 0
        runnerUpVotes = runnerUp?.votes ?? 0
        margin = leaderVotes - runnerUpVotes
        self.votesOutstanding = remaining
        self.outstandingPrecincts = outstandingPrecincts
        self.quarantinedPrecincts = quarantinedPrecincts
        self.basis = basis
        self.threshold = threshold

        leaderPassesThreshold = leader != nil && Self.exceeds(leaderVotes, threshold, of: basis)
        // A lone candidate cannot be overtaken; otherwise the runner-up taking every outstanding vote
        // and reaching the leader (a tie is no longer a clear leader) changes the lead.
        leaderAtRisk = runnerUp != nil && runnerUpVotes + remaining >= leaderVotes
        if leader == nil {
            thresholdAtRisk = false
        } else if leaderPassesThreshold {
            thresholdAtRisk = !Self.exceeds(leaderVotes, threshold, of: basis + remaining)
        } else {
            thresholdAtRisk = Self.exceeds(leaderVotes + remaining, threshold, of: basis + remaining)
        }
        explanation = ""
        explanation = describe()
    }

    /// Whether `votes` is strictly more than `fraction` of `total`, exactly (no rounding, no overflow).
    static func exceeds(_ votes: Int, _ fraction: Fraction, of total: Int) -> Bool {
        let left = votes.multipliedFullWidth(by: fraction.denominator)
        let right = fraction.numerator.multipliedFullWidth(by: total)
        return (left.high, left.low) > (right.high, right.low)
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? String(format: "%.2f%%", Double(part) * 100 / Double(whole)) : "n/a"
    }

    private func describe() -> String {
        guard let leaderID else { return "No candidates: there is no result to put at risk." }
        var parts: [String] = []
        let uncounted =
            "\(outstandingPrecincts) precinct(s) not received and \(quarantinedPrecincts) quarantined can still add up to "
            + "\(votesOutstanding) vote(s) (their registered voters)."
        parts.append(uncounted)
        if let runnerUpID {
            let lead = "\(leaderID) leads with \(leaderVotes) vote(s), \(margin) ahead of \(runnerUpID) (\(runnerUpVotes))."
            if leaderAtRisk {
                parts.append(
                    "\(lead) If every outstanding vote went to \(runnerUpID) they would have \(runnerUpVotes + votesOutstanding): "
                        + "the leader could change.")
            } else {
                parts.append("\(lead) Even if every outstanding vote went to \(runnerUpID), the lead would hold.")
            }
        } else {
            parts.append("\(leaderID) is the only candidate, with \(leaderVotes) vote(s).")
        }
        let now = "\(leaderID) has \(Self.percent(leaderVotes, of: basis)) of the basis (\(leaderVotes) of \(basis))"
        let total = basis + votesOutstanding
        if leaderPassesThreshold {
            let worst =
                "if all \(votesOutstanding) voted and none for \(leaderID), the share would be \(Self.percent(leaderVotes, of: total))"
            parts.append(
                thresholdAtRisk
                    ? "\(now), more than \(threshold) now, but \(worst): the threshold could be missed."
                    : "\(now), more than \(threshold); even \(worst), still more than \(threshold).")
        } else {
            let best =
                "if all \(votesOutstanding) voted for \(leaderID), the share would be "
                + Self.percent(leaderVotes + votesOutstanding, of: total)
            parts.append(
                thresholdAtRisk
                    ? "\(now), not more than \(threshold) now, but \(best): the threshold could still be passed."
                    : "\(now), not more than \(threshold); even \(best), still not more than \(threshold).")
        }
        return parts.joined(separator: " ")
    }
}

extension CommissionSummaryProtocol {
    /// Whether the uncounted precincts below this commission could change its result.
    public func outcomeRisk(winner: LawProfile.WinnerRule) -> OutcomeRisk {
        OutcomeRisk(
            candidates: candidates, basis: winnerBasis, votesOutstanding: progress.registeredVotersNotAccepted, threshold: winner.moreThan,
            outstandingPrecincts: progress.outstanding, quarantinedPrecincts: progress.quarantined)
    }
}

extension Tabulation {
    /// Outcome risk of a commission's summary under this tabulation's profile; nil for an unknown id.
    public func outcomeRisk(of commissionID: String) -> OutcomeRisk? {
        summary(of: commissionID)?.outcomeRisk(winner: profile.profile.winner)
    }
}
