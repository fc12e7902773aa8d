import HattamaCore
import Testing

private typealias F = CommissionFixture

private let opposition: Set<String> = ["azat", "ak-zhol", "cpk", "osdp"]

/// A composition of `commissionID` with the given number of voting members per nominator.
private func composition(_ commissionID: String, level: String = "precinct", statutory: Int = 7, _ seats: [(Nomination, Int)])
    -> Composition
{
    var members: [CommissionMember] = []
    for (nomination, count) in seats {
        for _ in 0..<count {
            members.append(F.member("\(commissionID)-\(members.count + 1)", of: commissionID, nomination: nomination))
        }
    }
    return Composition(
        commissionID: commissionID, level: level, date: F.day("2011-03-20"), statutoryMembers: statutory, votingMembers: members)
}

@Suite("Composition analytics")
struct CompositionAnalyticsTests {
    let rules = F.profile.decisionRules

    @Test func partySharesOfOneCommission() {
        let balance = CompositionAnalytics.balance(
            of: composition("pec-1", [(.party("nur-otan"), 4), (.party("azat"), 1), (.body("public-associations"), 2)]), rules: rules)
        #expect(balance.majorityParty == "nur-otan")
        #expect(balance.shares.map(\.nomination) == [.party("nur-otan"), .body("public-associations"), .party("azat")])
        #expect(balance.shares.map(\.members) == [4, 2, 1])
        #expect(balance.shares[0].share == 4.0 / 7.0)
        #expect(balance.seated == 7 && balance.vacancies == 0)
    }

    struct MajorityCase: Sendable, CustomTestStringConvertible {
        let seats: [String: Int]
        let statutory: Int
        let majorityParty: String?
        let name: String
        var testDescription: String { name }
    }

    static let majorityCases: [MajorityCase] = [
        MajorityCase(seats: ["nur-otan": 4, "azat": 3], statutory: 7, majorityParty: "nur-otan", name: "4 of 7"),
        MajorityCase(
            seats: ["nur-otan": 3, "azat": 1, "cpk": 1, "ak-zhol": 1, "osdp": 1], statutory: 7, majorityParty: nil, name: "3 of 7"),
        // 3 of 5 seated is a majority of those seated, but not of the statutory seven.
        MajorityCase(seats: ["nur-otan": 3, "azat": 2], statutory: 7, majorityParty: nil, name: "3 of 5 seated, 7 statutory"),
        MajorityCase(seats: ["nur-otan": 4, "azat": 1], statutory: 7, majorityParty: "nur-otan", name: "4 of 5 seated, 7 statutory"),
        MajorityCase(seats: ["nur-otan": 6, "azat": 6], statutory: 12, majorityParty: nil, name: "a tie is no majority"),
        MajorityCase(seats: ["nur-otan": 7, "azat": 5], statutory: 12, majorityParty: "nur-otan", name: "7 of 12"),
        // Members proposed by public associations are not a party's, whatever their affiliation.
        MajorityCase(seats: ["@public-associations": 5, "nur-otan": 2], statutory: 7, majorityParty: nil, name: "a body is not a party"),
    ]

    @Test("A party holding a majority of the statutory membership is flagged", arguments: majorityCases)
    func majorityOfTheStatutoryMembership(_ testCase: MajorityCase) {
        let seats = testCase.seats.sorted { $0.key < $1.key }.map { key, count in
            (key.hasPrefix("@") ? Nomination.body(String(key.dropFirst())) : Nomination.party(key), count)
        }
        let subject = composition("pec-x", statutory: testCase.statutory, seats)
        #expect(CompositionAnalytics.balance(of: subject, rules: rules).majorityParty == testCase.majorityParty)
        #expect(CompositionAnalytics.commissionsWithMajorityParty([subject], rules: rules).count == (testCase.majorityParty == nil ? 0 : 1))
    }

