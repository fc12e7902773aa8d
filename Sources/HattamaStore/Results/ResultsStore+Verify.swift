import Foundation
import HattamaCore
import SQLKit

extension ResultsStore {
    /// The results' part of `verifyLog()`: every protocol version's hash and payload, rebuilt from
    /// the row as it is now, against the entry the row points at, and every logged version still
    /// has its row; likewise every turnout report (a report replaced at the same time leaves its
    /// older entry as history).
    func verifyRows(_ check: inout LogRowCheck) async throws -> (protocolVersions: Int, turnoutReports: Int) {
        var counts = (protocolVersions: 0, turnoutReports: 0)
        // Protocol versions.
        let versions = try await context.backend.withDatabase { db in
            try await db.raw(
                """
                SELECT election_id, precinct_id, version, canonical, hash, signature, outcome, reason, decision_ref, log_index
                FROM protocol_versions ORDER BY election_id, precinct_id, version
                """
            ).all()
        }
        var referenced = Set<Int>()
        for row in versions {
            let election = try row.string("election_id")
            let precinct = try row.string("precinct_id")
            let version = try row.int("version")
            let subject = "precinct '\(precinct)' (election \(election)) version \(version)"
            let index = try row.decodeNil(column: "log_index") ? nil : try row.int("log_index")
            let canonical = try row.string("canonical")
            counts.protocolVersions += 1
            if Canonical.sha256Hex(Array(canonical.utf8)) != (try row.string("hash")) {
                check.problem(index, subject, "stored hash is not the SHA-256 of the stored canonical protocol")
            }
            guard let found = check.entry(index, type: LogEntryType.protocolVersion, subject: subject) else { continue }
            guard let found else { continue }
            referenced.insert(found.index)
            let payload = Self.protocolVersionPayload(
                canonical: canonical, version: version, reason: try row.string("reason"),
                decisionReference: try row.optionalString("decision_ref"), outcome: try row.string("outcome"),
                signature: try row.string("signature"))
            if payload != found.payload {
                check.problem(found.index, subject, "the stored row no longer matches its log entry")
            }
        }
        for entry in check.entries where entry.type == LogEntryType.protocolVersion && !referenced.contains(entry.index) {
            check.problem(entry.index, entry.subject, "logged protocol version has no row in protocol_versions (deleted or re-pointed)")
        }

        // Turnout reports. A report replaced at the same time leaves its older entry as history.
        let turnout = try await context.backend.withDatabase { db in
            try await db.raw("SELECT election_id, precinct_id, report_time, voters, log_index FROM turnout_reports").all()
        }
        var turnoutSubjects = Set<String>()
        for row in turnout {
            let turnoutReport = TurnoutReport(
                electionID: try row.string("election_id"), precinctID: try row.string("precinct_id"),
                time: try row.string("report_time"), voters: try row.int("voters"))
            let subject =
                "turnout of precinct '\(turnoutReport.precinctID)' (election \(turnoutReport.electionID)) at \(turnoutReport.time)"
            counts.turnoutReports += 1
            turnoutSubjects.insert(Self.logEntry(for: turnoutReport).subject)
            let index = try row.decodeNil(column: "log_index") ? nil : try row.int("log_index")
            guard let found = check.entry(index, type: LogEntryType.turnout, subject: subject) else { continue }
            guard let found else { continue }
            if Self.turnoutPayload(turnoutReport) != found.payload {
                check.problem(found.index, subject, "the stored row no longer matches its log entry")
            }
        }
        for entry in check.entries where entry.type == LogEntryType.turnout && !turnoutSubjects.contains(entry.subject) {
            check.problem(entry.index, entry.subject, "logged turnout report has no row in turnout_reports (deleted)")
        }
        return counts
    }
}
