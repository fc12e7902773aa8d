import Foundation
import HattamaCore
import SQLKit

/// A public act of a commission as stored: the Core act and the transparency-log entry it got.
public struct RecordedAct: Codable, Hashable, Sendable {
    public var act: CommissionAct
    public var logIndex: Int
}

/// A member (or party representative) as stored, with the log entries of the appointment and of
/// the latest act about them (their departure, if they left).
public struct StoredMember: Codable, Hashable, Sendable {
    public var member: CommissionMember
    public var appointmentLogIndex: Int?
    public var logIndex: Int?
}

public struct StoredSubstitution: Codable, Hashable, Sendable {
    public var substitution: Substitution
    public var logIndex: Int?
}

public struct StoredRefusal: Codable, Hashable, Sendable {
    public var refusal: RepresentativeRefusal
    public var logIndex: Int?
}

/// One line of a commission's public membership history: the event as data (the web renders
/// it in each language), its day and its transparency-log entry.
public struct MembershipHistoryEntry: Codable, Hashable, Sendable {
    public var date: CivilDate
    public var event: MembershipEvent
    public var logIndex: Int?

    public init(date: CivilDate, event: MembershipEvent, logIndex: Int?) {
        self.date = date
        self.event = event
        self.logIndex = logIndex
    }

    /// The kind of public act the line records.
    public var kind: CommissionAct.Kind { event.kind }
    /// The member's id, or the party whose representative was refused.
    public var subject: String { event.subject }
}

/// Who sits on a commission on a day, its party balance, and how it came to be.
public struct CommissionCompositionReport: Codable, Hashable, Sendable {
    public var electionID: String
    public var commission: Commission
    public var date: CivilDate
    public var composition: Composition
    public var balance: CommissionPartyBalance
    public var substitutions: [StoredSubstitution]
    public var refusals: [StoredRefusal]
}

/// Party balance of all commissions of an election on a day.
public struct NationalComposition: Codable, Hashable, Sendable {
    public var electionID: String
    public var date: CivilDate
    public var commissions: Int
    public var seated: Int
    public var statutoryMembers: Int
    /// Every nominator over all seated voting members, largest first.
    public var shares: [NominatorShare]
    public var byLevel: [GroupPartyBalance]
    public var byRegion: [GroupPartyBalance]
    /// Commissions where one party alone holds the majority that adopts decisions.
    public var commissionsWithMajorityParty: Int
    public var majorityParties: [String: Int]
}

public struct StoredSession: Codable, Hashable, Sendable {
    public var session: Session
    public var quorum: SessionQuorum?
    public var logIndex: Int?
}

/// A published decision with its count; `textProblems` is empty for every decision the store
/// accepted (a decision whose language versions differ is refused before publication).
public struct PublishedDecision: Codable, Hashable, Sendable {
    public var decision: Decision
    public var tally: VoteTally?
    public var textProblems: [DecisionTextProblem]
    public var logIndex: Int?
}

/// The commissions-at-work tables: how each row's indexed columns follow from its JSON body,
/// which log entry types its `log_index` may point at, and how to name a row in a report.
struct WorkTable: Sendable {
    let name: String
    /// Key columns besides election_id.
    let keys: [String]
    let types: [String]
    /// The indexed columns, in the order `columns` gives them.
    let columnNames: [String]
    let columns: @Sendable (String) throws -> [(String, String?)]

