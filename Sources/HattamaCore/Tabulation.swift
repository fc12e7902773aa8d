import Foundation

/// The tabulating hierarchy of an election with integer indices, built once and shared by every
/// tabulation of the election (results and turnout).
///
/// Results flow along *tabulating* parents, which are not always geographic ones: a precinct is
/// summed by `Precinct.tabulatingCommissionID` (the 35 stations abroad are counted by the Esil
/// district commission of Astana although they hang under the CEC), and every other commission
/// by its `parentID`. Precinct commissions are leaves; the others are "aggregates" with a row of
/// totals each.
public struct TabulationStructure: Sendable, Equatable {
    /// Ids of the non-precinct commissions, in the order given.
    public let commissionIDs: [String]
    let commissionIndex: [String: Int]
    /// Tabulating parent of each aggregate; -1 for the central commission.
    let commissionParent: [Int]
    /// Aggregates with every commission before its parent, for bottom-up summation.
    let bottomUp: [Int]
    public let precinctIDs: [String]
    let precinctIndex: [String: Int]
    /// Aggregate index of each precinct's tabulating commission.
    let precinctTabulator: [Int]
    /// Registered voters of each precinct from the structure (the voter list sent to the PEC).
    public let registeredVoters: [Int]
    /// Precincts and registered voters below each aggregate, whatever has been received.
    let expectedPrecincts: [Int]
    let expectedRegistered: [Int]

    public var precinctCount: Int { precinctIDs.count }
    public var commissionCount: Int { commissionIDs.count }

    /// Builds the hierarchy from commissions and their stations. The commissions need not be in
    /// any order; a cycle, an unknown or precinct-level parent, or a station tabulated by a
    /// precinct or unknown commission is refused.
    public init(commissions: [Commission], precincts: [Precinct]) throws(ElectionStructure.Problem) {
        func fail(_ subject: String, _ problem: String) -> ElectionStructure.Problem {
            ElectionStructure.Problem(subject: subject, problem: problem)
        }
        var precinctIndex: [String: Int] = [:]
        precinctIndex.reserveCapacity(precincts.count)
        for (i, precinct) in precincts.enumerated() {
            guard precinctIndex.updateValue(i, forKey: precinct.id) == nil else { throw fail("precinct \(precinct.id)", "appears twice") }
            guard precinct.registeredVoters >= 0, precinct.registeredVoters <= Int(Int32.max) else {
                throw fail("precinct \(precinct.id)", "registered voters \(precinct.registeredVoters) outside 0…\(Int32.max)")
            }
        }
        var commissionIDs: [String] = []
        var parentIDs: [String?] = []
        var commissionIndex: [String: Int] = [:]
        var hasCommission = [Bool](repeating: false, count: precincts.count)
        for c in commissions.indices {
            let id = commissions[c].id
            if let p = precinctIndex[id] {
                guard !hasCommission[p] else { throw fail("commission \(id)", "appears twice") }
                hasCommission[p] = true
                continue
            }
            guard commissionIndex.updateValue(commissionIDs.count, forKey: id) == nil else {
                throw fail("commission \(id)", "appears twice")
            }
            commissionIDs.append(id)
            parentIDs.append(commissions[c].parentID)
        }
        for (a, parentID) in parentIDs.enumerated() {
            if let parentID, precinctIndex[parentID] != nil {
                throw fail("commission \(commissionIDs[a])", "parent '\(parentID)' is a precinct commission")
            }
        }
        if let p = hasCommission.firstIndex(of: false) {
            throw fail("precinct \(precincts[p].id)", "has no commission with the same id")
        }

        var parent = [Int](repeating: -1, count: commissionIDs.count)
        var roots = 0
        for (a, parentID) in parentIDs.enumerated() {
            guard let parentID else {
                roots += 1
                continue
            }
            guard let p = commissionIndex[parentID] else { throw fail("commission \(commissionIDs[a])", "parent '\(parentID)' is unknown") }
            parent[a] = p
        }
        guard roots == 1 else { throw fail("structure", "must have exactly one central commission, found \(roots)") }

        // Depth of every aggregate, refusing cycles: 0 unvisited, 1 on the current path, 2 done.
        var depth = [Int](repeating: 0, count: commissionIDs.count)
        var state = [UInt8](repeating: 0, count: commissionIDs.count)
        for start in commissionIDs.indices where state[start] == 0 {
            var path: [Int] = []
            var a = start
            while a >= 0, state[a] == 0 {
                state[a] = 1
                path.append(a)
                a = parent[a]
            }
            if a >= 0, state[a] == 1 { throw fail("commission \(commissionIDs[a])", "is its own ancestor") }
            var d = a >= 0 ? depth[a] + 1 : 0
            for node in path.reversed() {
                depth[node] = d
                state[node] = 2
                d += 1
            }
        }
        let bottomUp = commissionIDs.indices.sorted { (depth[$0], $1) > (depth[$1], $0) }

        var tabulator = [Int](repeating: 0, count: precincts.count)
        var registered = [Int](repeating: 0, count: precincts.count)
        var expected = [Int](repeating: 0, count: commissionIDs.count)
        var expectedRegistered = [Int](repeating: 0, count: commissionIDs.count)
        for (i, precinct) in precincts.enumerated() {
            guard let a = commissionIndex[precinct.tabulatingCommissionID] else {
                throw fail(
                    "precinct \(precinct.id)",
                    "tabulating commission '\(precinct.tabulatingCommissionID)' is unknown or a precinct commission")
            }
            tabulator[i] = a
            registered[i] = precinct.registeredVoters
            expected[a] += 1
            expectedRegistered[a] += precinct.registeredVoters
        }
        for a in bottomUp where parent[a] >= 0 {
            expected[parent[a]] += expected[a]
            expectedRegistered[parent[a]] += expectedRegistered[a]
        }

        self.commissionIDs = commissionIDs
        self.commissionIndex = commissionIndex
        self.commissionParent = parent
        self.bottomUp = bottomUp
        self.precinctIDs = precincts.map(\.id)
        self.precinctIndex = precinctIndex
        self.precinctTabulator = tabulator
        self.registeredVoters = registered
        self.expectedPrecincts = expected
        self.expectedRegistered = expectedRegistered
    }

