import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import HattamaTestSupport
import Testing

@testable import HattamaStore
@testable import HattamaVerifier

/// `verify --server` against a real server on a loopback port, over URLSession.
@Suite struct LogAuditTests {
    @Test func auditVerifiesGrowthAndDetectsARewrittenHistory() async throws {
        try await withLiveServer { store, server async throws in
            let statePath = temporaryFile("state.json")
            defer { try? FileManager.default.removeItem(atPath: statePath) }
            let client = try LogClient(server: server)
            // The structure and the stations' keys are logged before any protocol.
            let base = try await store.log.logSize()
            try await submit(store, testPrecincts.prefix(4).map { figures($0) })

            // First run: nothing saved yet; the verified head is saved.
            let first = Transcript()
            #expect(try await VerifyRun.log(client: client, server: server, statePath: statePath, pinnedKey: nil, say: first.say))
            #expect(first.lines.contains { $0.hasPrefix("tree head: \(base + 4) entries") }, "\(first.text)")
            #expect(first.lines.contains { $0.hasPrefix("recomputed \(base + 4) entries: root ") })
            #expect(first.lines.contains("checked 4 protocol signatures against their stations' keys as of the log"), "\(first.text)")
            #expect(first.lines.contains("VERIFIED"))
            let saved = try #require(try AuditState.load(path: statePath))
            #expect(saved.treeHead.treeSize == base + 4)
            #expect(saved.treeHead.rootHash == (try await store.log.logRoot(size: base + 4)))

            // The log grows honestly: consistent with the saved head.
            try await submit(store, testPrecincts.dropFirst(4).prefix(3).map { figures($0) })
            let second = Transcript()
            #expect(try await VerifyRun.log(client: client, server: server, statePath: statePath, pinnedKey: nil, say: second.say))
            #expect(
                second.lines.contains {
                    $0.hasPrefix("consistency proof from \(base + 4) to \(base + 7) entries:") && $0.hasSuffix("verified")
                },
                "\(second.text)")
            let rootAfter = try await store.log.logRoot(size: base + 7)
            #expect(try AuditState.load(path: statePath)?.treeHead.rootHash == rootAfter)

            // The server rewrites the second protocol's entry (one figure), keeps the station's
            // signature, recomputes its whole tree and signs the forged history with its real key;
            // then the log grows again.
            let station = testPrecincts[1].id
            let index = base + 1
            let entry = try #require(try await store.log.logEntries(start: index, end: index + 1).first)
            let cast = try #require(figures(testPrecincts[1]).lines["ballots_cast"])
            #expect(entry.payload.contains("\"ballots_cast\":\(cast)") && entry.subject.contains(station))
            try await store.rewriteHistory(entry: index, replacing: "\"ballots_cast\":\(cast)", with: "\"ballots_cast\":\(cast + 50)")
            try await submit(store, testPrecincts.dropFirst(7).prefix(2).map { figures($0) })

            // The forged tree is self-consistent, but a fresh auditor, with no saved state, finds
            // that the station never signed the rewritten figures.
            let fresh = Transcript()
            #expect(!(try await VerifyRun.log(client: client, server: server, statePath: nil, pinnedKey: nil, say: fresh.say)))
            #expect(
                fresh.lines.contains { $0.hasPrefix("PROBLEM log entry #\(index) (") && $0.contains(station) && $0.contains("signature") },
                "\(fresh.text)")

            // The auditor who kept state is not fooled either.
            let third = Transcript()
            #expect(!(try await VerifyRun.log(client: client, server: server, statePath: statePath, pinnedKey: nil, say: third.say)))
            #expect(
                third.lines.contains {
                    $0.hasPrefix("PROBLEM history was rewritten: the first \(base + 7) entries now hash to ")
                        && $0.hasSuffix("had root \(rootAfter)")
                },
                "\(third.text)")
            #expect(
                third.lines.contains {
                    $0.hasPrefix("PROBLEM the server's consistency proof from \(base + 7) to \(base + 9) entries does not verify")
                })
            #expect(third.lines.last == "FAILED: 3 problems", "\(third.text)")
            // The state still holds the last honest head, so the next run fails again.
            #expect(try AuditState.load(path: statePath)?.treeHead.treeSize == base + 7)
            #expect(!(try await VerifyRun.log(client: client, server: server, statePath: statePath, pinnedKey: nil, say: { _ in })))
        }
    }

    @Test func aPinnedKeyOtherThanTheLogsFails() async throws {
        try await withLiveServer { store, server async throws in
            try await submit(store, [figures(testPrecincts[0])])
            let other = Curve25519.Signing.PrivateKey().publicKey
            let report = try await LogAuditor(client: try LogClient(server: server), server: server).audit(state: nil, pinnedKey: other)
            #expect(!report.isValid)
            #expect(report.problems.contains { $0.hasPrefix("the tree head's signature does not verify with the log key") })
            #expect(report.problems.contains { $0.hasPrefix("the server now publishes log key") })
            #expect(report.newState == nil)
        }
    }

    @Test func aStateFileThatWasEditedIsRefused() async throws {
        let path = temporaryFile("state.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let key = Curve25519.Signing.PrivateKey()
        let head = try TreeHead(treeSize: 3, rootHash: MerkleHash.emptyRoot, timestamp: 1000).sign(with: key)
        try AuditState(server: "http://x", logPublicKey: key.publicKey.rawRepresentation.base64EncodedString(), treeHead: head).save(
            path: path)
        #expect(try AuditState.load(path: path)?.treeHead == head)

        // Lowering the saved size (to accept a truncated log) breaks the signature.
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"treeSize\" : 3", with: "\"treeSize\" : 2")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: VerifierError.self) { try AuditState.load(path: path) }
        try "{not json".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: VerifierError.self) { try AuditState.load(path: path) }
    }
}
