import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import Testing

@testable import HattamaStore
@testable import HattamaVerifier

/// A real server behind a transport that rewrites its answers: every lie or breakage must end in a
/// named problem or a clear error, never a crash or a VERIFIED.
typealias Tamper = @Sendable (String, HTTPReply) throws -> HTTPReply

@Suite struct HostileServerTests {
    /// Runs `body` with a client whose answers pass through `tamper`, over a log of 1 + 1 + 5 entries (structure, keys, protocols).
    func withTamperedServer(
        _ tamper: @escaping Tamper,
        _ body: @Sendable (HattamaStore, LogClient, String) async throws -> Void
    ) async throws {
        try await withLiveServer { store, server async throws in
            try await submit(store, testPrecincts.prefix(5).map { figures($0) })
            let client = try LogClient(server: server, tamper: tamper)
            try await body(store, client, server)
        }
    }

    func audit(_ client: LogClient, state: AuditState? = nil) async throws -> LogAuditReport {
        try await LogAuditor(client: client, server: "test").audit(state: state)
    }

    @Test func aForgedTreeHeadSignatureFails() async throws {
        let tamper: Tamper = { path, reply in
            guard path.hasPrefix("/api/v1/log/sth") else { return reply }
            return try rewriteJSON(reply) { object in
                var signature = Array(object["signature"] as! String)
                signature[5] = signature[5] == "0" ? "1" : "0"
                object["signature"] = String(signature)
            }
        }
        try await withTamperedServer(tamper) { _, client, _ async throws in
            let report = try await audit(client)
            #expect(
                report.problems.count == 1 && report.problems[0].hasPrefix("the tree head's signature does not verify"),
                "\(report.problems)")
            #expect(report.output.last == "FAILED: 1 problem")
            #expect(report.newState == nil)
            let check = try await ProtocolChecker(client: client).check(figures(testPrecincts[0]))
            #expect(check.verdict == .failed)
        }
    }

    @Test func aTreeHeadForAnotherRootFailsTwice() async throws {
        let tamper: Tamper = { path, reply in
            guard path.hasPrefix("/api/v1/log/sth") else { return reply }
            return try rewriteJSON(reply) { $0["rootHash"] = MerkleHash.emptyRoot.hex }
        }
        try await withTamperedServer(tamper) { _, client, _ async throws in
            let report = try await audit(client)
            #expect(report.problems.contains { $0.hasPrefix("the tree head's signature does not verify") })
            #expect(report.problems.contains { $0.hasPrefix("the entries hash to root ") && $0.hasSuffix("says \(MerkleHash.emptyRoot)") })
        }
    }

    @Test func anAlteredEntryIsNamed() async throws {
        let tamper: Tamper = { path, reply in
            guard path.hasPrefix("/api/v1/log/entries") else { return reply }
            return try rewriteJSON(reply) { object in
                var entries = object["entries"] as! [[String: Any]]
                if entries.count > 3 { entries[3]["payload"] = (entries[3]["payload"] as! String).replacingOccurrences(of: "1", with: "2") }
                object["entries"] = entries
            }
        }
        try await withTamperedServer(tamper) { _, client, _ async throws in
            let report = try await audit(client)
            #expect(
                report.problems.contains {
                    $0.hasPrefix("entry #3 (\(election)/") && $0.contains("is not the hash of its type and payload")
                })
            #expect(report.problems.contains { $0.hasPrefix("the entries hash to root ") })
        }
    }

    @Test func aTruncatedInclusionProofFails() async throws {
        let tamper: Tamper = { path, reply in
            guard path.hasPrefix("/api/v1/log/proof/inclusion") else { return reply }
            return try rewriteJSON(reply) { $0["auditPath"] = Array(($0["auditPath"] as! [String]).dropLast()) }
        }
        try await withTamperedServer(tamper) { _, client, _ async throws in
            let check = try await ProtocolChecker(client: client).check(figures(testPrecincts[2]))
            #expect(check.verdict == .failed)
            #expect(check.problems.contains { $0.contains("does not lead to the signed root") }, "\(check.problems)")
        }
    }

    @Test func aTruncatedConsistencyProofFails() async throws {
        let tamper: Tamper = { path, reply in
            guard path.hasPrefix("/api/v1/log/proof/consistency") else { return reply }
            return try rewriteJSON(reply) { $0["proof"] = Array(($0["proof"] as! [String]).dropFirst()) }
        }
        try await withTamperedServer(tamper) { store, client, _ async throws in
            let first = try await audit(client)
            let state = try #require(first.newState)
            try await submit(store, testPrecincts.dropFirst(5).prefix(2).map { figures($0) })
            let report = try await audit(client, state: state)
            #expect(
                report.problems == ["the server's consistency proof from 7 to 9 entries does not verify against the saved and new roots"])
        }
    }

    @Test func aLogThatShrankFails() async throws {
        try await withLiveServer { store, server async throws in
            try await submit(store, [figures(testPrecincts[0])])
            let client = try LogClient(server: server)
            let key = Curve25519.Signing.PrivateKey()
            // A state (with another key pinned) claiming more entries than the log has.
            let head = try TreeHead(treeSize: 50, rootHash: MerkleHash.emptyRoot, timestamp: 1).sign(with: key)
            let state = AuditState(server: server, logPublicKey: key.publicKey.rawRepresentation.base64EncodedString(), treeHead: head)
            let report = try await LogAuditor(client: client, server: server).audit(state: state)
            #expect(report.problems.contains("the log shrank: the saved tree head covers 50 entries, the server now signs only 3"))
        }
    }

    @Test(arguments: [
        ("/api/v1/log/sth", HTTPReply(status: 200, body: Data("<html>oops</html>".utf8)), "not valid JSON"),
        ("/api/v1/log/sth", HTTPReply(status: 200, body: Data("{\"treeSize\":1}".utf8)), "'rootHash' is missing"),
        (
            "/api/v1/log/sth", HTTPReply(status: 500, body: Data("{\"error\":{\"message\":\"database down\"}}".utf8)),
            "HTTP 500: database down"
        ),
        ("/api/v1/log/entries", HTTPReply(status: 200, body: Data("{\"treeSize\":7,\"entries\":[]}".utf8)), "no entries from index 0"),
        ("/api/v1/log/entries", HTTPReply(status: 200, body: Data("{\"treeSize\":7,\"entries\":{}}".utf8)), "entries: wrong type"),
    ])
    func brokenAnswersAreClearErrors(path: String, reply: HTTPReply, expected: String) async throws {
        let tamper: Tamper = { requested, honest in requested.hasPrefix(path) ? reply : honest }
        try await withTamperedServer(tamper) { _, client, _ async throws in
            await #expect {
                _ = try await audit(client)
            } throws: { error in
                (error as? VerifierError)?.description.contains(expected) == true
            }
        }
    }

    @Test func entriesOutOfOrderAreRefused() async throws {
        let tamper: Tamper = { path, reply in
            guard path.hasPrefix("/api/v1/log/entries") else { return reply }
            return try rewriteJSON(reply) { object in object["entries"] = Array((object["entries"] as! [[String: Any]]).reversed()) }
        }
        try await withTamperedServer(tamper) { _, client, _ async throws in
            await #expect {
                _ = try await audit(client)
            } throws: { error in
                (error as? VerifierError)?.description.contains("entry at position 0 has index 6, expected 0") == true
            }
        }
    }

    @Test func unreachableAndBadServersAreClearErrors() async throws {
        #expect(throws: VerifierError.badServerURL("ftp://example.org")) { try LogClient(server: "ftp://example.org") }
        #expect(throws: VerifierError.self) { try LogClient(server: "not a url") }
        // Port 9 (discard) on loopback: nothing listens in the test environment.
        let client = try LogClient(server: "http://127.0.0.1:9")
        await #expect {
            _ = try await client.treeHead()
        } throws: { error in
            guard case .unreachable(let url, _) = error as? VerifierError else { return false }
            return url == "http://127.0.0.1:9/api/v1/log/sth"
        }
    }
}
