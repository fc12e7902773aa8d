import HattamaCore
import HattamaDemo
import Testing

/// A random election hierarchy for property tests: a CEC, regions, districts, precincts, with
/// some precincts tabulated away from their geographic parent (like the stations abroad) and
/// some tabulated directly by a region. Commissions are shuffled, since the tabulating
/// structure must not depend on their order.
struct RandomElection {
    static let electionID = "random-election"

    var commissions: [Commission]
    var precincts: [Precinct]
    var candidates: [Candidate]

    init(
        seed: UInt64, regions: ClosedRange<Int> = 1...4, districts: ClosedRange<Int> = 1...4, precinctsPerDistrict: ClosedRange<Int> = 0...6
    ) {
        var rng = SeededGenerator(seed: seed)
        var commissions = [Commission(id: "cec", level: "cec", parentID: nil, name: LocalizedText("CEC"))]
        var districtIDs: [String] = []
        var regionIDs: [String] = []
        var precincts: [Precinct] = []
        for r in 0..<Int.random(in: regions, using: &rng) {
            let region = "reg-\(r)"
            regionIDs.append(region)
            commissions.append(Commission(id: region, level: "regional", parentID: "cec", name: LocalizedText(region)))
            for d in 0..<Int.random(in: districts, using: &rng) {
                let district = "dis-\(r)-\(d)"
                districtIDs.append(district)
                commissions.append(Commission(id: district, level: "district", parentID: region, name: LocalizedText(district)))
            }
        }
        var number = 0
        for district in districtIDs {
            for _ in 0..<Int.random(in: precinctsPerDistrict, using: &rng) {
                number += 1
                let id = "pec-\(number)"
                var parent = district
                var tabulator = district
                switch rng.unit() {
                case ..<0.1:
                    // Like a station abroad: hangs under the CEC, counted by some district.
                    parent = "cec"
                    tabulator = districtIDs.randomElement(using: &rng)!
                case ..<0.15:
                    parent = regionIDs.randomElement(using: &rng)!
                    tabulator = parent
                default: break
                }
                commissions.append(Commission(id: id, level: "precinct", parentID: parent, name: LocalizedText(id)))
                precincts.append(
                    Precinct(
                        id: id, number: number, kind: "ordinary", settlement: LocalizedText("S"), address: LocalizedText("A"),
                        registeredVoters: Int.random(in: 0...3000, using: &rng), tabulatingCommissionID: tabulator))
            }
        }
        commissions.shuffle(using: &rng)
        self.commissions = commissions
        self.precincts = precincts
        candidates = (0..<Int.random(in: 1...5, using: &rng)).map {
            Candidate(id: "cand-\($0)", electionID: Self.electionID, name: LocalizedText("C\($0)"), partyID: nil, ballotOrder: $0 + 1)
        }
    }

    /// Commissions whose summary includes the precinct, found the slow way through dictionaries.
    func chain(of precinct: Precinct) -> [String] {
        let parentOf = Dictionary(uniqueKeysWithValues: commissions.map { ($0.id, $0.parentID) })
        var chain: [String] = []
        var current: String? = precinct.tabulatingCommissionID
        while let id = current {
            chain.append(id)
            current = parentOf[id] ?? nil
        }
        return chain
    }
}

/// Random protocol figures for a profile: mostly consistent (so they are accepted), sometimes
/// with one line nudged (so some are quarantined or warned).
struct FigureMaker {
    let profile: LawProfile
    let candidates: [Candidate]

    func split(_ total: Int, into parts: Int, _ rng: inout SeededGenerator) -> [Int] {
        guard parts > 0 else { return [] }
        var left = total
        var result: [Int] = []
        for _ in 0..<parts - 1 {
            let part = Int.random(in: 0...left, using: &rng)
            result.append(part)
            left -= part
        }
        result.append(left)
        return result.shuffled(using: &rng)
    }