    /// The CEC's figure quoted by ODIHR: Azat, Ak Zhol, the Communist Party and the OSDP
    /// "together represented by only six per cent of all election commission members".
    @Test func nationalShareOfTheOppositionIsSixPerCent() {
        let parties = ["azat", "ak-zhol", "cpk", "osdp"]
        var compositions: [Composition] = []
        for i in 0..<100 {
            let ruling = i < 70 ? 4 : 3
            var seats: [(Nomination, Int)] = [(.party("nur-otan"), ruling)]
            if i < 42 { seats.append((.party(parties[i % 4]), 1)) }
            seats.append((.body("public-associations"), 7 - ruling - (i < 42 ? 1 : 0)))
            compositions.append(composition("pec-\(i)", seats))
        }
        let share = CompositionAnalytics.nationalShare(of: opposition, in: compositions)
        #expect(abs(share - 0.06) < 1e-12)
        let shares = CompositionAnalytics.shares(of: compositions)
        #expect(shares.first?.nomination == .party("nur-otan"))
        #expect(shares.first?.members == 370)
        #expect(shares.filter { opposition.contains($0.nomination.id) }.map(\.members).reduce(0, +) == 42)
        #expect(CompositionAnalytics.commissionsWithMajorityParty(compositions, rules: rules).count == 70)
        #expect(CompositionAnalytics.nationalShare(of: opposition, in: []) == 0)
    }

    @Test func aggregatesByLevelAndRegion() {
        let commissions =
            F.commissions + [
                Commission(id: "akmola", level: "regional", parentID: "cec", name: LocalizedText("Akmola TEC")),
                Commission(id: "kokshetau", level: "district", parentID: "akmola", name: LocalizedText("Kokshetau TEC")),
                Commission(id: "pec-3", level: "precinct", parentID: "kokshetau", name: LocalizedText("PEC 3")),
            ]
        let compositions = [
            composition("cec", level: "cec", [(.body("president"), 3), (.body("senate"), 2), (.body("mazhilis"), 2)]),
            composition("astana", level: "regional", [(.party("nur-otan"), 5), (.party("azat"), 1), (.party("cpk"), 1)]),
            composition("astana-esil", level: "district", [(.party("nur-otan"), 4), (.body("public-associations"), 3)]),
            composition("pec-1", [(.party("nur-otan"), 4), (.body("public-associations"), 3)]),
            composition("pec-2", [(.party("nur-otan"), 3), (.party("ak-zhol"), 1), (.body("public-associations"), 2)]),
            composition("akmola", level: "regional", [(.party("nur-otan"), 3), (.party("osdp"), 1), (.body("public-associations"), 3)]),
            composition("kokshetau", level: "district", [(.party("nur-otan"), 6), (.party("azat"), 1)]),
            composition("pec-3", [(.party("nur-otan"), 2), (.body("public-associations"), 5)]),
        ]
        let byRegion = CompositionAnalytics.aggregate(
            compositions, rules: rules, groupedBy: CompositionAnalytics.byRegion(commissions: commissions, profile: F.profile))
        #expect(byRegion.map(\.group) == ["akmola", "astana"])
        let astana = byRegion[1]
        #expect(astana.commissions == 4)
        #expect(astana.statutoryMembers == 28)
        #expect(astana.seated == 27)
        #expect(astana.commissionsWithMajorityParty == 3)
        #expect(astana.shares.first?.nomination == .party("nur-otan"))
        #expect(astana.shares.first?.members == 16)
        #expect(byRegion[0].commissionsWithMajorityParty == 1)

        let byLevel = CompositionAnalytics.aggregate(compositions, rules: rules, groupedBy: CompositionAnalytics.byLevel)
        #expect(byLevel.map(\.group) == ["cec", "district", "precinct", "regional"])
        #expect(byLevel.map(\.commissions) == [1, 2, 3, 2])
        #expect(byLevel[2].seated == 20)
        #expect(byLevel[2].statutoryMembers == 21)
        let precinctShare = byLevel[2].shares.first { $0.nomination == .party("nur-otan") }
        #expect(precinctShare?.members == 9)
        #expect(precinctShare?.share == 9.0 / 20.0)
        #expect(precinctShare?.shareOfStatutory == 9.0 / 21.0)
    }

    @Test func compositionsComeFromTheRoll() throws {
        var roll = try F.roll("pec-1", seated: 5)
        let representative = F.member(
            "rep", of: "pec-1", nomination: .party("azat"), votingRight: .consultative, by: AppointingBody(kind: "party", id: "azat"))
        try roll.registerRepresentative(representative)
        let balance = CompositionAnalytics.balance(of: roll.composition(on: F.day("2011-03-20")), rules: rules)
        // Representatives have no vote and are not counted; the two vacancies count against.
        #expect(balance.shares.map(\.nomination) == [.party("nur-otan")])
        #expect(balance.seated == 5 && balance.vacancies == 2)
        #expect(balance.majorityParty == "nur-otan")
    }
}
