import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import HattamaTestSupport
import Testing

@testable import HattamaStore
@testable import HattamaVerifier

/// Witnesses: registered keys, `POST /api/v1/log/cosignatures`, cosignatures published with the
/// tree head, and `hattama-verify cosign` as a witness runs it.
@Suite struct WitnessTests {
    func keyFile(_ key: Curve25519.Signing.PrivateKey) throws -> String {
        let path = temporaryFile("witness.key")
        try key.rawRepresentation.base64EncodedString().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aWitnessCosignsOnlyAVerifiedLogAndItsCosignatureIsPublished() async throws {
        try await withLiveServer { store, server async throws in
            try await submit(store, testPrecincts.prefix(2).map { figures($0) })
            let witness = Curve25519.Signing.PrivateKey()
            let registered = try await store.log.addWitness(
                name: "Observers' Union", publicKey: witness.publicKey.rawRepresentation.base64EncodedString(), by: .system)
            #expect(registered.keyID == Cosignature.keyID(for: witness.publicKey).hex)
            let keyPath = try keyFile(witness)
            let state = temporaryFile("witness-state.json")
            defer {
                try? FileManager.default.removeItem(atPath: keyPath)
                try? FileManager.default.removeItem(atPath: state)
            }
            let arguments = ["cosign", "--server", server, "--state", state, "--witness-key", keyPath]
            let out = Transcript()
            #expect(await VerifyTool.run(arguments, say: out.say, complain: out.say) == 0, "\(out.text)")
            #expect(out.lines.last == "cosigned the tree head of 4 entries as witness key \(registered.keyID)")
            // Submitting the same cosignature again changes nothing.
            #expect(await VerifyTool.run(arguments, say: { _ in }, complain: { _ in }) == 0)

            let client = try LogClient(server: server)
            let sth = try await client.treeHead()
            #expect(sth.cosignatures.count == 1)
            let published = try #require(sth.cosignatures.first)
            #expect(published.witness == "Observers' Union")
            #expect(published.cosignature.verify(sth.signed.treeHead, publicKey: witness.publicKey))
            let audit = try await LogAuditor(client: client, server: server).audit(state: nil)
            #expect(audit.lines.contains("cosigned by witness 'Observers' Union' (key \(registered.keyID))"))
            #expect(audit.isValid)

            // After a rewrite of history the witness refuses to cosign.
            let cast = try #require(figures(testPrecincts[0]).lines["ballots_cast"])
            try await store.rewriteHistory(entry: 2, replacing: "\"ballots_cast\":\(cast)", with: "\"ballots_cast\":\(cast + 9)")
            let refused = Transcript()
            #expect(await VerifyTool.run(arguments, say: refused.say, complain: refused.say) == 1)
            #expect(
                refused.lines.contains { $0.hasPrefix("PROBLEM two signed tree heads of 4 entries with different roots") },
                "\(refused.text)")
            #expect(refused.lines.last == "not cosigned: the log did not verify")
            #expect(try await store.log.cosignatures(of: try #require(try await store.log.latestTreeHead())).isEmpty)
        }
    }

