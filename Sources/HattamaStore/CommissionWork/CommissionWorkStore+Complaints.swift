import Foundation
import HattamaCore
import SQLKit

/// A complaint as stored, with whether it is overdue at the time asked and its latest log entry.
public struct StoredComplaint: Codable, Hashable, Sendable {
    public var complaint: Complaint
    public var overdue: Bool
    public var logIndex: Int?
}

/// Filters of the public complaints register; nil means any.
public struct ComplaintFilter: Sendable, Hashable {
    /// The deciding commission (or court).
    public var venue: String?
    /// The commission complained of.
    public var subjectCommission: String?
    public var state: ComplaintState?
    public var complainantKind: ComplainantKind?
    public var overdueOnly: Bool

    public init(
        venue: String? = nil, subjectCommission: String? = nil, state: ComplaintState? = nil, complainantKind: ComplainantKind? = nil,
        overdueOnly: Bool = false
    ) {
        self.venue = venue
        self.subjectCommission = subjectCommission
        self.state = state
        self.complainantKind = complainantKind
        self.overdueOnly = overdueOnly
    }
}

extension CommissionWorkStore {
    static func storedComplaint(_ db: any SQLDatabase, election: String, id: String) async throws -> (Complaint, Int?) {
        guard
            let row = try await db.raw("SELECT body, log_index FROM complaints WHERE election_id = \(bind: election) AND id = \(bind: id)")
                .first()
        else { throw StoreError.notFound("complaint '\(id)' in election '\(election)'") }
        return (try WorkTable.decode(Complaint.self, try row.string("body")), try optionalInt(row, "log_index"))
    }

    /// Who records acts on a complaint: the secretary of the deciding commission; for a court
    /// case, an administrator of the commission complained of.
    private func authorizeComplaint(_ principal: Principal, venue: ComplaintVenue, subjectCommission: String) async throws {
        switch venue {
        case .commission(let id): try await authorizeWork(principal, .recordDecision, at: id)
        case .court: try await authorizeWork(principal, .manageStructure, at: subjectCommission)
        }
    }

    static func complaintEntry(_ electionID: String, _ complaint: Complaint, body: String) -> LogEntry {
        workEntry(LogEntryType.complaintStatus, electionID, "complaint \(complaint.id) \(complaint.state.rawValue)", body)
    }

    /// Receives a complaint (or, with `appealOf`, nothing else: appeals go through `appealComplaint`):
    /// the complainant is checked, the deciding commission or court routed by the profile and the
    /// deadline computed from it.
    @discardableResult
    public func fileComplaint(
        id: String, complainant: Complainant, subject: ComplaintSubject, route: ComplaintRoute = .commission, summary: String,
        receivedAt: CivilDateTime, election: String, by principal: Principal
    ) async throws -> StoredComplaint {
        let context = try await workContext(election)
        let commission = try await self.context.backend.withDatabase { db in
            try await Self.workCommission(db, context, subject.commissionID)
        }
        let complaint: Complaint
        do {
            complaint = try Complaint.file(
                id: id, complainant: complainant, subject: subject, route: route, summary: summary, receivedAt: receivedAt,
                electionDay: context.electionDay, commissions: [commission], profile: context.profile)
        } catch {
            throw Self.invalid(error)
        }
        try await authorizeComplaint(principal, venue: complaint.venue, subjectCommission: commission.id)
        return try await self.context.write(
            by: principal, action: "file-complaint", subject: "complaint \(id)", details: ["election": election]
        ) {
            db, log in
            try await LogStorage.lock(db)
            if (try? await Self.storedComplaint(db, election: election, id: id)) != nil {
                throw StoreError.conflict("complaint '\(id)' already exists in election '\(election)'")
            }
            let body = try Self.canonical(complaint)
            let index = try await log.append([Self.complaintEntry(election, complaint, body: body)])[0]
            try await Self.insertWork(db, .complaints, election, keys: [id], body: body, logIndex: index)
            return StoredComplaint(complaint: complaint, overdue: false, logIndex: index)
        }
    }

