import HattamaCore
import HattamaDemo
import Testing

/// Generated once: the national structure has 9,700 precincts and many tests read it.
private let national = DemoGenerator().generate()
private let small = DemoGenerator(scale: .small).generate()

@Suite("Demo generator")
struct DemoGeneratorTests {
    @Test func nationalStructureValidatesAgainstKazakhProfile() throws {
        try national.validate(against: LawProfile.bundled("kz-2011"))
        #expect(national.election.profileID == "kz-2011")
        #expect(national.election.electionDay == "2011-04-03")
        #expect(national.election.id == DemoGenerator.electionID)
    }

    @Test func sixteenRegionalCommissions() {
        let regional = national.commissions.filter { $0.level == "regional" }
        #expect(regional.count == 16)
        #expect(regional.allSatisfy { $0.parentID == "cec" })
        // Law brief §3.1: 14 oblasts and 2 cities.
        let expected: Set<String> = [
            "Akmola Region", "Aktobe Region", "Almaty Region", "Atyrau Region", "East Kazakhstan Region", "Zhambyl Region",
            "West Kazakhstan Region", "Karaganda Region", "Kostanay Region", "Kyzylorda Region", "Mangystau Region", "Pavlodar Region",
            "North Kazakhstan Region", "South Kazakhstan Region", "Astana (capital)", "Almaty (city)",
        ]
        #expect(Set(regional.map(\.name.en)) == Set(expected.map { "\($0) territorial election commission" }))
        #expect(regional.allSatisfy { !$0.name.kk.isEmpty && !$0.name.ru.isEmpty })
    }

    @Test func oneCentralCommission() {
        let central = national.commissions.filter { $0.parentID == nil }
        #expect(central.map(\.id) == ["cec"])
        #expect(central.first?.level == "cec")
        #expect(national.commissions.first?.id == "cec")
    }

    @Test func districtCommissions() {
        let districts = national.commissions.filter { $0.level == "district" }
        // Law brief §1.1: about 200 district and city TECs (ODIHR counted 208).
        #expect((190...230).contains(districts.count))
        let regionalIDs = Set(national.commissions.filter { $0.level == "regional" }.map(\.id))
        #expect(districts.allSatisfy { regionalIDs.contains($0.parentID ?? "") })
        #expect(Set(districts.map(\.id)).count == districts.count)
    }

    @Test func precinctCounts() {
        #expect(national.precincts.count == DemoGenerator.nationalPrecincts)
        #expect(national.precincts.count == 9_700)
        #expect(national.commissions.filter { $0.level == "precinct" }.count == 9_700)
        #expect(Set(national.precincts.map(\.id)).count == 9_700)
    }

    @Test func abroadStationsAreTabulatedByEsil() throws {
        let esil = try #require(national.commissions.first { $0.name.en == "Esil district territorial election commission" })
        #expect(esil.level == "district")
        let astana = try #require(national.commissions.first { $0.id == esil.parentID })
        #expect(astana.level == "regional")
        #expect(astana.name.en == "Astana (capital) territorial election commission")

        let abroad = national.precincts.filter { $0.kind == PrecinctKind.abroadID }
        #expect(abroad.count == 35)
        #expect(abroad.count == DemoGenerator.abroadPrecincts)
        #expect(abroad.allSatisfy { $0.tabulatingCommissionID == esil.id })
        #expect(abroad.map(\.registeredVoters).reduce(0, +) == DemoGenerator.abroadVoters)
        #expect(Set(abroad.map(\.settlement.en)).count == 35)
        // Only stations abroad are tabulated outside their geographic parent.
        let parentOf = Dictionary(uniqueKeysWithValues: national.commissions.map { ($0.id, $0.parentID) })
        let elsewhere = national.precincts.filter { parentOf[$0.id] != $0.tabulatingCommissionID }
        #expect(elsewhere.map(\.id) == abroad.map(\.id))
    }

    @Test func registeredVoters() {
        let total = national.precincts.map(\.registeredVoters).reduce(0, +)
        #expect(total == DemoGenerator.nationalRegisteredVoters)
        #expect((9_000_000...9_200_000).contains(total))
        #expect(national.precincts.allSatisfy { $0.registeredVoters > 0 })
    }

    @Test func specialStationsShare() throws {
        let profile = try LawProfile.bundled("kz-2011")
        let special = national.precincts.filter { $0.kind != PrecinctKind.ordinaryID && $0.kind != PrecinctKind.abroadID }
        let share = Double(special.count) / Double(national.precincts.count)
        #expect(share >= 0.03 && share <= 0.10, "share \(share)")
        let kinds = Set(profile.specialStationKinds.map(\.id))
        #expect(special.allSatisfy { kinds.contains($0.kind) && $0.isSpecial })
        #expect(Set(special.map(\.kind)).count >= 5)
        #expect(national.precincts.filter { !$0.isSpecial }.allSatisfy { $0.kind == PrecinctKind.ordinaryID })
        // Special stations are small: on average well under an ordinary station's size.
        let ordinary = national.precincts.filter { !$0.isSpecial }
        let averageOrdinary = Double(ordinary.map(\.registeredVoters).reduce(0, +)) / Double(ordinary.count)
        let averageSpecial = Double(special.map(\.registeredVoters).reduce(0, +)) / Double(special.count)
        #expect(averageSpecial < averageOrdinary / 2)
    }

