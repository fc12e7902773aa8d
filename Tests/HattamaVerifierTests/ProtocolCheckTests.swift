import Foundation
import HattamaCore
import HattamaLedger
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore
@testable import HattamaVerifier

/// `verify protocol`: an observer's copy against a real server on a loopback port.
@Suite struct ProtocolCheckTests {
    func writeCopy(_ copy: ResultsProtocol) throws -> String {
        let path = temporaryFile("copy.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        try encoder.encode(copy).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aCopyOfFiguresTheServerRewroteFailsOnTheStationsSignature() async throws {
        try await withLiveServer { store, server async throws in
            let genuine = figures(testPrecincts[2])
            let versions = try await submit(store, [figures(testPrecincts[1]), genuine])
            let index = try #require(versions[1].logIndex)
            let client = try LogClient(server: server)
            // The server rewrites the published version, its log entry and the whole tree, keeping
            // the station's signature; the observer is handed a copy of the forged figures.
            var forged = genuine
            forged.lines["ballots_cast"]! += 50
            forged.lines["ballots_unused"]! -= 50
            let old = String(decoding: genuine.canonicalBytes(), as: UTF8.self)
            let new = String(decoding: forged.canonicalBytes(), as: UTF8.self)
            try await store.rewriteHistory(entry: index, replacing: old, with: new)
            try await store.backend.withDatabase { db in
                try await db.raw(
                    """
                    UPDATE protocol_versions SET canonical = \(bind: new), hash = \(bind: Hash.sha256(Data(new.utf8)).hex)
                    WHERE precinct_id = \(bind: genuine.precinctID)
                    """
                ).run()
            }
            let path = try writeCopy(forged)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let run = Transcript()
            #expect(!(try await VerifyRun.protocolCopy(client: client, file: path, pinnedKey: nil, say: run.say)))
            #expect(
                run.lines.contains { $0.hasPrefix("PROBLEM version 1: log entry #\(index) (") && $0.contains(genuine.precinctID) },
                "\(run.text)")
        }
    }

