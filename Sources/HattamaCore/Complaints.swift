import Foundation

/// Who may complain.
public enum ComplainantKind: String, Codable, CaseIterable, Sendable {
    case voter
    case candidate
    case party
    case observer
    case proxy
}

public struct Complainant: Codable, Hashable, Sendable {
    public var kind: ComplainantKind
    public var name: String
    /// The party id (party), candidate id (candidate, and the candidate a proxy acts for) or
    /// accreditation number (observer); required except for a voter.
    public var reference: String?

    public init(kind: ComplainantKind, name: String, reference: String? = nil) {
        self.kind = kind
        self.name = name
        self.reference = reference
    }
}

/// What a complaint is against.
public enum ComplaintSubject: Codable, Hashable, Sendable {
    /// A decision or action of a commission; `reference` names it (decision number, what was done).
    case act(commissionID: String, reference: String)
    /// A commission as a body (its formation, its inaction, its members' conduct).
    case body(commissionID: String)
    /// An error in the voter list a commission holds: decided by that commission, the same day
    /// where the profile says so.
    case voterList(commissionID: String)

    public var commissionID: String {
        switch self {
        case .act(let id, _), .body(let id), .voterList(let id): id
        }
    }

    public var isVoterList: Bool {
        if case .voterList = self { return true }
        return false
    }
}

/// Where the complainant takes the complaint: to the commission system, or to a court.
public enum ComplaintRoute: Codable, Hashable, Sendable {
    case commission
    case court(String)
}

/// Who decides a complaint.
public enum ComplaintVenue: Codable, Hashable, Sendable, CustomStringConvertible {
    case commission(String)
    case court(String)

    public var id: String {
        switch self {
        case .commission(let id), .court(let id): id
        }
    }

    public var description: String {
        switch self {
        case .commission(let id): "commission '\(id)'"
        case .court(let name): "court '\(name)'"
        }
    }

    // {"commission": "id"} or {"court": "id"}: the synthesised form would publish `{"commission": {"_0": …}}`.
    private enum CodingKeys: String, CodingKey { case commission, court }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let id = try container.decodeIfPresent(String.self, forKey: .commission) {
            self = .commission(id)
        } else {
            self = .court(try container.decode(String.self, forKey: .court))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .commission(let id): try container.encode(id, forKey: .commission)
        case .court(let id): try container.encode(id, forKey: .court)
        }
    }
}

/// When a complaint must be decided, from the profile's `complaintDeadlines`.
public struct ComplaintDeadline: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Voter-list complaints where `voterListSameDay`: by the end of the day received.
        case sameDay = "same-day"
        /// Received from `immediateFromDaysBefore` days before election day through election day:
        /// at once, by the end of the day received.
        case immediate
        /// Otherwise `defaultDays` calendar days after the day received.
        case days
    }

    public var kind: Kind
    /// The last day on which the complaint may be decided.
    public var lastDay: CivilDate
    /// The first moment at which an undecided complaint is overdue (the end of `lastDay`).
    public var due: CivilDateTime { CivilDateTime.endOf(lastDay) }
    public var article: String

    public init(kind: Kind, lastDay: CivilDate, article: String) {
        self.kind = kind
        self.lastDay = lastDay
        self.article = article
    }

    /// The deadline of a complaint received at `receivedAt`.
    ///
    /// `capBeforeImmediatePeriod` (a rule the profile does not carry; proposed key
    /// `complaintDeadlines.capBeforeImmediatePeriod`) keeps an ordinary deadline from running
    /// into the immediate period, as the CIS model law does ("within five days, but not later
    /// than the day before voting day"): the last day is then at most the day before the period.
    public static func compute(
        receivedAt: CivilDateTime, voterList: Bool, electionDay: CivilDate, rules: LawProfile.ComplaintDeadlines,
        capBeforeImmediatePeriod: Bool = false
    ) -> ComplaintDeadline {
        let received = receivedAt.date
        if voterList, rules.voterListSameDay {
            return ComplaintDeadline(kind: .sameDay, lastDay: received, article: rules.article)
        }
        let immediateFrom = electionDay.adding(days: -max(0, rules.immediateFromDaysBefore))
        if immediateFrom <= received, received <= electionDay {
            return ComplaintDeadline(kind: .immediate, lastDay: received, article: rules.article)
        }
        var last = received.adding(days: max(0, rules.defaultDays))
        if capBeforeImmediatePeriod, received < immediateFrom {
            last = min(last, immediateFrom.adding(days: -1))
        }
        return ComplaintDeadline(kind: .days, lastDay: last, article: rules.article)
    }
}

