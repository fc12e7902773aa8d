import ArgumentParser
import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaLedger
import HattamaStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage commissions' Ed25519 signing keys.",
        subcommands: [GenerateDemo.self, Show.self, Register.self, Revoke.self, Generate.self, Sign.self])

    struct GenerateDemo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-demo",
            abstract:
                "Register demo keys, derived from the demo seed, for every precinct commission without a key (demo only: the server keeps no private key)."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Seed the demo keys are derived from.") var seed: UInt64 = DemoGenerator.defaultSeed

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let count: Int
            do {
                count = try await reportingErrors { try await DemoKeys(seed: seed).registerMissing(in: store, by: .commandLine()) }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            say("registered \(count) demo keys")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a commission's registered public key.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Commission id.") var commission: String

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let key: CommissionKey
            do {
                key = try await reportingErrors { try await store.structure.commissionKey(commission) }
            } catch {
                // Closed on every path: an open connection left behind traps in debug builds.
                await store.close()
                throw error
            }
            await store.close()
            say("\(key.commissionID)\t\(key.publicKey)\tregistered \(key.registeredAt)")
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register the public key a commission signs with (base64 of the raw 32 bytes).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Commission id.") var commission: String
        @Option(help: "Base64 raw Ed25519 public key.") var publicKey: String

        func run() async throws {
            guard let raw = Data(base64Encoded: publicKey) else { throw ValidationError("--public-key is not base64") }
            let store = try await reportingErrors { try await database.open() }
            do {
                try await reportingErrors {
                    try await store.structure.registerKey(commissionID: commission, publicKey: raw, by: .commandLine())
                }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            say("registered the key of \(commission)")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a commission's key (lost or compromised): logged; nothing signed with it is accepted afterwards.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Commission id.") var commission: String

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            do {
                try await reportingErrors { try await store.structure.revokeKey(commissionID: commission, by: .commandLine()) }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            say("revoked the key of \(commission); register a new one with 'hattama keys register'")
        }
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new key pair on this machine: prints the public key to register and writes the private key to a file.")
        @Option(help: "File to write the private key to (base64).") var privateKeyFile: String

        func run() async throws {
            // A key file is never overwritten: losing a registered private key is not undone.
            guard !FileManager.default.fileExists(atPath: privateKeyFile) else {
                throw ValidationError("\(privateKeyFile) exists already; choose another file or remove it first")
            }
            let key = Curve25519.Signing.PrivateKey()
            guard
                FileManager.default.createFile(
                    atPath: privateKeyFile, contents: Data(key.rawRepresentation.base64EncodedString().utf8),
                    attributes: [.posixPermissions: 0o600])
            else { throw ValidationError("cannot write \(privateKeyFile)") }
            say(key.publicKey.rawRepresentation.base64EncodedString())
        }
    }

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign protocols in a JSON Lines file with a private key file; prints the file with signatures added.")
        @Option(help: "Private key file written by 'hattama keys generate'.") var privateKeyFile: String
        @Option(help: "Election id the protocols belong to.") var election: String
        @Option(help: "For a correction: the number of the station's latest version, which this one follows.")
        var afterVersion: Int?
        @Option(help: "For a correction: the hash of the station's latest version (from its protocol page or the API).")
        var afterHash: String?
        @Argument(help: "JSON Lines file of protocols.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: privateKeyFile, encoding: .utf8),
                let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            else { throw ValidationError("\(privateKeyFile) does not hold a base64 Ed25519 private key") }
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            // JSON Lines carry their own line ids, so any profile serves for parsing.
            let profile = try LawProfile.bundled()
            let entries = try reportingFileErrors(file) { () throws(ProtocolFileError) in
                try ProtocolFile.parse(data, format: .jsonLines, electionID: election, profile: profile)
            }
            // The signature covers the whole claim: a correction names the version it follows.
            var previous: ProtocolVersionHead?
            switch (afterVersion, afterHash) {
            case (nil, nil): previous = nil
            case (let version?, let hash?):
                guard version >= 1, hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
                    throw ValidationError("--after-version must be 1 or more and --after-hash a SHA-256 in hex")
                }
                previous = ProtocolVersionHead(version: version, hash: hash.lowercased())
            default: throw ValidationError("give --after-version and --after-hash together, for a correction")
            }
            for entry in entries {
                let location = "\(file): line \(entry.line)"
                let reason = try ImportCommand.Protocols.reason(entry, at: location)
                guard (previous == nil) == (reason == .original) else {
                    throw Failure(
                        message: previous == nil
                            ? "\(location): a \(reason.rawValue) corrects a version: give --after-version and --after-hash"
                            : "\(location): a version after another needs a reason other than original")
                }
                let statement = ProtocolStatement(
                    entry.resultsProtocol, protocolHash: Hash.sha256(entry.resultsProtocol.canonicalBytes()).hex, reason: reason,
                    decisionReference: entry.decisionReference, after: previous)
                let signature = try key.signature(for: statement.canonicalBytes())
                var object: [String: Any] = [
                    "precinctID": entry.resultsProtocol.precinctID, "lines": entry.resultsProtocol.lines,
                    "candidateVotes": entry.resultsProtocol.candidateVotes, "signature": signature.base64EncodedString(),
                    "reason": reason.rawValue,
                ]
                if let reference = entry.decisionReference { object["decisionReference"] = reference }
                say(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            }
        }
    }
}

