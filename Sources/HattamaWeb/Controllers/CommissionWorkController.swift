import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import HummingbirdAuth

struct MembersResponse: ResponseEncodable {
    var election: String
    var commission: String
    var members: [StoredMember]
    var links: [String: String]
}

struct HistoryResponse: ResponseEncodable {
    /// A history line as the API answers it: the store's structured event, summed up in English.
    struct Entry: Encodable {
        var date: CivilDate
        var kind: CommissionAct.Kind
        var subject: String
        var summary: String
        var logIndex: Int?

        init(_ entry: MembershipHistoryEntry) {
            (date, kind, subject, summary, logIndex) = (entry.date, entry.kind, entry.subject, entry.event.description, entry.logIndex)
        }
    }

    var election: String
    var commission: String
    var history: [Entry]
}

struct SessionsResponse: ResponseEncodable {
    var election: String
    var commission: String
    var sessions: [StoredSession]
}

struct DecisionsResponse: ResponseEncodable {
    var election: String
    var commission: String
    var decisions: [PublishedDecision]
}

struct ComplaintsResponse: ResponseEncodable {
    var election: String
    var at: CivilDateTime
    var complaints: [StoredComplaint]
    var statistics: [ComplaintStatistics]
}

struct StatisticsResponse: ResponseEncodable {
    var election: String
    var at: CivilDateTime
    var statistics: [ComplaintStatistics]
}

/// The check of a decision's language versions before it is put to the vote and published.
struct TextsCheckResponse: ResponseEncodable {
    var publishable: Bool
    var problems: [DecisionTextProblem]
}

struct ActsResponse: ResponseEncodable {
    var acts: [RecordedAct]
}

extension RecordedAct: ResponseEncodable {}
extension CommissionCompositionReport: ResponseEncodable {}
extension NationalComposition: ResponseEncodable {}
extension StoredSession: ResponseEncodable {}
extension PublishedDecision: ResponseEncodable {}
extension StoredComplaint: ResponseEncodable {}

struct DepartureRequest: Decodable {
    var date: CivilDate
    var reason: LeavingReason
}

struct DecisionRequest: Decodable {
    var decision: Decision
    var publishedAt: CivilDateTime
}

/// A complaint as filed through the API: the subject's kind is "act", "body" or "voter-list";
/// naming a court takes the complaint there instead of to the higher commission.
struct ComplaintRequest: Decodable {
    struct Subject: Decodable {
        var kind: String
        var commissionID: String
        var reference: String?
    }
    var id: String
    var complainant: Complainant
    var subject: Subject
    var court: String?
    var summary: String
    var receivedAt: CivilDateTime

    func complaintSubject() throws -> ComplaintSubject {
        switch subject.kind {
        case "act": .act(commissionID: subject.commissionID, reference: subject.reference ?? "")
        case "body": .body(commissionID: subject.commissionID)
        case "voter-list": .voterList(commissionID: subject.commissionID)
        default: throw StoreError.invalid("subject.kind: '\(subject.kind)' is not one of act, body, voter-list")
        }
    }
}

struct RegisterRequest: Decodable {
    var at: CivilDateTime
    var courtNumber: String?
}

struct ScheduleRequest: Decodable {
    var sessionID: String?
    var hearingAt: CivilDateTime?
}

struct DecideRequest: Decodable {
    var decisionID: String?
    var outcome: ComplaintOutcome
    var at: CivilDateTime
}

struct CourtRulingRequest: Decodable {
    var reference: String
    var outcome: ComplaintOutcome
    var at: CivilDateTime
}

struct PublishRequest: Decodable {
    var at: CivilDateTime
}

struct AppealRequest: Decodable {
    var appealID: String
    var appellant: Complainant?
    var court: String?
    var summary: String
    var filedAt: CivilDateTime
}