/// A complaint's lifecycle. Each state has exactly one successor; nothing goes back.
public enum ComplaintState: String, Codable, CaseIterable, Comparable, Sendable {
    case received
    case registered
    case scheduled
    case decided
    case published
    case appealed

    /// The only state this one may move to, if any.
    public var next: ComplaintState? {
        switch self {
        case .received: .registered
        case .registered: .scheduled
        case .scheduled: .decided
        case .decided: .published
        case .published: .appealed
        case .appealed: nil
        }
    }

    public static func allows(from: ComplaintState, to: ComplaintState) -> Bool { from.next == to }

    public static func < (lhs: ComplaintState, rhs: ComplaintState) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum ComplaintOutcome: String, Codable, CaseIterable, Sendable {
    case upheld
    case partlyUpheld = "partly-upheld"
    case rejected
}

/// How a complaint was decided: by an adopted decision of the competent commission at a session
/// with quorum (the only way for a commission), or by a court ruling.
public enum ComplaintResolver: Codable, Hashable, Sendable {
    case commissionDecision(decisionID: String, decisionNumber: String, sessionID: String, inFavour: Int, required: Int)
    case courtRuling(court: String, reference: String)
}

public struct ComplaintResolution: Codable, Hashable, Sendable {
    public var outcome: ComplaintOutcome
    public var decidedAt: CivilDateTime
    public var resolver: ComplaintResolver

    public var isCollegial: Bool {
        if case .commissionDecision = resolver { return true }
        return false
    }
}

public struct ComplaintAppeal: Codable, Hashable, Sendable {
    public var appealID: String
    public var venue: ComplaintVenue
    public var filedAt: CivilDateTime
}

/// Registration number of a complaint: "<commission id>/<year>/<sequence, at least 4 digits>",
/// e.g. "cec/2011/0006". The format is Hattama's, not the law's.
public struct ComplaintNumber: Hashable, Sendable, CustomStringConvertible {
    public var commissionID: String
    public var year: Int
    public var sequence: Int

    public init(commissionID: String, year: Int, sequence: Int) {
        self.commissionID = commissionID
        self.year = year
        self.sequence = sequence
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        let yearText = parts[parts.count - 2]
        let sequenceText = parts[parts.count - 1]
        let commission = parts.dropLast(2).joined(separator: "/")
        guard yearText.count == 4, sequenceText.count >= 4, sequenceText.count <= 9,
            (yearText + sequenceText).unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
            let year = Int(yearText), let sequence = Int(sequenceText), sequence > 0,
            ResultsProtocol.idProblem(commission, name: "commission id") == nil
        else { return nil }
        self.init(commissionID: commission, year: year, sequence: sequence)
    }

    public var description: String {
        let digits = String(sequence)
        return "\(commissionID)/\(year)/" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The number after the highest of `existing` for this commission and year.
    public static func next(after existing: [String], commissionID: String, year: Int) -> ComplaintNumber {
        let highest =
            existing.compactMap(ComplaintNumber.init(parsing:))
            .filter { $0.commissionID == commissionID && $0.year == year }
            .map(\.sequence).max() ?? 0
        return ComplaintNumber(commissionID: commissionID, year: year, sequence: highest + 1)
    }
}

/// Why a complaint act was refused.
public struct ComplaintError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Codable, CaseIterable, Sendable {
        case invalidID = "invalid-id"
        case invalidText = "invalid-text"
        case invalidComplainant = "invalid-complainant"
        case unknownCommission = "unknown-commission"
        case noHigherCommission = "no-higher-commission"
        case forbiddenTransition = "forbidden-transition"
        case badRegistrationNumber = "bad-registration-number"
        case notACommissionCase = "not-a-commission-case"
        case notACourtCase = "not-a-court-case"
        /// A decision, session or composition of another commission than the competent one.
        case notCompetent = "not-competent"
        case notOnAgenda = "not-on-agenda"
        case notScheduledSession = "not-scheduled-session"
        case notThisComplaint = "not-this-complaint"
        case noQuorum = "no-quorum"
        /// The vote does not stand: see `decisionError`.
        case invalidVote = "invalid-vote"
        case decisionNotAdopted = "decision-not-adopted"
        case decisionNotPublished = "decision-not-published"
        case timeOutOfOrder = "time-out-of-order"
    }

