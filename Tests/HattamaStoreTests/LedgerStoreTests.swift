import Crypto
import Foundation
import HattamaCore
import HattamaDemo
import HattamaLedger
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore

/// An election with a logged structure, a batch of 12 protocols, one correction and a turnout batch.
private func loggedElection(_ store: HattamaStore) async throws -> (precincts: [Precinct], versions: [ProtocolVersion]) {
    let (_, precincts) = try await prepareElection(store)
    var batch: [ProtocolSubmission] = []
    for precinct in precincts.prefix(12) { batch.append(try await signed(store, kzProtocol(precinct))) }
    var versions = try await store.results.submitProtocols(batch, by: .commandLine("test"))
    let corrected = kzProtocol(precincts[0], nazarbayev: 0.8)
    versions.append(
        try await store.results.submitProtocol(
            try await signed(store, corrected, reason: .recount, decision: "TEC decision 7"), by: .system))
    let e = DemoGenerator.electionID
    try await store.results.reportTurnout(
        precincts.prefix(3).map { TurnoutReport(electionID: e, precinctID: $0.id, time: "10:00", voters: 50) }, by: .system)
    return (precincts, versions)
}

@Suite struct LedgerStoreTests {
    @Test(arguments: TestBackend.available)
    func everyActIsLoggedInOrderWithItsIndex(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (_, versions) = try await loggedElection(store)
            // The structure, the stations' keys, 13 protocol versions, 3 turnout reports.
            #expect(try await store.log.logSize() == 1 + 1 + 13 + 3)
            let entries = try await store.log.logEntries(start: 0, end: 100)
            #expect(entries.map(\.index) == Array(0..<18))
            #expect(entries[0].type == "structure")
            #expect(entries[0].payload.hasPrefix("{\"commissions\":\(smallDemo.commissions.count),\"electionID\":"))
            #expect(entries[1].type == "commission-keys")
            #expect(entries[1].payload.hasPrefix("{\"keys\":{\""))
            #expect(entries[2...14].allSatisfy { $0.type == "protocol-version" })
            #expect(entries[15...].allSatisfy { $0.type == "turnout" })
            #expect(versions.map(\.logIndex) == Array(2...14).map { Optional($0) })

            // The documented payload and leaf formats, byte for byte.
            let first = versions[0]
            #expect(
                entries[2].payload
                    == "{\"decisionReference\":null,\"outcome\":\"accepted\",\"protocol\":\(first.canonical),\"reason\":\"original\",\"signature\":\"\(first.signature)\",\"version\":1}"
            )
            #expect(entries[14].payload.hasPrefix("{\"decisionReference\":\"TEC decision 7\",\"outcome\":"))
            #expect(entries[14].payload.hasSuffix(",\"reason\":\"recount\",\"signature\":\"\(versions[12].signature)\",\"version\":2}"))
            let leafInput = Data("protocol-version\n".utf8) + Data(entries[2].payload.utf8)
            #expect(entries[2].leafHash == MerkleHash.leafHash(leafInput).hex)
            #expect(
                entries[2].leafHash == SHA256.hash(data: Data([0]) + leafInput).map { String(format: "%02x", $0) }.joined())

            // The published record shows where each version is in the log.
            let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: first.precinctID)
            #expect(record.history.map(\.logIndex) == [2, 14])
        }
    }

    @Test(arguments: TestBackend.available)
    func proofsFromStoredNodesVerifyAgainstSignedTreeHeads(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await loggedElection(store)
            let heads = try await store.log.treeHeads()
            // Signed after the structure import, the stations' keys, the protocol batch and the
            // turnout batch.
            #expect(heads.map(\.treeSize) == [1, 2, 14, 18])
            let keys = try await store.log.logPublicKeys()
            #expect(keys.count == 1)
            let key = try #require(keys[0].key)
            #expect(Cosignature.keyID(for: key).hex == keys[0].keyID)
            for head in heads {
                let signed = try #require(head.signedTreeHead)
                #expect(signed.verify(publicKey: key))
                #expect(head.keyID == keys[0].keyID)
            }

            // Roots of every size equal the RFC definition over the leaves.
            let entries = try await store.log.logEntries(start: 0, end: 100)
            let leaves = entries.map { $0.entry.leafHash }
            for size in 0...leaves.count {
                #expect(try await store.log.logRoot(size: size) == MerkleHash.root(ofLeafHashes: Array(leaves.prefix(size))))
            }

            // Every entry's inclusion proof verifies against every head that covers it.
            for head in heads {
                let root = try #require(Hash(hex: head.rootHash))
                for (index, leaf) in leaves.enumerated() where index < head.treeSize {
                    let proof = try await store.log.inclusionProof(leafHash: leaf, size: head.treeSize)
                    #expect(proof.leafIndex == index)
                    let path = proof.auditPath.compactMap { Hash(hex: $0) }
                    #expect(
                        MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, treeSize: head.treeSize, proof: path, root: root))
                }
            }
            // Each head is consistent with every later one.
            for (i, older) in heads.enumerated() {
                for newer in heads[i...] {
                    let proof = try await store.log.consistencyProof(first: older.treeSize, second: newer.treeSize)
                    #expect(
                        MerkleVerifier.verifyConsistency(
                            firstSize: older.treeSize, secondSize: newer.treeSize, firstRoot: try #require(Hash(hex: older.rootHash)),
                            secondRoot: try #require(Hash(hex: newer.rootHash)), proof: proof.proof.compactMap { Hash(hex: $0) }))
                }
            }

            // On demand: a new head only when the log has grown.
            let current = try await store.log.currentTreeHead()
            #expect(current == heads.last)
            try await store.results.submitProtocol(try await signed(store, kzProtocol(smallDemo.precincts.last!)), by: .system)
            #expect(try await store.log.currentTreeHead().treeSize == 19)
            #expect(try await store.log.treeHeads().count == 5)
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test(arguments: TestBackend.available)
    func hostileProofRequestsAreRefused(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await loggedElection(store)
            let leaf = try await store.log.logEntries(start: 5, end: 6)[0].entry.leafHash
            for size in [-1, 0, 19, Int.max] {
                await #expect(throws: StoreError.self, "size \(size)") { try await store.log.inclusionProof(leafHash: leaf, size: size) }
            }
            // Entry 5 is not in the tree of the first 5 entries.
            await #expect(throws: StoreError.self) { try await store.log.inclusionProof(leafHash: leaf, size: 5) }
            await #expect(throws: StoreError.self) { try await store.log.inclusionProof(leafHash: MerkleHash.emptyRoot, size: 18) }
            for (first, second) in [(-1, 3), (5, 3), (3, 19), (0, Int.max), (Int.min, 0)] {
                await #expect(throws: StoreError.self, "\(first)…\(second)") {
                    try await store.log.consistencyProof(first: first, second: second)
                }
            }
            await #expect(throws: StoreError.self) { try await store.log.logEntries(start: -1, end: 3) }
            await #expect(throws: StoreError.self) { try await store.log.logEntries(start: 4, end: 3) }
            #expect(try await store.log.logEntries(start: 0, end: Int.max, limit: 5).count == 5)
            #expect(try await store.log.logEntries(start: 18, end: 1000).isEmpty)
            for size in [-1, 19, Int.max] {
                await #expect(throws: StoreError.self) { try await store.log.logRoot(size: size) }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aFailedActLeavesNoLogEntryAndAFailedAppendUndoesTheAct(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await loggedElection(store)
            let before = try await snapshot(store)
            let rootBefore = try await store.log.logRoot(size: 18)

            // The act fails after its entries were appended: neither lands.
            await #expect(throws: StoreError.conflict("the act fails after appending")) {
                try await store.context.write(by: .system, action: "test", subject: "x") {
                    (db: any SQLDatabase, log: LogAppender) async throws -> Int in
                    try await db.raw("INSERT INTO parties (id, name_kk, name_ru, name_en) VALUES ('p-x', 'a', 'b', 'c')").run()
                    try await log.append([LogEntry(type: "test-act", subject: "x", payload: "{}")])
                    throw StoreError.conflict("the act fails after appending")
                }
            }
            // Appending fails (a malformed type tag): the act's own writes are undone.
            await #expect(throws: StoreError.self) {
                try await store.context.write(by: .system, action: "test", subject: "x") {
                    (db: any SQLDatabase, log: LogAppender) async throws -> Int in
                    try await db.raw("INSERT INTO parties (id, name_kk, name_ru, name_en) VALUES ('p-y', 'a', 'b', 'c')").run()
                    return try await log.append([LogEntry(type: "Not A Tag\n", subject: "x", payload: "{}")])[0]
                }
            }
            // A real act refused inside its transaction (a duplicate of the current version).
            let again = kzProtocol(smallDemo.precincts.first { $0.kind == "ordinary" && $0.registeredVoters > 200 }!, nazarbayev: 0.8)
            await #expect(throws: StoreError.self) {
                try await store.results.submitProtocol(try await signed(store, again, reason: .recount), by: .system)
            }
            #expect(try await snapshot(store) == before)
            #expect(try await store.log.logRoot(size: 18) == rootBefore)

            // A successful act afterwards continues the same tree.
            _ = try await store.context.write(by: .system, action: "test", subject: "x") {
                (_: any SQLDatabase, log: LogAppender) async throws in
                try await log.append([LogEntry(type: "test-act", subject: "x", payload: "{}")])
            }
            #expect(try await store.log.logSize() == 19)
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test(arguments: TestBackend.available)
    func concurrentAppendsAreSerialised(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask { () async throws -> Void in
                        _ = try await store.context.write(by: .system, action: "test", subject: "\(i)") {
                            (_: any SQLDatabase, log: LogAppender) async throws -> [Int] in
                            try await log.append((0..<5).map { LogEntry(type: "test-act", subject: "\(i)/\($0)", payload: "\($0)") })
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.log.logSize() == 40)
            let leaves = try await store.log.logEntries(start: 0, end: 40).map { $0.entry.leafHash }
            #expect(try await store.log.logRoot(size: 40) == MerkleHash.root(ofLeafHashes: leaves))
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test(arguments: TestBackend.available)
    func editingRowsBehindTheLogsBackIsDetected(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (precincts, versions) = try await loggedElection(store)
            let clean = try await store.log.verifyLog()
            #expect(clean.isValid, "\(clean.problems)")
            #expect(clean.entries == 18 && clean.protocolVersions == 13 && clean.turnoutReports == 3 && clean.elections == 1)
            #expect(clean.signedProtocols == 13)
            #expect(clean.treeHeads == 4)

            // Change one figure in the canonical text of a stored protocol version.
            let target = versions[4]
            let votes = try #require(target.figures.candidateVotes["nazarbayev"])
            let forged = target.canonical.replacingOccurrences(of: "\"nazarbayev\":\(votes)", with: "\"nazarbayev\":\(votes + 100)")
            #expect(forged != target.canonical)
            try await store.backend.withDatabase { db in
                try await db.raw(
                    "UPDATE protocol_versions SET canonical = \(bind: forged) WHERE precinct_id = \(bind: target.precinctID) AND version = 1"
                ).run()
            }
            var report = try await store.log.verifyLog()
            #expect(!report.isValid)
            let problem = try #require(report.problems.first { $0.subject.contains(target.precinctID) })
            #expect(problem.index == target.logIndex)
            #expect(problem.description.contains("precinct '\(target.precinctID)'"))
            #expect(problem.description.contains("log entry #\(target.logIndex!)"))

            // Even with the hash column forged to match, the row no longer matches its entry.
            try await store.backend.withDatabase { db in
                try await db.raw(
                    "UPDATE protocol_versions SET hash = \(bind: Canonical.sha256Hex(Array(forged.utf8))) WHERE precinct_id = \(bind: target.precinctID) AND version = 1"
                ).run()
            }
            report = try await store.log.verifyLog()
            #expect(report.problems.map(\.index) == [target.logIndex])

            // A turnout figure, a precinct's registered voters, a deleted version, a rewritten head.
            try await store.backend.withDatabase { db in
                try await db.raw("UPDATE turnout_reports SET voters = 51 WHERE precinct_id = \(bind: precincts[1].id)").run()
                try await db.raw("UPDATE precincts SET registered_voters = registered_voters + 1 WHERE id = \(bind: precincts[2].id)").run()
                try await db.raw("DELETE FROM protocol_versions WHERE precinct_id = \(bind: precincts[3].id)").run()
                try await db.raw("UPDATE tree_heads SET root_hash = \(bind: MerkleHash.emptyRoot.hex) WHERE tree_size = 14").run()
            }
            report = try await store.log.verifyLog()
            let text = report.problems.map(\.description).joined(separator: "\n")
            #expect(text.contains("turnout of precinct '\(precincts[1].id)'"))
            #expect(text.contains("structure of election \(DemoGenerator.electionID)"))
            #expect(text.contains(versions[3].precinctID) && text.contains("no row in protocol_versions"))
            #expect(text.contains("tree head of size 14"))
            #expect(report.problems.count == 5)

            // Rewriting a log entry to match the forgery breaks its leaf hash or the tree.
            try await store.backend.withDatabase { db in
                try await db.raw(
                    "UPDATE log_entries SET payload = replace(payload, \(bind: "\"nazarbayev\":\(votes),"), \(bind: "\"nazarbayev\":\(votes + 100),")) WHERE entry_index = \(bind: target.logIndex!)"
                ).run()
            }
            report = try await store.log.verifyLog()
            #expect(report.problems.contains { $0.index == target.logIndex && $0.message.contains("leaf hash") })
        }
    }

    @Test(arguments: TestBackend.available)
    func structureDigestIsTheSameReadBack(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let back = try await store.structure.electionStructure(election: DemoGenerator.electionID)
            #expect(try StructureStore.structureDigestInput(back) == (try StructureStore.structureDigestInput(smallDemo)))
            #expect(try await store.log.verifyLog().isValid)
        }
    }
}