    /// One lifecycle step: authorised against the complaint's venue, applied by the Core method
    /// (which refuses every forbidden transition), stored with its log entry.
    private func complaintStep(
        election: String, id: String, by principal: Principal, action: String,
        _ step: @Sendable @escaping (any SQLDatabase, WorkContext, inout Complaint) async throws -> CommissionAct
    ) async throws -> RecordedAct {
        let context = try await workContext(election)
        let (current, _) = try await self.context.backend.withDatabase { db in
            try await Self.storedComplaint(db, election: election, id: id)
        }
        try await authorizeComplaint(principal, venue: current.venue, subjectCommission: current.subject.commissionID)
        return try await self.context.write(by: principal, action: action, subject: "complaint \(id)", details: ["election": election]) {
            db, log in
            try await LogStorage.lock(db)
            var (complaint, _) = try await Self.storedComplaint(db, election: election, id: id)
            let act = try await step(db, context, &complaint)
            let body = try Self.canonical(complaint)
            let index = try await log.append([Self.complaintEntry(election, complaint, body: body)])[0]
            try await Self.updateWork(db, .complaints, election, keys: [id], body: body, logIndex: index)
            return RecordedAct(act: act, logIndex: index)
        }
    }

    /// received → registered, under the deciding commission's next number ("cec/2011/0006"), or
    /// the court's own `courtNumber`.
    @discardableResult
    public func registerComplaint(id: String, at time: CivilDateTime, courtNumber: String? = nil, election: String, by principal: Principal)
        async throws -> RecordedAct
    {
        try await complaintStep(election: election, id: id, by: principal, action: "register-complaint") { db, _, complaint in
            let number: String
            switch complaint.venue {
            case .commission(let commissionID):
                let existing = try await db.raw(
                    """
                    SELECT registration_number FROM complaints WHERE election_id = \(bind: election) AND venue_id = \(bind: commissionID)
                    AND registration_number IS NOT NULL
                    """
                ).all().map { try $0.string("registration_number") }
                number = ComplaintNumber.next(after: existing, commissionID: commissionID, year: complaint.receivedAt.date.year).description
            case .court:
                guard let courtNumber else { throw StoreError.invalid("number: a court case is registered under the court's own number") }
                number = courtNumber
            }
            do { return try complaint.register(number: number, at: time) } catch { throw Self.invalid(error) }
        }
    }

    /// registered → scheduled: the complaint is on the agenda of a recorded session of the competent commission.
    @discardableResult
    public func scheduleComplaint(id: String, session sessionID: String, election: String, by principal: Principal) async throws
        -> RecordedAct
    {
        try await complaintStep(election: election, id: id, by: principal, action: "schedule-complaint") { db, _, complaint in
            let session = try await Self.storedSession(db, election: election, commission: complaint.venue.id, id: sessionID)
            do { return try complaint.schedule(session: session) } catch { throw Self.invalid(error) }
        }
    }

    /// registered → scheduled for a court case: the hearing.
    @discardableResult
    public func scheduleHearing(id: String, at time: CivilDateTime, election: String, by principal: Principal) async throws -> RecordedAct {
        try await complaintStep(election: election, id: id, by: principal, action: "schedule-hearing") { _, _, complaint in
            do { return try complaint.scheduleHearing(at: time) } catch { throw Self.invalid(error) }
        }
    }