    public init(_ structure: ElectionStructure) throws(ElectionStructure.Problem) {
        try self.init(commissions: structure.commissions, precincts: structure.precincts)
    }

    /// Commissions that sum a precinct's protocol, from its tabulating commission up to the CEC.
    public func tabulatingChain(ofPrecinct id: String) -> [String]? {
        guard let p = precinctIndex[id] else { return nil }
        var chain: [String] = []
        var a = precinctTabulator[p]
        while a >= 0 {
            chain.append(commissionIDs[a])
            a = commissionParent[a]
        }
        return chain
    }

    /// Tabulating parent of a commission or precinct; nil for the CEC and unknown ids.
    public func tabulatingParent(of id: String) -> String? {
        if let p = precinctIndex[id] { return commissionIDs[precinctTabulator[p]] }
        guard let a = commissionIndex[id], commissionParent[a] >= 0 else { return nil }
        return commissionIDs[commissionParent[a]]
    }

    /// The polling stations whose protocols `commissionID` sums, directly or through the
    /// commissions under it, in structure order: the tabulating chain, not the geographic one, so
    /// the stations abroad count under the district that tabulates them. Empty for an unknown id;
    /// a precinct commission gives itself.
    public func precinctIDs(tabulatedUnder commissionID: String) -> [String] {
        if precinctIndex[commissionID] != nil { return [commissionID] }
        guard let target = commissionIndex[commissionID] else { return [] }
        // Mark once which aggregates lie under the target (parents come after their children in
        // `bottomUp`, so walking it top-down sees every parent before its children).
        var under = [Bool](repeating: false, count: commissionIDs.count)
        under[target] = true
        for a in bottomUp.reversed() where commissionParent[a] >= 0 && under[commissionParent[a]] { under[a] = true }
        return precinctIDs.indices.filter { under[precinctTabulator[$0]] }.map { precinctIDs[$0] }
    }

