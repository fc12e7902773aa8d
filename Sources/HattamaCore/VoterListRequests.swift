import Foundation

/// What a voter asks of the precinct commission during public scrutiny of the lists.
public enum VoterListRequestKind: String, Codable, CaseIterable, Sendable {
    /// A voter missing from every list asks to be put on this precinct's list.
    case inclusion
    /// A listed voter asks for their particulars to be corrected.
    case correction
}

/// How the commission decided a request.
public enum VoterListRequestOutcome: String, Codable, CaseIterable, Sendable {
    case granted
    case refused
}

/// Where a request stands at a moment.
public enum VoterListRequestStatus: String, Codable, CaseIterable, Sendable {
    /// Not yet decided, and the commission still may.
    case pending
    case granted
    case refused
    /// Not decided by its last day: the commission missed its deadline and can no longer decide.
    case overdue
}

/// The last day a request may be decided, from the profile's `complaintDeadlines`: the filing
/// day where `voterListSameDay`, else `defaultDays` calendar days after it.
public struct VoterListRequestDeadline: Codable, Hashable, Sendable {
    /// Calendar days after the filing day; 0: the same day.
    public var days: Int
    public var lastDay: CivilDate
    public var article: String

    public init(days: Int, lastDay: CivilDate, article: String) {
        self.days = days
        self.lastDay = lastDay
        self.article = article
    }

    public var isSameDay: Bool { days == 0 }

    public static func compute(filedAt: CivilDateTime, rules: LawProfile.ComplaintDeadlines) -> VoterListRequestDeadline {
        let days = rules.voterListSameDay ? 0 : rules.defaultDays
        return VoterListRequestDeadline(days: days, lastDay: filedAt.date.adding(days: days), article: rules.article)
    }

    /// Whether a decision at `time` comes too late: on any day after `lastDay`.
    public func isPast(at time: CivilDateTime) -> Bool { time.date > lastDay }
}

/// Where a refusal can be taken: the bodies the profile names (`complaintDeadlines.voterListAppealTo`,
/// in each language) under its article. Data, not a sentence; `description` is the English one.
public struct VoterListRequestAppeal: Codable, Hashable, Sendable, CustomStringConvertible {
    public var to: LocalizedText
    public var article: String

    public init(to: LocalizedText, article: String) {
        self.to = to
        self.article = article
    }

    public init(rules: LawProfile.ComplaintDeadlines) {
        self.init(to: rules.voterListAppealTo, article: rules.article)
    }

    public var description: String { "may be appealed to \(to.en) (\(article))" }
}

/// The days a station's list is open for inclusion and correction requests: from its display
/// date (ordinary and special stations differ) through the profile's last day for requests.
public struct VoterListRequestWindow: Codable, Hashable, Sendable {
    public var opens: CivilDate
    public var lastDay: CivilDate

    public init(opens: CivilDate, lastDay: CivilDate) {
        self.opens = opens
        self.lastDay = lastDay
    }

    public init(stationKind: String, electionDay: CivilDate, profile: LawProfile) {
        self.init(
            opens: profile.listDisplayDate(stationKind: stationKind, electionDay: electionDay),
            lastDay: profile.listRequestsLastDay(electionDay: electionDay))
    }

    /// Refuses a filing at `time` outside the window.
    public func check(precinctID: String, at time: CivilDateTime) throws(VoterListRequestError) {
        if time.date < opens { throw .listNotYetOpen(precinctID: precinctID, opens: opens, date: time.date) }
        if time.date > lastDay { throw .scrutinyOver(lastDay: lastDay, date: time.date) }
    }
}

