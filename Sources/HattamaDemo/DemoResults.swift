import Foundation
import HattamaCore

/// Synthetic precinct results and intraday turnout reports for a demo election structure,
/// deterministic from a seed and calibrated so that the national figures come out close to the
/// official result of the 3 April 2011 Kazakh presidential election (law brief §3.2).
///
/// Every precinct gets one protocol with the lines of the kz-2011 form and a vote count for every
/// registered candidate. The figures are generated precinct by precinct, from noisy draws with
/// regional, district and station-kind effects, and are internally consistent: the protocols
/// pass every control of the profile, except for
/// - `quarantinedPrecinctCount` protocols with a deliberate error (ballot stuffing, an unbalanced
///   ballot account, votes that do not add up, more ballots issued than voters on the list, two
///   transposed digits), which an error-severity control catches, so that quarantine shows in
///   the demo; and
/// - `warningPrecinctCount` protocols that only break a warning-level control (a high share of
///   invalid ballots, ballots missing from the boxes, too many ballots received).
///
/// These are chosen deterministically among ordinary domestic stations of at least 300 voters,
/// never abroad; `anomalies` names them.
///
/// Calibration does not fix any total: precinct turnouts are drawn on the logit scale around a
/// national level, and that level is then shifted (bisection) until the summed ballots issued
/// over the counted protocols give the official turnout; minor candidates' precinct shares are
/// noisy multiples of their official shares, rescaled once nationally so that their
/// vote-weighted mean is the official share, and every precinct's valid votes are then split by
/// unbiased randomised rounding. The national figures are whatever the precincts add up to.
///
/// The generator needs a form with the kz-2011 line ids (`requiredLineIDs`; see
/// `supports(_:)`). Lines of another form that are not among them are written as 0.
public struct DemoResults: Sendable {
    public static let defaultSeed: UInt64 = DemoGenerator.defaultSeed

    /// Protocols with a deliberate error-level failure: one of each quarantining `Anomaly`.
    /// A structure with fewer ordinary domestic stations of 300 voters or more gets fewer.
    public static let quarantinedPrecinctCount = 5
    /// Protocols that only fail warning-level controls (a few of each warning `Anomaly`).
    public static let warningPrecinctCount = 10
    /// Smallest station (registered voters) that may carry an anomaly, so that the figures stay plausible.
    public static let anomalyMinimumVoters = 300

    /// Final result announced by the CEC on 5 April 2011: votes per candidate id (law brief §3.2).
    /// Only the ratios are used, as the targets of the candidates' national shares of valid votes.
    public static let officialVotes: [String: Int] = [
        "nazarbayev": 7_850_958, "kasymov": 159_036, "akhmetbekov": 111_924, "yeleusizov": 94_452,
    ]
    /// Official national turnout: voters who received ballots over registered voters.
    public static let officialTurnout = 0.8998
    /// CEC intraday turnout (share of registered voters) by local time (law brief §3.2). The
    /// 10:00 figure is an estimate in the 15–20% range, not a confirmed official number.
    public static let officialIntradayTurnout: [String: Double] = ["10:00": 0.17, "13:00": 0.403, "16:00": 0.769, "18:30": 0.84]

    /// Line ids of the kz-2011 form that the generator fills in.
    public static let requiredLineIDs = [
        "voters_on_list", "ballots_received", "ballots_issued", "ballots_spoiled", "ballots_unused", "ballots_cast", "invalid_ballots",
    ]

    /// Whether the profile's form has every line the generator fills in.
    public static func supports(_ profile: LawProfile) -> Bool {
        let ids = Set(profile.protocolForm.lines.map(\.id))
        return requiredLineIDs.allSatisfy(ids.contains)
    }