    public func isPrecinct(_ id: String) -> Bool { precinctIndex[id] != nil }
    public func contains(_ id: String) -> Bool { precinctIndex[id] != nil || commissionIndex[id] != nil }
}

/// Progress of the count below one commission.
public struct TabulationProgress: Codable, Hashable, Sendable {
    /// Precincts whose protocols this commission sums.
    public var expected: Int
    /// Precincts with a protocol in, whatever its outcome.
    public var received: Int
    /// Precincts whose protocol counts (accepted, with or without warnings).
    public var accepted: Int
    /// Of `accepted`, those accepted with warnings.
    public var acceptedWithWarnings: Int
    /// Precincts whose current protocol failed an error-level control.
    public var quarantined: Int
    /// Registered voters (from the structure) of all expected precincts.
    public var registeredVoters: Int
    /// Registered voters (from the structure) of the precincts whose protocol counts.
    public var registeredVotersAccepted: Int

    public init(
        expected: Int, received: Int, accepted: Int, acceptedWithWarnings: Int, quarantined: Int, registeredVoters: Int,
        registeredVotersAccepted: Int
    ) {
        self.expected = expected
        self.received = received
        self.accepted = accepted
        self.acceptedWithWarnings = acceptedWithWarnings
        self.quarantined = quarantined
        self.registeredVoters = registeredVoters
        self.registeredVotersAccepted = registeredVotersAccepted
    }

    /// Precincts not heard from yet.
    public var outstanding: Int { expected - received }
    /// Registered voters of outstanding and quarantined precincts: the most votes that could still come in.
    public var registeredVotersNotAccepted: Int { registeredVoters - registeredVotersAccepted }
    public var isComplete: Bool { accepted == expected }
}

/// A candidate's votes in a summary, with the share over valid votes (the Kazakh rule, law brief §1.9).
public struct CandidateResult: Codable, Hashable, Sendable {
    public var candidateID: String
    public var votes: Int
    /// votes ÷ valid votes; nil while there are no valid votes.
    public var share: Double?

    public init(candidateID: String, votes: Int, share: Double?) {
        self.candidateID = candidateID
        self.votes = votes
        self.share = share
    }
}

/// A commission's summary protocol: the figures of every counting protocol below it, summed
/// along the tabulating chain, with the derived figures of the profile and the count's progress.
public struct CommissionSummaryProtocol: Codable, Hashable, Sendable {
    public var electionID: String
    public var commissionID: String
    /// True for a precinct commission, whose "summary" is its own protocol.
    public var isPrecinct: Bool
    /// Summed line figures by line id (all lines of the form).
    public var lines: [String: Int]
    /// Candidates in ballot order.
    public var candidates: [CandidateResult]
    /// The profile's `registeredVoters` over the summed lines (voters on the lists on election day).
    public var registeredVoters: Int
    /// The profile's `turnout` numerator over the summed lines (Kazakhstan: voters who received ballots).
    public var turnoutVoters: Int
    /// turnoutVoters ÷ registeredVoters; nil while nobody is registered in the counted protocols.
    public var turnout: Double?
    public var ballotsIssued: Int
    public var ballotsCast: Int
    public var invalidBallots: Int
    public var validVotes: Int
    /// What the winner's share is taken of (`profile.winner.basis`).
    public var winnerBasis: Int
    public var progress: TabulationProgress

    public var candidateVotes: [String: Int] {
        Dictionary(uniqueKeysWithValues: candidates.map { ($0.candidateID, $0.votes) })
    }
}

/// Where a precinct's current protocol stands.
enum PrecinctState: UInt8, Sendable {
    case none = 0
    case accepted, acceptedWithWarnings, quarantined

    init(_ outcome: ProtocolOutcome) {
        switch outcome {
        case .accepted: self = .accepted
        case .acceptedWithWarnings: self = .acceptedWithWarnings
        case .quarantined: self = .quarantined
        }
    }

    var counts: Bool { self == .accepted || self == .acceptedWithWarnings }

