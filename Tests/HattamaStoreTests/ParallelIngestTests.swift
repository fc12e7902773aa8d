import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// submitProtocols checks protocols on several threads at once; nothing about the outcome may
/// depend on how many.
@Suite struct ParallelIngestTests {
    /// A signed batch of every ordinary precinct of the small demo (more than one chunk of 128),
    /// a few of them quarantined.
    static func batch(_ store: HattamaStore) async throws -> [ProtocolSubmission] {
        let (_, precincts) = try await prepareElection(store)
        #expect(precincts.count > 200)
        var submissions: [ProtocolSubmission] = []
        for (i, precinct) in precincts.enumerated() {
            var p = kzProtocol(precinct, nazarbayev: 0.6 + Double(i % 7) / 20)
            if i % 37 == 0 { p.lines["ballots_cast"]! += 30 }  // quarantined
            submissions.append(try await signed(store, p))
        }
        return submissions
    }

    /// What a version holds apart from the signature and time, which differ between two stores
    /// (each generates its own demo keys).
    struct Stored: Equatable {
        var precinctID: String
        var version: Int
        var hash: String
        var canonical: String
        var outcome: ProtocolOutcome
        var failures: [ControlCheckResult]
        var logIndex: Int?
    }

    @Test(arguments: TestBackend.available)
    func theNumberOfWorkersChangesNothingStored(backend: TestBackend) async throws {
        var stored: [[Stored]] = []
        var summaries: [CommissionSummaryProtocol] = []
        var checks: [[String]] = []
        for workers in [1, 2, 5] {
            try await withStore(backend) { store async throws in
                let submissions = try await Self.batch(store)
                let versions = try await store.results.submitProtocols(submissions, by: .commandLine("test"), workers: workers)
                stored.append(
                    versions.map {
                        Stored(
                            precinctID: $0.precinctID, version: $0.version, hash: $0.hash, canonical: $0.canonical, outcome: $0.outcome,
                            failures: $0.failures, logIndex: $0.logIndex)
                    })
                #expect(versions.map(\.precinctID) == submissions.map(\.resultsProtocol.precinctID))
                summaries.append(try await store.results.results(election: DemoGenerator.electionID).summary)
                #expect(try await store.results.recountedResults(election: DemoGenerator.electionID) == summaries.last)
                // The stored check results, read back as the database holds them.
                checks.append(
                    try await store.backend.withDatabase { db in
                        try await db.raw("SELECT checks FROM protocol_versions ORDER BY log_index").all().map { try $0.string("checks") }
                    })
                let verification = try await store.log.verifyLog()
                #expect(verification.problems.isEmpty)
            }
        }
        #expect(stored.count == 3)
        #expect(stored.allSatisfy { $0 == stored[0] })
        #expect(summaries.allSatisfy { $0 == summaries[0] })
        #expect(checks.allSatisfy { $0 == checks[0] })
        #expect(stored[0].contains { $0.outcome == .quarantined })
        // An empty list is stored as JSONEncoder writes it.
        #expect(checks[0].contains("[]"))
        #expect(String(decoding: try JSONEncoder.sorted.encode([ControlCheckResult]()), as: UTF8.self) == "[]")
    }

    /// Faults spread over several chunks: the refusal names the item a one-by-one check would name
    /// (the validation fault is found before any signature is checked), and nothing is stored.
    @Test(arguments: TestBackend.available)
    func refusalsNameTheSameItemWhateverTheWorkers(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let submissions = try await Self.batch(store)
            func spoilSignature(_ batch: inout [ProtocolSubmission], _ index: Int) {
                batch[index].signature = Data(repeating: 7, count: 64)
            }
            var signatureFaults = submissions
            spoilSignature(&signatureFaults, 250)
            spoilSignature(&signatureFaults, 140)
            spoilSignature(&signatureFaults, 141)
            var mixed = signatureFaults
            var late = mixed[260].resultsProtocol
            late.lines["ballots_issued"] = -1
            mixed[260].resultsProtocol = late
            var unknownKey = submissions
            unknownKey[199].resultsProtocol.candidateVotes["stranger"] = 1
            let cases: [(String, [ProtocolSubmission], String, String)] = [
                ("signatures", signatureFaults, "item 141:", "signature"),
                ("validation before signatures", mixed, "item 261:", "ballots_issued"),
                ("unknown candidate", unknownKey, "item 200:", "stranger"),
            ]
            let before = try await snapshot(store)
            for (name, batch, item, detail) in cases {
                for workers in [1, 2, 8] {
                    do {
                        try await store.results.submitProtocols(batch, by: .commandLine("test"), workers: workers)
                        Issue.record("\(name), \(workers) workers: accepted")
                    } catch let error as StoreError {
                        #expect(error.description.contains(item), "\(name), \(workers) workers: \(error)")
                        #expect(error.description.contains(detail), "\(name), \(workers) workers: \(error)")
                    }
                }
            }
            #expect(try await snapshot(store) == before)
            #expect(try await store.results.results(election: DemoGenerator.electionID).summary.progress.received == 0)
        }
    }

    /// The log payloads' JSON strings skip the encoder for plain ASCII; the bytes must be the
    /// encoder's, for every ASCII character and for text that needs escaping.
    @Test func logPayloadStringsAreTheEncodersBytes() throws {
        var texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        texts += [
            "", "accepted", "commission-decision", "ab/cd+ef==", "Решение ТИК №5", "a\"b", "a\\b", "tab\there", "line\nbreak", "é", "😀",
            "\u{7F}", "\u{2028}", "court / 12-3 (2026)",
        ]
        for _ in 0..<50 { texts.append(Data((0..<64).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()) }
        for text in texts {
            let encoded = String(decoding: try JSONEncoder.sorted.encode(text), as: UTF8.self)
            #expect(Canonical.jsonString(text) == encoded, "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }
}