    @Test func candidatesAndParties() {
        #expect(national.candidates == DemoGenerator.candidates)
        #expect(national.candidates.map(\.name.en) == ["Zhambyl Akhmetbekov", "Mels Yeleusizov", "Gani Kasymov", "Nursultan Nazarbayev"])
        #expect(national.candidates.map(\.ballotOrder) == [1, 2, 3, 4])
        #expect(national.candidates.allSatisfy { $0.electionID == DemoGenerator.electionID })
        let parties = Dictionary(uniqueKeysWithValues: national.parties.map { ($0.id, $0) })
        let nominators = national.candidates.map { $0.partyID.flatMap { parties[$0]?.name.en } }
        // Law brief §3.2: Yeleusizov was self-nominated.
        #expect(
            nominators == [
                "Communist People's Party of Kazakhstan", nil, "Party of Patriots of Kazakhstan", "Nur Otan People's Democratic Party",
            ])
    }

    @Test func sameSeedGivesSameStructure() {
        let again = DemoGenerator(scale: .kz2011, seed: DemoGenerator.defaultSeed).generate()
        #expect(again.precincts == national.precincts)
        #expect(again.commissions == national.commissions)
    }

    @Test func differentSeedGivesDifferentPrecincts() throws {
        let other = DemoGenerator(seed: 7).generate()
        #expect(other.precincts != national.precincts)
        #expect(other.precincts.count == 9_700)
        #expect(other.precincts.map(\.registeredVoters).reduce(0, +) == DemoGenerator.nationalRegisteredVoters)
        try other.validate(against: LawProfile.bundled("kz-2011"))
    }

    @Test func smallScale() throws {
        try small.validate(against: LawProfile.bundled("kz-2011"))
        #expect((100...500).contains(small.precincts.count))
        #expect(small.commissions.filter { $0.level == "regional" }.count == 3)
        #expect(small.precincts.filter { $0.kind == PrecinctKind.abroadID }.count == 3)
        #expect(small.candidates.count == 4)
        let esil = try #require(small.commissions.first { $0.name.en == "Esil district territorial election commission" })
        #expect(small.precincts.filter { $0.kind == PrecinctKind.abroadID }.allSatisfy { $0.tabulatingCommissionID == esil.id })
        #expect(DemoGenerator(scale: .small).generate().precincts == small.precincts)
    }

    @Test("Every commission's parent is listed before it", arguments: [DemoScale.kz2011, .small])
    func parentsBeforeChildren(scale: DemoScale) {
        let structure = scale == .kz2011 ? national : small
        var seen = Set<String>()
        for commission in structure.commissions {
            if let parent = commission.parentID { #expect(seen.contains(parent), "\(commission.id)") }
            seen.insert(commission.id)
        }
        #expect(seen.count == structure.commissions.count)
    }

    @Test func precinctNumbersArePositiveAndUniqueWithinEachRegion() {
        var byRegion: [String: Set<Int>] = [:]
        let parentOf = Dictionary(uniqueKeysWithValues: national.commissions.map { ($0.id, $0.parentID) })
        for precinct in national.precincts {
            let district = parentOf[precinct.id] ?? nil
            let region = district.flatMap { parentOf[$0] ?? nil } ?? "abroad"
            #expect(precinct.number > 0)
            #expect(byRegion[region, default: []].insert(precinct.number).inserted, "\(precinct.id)")
        }
    }
}

@Suite("Seeded generator and apportionment")
struct SeededGeneratorTests {
    @Test func splitMixIsDeterministic() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<16).map { _ in a.next() }
        #expect(first == (0..<16).map { _ in b.next() })
        #expect(first != (0..<16).map { _ in c.next() })
        // SplitMix64 reference value for seed 0.
        var zero = SeededGenerator(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func unitIsInHalfOpenInterval() {
        var rng = SeededGenerator(seed: 1)
        let values = (0..<10_000).map { _ in rng.unit() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(mean - 0.5) < 0.02)
    }

    @Test(
        "apportion sums exactly and stays within one of the exact share",
        arguments: [
            (10, [1, 1, 1]), (9_700, [646, 437, 1015, 275, 1052]), (7, [0.2, 0.3, 0.5]), (1, [5, 5]), (0, [1, 2]), (100, [1]),
            (9_100_967, [520, 480, 1120, 320, 1020, 640, 430, 980, 650, 410, 300, 550, 440, 1380, 410, 1040]),
        ] as [(Int, [Double])])
    func apportionIsExactAndProportional(total: Int, weights: [Double]) {
        let parts = apportion(total, weights: weights)
        #expect(parts.count == weights.count)
        #expect(parts.reduce(0, +) == total)
        let sum = weights.reduce(0, +)
        for (part, weight) in zip(parts, weights) {
            let exact = Double(total) * weight / sum
            #expect(Double(part) >= exact.rounded(.down) && Double(part) <= exact.rounded(.up), "\(part) vs \(exact)")
        }
    }

    @Test func apportionBreaksTiesTowardsEarlierEntries() {
        #expect(apportion(10, weights: [1, 1, 1]) == [4, 3, 3])
        #expect(apportion(2, weights: [1, 1, 1]) == [1, 1, 0])
        #expect(apportion(5, weights: [1, 3]) == [1, 4])
    }

    @Test func apportionWithoutWeight() {
        #expect(apportion(10, weights: []) == [])
        #expect(apportion(10, weights: [0, 0]) == [0, 0])
    }
}