    var outcome: ProtocolOutcome? {
        switch self {
        case .none: nil
        case .accepted: .accepted
        case .acceptedWithWarnings: .acceptedWithWarnings
        case .quarantined: .quarantined
        }
    }
}

/// Summary protocols of every commission, kept up to date one precinct protocol at a time.
///
/// Storage is flat: each precinct's current figures are a row of `Int32` (lines in form order,
/// then candidates in ballot order) and each aggregate commission has a row of `Int` totals and a
/// few counters. Recording a protocol subtracts the precinct's previous contribution and adds the
/// new one along its tabulating chain (three or four rows); `recounted()` rebuilds every total
/// from the precinct rows in one pass without any dictionary, which is what lets a million
/// stations be re-tabulated in a fraction of a second.
public struct Tabulation: Sendable, Equatable, CustomStringConvertible {
    public let structure: TabulationStructure
    public let profile: CompiledProfile
    public let electionID: String
    /// The election's candidates, in ballot order.
    public let candidates: [Candidate]
    let width: Int
    let lineCount: Int

    var state: [PrecinctState]
    var figures: [Int32]
    var totals: [Int]
    var received: [Int]
    var accepted: [Int]
    var warned: [Int]
    var quarantined: [Int]
    var registeredAccepted: [Int]

    /// An empty tabulation: every precinct outstanding.
    public init(structure: TabulationStructure, profile: CompiledProfile, electionID: String, candidates: [Candidate])
        throws(ElectionStructure.Problem)
    {
        let ours = candidates.filter { $0.electionID == electionID }.sorted { $0.ballotOrder < $1.ballotOrder }
        var ids = Set<String>()
        for candidate in ours where !ids.insert(candidate.id).inserted {
            throw ElectionStructure.Problem(subject: "candidate \(candidate.id)", problem: "appears twice")
        }
        // Precinct figures are stored as Int32 to halve the memory of a national tabulation.
        guard profile.profile.protocolForm.maximumLineValue <= Int(Int32.max) else {
            throw ElectionStructure.Problem(
                subject: "profile \(profile.profile.id)", problem: "maximumLineValue above \(Int32.max) cannot be tabulated")
        }
        self.structure = structure
        self.profile = profile
        self.electionID = electionID
        self.candidates = ours
        lineCount = profile.lineIDs.count
        width = lineCount + ours.count
        let aggregates = structure.commissionCount
        state = Array(repeating: .none, count: structure.precinctCount)
        figures = Array(repeating: 0, count: structure.precinctCount * width)
        totals = Array(repeating: 0, count: aggregates * width)
        received = Array(repeating: 0, count: aggregates)
        accepted = received
        warned = received
        quarantined = received
        registeredAccepted = received
    }

    /// An empty tabulation of a whole election structure.
    public init(_ election: ElectionStructure, profile: LawProfile) throws(ElectionStructure.Problem) {
        let compiled: CompiledProfile
        do {
            compiled = try CompiledProfile(profile)
        } catch {
            throw ElectionStructure.Problem(subject: "profile \(profile.id)", problem: error.message)
        }
        try self.init(
            structure: TabulationStructure(election), profile: compiled, electionID: election.election.id, candidates: election.candidates)
    }

    // MARK: Recording

    /// Records the current version of a precinct's protocol, replacing any earlier version, and
    /// updates the summaries of every commission on its tabulating chain. A quarantined protocol
    /// counts as received and quarantined; its figures stay out of every total. The protocol is
    /// validated against the profile and candidates; a refused protocol changes nothing.
    public mutating func record(_ resultsProtocol: ResultsProtocol, assessment: ProtocolAssessment) throws(ProtocolRejection) {
        let p = try precinct(of: resultsProtocol)
        let row = try extract(resultsProtocol)
        row.withUnsafeBufferPointer { apply(p, PrecinctState(assessment.outcome), $0) }
    }

    /// Records a protocol with the assessment of this tabulation's profile.
    public mutating func record(_ resultsProtocol: ResultsProtocol) throws(ProtocolRejection) {
        try record(resultsProtocol, assessment: profile.assess(resultsProtocol))
    }

