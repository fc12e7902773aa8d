import ArgumentParser
import Foundation
import HattamaCore
import HattamaStore

extension Role: ExpressibleByArgument {}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users and their roles.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user with a role scoped to one commission.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Login name: 3–64 characters from a–z, 0–9, '.', '_' and '-'.") var username: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: Role
        @Option(help: "Id of the commission the role applies to (e.g. cec, tec-ast-3, pec-ast-12).") var commission: String
        @Option(help: "Name shown in the audit log and pages.") var displayName: String?
        @Option(help: "Password (prefer --password-stdin or $HATTAMA_PASSWORD: arguments are visible to other users).") var password:
            String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            let secret: String
            if passwordStdin {
                guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
                secret = line
            } else if let password {
                secret = password
            } else if let environment = CommandLineEnvironment.password {
                secret = environment
            } else {
                throw ValidationError("give the password with --password-stdin, $HATTAMA_PASSWORD or --password")
            }
            let store = try await reportingErrors { try await database.open() }
            do {
                let user = try await reportingErrors {
                    try await store.accounts.addUser(
                        username: username, displayName: displayName, password: secret, role: role, commissionID: commission,
                        by: .commandLine())
                }
                say("added \(user.username) (\(user.role.rawValue) at \(user.commissionID))")
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only users of this commission.") var commission: String?

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let users = try await store.accounts.users(commissionID: commission)
            await store.close()
            for user in users { say("\(user.username)\t\(user.role.rawValue)\t\(user.commissionID)\t\(user.displayName)") }
        }
    }
}

struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Inspect and check law profiles.", subcommands: [Check.self, Show.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a profile file (or a bundled profile id) and summarise it.")
        @Argument(help: "A profile file, or kz-2011 / ru-2012.") var profile: String

        func run() async throws {
            let loaded = try await reportingErrors { try LawProfile.named(profile) }
            say(
                "\(loaded.id): OK — \(loaded.commissionLevels.count) commission levels, \(loaded.protocolForm.lines.count) protocol lines, "
                    + "\(loaded.controls.count) control checks, \(loaded.specialStationKinds.count) special station kinds")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a bundled profile as JSON (a starting point for a new country).")
        @Argument(help: "Bundled profile id.") var id: String = LawProfile.defaultID

        func run() async throws {
            let loaded = try await reportingErrors { try LawProfile.bundled(id) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            say(String(decoding: try encoder.encode(loaded), as: UTF8.self))
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the newest entries of the audit log.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "How many entries.") var limit = 20

    func run() async throws {
        let store = try await reportingErrors { try await database.open() }
        let records = try await store.accounts.auditLog(limit: limit)
        await store.close()
        for record in records {
            let details = record.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            say("\(record.id)\t\(record.at)\t\(record.actor)\t\(record.action)\t\(record.subject)\t\(details)")
        }
    }
}