    /// A deliberate irregularity in one precinct's protocol.
    public enum Anomaly: String, Codable, CaseIterable, Sendable {
        /// More ballots in the boxes than were issued (kz-2011 KZ-C3).
        case ballotStuffing = "ballot-stuffing"
        /// Received ≠ issued + spoiled + unused: the unused ballots were miscounted (KZ-C1).
        case unbalancedBallots = "unbalanced-ballots"
        /// Invalid ballots plus candidates' votes ≠ ballots cast: one candidate's votes miscounted (KZ-C4).
        case votesDoNotAddUp = "votes-do-not-add-up"
        /// More voters received ballots than are on the list (KZ-C2).
        case moreIssuedThanListed = "more-issued-than-listed"
        /// Two digits of the ballots cast swapped when the protocol was written (KZ-C4, sometimes KZ-C3 or KZ-W2 too).
        case transposedDigits = "transposed-digits"
        /// More than 5% invalid ballots (KZ-W1, warning).
        case highInvalidShare = "high-invalid-share"
        /// More than five issued ballots not found in the boxes (KZ-W2, warning).
        case ballotsMissingFromBoxes = "ballots-missing-from-boxes"
        /// More ballots received than the voters plus the 1% reserve (KZ-W3, warning).
        case excessBallotsReceived = "excess-ballots-received"

        /// Whether an error-level control fails, so that the protocol is quarantined.
        public var quarantines: Bool {
            switch self {
            case .ballotStuffing, .unbalancedBallots, .votesDoNotAddUp, .moreIssuedThanListed, .transposedDigits: true
            case .highInvalidShare, .ballotsMissingFromBoxes, .excessBallotsReceived: false
            }
        }

        static let quarantining = allCases.filter(\.quarantines)
        static let warnings = allCases.filter { !$0.quarantines }
    }

    public let structure: ElectionStructure
    public let profile: LawProfile
    public let seed: UInt64
    /// Precinct id → its deliberate irregularity; every other protocol passes all controls.
    public let anomalies: [String: Anomaly]
    /// Candidates of the structure's election in ballot order: the order of `votes` rows.
    let candidates: [Candidate]
    /// Per precinct, in structure order: the seven `requiredLineIDs` figures as written on the protocol.
    let figures: [Int]
    /// Per precinct: votes per candidate, in ballot order.
    let votes: [Int]
    /// Per precinct: voters who really received ballots (before any deliberate error), the
    /// basis of the intraday reports.
    let issued: [Int]

    /// Ids of the precincts whose protocols are quarantined, in structure order.
    public var quarantinedPrecinctIDs: [String] {
        structure.precincts.map(\.id).filter { anomalies[$0]?.quarantines == true }
    }

    /// Ids of the precincts whose protocols carry only warnings, in structure order.
    public var warningPrecinctIDs: [String] {
        structure.precincts.map(\.id).filter { anomalies[$0].map { !$0.quarantines } ?? false }
    }

    private static let slots = requiredLineIDs.count
    private enum Slot {
        static let voters = 0, received = 1, issued = 2, spoiled = 3, unused = 4, cast = 5, invalid = 6
    }

