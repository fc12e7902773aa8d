import Foundation

/// A precinct's report of how many voters had received ballots by one of the profile's
/// reporting times during election day (Kazakhstan 2011: 10:00, 13:00, 16:00 and 18:30).
public struct TurnoutReport: Codable, Hashable, Sendable {
    public var electionID: String
    public var precinctID: String
    /// "HH:MM", one of `LawProfile.turnoutReportingTimes`.
    public var time: String
    /// Voters who had received ballots since the opening, cumulative.
    public var voters: Int

    public init(electionID: String, precinctID: String, time: String, voters: Int) {
        self.electionID = electionID
        self.precinctID = precinctID
        self.time = time
        self.voters = voters
    }

    /// Refuses a report that cannot be right on its own: bad ids, a time the law does not
    /// report at, or more voters than the precinct has registered.
    public func validate(profile: LawProfile, registeredVoters: Int) throws(TurnoutRejection) {
        try validateIDs()
        guard profile.turnoutReportingTimes.contains(time) else {
            throw TurnoutRejection(
                code: .unknownTime, field: "time",
                message: "'\(time)' is not a turnout reporting time of profile \(profile.id) "
                    + "(\(profile.turnoutReportingTimes.joined(separator: ", ")))")
        }
        guard voters >= 0 else {
            throw TurnoutRejection(code: .negativeFigure, field: "voters", message: "\(voters) voters is negative")
        }
        guard voters <= registeredVoters else {
            throw TurnoutRejection(
                code: .aboveRegistered, field: "voters",
                message: "\(voters) voters by \(time) is more than the \(registeredVoters) registered at precinct '\(precinctID)'")
        }
    }

    func validateIDs() throws(TurnoutRejection) {
        if let problem = ResultsProtocol.idProblem(precinctID, name: "precinct id") {
            throw TurnoutRejection(code: TurnoutRejection.Code(problem.code), field: "precinctID", message: problem.message)
        }
        if let problem = ResultsProtocol.idProblem(electionID, name: "election id") {
            throw TurnoutRejection(code: TurnoutRejection.Code(problem.code), field: "electionID", message: problem.message)
        }
    }
}

/// Why a turnout report was refused, in the same shape as `ProtocolRejection`.
public struct TurnoutRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Codable, CaseIterable, Sendable {
        case emptyID = "empty-id"
        case idTooLong = "id-too-long"
        case controlCharacters = "control-characters"
        case unknownTime = "unknown-time"
        case negativeFigure = "negative-figure"
        case aboveRegistered = "above-registered"
        /// A cumulative figure below an earlier time's or above a later time's report.
        case notCumulative = "not-cumulative"
        case unknownPrecinct = "unknown-precinct"
        case wrongElection = "wrong-election"

        init(_ code: ProtocolRejection.Code) {
            switch code {
            case .idTooLong: self = .idTooLong
            case .controlCharacters: self = .controlCharacters
            default: self = .emptyID
            }
        }
    }

    public let code: Code
    public let field: String
    public let message: String

    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code.rawValue) (\(field)): \(message)" }
}

/// Turnout of a commission at one time of the day.
public struct TurnoutPoint: Codable, Hashable, Sendable {
    public var time: String
    /// Voters who had received ballots in the reporting precincts.
    public var voters: Int
    /// Registered voters of the reporting precincts: the denominator of `share`, so that a
    /// partial report does not look like a low turnout.
    public var registeredVoters: Int
    public var reportingPrecincts: Int
    public var expectedPrecincts: Int
    /// voters ÷ registeredVoters; nil while no precinct has reported.
    public var share: Double?

    public init(time: String, voters: Int, registeredVoters: Int, reportingPrecincts: Int, expectedPrecincts: Int) {
        self.time = time
        self.voters = voters
        self.registeredVoters = registeredVoters
        self.reportingPrecincts = reportingPrecincts
        self.expectedPrecincts = expectedPrecincts
        share = registeredVoters > 0 ? Double(voters) / Double(registeredVoters) : nil
    }
}

/// A commission's turnout through the day, and optionally at the close from its summary protocol.
public struct TurnoutSummary: Codable, Hashable, Sendable {
    public var commissionID: String
    /// One point per reporting time, in the profile's order.
    public var points: [TurnoutPoint]
    /// The final figure from the results (profile `turnout` over `registeredVoters` of the
    /// counted protocols), stamped with the closing time, when a summary was given.
    public var final: TurnoutPoint?
}

/// Turnout reports summed per commission and reporting time along the same tabulating chains as
/// the results, with flat storage like `Tabulation`.
public struct TurnoutTabulation: Sendable, Equatable, CustomStringConvertible {
    public let structure: TabulationStructure
    public let profile: LawProfile
    public let electionID: String
    public var times: [String] { profile.turnoutReportingTimes }

    /// Per precinct and time: the reported voters, or -1 if none.
    var reported: [Int32]
    /// Per aggregate and time.
    var voters: [Int]
    var reporting: [Int]
    var reportingRegistered: [Int]

    public init(structure: TabulationStructure, profile: LawProfile, electionID: String) {
        self.structure = structure
        self.profile = profile
        self.electionID = electionID
        let t = profile.turnoutReportingTimes.count
        reported = Array(repeating: -1, count: structure.precinctCount * t)
        voters = Array(repeating: 0, count: structure.commissionCount * t)
        reporting = voters
        reportingRegistered = voters
    }

