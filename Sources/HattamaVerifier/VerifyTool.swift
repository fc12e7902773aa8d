import Crypto
import Foundation
import HattamaLedger
import OpenAPIRuntime

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

    /// A witness's run: audits the log against the witness's own state and, only when everything
    /// verified (in particular, consistency with every head it saw before), cosigns the new head
    /// with its Ed25519 key and submits the cosignature. Returns whether it cosigned.
    public static func cosign(
        client: LogClient, server: String, statePath: String, witnessKey: Curve25519.Signing.PrivateKey,
        pinnedKey: Curve25519.Signing.PublicKey?, say: (String) -> Void
    ) async throws -> Bool {
        guard try await log(client: client, server: server, statePath: statePath, pinnedKey: pinnedKey, say: say),
            let state = try AuditState.load(path: statePath)
        else {
            say("not cosigned: the log did not verify")
            return false
        }
        let head = state.treeHead.treeHead
        let cosignature = try Cosignature(signing: head, with: witnessKey)
        try await client.submitCosignature(cosignature, of: head)
        say("cosigned the tree head of \(head.treeSize) entries as witness key \(cosignature.witnessKeyID)")
        return true
    }

    /// Reads a witness's private key: a file holding the raw 32-byte Ed25519 key, base64 (as
    /// `hattama keys generate --private-key-file` writes it).
    public static func privateKey(file: String) throws(VerifierError) -> Curve25519.Signing.PrivateKey {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw .badInput("\(file) does not hold a base64 raw Ed25519 private key") }
        return key
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
               hattama-verify cosign --server URL --state FILE --witness-key FILE [--log-key BASE64]

          log       fetch every log entry, recompute the root, check the signed tree head (and witnesses'
                    cosignatures) and, with --state, that the log only grew since the tree head saved last time
          protocol  check an observer's copy of a protocol ({"electionID","precinctID","lines","candidateVotes"})
                    against the published version, its log entry, inclusion proof and signed tree head
          cosign    as a registered witness: audit the log like 'log' and, only if it verified, cosign the tree
                    head with the witness's Ed25519 key (file: raw private key, base64) and submit the cosignature

          --log-key pins the log's Ed25519 public key (raw 32 bytes, base64) instead of trusting the one
                    the server publishes (a --state file pins the key it was first saved with)
        exit status: 0 verified, 1 a check failed or the copy differs, 2 verification could not be done
        """

    /// Runs with `arguments` (without the program name) and returns the exit status. `middlewares`
    /// see every HTTP exchange (tests play hostile servers with them).
    public static func run(
        _ arguments: [String], middlewares: [any ClientMiddleware] = [], say: (String) -> Void = { print($0) },
        complain: (String) -> Void = { FileHandle.standardError.write(Data(("hattama-verify: " + $0 + "\n").utf8)) }
    ) async -> Int32 {
        guard let mode = arguments.first, ["log", "protocol", "cosign"].contains(mode) else {
            complain(arguments.first.map { $0 == "--help" || $0 == "-h" ? usage : "unknown command '\($0)'\n\(usage)" } ?? usage)
            return arguments.first == "--help" || arguments.first == "-h" ? 0 : 2
        }
        var options: [String: String] = [:]
        let allowed: Set<String> =
            switch mode {
            case "log": ["--server", "--state", "--log-key"]
            case "cosign": ["--server", "--state", "--witness-key", "--log-key"]
            default: ["--server", "--file", "--log-key"]
            }
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
            let client = try LogClient(server: server, middlewares: middlewares)
            let ok: Bool
            if mode == "log" {
                ok = try await VerifyRun.log(client: client, server: server, statePath: options["--state"], pinnedKey: key, say: say)
            } else if mode == "cosign" {
                guard let state = options["--state"], let keyFile = options["--witness-key"] else {
                    complain("cosign needs --state FILE and --witness-key FILE")
                    return 2
                }
                ok = try await VerifyRun.cosign(
                    client: client, server: server, statePath: state, witnessKey: try VerifyRun.privateKey(file: keyFile), pinnedKey: key,
                    say: say)
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