    /// Generates every precinct's figures. Deterministic: the same structure, profile and seed
    /// always give the same protocols and reports.
    public init(structure: ElectionStructure, profile: LawProfile, seed: UInt64 = defaultSeed) {
        self.structure = structure
        self.profile = profile
        self.seed = seed
        let precincts = structure.precincts
        let n = precincts.count
        let candidates = structure.candidates.filter { $0.electionID == structure.election.id }.sorted { $0.ballotOrder < $1.ballotOrder }
        self.candidates = candidates
        var rng = SeededGenerator(seed: seed)

        // Geography: the region (child of the central commission on the tabulating chain) and
        // the tabulating district of every precinct give shared effects.
        let effects = Self.geographicEffects(structure: structure, rng: &rng)

        // Anomalies, from their own stream so that they do not shift with the other draws.
        var anomalies: [String: Anomaly] = [:]
        var anomalyOf = [Anomaly?](repeating: nil, count: n)
        do {
            var pick = SeededGenerator(seed: seed ^ 0xA40A_1E5D_0000_0005)
            let eligible = precincts.indices.filter {
                precincts[$0].kind == PrecinctKind.ordinaryID && precincts[$0].registeredVoters >= Self.anomalyMinimumVoters
            }
            let wanted = min(Self.quarantinedPrecinctCount + Self.warningPrecinctCount, eligible.count)
            var chosen: [Int] = []
            var taken = Set<Int>()
            while chosen.count < wanted {
                let p = eligible[Self.below(eligible.count, &pick)]
                if taken.insert(p).inserted { chosen.append(p) }
            }
            for (k, p) in chosen.enumerated() {
                let anomaly =
                    k < Self.quarantinedPrecinctCount
                    ? Anomaly.quarantining[k % Anomaly.quarantining.count]
                    : Anomaly.warnings[(k - Self.quarantinedPrecinctCount) % Anomaly.warnings.count]
                anomalyOf[p] = anomaly
                anomalies[precincts[p].id] = anomaly
            }
        }
        self.anomalies = anomalies
        let counted = (0..<n).filter { anomalyOf[$0]?.quarantines != true }

        // Turnout: logit of each precinct's turnout = national level + region + district +
        // station kind + noise; the national level is found so that the counted protocols give
        // the official turnout.
        var offset = [Double](repeating: 0, count: n)
        for p in 0..<n {
            offset[p] = effects[p].turnout + Self.kindTurnoutOffset(precincts[p].kind) + 0.4 * Self.gaussian(&rng)
        }
        let voters = precincts.map { max($0.registeredVoters, 0) }
        func issuedFigure(_ p: Int, _ level: Double) -> Int {
            let share = 1 / (1 + exp(-(level + offset[p])))
            return min(Int((Double(voters[p]) * share).rounded()), voters[p])
        }
        let targetIssued = Self.officialTurnout * Double(counted.reduce(0) { $0 + voters[$1] })
        var low = -20.0
        var high = 20.0
        for _ in 0..<60 {
            let middle = (low + high) / 2
            let total = counted.reduce(0) { $0 + issuedFigure($1, middle) }
            if Double(total) < targetIssued { low = middle } else { high = middle }
        }
        func miss(_ level: Double) -> Double { abs(Double(counted.reduce(0) { $0 + issuedFigure($1, level) }) - targetIssued) }
        let level = miss(low) < miss(high) ? low : high
        let issued = (0..<n).map { issuedFigure($0, level) }
        self.issued = issued

        // The ballot account, the box and the invalid ballots.
        let reserveBasisPoints = max(Int((profile.calendar.ballotReservePercent * 100).rounded()), 0)
        var figures = [Int](repeating: 0, count: n * Self.slots)
        var valid = [Int](repeating: 0, count: n)
        for p in 0..<n {
            let v = voters[p]
            let i = issued[p]
            let anomaly = anomalyOf[p]
            var received = v + (v * reserveBasisPoints + 9_999) / 10_000
            if anomaly == .excessBallotsReceived { received += 11 + Self.below(30, &rng) }
            let spoiled = min(Int(rng.unit() * (2 + Double(i) / 400)), received - i)
            var missing: Int
            let draw = rng.unit()
            missing = draw < 0.75 ? 0 : draw < 0.93 ? 1 : 2
            if anomaly == .ballotsMissingFromBoxes { missing = 6 + Self.below(7, &rng) }
            let cast = i - min(missing, i)
            var invalid: Int
            if anomaly == .highInvalidShare {
                invalid = min(max(Int(Double(cast) * (0.06 + 0.03 * rng.unit())), cast / 20 + 1), cast)
            } else {
                let rate = 0.005 * exp(max(-2.5, min(2.5, 0.4 * Self.gaussian(&rng))))
                invalid = min(Self.randomlyRounded(Double(cast) * rate, &rng), cast / 20)
            }
            if candidates.isEmpty { invalid = cast }
            let base = p * Self.slots
            figures[base + Slot.voters] = v
            figures[base + Slot.received] = received
            figures[base + Slot.issued] = i
            figures[base + Slot.spoiled] = spoiled
            figures[base + Slot.unused] = received - i - spoiled
            figures[base + Slot.cast] = cast
            figures[base + Slot.invalid] = invalid
            valid[p] = cast - invalid
        }

        // Candidates' shares of the valid votes.
        let targets = Self.targetShares(candidates)
        let leader = targets.indices.max { targets[$0] < targets[$1] } ?? 0
        let minors = candidates.indices.filter { $0 != leader }
        let c = candidates.count
        var raw = [Double](repeating: 0, count: n * c)
        for p in 0..<n {
            let general =
                exp(max(-2.5, min(2.5, 0.35 * Self.gaussian(&rng)))) * effects[p].opposition
                * Self.kindOppositionFactor(precincts[p].kind)
            for k in minors {
                let own = exp(max(-2.5, min(2.5, 0.3 * Self.gaussian(&rng))))
                raw[p * c + k] = targets[k] * general * own * (effects[p].candidateFactors[candidates[k].id] ?? 1)
            }
        }
        // One national rescaling per minor candidate: the valid-vote-weighted mean of the noisy
        // shares over the counted precincts becomes the official share.
        var scale = [Double](repeating: 1, count: c)
        let validTotal = Double(counted.reduce(0) { $0 + valid[$1] })
        for k in minors {
            let weighted = counted.reduce(0.0) { $0 + Double(valid[$1]) * raw[$1 * c + k] }
            if weighted > 0, validTotal > 0 { scale[k] = targets[k] / (weighted / validTotal) }
        }
        var votes = [Int](repeating: 0, count: n * c)
        if c > 0 {
            var shares = [Double](repeating: 0, count: c)
            for p in 0..<n {
                var minorSum = 0.0
                for k in minors {
                    shares[k] = raw[p * c + k] * scale[k]
                    minorSum += shares[k]
                }
                // Never let the noise hand the minor candidates an implausible majority.
                if minorSum > 0.6 {
                    for k in minors { shares[k] *= 0.6 / minorSum }
                    minorSum = 0.6
                }
                shares[leader] = 1 - minorSum
                let row = Self.allocate(valid[p], shares: shares, leader: leader, &rng)
                for k in 0..<c { votes[p * c + k] = row[k] }
            }
        }

        // The deliberate errors, written over the consistent figures.
        for p in 0..<n {
            guard let anomaly = anomalyOf[p], anomaly.quarantines else { continue }
            let base = p * Self.slots
            switch anomaly {
            case .ballotStuffing:
                let stuffed = 10 + Self.below(41, &rng)
                figures[base + Slot.cast] += stuffed
                if c > 0 { votes[p * c + leader] += stuffed } else { figures[base + Slot.invalid] += stuffed }
            case .unbalancedBallots:
                figures[base + Slot.unused] += 10 * (1 + Self.below(9, &rng))
            case .votesDoNotAddUp:
                let k = minors.first ?? leader
                if c > 0 { votes[p * c + k] += 10 * (1 + Self.below(5, &rng)) } else { figures[base + Slot.invalid] += 10 }
            case .moreIssuedThanListed:
                // Voters added on the day without correcting line 1: the whole reserve may go.
                let v = figures[base + Slot.voters]
                let reserve = figures[base + Slot.received] - v
                let extra = 1 + Self.below(max(reserve, 1), &rng)
                let newIssued = v + extra
                let newCast = newIssued - (figures[base + Slot.issued] - figures[base + Slot.cast])
                let added = newCast - figures[base + Slot.cast]
                figures[base + Slot.issued] = newIssued
                figures[base + Slot.spoiled] = 0
                figures[base + Slot.unused] = max(figures[base + Slot.received] - newIssued, 0)
                figures[base + Slot.received] = newIssued + figures[base + Slot.unused]
                figures[base + Slot.cast] = newCast
                if c > 0 { votes[p * c + leader] += added } else { figures[base + Slot.invalid] += added }
            case .transposedDigits:
                figures[base + Slot.cast] = Self.transposed(figures[base + Slot.cast])
            case .highInvalidShare, .ballotsMissingFromBoxes, .excessBallotsReceived:
                break
            }
        }
        self.figures = figures
        self.votes = votes
    }

