import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaStore
import HattamaTestSupport
import Testing

@testable import HattamaCLI

@Suite(.serialized) struct VoterCommandTests {
    func writeFile(_ text: String) throws -> String {
        try writeTemporaryFile(text, named: "voters.csv")
    }

    /// Three voters of the small demo's first region, precincts 1 and 2.
    static func rows() -> [VoterListRow] {
        let structure = DemoGenerator(scale: .small).generate()
        let register = SyntheticRegister(structure: structure)!
        var rows: [VoterListRow] = []
        register.stream(limit: 3) { rows.append($0) }
        return rows
    }

    @Test func importsLooksUpAndRefusesBadListsWhole() async throws {
        let db = temporaryDatabase()
        defer { removeDatabase(db) }
        try await run(["demo", "--db", db, "--scale", "small"])
        let rows = Self.rows()
        let region = try #require(DemoGenerator(scale: .small).generate().commissions.first { $0.level == "regional" }?.id)
        let good = VoterListCSV.header + rows.map(VoterListCSV.line).joined()
        let file = try writeFile(good)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await run(["import", "voters", "--db", db, "--commission", region, "--quiet", file])
        try await run(["voters", "lookup", "--db", db, rows[0].record.iin.digits])
        await #expect(throws: (any Error).self) { try await run(["voters", "lookup", "--db", db, "123456789012"]) }

        // A bad line: refused with its line number, nothing stored.
        let bad = try writeFile(
            VoterListCSV.header + VoterListCSV.line(rows[0]).replacingOccurrences(of: rows[0].record.iin.digits, with: "000000000000")
                + "x,y\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        do {
            try await run(["import", "voters", "--db", db, "--commission", region, "--quiet", bad])
            Issue.record("a bad list was accepted")
        } catch {
            #expect(String(describing: error).contains("line 2"))
            #expect(String(describing: error).contains("line 3"))
        }
        let store = try await openStore(db)
        #expect(try await store.voters.voterCount() == 3)
        await store.close()
        try await run(["avc", "produce", "--db", db, "--count", "5"])
        try await run(["avc", "report", "--db", db])
        try await run(["voters", "sizes", "--db", db, "--commission", region])
    }

    @Test func severalFilesGoInTogetherOrNotAtAll() async throws {
        let db = temporaryDatabase()
        defer { removeDatabase(db) }
        try await run(["demo", "--db", db, "--scale", "small"])
        let rows = Self.rows()
        let region = try #require(DemoGenerator(scale: .small).generate().commissions.first { $0.level == "regional" }?.id)
        let first = try writeFile(VoterListCSV.header + VoterListCSV.line(rows[0]))
        let second = try writeFile(VoterListCSV.header + VoterListCSV.line(rows[1]) + "x,y\n")
        let third = try writeFile(VoterListCSV.header + VoterListCSV.line(rows[2]))
        defer { for file in [first, second, third] { try? FileManager.default.removeItem(atPath: file) } }
        // The second file's line 3 refuses both files, and the report names that file.
        do {
            try await run(["import", "voters", "--db", db, "--commission", region, "--quiet", first, second])
            Issue.record("a bad list was accepted")
        } catch {
            #expect(String(describing: error).contains(second))
            #expect(String(describing: error).contains("line 3"))
        }
        let store = try await openStore(db)
        #expect(try await store.voters.voterCount() == 0)
        await #expect(throws: (any Error).self) {
            try await run([
                "import", "voters", "--db", db, "--commission", region, "--commission", region, "--commission", region, first, third,
            ])
        }
        try await run(["import", "voters", "--db", db, "--commission", region, "--commission", region, "--quiet", first, third])
        #expect(try await store.voters.voterCount() == 2)
        await store.close()
    }

    @Test func demoWithVoters() async throws {
        let db = temporaryDatabase()
        defer { removeDatabase(db) }
        try await run(["demo", "--db", db, "--scale", "small", "--voters"])
        let store = try await openStore(db)
        let expected = DemoGenerator(scale: .small).generate().precincts.reduce(0) { $0 + $1.registeredVoters }
        // The register as generated, plus the people the demo's register at work adds: election-day
        // additions (counted per station) and granted inclusion requests (at most one at each of six stations).
        let sizes = try await store.voters.listSizes()
        let additions = sizes.reduce(0) { $0 + $1.electionDayAdditions }
        #expect(additions > 0 && sizes.contains { $0.additionsFlagged })
        #expect((1...6).contains(try await store.voters.voterCount() - expected - additions))
        #expect(try await store.voterActs.absenteeReport().problems.isEmpty)
        #expect(try await store.log.verifyLog().isValid)
        await store.close()
    }
}