    /// Takes a precinct's protocol out of the count (e.g. cancelled by a higher commission): the
    /// precinct is outstanding again.
    public mutating func withdraw(precinctID: String) throws(ProtocolRejection) {
        guard let p = structure.precinctIndex[precinctID] else { throw Self.unknownPrecinct(precinctID, electionID) }
        let zeros = [Int32](repeating: 0, count: width)
        zeros.withUnsafeBufferPointer { apply(p, .none, $0) }
    }

    /// Outcome of the precinct's current protocol; nil if none is in (or the precinct is unknown).
    public func outcome(ofPrecinct id: String) -> ProtocolOutcome? {
        structure.precinctIndex[id].flatMap { state[$0].outcome }
    }

    func precinct(of resultsProtocol: ResultsProtocol) throws(ProtocolRejection) -> Int {
        // Malformed ids are reported as such, not as an unknown precinct or election.
        if let problem = ResultsProtocol.idProblem(resultsProtocol.precinctID, name: "precinct id") {
            throw ProtocolRejection(code: problem.code, field: "precinctID", message: problem.message)
        }
        if let problem = ResultsProtocol.idProblem(resultsProtocol.electionID, name: "election id") {
            throw ProtocolRejection(code: problem.code, field: "electionID", message: problem.message)
        }
        guard resultsProtocol.electionID == electionID else {
            throw ProtocolRejection(
                code: .wrongElection, field: "electionID",
                message: "the protocol is for election '\(resultsProtocol.electionID)' but this tabulation is of '\(electionID)'")
        }
        guard let p = structure.precinctIndex[resultsProtocol.precinctID] else {
            throw Self.unknownPrecinct(resultsProtocol.precinctID, electionID)
        }
        return p
    }

    static func unknownPrecinct(_ id: String, _ electionID: String) -> ProtocolRejection {
        ProtocolRejection(code: .unknownPrecinct, field: "precinctID", message: "precinct '\(id)' is not part of election '\(electionID)'")
    }

    /// The protocol's figures as a row. The fast path only checks that every expected key is
    /// there and in range; anything else goes through full validation for a precise rejection.
    func extract(_ resultsProtocol: ResultsProtocol) throws(ProtocolRejection) -> [Int32] {
        let maximum = profile.profile.protocolForm.maximumLineValue
        var row = [Int32](repeating: 0, count: width)
        var ok = resultsProtocol.lines.count == lineCount && resultsProtocol.candidateVotes.count == candidates.count
        if ok {
            for (i, id) in profile.lineIDs.enumerated() {
                guard let value = resultsProtocol.lines[id], value >= 0, value <= maximum else {
                    ok = false
                    break
                }
                row[i] = Int32(value)
            }
        }
        if ok {
            for (k, candidate) in candidates.enumerated() {
                guard let value = resultsProtocol.candidateVotes[candidate.id], value >= 0, value <= maximum else {
                    ok = false
                    break
                }
                row[lineCount + k] = Int32(value)
            }
        }
        if ok { return row }
        try resultsProtocol.validate(profile: profile.profile, candidates: candidates)
        throw ProtocolRejection(code: .unknownLine, field: "lines", message: "the protocol does not match the form")
    }