    /// One protocol per precinct of the structure, in structure order, with every line of the
    /// profile's form and a figure for every candidate of the election.
    public func protocols() -> [ResultsProtocol] {
        let slotOfLine = profile.protocolForm.lines.map { line in (line.id, Self.requiredLineIDs.firstIndex(of: line.id)) }
        let c = candidates.count
        return structure.precincts.enumerated().map { p, precinct in
            var lines: [String: Int] = [:]
            lines.reserveCapacity(slotOfLine.count)
            for (id, slot) in slotOfLine { lines[id] = slot.map { figures[p * Self.slots + $0] } ?? 0 }
            var candidateVotes: [String: Int] = [:]
            candidateVotes.reserveCapacity(c)
            for (k, candidate) in candidates.enumerated() { candidateVotes[candidate.id] = votes[p * c + k] }
            return ResultsProtocol(electionID: structure.election.id, precinctID: precinct.id, lines: lines, candidateVotes: candidateVotes)
        }
    }

    /// For every precinct (structure order) and every `profile.turnoutReportingTimes` entry (in
    /// that order): the cumulative number of voters who had received ballots. Figures never
    /// decrease through the day and stay below the voters who finally received ballots (so never
    /// above the protocol's ballots issued or the registered voters). Each precinct has its own
    /// rhythm (special stations vote early); the national share at each time follows the CEC's
    /// 2011 intraday figures, interpolated over the voting day for other reporting times.
    public func turnoutReports() -> [TurnoutReport] {
        let times = profile.turnoutReportingTimes
        let precincts = structure.precincts
        let n = precincts.count
        guard !times.isEmpty, n > 0 else { return [] }
        var rng = SeededGenerator(seed: seed ^ 0x7E12_0A7D_0000_0011)
        // Each precinct's figure at a time is issued × g^a: a > 1 a late precinct, a < 1 an early one.
        let rhythm: [Double] = precincts.map { precinct in
            let early = precinct.isSpecial && precinct.kind != PrecinctKind.abroadID ? -0.35 : 0
            return exp(early + max(-2.5, min(2.5, 0.22 * Self.gaussian(&rng))))
        }
        let caps = issued.map { max($0 - 1, 0) }
        let totalIssued = issued.reduce(0, +)
        func figure(_ p: Int, _ logG: Double) -> Int {
            min(Int(Double(issued[p]) * exp(rhythm[p] * logG)), caps[p])
        }
        let opens = Self.minutes(profile.calendar.votingOpens) ?? 7 * 60
        let closes = Self.minutes(profile.calendar.votingCloses) ?? 20 * 60
        var values = [Int](repeating: 0, count: n * times.count)
        for (t, time) in times.enumerated() {
            let elapsed = closes > opens ? Double((Self.minutes(time) ?? opens) - opens) / Double(closes - opens) : 1
            let target = Self.fractionOfFinalTurnout(elapsed: elapsed) * Double(totalIssued)
            // Bisection on ln g ∈ [-30, 0]: the national sum rises with g.
            var low = -30.0
            var high = 0.0
            for _ in 0..<40 {
                let middle = (low + high) / 2
                var sum = 0
                for p in 0..<n { sum += figure(p, middle) }
                if Double(sum) < target { low = middle } else { high = middle }
            }
            for p in 0..<n {
                let value = figure(p, high)
                values[p * times.count + t] = t > 0 ? max(value, values[p * times.count + t - 1]) : value
            }
        }
        var reports: [TurnoutReport] = []
        reports.reserveCapacity(values.count)
        for (p, precinct) in precincts.enumerated() {
            for (t, time) in times.enumerated() {
                reports.append(
                    TurnoutReport(
                        electionID: structure.election.id, precinctID: precinct.id, time: time, voters: values[p * times.count + t]))
            }
        }
        return reports
    }

