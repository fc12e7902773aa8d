import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaLedger
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore

/// Signatures end to end (issue 19): a station signs the whole claim of a version, keys are
/// registered, rotated and revoked as log entries, and `verifyLog` replays both.
@Suite struct SignedHistoryTests {
    static let election = DemoGenerator.electionID

    @Test(arguments: TestBackend.available)
    func aReplayedSignatureWithANewReasonIsRefused(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let first = kzProtocol(precincts[0])
            let original = try await signed(store, first)
            try await store.results.submitProtocol(original, by: .user(secretary))
            var recount = first
            recount.lines["invalid_ballots"]! += 1
            recount.candidateVotes["nazarbayev"]! -= 1
            try await store.results.submitProtocol(
                try await signed(store, recount, reason: .recount, decision: "PEC decision 4"), by: .user(secretary))

            // The first figures with their genuine signature, now claimed as a court's decision.
            let before = try await snapshot(store)
            let replay = ProtocolSubmission(
                resultsProtocol: first, signature: original.signature, reason: .courtDecision,
                decisionReference: "Supreme Court ruling 999 (invented)")
            let error = await #expect(throws: StoreError.self) { try await store.results.submitProtocol(replay, by: .user(secretary)) }
            #expect(error?.description.contains("signature") == true && error?.description.contains(first.precinctID) == true)
            #expect(try await snapshot(store) == before)
            let report = try await store.log.verifyLog()
            #expect(report.isValid, "\(report.problems)")
            #expect(report.signedProtocols == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func keyChangesAreLoggedAndVerified(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let station = precincts[0]
            try await store.results.submitProtocol(try await signed(store, kzProtocol(station)), by: .user(secretary))

            // Rotation: the new key is a log entry; the version signed before it still verifies.
            let size = try await store.log.logSize()
            let newKey = Curve25519.Signing.PrivateKey()
            try await store.structure.registerKey(commissionID: station.id, publicKey: newKey.publicKey.rawRepresentation, by: .system)
            let entry = try #require(try await store.log.logEntries(start: size, end: size + 1).first)
            #expect(entry.type == LogEntryType.commissionKeys)
            #expect(entry.payload == "{\"keys\":{\"\(station.id)\":\"\(newKey.publicKey.rawRepresentation.base64EncodedString())\"}}")
            var report = try await store.log.verifyLog()
            #expect(report.isValid, "\(report.problems)")
            #expect(report.signedProtocols == 1)

            // A correction signed with the old key after the rotation is refused; with the new one it counts.
            var recount = kzProtocol(station)
            recount.lines["invalid_ballots"]! += 1
            recount.candidateVotes["nazarbayev"]! -= 1
            let oldSigned = try await signed(store, recount, reason: .recount, decision: "PEC decision 5")
            await #expect(throws: StoreError.self) { try await store.results.submitProtocol(oldSigned, by: .user(secretary)) }
            let head = try await store.results.latestVersionHeads(election: Self.election, precincts: [station.id])[station.id]
            let statement = DemoKeys.statement(recount, reason: .recount, decisionReference: "PEC decision 5", after: head)
            try await store.results.submitProtocol(
                ProtocolSubmission(
                    resultsProtocol: recount, signature: try newKey.signature(for: statement.canonicalBytes()), reason: .recount,
                    decisionReference: "PEC decision 5"), by: .user(secretary))
            report = try await store.log.verifyLog()
            #expect(report.isValid, "\(report.problems)")
            #expect(report.signedProtocols == 2)

            // Revocation: logged, and nothing signed with the key is accepted afterwards.
            try await store.structure.revokeKey(commissionID: station.id, by: .system)
            let end = try await store.log.logSize()
            let revoked = try #require(try await store.log.logEntries(start: end - 1, end: end).first)
            #expect(revoked.payload == "{\"keys\":{\"\(station.id)\":null}}")
            #expect(try await store.structure.precinctsWithoutKey().contains(station.id))
            report = try await store.log.verifyLog()
            #expect(report.isValid, "\(report.problems)")

            // A key swapped in the database without a log entry is named.
            let other = precincts[1].id
            let swapped = newKey.publicKey.rawRepresentation.base64EncodedString()
            try await store.backend.withDatabase { db in
                try await db.raw("UPDATE commission_keys SET public_key = \(bind: swapped) WHERE commission_id = \(bind: other)").run()
            }
            report = try await store.log.verifyLog()
            #expect(report.problems.contains { $0.subject == "key of commission '\(other)'" }, "\(report.problems)")
        }
    }

    @Test(arguments: TestBackend.available)
    func rewrittenFiguresWithTheOldSignatureAreNamed(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let genuine = kzProtocol(precincts[0])
            let version = try await store.results.submitProtocol(try await signed(store, genuine), by: .user(secretary))
            let index = try #require(version.logIndex)
            var forged = genuine
            forged.lines["ballots_cast"]! += 50
            forged.lines["ballots_unused"]! -= 50
            let old = String(decoding: genuine.canonicalBytes(), as: UTF8.self)
            let new = String(decoding: forged.canonicalBytes(), as: UTF8.self)
            // The row, its log entry and its leaf hash rewritten together, the signature kept.
            // Read before the rewrite: a read inside it would wait for the connection it holds.
            let payload = try #require(try await store.log.logEntries(start: index, end: index + 1).first).payload
                .replacingOccurrences(of: old, with: new)
            try await store.backend.withDatabase { db in
                let leaf = LogEntry(type: LogEntryType.protocolVersion, subject: "", payload: payload).leafHash
                try await db.raw(
                    "UPDATE log_entries SET payload = \(bind: payload), leaf_hash = \(bind: leaf.hex) WHERE entry_index = \(bind: index)"
                ).run()
                try await db.raw(
                    "UPDATE protocol_versions SET canonical = \(bind: new), hash = \(bind: Hash.sha256(Data(new.utf8)).hex) WHERE precinct_id = \(bind: genuine.precinctID)"
                ).run()
            }
            let report = try await store.log.verifyLog()
            #expect(
                report.problems.contains {
                    $0.index == index && $0.subject.contains(genuine.precinctID) && $0.message.contains("signature")
                }, "\(report.problems)")
            #expect(report.signedProtocols == 0)
        }
    }

    @Test func theStatementIsTheDocumentedJSON() {
        let statement = ProtocolStatement(
            electionID: "e", precinctID: "УИК №5", version: 2, reason: .courtDecision, decisionReference: "ruling \"7\"",
            previousHash: "ab", protocolHash: "cd")
        #expect(
            String(decoding: statement.canonicalBytes(), as: UTF8.self)
                == #"{"decisionReference":"ruling \"7\"","electionID":"e","format":"hattama-protocol-version/1","precinctID":"УИК №5","previousHash":"ab","protocolHash":"cd","reason":"court-decision","version":2}"#
        )
        let first = ProtocolStatement(
            electionID: "e", precinctID: "p", version: 1, reason: .original, decisionReference: nil, previousHash: nil, protocolHash: "cd")
        #expect(
            String(decoding: first.canonicalBytes(), as: UTF8.self)
                == #"{"decisionReference":null,"electionID":"e","format":"hattama-protocol-version/1","precinctID":"p","previousHash":null,"protocolHash":"cd","reason":"original","version":1}"#
        )
    }
}
