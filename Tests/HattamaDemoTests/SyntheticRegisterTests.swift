import HattamaCore
import HattamaDemo
import HattamaInterchange
import Testing

@Suite("Synthetic register")
struct SyntheticRegisterTests {
    static let small = DemoGenerator(scale: .small).generate()

    @Test func smallScaleIsDeterministicValidAndComplete() throws {
        let register = try #require(SyntheticRegister(structure: Self.small))
        let electionDay = try #require(CivilDate(parsing: Self.small.election.electionDay))
        var first: [VoterListRow] = []
        var women = 0
        var seen = Set<String>()
        var perPrecinct: [String: Int] = [:]
        var ages: [Int] = []
        let count = register.stream { row in
            if first.count < 2000 { first.append(row) }
            if row.record.sex == .female { women += 1 }
            seen.insert(row.record.iin.digits)
            perPrecinct[row.record.homePrecinctID, default: 0] += 1
            ages.append(row.record.age(on: electionDay))
        }
        #expect(count == register.expectedCount)
        #expect(count == Self.small.precincts.reduce(0) { $0 + $1.registeredVoters })
        #expect(seen.count == count, "IINs are unique")
        for precinct in Self.small.precincts { #expect(perPrecinct[precinct.id, default: 0] == precinct.registeredVoters) }
        #expect(ages.min()! >= 18)
        #expect(ages.max()! <= 96)
        let mean = Double(ages.reduce(0, +)) / Double(ages.count)
        #expect((35.0...55.0).contains(mean), "mean age \(mean)")
        #expect(abs(Double(women) / Double(count) - 0.5) < 0.02)
        // Same seed, same rows; another seed, other rows.
        var again: [VoterListRow] = []
        register.stream(limit: 2000) { again.append($0) }
        #expect(again == first)
        var other: [VoterListRow] = []
        SyntheticRegister(structure: Self.small, seed: 7)!.stream(limit: 100) { other.append($0) }
        #expect(other != Array(first.prefix(100)))
    }

    @Test func csvOfADistrictPassesTheImportChecks() throws {
        let district = "tec-mng-2"
        let precincts = Self.small.precincts(under: district)
        let day = try #require(CivilDate(parsing: Self.small.election.electionDay))
        let register = try #require(SyntheticRegister(precincts: precincts, electionDay: day))
        let parser = try #require(VoterListParser(structure: Self.small, commissionID: district))
        var text = ""
        let expected = register.writeCSV { text += $0 }
        let rows = try parser.parse(Array(text.utf8))
        #expect(rows.count == expected)
        #expect(rows.count == register.expectedCount)
        #expect(expected > 1_000)
        var state = try #require(VoterRegisterState(structure: Self.small, profile: try LawProfile.bundled("kz-2011")))
        #expect(try state.register(rows) == expected)
    }

    @Test func earlyElectionDaysNarrowTheAgesOrAreRefused() throws {
        let precincts = Array(Self.small.precincts.prefix(2))
        #expect(SyntheticRegister(precincts: precincts, electionDay: CivilDate(year: 1915, month: 1, day: 1)!) == nil)
        let register = try #require(SyntheticRegister(precincts: precincts, electionDay: CivilDate(year: 1925, month: 6, day: 1)!))
        var oldest = CivilDate(year: 2200, month: 1, day: 1)!
        register.stream { oldest = min(oldest, $0.record.birthDate) }
        #expect(oldest.year >= 1900)
    }

    @Test func csvWriterStreamsInChunks() throws {
        let register = try #require(SyntheticRegister(structure: Self.small))
        var chunks: [String] = []
        let count = register.writeCSV(limit: 2500, chunkRows: 1000) { chunks.append($0) }
        #expect(count == 2500)
        #expect(chunks.count == 3)
        let text = chunks.joined()
        #expect(text.hasPrefix(VoterListCSV.header))
        #expect(text.split(separator: "\n").count == 2501)
    }

    @Test func kz2011StreamsWithoutBuildingTheRegister() throws {
        let structure = DemoGenerator(scale: .kz2011).generate()
        let register = try #require(SyntheticRegister(structure: structure))
        #expect(register.expectedCount == DemoGenerator.nationalRegisteredVoters)
        var sample = 0
        var valid = 0
        let streamed = register.stream(limit: 20_000) { row in
            sample += 1
            if (try? IIN(row.record.iin.digits)) != nil { valid += 1 }
        }
        #expect(streamed == 20_000)
        #expect(sample == 20_000 && valid == 20_000)
    }
}
