import Crypto
import Foundation

/// The two audits as commands, shared by `hattama verify --server …` and `hattama-verify`.
public enum VerifyRun {
    /// Audits the whole log; saves the verified head to `statePath` only when everything checked out.
    /// Returns whether the log verified.
    public static func log(
        client: LogClient, server: String, statePath: String?, pinnedKey: Curve25519.Signing.PublicKey?,
        say: (String) -> Void
    ) async throws -> Bool {
        let state = try statePath.flatMap { path throws(VerifierError) in try AuditState.load(path: path) }
        if let statePath, state == nil { say("state: \(statePath) does not exist yet; this run's tree head will be saved there") }
        let report = try await LogAuditor(client: client, server: server).audit(state: state, pinnedKey: pinnedKey)
        for line in report.output { say(line) }
        if let statePath, let newState = report.newState {
            do {
                try newState.save(path: statePath)
            } catch {
                throw VerifierError.badInput("\(statePath): cannot save the state: \(error.localizedDescription)")
            }
            say("state: saved the tree head of \(newState.treeHead.treeSize) entries to \(statePath)")
        }
        return report.isValid
    }

    /// Checks an observer's copy against the published protocol and the log. Returns whether the
    /// copy is a published, logged version.
    public static func protocolCopy(
        client: LogClient, file: String, pinnedKey: Curve25519.Signing.PublicKey?, say: (String) -> Void
    ) async throws -> Bool {
        let copy = try ObserverCopy.load(path: file)
        let report = try await ProtocolChecker(client: client).check(copy, pinnedKey: pinnedKey)
        for line in report.output { say(line) }
        return report.isVerified
    }
}

/// `hattama-verify`: the standalone verifier, with no dependency on the server's code.
public enum VerifyTool {
    public static let usage = """
        usage: hattama-verify log --server URL [--state FILE] [--log-key BASE64]
               hattama-verify protocol --server URL --file COPY.json [--log-key BASE64]

          log       fetch every log entry, recompute the root, check the signed tree head (and witnesses'
                    cosignatures) and, with --state, that the log only grew since the tree head saved last time
          protocol  check an observer's copy of a protocol ({"electionID","precinctID","lines","candidateVotes"})
                    against the published version, its log entry, inclusion proof and signed tree head

          --log-key pins the log's Ed25519 public key (raw 32 bytes, base64) instead of trusting the one
                    the server publishes (a --state file pins the key it was first saved with)
        exit status: 0 verified, 1 a check failed or the copy differs, 2 verification could not be done
        """

    /// Runs with `arguments` (without the program name) and returns the exit status.
    public static func run(
        _ arguments: [String], transport: ((String) throws -> any LogTransport)? = nil, say: (String) -> Void = { print($0) },
        complain: (String) -> Void = { FileHandle.standardError.write(Data(("hattama-verify: " + $0 + "\n").utf8)) }
    ) async -> Int32 {
        guard let mode = arguments.first, mode == "log" || mode == "protocol" else {
            complain(arguments.first.map { $0 == "--help" || $0 == "-h" ? usage : "unknown command '\($0)'\n\(usage)" } ?? usage)
            return arguments.first == "--help" || arguments.first == "-h" ? 0 : 2
        }
        var options: [String: String] = [:]
        let allowed: Set<String> = mode == "log" ? ["--server", "--state", "--log-key"] : ["--server", "--file", "--log-key"]
        var rest = arguments.dropFirst()
        while let name = rest.popFirst() {
            guard allowed.contains(name) else {
                complain("unknown option '\(name)' for \(mode)\n\(usage)")
                return 2
            }
            guard let value = rest.popFirst() else {
                complain("\(name) needs a value")
                return 2
            }
            options[name] = value
        }
        guard let server = options["--server"] else {
            complain("--server URL is required")
            return 2
        }
        do {
            let key = try options["--log-key"].map { text throws(VerifierError) in try ed25519PublicKey(base64: text) }
            let client = LogClient(transport: try transport?(server) ?? URLSessionTransport(server: server))
            let ok: Bool
            if mode == "log" {
                ok = try await VerifyRun.log(client: client, server: server, statePath: options["--state"], pinnedKey: key, say: say)
            } else {
                guard let file = options["--file"] else {
                    complain("--file COPY.json is required")
                    return 2
                }
                ok = try await VerifyRun.protocolCopy(client: client, file: file, pinnedKey: key, say: say)
            }
            return ok ? 0 : 1
        } catch {
            complain("\(error)")
            return 2
        }
    }

    public static func main(_ arguments: [String]) async {
        exit(await run(arguments))
    }
}
