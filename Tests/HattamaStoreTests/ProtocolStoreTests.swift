import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// A consistent Kazakhstan protocol for a precinct of the small demo.
func kzProtocol(_ precinct: Precinct, nazarbayev share: Double = 0.9, invalid: Int = 5) -> ResultsProtocol {
    let voters = precinct.registeredVoters
    let issued = voters * 9 / 10
    let received = voters + voters / 100
    let spoiled = min(2, received - issued)
    let cast = issued
    let valid = cast - invalid
    let leader = Int(Double(valid) * share)
    let rest = valid - leader
    return ResultsProtocol(
        electionID: DemoGenerator.electionID, precinctID: precinct.id,
        lines: [
            "voters_on_list": voters, "ballots_received": received, "ballots_issued": issued, "ballots_spoiled": spoiled,
            "ballots_unused": received - issued - spoiled, "ballots_cast": cast, "invalid_ballots": invalid,
        ],
        candidateVotes: ["nazarbayev": leader, "kasymov": rest / 3, "akhmetbekov": rest / 3, "yeleusizov": rest - 2 * (rest / 3)])
}

func signed(_ store: HattamaStore, _ p: ResultsProtocol, reason: ProtocolVersionReason = .original, decision: String? = nil) async throws
    -> ProtocolSubmission
{
    // The station signs the version its figures become: after its latest stored one.
    let head = try await store.results.latestVersionHeads(election: p.electionID, precincts: [p.precinctID])[p.precinctID]
    return try DemoKeys().submission(p, reason: reason, decisionReference: decision, after: head)
}

func prepareElection(_ store: HattamaStore) async throws -> (secretary: User, precincts: [Precinct]) {
    try await loadSmallDemo(store)
    try await DemoKeys().registerMissing(in: store, by: .system)
    let precincts = smallDemo.precincts.filter { $0.kind == "ordinary" && $0.registeredVoters > 200 }
    let secretary = try await store.accounts.addUser(
        username: "secretary", password: "correct horse battery", role: .commissionSecretary, commissionID: precincts[0].id, by: .system)
    return (secretary, precincts)
}

@Suite struct ProtocolStoreTests {
    @Test(arguments: TestBackend.available)
    func acceptedProtocolIsStoredHashedAndTabulated(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let p = kzProtocol(precincts[0])
            let version = try await store.results.submitProtocol(try await signed(store, p), by: .user(secretary))
            #expect(version.version == 1)
            #expect(version.outcome == .accepted)
            #expect(version.hash == SHA256.hash(data: p.canonicalBytes()).map { String(format: "%02x", $0) }.joined())
            #expect(version.canonical == String(decoding: p.canonicalBytes(), as: UTF8.self))

            let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: p.precinctID)
            #expect(record.counted == version)
            #expect(record.history == [version])
            #expect(record.publicKey != nil)

