import Foundation
import HattamaCore
import HattamaInterchange
import SQLKit

/// An inclusion or correction request made during public scrutiny of the lists. Data only: the
/// web writes its answer (and the appeal route in words) from it.
public struct VoterListRequest: Equatable, Sendable {
    public typealias Kind = VoterListRequestKind

    public var id: Int
    public var kind: Kind
    public var precinctID: String
    public var proof: String
    public var filedAt: String
    /// "granted", "refused" or nil while pending.
    public var decision: String?
    public var reason: String?
    public var decidedAt: String? = nil
    /// The last day the commission may decide it (the filing day when the law says the same day).
    public var decideBy: String? = nil
    /// Pending past `decideBy`: the commission missed its deadline, and it can no longer decide.
    public var overdue: Bool = false
    /// For a refusal: where it can be appealed (the profile's `voterListAppealTo`, in each
    /// language), and under which rule.
    public var appeal: VoterListRequestAppeal? = nil

    /// For a refusal: the appeal route in each language.
    public var appealTo: LocalizedText? { appeal?.to }
}

/// Acts on the lists: voters moved to special stations, inclusion and correction requests during
/// public scrutiny, absentee certificates, election-day additions and ballot marks. The register
/// and its lists are `VotersStore`'s.
public struct VoterActsStore: VoterArea {
    let context: StoreContext
}

extension VoterActsStore {
    /// A proof or reason trimmed, by Core's rule for the texts of acts on the lists.
    static func checkText(_ text: String, _ name: String) throws -> String {
        do throws(VoterListRequestError) {
            return try VoterListRequestCase.checkedText(text, field: name)
        } catch {
            throw refusal(error)
        }
    }

    /// A Core refusal of a voter-list request as the store reports it.
    static func refusal(_ error: VoterListRequestError) -> StoreError {
        error.isConflict ? .conflict(error.description) : .invalid(error.description)
    }

    // MARK: - Special stations