func reportingFileErrors<T>(_ file: String, _ body: () throws(ProtocolFileError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw Failure(message: "\(file): \(error.description)")
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data files.", subcommands: [Protocols.self, ImportElection.self, ImportVoters.self])

    struct Protocols: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import signed results protocols from CSV or JSON Lines, atomically: one bad line and nothing is stored.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Election id (default: the only election in the database).") var election: String?
        @Option(help: "File format: jsonl or csv (default: from the file name).") var format: String?
        @Flag(help: "Sign unsigned protocols with the demo keys, derived from the demo seed (demo databases only).") var signWithDemoKeys =
            false
        @Option(help: "With --sign-with-demo-keys: the seed the demo was loaded with.") var seed: UInt64 = DemoGenerator.defaultSeed
        @Argument(help: "The file.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            guard let format = format.map({ ProtocolFile.Format(rawValue: $0) }) ?? ProtocolFile.format(ofFileNamed: file) else {
                throw ValidationError("cannot tell the format of \(file): pass --format jsonl or --format csv")
            }
            let store = try await reportingErrors { try await database.open(signing: true) }
            do {
                try await importFile(data, format: format, into: store)
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }

        func importFile(_ data: Data, format: ProtocolFile.Format, into store: HattamaStore) async throws {
            let elections = try await store.structure.elections()
            let electionID: String
            if let election {
                electionID = election
            } else if elections.count == 1 {
                electionID = elections[0].id
            } else {
                throw ValidationError("the database holds \(elections.count) elections: name one with --election")
            }
            let profile = try await reportingErrors { try await store.structure.profile(forElection: electionID) }
            let entries = try reportingFileErrors(file) { () throws(ProtocolFileError) in
                try ProtocolFile.parse(data, format: format, electionID: electionID, profile: profile)
            }
            let progress = ProgressLine(total: entries.count, label: "signing")
            let demoKeys = signWithDemoKeys ? DemoKeys(seed: seed) : nil
            // The registered keys say which seed the demo was loaded with: a wrong --seed is named
            // here rather than as a bad signature on every line.
            if let demoKeys, let first = entries.first(where: { $0.signature == nil })?.resultsProtocol.precinctID,
                (try? await demoKeys.isRegistered(for: first, in: store)) == false
            {
                throw Failure(
                    message: "the key registered for \(first) is not a demo key of seed \(seed): pass the --seed the demo was loaded with")
            }
            // A demo signature covers the version each protocol becomes, so it needs each station's latest.
            let heads =
                demoKeys == nil
                ? [:]
                : try await store.results.latestVersionHeads(election: electionID, precincts: entries.map(\.resultsProtocol.precinctID))
            var submissions: [ProtocolSubmission] = []
            submissions.reserveCapacity(entries.count)
            for entry in entries {
                let location = "\(file): line \(entry.line)"
                var signature: Data
                if let text = entry.signature {
                    guard let decoded = Data(base64Encoded: text) else {
                        throw Failure(message: "\(location), field 'signature': not base64")
                    }
                    signature = decoded
                } else if let demoKeys {
                    signature = try demoKeys.sign(
                        entry.resultsProtocol, reason: try Self.reason(entry, at: location), decisionReference: entry.decisionReference,
                        after: heads[entry.resultsProtocol.precinctID])
                } else {
                    throw Failure(
                        message: "\(location), field 'signature': the protocol is unsigned (use --sign-with-demo-keys on a demo database)")
                }
                let reason = try Self.reason(entry, at: location)
                submissions.append(
                    ProtocolSubmission(
                        resultsProtocol: entry.resultsProtocol, signature: signature, reason: reason,
                        decisionReference: entry.decisionReference))
                progress.advance()
            }
            progress.finish()
            let stored = try await reportingErrors {
                try await store.results.submitProtocols(
                    submissions, by: .commandLine(), itemLabels: entries.map { "\(file): line \($0.line)" })
            }
            var outcomes: [ProtocolOutcome: Int] = [:]
            for version in stored { outcomes[version.outcome, default: 0] += 1 }
            say(
                "imported \(stored.count) protocols into \(electionID): "
                    + ProtocolOutcome.allCases.map { "\(outcomes[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", "))
        }
    }
}

/// A one-line progress indicator on standard error (only when it is a terminal).
final class ProgressLine {
    let total: Int
    let label: String
    var done = 0
    let interactive = isatty(2) != 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func advance() {
        done += 1
        if interactive, done % 500 == 0 || done == total {
            FileHandle.standardError.write(Data("\r\(label) \(done)/\(total) (\(done * 100 / max(total, 1))%)".utf8))
        }
    }

    /// Sets progress to an absolute amount (e.g. bytes read).
    func set(_ amount: Int) {
        done = amount
        if interactive {
            FileHandle.standardError.write(Data("\r\(label) \(done * 100 / max(total, 1))%".utf8))
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension ImportCommand.Protocols {
    /// The version reason a line names (original when it names none).
    static func reason(_ entry: ProtocolFileEntry, at location: String) throws -> ProtocolVersionReason {
        guard let text = entry.reason else { return .original }
        guard let parsed = ProtocolVersionReason(rawValue: text) else {
            throw Failure(
                message: "\(location), field 'reason': '\(text)' is not one of "
                    + ProtocolVersionReason.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return parsed
    }
}
