import ArgumentParser
import Foundation
import HattamaStore

/// `hattama witness`: register the observer organisations whose cosignatures of tree heads the
/// server accepts and publishes.
struct WitnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Register and list transparency-log witnesses (observer organisations that cosign tree heads).",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a witness's Ed25519 public key; its cosignatures are then accepted at POST /api/v1/log/cosignatures.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The witness's name, e.g. the observer organisation.") var name: String
        @Option(name: .customLong("public-key"), help: "The witness's raw 32-byte Ed25519 public key, base64.") var publicKey: String

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let witness: LogWitness
            do {
                witness = try await reportingErrors { try await store.log.addWitness(name: name, publicKey: publicKey, by: .commandLine()) }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            say("registered witness '\(witness.name)', key id \(witness.keyID)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered witnesses.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await reportingErrors { try await database.open(schema: .requireCurrent) }
            let witnesses: [LogWitness]
            do {
                witnesses = try await reportingErrors { try await store.log.witnesses() }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            if witnesses.isEmpty { say("no witnesses registered") }
            for witness in witnesses { say("\(witness.name)\t\(witness.keyID)\t\(witness.publicKey)") }
        }
    }
}
