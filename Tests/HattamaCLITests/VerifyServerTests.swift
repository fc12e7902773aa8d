import ArgumentParser
import Crypto
import Foundation
import HattamaStore
import HattamaTestSupport
import Testing

@testable import HattamaCLI

/// `hattama verify --server` and `verify protocol` wiring; the audits themselves are tested in
/// HattamaVerifierTests against a live server.
@Suite struct VerifyServerTests {
    @Test func optionsAreChecked() async throws {
        #expect(throws: (any Error).self) { try Hattama.parseAsRoot(["verify", "--db", "x.sqlite", "--server", "http://127.0.0.1:9"]) }
        #expect(throws: (any Error).self) { try Hattama.parseAsRoot(["verify", "--state", "s.json"]) }
        #expect(throws: (any Error).self) { try Hattama.parseAsRoot(["verify", "protocol", "--server", "http://127.0.0.1:9"]) }
        #expect(throws: (any Error).self) { try Hattama.parseAsRoot(["verify", "protocol", "--file", "c.json"]) }
        #expect(try Hattama.parseAsRoot(["verify", "protocol", "--server", "http://x", "--file", "c.json"]) is VerifyProtocolCommand)
        #expect(try Hattama.parseAsRoot(["verify", "--server", "http://x", "--state", "s.json"]) is VerifyCommand)
    }

    @Test func anUnreachableServerIsAMessageNotACrash() async throws {
        await #expect {
            try await run(["verify", "--server", "http://127.0.0.1:9"])
        } throws: { error in
            (error as? Failure)?.message.hasPrefix("cannot reach http://127.0.0.1:9/api/v1/log/sth") == true
        }
    }
}

@Suite(.serialized) struct WitnessCommandTests {
    @Test func witnessesAreRegisteredOnceWithAValidKey() async throws {
        let db = temporaryDatabase()
        defer { removeDatabase(db) }
        let key = Data((0..<32).map { UInt8($0) })
        let publicKey = try Curve25519.Signing.PrivateKey(rawRepresentation: key).publicKey.rawRepresentation.base64EncodedString()
        try await run(["witness", "add", "--db", db, "--name", "Observers' Union", "--public-key", publicKey])
        await #expect(throws: (any Error).self) {
            try await run(["witness", "add", "--db", db, "--name", "Another", "--public-key", publicKey])
        }
        await #expect(throws: (any Error).self) {
            try await run(["witness", "add", "--db", db, "--name", "Third", "--public-key", "bm90IGEga2V5"])
        }
        let store = try await openStore(db)
        let witnesses = try await store.log.witnesses()
        await store.close()
        #expect(witnesses.map(\.name) == ["Observers' Union"])
        #expect(witnesses.first?.publicKey == publicKey)
    }
}