            let results = try await store.results.results(election: DemoGenerator.electionID)
            #expect(results.summary.progress.received == 1)
            #expect(results.summary.progress.accepted == 1)
            #expect(results.summary.progress.expected == smallDemo.precincts.count)
            #expect(results.summary.candidateVotes["nazarbayev"] == p.candidateVotes["nazarbayev"])
            #expect(results.summary.lines["ballots_issued"] == p.lines["ballots_issued"])
            #expect(results.children.count == 3)
            #expect(results.outcomeRisk.atRisk, "one station in; the rest could change everything")
            #expect(try await store.accounts.auditLog(limit: 1).first?.action == "submit-protocol")
        }
    }

    @Test(arguments: TestBackend.available)
    func failingControlsQuarantineWithoutCounting(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            var stuffed = kzProtocol(precincts[0])
            stuffed.lines["ballots_cast"]! += 50  // more ballots in the box than issued
            stuffed.lines["invalid_ballots"]! += 50
            let version = try await store.results.submitProtocol(try await signed(store, stuffed), by: .user(secretary))
            #expect(version.outcome == .quarantined)
            #expect(version.failures.contains { $0.ruleID == "KZ-C3" && !$0.passed && $0.article.contains("Art. 43") })
            let failure = try #require(version.failures.first { $0.ruleID == "KZ-C3" })
            #expect(failure.left == stuffed.lines["ballots_cast"] && failure.right == stuffed.lines["ballots_issued"])
            #expect(!failure.messages.kk.isEmpty && !failure.messages.ru.isEmpty)
            let results = try await store.results.results(election: DemoGenerator.electionID)
            #expect(results.summary.progress.quarantined == 1)
            #expect(results.summary.progress.accepted == 0)
            #expect(results.summary.candidateVotes.values.allSatisfy { $0 == 0 })
            #expect(try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: stuffed.precinctID).counted == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func correctionsAreVersionsWithReasons(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let first = kzProtocol(precincts[0])
            try await store.results.submitProtocol(try await signed(store, first), by: .user(secretary))
            await #expect(throws: StoreError.self) {
                try await store.results.submitProtocol(try await signed(store, first), by: .user(secretary))
            }
            let second = kzProtocol(precincts[0], nazarbayev: 0.8)
            await #expect(throws: StoreError.self, "a correction must name its reason") {
                try await store.results.submitProtocol(try await signed(store, second), by: .user(secretary))
            }
            let corrected = try await store.results.submitProtocol(
                try await signed(store, second, reason: .recount, decision: "TEC decision 12/3"), by: .user(secretary))
            #expect(corrected.version == 2 && corrected.reason == .recount && corrected.decisionReference == "TEC decision 12/3")
            // A later quarantined version is published but does not displace the counted one.
            var broken = second
            broken.lines["ballots_issued"] = broken.lines["voters_on_list"]! + 10
            let third = try await store.results.submitProtocol(
                try await signed(store, broken, reason: .commissionDecision), by: .user(secretary))
            #expect(third.outcome == .quarantined)
            let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: first.precinctID)
            #expect(record.history.map(\.version) == [1, 2, 3])
            #expect(record.latest == third)
            #expect(record.counted == corrected)
            let results = try await store.results.results(election: DemoGenerator.electionID)
            #expect(results.summary.candidateVotes["nazarbayev"] == second.candidateVotes["nazarbayev"])
            #expect(try await store.results.recountedResults(election: DemoGenerator.electionID) == results.summary)
        }
    }

    @Test(arguments: TestBackend.available)
    func incrementalTabulationEqualsAFullRecount(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (_, precincts) = try await prepareElection(store)
            var submissions: [ProtocolSubmission] = []
            for (i, precinct) in precincts.prefix(40).enumerated() {
                var p = kzProtocol(precinct, nazarbayev: 0.6 + Double(i % 7) / 20)
                if i % 9 == 0 { p.lines["ballots_cast"]! += 30 }  // quarantined
                submissions.append(try await signed(store, p))
            }
            try await store.results.submitProtocols(Array(submissions.prefix(25)), by: .commandLine("test"))
            for submission in submissions.dropFirst(25) { try await store.results.submitProtocol(submission, by: .commandLine("test")) }
            for commission in ["cec", "tec-ast", "tec-akm", precincts[3].tabulatingCommissionID] {
                let incremental = try await store.results.results(election: DemoGenerator.electionID, commission: commission).summary
                #expect(try await store.results.recountedResults(election: DemoGenerator.electionID, commission: commission) == incremental)
            }
            let top = try await store.results.results(election: DemoGenerator.electionID).summary
            #expect(top.progress.received == 40)
            #expect(top.progress.quarantined == 5)
            // Brute force: the counted protocols' candidate votes.
            let expected = submissions.map(\.resultsProtocol).enumerated().filter { $0.offset % 9 != 0 }
                .reduce(0) { $0 + $1.element.candidateVotes["nazarbayev"]! }
            #expect(top.candidateVotes["nazarbayev"] == expected)
        }
    }

    /// Hostile submissions: each is refused with a clear error and nothing is stored.
    static let hostile: [(String, @Sendable (inout ResultsProtocol) -> Void)] = [
        ("missing line", { $0.lines.removeValue(forKey: "ballots_issued") }),
        ("unknown line", { $0.lines["ballots_eaten"] = 3 }),
        ("negative figure", { $0.lines["invalid_ballots"] = -1 }),
        ("absurd figure", { $0.lines["voters_on_list"] = 5_000_000 }),
        ("unknown candidate", { $0.candidateVotes["putin"] = 10 }),
        ("missing candidate", { $0.candidateVotes.removeValue(forKey: "kasymov") }),
        ("negative votes", { $0.candidateVotes["kasymov"] = -10 }),
        ("unknown precinct", { $0.precinctID = "pec-nowhere-1" }),
        ("empty precinct", { $0.precinctID = "" }),
        ("NUL in precinct", { $0.precinctID = "pec\u{0}" }),
        ("huge precinct id", { $0.precinctID = String(repeating: "p", count: 10_000) }),
        ("wrong election", { $0.electionID = "ru-2012-presidential" }),
        ("SQL in line id", { $0.lines["x'); DROP TABLE protocol_versions; --"] = 1 }),
        (
            "other precinct of the same district",
            { $0.precinctID = smallDemo.precincts.filter { $0.kind == "ordinary" && $0.registeredVoters > 200 }[1].id }
        ),
    ]

    @Test(arguments: TestBackend.available, hostile.indices)
    func hostileSubmissionsChangeNothing(backend: TestBackend, index: Int) async throws {
        let (name, mutate) = Self.hostile[index]
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            var p = kzProtocol(precincts[0])
            mutate(&p)
            // Signed correctly by the precinct's own key where it has one, so only the named fault is at issue.
            let registered = (try? await store.structure.commissionKey(p.precinctID)) != nil
            let key = try DemoKeys().sign(
                DemoKeys.statement(p, reason: .original, decisionReference: nil, after: nil).canonicalBytes(),
                as: registered ? p.precinctID : precincts[0].id)
            let before = try await snapshot(store)
            await #expect(throws: (any Error).self, "\(name)") {
                try await store.results.submitProtocol(ProtocolSubmission(resultsProtocol: p, signature: key), by: .user(secretary))
            }
            #expect(try await snapshot(store) == before, "\(name) changed the database")
        }
    }

    @Test(arguments: TestBackend.available)
    func signatureFaultsAreRefused(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let p = kzProtocol(precincts[0])
            var altered = p
            altered.candidateVotes["nazarbayev"]! -= 1
            altered.candidateVotes["kasymov"]! += 1
            var otherElection = p
            otherElection.electionID = "another-election"
            func statement(_ p: ResultsProtocol) -> ProtocolStatement {
                DemoKeys.statement(p, reason: .original, decisionReference: nil, after: nil)
            }
            let signatures: [(String, Data)] = [
                ("random bytes", Data((0..<64).map { _ in UInt8.random(in: 0...255) })),
                ("too short", Data([1, 2, 3])),
                ("empty", Data()),
                ("another precinct's key", try DemoKeys().sign(statement(p).canonicalBytes(), as: precincts[1].id)),
                ("over other figures", try DemoKeys().sign(altered)),
                ("over the figures alone (the old format)", try DemoKeys().sign(p.canonicalBytes(), as: p.precinctID)),
                ("as a recount", try DemoKeys().sign(p, reason: .recount, decisionReference: "PEC decision 1")),
                ("as a later version", try DemoKeys().sign(p, reason: .recount, after: ProtocolVersionHead(version: 1, hash: "00"))),
                ("for another election", try DemoKeys().sign(otherElection)),
            ]
            let before = try await snapshot(store)
            for (name, signature) in signatures {
                do {
                    try await store.results.submitProtocol(
                        ProtocolSubmission(resultsProtocol: p, signature: signature), by: .user(secretary))
                    Issue.record("\(name): accepted")
                } catch let error as StoreError {
                    #expect(error.description.contains("signature"), "\(name): \(error)")
                }
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: TestBackend.available)
    func onlyTheSecretaryOfThatPrecinctMaySubmit(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (_, precincts) = try await prepareElection(store)
            let district = try await store.accounts.addUser(
                username: "district", password: "correct horse battery", role: .commissionSecretary,
                commissionID: precincts[0].tabulatingCommissionID, by: .system)
            let observer = try await store.accounts.addUser(
                username: "observer", password: "correct horse battery", role: .observer, commissionID: precincts[0].id, by: .system)
            let member = try await store.accounts.addUser(
                username: "member", password: "correct horse battery", role: .commissionMember, commissionID: precincts[0].id, by: .system)
            let submission = try await signed(store, kzProtocol(precincts[0]))
            let before = try await snapshot(store)
            for user in [district, observer, member] {
                await #expect(throws: StoreError.self, "\(user.username)") {
                    try await store.results.submitProtocol(submission, by: .user(user))
                }
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: TestBackend.available)
    func importsAreAtomic(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (_, precincts) = try await prepareElection(store)
            var batch: [ProtocolSubmission] = []
            for precinct in precincts.prefix(10) { batch.append(try await signed(store, kzProtocol(precinct))) }
            var bad = batch[7].resultsProtocol
            bad.lines["ballots_spoiled"] = -3
            batch[7] = try await signed(store, bad)
            let before = try await snapshot(store)
            do {
                try await store.results.submitProtocols(batch, by: .commandLine("test"))
                Issue.record("a batch with a bad item was accepted")
            } catch let error as StoreError {
                #expect(error.description.contains("item 8"))
                #expect(error.description.contains("ballots_spoiled"))
            }
            batch[7] = batch[6]
            await #expect(throws: StoreError.self, "duplicate precinct in one batch") {
                try await store.results.submitProtocols(batch, by: .commandLine("test"))
            }
            #expect(try await snapshot(store) == before)
            #expect(try await store.results.results(election: DemoGenerator.electionID).summary.progress.received == 0)
        }
    }
}
