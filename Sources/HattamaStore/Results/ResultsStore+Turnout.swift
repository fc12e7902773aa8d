import Foundation
import HattamaCore
import SQLKit

extension ResultsStore {
    /// Records cumulative turnout reported by precinct commissions at the profile's reporting
    /// times. Every report is checked (known time, not above the list, never decreasing through the
    /// day) before anything is stored; one refusal stores none of them.
    public func reportTurnout(_ reports: [TurnoutReport], by principal: Principal) async throws {
        guard let electionID = reports.first?.electionID else { return }
        let runtime = try await runtime(election: electionID)
        func label(_ i: Int) -> String { reports.count == 1 ? "" : "item \(i + 1): " }
        var seen = Set<String>()
        for (i, report) in reports.enumerated() {
            guard report.electionID == electionID else { throw StoreError.invalid("\(label(i))election differs from the batch's") }
            guard seen.insert("\(report.precinctID)@\(report.time)").inserted else {
                throw StoreError.invalid("\(label(i))precinct '\(report.precinctID)' at \(report.time) appears twice")
            }
            if let user = principal.user { try await context.authorize(user, .submitProtocol, at: report.precinctID) }
        }
        // Check against a copy of the live tabulation, so a refusal leaves it untouched.
        var trial = runtime.state.withLock { $0.turnout }
        for (i, report) in reports.enumerated() {
            guard trial.structure.isPrecinct(report.precinctID) else {
                throw StoreError.notFound("\(label(i))precinct '\(report.precinctID)'")
            }
            do {
                try trial.record(report)
            } catch {
                throw StoreError.invalid("\(label(i))precinct '\(report.precinctID)': \(error.description)")
            }
        }
        let logged = try await context.write(
            by: principal, action: "report-turnout", subject: "turnout \(electionID)", details: ["count": "\(reports.count)"]
        ) { db, log in
            let now = Timestamp.now()
            for report in reports {
                try await db.raw(
                    "DELETE FROM turnout_reports WHERE election_id = \(bind: electionID) AND precinct_id = \(bind: report.precinctID) AND report_time = \(bind: report.time)"
                ).run()
            }
            let indices = try await log.append(reports.map(Self.logEntry(for:)))
            try await db.insertRows(
                "turnout_reports", ["election_id", "precinct_id", "report_time", "voters", "reported_by", "reported_at", "log_index"],
                zip(reports, indices).map { report, index in
                    [report.electionID, report.precinctID, report.time, report.voters, principal.name, now, index]
                })
            return indices
        }
        runtime.state.withLock { state in
            for report in reports { try? state.turnout.record(report) }
        }
        runtime.noteApplied(logIndices: logged)
        if reports.count > 1 { await context.signTreeHeadAfterBatch() }
    }

    /// Turnout through the day for a commission (default: the central one), with the final
    /// figure from the results protocols for comparison.
    public func turnout(election: String, commission: String? = nil) async throws -> TurnoutSummary {
        let runtime = try await runtime(election: election)
        let id = commission ?? runtime.rootID
        return try runtime.state.withLock { state in
            guard let summary = state.turnout.summary(of: id, final: state.tabulation.summary(of: id)) else {
                throw StoreError.notFound("commission '\(id)' in election '\(election)'")
            }
            return summary
        }
    }

    /// `turnout` payload: `{"electionID":…,"precinctID":…,"time":"HH:MM","voters":N}`, sorted keys.
    public static func turnoutPayload(_ report: TurnoutReport) -> String {
        "{\"electionID\":\(Canonical.jsonString(report.electionID)),\"precinctID\":\(Canonical.jsonString(report.precinctID)),"
            + "\"time\":\(Canonical.jsonString(report.time)),\"voters\":\(report.voters)}"
    }

    static func logEntry(for report: TurnoutReport) -> LogEntry {
        LogEntry(
            type: LogEntryType.turnout, subject: "\(report.electionID)/\(report.precinctID)@\(report.time)",
            payload: turnoutPayload(report))
    }
}