    // MARK: Model

    /// Shared effects of a precinct's region and district.
    struct Effects {
        /// Added to the logit of turnout.
        var turnout: Double
        /// Multiplies every minor candidate's share.
        var opposition: Double
        /// Candidate id → extra factor on that candidate's share.
        var candidateFactors: [String: Double]
    }

    /// Regional leanings of the demo's regions (regional commission id), loosely after the 2011
    /// pattern: lower turnout and more opposition votes in Almaty and Astana and the industrial
    /// north, the highest turnout and support for the incumbent in the south. Illustrative only.
    static let regionalLeanings: [String: (turnout: Double, opposition: Double, candidates: [String: Double])] = [
        "tec-alm": (-1.0, 2.0, ["yeleusizov": 1.3, "kasymov": 1.1]),
        "tec-ast": (-0.2, 1.4, ["kasymov": 1.2]),
        "tec-krg": (-0.2, 1.3, ["akhmetbekov": 1.4]),
        "tec-pvl": (0.0, 1.3, ["akhmetbekov": 1.4]),
        "tec-vko": (-0.1, 1.3, ["akhmetbekov": 1.3]),
        "tec-kst": (0.1, 1.2, ["akhmetbekov": 1.3]),
        "tec-sko": (0.1, 1.2, ["akhmetbekov": 1.3]),
        "tec-akm": (0.1, 1.1, ["akhmetbekov": 1.2]),
        "tec-zko": (0.0, 1.0, [:]),
        "tec-akt": (0.0, 1.0, [:]),
        "tec-mng": (-0.2, 1.1, ["kasymov": 1.2]),
        "tec-atr": (0.1, 0.8, [:]),
        "tec-alr": (0.2, 0.8, ["yeleusizov": 1.2]),
        "tec-zhm": (0.4, 0.6, [:]),
        "tec-kzl": (0.5, 0.5, [:]),
        "tec-yko": (0.5, 0.5, [:]),
    ]