    static func decode<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.utf8))
    }

    static let members = WorkTable(
        name: "commission_members", keys: ["commission_id", "id"],
        types: [LogEntryType.memberAppointment, LogEntryType.memberDeparture],
        columnNames: ["voting_right", "position", "nomination", "appointed_by", "term_start", "term_end", "left_on", "replaces", "interim"]
    ) { body in
        let m = try decode(CommissionMember.self, body)
        return [
            ("voting_right", m.votingRight.rawValue), ("position", m.position.rawValue), ("nomination", m.nomination.description),
            ("appointed_by", "\(m.appointedBy.kind):\(m.appointedBy.id)"), ("term_start", m.termStart.description),
            ("term_end", m.termEnd.description), ("left_on", m.leftOn?.description), ("replaces", m.replaces),
            ("interim", m.interim ? "1" : "0"),
        ]
    }

    static let refusals = WorkTable(
        name: "representative_refusals", keys: ["commission_id", "seq"], types: [LogEntryType.representativeRefusal],
        columnNames: ["party_id", "refused_on"]
    ) { body in
        let r = try decode(RepresentativeRefusal.self, body)
        return [("party_id", r.partyID), ("refused_on", r.date.description)]
    }

    static let substitutions = WorkTable(
        name: "commission_substitutions", keys: ["commission_id", "replacement_id"], types: [LogEntryType.memberSubstitution],
        columnNames: ["leaving_member_id", "left_on"]
    ) { body in
        let s = try decode(Substitution.self, body)
        return [("leaving_member_id", s.leavingMemberID), ("left_on", s.leftOn.description)]
    }

    static let sessions = WorkTable(
        name: "commission_sessions", keys: ["commission_id", "id"], types: [LogEntryType.session], columnNames: ["opens_at", "notice_at"]
    ) { body in
        let s = try decode(Session.self, body)
        return [("opens_at", s.opensAt.description), ("notice_at", s.noticePublishedAt.description)]
    }

    static let decisions = WorkTable(
        name: "commission_decisions", keys: ["commission_id", "id"], types: [LogEntryType.decision],
        columnNames: ["session_id", "number", "complaint_id", "published_at"]
    ) { body in
        let d = try decode(Decision.self, body)
        return [
            ("session_id", d.sessionID), ("number", d.number), ("complaint_id", d.complaintID),
            ("published_at", d.publishedAt?.description ?? ""),
        ]
    }

    static let complaints = WorkTable(
        name: "complaints", keys: ["id"], types: [LogEntryType.complaintStatus],
        columnNames: [
            "venue", "venue_id", "subject_commission_id", "registration_number", "state", "complainant_kind", "received_at", "last_day",
            "outcome", "appeal_of",
        ]
    ) { body in
        let c = try decode(Complaint.self, body)
        let venue: String
        switch c.venue {
        case .commission: venue = "commission"
        case .court: venue = "court"
        }
        return [
            ("venue", venue), ("venue_id", c.venue.id), ("subject_commission_id", c.subject.commissionID),
            ("registration_number", c.registrationNumber), ("state", c.state.rawValue), ("complainant_kind", c.complainant.kind.rawValue),
            ("received_at", c.receivedAt.description), ("last_day", c.deadline.lastDay.description),
            ("outcome", c.resolution?.outcome.rawValue), ("appeal_of", c.appealOf),
        ]
    }

    static let appeals = WorkTable(
        name: "complaint_appeals", keys: ["complaint_id"], types: [LogEntryType.complaintAppeal],
        columnNames: ["appeal_id", "venue_id", "filed_at"]
    ) { body in
        let a = try decode(StoredAppealRecord.self, body)
        return [("appeal_id", a.appeal.appealID), ("venue_id", a.appeal.venue.id), ("filed_at", a.appeal.filedAt.description)]
    }

    static let rulings = WorkTable(
        name: "court_rulings", keys: ["complaint_id"], types: [LogEntryType.courtRuling],
        columnNames: ["court", "reference", "outcome", "decided_at"]
    ) { body in
        let r = try decode(CourtRuling.self, body)
        return [("court", r.court), ("reference", r.reference), ("outcome", r.outcome.rawValue), ("decided_at", r.decidedAt.description)]
    }

    static let all: [WorkTable] = [members, refusals, substitutions, sessions, decisions, complaints, appeals, rulings]
}

/// The appeal of one complaint, as its row keeps it.
struct StoredAppealRecord: Codable, Hashable, Sendable {
    var complaintID: String
    var appeal: ComplaintAppeal
}

/// A court's ruling on a complaint taken to court.
public struct CourtRuling: Codable, Hashable, Sendable {
    public var complaintID: String
    public var court: String
    public var reference: String
    public var outcome: ComplaintOutcome
    public var decidedAt: CivilDateTime
}

/// What every commissions-at-work write needs: the election's profile, day and central commission.
struct WorkContext: Sendable {
    let electionID: String
    let profile: LawProfile
    let electionDay: CivilDate
    let rootID: String
}

/// Commissions at work: members and party representatives, substitutions, sessions, decisions and
/// complaints, each act checked by its Core rules and logged with its row. In this area a local
/// `context` is usually the election's `WorkContext`, so the store's is written `self.context`.
public struct CommissionWorkStore: Sendable {
    let context: StoreContext
}

extension CommissionWorkStore {
    // MARK: - Shared machinery