    /// Puts a voter on a special station's list (hospital, detention, ship, abroad …): they stay
    /// on their home list, visibly excluded, and the home PEC cannot issue them a ballot. Only
    /// until the profile's finalisation day and never onto a finalised list; logged as a count.
    public func moveToSpecialStation(
        iin text: String, specialStation: String, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws {
        let iin = try Self.parseIIN(text)
        try await authorizeListWrite(principal, at: specialStation)
        let context = try await voterContext(election)
        let kind = try await precinctKind(specialStation)
        guard context.profile.specialStationKinds.contains(where: { $0.id == kind }) else {
            throw Self.refusal(.notASpecialStation(precinctID: specialStation, kind: kind))
        }
        try checkSpecialListOpen(context, at: time)
        try await self.context.write(by: principal, action: "special-station-include", subject: "precinct \(specialStation)") { db, log in
            if try await Self.isFinalised(db, election: context.electionID, precinct: specialStation) {
                throw Self.refusal(.specialListFinalised(precinctID: specialStation))
            }
            guard let voter = try await Self.voter(db, iin) else { throw Self.refusal(.unknownVoter(iin.digits)) }
            if voter.homePrecinctID == specialStation { throw Self.refusal(.alreadyOnList(precinctID: specialStation)) }
            switch voter.homeStatus {
            case "special": throw Self.refusal(.alreadyOnSpecialList(precinctID: voter.awayPrecinctID ?? ""))
            case "absentee": throw Self.refusal(.absenteeCertificateIssued(serial: 0))
            default: break
            }
            if let mark = try await Self.ballotMark(db, election: context.electionID, iin) {
                throw Self.refusal(.ballotAlreadyIssued(precinctID: mark))
            }
            try await db.raw(
                "UPDATE voters SET home_status = 'special', away_precinct_id = \(bind: specialStation) WHERE iin = \(bind: Self.iinKey(iin))"
            ).run()
            try await Self.recordListEvent(
                db, log, election: context.electionID, iin: iin, kind: "special-included", precinct: specialStation,
                other: voter.homePrecinctID, count: 1, detail: "", by: principal, logged: true)
        }
    }

    /// Takes a voter off a special station's list and restores them on their home list; the undo
    /// is recorded (with its reason) and logged as a count like the inclusion.
    public func undoSpecialStation(
        iin text: String, reason: String, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws {
        let iin = try Self.parseIIN(text)
        let reason = try Self.checkText(reason, "reason")
        let context = try await voterContext(election)
        guard let current = try await self.context.backend.withDatabase({ try await Self.voter($0, iin) }) else {
            throw Self.refusal(.unknownVoter(iin.digits))
        }
        guard current.homeStatus == "special", let special = current.awayPrecinctID else {
            throw Self.refusal(.notOnSpecialList(precinctID: current.homePrecinctID))
        }
        try await authorizeListWrite(principal, at: special)
        try checkSpecialListOpen(context, at: time)
        try await self.context.write(by: principal, action: "special-station-undo", subject: "precinct \(special)") { db, log in
            if try await Self.isFinalised(db, election: context.electionID, precinct: special) {
                throw Self.refusal(.specialListFinalised(precinctID: special))
            }
            try await db.raw(
                """
                UPDATE voters SET home_status = 'active', away_precinct_id = NULL
                WHERE iin = \(bind: Self.iinKey(iin)) AND home_status = 'special' AND away_precinct_id = \(bind: special)
                """
            ).run()
            guard try await Self.voter(db, iin)?.homeStatus == "active" else {
                throw StoreError.conflict("the voter's list standing changed meanwhile; try again")
            }
            try await Self.recordListEvent(
                db, log, election: context.electionID, iin: iin, kind: "special-undone", precinct: special, other: current.homePrecinctID,
                count: 1, detail: reason, by: principal, logged: true)
        }
    }

    private func checkSpecialListOpen(_ context: VoterContext, at time: CivilDateTime) throws {
        let lastDay = context.electionDay.adding(days: -context.profile.calendar.specialListFinalisedDaysBefore)
        if time.date > lastDay { throw Self.refusal(.specialListDeadlinePassed(lastDay: lastDay)) }
    }

    static func isFinalised(_ db: any SQLDatabase, election: String, precinct: String) async throws -> Bool {
        try await db.raw(
            "SELECT precinct_id FROM voter_list_commitments WHERE election_id = \(bind: election) AND precinct_id = \(bind: precinct)"
        ).first() != nil
    }

    // MARK: - Requests during public scrutiny

    /// Files an inclusion or correction request with its proof of residence, only while the
    /// station's list is open for public scrutiny; the PEC decides it the same day (`decideRequest`).
    @discardableResult
    public func fileRequest(
        _ kind: VoterListRequest.Kind, record: VoterRecord, proof: String, election: String? = nil, at time: CivilDateTime,
        by principal: Principal
    ) async throws -> Int {
        // The input first, before anything is read: as the store always answered.
        _ = try Self.checkText(proof, "proof of residence")
        let precinct = record.homePrecinctID
        // The voter files in person; the commission's secretary records it.
        try await authorizeListWrite(principal, at: precinct)
        let context = try await voterContext(election)
        let stationKind = try await precinctKind(precinct)
        let request: VoterListRequestCase
        do throws(VoterListRequestError) {
            request = try VoterListRequestCase.file(
                kind: kind, precinctID: precinct, stationKind: stationKind, proof: proof, at: time, electionDay: context.electionDay,
                profile: context.profile)
        } catch {
            throw Self.refusal(error)
        }
        let particulars = try Self.particularsJSON(record)
        return try await self.context.write(
            by: principal, action: "file-voter-request", subject: "precinct \(precinct)", details: ["kind": kind.rawValue]
        ) {
            db in
            try await db.insertRows(
                "voter_requests", ["kind", "iin", "precinct_id", "particulars", "proof", "filed_by", "filed_at"],
                [
                    [
                        request.kind.rawValue, Self.iinKey(record.iin), precinct, particulars, request.proof, principal.name,
                        request.filedAt.description,
                    ]
                ])
            guard
                let row = try await db.raw(
                    "SELECT MAX(id) AS id FROM voter_requests WHERE iin = \(bind: Self.iinKey(record.iin)) AND precinct_id = \(bind: precinct)"
                ).first()
            else { throw StoreError.unavailable("request row vanished") }
            return try row.int("id")
        }
    }

    /// Grants or refuses a pending request; a refusal needs its reason (it can be appealed). A
    /// granted inclusion of an IIN already on another list is refused as a conflict, never moved.
    /// The decision is dated no earlier than the filing and within the profile's deadline (the
    /// same day under Art. 26 §4): a later decision is refused and the request stays overdue.
    @discardableResult
    public func decideRequest(
        id: Int, grant: Bool, reason: String?, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws -> VoterListRequest {
        // The input first, before anything is read: as the store always answered.
        do throws(VoterListRequestError) {
            _ = try VoterListRequestCase.checkedDecisionReason(grant: grant, reason: reason)
        } catch {
            throw Self.refusal(error)
        }
        guard
            let row = try await self.context.backend.withDatabase({ db in
                try await db.raw(
                    "SELECT kind, iin, precinct_id, particulars, proof, decision, filed_at FROM voter_requests WHERE id = \(bind: id)"
                ).first()
            })
        else { throw StoreError.notFound("request \(id)") }
        let precinct = try row.string("precinct_id")
        try await authorizeListWrite(principal, at: precinct)
        let stored = try row.optionalString("decision")
        let outcome = stored.flatMap(VoterListRequestOutcome.init(rawValue:))
        if stored != nil, outcome == nil { throw StoreError.unavailable("request \(id): stored decision is unreadable") }
        let context = try await voterContext(election)
        guard let filed = CivilDateTime(parsing: try row.string("filed_at")) else {
            throw StoreError.unavailable("request \(id): stored filing time is unreadable")
        }
        // Core decides: once, not before the filing, by the deadline, a refusal with its reason.
        var request = VoterListRequestCase(
            id: id, kind: VoterListRequestKind(rawValue: try row.string("kind")) ?? .inclusion, precinctID: precinct,
            proof: try row.string("proof"), filedAt: filed, outcome: outcome, profile: context.profile)
        do throws(VoterListRequestError) {
            try request.decide(grant: grant, reason: reason, at: time)
        } catch {
            throw Self.refusal(error)
        }
        let kind = request.kind
        let reason = request.reason
        let decision = request.outcome?.rawValue ?? ""
        let record = try Self.record(fromParticulars: try row.string("particulars"), precinct: precinct)
        try await self.context.write(
            by: principal, action: "decide-voter-request", subject: "precinct \(precinct)", details: ["granted": "\(grant)"]
        ) {
            db in
            if grant {
                let existing = try await Self.voter(db, record.iin)
                switch kind {
                case .inclusion:
                    if let existing { throw Self.refusal(.alreadyOnList(precinctID: existing.homePrecinctID)) }
                    try await db.insertRows(VoterRowWriter.columns, [VoterListRow(line: 0, precinctNumber: 0, record: record)][...])
                case .correction:
                    guard let existing, existing.homePrecinctID == precinct else {
                        throw Self.refusal(.notOnThisList(precinctID: precinct))
                    }
                    try await db.raw(
                        """
                        UPDATE voters SET surname = \(bind: record.surname), given_name = \(bind: record.givenName),
                        patronymic = \(bind: record.patronymic), settlement = \(bind: record.settlement), address = \(bind: record.address)
                        WHERE iin = \(bind: Self.iinKey(record.iin))
                        """
                    ).run()
                }
            }
            try await db.raw(
                """
                UPDATE voter_requests SET decision = \(bind: decision), reason = \(bind: reason),
                decided_by = \(bind: principal.name), decided_at = \(bind: time.description) WHERE id = \(bind: id) AND decision IS NULL
                """
            ).run()
            try await Self.recordListEvent(
                db, LogAppender(db: db), election: nil, iin: record.iin, kind: "request-\(decision)",
                precinct: precinct, detail: reason ?? "", by: principal, logged: false)
        }
        // The request as decided, as `requests` shows it (deadline, appeal route).
        guard let decided = try await self.requests(precinct: precinct, election: election, at: time, only: id, by: principal).first else {
            throw StoreError.notFound("request \(id)")
        }
        return decided
    }

    /// A precinct's requests, each with the day it must be decided by; pending ones past it are
    /// `overdue` at `time` (default: not judged), and refusals say where they can be appealed.
    public func requests(
        precinct: String, election: String? = nil, at time: CivilDateTime? = nil, overdueOnly: Bool = false, only id: Int? = nil,
        by principal: Principal
    ) async throws -> [VoterListRequest] {
        if let user = principal.user { try await self.context.authorize(user, .readPersonalData, at: precinct) }
        let context = try await voterContext(election)
        let all = try await self.context.backend.withDatabase { db in
            try await db.raw(
                """
                SELECT id, kind, precinct_id, proof, filed_at, decision, reason, decided_at FROM voter_requests
                WHERE precinct_id = \(bind: precinct) AND (\(bind: id) IS NULL OR id = \(bind: id)) ORDER BY id
                """
            ).all().map { row in
                let filedAt = try row.string("filed_at")
                let decision = try row.optionalString("decision")
                let kind = VoterListRequestKind(rawValue: try row.string("kind")) ?? .inclusion
                let (id, precinctID, proof, reason) = (
                    try row.int("id"), try row.string("precinct_id"), try row.string("proof"), try row.optionalString("reason")
                )
                // Core judges deadline, overdue and appeal; a row whose filing time is unreadable
                // has no deadline and is never overdue.
                let request = CivilDateTime(parsing: filedAt).map {
                    VoterListRequestCase(
                        id: id, kind: kind, precinctID: precinctID, proof: proof, filedAt: $0,
                        outcome: decision.flatMap(VoterListRequestOutcome.init(rawValue:)), reason: reason, profile: context.profile)
                }
                return VoterListRequest(
                    id: id, kind: kind, precinctID: precinctID, proof: proof, filedAt: filedAt, decision: decision, reason: reason,
                    decidedAt: try row.optionalString("decided_at"), decideBy: request?.deadline.lastDay.description,
                    overdue: request?.isOverdue(at: time) ?? false, appeal: request?.appealOfRefusal)
            }
        }
        return overdueOnly ? all.filter(\.overdue) : all
    }

    static func particularsJSON(_ r: VoterRecord) throws -> String {
        let fields = [
            "iin": r.iin.digits, "surname": r.surname, "givenName": r.givenName, "patronymic": r.patronymic,
            "birthDate": r.birthDate.description, "settlement": r.settlement, "address": r.address,
        ]
        return String(decoding: try JSONEncoder.sorted.encode(fields), as: UTF8.self)
    }

    static func record(fromParticulars json: String, precinct: String) throws -> VoterRecord {
        guard let f = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)),
            let date = CivilDate(parsing: f["birthDate"] ?? "")
        else { throw StoreError.unavailable("stored request particulars are unreadable") }
        do {
            return try VoterRecord(
                iin: try parseIIN(f["iin"] ?? ""), surname: f["surname"] ?? "", givenName: f["givenName"] ?? "",
                patronymic: f["patronymic"] ?? "", birthDate: date, settlement: f["settlement"] ?? "", address: f["address"] ?? "",
                homePrecinctID: precinct)
        } catch let error as VoterRecord.Problem {
            throw StoreError.invalid("request particulars: \(error)")
        }
    }

    // MARK: - Election day

    /// Adds a voter on no list on election day, on proof of residence; counted separately.
    public func addOnElectionDay(
        _ record: VoterRecord, proof: String, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws {
        let proof = try Self.checkText(proof, "proof of residence")
        let precinct = record.homePrecinctID
        try await authorizeListWrite(principal, at: precinct)
        let context = try await voterContext(election)
        _ = try await precinctKind(precinct)
        guard time.date == context.electionDay else { throw Self.refusal(VoterRegisterRefusal.notElectionDay) }
        try await self.context.write(by: principal, action: "election-day-addition", subject: "precinct \(precinct)") { db, log in
            if let existing = try await Self.voter(db, record.iin) {
                throw Self.refusal(.alreadyOnList(precinctID: existing.homePrecinctID))
            }
            try await db.insertRows(VoterRowWriter.columns, [VoterListRow(line: 0, precinctNumber: 0, record: record)][...])
            try await db.raw("UPDATE voters SET election_day_addition = 1 WHERE iin = \(bind: Self.iinKey(record.iin))").run()
            try await Self.recordListEvent(
                db, log, election: context.electionID, iin: record.iin, kind: "election-day-addition", precinct: precinct, count: 1,
                detail: proof, by: principal, logged: true)
        }
    }

    static func ballotMark(_ db: any SQLDatabase, election: String, _ iin: IIN) async throws -> String? {
        try await db.raw("SELECT precinct_id FROM ballot_marks WHERE election_id = \(bind: election) AND iin = \(bind: iinKey(iin))")
            .first()?
            .string("precinct_id")
    }

    /// A PEC device's "ballot issued" for a voter. Refused (nothing stored) when this station's
    /// list does not entitle the voter — not on it, excluded for a special station, holding an
    /// absentee certificate. A voter already marked at another station is a double vote: the
    /// database keeps one mark per voter, so the second is stored as a conflict and reported at once.
    @discardableResult
    public func markBallotIssued(
        iin text: String, precinct: String, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws -> BallotMarkReport {
        let iin = try Self.parseIIN(text)
        if let user = principal.user { try await self.context.authorize(user, .castVote, at: precinct) }
        let context = try await voterContext(election)
        _ = try await precinctKind(precinct)
        guard time.date == context.electionDay else { throw Self.refusal(VoterRegisterRefusal.notElectionDay) }
        return try await self.context.write(by: principal, action: "mark-ballot-issued", subject: "precinct \(precinct)") { db in
            let mark = BallotMark(iin: iin.digits, precinctID: precinct, at: time)
            // A mark elsewhere first: a device reporting a ballot handed to a voter already marked at
            // another station is a double vote, recorded and reported whatever the lists say.
            if let first = try await Self.ballotMark(db, election: context.electionID, iin) {
                guard first != precinct else { throw Self.refusal(.ballotAlreadyIssued(precinctID: first)) }
                try await db.insertRows(
                    "ballot_mark_conflicts",
                    ["election_id", "iin", "precinct_id", "first_precinct_id", "marked_at", "recorded_by", "recorded_at"],
                    [[context.electionID, Self.iinKey(iin), precinct, first, time.description, principal.name, Timestamp.now()]])
                return BallotMarkReport(
                    mark: mark, marksElsewhere: [BallotMark(iin: iin.digits, precinctID: first, at: time)],
                    eligibilityProblem: .ballotAlreadyIssued(precinctID: first))
            }
            guard let voter = try await Self.voter(db, iin) else { throw Self.refusal(.unknownVoter(iin.digits)) }
            if voter.homePrecinctID == precinct {
                if !voter.addedOnElectionDay {
                    if voter.homeStatus == "special" {
                        throw Self.refusal(.excludedForSpecialStation(precinctID: voter.awayPrecinctID ?? ""))
                    }
                    if voter.homeStatus == "absentee" { throw Self.refusal(.absenteeCertificateIssued(serial: 0)) }
                }
            } else if voter.awayPrecinctID != precinct {
                throw Self.refusal(.notOnThisList(precinctID: precinct))
            }
            try await db.insertRows(
                "ballot_marks", ["election_id", "iin", "precinct_id", "marked_at", "recorded_by"],
                [[context.electionID, Self.iinKey(iin), precinct, time.description, principal.name]])
            return BallotMarkReport(mark: mark, marksElsewhere: [], eligibilityProblem: nil)
        }
    }

    /// Double marks detected so far (voter marked at two stations), as counts per station pair.
    public func doubleMarkCount(election: String? = nil) async throws -> Int {
        let context = try await voterContext(election)
        return try await self.context.backend.withDatabase { db in
            try await db.raw("SELECT COUNT(*) AS n FROM ballot_mark_conflicts WHERE election_id = \(bind: context.electionID)").first()?
                .int("n") ?? 0
        }
    }
}
