import Foundation
import HattamaCore
import SQLKit

extension CommissionWorkStore {
    /// Checks every commissions-at-work row against the log: the entry at `log_index` has one of
    /// the table's types and carries exactly the row's body, the indexed columns are those the body
    /// gives, a member's appointment entry carries the member as appointed, and every logged act
    /// still has its row. Rows newer than the `size` entries read are skipped.
    func verifyRows(entries: [StoredLogEntry], size: Int) async throws -> (rows: Int, problems: [LogProblem]) {
        var problems: [LogProblem] = []
        var rows = 0
        var referenced = Set<Int>()
        var complaintSubjects = Set<String>()
        func problem(_ index: Int?, _ subject: String, _ message: String) {
            problems.append(LogProblem(index: index, subject: subject, message: message))
        }
        /// The logged entry, or nil (with a problem when the pointer is bad, silently when newer).
        func logged(_ index: Int?, types: [String], subject: String) -> StoredLogEntry? {
            guard let index else {
                problem(nil, subject, "has no log entry")
                return nil
            }
            guard index >= 0 else {
                problem(index, subject, "points at a negative log index")
                return nil
            }
            guard index < size else { return nil }
            let found = entries[index]
            guard types.contains(found.type) else {
                problem(index, subject, "points at a '\(found.type)' entry, not a '\(types.joined(separator: "' or '"))' entry")
                return nil
            }
            referenced.insert(index)
            return found
        }

        for table in WorkTable.all {
            let columnNames = table.columnNames
            let extra = table.name == WorkTable.members.name ? ["appointment_log_index"] : []
            let selected = ["election_id"] + table.keys + columnNames + extra + ["body", "log_index"]
            let found = try await self.context.backend.withDatabase { db in
                try await db.select().columns(selected.map { SQLIdentifier($0) }).from(table.name).all()
            }
            for row in found {
                rows += 1
                let election = try row.string("election_id")
                let keys = try table.keys.map { key -> String in
                    if let text = try? row.decode(column: key, as: String.self) { return text }
                    return String(try row.decode(column: key, as: Int.self))
                }
                let subject = "\(table.name) \(keys.joined(separator: "/")) (election \(election))"
                let body = try row.string("body")
                let index = try Self.optionalInt(row, "log_index")
                if table.name == WorkTable.complaints.name, let id = keys.first {
                    complaintSubjects.insert("election \(election) complaint \(id) ")
                }
                guard let expected = try? table.columns(body) else {
                    problem(index, subject, "the stored record is not readable")
                    continue
                }
                for (name, value) in expected {
                    let stored = try row.optionalString(name)
                    if stored != value {
                        problem(index, subject, "column \(name) is '\(stored ?? "NULL")' but the record says '\(value ?? "NULL")'")
                    }
                }
                if let entry = logged(index, types: table.types, subject: subject),
                    entry.payload != Self.workPayload(electionID: election, body: body)
                {
                    problem(entry.index, subject, "the stored row no longer matches its log entry")
                }
                if !extra.isEmpty, var member = try? WorkTable.decode(CommissionMember.self, body) {
                    member.status = .active
                    let appointment = try Self.optionalInt(row, "appointment_log_index")
                    if let entry = logged(appointment, types: [LogEntryType.memberAppointment], subject: subject + " appointment"),
                        entry.payload != Self.workPayload(electionID: election, body: try Self.canonical(member))
                    {
                        problem(entry.index, subject, "the stored member no longer matches the logged appointment")
                    }
                }
            }
        }
        // Every logged act keeps its row; a complaint's earlier steps stay as its history.
        let workTypes = Set(WorkTable.all.flatMap(\.types))
        for entry in entries where workTypes.contains(entry.type) && !referenced.contains(entry.index) {
            if entry.type == LogEntryType.complaintStatus, complaintSubjects.contains(where: { entry.subject.hasPrefix($0) }) { continue }
            problem(entry.index, entry.subject, "logged \(entry.type) has no row any more (deleted or re-pointed)")
        }
        return (rows, problems)
    }
}
