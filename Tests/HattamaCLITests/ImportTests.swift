import Foundation
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Testing

@testable import HattamaCLI

@Suite(.serialized) struct ImportTests {
    static let header =
        "precinct_id,voters_on_list,ballots_received,ballots_issued,ballots_spoiled,ballots_unused,ballots_cast,invalid_ballots,nazarbayev,kasymov,akhmetbekov,yeleusizov"
    static let good = [
        "pec-ast-1,1000,1010,900,2,108,900,5,850,20,15,10",
        "pec-ast-2,800,808,700,1,107,700,4,650,20,16,10",
        "pec-ast-3,500,505,450,0,55,460,2,440,8,5,5",
    ]

    func withDemo(_ body: (String) async throws -> Void) async throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        try await run(["demo", "--db", path, "--scale", "small"])
        try await run(["keys", "generate-demo", "--db", path])
        try await body(path)
    }

    func writeFile(_ text: String, _ ext: String) throws -> String {
        try writeTemporaryFile(text, named: "protocols.\(ext)")
    }

    func storedVersions(_ path: String) async throws -> Int {
        let store = try await openStore(path)
        let received = try await store.results.results(election: DemoGenerator.electionID).summary.progress.received
        await store.close()
        return received
    }

    @Test func importsACSVAtomically() async throws {
        try await withDemo { db async throws in
            let file = try writeFile(([Self.header] + Self.good).joined(separator: "\n"), "csv")
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await run(["import", "protocols", "--db", db, "--sign-with-demo-keys", file])
            #expect(try await storedVersions(db) == 3)
            let store = try await openStore(db)
            let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: "pec-ast-3")
            #expect(record.latest.outcome == .quarantined, "460 in the box, 450 issued")
            #expect(try await store.accounts.auditLog(limit: 1).first?.action == "import-protocols")
            await store.close()
        }
    }

    static let hostileFiles: [(String, String, String)] = [
        (
            "bad number on line 3",
            [header, good[0], good[1].replacingOccurrences(of: ",700,", with: ",7o0,"), good[2]].joined(separator: "\n"), "line 3"
        ),
        ("unknown precinct on line 4", [header, good[0], good[1], "pec-nowhere,1,1,1,0,0,1,0,1,0,0,0"].joined(separator: "\n"), "line 4"),
        (
            "negative on line 2", [header, good[0].replacingOccurrences(of: ",2,108,", with: ",-2,112,"), good[1]].joined(separator: "\n"),
            "line 2"
        ),
        ("unknown candidate column", [header + ",putin", good[0] + ",5"].joined(separator: "\n"), "putin"),
        ("duplicate precinct", [header, good[0], good[0]].joined(separator: "\n"), "line 3"),
        ("short row", [header, good[0], "pec-ast-2,800"].joined(separator: "\n"), "line 3"),
        (
            "missing column",
            [header.replacingOccurrences(of: ",ballots_spoiled", with: ""), "pec-ast-1,1000,1010,900,108,900,5,850,20,15,10"].joined(
                separator: "\n"), "ballots_spoiled"
        ),
        ("empty file", "", "line 1"),
    ]

    @Test(arguments: hostileFiles.indices)
    func malformedFilesStoreNothing(index: Int) async throws {
        let (name, text, mention) = Self.hostileFiles[index]
        try await withDemo { db async throws in
            let file = try writeFile(text, "csv")
            defer { try? FileManager.default.removeItem(atPath: file) }
            do {
                try await run(["import", "protocols", "--db", db, "--sign-with-demo-keys", file])
                Issue.record("\(name): accepted")
            } catch {
                #expect(String(describing: error).contains(mention), "\(name): \(error)")
            }
            #expect(try await storedVersions(db) == 0, "\(name) stored something")
        }
    }

    @Test func unsignedProtocolsNeedSignatures() async throws {
        try await withDemo { db async throws in
            let file = try writeFile(([Self.header] + Self.good).joined(separator: "\n"), "csv")
            defer { try? FileManager.default.removeItem(atPath: file) }
            do {
                try await run(["import", "protocols", "--db", db, file])
                Issue.record("unsigned protocols were accepted")
            } catch {
                #expect(String(describing: error).contains("unsigned"))
            }
            #expect(try await storedVersions(db) == 0)
        }
    }

    /// The demo keys are derived from the seed the demo was loaded with; another seed's keys do not
    /// match the registered ones, and the command says so instead of failing every signature.
    @Test func demoKeysOfAnotherSeedAreNamed() async throws {
        try await withDemo { db async throws in
            let file = try writeFile(([Self.header] + Self.good).joined(separator: "\n"), "csv")
            defer { try? FileManager.default.removeItem(atPath: file) }
            do {
                try await run(["import", "protocols", "--db", db, "--sign-with-demo-keys", "--seed", "7", file])
                Issue.record("protocols signed with another seed's keys were accepted")
            } catch {
                #expect(String(describing: error).contains("seed 7"), "\(error)")
            }
            #expect(try await storedVersions(db) == 0)
            let seed = String(DemoGenerator.defaultSeed)
            try await run(["import", "protocols", "--db", db, "--sign-with-demo-keys", "--seed", seed, file])
            #expect(try await storedVersions(db) == 3)
        }
    }
}