    public let code: Code
    public let field: String
    public let message: String
    public let decisionError: DecisionError?

    public init(code: Code, field: String, message: String, decisionError: DecisionError? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.decisionError = decisionError
    }

    public var description: String { "\(code.rawValue) (\(field)): \(message)" }
}

/// A complaint or appeal, from receipt to the decision, its publication and any appeal. Every
/// step is a method that either moves the complaint to the next state and records the act, or
/// refuses with the complaint unchanged. A commission decides a complaint only with `decide`,
/// which takes an adopted decision of the competent commission at a session with quorum.
public struct Complaint: Codable, Hashable, Sendable, Identifiable {
    public let id: String
    public let complainant: Complainant
    public let subject: ComplaintSubject
    public let venue: ComplaintVenue
    public let summary: String
    public let receivedAt: CivilDateTime
    public let deadline: ComplaintDeadline
    /// The complaint whose decision this one appeals.
    public let appealOf: String?
    public private(set) var state: ComplaintState
    public private(set) var registrationNumber: String?
    public private(set) var registeredAt: CivilDateTime?
    public private(set) var sessionID: String?
    public private(set) var scheduledFor: CivilDateTime?
    public private(set) var resolution: ComplaintResolution?
    public private(set) var publishedAt: CivilDateTime?
    public private(set) var appeal: ComplaintAppeal?
    public private(set) var history: [CommissionAct]

    /// Receives a complaint: checks the complainant, routes it (an act of or complaint against a
    /// commission → its higher commission; a voter list → the commission holding it; or a court)
    /// and computes its deadline from the profile.
    public static func file(
        id: String, complainant: Complainant, subject: ComplaintSubject, route: ComplaintRoute = .commission, summary: String,
        receivedAt: CivilDateTime, electionDay: CivilDate, commissions: [Commission], profile: LawProfile, appealOf: String? = nil,
        capBeforeImmediatePeriod: Bool = false
    ) throws(ComplaintError) -> Complaint {
        try checkID(id, field: "id")
        try checkText(complainant.name, field: "complainant.name")
        if complainant.kind == .voter {
            if let reference = complainant.reference { try checkID(reference, field: "complainant.reference") }
        } else {
            guard let reference = complainant.reference, ResultsProtocol.idProblem(reference, name: "reference") == nil else {
                throw ComplaintError(
                    code: .invalidComplainant, field: "complainant.reference",
                    message:
                        "a complaint by a \(complainant.kind.rawValue) names the \(complainant.kind == .proxy ? "candidate" : complainant.kind.rawValue) "
                        + "it is filed for")
            }
        }
        try checkText(summary, field: "summary")
        if case .act(_, let reference) = subject { try checkText(reference, field: "subject.reference") }
        let venue = try venue(for: subject, route: route, commissions: commissions)
        let deadline = ComplaintDeadline.compute(
            receivedAt: receivedAt, voterList: subject.isVoterList, electionDay: electionDay, rules: profile.complaintDeadlines,
            capBeforeImmediatePeriod: capBeforeImmediatePeriod)
        let act = CommissionAct(
            kind: .complaintReceived, commissionID: venue.id, subject: id, at: receivedAt,
            summary: "complaint by a \(complainant.kind.rawValue) received; to be decided by \(deadline.due) (\(deadline.kind.rawValue))")
        return Complaint(
            id: id, complainant: complainant, subject: subject, venue: venue, summary: summary, receivedAt: receivedAt, deadline: deadline,
            appealOf: appealOf, state: .received, history: [act])
    }

    private init(
        id: String, complainant: Complainant, subject: ComplaintSubject, venue: ComplaintVenue, summary: String, receivedAt: CivilDateTime,
        deadline: ComplaintDeadline, appealOf: String?, state: ComplaintState, history: [CommissionAct]
    ) {
        self.id = id
        self.complainant = complainant
        self.subject = subject
        self.venue = venue
        self.summary = summary
        self.receivedAt = receivedAt
        self.deadline = deadline
        self.appealOf = appealOf
        self.state = state
        self.history = history
    }