    /// Effects per precinct: its region's leaning (a random one for regions not in
    /// `regionalLeanings`) and a random district effect; stations abroad have their own.
    static func geographicEffects(structure: ElectionStructure, rng: inout SeededGenerator) -> [Effects] {
        var parent: [String: String] = [:]
        var root: String?
        for commission in structure.commissions {
            if let p = commission.parentID { parent[commission.id] = p } else if root == nil { root = commission.id }
        }
        var regionOf: [String: String] = [:]
        func region(_ tabulator: String) -> String {
            if let known = regionOf[tabulator] { return known }
            var id = tabulator
            var steps = 0
            while let up = parent[id], up != root, steps < 64 {
                id = up
                steps += 1
            }
            regionOf[tabulator] = id
            return id
        }
        var regional: [String: Effects] = [:]
        var district: [String: (turnout: Double, opposition: Double)] = [:]
        return structure.precincts.map { precinct in
            if precinct.kind == PrecinctKind.abroadID {
                return Effects(turnout: -1.0, opposition: 1.5, candidateFactors: [:])
            }
            let r = region(precinct.tabulatingCommissionID)
            let regionEffects: Effects
            if let known = regional[r] {
                regionEffects = known
            } else {
                if let leaning = regionalLeanings[r] {
                    regionEffects = Effects(turnout: leaning.turnout, opposition: leaning.opposition, candidateFactors: leaning.candidates)
                } else {
                    regionEffects = Effects(turnout: 0.3 * gaussian(&rng), opposition: exp(0.3 * gaussian(&rng)), candidateFactors: [:])
                }
                regional[r] = regionEffects
            }
            let d: (turnout: Double, opposition: Double)
            if let known = district[precinct.tabulatingCommissionID] {
                d = known
            } else {
                d = (0.25 * gaussian(&rng), exp(max(-2.5, min(2.5, 0.25 * gaussian(&rng)))))
                district[precinct.tabulatingCommissionID] = d
            }
            return Effects(
                turnout: regionEffects.turnout + d.turnout, opposition: regionEffects.opposition * d.opposition,
                candidateFactors: regionEffects.candidateFactors)
        }
    }

    /// Hospitals, military units, detention centres and ships vote almost to the last voter.
    static func kindTurnoutOffset(_ kind: String) -> Double {
        switch kind {
        case PrecinctKind.ordinaryID, PrecinctKind.abroadID: 0
        case "hospital", "military-unit", "pre-trial-detention", "ship": 2.0
        default: 1.5
        }
    }

    static func kindOppositionFactor(_ kind: String) -> Double {
        switch kind {
        case "military-unit": 0.6
        case "pre-trial-detention": 1.3
        default: 1
        }
    }