    /// Replaces precinct `p`'s contribution: one pass over its tabulating chain.
    mutating func apply(_ p: Int, _ new: PrecinctState, _ row: UnsafeBufferPointer<Int32>) {
        let old = state[p]
        let width = width
        let base = p * width
        let registered = structure.registeredVoters[p]
        // What changes in the totals: the new figures if they count, minus the old if they counted.
        var delta = [Int](repeating: 0, count: width)
        var anyDelta = false
        for j in 0..<width {
            let d = (new.counts ? Int(row[j]) : 0) - (old.counts ? Int(figures[base + j]) : 0)
            delta[j] = d
            anyDelta = anyDelta || d != 0
        }
        let dReceived = (new != .none ? 1 : 0) - (old != .none ? 1 : 0)
        let dAccepted = (new.counts ? 1 : 0) - (old.counts ? 1 : 0)
        let dWarned = (new == .acceptedWithWarnings ? 1 : 0) - (old == .acceptedWithWarnings ? 1 : 0)
        let dQuarantined = (new == .quarantined ? 1 : 0) - (old == .quarantined ? 1 : 0)
        var a = structure.precinctTabulator[p]
        while a >= 0 {
            if anyDelta {
                let target = a * width
                for j in 0..<width { totals[target + j] += delta[j] }
            }
            received[a] += dReceived
            accepted[a] += dAccepted
            warned[a] += dWarned
            quarantined[a] += dQuarantined
            registeredAccepted[a] += dAccepted * registered
            a = structure.commissionParent[a]
        }
        for j in 0..<width { figures[base + j] = row[j] }
        state[p] = new
    }

    // MARK: Full recount

    /// A tabulation recomputed from scratch from the current protocols, in the order given (a
    /// later protocol of the same precinct replaces an earlier one, as in `record`). Must equal
    /// the incremental state after recording the same protocols. Throws what the initializer
    /// (`ElectionStructure.Problem`) or `record` (`ProtocolRejection`) would.
    public static func recount(
        structure: TabulationStructure, profile: CompiledProfile, electionID: String, candidates: [Candidate],
        protocols: some Sequence<(ResultsProtocol, ProtocolAssessment)>
    ) throws -> Tabulation {
        var tabulation = try Tabulation(structure: structure, profile: profile, electionID: electionID, candidates: candidates)
        for (resultsProtocol, assessment) in protocols {
            let p = try tabulation.precinct(of: resultsProtocol)
            let row = try tabulation.extract(resultsProtocol)
            let base = p * tabulation.width
            for j in 0..<tabulation.width { tabulation.figures[base + j] = row[j] }
            tabulation.state[p] = PrecinctState(assessment.outcome)
        }
        tabulation.recomputeTotals()
        return tabulation
    }

    /// The same tabulation with every total rebuilt from the precinct rows.
    public func recounted() -> Tabulation {
        var copy = self
        copy.recomputeTotals()
        return copy
    }

    /// One pass over the precincts into their tabulating commissions, then one pass up the
    /// aggregates, children before parents. Flat buffers, integer indices, no dictionaries.
    mutating func recomputeTotals() {
        let width = width
        let aggregates = structure.commissionCount
        var totals = [Int](repeating: 0, count: aggregates * width)
        var received = [Int](repeating: 0, count: aggregates)
        var accepted = received
        var warned = received
        var quarantined = received
        var registeredAccepted = received
        state.withUnsafeBufferPointer { state in
            figures.withUnsafeBufferPointer { figures in
                structure.precinctTabulator.withUnsafeBufferPointer { tabulator in
                    structure.registeredVoters.withUnsafeBufferPointer { registered in
                        totals.withUnsafeMutableBufferPointer { totals in
                            for p in 0..<state.count {
                                let s = state[p]
                                if s == .none { continue }
                                let a = tabulator[p]
                                received[a] &+= 1
                                switch s {
                                case .quarantined:
                                    quarantined[a] &+= 1
                                    continue
                                case .acceptedWithWarnings: warned[a] &+= 1
                                default: break
                                }
                                accepted[a] &+= 1
                                registeredAccepted[a] &+= registered[p]
                                let source = p * width
                                let target = a * width
                                for j in 0..<width { totals[target + j] &+= Int(figures[source + j]) }
                            }
                        }
                    }
                }
            }
        }
        for a in structure.bottomUp {
            let parent = structure.commissionParent[a]
            guard parent >= 0 else { continue }
            for j in 0..<width { totals[parent * width + j] += totals[a * width + j] }
            received[parent] += received[a]
            accepted[parent] += accepted[a]
            warned[parent] += warned[a]
            quarantined[parent] += quarantined[a]
            registeredAccepted[parent] += registeredAccepted[a]
        }
        self.totals = totals
        self.received = received
        self.accepted = accepted
        self.warned = warned
        self.quarantined = quarantined
        self.registeredAccepted = registeredAccepted
    }

