import Foundation
import HattamaCore
import HattamaDemo
import SQLKit

extension CommissionWorkStore {
    /// Loads the demo's commissions at work: every commission's members in one transaction
    /// (checked by the Core rolls first, logged as one batch), then each later act through the
    /// same methods an operator would use, so the demo passes every rule the API enforces.
    public func loadDemoCommissionWork(_ work: DemoCommissionWork, election: String, by principal: Principal) async throws {
        try await appointMembers(work.members, election: election, by: principal)
        for step in work.steps {
            switch step {
            case .substitute(let substitution): try await substituteMember(substitution, election: election, by: principal)
            case .registerRepresentative(let member): try await registerRepresentative(member, election: election, by: principal)
            case .refuseRepresentative(let refusal): try await refuseRepresentative(refusal, election: election, by: principal)
            case .schedule(let session): try await scheduleSession(session, election: election, by: principal)
            case .decide(let decision, let publishedAt):
                try await recordDecision(decision, publishedAt: publishedAt, election: election, by: principal)
            case .file(let id, let complainant, let subject, let route, let summary, let at):
                try await fileComplaint(
                    id: id, complainant: complainant, subject: subject, route: route, summary: summary, receivedAt: at, election: election,
                    by: principal)
            case .register(let id, let at, let courtNumber):
                try await registerComplaint(id: id, at: at, courtNumber: courtNumber, election: election, by: principal)
            case .scheduleComplaint(let id, let sessionID):
                try await scheduleComplaint(id: id, session: sessionID, election: election, by: principal)
            case .hearing(let id, let at): try await scheduleHearing(id: id, at: at, election: election, by: principal)
            case .decideComplaint(let id, let decisionID, let outcome, let at):
                try await decideComplaint(
                    id: id, bySessionDecision: decisionID, outcome: outcome, at: at, election: election, by: principal)
            case .courtRuling(let id, let reference, let outcome, let at):
                try await recordCourtRuling(id: id, reference: reference, outcome: outcome, at: at, election: election, by: principal)
            case .publish(let id, let at): try await publishComplaintDecision(id: id, at: at, election: election, by: principal)
            case .appeal(let id, let appealID, let summary, let at):
                try await appealComplaint(id: id, appealID: appealID, summary: summary, filedAt: at, election: election, by: principal)
            }
        }
        await self.context.signTreeHeadAfterBatch()
    }

    /// Appoints many voting members at once (forming commissions): each checked by its
    /// commission's roll, all stored with their log entries in one transaction, or none.
    public func appointMembers(_ members: [CommissionMember], election: String, by principal: Principal) async throws {
        guard !members.isEmpty else { return }
        let context = try await workContext(election)
        let commissionIDs = Array(Set(members.map(\.commissionID))).sorted()
        for id in commissionIDs { try await authorizeWork(principal, .manageStructure, at: id) }
        try await self.context.write(
            by: principal, action: "appoint-members", subject: "election \(election)", details: ["count": "\(members.count)"]
        ) {
            db, log in
            try await LogStorage.lock(db)
            var rolls: [String: CommissionRoll] = [:]
            for id in commissionIDs {
                rolls[id] = try await Self.loadRoll(db, context, try await Self.workCommission(db, context, id))
            }
            var bodies: [String] = []
            for (i, member) in members.enumerated() {
                do { try rolls[member.commissionID]?.appoint(member) } catch { throw StoreError.invalid("member \(i + 1): \(error)") }
                bodies.append(try Self.canonical(member))
            }
            let indices = try await log.append(
                zip(members, bodies).map { member, body in
                    Self.workEntry(LogEntryType.memberAppointment, election, Self.memberSubject(member.commissionID, member.id), body)
                })
            let first = try await Self.nextSeq(db, "commission_members", election: election)
            let columns =
                ["election_id", "commission_id", "id", "seq"] + WorkTable.members.columnNames + [
                    "appointment_log_index", "body", "log_index",
                ]
            var rows: [[(any Encodable & Sendable)?]] = []
            for (i, member) in members.enumerated() {
                var row: [(any Encodable & Sendable)?] = [election, member.commissionID, member.id, first + i]
                row += try WorkTable.members.columns(bodies[i]).map { $0.1 }
                row += [indices[i], bodies[i], indices[i]]
                rows.append(row)
            }
            try await db.insertRows("commission_members", columns, rows)
        }
    }
}