    @Test func cosignaturesAreRefusedFromStrangersForUnknownHeadsAndWithBadSignatures() async throws {
        try await withLiveServer { store, server async throws in
            try await submit(store, [figures(testPrecincts[0])])
            let witness = Curve25519.Signing.PrivateKey()
            try await store.log.addWitness(name: "W", publicKey: witness.publicKey.rawRepresentation.base64EncodedString(), by: .system)
            let client = try LogClient(server: server)
            let head = try await client.treeHead().signed.treeHead

            func status(_ cosignature: Cosignature, _ head: TreeHead) async throws -> (Int, String?) {
                do {
                    try await client.submitCosignature(cosignature, of: head)
                    return (201, nil)
                } catch VerifierError.httpStatus(_, let status, let message) {
                    return (status, message)
                }
            }
            // A key nobody registered.
            let (stranger, strangerMessage) = try await status(try Cosignature(signing: head, with: .init()), head)
            #expect(stranger == 403)
            #expect(strangerMessage?.contains("no registered witness") == true)
            // A head the log never signed (another timestamp), properly signed by the witness.
            var other = head
            other.timestamp += 1
            #expect(try await status(try Cosignature(signing: other, with: witness), other).0 == 404)
            // The witness's signature over another head, presented for this one.
            #expect(try await status(try Cosignature(signing: other, with: witness), head).0 == 422)
            // Garbage and malformed bodies.
            let transport = RawHTTP(server: server)
            for body in [
                "nonsense", "{}", "{\"treeSize\":1,\"rootHash\":\"zz\",\"timestamp\":1,\"witnessKeyID\":\"00\",\"signature\":\"00\"}",
                "{\"treeSize\":-1,\"rootHash\":\"\(head.rootHash)\",\"timestamp\":1,\"witnessKeyID\":\"\(head.rootHash)\",\"signature\":\"\(String(repeating: "ab", count: 64))\"}",
                "{\"treeSize\":1,\"rootHash\":\"\(head.rootHash)\",\"timestamp\":1,\"witnessKeyID\":\"\(head.rootHash)\",\"signature\":\"abc\"}",
            ] {
                let reply = try await transport.post("/api/v1/log/cosignatures", json: Data(body.utf8))
                #expect(reply.status == 400, "\(body): \(reply.status)")
                #expect(LogClient.errorMessage(reply.body)?.isEmpty == false)
            }
            #expect(try await store.log.cosignatures(of: try #require(try await store.log.latestTreeHead())).isEmpty)
            // The accepted one, finally.
            #expect(try await status(try Cosignature(signing: head, with: witness), head).0 == 201)
        }
    }

    @Test func aForgedPublishedCosignatureIsAProblem() async throws {
        try await withLiveServer { store, server async throws in
            try await submit(store, [figures(testPrecincts[0])])
            let witness = Curve25519.Signing.PrivateKey()
            try await store.log.addWitness(name: "W", publicKey: witness.publicKey.rawRepresentation.base64EncodedString(), by: .system)
            let honest = try LogClient(server: server)
            let head = try await honest.treeHead().signed.treeHead
            try await honest.submitCosignature(try Cosignature(signing: head, with: witness), of: head)
            // The server (or a man in the middle) swaps in another key for the witness.
            let impostor = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
            let tamper: Tamper = { path, reply in
                guard path.hasPrefix("/api/v1/log/sth") else { return reply }
                return try rewriteJSON(reply) { object in
                    var cosignatures = object["cosignatures"] as! [[String: Any]]
                    cosignatures[0]["publicKey"] = impostor
                    object["cosignatures"] = cosignatures
                }
            }
            let client = try LogClient(server: server, tamper: tamper)
            let report = try await LogAuditor(client: client, server: server).audit(state: nil)
            #expect(report.problems == ["witness 'W': the published cosignature does not verify over this tree head"])
        }
    }

    @Test func witnessRegistrationRefusesBadKeysNamesAndDuplicates() async throws {
        try await withLiveServer { store, _ async throws in
            let key = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
            try await store.log.addWitness(name: "A", publicKey: key, by: .system)
            await #expect(throws: StoreError.self) { try await store.log.addWitness(name: "B", publicKey: key, by: .system) }
            await #expect(throws: StoreError.self) {
                try await store.log.addWitness(
                    name: "A", publicKey: Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString(), by: .system)
            }
            for bad in ["", "abc", Data(repeating: 1, count: 31).base64EncodedString()] {
                await #expect(throws: StoreError.self) { try await store.log.addWitness(name: "C", publicKey: bad, by: .system) }
            }
            await #expect(throws: StoreError.self) { try await store.log.addWitness(name: "  ", publicKey: key, by: .system) }
            #expect(try await store.log.witnesses().map(\.name) == ["A"])
        }
    }
}