    /// Short, so that a failed comparison does not print a whole profile.
    public var description: String {
        "TurnoutTabulation(\(electionID), \(profile.id): \(structure.precinctCount) precincts, "
            + "\(reported.filter { $0 >= 0 }.count) reports, voters checksum \(voters.reduce(0, &+)))"
    }

    /// Records or corrects a precinct's report for one time. A correction replaces the earlier
    /// figure; the figures of one precinct must not decrease through the day.
    public mutating func record(_ report: TurnoutReport) throws(TurnoutRejection) {
        // Malformed ids are reported as such, not as an unknown precinct or election.
        try report.validateIDs()
        guard report.electionID == electionID else {
            throw TurnoutRejection(
                code: .wrongElection, field: "electionID",
                message: "the report is for election '\(report.electionID)' but this tabulation is of '\(electionID)'")
        }
        guard let p = structure.precinctIndex[report.precinctID] else {
            throw TurnoutRejection(
                code: .unknownPrecinct, field: "precinctID",
                message: "precinct '\(report.precinctID)' is not part of election '\(electionID)'")
        }
        let registered = structure.registeredVoters[p]
        try report.validate(profile: profile, registeredVoters: registered)
        let timeCount = times.count
        let t = times.firstIndex(of: report.time)!
        let base = p * timeCount
        if let earlier = (0..<t).reversed().first(where: { reported[base + $0] >= 0 }), Int(reported[base + earlier]) > report.voters {
            throw TurnoutRejection(
                code: .notCumulative, field: "voters",
                message:
                    "\(report.voters) voters by \(report.time) is fewer than the \(reported[base + earlier]) reported by \(times[earlier])")
        }
        if let later = (t + 1..<timeCount).first(where: { reported[base + $0] >= 0 }), Int(reported[base + later]) < report.voters {
            throw TurnoutRejection(
                code: .notCumulative, field: "voters",
                message: "\(report.voters) voters by \(report.time) is more than the \(reported[base + later]) reported by \(times[later])")
        }
        let old = reported[base + t]
        let dVoters = report.voters - (old >= 0 ? Int(old) : 0)
        let dReporting = old >= 0 ? 0 : 1
        var a = structure.precinctTabulator[p]
        while a >= 0 {
            voters[a * timeCount + t] += dVoters
            reporting[a * timeCount + t] += dReporting
            reportingRegistered[a * timeCount + t] += dReporting * registered
            a = structure.commissionParent[a]
        }
        reported[base + t] = Int32(report.voters)
    }

    /// The same state with every total rebuilt from the precinct reports.
    public func recounted() -> TurnoutTabulation {
        var copy = self
        let timeCount = times.count
        copy.voters = Array(repeating: 0, count: structure.commissionCount * timeCount)
        copy.reporting = copy.voters
        copy.reportingRegistered = copy.voters
        for p in 0..<structure.precinctCount {
            let a = structure.precinctTabulator[p]
            for t in 0..<timeCount where reported[p * timeCount + t] >= 0 {
                copy.voters[a * timeCount + t] += Int(reported[p * timeCount + t])
                copy.reporting[a * timeCount + t] += 1
                copy.reportingRegistered[a * timeCount + t] += structure.registeredVoters[p]
            }
        }
        for a in structure.bottomUp {
            let parent = structure.commissionParent[a]
            guard parent >= 0 else { continue }
            for t in 0..<timeCount {
                copy.voters[parent * timeCount + t] += copy.voters[a * timeCount + t]
                copy.reporting[parent * timeCount + t] += copy.reporting[a * timeCount + t]
                copy.reportingRegistered[parent * timeCount + t] += copy.reportingRegistered[a * timeCount + t]
            }
        }
        return copy
    }

    /// Turnout of any commission (precinct commissions included) at each reporting time; with
    /// the commission's results summary, also the final turnout to compare the day's figures with.
    public func summary(of commissionID: String, final results: CommissionSummaryProtocol? = nil) -> TurnoutSummary? {
        let timeCount = times.count
        var points: [TurnoutPoint] = []
        if let a = structure.commissionIndex[commissionID] {
            for (t, time) in times.enumerated() {
                let i = a * timeCount + t
                points.append(
                    TurnoutPoint(
                        time: time, voters: voters[i], registeredVoters: reportingRegistered[i], reportingPrecincts: reporting[i],
                        expectedPrecincts: structure.expectedPrecincts[a]))
            }
        } else if let p = structure.precinctIndex[commissionID] {
            for (t, time) in times.enumerated() {
                let value = reported[p * timeCount + t]
                points.append(
                    TurnoutPoint(
                        time: time, voters: max(Int(value), 0), registeredVoters: value >= 0 ? structure.registeredVoters[p] : 0,
                        reportingPrecincts: value >= 0 ? 1 : 0, expectedPrecincts: 1))
            }
        } else {
            return nil
        }
        let final = results.map {
            TurnoutPoint(
                time: profile.calendar.votingCloses, voters: $0.turnoutVoters, registeredVoters: $0.registeredVoters,
                reportingPrecincts: $0.progress.accepted, expectedPrecincts: $0.progress.expected)
        }
        return TurnoutSummary(commissionID: commissionID, points: points, final: final)
    }
}