    /// Who decides a complaint about `subject` taken by `route`.
    public static func venue(for subject: ComplaintSubject, route: ComplaintRoute, commissions: [Commission]) throws(ComplaintError)
        -> ComplaintVenue
    {
        guard let commission = commissions.first(where: { $0.id == subject.commissionID }) else {
            throw ComplaintError(
                code: .unknownCommission, field: "subject.commissionID", message: "commission '\(subject.commissionID)' is unknown")
        }
        switch route {
        case .court(let court):
            try checkID(court, field: "route.court")
            return .court(court)
        case .commission:
            if subject.isVoterList { return .commission(commission.id) }
            guard let parent = commission.parentID else {
                throw ComplaintError(
                    code: .noHigherCommission, field: "route",
                    message: "commission '\(commission.id)' has no higher commission: complaints about it go to a court")
            }
            return .commission(parent)
        }
    }

    /// Undecided and past the deadline at `time`.
    public func isOverdue(at time: CivilDateTime) -> Bool { state < .decided && time >= deadline.due }

    /// Decided, but after the deadline.
    public var wasDecidedLate: Bool { resolution.map { $0.decidedAt >= deadline.due } ?? false }

    // MARK: Lifecycle

    /// received → registered, under a number of the deciding commission ("cec/2011/0006"); a
    /// court's own number for a court case.
    @discardableResult
    public mutating func register(number: String, at time: CivilDateTime) throws(ComplaintError) -> CommissionAct {
        try requireTransition(to: .registered)
        try requireOrder(time, after: receivedAt, field: "registeredAt")
        switch venue {
        case .commission(let commissionID):
            guard let parsed = ComplaintNumber(parsing: number), parsed.commissionID == commissionID, parsed.year == receivedAt.date.year
            else {
                throw ComplaintError(
                    code: .badRegistrationNumber, field: "number",
                    message: "'\(number)' is not a number \(commissionID)/\(receivedAt.date.year)/NNNN of the deciding commission")
            }
        case .court:
            try Self.checkID(number, field: "number")
        }
        registrationNumber = number
        registeredAt = time
        return advance(to: .registered, .complaintRegistered, at: time, "complaint registered as \(number)")
    }

    /// registered → scheduled: the complaint is on the agenda of a session of the competent commission.
    @discardableResult
    public mutating func schedule(session: Session) throws(ComplaintError) -> CommissionAct {
        try requireTransition(to: .scheduled)
        let commissionID = try requireCommissionVenue()
        guard session.commissionID == commissionID else {
            throw ComplaintError(
                code: .notCompetent, field: "session.commissionID",
                message: "session '\(session.id)' is of commission '\(session.commissionID)'; complaint '\(id)' is for \(venue)")
        }
        guard session.agenda.contains(where: { $0.complaintID == id }) else {
            throw ComplaintError(
                code: .notOnAgenda, field: "session.agenda", message: "complaint '\(id)' is not on the agenda of session '\(session.id)'")
        }
        try requireOrder(session.opensAt, after: registeredAt ?? receivedAt, field: "session.opensAt")
        sessionID = session.id
        scheduledFor = session.opensAt
        return advance(to: .scheduled, .complaintScheduled, at: session.opensAt, "complaint heard at session '\(session.id)'")
    }

    /// registered → scheduled for a court case: the court's hearing time.
    @discardableResult
    public mutating func scheduleHearing(at time: CivilDateTime) throws(ComplaintError) -> CommissionAct {
        try requireTransition(to: .scheduled)
        guard case .court = venue else {
            throw ComplaintError(
                code: .notACourtCase, field: "venue", message: "complaint '\(id)' is for \(venue), which hears it at a session")
        }
        try requireOrder(time, after: registeredAt ?? receivedAt, field: "hearing")
        scheduledFor = time
        return advance(to: .scheduled, .complaintScheduled, at: time, "court hearing scheduled")
    }