/// Why a request could not be filed or decided.
public enum VoterListRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum TextProblem: Hashable, Sendable {
        case empty
        case tooLong(limit: Int)
        case controlCharacters
    }

    /// A proof of residence or a reason that is empty, too long or holds control characters.
    case invalidText(field: String, problem: TextProblem)
    /// Filed before the station's list is displayed for public scrutiny.
    case listNotYetOpen(precinctID: String, opens: CivilDate, date: CivilDate)
    /// Filed after the last day of public scrutiny.
    case scrutinyOver(lastDay: CivilDate, date: CivilDate)
    /// A refusal can be appealed, so it must say why.
    case refusalWithoutReason
    /// A decision stands; a request is decided once.
    case alreadyDecided(requestID: Int?)
    /// A decision dated before the filing it decides.
    case decisionBeforeFiling(decidedAt: CivilDateTime, filedAt: CivilDateTime)
    /// The deadline passed undecided: the commission can no longer decide, the voter may appeal.
    case overdue(requestID: Int?, filedOn: CivilDate, deadline: VoterListRequestDeadline, date: CivilDate, appeal: VoterListRequestAppeal)

    /// A stable name for API clients.
    public var code: String {
        switch self {
        case .invalidText: "invalid-text"
        case .listNotYetOpen: "list-not-yet-open"
        case .scrutinyOver: "scrutiny-over"
        case .refusalWithoutReason: "refusal-without-reason"
        case .alreadyDecided: "already-decided"
        case .decisionBeforeFiling: "decision-before-filing"
        case .overdue: "overdue"
        }
    }

    /// The act is well-formed but the calendar or the request's record does not allow it (a
    /// store `conflict`); the other cases are bad input (`invalid`).
    public var isConflict: Bool {
        switch self {
        case .listNotYetOpen, .scrutinyOver, .alreadyDecided, .overdue: true
        case .invalidText, .refusalWithoutReason, .decisionBeforeFiling: false
        }
    }

    public var description: String {
        switch self {
        case .invalidText(let field, .empty): "\(field): must not be empty"
        case .invalidText(let field, .tooLong(let limit)): "\(field): at most \(limit) characters"
        case .invalidText(let field, .controlCharacters): "\(field): contains control characters"
        case .listNotYetOpen(let precinctID, let opens, let date):
            "inclusion and correction requests for '\(precinctID)' are taken from \(opens), when its list is displayed for public scrutiny; \(date) is before"
        case .scrutinyOver(let lastDay, let date):
            "inclusion and correction requests are taken until \(lastDay), the end of public scrutiny of the lists; \(date) is after"
        case .refusalWithoutReason: "reason: a refusal must give its reason"
        case .alreadyDecided(let id): "\(Self.name(id)) is already decided"
        case .decisionBeforeFiling(let decidedAt, let filedAt):
            "at: a decision (\(decidedAt)) cannot precede the request it decides (filed \(filedAt))"
        case .overdue(let id, let filedOn, let deadline, let date, let appeal):
            "\(Self.name(id)) was filed on \(filedOn) and had to be decided "
                + (deadline.isSameDay ? "the same day" : "by \(deadline.lastDay)")
                + " (\(deadline.article)); it is overdue and can no longer be decided on \(date): the voter may appeal to \(appeal.to.en)"
        }
    }

    private static func name(_ id: Int?) -> String { id.map { "request \($0)" } ?? "the request" }
}

/// An inclusion or correction request during public scrutiny of the lists, from its filing to
/// the commission's decision. Filing is allowed only while the station's list is open; the
/// decision comes no earlier than the filing and by the deadline, once, and a refusal gives its
/// reason and can be appealed. Past the deadline undecided, the request is overdue for good.
public struct VoterListRequestCase: Codable, Hashable, Sendable {
    /// Longest proof of residence or reason, in characters.
    public static let textLimit = 500

    /// The register's number; nil until the request is stored.
    public var id: Int?
    public let kind: VoterListRequestKind
    public let precinctID: String
    public let proof: String
    public let filedAt: CivilDateTime
    public let deadline: VoterListRequestDeadline
    /// Where a refusal of this request can be taken.
    public let appeal: VoterListRequestAppeal
    public private(set) var outcome: VoterListRequestOutcome?
    public private(set) var reason: String?
    public private(set) var decidedAt: CivilDateTime?