    // MARK: Summaries

    /// The summary protocol of any commission, precinct commissions included; nil for an unknown id.
    public func summary(of commissionID: String) -> CommissionSummaryProtocol? {
        if let a = structure.commissionIndex[commissionID] {
            let row = Array(totals[a * width..<(a + 1) * width])
            let progress = TabulationProgress(
                expected: structure.expectedPrecincts[a], received: received[a], accepted: accepted[a],
                acceptedWithWarnings: warned[a], quarantined: quarantined[a], registeredVoters: structure.expectedRegistered[a],
                registeredVotersAccepted: registeredAccepted[a])
            return summary(commissionID, isPrecinct: false, row: row, progress: progress)
        }
        guard let p = structure.precinctIndex[commissionID] else { return nil }
        let s = state[p]
        let row = s.counts ? figures[p * width..<(p + 1) * width].map(Int.init) : [Int](repeating: 0, count: width)
        let progress = TabulationProgress(
            expected: 1, received: s == .none ? 0 : 1, accepted: s.counts ? 1 : 0, acceptedWithWarnings: s == .acceptedWithWarnings ? 1 : 0,
            quarantined: s == .quarantined ? 1 : 0, registeredVoters: structure.registeredVoters[p],
            registeredVotersAccepted: s.counts ? structure.registeredVoters[p] : 0)
        return summary(commissionID, isPrecinct: true, row: row, progress: progress)
    }

    /// Summaries of every non-precinct commission, in structure order.
    public func commissionSummaries() -> [CommissionSummaryProtocol] {
        structure.commissionIDs.compactMap { summary(of: $0) }
    }

    func summary(_ id: String, isPrecinct: Bool, row: [Int], progress: TabulationProgress) -> CommissionSummaryProtocol {
        let lines = Array(row[0..<lineCount])
        let votes = Array(row[lineCount...])
        let candidateSum = votes.reduce(0, +)
        func value(_ term: CompiledTerm) -> Int { term.evaluate(lines: lines, candidateSum: candidateSum) }
        let valid = value(profile.validVotes)
        let registered = value(profile.registeredVoters)
        let turnoutVoters = value(profile.turnout)
        return CommissionSummaryProtocol(
            electionID: electionID, commissionID: id, isPrecinct: isPrecinct,
            lines: Dictionary(uniqueKeysWithValues: zip(profile.lineIDs, lines)),
            candidates: zip(candidates, votes).map { candidate, votes in
                CandidateResult(candidateID: candidate.id, votes: votes, share: valid > 0 ? Double(votes) / Double(valid) : nil)
            },
            registeredVoters: registered, turnoutVoters: turnoutVoters,
            turnout: registered > 0 ? Double(turnoutVoters) / Double(registered) : nil,
            ballotsIssued: value(profile.ballotsIssued), ballotsCast: value(profile.ballotsCast),
            invalidBallots: value(profile.invalidBallots), validVotes: valid, winnerBasis: value(profile.winnerBasis), progress: progress)
    }

    /// Short, so that a failed comparison in a test or a log line does not print a whole profile.
    public var description: String {
        let received = state.filter { $0 != .none }.count
        let counted = state.filter(\.counts).count
        return "Tabulation(\(electionID), \(profile.profile.id): \(structure.precinctCount) precincts, \(received) received, "
            + "\(counted) counted, totals checksum \(totals.reduce(0, &+)))"
    }

    public static func == (lhs: Tabulation, rhs: Tabulation) -> Bool {
        lhs.electionID == rhs.electionID && lhs.candidates == rhs.candidates && lhs.profile.profile == rhs.profile.profile
            && lhs.structure == rhs.structure && lhs.state == rhs.state && lhs.figures == rhs.figures && lhs.totals == rhs.totals
            && lhs.received == rhs.received && lhs.accepted == rhs.accepted && lhs.warned == rhs.warned
            && lhs.quarantined == rhs.quarantined && lhs.registeredAccepted == rhs.registeredAccepted
    }
}
