import Foundation

/// The rules of one country's election, as data. Nothing country-specific lives in Swift code:
/// a new country is added by writing a profile file (see `Profiles/` and docs/law-profiles.md).
public struct LawProfile: Codable, Hashable, Sendable {
    public var id: String
    public var formatVersion: Int
    public var country: String
    public var name: LocalizedText
    public var legalBasis: String
    public var commissionLevels: [CommissionLevel]
    public var protocolForm: ProtocolForm
    public var controls: [ControlRule]
    public var decisionRules: DecisionRules
    public var calendar: Calendar
    /// Kinds of special polling station this law knows (hospital, abroad, …); "ordinary" is implicit.
    public var specialStationKinds: [PrecinctKind]
    public var complaintDeadlines: ComplaintDeadlines
    public var substitutions: [SubstitutionRule]
    public var winner: WinnerRule
    public var turnoutReportingTimes: [String]

    public struct ProtocolForm: Codable, Hashable, Sendable {
        /// Fixed lines in the order they are printed on the form.
        public var lines: [ProtocolLine]
        /// How the per-candidate lines are labelled; one such line is added per registered candidate.
        public var candidateLines: CandidateLines
        /// Figures that turnout and results arithmetic need, as expressions over lines, so that
        /// forms with one "issued" line (Kazakhstan) and forms with three (Russia) both fit.
        public var registeredVoters: String
        public var ballotsIssued: String
        public var ballotsCast: String
        public var invalidBallots: String
        public var validVotes: String
        /// Numerator of turnout over `registeredVoters` (Kazakhstan: voters who received ballots).
        public var turnout: String
        /// Largest figure a single line may hold: anything larger is refused as absurd.
        public var maximumLineValue: Int
    }

    public struct ProtocolLine: Codable, Hashable, Sendable {
        public var id: String
        /// The number or letter printed on the form ("1", "a").
        public var number: String
        public var labels: LocalizedText
        /// Column header of this line in published CSV data (e.g. the Russian CEC's), if any.
        public var sourceColumn: String?
    }

    public struct CandidateLines: Codable, Hashable, Sendable {
        /// Number printed on the form before the first candidate line, if numbered.
        public var firstNumber: Int?
        public var labels: LocalizedText
    }

    public struct ControlRule: Codable, Hashable, Sendable {
        public enum Severity: String, Codable, Sendable { case error, warning }
        public var id: String
        public var expression: String
        public var severity: Severity
        public var tolerance: Int?
        public var article: String
        public var messages: LocalizedText

        public func parsed() throws(ControlExpression.ParseError) -> ControlExpression {
            try ControlExpression(parsing: expression)
        }
    }

    public struct DecisionRules: Codable, Hashable, Sendable {
        /// Share of the statutory membership that must be present.
        public var quorum: Fraction
        /// A decision needs strictly more than this share of the statutory membership voting in favour.
        public var adoptionMoreThan: Fraction
        /// Share of members who may convene a session (besides the chair).
        public var convene: Fraction
        public var article: String
    }

    public struct Calendar: Codable, Hashable, Sendable {
        public var voterListsToCommissionsDaysBefore: Int
        /// Lists are open for public scrutiny (lookup, inclusion and correction requests) from this
        /// many days before election day; special stations' lists from `specialListDisplayDaysBefore`.
        public var voterListDisplayDaysBefore: Int
        public var specialListDisplayDaysBefore: Int
        /// The last day of scrutiny for requests, in days before election day (0: election day itself).
        public var voterListRequestsUntilDaysBefore: Int
        public var specialListFinalisedDaysBefore: Int
        public var absenteeIssueFromDaysBefore: Int
        public var absenteeIssueUntilDaysBefore: Int
        public var absenteeIssueUntilTime: String
        /// Absentee certificates a region may order, as a share of its voters (percent).
        public var absenteeCapPercent: Double
        public var ballotReservePercent: Double
        /// A station's election-day additions above this share of its list as it stood before are
        /// flagged (percent).
        public var electionDayAdditionAlertPercent: Double
        public var votingOpens: String
        public var votingCloses: String
        public var countMaximumHours: Int
    }

    public struct ComplaintDeadlines: Codable, Hashable, Sendable {
        /// Calendar days to decide an ordinary complaint.
        public var defaultDays: Int
        /// Voter-list complaints are decided the same day.
        public var voterListSameDay: Bool
        /// Days before election day from which complaints are to be decided immediately.
        public var immediateFromDaysBefore: Int
        public var article: String
        /// Where a commission's refusal of a voter-list request can be taken.
        public var voterListAppealTo: LocalizedText
    }

    public struct SubstitutionRule: Codable, Hashable, Sendable {
        /// Commission level whose members this rule is about.
        public var level: String
        /// Bodies entitled to appoint a replacement member.
        public var appointingBodies: [String]
        /// Bodies that may fill a vacancy until an entitled body acts.
        public var interimBodies: [String]
        public var article: String
    }

    public struct WinnerRule: Codable, Hashable, Sendable {
        /// The winner must obtain strictly more than this share of `basis`.
        public var moreThan: Fraction
        /// What the share is taken of, as an expression over lines: the voters who took part
        /// (Kazakhstan, Russia) or the valid votes, as the law says.
        public var basis: String
        public var article: String
    }

    public func level(_ id: String) -> CommissionLevel? { commissionLevels.first { $0.id == id } }
    public var precinctLevel: CommissionLevel { commissionLevels.last! }
    public var topLevel: CommissionLevel { commissionLevels.first! }
    public func line(_ id: String) -> ProtocolLine? { protocolForm.lines.first { $0.id == id } }

    /// The first day of public scrutiny of a station's list: ordinary stations from
    /// `voterListDisplayDaysBefore`, special kinds from `specialListDisplayDaysBefore`.
    public func listDisplayDate(stationKind: String, electionDay: CivilDate) -> CivilDate {
        let special = specialStationKinds.contains { $0.id == stationKind }
        return electionDay.adding(days: -(special ? calendar.specialListDisplayDaysBefore : calendar.voterListDisplayDaysBefore))
    }

    /// The last day inclusion and correction requests may be filed.
    public func listRequestsLastDay(electionDay: CivilDate) -> CivilDate {
        electionDay.adding(days: -calendar.voterListRequestsUntilDaysBefore)
    }
}

/// A level of the commission hierarchy, highest first (CEC, regional, district/city, precinct).
public struct CommissionLevel: Codable, Hashable, Sendable {
    public var id: String
    public var names: LocalizedText
    public var abbreviations: LocalizedText
    /// Statutory membership; quorum and majorities count against this, never against who is present.
    public var statutoryMembers: Int
    /// Body that forms commissions of this level (e.g. the maslikhat of the same level).
    public var formedBy: String
}

/// A kind of polling station. Special kinds come from the law profile.
public struct PrecinctKind: Codable, Hashable, Sendable {
    public var id: String
    public var names: LocalizedText

    public init(id: String, names: LocalizedText) {
        self.id = id
        self.names = names
    }

    public static let ordinaryID = "ordinary"
    public static let abroadID = "abroad"
}