    /// scheduled → decided, the only way a commission decides a complaint: by a published decision
    /// adopted at the scheduled session of the competent commission, with quorum and the majority of
    /// its statutory membership. There is no other way to decide a commission's complaint.
    @discardableResult
    public func decideComplaint(
        id: String, bySessionDecision decisionID: String, outcome: ComplaintOutcome, at time: CivilDateTime, election: String,
        by principal: Principal
    ) async throws -> RecordedAct {
        try await complaintStep(election: election, id: id, by: principal, action: "decide-complaint") { db, context, complaint in
            guard case .commission(let commissionID) = complaint.venue else {
                throw StoreError.invalid("venue: complaint '\(id)' is before \(complaint.venue); record the court's ruling instead")
            }
            guard let decision = try await Self.publishedDecision(db, election: election, commission: commissionID, id: decisionID) else {
                throw StoreError.invalid(
                    "decision: complaint '\(id)' is decided only by a published decision of commission '\(commissionID)' adopted at a session; "
                        + "'\(decisionID)' is not one")
            }
            let session = try await Self.storedSession(db, election: election, commission: commissionID, id: decision.sessionID)
            let commission = try await Self.workCommission(db, context, commissionID)
            let roll = try await Self.loadRoll(db, context, commission)
            do {
                return try complaint.decide(
                    by: decision, in: session, composition: roll.composition(on: session.date), profile: context.profile, outcome: outcome,
                    at: time)
            } catch {
                throw Self.invalid(error)
            }
        }
    }

    /// scheduled → decided for a court case, with the ruling kept in its own row.
    @discardableResult
    public func recordCourtRuling(
        id: String, reference: String, outcome: ComplaintOutcome, at time: CivilDateTime, election: String, by principal: Principal
    ) async throws -> RecordedAct {
        try await complaintStep(election: election, id: id, by: principal, action: "record-court-ruling") { db, _, complaint in
            let act: CommissionAct
            do { act = try complaint.recordCourtRuling(reference: reference, outcome: outcome, at: time) } catch {
                throw Self.invalid(error)
            }
            let ruling = CourtRuling(complaintID: id, court: complaint.venue.id, reference: reference, outcome: outcome, decidedAt: time)
            let body = try Self.canonical(ruling)
            let index = try await LogAppender(db: db).append([
                Self.workEntry(LogEntryType.courtRuling, election, "complaint \(id) court ruling", body)
            ])[0]
            try await Self.insertWork(db, .rulings, election, keys: [id], body: body, logIndex: index)
            return act
        }
    }

    /// decided → published; a commission's answer goes out with its (published) decision.
    @discardableResult
    public func publishComplaintDecision(id: String, at time: CivilDateTime, election: String, by principal: Principal) async throws
        -> RecordedAct
    {
        try await complaintStep(election: election, id: id, by: principal, action: "publish-complaint-decision") { db, _, complaint in
            var decision: Decision?
            if case .commissionDecision(let decisionID, _, _, _, _)? = complaint.resolution?.resolver {
                decision = try await Self.publishedDecision(db, election: election, commission: complaint.venue.id, id: decisionID)
            }
            do { return try complaint.publish(at: time, decision: decision) } catch { throw Self.invalid(error) }
        }
    }