    func workContext(_ electionID: String) async throws -> WorkContext {
        let election = try await self.context.election(electionID)
        guard let day = CivilDate(parsing: election.electionDay) else {
            throw StoreError.invalid("election '\(electionID)': stored election day '\(election.electionDay)' is not a date")
        }
        return WorkContext(
            electionID: electionID, profile: try await context.profile(forElection: electionID), electionDay: day,
            rootID: try await self.context.rootCommission(election: electionID))
    }

    /// The commission, if it belongs to the election's tree.
    static func workCommission(_ db: any SQLDatabase, _ context: WorkContext, _ id: String) async throws -> Commission {
        guard
            let row = try await db.raw(
                """
                SELECT c.id, c.level, c.parent_id, c.name_kk, c.name_ru, c.name_en FROM commissions c
                JOIN commission_ancestors a ON a.commission_id = c.id
                WHERE c.id = \(bind: id) AND a.ancestor_id = \(bind: context.rootID)
                """
            ).first()
        else { throw StoreError.notFound("commission '\(id)' in election '\(context.electionID)'") }
        return try Row.commission(row)
    }

    static func canonical<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
    }

    /// Log payload of a commissions-at-work row: `{"electionID":…,"record":<body>}`.
    public static func workPayload(electionID: String, body: String) -> String {
        "{\"electionID\":\(Canonical.jsonString(electionID)),\"record\":\(body)}"
    }

    static func workEntry(_ type: String, _ electionID: String, _ subject: String, _ body: String) -> LogEntry {
        LogEntry(type: type, subject: "election \(electionID) \(subject)", payload: workPayload(electionID: electionID, body: body))
    }

    static func insertWork(
        _ db: any SQLDatabase, _ table: WorkTable, _ electionID: String, keys: [any Encodable & Sendable],
        extra: [(String, (any Encodable & Sendable)?)] = [], body: String, logIndex: Int
    ) async throws {
        let columns = try table.columns(body)
        var names = ["election_id"] + table.keys
        var values: [(any Encodable & Sendable)?] = [electionID] + keys.map { $0 }
        for (name, value) in columns {
            names.append(name)
            values.append(value)
        }
        for (name, value) in extra {
            names.append(name)
            values.append(value)
        }
        names += ["body", "log_index"]
        values += [body, logIndex]
        try await db.insertRows(table.name, names, [values])
    }

    static func updateWork(
        _ db: any SQLDatabase, _ table: WorkTable, _ electionID: String, keys: [String], body: String, logIndex: Int
    ) async throws {
        var update = db.update(table.name).set("body", to: body).set("log_index", to: logIndex)
        for (name, value) in try table.columns(body) {
            update = update.set(SQLIdentifier(name), to: value.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
        }
        update = update.where("election_id", .equal, electionID)
        for (name, value) in zip(table.keys, keys) { update = update.where(SQLIdentifier(name), .equal, SQLBind(value)) }
        try await update.run()
    }

    static func optionalInt(_ row: any SQLRow, _ column: String) throws -> Int? {
        try row.decodeNil(column: column) ? nil : try row.decode(column: column, as: Int.self)
    }

    /// Members of a commission decide in it only: a user acts only where the role reaches.
    func authorizeWork(_ principal: Principal, _ action: Action, at commissionID: String) async throws {
        if let user = principal.user { try await self.context.authorize(user, action, at: commissionID) }
    }

    /// A Core refusal as the store's: its description names the field and the rule. Store errors pass through.
    static func invalid(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return .invalid(String(describing: error))
    }

    // MARK: - Members

    static func storedMembers(_ db: any SQLDatabase, election: String, commission: String) async throws -> [StoredMember] {
        try await db.raw(
            """
            SELECT body, appointment_log_index, log_index FROM commission_members
            WHERE election_id = \(bind: election) AND commission_id = \(bind: commission) ORDER BY seq
            """
        ).all().map {
            StoredMember(
                member: try WorkTable.decode(CommissionMember.self, try $0.string("body")),
                appointmentLogIndex: try optionalInt($0, "appointment_log_index"), logIndex: try optionalInt($0, "log_index"))
        }
    }

    static func storedRefusals(_ db: any SQLDatabase, election: String, commission: String) async throws -> [StoredRefusal] {
        try await db.raw(
            """
            SELECT body, log_index FROM representative_refusals
            WHERE election_id = \(bind: election) AND commission_id = \(bind: commission) ORDER BY seq
            """
        ).all().map {
            StoredRefusal(
                refusal: try WorkTable.decode(RepresentativeRefusal.self, try $0.string("body")), logIndex: try optionalInt($0, "log_index")
            )
        }
    }

    static func loadRoll(_ db: any SQLDatabase, _ context: WorkContext, _ commission: Commission) async throws -> CommissionRoll {
        let members = try await storedMembers(db, election: context.electionID, commission: commission.id).map(\.member)
        let refusals = try await storedRefusals(db, election: context.electionID, commission: commission.id).map(\.refusal)
        do {
            return try CommissionRoll(restoring: commission, profile: context.profile, members: members, refusals: refusals)
        } catch {
            throw invalid(error)
        }
    }

    static func nextSeq(_ db: any SQLDatabase, _ table: String, election: String) async throws -> Int {
        try await db.raw("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM \(ident: table) WHERE election_id = \(bind: election)").first()?.int(
            "n")
            ?? 1
    }

    static func memberSubject(_ commissionID: String, _ memberID: String) -> String {
        "commission \(commissionID) member \(memberID)"
    }

    /// Inserts a member the roll has just accepted, with its appointment entry.
    static func insertMember(_ db: any SQLDatabase, _ log: LogAppender, _ electionID: String, _ member: CommissionMember) async throws
        -> Int
    {
        let body = try canonical(member)
        let index = try await log.append([
            workEntry(LogEntryType.memberAppointment, electionID, memberSubject(member.commissionID, member.id), body)
        ])[0]
        let seq = try await nextSeq(db, "commission_members", election: electionID)
        try await insertWork(
            db, .members, electionID, keys: [member.commissionID, member.id], extra: [("seq", seq), ("appointment_log_index", index)],
            body: body, logIndex: index)
        return index
    }

    /// Rewrites a member whose status changed (left, superseded), with a departure entry.
    static func updateMember(_ db: any SQLDatabase, _ log: LogAppender, _ electionID: String, _ member: CommissionMember) async throws
        -> Int
    {
        let body = try canonical(member)
        let index = try await log.append([
            workEntry(LogEntryType.memberDeparture, electionID, memberSubject(member.commissionID, member.id), body)
        ])[0]
        try await updateWork(db, .members, electionID, keys: [member.commissionID, member.id], body: body, logIndex: index)
        return index
    }

    /// Writes back every member of `after` that is new or changed against `before`, in roll order.
    static func persistRoll(
        _ db: any SQLDatabase, _ log: LogAppender, _ electionID: String, before: CommissionRoll, after: CommissionRoll
    ) async throws -> [String: Int] {
        var indices: [String: Int] = [:]
        for member in after.members {
            if let old = before.member(member.id) {
                if old != member { indices[member.id] = try await updateMember(db, log, electionID, member) }
            } else {
                indices[member.id] = try await insertMember(db, log, electionID, member)
            }
        }
        return indices
    }

    /// Runs one membership act on the commission's roll and stores what changed, in one transaction.
    private func membershipAct(
        election: String, commissionID: String, by principal: Principal, action: String, subject: String,
        _ act: @Sendable @escaping (inout CommissionRoll) throws -> [CommissionAct]
    ) async throws -> [RecordedAct] {
        let context = try await workContext(election)
        try await authorizeWork(principal, .manageStructure, at: commissionID)
        return try await self.context.write(
            by: principal, action: action, subject: subject, details: ["election": election, "commission": commissionID]
        ) {
            db, log in
            try await LogStorage.lock(db)
            let commission = try await Self.workCommission(db, context, commissionID)
            let before = try await Self.loadRoll(db, context, commission)
            var roll = before
            let acts = try act(&roll)
            let indices = try await Self.persistRoll(db, log, election, before: before, after: roll)
            return acts.map { RecordedAct(act: $0, logIndex: indices[$0.subject] ?? -1) }
        }
    }

    /// Appoints a voting member when the commission is formed; refused (naming the rule) when the
    /// appointing body is not the one the profile entitles.
    @discardableResult
    public func appointMember(_ member: CommissionMember, election: String, by principal: Principal) async throws -> RecordedAct {
        try await membershipAct(
            election: election, commissionID: member.commissionID, by: principal, action: "appoint-member",
            subject: Self.memberSubject(member.commissionID, member.id)
        ) { roll in
            do { return [try roll.appoint(member)] } catch { throw Self.invalid(error) }
        }[0]
    }

    /// Records that a member left; the seat stays vacant until `fillVacancy`.
    @discardableResult
    public func recordDeparture(
        of memberID: String, commission commissionID: String, on date: CivilDate, reason: LeavingReason, election: String,
        by principal: Principal
    ) async throws -> RecordedAct {
        try await membershipAct(
            election: election, commissionID: commissionID, by: principal, action: "record-departure",
            subject: Self.memberSubject(commissionID, memberID)
        ) { roll in
            do { return [try roll.recordDeparture(of: memberID, on: date, reason: reason)] } catch { throw Self.invalid(error) }
        }[0]
    }

    /// Appoints a replacement for a member who has left, for the rest of the term.
    @discardableResult
    public func fillVacancy(of vacancyOf: String, with replacement: CommissionMember, election: String, by principal: Principal)
        async throws -> [RecordedAct]
    {
        try await membershipAct(
            election: election, commissionID: replacement.commissionID, by: principal, action: "fill-vacancy",
            subject: Self.memberSubject(replacement.commissionID, replacement.id)
        ) { roll in
            do { return [try roll.fillVacancy(of: vacancyOf, with: replacement)] } catch { throw Self.invalid(error) }
        }
    }

    /// A departure and the replacement's appointment, both or neither, kept as one substitution.
    @discardableResult
    public func substituteMember(_ substitution: Substitution, election: String, by principal: Principal) async throws -> [RecordedAct] {
        let commissionID = substitution.replacement.commissionID
        let context = try await workContext(election)
        try await authorizeWork(principal, .manageStructure, at: commissionID)
        return try await self.context.write(
            by: principal, action: "substitute-member", subject: Self.memberSubject(commissionID, substitution.leavingMemberID),
            details: ["election": election, "replacement": substitution.replacement.id]
        ) { db, log in
            try await LogStorage.lock(db)
            let commission = try await Self.workCommission(db, context, commissionID)
            let before = try await Self.loadRoll(db, context, commission)
            var roll = before
            let acts: [CommissionAct]
            do { acts = try roll.substitute(substitution) } catch { throw Self.invalid(error) }
            let indices = try await Self.persistRoll(db, log, election, before: before, after: roll)
            // The stored substitution carries the replacement as the roll accepted it (replaces, interim).
            var stored = substitution
            if let accepted = roll.member(substitution.replacement.id) { stored.replacement = accepted }
            let body = try Self.canonical(stored)
            let index = try await log.append([
                Self.workEntry(
                    LogEntryType.memberSubstitution, election, "commission \(commissionID) substitution \(stored.replacement.id)", body)
            ])[0]
            try await Self.insertWork(
                db, .substitutions, election, keys: [commissionID, stored.replacement.id], body: body, logIndex: index)
            return acts.map { RecordedAct(act: $0, logIndex: indices[$0.subject] ?? index) }
        }
    }

    /// Registers a party representative with a consultative vote.
    @discardableResult
    public func registerRepresentative(_ member: CommissionMember, election: String, by principal: Principal) async throws -> RecordedAct {
        try await membershipAct(
            election: election, commissionID: member.commissionID, by: principal, action: "register-representative",
            subject: Self.memberSubject(member.commissionID, member.id)
        ) { roll in
            do { return [try roll.registerRepresentative(member)] } catch { throw Self.invalid(error) }
        }[0]
    }

    /// Records a refusal to register a party representative, with its reason.
    @discardableResult
    public func refuseRepresentative(_ refusal: RepresentativeRefusal, election: String, by principal: Principal) async throws
        -> RecordedAct
    {
        let context = try await workContext(election)
        try await authorizeWork(principal, .recordDecision, at: refusal.commissionID)
        return try await self.context.write(
            by: principal, action: "refuse-representative", subject: "commission \(refusal.commissionID) party \(refusal.partyID)",
            details: ["election": election]
        ) { db, log in
            try await LogStorage.lock(db)
            let commission = try await Self.workCommission(db, context, refusal.commissionID)
            var roll = try await Self.loadRoll(db, context, commission)
            let act: CommissionAct
            do { act = try roll.refuseRepresentative(refusal) } catch { throw Self.invalid(error) }
            let body = try Self.canonical(refusal)
            let seq = try await Self.nextSeq(db, "representative_refusals", election: election)
            let index = try await log.append([
                Self.workEntry(LogEntryType.representativeRefusal, election, "commission \(refusal.commissionID) refusal \(seq)", body)
            ])[0]
            try await Self.insertWork(db, .refusals, election, keys: [refusal.commissionID, seq], body: body, logIndex: index)
            return RecordedAct(act: act, logIndex: index)
        }
    }

    // MARK: - Membership queries

    /// Every member and representative ever on the commission, in the order of the acts.
    public func commissionMembers(election: String, commission: String) async throws -> [StoredMember] {
        let context = try await workContext(election)
        return try await self.context.backend.withDatabase { db in
            _ = try await Self.workCommission(db, context, commission)
            return try await Self.storedMembers(db, election: election, commission: commission)
        }
    }

    /// The commission's public membership history: appointments, departures, refusals, by date.
    public func membershipHistory(election: String, commission: String) async throws -> [MembershipHistoryEntry] {
        let context = try await workContext(election)
        let (members, refusals) = try await self.context.backend.withDatabase { db in
            _ = try await Self.workCommission(db, context, commission)
            return (
                try await Self.storedMembers(db, election: election, commission: commission),
                try await Self.storedRefusals(db, election: election, commission: commission)
            )
        }
        // Core orders the lines; each keeps the log index of the act that recorded it.
        return MembershipHistory.build(
            members: members.map { ($0.member, $0.appointmentLogIndex, $0.logIndex) }, refusals: refusals.map { ($0.refusal, $0.logIndex) }
        ).map { MembershipHistoryEntry(date: $0.date, event: $0.event, logIndex: $0.reference) }
    }

    /// Who sits on the commission on `date` (default: election day), its party balance, substitutions and refusals.
    public func composition(election: String, commission commissionID: String, on date: CivilDate? = nil) async throws
        -> CommissionCompositionReport
    {
        let context = try await workContext(election)
        let day = date ?? context.electionDay
        return try await self.context.backend.withDatabase { db in
            let commission = try await Self.workCommission(db, context, commissionID)
            let roll = try await Self.loadRoll(db, context, commission)
            let composition = roll.composition(on: day)
            let substitutions = try await db.raw(
                """
                SELECT body, log_index FROM commission_substitutions WHERE election_id = \(bind: election) AND commission_id = \(bind: commissionID)
                ORDER BY left_on, replacement_id
                """
            ).all().map {
                StoredSubstitution(
                    substitution: try WorkTable.decode(Substitution.self, try $0.string("body")),
                    logIndex: try Self.optionalInt($0, "log_index"))
            }
            return CommissionCompositionReport(
                electionID: election, commission: commission, date: day, composition: composition,
                balance: CompositionAnalytics.balance(of: composition, rules: context.profile.decisionRules), substitutions: substitutions,
                refusals: try await Self.storedRefusals(db, election: election, commission: commissionID))
        }
    }

    /// Party balance of every commission of the election on `date` (default: election day): the
    /// national shares (ODIHR's "six per cent"), by level and region, and the majority flags.
    /// Read from the indexed columns, so that the whole country is one scan.
    public func nationalComposition(election: String, on date: CivilDate? = nil) async throws -> NationalComposition {
        let context = try await workContext(election)
        let day = date ?? context.electionDay
        let text = day.description
        let (commissions, rows) = try await self.context.backend.withDatabase { db in
            let commissions = try await db.raw(
                """
                SELECT c.id, c.level, c.parent_id, c.name_kk, c.name_ru, c.name_en FROM commission_ancestors a
                JOIN commissions c ON c.id = a.commission_id WHERE a.ancestor_id = \(bind: context.rootID)
                """
            ).all().map(Row.commission)
            let rows = try await db.raw(
                """
                SELECT commission_id, id, nomination FROM commission_members
                WHERE election_id = \(bind: election) AND voting_right = 'deciding' AND term_start <= \(bind: text)
                AND term_end >= \(bind: text) AND (left_on IS NULL OR left_on > \(bind: text))
                """
            ).all().map { (commission: try $0.string("commission_id"), id: try $0.string("id"), nomination: try $0.string("nomination")) }
            return (commissions, rows)
        }
        var seatedBy: [String: [CommissionMember]] = [:]
        for row in rows {
            let parts = row.nomination.split(separator: ":", maxSplits: 1).map(String.init)
            let nomination =
                parts.count == 2 && parts[0] == "party" ? Nomination.party(parts[1]) : .body(parts.count == 2 ? parts[1] : row.nomination)
            seatedBy[row.commission, default: []].append(
                CommissionMember(
                    id: row.id, commissionID: row.commission, name: LocalizedText(row.id), nomination: nomination,
                    appointedBy: AppointingBody(kind: "-", id: "-"), appointingDecision: "-", termStart: day, termEnd: day))
        }
        let compositions = commissions.compactMap { commission -> Composition? in
            guard let level = context.profile.level(commission.level) else { return nil }
            return Composition(
                commissionID: commission.id, level: commission.level, date: day, statutoryMembers: level.statutoryMembers,
                votingMembers: seatedBy[commission.id] ?? [])
        }
        let rules = context.profile.decisionRules
        let flagged = CompositionAnalytics.commissionsWithMajorityParty(compositions, rules: rules)
        var majorityParties: [String: Int] = [:]
        for balance in flagged { majorityParties[balance.majorityParty ?? "", default: 0] += 1 }
        return NationalComposition(
            electionID: election, date: day, commissions: compositions.count, seated: rows.count,
            statutoryMembers: compositions.reduce(0) { $0 + $1.statutoryMembers }, shares: CompositionAnalytics.shares(of: compositions),
            byLevel: CompositionAnalytics.aggregate(compositions, rules: rules, groupedBy: CompositionAnalytics.byLevel),
            byRegion: CompositionAnalytics.aggregate(
                compositions, rules: rules, groupedBy: CompositionAnalytics.byRegion(commissions: commissions, profile: context.profile)),
            commissionsWithMajorityParty: flagged.count, majorityParties: majorityParties)
    }

    // MARK: - Sessions and decisions

    static func storedSession(_ db: any SQLDatabase, election: String, commission: String, id: String) async throws -> Session {
        guard
            let row = try await db.raw(
                """
                SELECT body FROM commission_sessions
                WHERE election_id = \(bind: election) AND commission_id = \(bind: commission) AND id = \(bind: id)
                """
            ).first()
        else { throw StoreError.notFound("session '\(id)' of commission '\(commission)'") }
        return try WorkTable.decode(Session.self, try row.string("body"))
    }

    /// Announces a session: notice, agenda and attendance are checked against the commission's
    /// composition that day (members of other commissions refused). A session without quorum is
    /// recorded, and can adopt nothing.
    @discardableResult
    public func scheduleSession(_ session: Session, election: String, by principal: Principal) async throws -> StoredSession {
        let context = try await workContext(election)
        try await authorizeWork(principal, .recordDecision, at: session.commissionID)
        return try await self.context.write(
            by: principal, action: "schedule-session", subject: "commission \(session.commissionID) session \(session.id)",
            details: ["election": election]
        ) { db, log in
            try await LogStorage.lock(db)
            let commission = try await Self.workCommission(db, context, session.commissionID)
            let roll = try await Self.loadRoll(db, context, commission)
            let quorum: SessionQuorum
            do { quorum = try session.quorum(composition: roll.composition(on: session.date), profile: context.profile) } catch {
                throw Self.invalid(error)
            }
            if (try? await Self.storedSession(db, election: election, commission: session.commissionID, id: session.id)) != nil {
                throw StoreError.conflict("session '\(session.id)' of commission '\(session.commissionID)' already exists")
            }
            let body = try Self.canonical(session)
            let index = try await log.append([
                Self.workEntry(LogEntryType.session, election, "commission \(session.commissionID) session \(session.id)", body)
            ])[0]
            try await Self.insertWork(db, .sessions, election, keys: [session.commissionID, session.id], body: body, logIndex: index)
            return StoredSession(session: session, quorum: quorum, logIndex: index)
        }
    }

    /// The commission's sessions in time order, each with its quorum.
    public func sessions(election: String, commission commissionID: String) async throws -> [StoredSession] {
        let context = try await workContext(election)
        return try await self.context.backend.withDatabase { db in
            let commission = try await Self.workCommission(db, context, commissionID)
            let roll = try await Self.loadRoll(db, context, commission)
            return try await db.raw(
                """
                SELECT body, log_index FROM commission_sessions WHERE election_id = \(bind: election) AND commission_id = \(bind: commissionID)
                ORDER BY opens_at, id
                """
            ).all().map {
                let session = try WorkTable.decode(Session.self, try $0.string("body"))
                return StoredSession(
                    session: session,
                    quorum: try? session.quorum(composition: roll.composition(on: session.date), profile: context.profile),
                    logIndex: try Self.optionalInt($0, "log_index"))
            }
        }
    }

    /// Records and publishes a decision adopted at a session: quorum and the majority of the
    /// statutory membership by recorded per-member votes, dissents from members who did not vote
    /// for it, and Kazakh and Russian (and any English) texts with the same provisions. A decision
    /// whose language versions differ is refused before publication, with every difference named.
    @discardableResult
    public func recordDecision(_ decision: Decision, publishedAt: CivilDateTime, election: String, by principal: Principal) async throws
        -> PublishedDecision
    {
        let context = try await workContext(election)
        try await authorizeWork(principal, .recordDecision, at: decision.commissionID)
        return try await self.context.write(
            by: principal, action: "record-decision", subject: "commission \(decision.commissionID) decision \(decision.id)",
            details: ["election": election, "number": decision.number]
        ) { db, log in
            try await LogStorage.lock(db)
            let commission = try await Self.workCommission(db, context, decision.commissionID)
            let roll = try await Self.loadRoll(db, context, commission)
            let session = try await Self.storedSession(db, election: election, commission: decision.commissionID, id: decision.sessionID)
            let composition = roll.composition(on: session.date)
            var published = decision
            let tally: VoteTally
            do {
                try published.publish(at: publishedAt, session: session, composition: composition, profile: context.profile)
                tally = try published.tally(in: session, composition: composition, profile: context.profile)
            } catch {
                throw Self.invalid(error)
            }
            let clash = try await db.raw(
                """
                SELECT id FROM commission_decisions WHERE election_id = \(bind: election) AND commission_id = \(bind: decision.commissionID)
                AND (id = \(bind: decision.id) OR number = \(bind: decision.number))
                """
            ).first()
            if clash != nil {
                throw StoreError.conflict(
                    "commission '\(decision.commissionID)' already has a decision '\(decision.id)' or numbered \(decision.number)")
            }
            let body = try Self.canonical(published)
            let index = try await log.append([
                Self.workEntry(LogEntryType.decision, election, "commission \(decision.commissionID) decision \(decision.id)", body)
            ])[0]
            try await Self.insertWork(db, .decisions, election, keys: [decision.commissionID, decision.id], body: body, logIndex: index)
            return PublishedDecision(decision: published, tally: tally, textProblems: [], logIndex: index)
        }
    }

    static func publishedDecision(_ db: any SQLDatabase, election: String, commission: String, id: String) async throws -> Decision? {
        try await db.raw(
            """
            SELECT body FROM commission_decisions
            WHERE election_id = \(bind: election) AND commission_id = \(bind: commission) AND id = \(bind: id)
            """
        ).first().map { try WorkTable.decode(Decision.self, try $0.string("body")) }
    }

    /// The commission's published decisions in order of publication, with their counts.
    public func decisions(election: String, commission commissionID: String) async throws -> [PublishedDecision] {
        let context = try await workContext(election)
        return try await self.context.backend.withDatabase { db in
            let commission = try await Self.workCommission(db, context, commissionID)
            let roll = try await Self.loadRoll(db, context, commission)
            var sessions: [String: Session] = [:]
            for row in try await db.raw(
                "SELECT body FROM commission_sessions WHERE election_id = \(bind: election) AND commission_id = \(bind: commissionID)"
            ).all() {
                let session = try WorkTable.decode(Session.self, try row.string("body"))
                sessions[session.id] = session
            }
            return try await db.raw(
                """
                SELECT body, log_index FROM commission_decisions WHERE election_id = \(bind: election) AND commission_id = \(bind: commissionID)
                ORDER BY published_at, number
                """
            ).all().map {
                let decision = try WorkTable.decode(Decision.self, try $0.string("body"))
                let tally = sessions[decision.sessionID].flatMap { session in
                    try? decision.tally(in: session, composition: roll.composition(on: session.date), profile: context.profile)
                }
                return PublishedDecision(
                    decision: decision, tally: tally, textProblems: decision.texts.problems(),
                    logIndex: try Self.optionalInt($0, "log_index"))
            }
        }
    }
}
