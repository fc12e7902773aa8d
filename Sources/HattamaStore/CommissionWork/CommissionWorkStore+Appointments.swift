import Foundation
import HattamaCore
import SQLKit

extension CommissionWorkStore {
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