/// Commissions at work: public reads of members, history, composition, sessions, decisions and
/// complaints; authenticated acts, each answered with the log index of its entry.
struct CommissionWorkController {
    let commissionWork: CommissionWorkStore
    /// "Now" where a request names no `at` (the configured zone; in tests a fixed one).
    let clock: CivilClock

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.apiCommissionMembers, use: members)
        router.post(SiteURL.Route.apiCommissionMembers, use: appoint)
        router.post(SiteURL.Route.apiMemberDeparture, use: departure)
        router.post(SiteURL.Route.apiMemberReplacement, use: replacement)
        router.get(SiteURL.Route.apiCommissionHistory, use: history)
        router.get(SiteURL.Route.apiCommissionComposition, use: composition)
        router.post(SiteURL.Route.apiSubstitutions, use: substitute)
        router.post(SiteURL.Route.apiRepresentatives, use: representative)
        router.post(SiteURL.Route.apiRepresentativeRefusals, use: refusal)
        router.get(SiteURL.Route.apiSessions, use: sessions)
        router.post(SiteURL.Route.apiSessions, use: schedule)
        router.get(SiteURL.Route.apiDecisions, use: decisions)
        router.post(SiteURL.Route.apiDecisions, use: recordDecision)
        router.post(SiteURL.Route.apiDecisionTextsCheck, use: checkTexts)
        router.get(SiteURL.Route.apiCommissionComplaints, use: commissionComplaints)
        router.get(SiteURL.Route.apiNationalComposition, use: nationalComposition)
        router.get(SiteURL.Route.apiComplaints, use: complaints)
        router.post(SiteURL.Route.apiComplaints, use: file)
        router.get(SiteURL.Route.apiComplaintStatistics, use: statistics)
        router.post(SiteURL.Route.apiComplaintRegister, use: register)
        router.post(SiteURL.Route.apiComplaintSchedule, use: scheduleComplaint)
        router.post(SiteURL.Route.apiComplaintDecide, use: decide)
        router.post(SiteURL.Route.apiComplaintCourtRuling, use: courtRuling)
        router.post(SiteURL.Route.apiComplaintPublish, use: publish)
        router.post(SiteURL.Route.apiComplaintAppeal, use: appeal)
    }

    // MARK: - Helpers

    func ids(_ context: HattamaRequestContext) throws -> (election: String, commission: String) {
        (try context.parameters.require("election"), try context.parameters.require("commission"))
    }

    /// The commission named in the body must be the one in the path.
    func requireSame(_ body: String, _ path: String, field: String) throws {
        guard body == path else { throw StoreError.invalid("\(field): '\(body)' is not the commission of the URL, '\(path)'") }
    }

    func principal(_ context: HattamaRequestContext) throws -> Principal { .user(try context.requireIdentity()) }

    static func date(_ request: Request, _ name: String) throws -> CivilDate? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        guard let date = CivilDate(parsing: text) else { throw StoreError.invalid("query parameter \(name): '\(text)' is not YYYY-MM-DD") }
        return date
    }

    /// `at` from the query (YYYY-MM-DDTHH:MM), or now by `clock` (the router's, in tests a fixed one).
    static func moment(_ request: Request, clock: CivilClock) throws -> CivilDateTime {
        if let text = request.uri.queryParameters["at"].map(String.init) {
            guard let time = CivilDateTime(parsing: text) else {
                throw StoreError.invalid("query parameter at: '\(text)' is not YYYY-MM-DDTHH:MM")
            }
            return time
        }
        return clock.now()
    }

    static func filter(_ request: Request, venue: String?) throws -> ComplaintFilter {
        let query = request.uri.queryParameters
        var filter = ComplaintFilter(venue: venue ?? query["venue"].map(String.init), subjectCommission: query["subject"].map(String.init))
        if let text = query["state"].map(String.init) {
            guard let state = ComplaintState(rawValue: text) else {
                throw StoreError.invalid(
                    "query parameter state: '\(text)' is not one of \(ComplaintState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.state = state
        }
        if let text = query["complainant"].map(String.init) {
            guard let kind = ComplainantKind(rawValue: text) else {
                throw StoreError.invalid(
                    "query parameter complainant: '\(text)' is not one of \(ComplainantKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            filter.complainantKind = kind
        }
        filter.overdueOnly = query["overdue"].map { $0 == "true" || $0 == "1" } ?? false
        return filter
    }

    // MARK: - Members

    @Sendable func members(_ request: Request, context: HattamaRequestContext) async throws -> MembersResponse {
        let (election, commission) = try ids(context)
        var links: [String: String] = [:]
        for part in ["history", "composition", "sessions", "decisions", "complaints"] {
            links[part] = SiteURL.api(.commissionWork(election: election, commission: commission, part: part)).path
        }
        return MembersResponse(
            election: election, commission: commission,
            members: try await commissionWork.commissionMembers(election: election, commission: commission),
            links: links)
    }

    @Sendable func appoint(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let member = try await request.decode(as: CommissionMember.self, context: context)
        try requireSame(member.commissionID, commission, field: "commissionID")
        return EditedResponse(
            status: .created, response: try await commissionWork.appointMember(member, election: election, by: principal))
    }

    @Sendable func departure(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let memberID = try context.parameters.require("member")
        let body = try await request.decode(as: DepartureRequest.self, context: context)
        return EditedResponse(
            status: .created,
            response: try await commissionWork.recordDeparture(
                of: memberID, commission: commission, on: body.date, reason: body.reason, election: election, by: principal))
    }

    @Sendable func replacement(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<ActsResponse> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let memberID = try context.parameters.require("member")
        let member = try await request.decode(as: CommissionMember.self, context: context)
        try requireSame(member.commissionID, commission, field: "commissionID")
        return EditedResponse(
            status: .created,
            response: ActsResponse(
                acts: try await commissionWork.fillVacancy(of: memberID, with: member, election: election, by: principal)))
    }

    @Sendable func substitute(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<ActsResponse> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let substitution = try await request.decode(as: Substitution.self, context: context)
        try requireSame(substitution.replacement.commissionID, commission, field: "replacement.commissionID")
        return EditedResponse(
            status: .created,
            response: ActsResponse(acts: try await commissionWork.substituteMember(substitution, election: election, by: principal)))
    }

    @Sendable func representative(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let member = try await request.decode(as: CommissionMember.self, context: context)
        try requireSame(member.commissionID, commission, field: "commissionID")
        return EditedResponse(
            status: .created, response: try await commissionWork.registerRepresentative(member, election: election, by: principal))
    }

    @Sendable func refusal(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let refusal = try await request.decode(as: RepresentativeRefusal.self, context: context)
        try requireSame(refusal.commissionID, commission, field: "commissionID")
        return EditedResponse(
            status: .created, response: try await commissionWork.refuseRepresentative(refusal, election: election, by: principal))
    }

    @Sendable func history(_ request: Request, context: HattamaRequestContext) async throws -> HistoryResponse {
        let (election, commission) = try ids(context)
        return HistoryResponse(
            election: election, commission: commission,
            history: try await commissionWork.membershipHistory(election: election, commission: commission).map(
                HistoryResponse.Entry.init))
    }

    @Sendable func composition(_ request: Request, context: HattamaRequestContext) async throws -> CommissionCompositionReport {
        let (election, commission) = try ids(context)
        return try await commissionWork.composition(election: election, commission: commission, on: try Self.date(request, "date"))
    }

    @Sendable func nationalComposition(_ request: Request, context: HattamaRequestContext) async throws -> NationalComposition {
        try await commissionWork.nationalComposition(
            election: try context.parameters.require("election"), on: try Self.date(request, "date"))
    }

    // MARK: - Sessions and decisions

    @Sendable func sessions(_ request: Request, context: HattamaRequestContext) async throws -> SessionsResponse {
        let (election, commission) = try ids(context)
        return SessionsResponse(
            election: election, commission: commission,
            sessions: try await commissionWork.sessions(election: election, commission: commission))
    }

    @Sendable func schedule(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<StoredSession> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let session = try await request.decode(as: Session.self, context: context)
        try requireSame(session.commissionID, commission, field: "commissionID")
        return EditedResponse(
            status: .created, response: try await commissionWork.scheduleSession(session, election: election, by: principal))
    }

    @Sendable func decisions(_ request: Request, context: HattamaRequestContext) async throws -> DecisionsResponse {
        let (election, commission) = try ids(context)
        return DecisionsResponse(
            election: election, commission: commission,
            decisions: try await commissionWork.decisions(election: election, commission: commission))
    }

    @Sendable func recordDecision(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<PublishedDecision> {
        let (election, commission) = try ids(context)
        let principal = try principal(context)
        let body = try await request.decode(as: DecisionRequest.self, context: context)
        try requireSame(body.decision.commissionID, commission, field: "decision.commissionID")
        return EditedResponse(
            status: .created,
            response: try await commissionWork.recordDecision(
                body.decision, publishedAt: body.publishedAt, election: election, by: principal))
    }

    /// Flags a draft whose language versions differ (a provision one has and another lacks,
    /// unnumbered, duplicated or empty provisions) before anything is recorded; writes nothing.
    @Sendable func checkTexts(_ request: Request, context: HattamaRequestContext) async throws -> TextsCheckResponse {
        let texts = try await request.decode(as: DecisionTexts.self, context: context)
        let problems = texts.problems()
        return TextsCheckResponse(publishable: problems.isEmpty, problems: problems)
    }

    // MARK: - Complaints

    @Sendable func commissionComplaints(_ request: Request, context: HattamaRequestContext) async throws -> ComplaintsResponse {
        let (election, commission) = try ids(context)
        let at = try Self.moment(request, clock: clock)
        return ComplaintsResponse(
            election: election, at: at,
            complaints: try await commissionWork.complaints(
                election: election, filter: try Self.filter(request, venue: commission), at: at),
            statistics: try await commissionWork.complaintStatistics(election: election, venue: commission, at: at))
    }

    @Sendable func complaints(_ request: Request, context: HattamaRequestContext) async throws -> ComplaintsResponse {
        let election = try context.parameters.require("election")
        let at = try Self.moment(request, clock: clock)
        let filter = try Self.filter(request, venue: nil)
        return ComplaintsResponse(
            election: election, at: at, complaints: try await commissionWork.complaints(election: election, filter: filter, at: at),
            statistics: try await commissionWork.complaintStatistics(election: election, venue: filter.venue, at: at))
    }

    @Sendable func statistics(_ request: Request, context: HattamaRequestContext) async throws -> StatisticsResponse {
        let election = try context.parameters.require("election")
        let at = try Self.moment(request, clock: clock)
        return StatisticsResponse(
            election: election, at: at, statistics: try await commissionWork.complaintStatistics(election: election, at: at))
    }

    @Sendable func file(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<StoredComplaint> {
        let election = try context.parameters.require("election")
        let principal = try principal(context)
        let body = try await request.decode(as: ComplaintRequest.self, context: context)
        return EditedResponse(
            status: .created,
            response: try await commissionWork.fileComplaint(
                id: body.id, complainant: body.complainant, subject: try body.complaintSubject(),
                route: body.court.map { .court($0) } ?? .commission,
                summary: body.summary, receivedAt: body.receivedAt, election: election, by: principal))
    }

    func complaintIDs(_ context: HattamaRequestContext) throws -> (election: String, complaint: String, principal: Principal) {
        (try context.parameters.require("election"), try context.parameters.require("complaint"), try principal(context))
    }

    @Sendable func register(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, id, principal) = try complaintIDs(context)
        let body = try await request.decode(as: RegisterRequest.self, context: context)
        return EditedResponse(
            status: .created,
            response: try await commissionWork.registerComplaint(
                id: id, at: body.at, courtNumber: body.courtNumber, election: election, by: principal))
    }

    @Sendable func scheduleComplaint(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, id, principal) = try complaintIDs(context)
        let body = try await request.decode(as: ScheduleRequest.self, context: context)
        switch (body.sessionID, body.hearingAt) {
        case (let session?, nil):
            return EditedResponse(
                status: .created,
                response: try await commissionWork.scheduleComplaint(id: id, session: session, election: election, by: principal))
        case (nil, let hearing?):
            return EditedResponse(
                status: .created,
                response: try await commissionWork.scheduleHearing(id: id, at: hearing, election: election, by: principal))
        default:
            throw StoreError.invalid("give sessionID (a session of the deciding commission) or hearingAt (a court hearing), not both")
        }
    }

    /// The only way to decide a commission's complaint: name the published decision adopted at a session.
    @Sendable func decide(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, id, principal) = try complaintIDs(context)
        let body = try await request.decode(as: DecideRequest.self, context: context)
        guard let decisionID = body.decisionID, !decisionID.isEmpty else {
            throw StoreError.invalid(
                "decisionID: a complaint is decided only by a decision of the competent commission adopted at a session and published; "
                    + "record the decision first and name it here")
        }
        return EditedResponse(
            status: .created,
            response: try await commissionWork.decideComplaint(
                id: id, bySessionDecision: decisionID, outcome: body.outcome, at: body.at, election: election, by: principal))
    }

    @Sendable func courtRuling(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, id, principal) = try complaintIDs(context)
        let body = try await request.decode(as: CourtRulingRequest.self, context: context)
        return EditedResponse(
            status: .created,
            response: try await commissionWork.recordCourtRuling(
                id: id, reference: body.reference, outcome: body.outcome, at: body.at, election: election, by: principal))
    }

    @Sendable func publish(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<RecordedAct> {
        let (election, id, principal) = try complaintIDs(context)
        let body = try await request.decode(as: PublishRequest.self, context: context)
        return EditedResponse(
            status: .created,
            response: try await commissionWork.publishComplaintDecision(id: id, at: body.at, election: election, by: principal))
    }

    @Sendable func appeal(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<StoredComplaint> {
        let (election, id, principal) = try complaintIDs(context)
        let body = try await request.decode(as: AppealRequest.self, context: context)
        return EditedResponse(
            status: .created,
            response: try await commissionWork.appealComplaint(
                id: id, appealID: body.appealID, appellant: body.appellant, route: body.court.map { .court($0) } ?? .commission,
                summary: body.summary, filedAt: body.filedAt, election: election, by: principal))
    }
}
