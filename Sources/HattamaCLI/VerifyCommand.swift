import ArgumentParser
import Foundation
import HattamaStore
import HattamaVerifier

/// `hattama verify --db URL`: recompute the transparency log from the database and check every
/// logged row, tree node and signed tree head against it. `hattama verify --server URL [--state FILE]`:
/// audit a server's log from its public API alone, as an outsider (the same code as `hattama-verify`).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the transparency log: from the database (--db) or, as an independent auditor, from a server (--server).",
        discussion: """
            With --db (the default): recomputes every entry's leaf hash from its stored content and the whole Merkle tree \
            from the leaves, compares them with the stored tree nodes and every signed tree head (root and Ed25519 \
            signature), and rebuilds each protocol version, turnout report and election structure's payload from its row as \
            it is now. Exits non-zero, naming the precinct (or election) and the log index, when anything differs.

            With --server URL: fetches every entry, recomputes the root, checks the signed tree head's signature and \
            witnesses' cosignatures and, with --state FILE, that the log is consistent with the tree head saved by the \
            previous run (a rewritten history fails); the state is updated only when everything verified.

            'hattama verify protocol --server URL --file COPY.json' checks an observer's copy of a protocol.
            """,
        subcommands: [VerifyProtocolCommand.self])

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Audit this server's public log instead of a database (and the server of 'verify protocol').") var server: String?
    @Option(help: "With --server: file keeping the last verified tree head (created on first run).") var state: String?
    @Option(name: .customLong("log-key"), help: "With --server: the log's Ed25519 public key (raw, base64) to pin.") var logKey: String?

    func validate() throws {
        if server != nil, database.db != nil { throw ValidationError("give either --db or --server, not both") }
        if server == nil, state != nil || logKey != nil { throw ValidationError("--state and --log-key go with --server") }
    }

    func run() async throws {
        if let server {
            let ok = try await verifying {
                let key = try logKey.map { text throws(VerifierError) in try ed25519PublicKey(base64: text) }
                return try await VerifyRun.log(
                    client: try LogClient(server: server), server: server, statePath: state, pinnedKey: key, say: say)
            }
            if !ok { throw ExitCode.failure }
            return
        }
        let store = try await reportingErrors { try await database.open(schema: .requireCurrent) }
        let report: LogVerification
        do {
            report = try await reportingErrors { try await store.log.verifyLog() }
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
            "checked \(report.nodes) tree nodes, \(report.treeHeads) signed tree heads, \(report.protocolVersions) protocol versions "
                + "(\(report.signedProtocols) signed by their station's key as of the log), "
                + "\(report.turnoutReports) turnout reports, \(report.elections) election structures, "
                + "\(report.commissionActs) acts of commissions, \(report.voterRegisterActs) voter-register acts",
        ]
        lines += report.problems.map { "MISMATCH \($0)" }
        lines.append(report.isValid ? "VERIFIED" : "FAILED: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        return lines
    }
}

/// `hattama verify protocol --server URL --file COPY.json`.
struct VerifyProtocolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol",
        abstract: "Check an observer's copy of a protocol against the published version, the log and the signed tree head.",
        discussion: """
            COPY.json holds the figures as written on the certified copy: \
            {"electionID":…,"precinctID":…,"lines":{…},"candidateVotes":{…}}. Its canonical bytes are looked up among the \
            precinct's published versions; the matching version's log entry is rebuilt, its inclusion proof checked against \
            the signed tree head. Prints VERIFIED, or DIFFERS with every figure that differs from the published version.
            """)

    // --server and --log-key are the parent's options (ArgumentParser gives a parent's option to the
    // parent wherever it appears), so `verify protocol --server URL` reads them from there.
    @ParentCommand var verify: VerifyCommand
    @Option(help: "The observer's copy (JSON).") var file: String

    func validate() throws {
        if verify.server == nil { throw ValidationError("--server URL is required") }
        if verify.state != nil { throw ValidationError("--state goes with 'verify --server', not 'verify protocol'") }
    }

    func run() async throws {
        guard let server = verify.server else { throw ValidationError("--server URL is required") }
        let ok = try await verifying {
            let key = try verify.logKey.map { text throws(VerifierError) in try ed25519PublicKey(base64: text) }
            return try await VerifyRun.protocolCopy(client: try LogClient(server: server), file: file, pinnedKey: key, say: say)
        }
        if !ok { throw ExitCode.failure }
    }
}

/// Verification that could not be carried out (server unreachable, garbage answers, unreadable
/// files) ends with the reason, not a stack of Swift names.
func verifying<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as VerifierError {
        throw Failure(message: error.description)
    }
}