    /// published → appealed: the appeal is filed as a new complaint to the higher commission or a court.
    @discardableResult
    public func appealComplaint(
        id: String, appealID: String, appellant: Complainant? = nil, route: ComplaintRoute = .commission, summary: String,
        filedAt: CivilDateTime, election: String, by principal: Principal
    ) async throws -> StoredComplaint {
        let context = try await workContext(election)
        let (current, _) = try await self.context.backend.withDatabase { db in
            try await Self.storedComplaint(db, election: election, id: id)
        }
        let commissions = try await self.context.backend.withDatabase { db in
            var list = [try await Self.workCommission(db, context, current.venue.id)]
            if current.subject.commissionID != current.venue.id {
                list.append(try await Self.workCommission(db, context, current.subject.commissionID))
            }
            return list
        }.compactMap { $0 }
        // Trial run to find where the appeal goes, and so who records it.
        var trial = current
        let venue: ComplaintVenue
        do {
            venue =
                try trial.appeal(
                    id: appealID, by: appellant, route: route, summary: summary, filedAt: filedAt, electionDay: context.electionDay,
                    commissions: commissions, profile: context.profile
                ).appeal.venue
        } catch {
            throw Self.invalid(error)
        }
        try await authorizeComplaint(principal, venue: venue, subjectCommission: current.venue.id)
        return try await self.context.write(
            by: principal, action: "appeal-complaint", subject: "complaint \(id)", details: ["appeal": appealID]
        ) {
            db, log in
            try await LogStorage.lock(db)
            var (complaint, _) = try await Self.storedComplaint(db, election: election, id: id)
            if (try? await Self.storedComplaint(db, election: election, id: appealID)) != nil {
                throw StoreError.conflict("complaint '\(appealID)' already exists in election '\(election)'")
            }
            let appeal: Complaint
            do {
                appeal =
                    try complaint.appeal(
                        id: appealID, by: appellant, route: route, summary: summary, filedAt: filedAt, electionDay: context.electionDay,
                        commissions: commissions, profile: context.profile
                    ).appeal
            } catch {
                throw Self.invalid(error)
            }
            let body = try Self.canonical(complaint)
            let appealBody = try Self.canonical(appeal)
            guard let record = complaint.appeal else { throw StoreError.unavailable("appeal of '\(id)' not recorded") }
            let recordBody = try Self.canonical(StoredAppealRecord(complaintID: id, appeal: record))
            let indices = try await log.append([
                Self.complaintEntry(election, complaint, body: body),
                Self.workEntry(LogEntryType.complaintAppeal, election, "complaint \(id) appeal \(appealID)", recordBody),
                Self.complaintEntry(election, appeal, body: appealBody),
            ])
            try await Self.updateWork(db, .complaints, election, keys: [id], body: body, logIndex: indices[0])
            try await Self.insertWork(db, .appeals, election, keys: [id], body: recordBody, logIndex: indices[1])
            try await Self.insertWork(db, .complaints, election, keys: [appealID], body: appealBody, logIndex: indices[2])
            return StoredComplaint(complaint: appeal, overdue: false, logIndex: indices[2])
        }
    }

    // MARK: - Register and statistics

    /// The public register: complaints matching `filter`, by time received, overdue flags at `time`.
    public func complaints(election: String, filter: ComplaintFilter = ComplaintFilter(), at time: CivilDateTime) async throws
        -> [StoredComplaint]
    {
        _ = try await self.context.election(election)
        let rows = try await self.context.backend.withDatabase { db in
            var query = db.select().columns("body", "log_index").from("complaints").where("election_id", .equal, election)
            if let venue = filter.venue { query = query.where("venue_id", .equal, venue) }
            if let subject = filter.subjectCommission { query = query.where("subject_commission_id", .equal, subject) }
            if let state = filter.state { query = query.where("state", .equal, state.rawValue) }
            if let kind = filter.complainantKind { query = query.where("complainant_kind", .equal, kind.rawValue) }
            return try await query.orderBy("received_at").orderBy("id").all().map {
                (try $0.string("body"), try Self.optionalInt($0, "log_index"))
            }
        }
        return try rows.compactMap { body, index in
            let complaint = try WorkTable.decode(Complaint.self, body)
            let overdue = complaint.isOverdue(at: time)
            if filter.overdueOnly, !overdue { return nil }
            return StoredComplaint(complaint: complaint, overdue: overdue, logIndex: index)
        }
    }

    public func complaint(election: String, id: String) async throws -> StoredComplaint {
        let (complaint, index) = try await self.context.backend.withDatabase { db in
            try await Self.storedComplaint(db, election: election, id: id)
        }
        return StoredComplaint(complaint: complaint, overdue: false, logIndex: index)
    }

    /// Figures per deciding commission at `time`: received, decided collegially, pending, overdue, upheld/rejected.
    public func complaintStatistics(election: String, venue: String? = nil, at time: CivilDateTime) async throws -> [ComplaintStatistics] {
        let all = try await complaints(election: election, filter: ComplaintFilter(venue: venue), at: time).map(\.complaint)
        return ComplaintStatistics.perCommission(all, at: time)
    }
}
