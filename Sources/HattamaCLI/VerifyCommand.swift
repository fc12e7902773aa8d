import ArgumentParser
import Foundation
import HattamaStore

/// `hattama verify --db URL`: recompute the transparency log from the database and check every
/// logged row, tree node and signed tree head against it.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the transparency log from the database and report every row, node or tree head it does not vouch for.",
        discussion: """
            Recomputes every entry's leaf hash from its stored content and the whole Merkle tree from the leaves, compares them \
            with the stored tree nodes and every signed tree head (root and Ed25519 signature), and rebuilds each protocol \
            version, turnout report and election structure's payload from its row as it is now. Exits non-zero, naming the \
            precinct (or election) and the log index, when anything differs.
            """)

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try await reportingErrors { try await database.open(schema: .requireCurrent) }
        let report: LogVerification
        do {
            report = try await reportingErrors { try await store.verifyLog() }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        for line in Self.lines(report) { say(line) }
        if !report.isValid { throw ExitCode.failure }
    }

    /// What `run` prints: a summary, then one line per problem, then the verdict.
    static func lines(_ report: LogVerification) -> [String] {
        var lines = [
            "log: \(report.entries) entries, root \(report.rootHash)",
            "checked \(report.nodes) tree nodes, \(report.treeHeads) signed tree heads, \(report.protocolVersions) protocol versions, "
                + "\(report.turnoutReports) turnout reports, \(report.elections) election structures",
        ]
        lines += report.problems.map { "MISMATCH \($0)" }
        lines.append(report.isValid ? "VERIFIED" : "FAILED: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        return lines
    }
}