    @Test func aFaithfulCopyIsVerifiedAndATamperedOneNamesEveryFigure() async throws {
        try await withLiveServer { store, server async throws in
            let published = figures(testPrecincts[2])
            let versions = try await submit(store, [figures(testPrecincts[1]), published, figures(testPrecincts[3])])
            let client = try LogClient(server: server)

            let path = try writeCopy(published)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let ok = Transcript()
            #expect(try await VerifyRun.protocolCopy(client: client, file: path, pinnedKey: nil, say: ok.say))
            let index = try #require(versions[1].logIndex)
            #expect(ok.lines.contains("published as version 1 of 1 (original, accepted)"), "\(ok.text)")
            #expect(ok.lines.contains { $0.hasPrefix("log entry #\(index): leaf ") && $0.hasSuffix("leads to the signed root") })
            #expect(ok.lines.last == "VERIFIED")

            // The same figures typed in another order and with keys in another order are the same protocol.
            let reordered = temporaryFile("reordered.json")
            defer { try? FileManager.default.removeItem(atPath: reordered) }
            let json =
                "{\"lines\":\(String(decoding: try JSONEncoder().encode(published.lines), as: UTF8.self)),"
                + "\"candidateVotes\":\(String(decoding: try JSONEncoder().encode(published.candidateVotes), as: UTF8.self)),"
                + "\"precinctID\":\"\(published.precinctID)\",\"electionID\":\"\(published.electionID)\"}"
            try json.write(toFile: reordered, atomically: true, encoding: .utf8)
            #expect(try await VerifyRun.protocolCopy(client: client, file: reordered, pinnedKey: nil, say: { _ in }))

            // Two figures changed on the copy: both are named, with both values.
            var tampered = published
            tampered.lines["ballots_cast"]! += 7
            tampered.candidateVotes["kasymov"]! -= 3
            let differs = try await ProtocolChecker(client: client).check(tampered)
            #expect(
                differs.verdict
                    == .differs([
                        "lines.ballots_cast: copy \(published.lines["ballots_cast"]! + 7), published \(published.lines["ballots_cast"]!)",
                        "candidateVotes.kasymov: copy \(published.candidateVotes["kasymov"]! - 3), published \(published.candidateVotes["kasymov"]!)",
                    ]))
            #expect(differs.output.last == "DIFFERS: 2 figures differ from the published version")
            // The published version it is compared with is itself proven to be in the log.
            #expect(differs.lines.contains { $0.hasPrefix("log entry #\(index): leaf ") })

            let tamperedPath = try writeCopy(tampered)
            defer { try? FileManager.default.removeItem(atPath: tamperedPath) }
            #expect(!(try await VerifyRun.protocolCopy(client: client, file: tamperedPath, pinnedKey: nil, say: { _ in })))
        }
    }

    @Test func aPublishedRecordChangedAfterLoggingIsCaughtWithTheCopy() async throws {
        try await withLiveServer { store, server async throws in
            let copy = figures(testPrecincts[4])
            let version = try #require(try await submit(store, [copy]).first)
            let cast = try #require(copy.lines["ballots_cast"])
            // Someone with database access changes the stored figures behind the log's back.
            try await store.backend.withDatabase { db in
                try await db.raw(
                    """
                    UPDATE protocol_versions SET canonical = \(bind: version.canonical.replacingOccurrences(
                        of: "\"ballots_cast\":\(cast)", with: "\"ballots_cast\":\(cast + 3)"))
                    WHERE precinct_id = \(bind: copy.precinctID)
                    """
                ).run()
            }
            let report = try await ProtocolChecker(client: try LogClient(server: server)).check(copy)
            #expect(report.verdict == .failed)
            #expect(report.loggedIndex == version.logIndex)
            #expect(
                report.lines.contains { $0.hasPrefix("the copy is exactly what log entry #\(version.logIndex!) holds, in the signed tree") }
            )
            #expect(report.problems.contains { $0.hasSuffix("the published record was changed after it was logged") })
            #expect(report.differences == ["lines.ballots_cast: copy \(cast), published \(cast + 3)"])
            #expect(report.output.contains("  lines.ballots_cast: copy \(cast), published \(cast + 3)"))
        }
    }

    @Test func aCopyOfAnOlderVersionIsVerifiedWithANote() async throws {
        try await withLiveServer { store, server async throws in
            let original = figures(testPrecincts[0])
            try await submit(store, [original])
            try await submit(store, [figures(testPrecincts[0], extraSpoiled: 2)], reason: .recount)
            let report = try await ProtocolChecker(client: try LogClient(server: server)).check(original)
            #expect(report.isVerified, "\(report.output)")
            #expect(report.matchedVersion == 1)
            #expect(report.lines.contains { $0.hasPrefix("note: version 2 (recount) has since replaced it") })
        }
    }

    @Test func aCopyOfAnUnknownPrecinctIsAClearError() async throws {
        try await withLiveServer { store, server async throws in
            var copy = figures(testPrecincts[0])
            copy.precinctID = "pec-nowhere"
            await #expect {
                _ = try await ProtocolChecker(client: try LogClient(server: server)).check(copy)
            } throws: { error in
                guard case .httpStatus(let path, 404, let message?) = error as? VerifierError else { return false }
                return path.hasSuffix("/protocols/pec-nowhere") && !message.isEmpty
            }
        }
    }

    @Test(arguments: [
        "", "[]", "{\"electionID\":\"e\"}", "{\"electionID\":\"e\",\"precinctID\":\"p\",\"lines\":{\"a\":1.5},\"candidateVotes\":{}}",
        "{\"electionID\":\"\",\"precinctID\":\"p\",\"lines\":{},\"candidateVotes\":{}}",
    ])
    func malformedCopiesAreRefusedWithTheReason(text: String) {
        #expect(throws: VerifierError.self) { try ObserverCopy.parse(Data(text.utf8), name: "copy.json") }
    }

    @Test func thePayloadBuilderMatchesTheServers() {
        for reference in [nil, "court ruling 12/3 \"A\""] {
            let canonical = String(decoding: figures(testPrecincts[0]).canonicalBytes(), as: UTF8.self)
            let args = (canonical, 3, "court-decision", reference, "quarantined", "ab+/cd==")
            #expect(
                LeafFormat.protocolVersionPayload(
                    canonical: args.0, version: args.1, reason: args.2, decisionReference: args.3, outcome: args.4, signature: args.5)
                    == ResultsStore.protocolVersionPayload(
                        canonical: args.0, version: args.1, reason: args.2, decisionReference: args.3, outcome: args.4, signature: args.5))
        }
    }
}