    func make(electionID: String, precinct: Precinct, _ rng: inout SeededGenerator) -> ResultsProtocol {
        let registered = precinct.registeredVoters
        let issued = Int.random(in: 0...registered, using: &rng)
        let cast = issued - Int.random(in: 0...min(3, issued), using: &rng)
        let invalid = Int.random(in: 0...cast / 40, using: &rng)
        let valid = cast - invalid
        let votes = split(valid, into: candidates.count, &rng)
        var lines: [String: Int]
        switch profile.id {
        case "kz-2011":
            let received = registered + registered / 100
            let spoiled = Int.random(in: 0...min(3, received - issued), using: &rng)
            lines = [
                "voters_on_list": registered, "ballots_received": received, "ballots_issued": issued, "ballots_spoiled": spoiled,
                "ballots_unused": received - issued - spoiled, "ballots_cast": cast, "invalid_ballots": invalid,
            ]
        default:
            let early = split(issued, into: 3, &rng)
            let mobile = Int.random(in: 0...min(early[2], cast), using: &rng)
            let cancelled = Int.random(in: 0...50, using: &rng)
            let avcIssued = Int.random(in: 0...20, using: &rng)
            let avcCancelled = Int.random(in: 0...20, using: &rng)
            lines = [
                "voters_on_list": registered, "ballots_received": issued + cancelled, "ballots_issued_early": early[0],
                "ballots_issued_in_premises": early[1], "ballots_issued_outside": early[2], "ballots_cancelled": cancelled,
                "ballots_in_mobile_boxes": mobile, "ballots_in_stationary_boxes": cast - mobile, "invalid_ballots": invalid,
                "valid_ballots": valid, "avc_received": avcIssued + avcCancelled, "avc_issued_at_pec": avcIssued,
                "voted_with_avc": min(avcIssued, issued), "avc_cancelled": avcCancelled, "avc_issued_by_tec": 0, "avc_lost": 0,
                "ballots_lost": 0, "ballots_unaccounted": 0,
            ]
        }
        if rng.unit() < 0.25, let line = profile.protocolForm.lines.randomElement(using: &rng) {
            lines[line.id] = Int.random(in: 0...registered + 50, using: &rng)
        }
        return ResultsProtocol(
            electionID: electionID, precinctID: precinct.id, lines: lines,
            candidateVotes: Dictionary(uniqueKeysWithValues: zip(candidates.map(\.id), votes)))
    }
}

/// What a commission's summary must hold, summed the slow way from the current protocols.
struct BruteForceTotals: Equatable, CustomStringConvertible {
    var lines: [String: Int] = [:]
    var candidateVotes: [String: Int] = [:]
    var expected = 0
    var received = 0
    var accepted = 0
    var warned = 0
    var quarantined = 0
    var registered = 0
    var registeredAccepted = 0

    var description: String {
        "lines \(lines) votes \(candidateVotes) expected \(expected) received \(received) accepted \(accepted) warned \(warned) "
            + "quarantined \(quarantined) registered \(registered)/\(registeredAccepted)"
    }

    init() {}

    init(_ summary: CommissionSummaryProtocol) {
        lines = summary.lines
        candidateVotes = summary.candidateVotes
        expected = summary.progress.expected
        received = summary.progress.received
        accepted = summary.progress.accepted
        warned = summary.progress.acceptedWithWarnings
        quarantined = summary.progress.quarantined
        registered = summary.progress.registeredVoters
        registeredAccepted = summary.progress.registeredVotersAccepted
    }

    /// Totals of every commission over `current` (precinct id → latest protocol and assessment).
    static func compute(
        election: RandomElection, profile: LawProfile, current: [String: (ResultsProtocol, ProtocolAssessment)]
    ) -> [String: BruteForceTotals] {
        var totals: [String: BruteForceTotals] = [:]
        for commission in election.commissions where !election.precincts.contains(where: { $0.id == commission.id }) {
            var empty = BruteForceTotals()
            empty.lines = Dictionary(uniqueKeysWithValues: profile.protocolForm.lines.map { ($0.id, 0) })
            empty.candidateVotes = Dictionary(uniqueKeysWithValues: election.candidates.map { ($0.id, 0) })
            totals[commission.id] = empty
        }
        for precinct in election.precincts {
            for id in election.chain(of: precinct) {
                var t = totals[id]!
                t.expected += 1
                t.registered += precinct.registeredVoters
                if let (resultsProtocol, assessment) = current[precinct.id] {
                    t.received += 1
                    switch assessment.outcome {
                    case .quarantined: t.quarantined += 1
                    case .accepted, .acceptedWithWarnings:
                        t.accepted += 1
                        if assessment.outcome == .acceptedWithWarnings { t.warned += 1 }
                        t.registeredAccepted += precinct.registeredVoters
                        for (line, value) in resultsProtocol.lines { t.lines[line]! += value }
                        for (candidate, value) in resultsProtocol.candidateVotes { t.candidateVotes[candidate]! += value }
                    }
                }
                totals[id] = t
            }
        }
        return totals
    }
}
