import HattamaCore
import Testing

private func votes(_ pairs: (String, Int)...) -> [CandidateResult] {
    pairs.map { CandidateResult(candidateID: $0.0, votes: $0.1, share: nil) }
}

private let half = Fraction(1, 2)

@Suite("Outcome at risk")
struct OutcomeRiskTests {
    @Test func clearWinnerWithEverythingIn() {
        let risk = OutcomeRisk(candidates: votes(("a", 159), ("b", 7_850), ("c", 112)), basis: 8_160, votesOutstanding: 0, threshold: half)
        #expect(risk.leaderID == "b")
        #expect(risk.runnerUpID == "a")
        #expect(risk.margin == 7_691)
        #expect(risk.leaderPassesThreshold)
        #expect(!risk.leaderAtRisk)
        #expect(!risk.thresholdAtRisk)
        #expect(!risk.atRisk)
        #expect(risk.explanation.contains("the lead would hold"))
    }

    @Test func closeRaceWithManyOutstanding() {
        let risk = OutcomeRisk(
            candidates: votes(("a", 5_100), ("b", 4_900)), basis: 10_100, votesOutstanding: 30_000, threshold: half,
            outstandingPrecincts: 40,
            quarantinedPrecincts: 2)
        #expect(risk.leaderID == "a")
        #expect(risk.margin == 200)
        #expect(risk.leaderAtRisk)
        #expect(risk.thresholdAtRisk)
        #expect(risk.explanation.contains("40 precinct(s) not received and 2 quarantined"))
        #expect(risk.explanation.contains("the leader could change"))
    }

    @Test("The lead is at risk exactly when the runner-up could reach the leader", arguments: [(199, false), (200, true), (201, true)])
    func leaderBoundary(outstanding: Int, atRisk: Bool) {
        let risk = OutcomeRisk(candidates: votes(("a", 5_100), ("b", 4_900)), basis: 12_000, votesOutstanding: outstanding, threshold: half)
        #expect(risk.leaderAtRisk == atRisk)
    }

    @Test func leaderAtFiftyPointFourWithEnoughOutstandingToDropBelowHalf() {
        // 5,040 of 10,000 voters who took part (50.4%). The runner-up is far behind, so the lead
        // is safe, but 100 more voters none of whom votes for the leader give 5,040 / 10,100 < 50%.
        let risk = OutcomeRisk(
            candidates: votes(("a", 5_040), ("b", 2_000), ("c", 1_960)), basis: 10_000, votesOutstanding: 100, threshold: half)
        #expect(risk.leaderPassesThreshold)
        #expect(!risk.leaderAtRisk)
        #expect(risk.thresholdAtRisk)
        #expect(risk.explanation.contains("the threshold could be missed"))
    }

    /// 5,040 × 2 = 10,080: up to 79 more voters keep the leader strictly above half.
    @Test("Threshold boundary when the leader is above it", arguments: [(79, false), (80, true), (81, true), (0, false)])
    func thresholdBoundaryAbove(outstanding: Int, atRisk: Bool) {
        let risk = OutcomeRisk(
            candidates: votes(("a", 5_040), ("b", 2_000)), basis: 10_000, votesOutstanding: outstanding, threshold: half)
        #expect(risk.thresholdAtRisk == atRisk)
    }

    /// Below the threshold now: 4,900 + x > (10,000 + x) / 2 iff x > 200.
    @Test("Threshold boundary when the leader is below it", arguments: [(200, false), (201, true), (0, false)])
    func thresholdBoundaryBelow(outstanding: Int, atRisk: Bool) {
        let risk = OutcomeRisk(
            candidates: votes(("a", 4_900), ("b", 4_100)), basis: 10_000, votesOutstanding: outstanding, threshold: half)
        #expect(!risk.leaderPassesThreshold)
        #expect(risk.thresholdAtRisk == atRisk)
        if atRisk { #expect(risk.explanation.contains("could still be passed")) }
    }

    @Test func exactlyHalfIsNotMoreThanHalf() {
        let risk = OutcomeRisk(candidates: votes(("a", 5_000), ("b", 5_000)), basis: 10_000, votesOutstanding: 0, threshold: half)
        #expect(!risk.leaderPassesThreshold)
        // A tie is not a clear lead; the earlier ballot position is named leader.
        #expect(risk.leaderID == "a")
        #expect(risk.leaderAtRisk)
    }

    @Test func aLoneCandidateCannotBeOvertakenButCanMissTheThreshold() {
        let risk = OutcomeRisk(candidates: votes(("only", 600)), basis: 1_000, votesOutstanding: 500, threshold: half)
        #expect(risk.runnerUpID == nil)
        #expect(!risk.leaderAtRisk)
        #expect(risk.thresholdAtRisk)  // 600 of 1,500 is 40%
        #expect(risk.explanation.contains("only candidate"))
    }

    @Test func nothingCountedYet() {
        let risk = OutcomeRisk(candidates: votes(("a", 0), ("b", 0)), basis: 0, votesOutstanding: 1_000, threshold: half)
        #expect(risk.leaderAtRisk)
        #expect(!risk.leaderPassesThreshold)
        #expect(risk.thresholdAtRisk)
        let empty = OutcomeRisk(candidates: [], basis: 0, votesOutstanding: 10, threshold: half)
        #expect(empty.leaderID == nil)
        #expect(!empty.atRisk)
    }

    @Test func otherThresholds() {
        // Two thirds: 670 of 1,000 passes (2,010 > 2,000); 5 more voters against give 670 / 1,005 (2,010 = 2,010): not more.
        let twoThirds = Fraction(2, 3)
        #expect(!OutcomeRisk(candidates: votes(("a", 670)), basis: 1_000, votesOutstanding: 4, threshold: twoThirds).thresholdAtRisk)
        #expect(OutcomeRisk(candidates: votes(("a", 670)), basis: 1_000, votesOutstanding: 5, threshold: twoThirds).thresholdAtRisk)
        // Huge figures do not overflow.
        let big = OutcomeRisk(
            candidates: votes(("a", Int.max / 2)), basis: Int.max / 2, votesOutstanding: 0, threshold: Fraction(999, 1000))
        #expect(big.leaderPassesThreshold)
    }

    @Test func fromATabulationWithQuarantinedAndOutstandingPrecincts() throws {
        var tabulation = try TinyElection.tabulation()
        try tabulation.record(TinyElection.p1)
        try tabulation.record(TinyElection.p2)
        try tabulation.record(TinyElection.p3Broken)
        let risk = try #require(tabulation.outcomeRisk(of: "cec"))
        // p3 (800, quarantined) and px (200, not received) could still add 1,000 votes.
        #expect(risk.votesOutstanding == 1_000)
        #expect(risk.outstandingPrecincts == 1)
        #expect(risk.quarantinedPrecincts == 1)
        #expect(risk.leaderID == "nazarbayev")
        #expect(risk.leaderVotes == 800)
        #expect(risk.runnerUpID == "kasymov")
        #expect(risk.basis == 1_198)
        #expect(risk.leaderPassesThreshold)  // 800 of 1,198
        #expect(risk.thresholdAtRisk)  // 800 of 2,198 is not more than half
        #expect(risk.leaderAtRisk)  // kasymov's 150 + 1,000 could pass 800
        // The district, with only px outstanding, is settled.
        let district = try #require(tabulation.outcomeRisk(of: "dis"))
        #expect(district.votesOutstanding == 200)
        #expect(!district.atRisk)
    }
}
