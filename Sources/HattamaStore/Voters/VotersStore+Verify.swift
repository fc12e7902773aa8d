import Foundation
import HattamaCore
import SQLKit

extension VotersStore {
    /// The voter register's part of `verifyLog()`: every list commitment, certificate allocation
    /// and logged list event, its payload rebuilt from the row as it is now, must equal the
    /// payload of the entry the row points at; every logged commitment must still have its row.
    /// Rows pointing beyond the `size` entries read are newer than the checked log and skipped.
    func verifyRows(entries: [StoredLogEntry], size: Int) async throws -> (problems: [LogProblem], rows: Int) {
        var problems: [LogProblem] = []
        var rows = 0
        func check(_ index: Int?, type: String, subject: String, payload: String) -> Int? {
            rows += 1
            guard let index else {
                problems.append(LogProblem(index: nil, subject: subject, message: "has no log entry"))
                return nil
            }
            guard index >= 0, index < entries.count else {
                if index < 0 || index < size {
                    problems.append(LogProblem(index: index, subject: subject, message: "points outside the log"))
                }
                return nil
            }
            let found = entries[index]
            if found.type != type {
                problems.append(
                    LogProblem(index: index, subject: subject, message: "points at a '\(found.type)' entry, not a '\(type)' entry"))
            } else if found.payload != payload {
                problems.append(LogProblem(index: index, subject: subject, message: "the stored row no longer matches its log entry"))
            }
            return index
        }
        func index(_ row: any SQLRow) throws -> Int? { try row.decodeNil(column: "log_index") ? nil : try row.int("log_index") }
        let (commitments, allocations, events) = try await self.context.backend.withDatabase { db in
            (
                try await db.raw("SELECT election_id, precinct_id, entry_count, root, log_index FROM voter_list_commitments").all(),
                try await db.raw("SELECT id, election_id, from_id, to_id, serials, count, log_index FROM absentee_allocations").all(),
                try await db.raw(
                    "SELECT id, election_id, kind, precinct_id, other_precinct_id, serial, count, log_index FROM voter_list_events WHERE log_index IS NOT NULL"
                ).all()
            )
        }
        var committed = Set<Int>()
        for row in commitments {
            let election = try row.string("election_id")
            let precinct = try row.string("precinct_id")
            let payload = Self.voterListCommitmentPayload(
                election: election, precinct: precinct, entries: try row.int("entry_count"), root: try row.string("root"))
            if let i = check(
                try index(row), type: LogEntryType.voterListCommitment, subject: "list commitment of \(precinct) (\(election))",
                payload: payload)
            {
                committed.insert(i)
            }
        }
        for entry in entries where entry.type == LogEntryType.voterListCommitment && !committed.contains(entry.index) {
            problems.append(
                LogProblem(index: entry.index, subject: entry.subject, message: "logged list commitment has no row (deleted or re-pointed)")
            )
        }
        for row in allocations {
            let payload = Self.absenteeAllocationPayload(
                election: try row.string("election_id"), from: try row.optionalString("from_id"), to: try row.string("to_id"),
                serials: try row.string("serials"), count: try row.int("count"))
            _ = check(
                try index(row), type: LogEntryType.absenteeAllocation, subject: "certificate allocation #\(try row.int("id"))",
                payload: payload)
        }
        for row in events {
            let payload = Self.voterListEventPayload(
                election: try row.optionalString("election_id"), kind: try row.string("kind"),
                precinct: try row.optionalString("precinct_id"),
                other: try row.optionalString("other_precinct_id"),
                serial: try row.decodeNil(column: "serial") ? nil : try row.int("serial"),
                count: try row.decodeNil(column: "count") ? nil : try row.int("count"))
            _ = check(
                try index(row), type: LogEntryType.voterListEvent, subject: "voter list event #\(try row.int("id"))", payload: payload)
        }
        return (problems, rows)
    }
}