    /// Target share of valid votes per candidate (ballot order): the official share for the
    /// demo's candidates; 1% for any other candidate, the known ones scaled down to make room.
    static func targetShares(_ candidates: [Candidate]) -> [Double] {
        let officialTotal = Double(officialVotes.values.reduce(0, +))
        let known = candidates.map { officialVotes[$0.id].map { Double($0) / officialTotal } }
        let unknownShare = 0.01 * Double(known.filter { $0 == nil }.count)
        let knownSum = known.compactMap { $0 }.reduce(0, +)
        if knownSum == 0 { return candidates.map { _ in 1 / Double(max(candidates.count, 1)) } }
        return known.map { $0.map { $0 / knownSum * (1 - min(unknownShare, 0.5)) } ?? 0.01 }
    }

    /// Share of the final turnout reached after `elapsed` (0 at opening, 1 at closing) of the
    /// voting day: piecewise linear through the CEC's 2011 figures on a 07:00–20:00 day.
    static func fractionOfFinalTurnout(elapsed: Double) -> Double {
        var points: [(Double, Double)] = [(0, 0)]
        for (time, share) in officialIntradayTurnout.sorted(by: { $0.key < $1.key }) {
            guard let m = minutes(time) else { continue }
            points.append((Double(m - 7 * 60) / Double(13 * 60), share / officialTurnout))
        }
        points.append((1, 1))
        let x = max(0, min(1, elapsed))
        for j in 1..<points.count where x <= points[j].0 {
            let (x0, y0) = points[j - 1]
            let (x1, y1) = points[j]
            return x1 > x0 ? y0 + (y1 - y0) * (x - x0) / (x1 - x0) : y1
        }
        return 1
    }

    // MARK: Arithmetic helpers

    /// "HH:MM" → minutes since midnight.
    static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return h * 60 + m
    }

    /// Standard normal draw (Box–Muller).
    static func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u1 = 1 - rng.unit()
        let u2 = rng.unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Uniform in 0..<bound (bound > 0), the same on every platform and Swift version.
    static func below(_ bound: Int, _ rng: inout SeededGenerator) -> Int {
        Int(rng.next() % UInt64(max(bound, 1)))
    }

    /// `x` rounded up with probability equal to its fractional part: unbiased.
    static func randomlyRounded(_ x: Double, _ rng: inout SeededGenerator) -> Int {
        let floor = x.rounded(.down)
        return Int(floor) + (rng.unit() < x - floor ? 1 : 0)
    }

    /// Splits `total` by `shares` (summing to 1) into whole votes summing exactly to `total`,
    /// each part rounded up with probability equal to its fractional part (systematic sampling),
    /// so that no candidate gains or loses votes on average from the rounding.
    static func allocate(_ total: Int, shares: [Double], leader: Int, _ rng: inout SeededGenerator) -> [Int] {
        var parts = shares.map { Int((Double(total) * $0).rounded(.down)) }
        var remainder = total - parts.reduce(0, +)
        var position = rng.unit()
        var cumulative = 0.0
        for k in shares.indices where remainder > 0 {
            let exact = Double(total) * shares[k]
            cumulative += exact - exact.rounded(.down)
            if position < cumulative {
                parts[k] += 1
                remainder -= 1
                position += 1
            }
        }
        // Floating-point leftovers (or a shortfall) go to the leader.
        parts[leader] += remainder
        if parts[leader] < 0 {
            // Only possible through rounding at the edge; take the excess back from the largest part.
            let largest = parts.indices.max { parts[$0] < parts[$1] }!
            parts[largest] += parts[leader]
            parts[leader] = 0
        }
        return parts
    }

    /// The number with its two lowest differing adjacent digits swapped (852 → 825, 855 → 585);
    /// a number without such digits is mistyped by ten instead (888 → 898).
    static func transposed(_ value: Int) -> Int {
        var digits = Array(String(value))
        var i = digits.count - 1
        while i > 0 {
            if digits[i] != digits[i - 1] {
                digits.swapAt(i, i - 1)
                return Int(String(digits)) ?? value + 10
            }
            i -= 1
        }
        return value + 10
    }
}