    /// scheduled → decided, by the only means a commission has: `decision`, adopted by open vote
    /// at the scheduled `session` of the competent commission, with quorum and the majority of
    /// the statutory membership. A decision of another commission, of another session or about
    /// another complaint, without quorum, with an invalid vote or not adopted is refused; so is
    /// any complaint "decided" by a chair or a deputy chair alone.
    @discardableResult
    public mutating func decide(
        by decision: Decision, in session: Session, composition: Composition, profile: LawProfile, outcome: ComplaintOutcome,
        at time: CivilDateTime
    ) throws(ComplaintError) -> CommissionAct {
        try requireTransition(to: .decided)
        let commissionID = try requireCommissionVenue()
        for (field, other) in [
            ("decision.commissionID", decision.commissionID), ("session.commissionID", session.commissionID),
            ("composition.commissionID", composition.commissionID),
        ] where other != commissionID {
            throw ComplaintError(
                code: .notCompetent, field: field,
                message: "complaint '\(id)' is decided by commission '\(commissionID)', not by '\(other)'")
        }
        guard session.id == sessionID else {
            throw ComplaintError(
                code: .notScheduledSession, field: "session.id",
                message: "complaint '\(id)' is scheduled for session '\(sessionID ?? "")', not '\(session.id)'")
        }
        guard decision.complaintID == id else {
            throw ComplaintError(
                code: .notThisComplaint, field: "decision.complaintID",
                message: "decision '\(decision.id)' does not resolve complaint '\(id)'")
        }
        let tally: VoteTally
        do {
            tally = try decision.tally(in: session, composition: composition, profile: profile)
        } catch {
            throw ComplaintError(
                code: error.code == .noQuorum ? .noQuorum : .invalidVote, field: error.field,
                message: "the decision does not stand: \(error.message)", decisionError: error)
        }
        guard tally.adopted else {
            throw ComplaintError(
                code: .decisionNotAdopted, field: "decision.votes",
                message: "\(tally.inFavour) votes in favour; the commission decides with \(tally.required), "
                    + "more than \(profile.decisionRules.adoptionMoreThan) of its \(tally.quorum.statutoryMembers) statutory members")
        }
        try requireOrder(time, after: session.opensAt, field: "decidedAt")
        resolution = ComplaintResolution(
            outcome: outcome, decidedAt: time,
            resolver: .commissionDecision(
                decisionID: decision.id, decisionNumber: decision.number, sessionID: session.id, inFavour: tally.inFavour,
                required: tally.required))
        return advance(
            to: .decided, .complaintDecided, at: time,
            "complaint \(outcome.rawValue) by decision \(decision.number) (\(tally.inFavour) of \(tally.quorum.statutoryMembers) in favour)"
        )
    }

    /// scheduled → decided for a court case: the court's ruling.
    @discardableResult
    public mutating func recordCourtRuling(reference: String, outcome: ComplaintOutcome, at time: CivilDateTime) throws(ComplaintError)
        -> CommissionAct
    {
        try requireTransition(to: .decided)
        guard case .court(let court) = venue else {
            throw ComplaintError(
                code: .notACourtCase, field: "venue", message: "complaint '\(id)' is for \(venue), which decides only at a session")
        }
        try Self.checkText(reference, field: "reference")
        try requireOrder(time, after: scheduledFor ?? receivedAt, field: "decidedAt")
        resolution = ComplaintResolution(outcome: outcome, decidedAt: time, resolver: .courtRuling(court: court, reference: reference))
        return advance(to: .decided, .complaintDecided, at: time, "court ruling \(reference): \(outcome.rawValue)")
    }

    /// decided → published. A commission's answer is published as its decision, which must be
    /// the deciding one and published itself.
    @discardableResult
    public mutating func publish(at time: CivilDateTime, decision: Decision? = nil) throws(ComplaintError) -> CommissionAct {
        try requireTransition(to: .published)
        if case .commissionDecision(let decisionID, _, _, _, _)? = resolution?.resolver {
            guard let decision, decision.id == decisionID, decision.publishedAt != nil else {
                throw ComplaintError(
                    code: .decisionNotPublished, field: "decision",
                    message: "complaint '\(id)' is published with its decision '\(decisionID)', which must be published first")
            }
        }
        try requireOrder(time, after: resolution?.decidedAt ?? receivedAt, field: "publishedAt")
        publishedAt = time
        return advance(to: .published, .complaintPublished, at: time, "decision on complaint published")
    }

    /// published → appealed: the appeal is a new complaint against the decision, to the higher
    /// commission of the deciding one or to a court (a court ruling only to a court).
    public mutating func appeal(
        id appealID: String, by appellant: Complainant? = nil, route: ComplaintRoute, summary: String, filedAt: CivilDateTime,
        electionDay: CivilDate, commissions: [Commission], profile: LawProfile
    ) throws(ComplaintError) -> (act: CommissionAct, appeal: Complaint) {
        try requireTransition(to: .appealed)
        guard let resolution else { throw forbidden(to: .appealed) }
        try requireOrder(filedAt, after: publishedAt ?? receivedAt, field: "filedAt")
        let subject: ComplaintSubject
        switch resolution.resolver {
        case .commissionDecision(_, let number, _, _, _):
            subject = .act(commissionID: venue.id, reference: "decision \(number)")
        case .courtRuling(let court, let reference):
            guard case .court = route else {
                throw ComplaintError(
                    code: .noHigherCommission, field: "route", message: "a ruling of court '\(court)' is appealed to a higher court")
            }
            // The subject names the commission complained of originally, for the register.
            subject = .act(commissionID: self.subject.commissionID, reference: "ruling \(reference)")
        }
        let appeal = try Complaint.file(
            id: appealID, complainant: appellant ?? complainant, subject: subject, route: route, summary: summary, receivedAt: filedAt,
            electionDay: electionDay, commissions: commissions, profile: profile, appealOf: id)
        self.appeal = ComplaintAppeal(appealID: appealID, venue: appeal.venue, filedAt: filedAt)
        let act = advance(to: .appealed, .complaintAppealed, at: filedAt, "decision appealed to \(appeal.venue) as '\(appealID)'")
        return (act, appeal)
    }

