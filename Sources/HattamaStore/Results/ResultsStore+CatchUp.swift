import Foundation
import HattamaCore
import SQLKit

/// Keeping an election's in-memory tabulation current when another process writes to the same
/// database (`hattama import protocols --db …` while `hattama serve` runs on it).
///
/// Every protocol version and turnout report carries the log index of its entry, so "what changed"
/// is "rows whose log index is at or after the log size the runtime last saw". Applying a version or
/// report is idempotent, so seeing one twice (this process's own, or one read during loading) is
/// harmless. This process's own writes advance the seen size as they are applied, so the usual
/// cost is one read of the log size.
extension ResultsStore {
    func catchUp(_ runtime: ElectionRuntime, election: String) async throws {
        let seen = runtime.state.withLock { $0.seenLogSize }
        let size = try await context.logSize()
        guard size > seen else { return }
        let (versions, turnout) = try await context.backend.withDatabase { db in
            let versions = try await db.raw(
                """
                \(unsafeRaw: Self.versionColumns) WHERE election_id = \(bind: election) AND log_index >= \(bind: seen)
                ORDER BY precinct_id, version
                """
            ).all().map { try Self.version($0) }
            let turnout = try await db.raw(
                """
                SELECT precinct_id, report_time, voters FROM turnout_reports
                WHERE election_id = \(bind: election) AND log_index >= \(bind: seen) ORDER BY precinct_id, report_time
                """
            ).all().map {
                TurnoutReport(
                    electionID: election, precinctID: try $0.string("precinct_id"), time: try $0.string("report_time"),
                    voters: try $0.int("voters"))
            }
            return (versions, turnout)
        }
        for version in versions { runtime.apply(version, assessment: runtime.compiled.assess(version.figures)) }
        runtime.state.withLock { state in
            for report in turnout { try? state.turnout.record(report) }
            state.seenLogSize = max(state.seenLogSize, size)
        }
    }
}

extension ElectionRuntime {
    /// Records that this process applied the rows of log entries `indices` itself; the seen size
    /// moves on only when nothing foreign lies before them (else `catchUp` reads the gap).
    func noteApplied(logIndices indices: some Sequence<Int>) {
        state.withLock { state in
            for index in indices.sorted() where index == state.seenLogSize { state.seenLogSize += 1 }
        }
    }
}
