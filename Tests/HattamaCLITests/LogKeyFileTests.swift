import Foundation
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Testing

@testable import HattamaCLI

/// The log's signing key lives in a file next to the database, never in it: made (mode 0600) by
/// the first command that signs, reused by every later one, never touched by commands that read.
@Suite(.serialized) struct LogKeyFileTests {
    func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func signer(_ keyFile: String) throws -> LogSigner {
        let text = try String(contentsOfFile: keyFile, encoding: .utf8)
        return try LogSigner(rawRepresentation: try #require(Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))))
    }

    @Test func theFirstSigningCommandMakesTheKeyFileAndLaterOnesReuseIt() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let keyFile = path + ".log-key"
        try await run(["demo", "--db", path, "--scale", "small"])
        #expect(try permissions(keyFile) == 0o600)
        let contents = try Data(contentsOf: URL(fileURLWithPath: keyFile))
        let key = try signer(keyFile)

        // A second signing command: protocols imported as a batch, signed with the demo keys.
        let csv = temporaryFile("protocols.csv")
        defer { try? FileManager.default.removeItem(atPath: csv) }
        try Data(([ImportTests.header] + ImportTests.good).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: csv))
        try await run(["import", "protocols", "--db", path, "--sign-with-demo-keys", csv])
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyFile)) == contents, "the key is reused, not replaced")
        #expect(try permissions(keyFile) == 0o600)

        let store = try await openStore(path)
        #expect(try await store.log.logPublicKeys().map(\.keyID) == [key.keyID], "only the public half, once")
        let heads = try await store.log.treeHeads()
        #expect(heads.count == 3, "after the structure, after the stations' keys and after the protocols")
        #expect(heads.allSatisfy { $0.keyID == key.keyID })
        #expect(try await store.log.verifyLog().isValid)
        await store.close()
    }

    @Test func readingCommandsMakeNoKeyFile() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        try await run(["migrate", "--db", path])
        try await run(["migrate", "--db", path, "--status"])
        try await run(["verify", "--db", path])
        try await run(["audit", "--db", path])
        try await run(["witness", "list", "--db", path])
        try await run(["keys", "generate-demo", "--db", path])
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + ".log-key"))
    }

    @Test func theKeyFileIsASetting() async throws {
        let path = temporaryDatabase()
        let keyFile = temporaryFile("log.key")
        defer {
            removeDatabase(path)
            try? FileManager.default.removeItem(atPath: keyFile)
        }
        try await run(["demo", "--db", path, "--scale", "small", "--log-key-file", keyFile])
        #expect(try permissions(keyFile) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: path + ".log-key"))
        let store = try await openStore(path)
        #expect(try await store.log.logPublicKeys().map(\.keyID) == [try signer(keyFile).keyID])
        await store.close()
    }

    @Test func aKeyFileThatHoldsNoKeyStopsTheCommandBeforeTheDatabaseIsOpened() async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: path + ".log-key"))
        do {
            try await run(["demo", "--db", path, "--scale", "small"])
            Issue.record("a malformed key file was accepted")
        } catch {
            #expect(String(describing: error).contains("log key file"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing was written")
        #expect(try String(contentsOfFile: path + ".log-key", encoding: .utf8) == "not a key\n", "and the file is left as it was")
    }

    @Test func aNewKeyFileIsCreatedWholeAndPrivate() throws {
        let keyFile = temporaryFile("log.key")
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        try LogKeyFile.create(at: keyFile)
        let first = try Data(contentsOf: URL(fileURLWithPath: keyFile))
        // A second creator (another command starting at the same moment) keeps the first key.
        try LogKeyFile.create(at: keyFile)
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyFile)) == first)
        #expect(try permissions(keyFile) == 0o600)
        #expect(try LogKeyFile.signer(at: keyFile).keyID == signer(keyFile).keyID)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter {
            $0.hasPrefix((keyFile as NSString).lastPathComponent + ".new-")
        }
        #expect(leftovers.isEmpty, "no temporary file is left behind")
    }
}