    /// A request as recorded (no rule is checked: it was checked when filed and decided). The
    /// deadline and appeal route are the profile's.
    public init(
        id: Int?, kind: VoterListRequestKind, precinctID: String, proof: String, filedAt: CivilDateTime,
        outcome: VoterListRequestOutcome? = nil, reason: String? = nil, decidedAt: CivilDateTime? = nil, profile: LawProfile
    ) {
        self.id = id
        self.kind = kind
        self.precinctID = precinctID
        self.proof = proof
        self.filedAt = filedAt
        self.deadline = VoterListRequestDeadline.compute(filedAt: filedAt, rules: profile.complaintDeadlines)
        self.appeal = VoterListRequestAppeal(rules: profile.complaintDeadlines)
        self.outcome = outcome
        self.reason = reason
        self.decidedAt = decidedAt
    }

    /// Files a request at a station of `stationKind`, with its proof of residence (trimmed), only
    /// while the station's list is open for public scrutiny.
    public static func file(
        kind: VoterListRequestKind, precinctID: String, stationKind: String, proof: String, at time: CivilDateTime, electionDay: CivilDate,
        profile: LawProfile
    ) throws(VoterListRequestError) -> VoterListRequestCase {
        let proof = try checkedText(proof, field: "proof of residence")
        try VoterListRequestWindow(stationKind: stationKind, electionDay: electionDay, profile: profile).check(
            precinctID: precinctID, at: time)
        return VoterListRequestCase(id: nil, kind: kind, precinctID: precinctID, proof: proof, filedAt: time, profile: profile)
    }

    /// The reason (trimmed) checked as the text it is, and required for a refusal. The first
    /// step of `decide`, for callers that check the input before reading the request.
    public static func checkedDecisionReason(grant: Bool, reason: String?) throws(VoterListRequestError) -> String? {
        var checked: String?
        if let reason { checked = try checkedText(reason, field: "reason") }
        if !grant, checked == nil { throw .refusalWithoutReason }
        return checked
    }

    /// pending → granted or refused at `time`. Refused, with the request unchanged: an invalid
    /// reason, a refusal without one, a request already decided, a decision dated before the
    /// filing or after the deadline (the request is overdue and stays undecided).
    public mutating func decide(grant: Bool, reason: String?, at time: CivilDateTime) throws(VoterListRequestError) {
        let reason = try Self.checkedDecisionReason(grant: grant, reason: reason)
        guard outcome == nil else { throw .alreadyDecided(requestID: id) }
        if time < filedAt { throw .decisionBeforeFiling(decidedAt: time, filedAt: filedAt) }
        if deadline.isPast(at: time) {
            throw .overdue(requestID: id, filedOn: filedAt.date, deadline: deadline, date: time.date, appeal: appeal)
        }
        outcome = grant ? .granted : .refused
        self.reason = reason
        decidedAt = time
    }

    /// Undecided and past the deadline at `time`; nil: not judged.
    public func isOverdue(at time: CivilDateTime?) -> Bool {
        outcome == nil && time.map(deadline.isPast(at:)) == true
    }

    /// Where the request stands at `time` (nil: pending is not judged against the deadline).
    public func status(at time: CivilDateTime?) -> VoterListRequestStatus {
        switch outcome {
        case .granted: .granted
        case .refused: .refused
        case nil: isOverdue(at: time) ? .overdue : .pending
        }
    }

    /// The appeal route, for a refused request only.
    public var appealOfRefusal: VoterListRequestAppeal? { outcome == .refused ? appeal : nil }

    /// `text` trimmed, or why it is not acceptable: empty, longer than `limit` characters, or
    /// holding control characters (C0, DEL or C1: never part of a real proof or reason).
    public static func checkedText(_ text: String, field: String, limit: Int = textLimit) throws(VoterListRequestError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidText(field: field, problem: .empty) }
        guard trimmed.count <= limit else { throw .invalidText(field: field, problem: .tooLong(limit: limit)) }
        if trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalidText(field: field, problem: .controlCharacters)
        }
        return trimmed
    }
}