    // MARK: Helpers

    private func requireTransition(to target: ComplaintState) throws(ComplaintError) {
        guard ComplaintState.allows(from: state, to: target) else { throw forbidden(to: target) }
    }

    private func forbidden(to target: ComplaintState) -> ComplaintError {
        let allowed = state.next.map { "only to \($0.rawValue)" } ?? "nowhere: the case is closed"
        return ComplaintError(
            code: .forbiddenTransition, field: "state",
            message: "complaint '\(id)' is \(state.rawValue) and cannot become \(target.rawValue); it may move \(allowed)")
    }

    private func requireCommissionVenue() throws(ComplaintError) -> String {
        guard case .commission(let commissionID) = venue else {
            throw ComplaintError(code: .notACommissionCase, field: "venue", message: "complaint '\(id)' is before \(venue)")
        }
        return commissionID
    }

    private func requireOrder(_ time: CivilDateTime, after earlier: CivilDateTime, field: String) throws(ComplaintError) {
        guard time >= earlier else {
            throw ComplaintError(code: .timeOutOfOrder, field: field, message: "\(time) is before the previous step at \(earlier)")
        }
    }

    private mutating func advance(to target: ComplaintState, _ kind: CommissionAct.Kind, at time: CivilDateTime, _ summary: String)
        -> CommissionAct
    {
        state = target
        let act = CommissionAct(kind: kind, commissionID: venue.id, subject: id, at: time, summary: summary)
        history.append(act)
        return act
    }

    static func checkID(_ id: String, field: String) throws(ComplaintError) {
        if let problem = ResultsProtocol.idProblem(id, name: field) {
            throw ComplaintError(code: .invalidID, field: field, message: problem.message)
        }
    }

    static func checkText(_ text: String, field: String) throws(ComplaintError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, LocalizedText(text).languagesWithControlCharacters.isEmpty
        else {
            throw ComplaintError(code: .invalidText, field: field, message: "\(field) is empty or contains control characters")
        }
    }
}

/// Complaint figures of one deciding commission at a moment.
public struct ComplaintStatistics: Codable, Hashable, Sendable {
    public var commissionID: String
    public var received = 0
    /// Decided by an adopted decision at a session: for a commission, the only way.
    public var decidedCollegially = 0
    /// Not yet decided.
    public var pending = 0
    /// Not yet decided and past the deadline.
    public var overdue = 0
    /// Decided after the deadline.
    public var decidedLate = 0
    public var upheld = 0
    public var partlyUpheld = 0
    public var rejected = 0

    public init(commissionID: String) {
        self.commissionID = commissionID
    }

    /// Figures per deciding commission (court cases left out), sorted by commission id.
    public static func perCommission(_ complaints: [Complaint], at time: CivilDateTime) -> [ComplaintStatistics] {
        var byCommission: [String: ComplaintStatistics] = [:]
        for complaint in complaints {
            guard case .commission(let commissionID) = complaint.venue else { continue }
            var stats = byCommission[commissionID] ?? ComplaintStatistics(commissionID: commissionID)
            stats.received += 1
            if let resolution = complaint.resolution {
                if resolution.isCollegial { stats.decidedCollegially += 1 }
                if complaint.wasDecidedLate { stats.decidedLate += 1 }
                switch resolution.outcome {
                case .upheld: stats.upheld += 1
                case .partlyUpheld: stats.partlyUpheld += 1
                case .rejected: stats.rejected += 1
                }
            } else {
                stats.pending += 1
                if complaint.isOverdue(at: time) { stats.overdue += 1 }
            }
            byCommission[commissionID] = stats
        }
        return byCommission.keys.sorted().map { byCommission[$0]! }
    }
}
