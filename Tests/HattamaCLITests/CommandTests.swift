import ArgumentParser
import Foundation
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Testing

@testable import HattamaCLI

/// Runs `hattama ARGS…` in-process, as the executable would.
func run(_ arguments: [String]) async throws {
    var command = try Hattama.parseAsRoot(arguments)
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
    } else {
        try command.run()
    }
}

/// A store beside the commands (which sign with the database's key file, the store with `testLogSigner`).
func openStore(_ path: String) async throws -> HattamaStore {
    try await HattamaStore.open(.sqlite(path: path), configuration: .testing, logSigner: testLogSigner, logger: quietLogger)
}

@Suite(.serialized) struct CommandTests {
    @Test func demoLoadsTheStructureOnceAndRefusesASecondLoad() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        try await run(["demo", "--db", path, "--scale", "small"])
        let store = try await openStore(path)
        let counts = try await store.structure.commission("cec").counts
        #expect(counts.precincts == DemoGenerator(scale: .small).generate().precincts.count)
        let audit = try await store.accounts.auditLog()
        #expect(audit.map(\.action) == ["register-keys", "import-structure"])
        #expect(audit.allSatisfy { $0.actor.hasPrefix("cli:") })
        await store.close()

        await #expect(throws: (any Error).self) { try await run(["demo", "--db", path, "--scale", "small"]) }
        let again = try await openStore(path)
        #expect(try await again.accounts.auditLog().count == 2, "the refused second load wrote nothing")
        await again.close()
    }

    @Test func userAddCreatesScopedUsersAndRefusesBadInput() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        try await run(["demo", "--db", path, "--scale", "small"])
        try await run([
            "user", "add", "--db", path, "--bcrypt-cost", "4", "--username", "admin", "--role", "cec-admin", "--commission", "cec",
            "--password",
            "correct horse battery",
        ])
        for bad in [
            ["--username", "admin", "--role", "observer", "--commission", "cec", "--password", "correct horse battery"],
            ["--username", "x", "--role", "observer", "--commission", "cec", "--password", "correct horse battery"],
            ["--username", "bob", "--role", "observer", "--commission", "nowhere", "--password", "correct horse battery"],
            ["--username", "bob", "--role", "observer", "--commission", "cec", "--password", "short"],
            ["--username", "bob", "--role", "cec-admin", "--commission", "tec-ast", "--password", "correct horse battery"],
        ] {
            await #expect(throws: (any Error).self, "\(bad)") { try await run(["user", "add", "--db", path, "--bcrypt-cost", "4"] + bad) }
        }
        #expect(throws: (any Error).self) {
            try Hattama.parseAsRoot(["user", "add", "--db", path, "--username", "bob", "--role", "tsar", "--commission", "cec"])
        }
        let store = try await openStore(path)
        #expect(try await store.accounts.users().map(\.username) == ["admin"])
        #expect(try await store.accounts.auditLog().map(\.action) == ["add-user", "register-keys", "import-structure"])
        await store.close()
    }

    @Test func migrateIsIdempotent() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        try await run(["migrate", "--db", path])
        try await run(["migrate", "--db", path])
        try await run(["migrate", "--db", path, "--status"])
        let store = try await openStore(path)
        #expect(try await store.schemaVersion() == HattamaStore.schemaVersionOfBinary)
        await store.close()
    }

    @Test func badDatabaseLocationsAreValidationErrors() async throws {
        await #expect(throws: ValidationError.self) { try await run(["migrate", "--db", "mysql://root@localhost/x"]) }
        await #expect(throws: ValidationError.self) { try await run(["serve", "--db", temporaryDatabase(), "--port", "0"]) }
    }

    @Test func profileCheckAcceptsBundledProfilesAndNamesTheFaultInBadOnes() async throws {
        try await run(["profile", "check", "kz-2011"])
        try await run(["profile", "check", "ru-2012"])
        let file = temporaryURL("bad-profile.json")
        defer { try? FileManager.default.removeItem(at: file) }
        var json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(try LawProfile.bundled("kz-2011"))) as? [String: Any])
        var controls = try #require(json["controls"] as? [[String: Any]])
        controls[0]["expression"] = "ballots_received = ballots_isued"
        json["controls"] = controls
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        do {
            try await run(["profile", "check", file.path])
            Issue.record("a bad profile passed")
        } catch {
            let message = String(describing: error)
            #expect(message.contains(file.lastPathComponent))
            #expect(message.contains("controls[0].expression"))
            #expect(message.contains("ballots_isued"))
        }
    }
}
