import HattamaCore
import Testing

/// A small valid structure under kz-2011: CEC → region → district → two precincts.
func sampleStructure() -> ElectionStructure {
    let commissions = [
        Commission(id: "cec", level: "cec", parentID: nil, name: LocalizedText("CEC")),
        Commission(id: "tec-r", level: "regional", parentID: "cec", name: LocalizedText("Region TEC")),
        Commission(id: "tec-d", level: "district", parentID: "tec-r", name: LocalizedText("District TEC")),
        Commission(id: "pec-1", level: "precinct", parentID: "tec-d", name: LocalizedText("PEC 1")),
        Commission(id: "pec-2", level: "precinct", parentID: "tec-d", name: LocalizedText("PEC 2")),
    ]
    let precincts = [
        Precinct(
            id: "pec-1", number: 1, kind: "ordinary", settlement: LocalizedText("Town"), address: LocalizedText("School 1"),
            registeredVoters: 1_500, tabulatingCommissionID: "tec-d"),
        Precinct(
            id: "pec-2", number: 2, kind: "hospital", settlement: LocalizedText("Town"), address: LocalizedText("Hospital"),
            registeredVoters: 120, tabulatingCommissionID: "tec-d"),
    ]
    return ElectionStructure(
        election: Election(id: "e1", name: LocalizedText("Election"), profileID: "kz-2011", electionDay: "2011-04-03"),
        parties: [Party(id: "p1", name: LocalizedText("Party"))],
        candidates: [
            Candidate(id: "c1", electionID: "e1", name: LocalizedText("One"), partyID: "p1", ballotOrder: 1),
            Candidate(id: "c2", electionID: "e1", name: LocalizedText("Two"), partyID: nil, ballotOrder: 2),
        ],
        commissions: commissions, precincts: precincts)
}

struct StructureCase: Sendable, CustomTestStringConvertible {
    let name: String
    let subject: String
    let problem: String
    let change: @Sendable (inout ElectionStructure) -> Void
    var testDescription: String { name }

    init(_ name: String, subject: String, problem: String, change: @escaping @Sendable (inout ElectionStructure) -> Void) {
        self.name = name
        self.subject = subject
        self.problem = problem
        self.change = change
    }
}

@Suite("Election structure validation")
struct StructureValidationTests {
    static let refusals: [StructureCase] = [
        StructureCase("wrong profile", subject: "election e1", problem: "uses profile 'ru-2012' but 'kz-2011' was given") {
            $0.election.profileID = "ru-2012"
        },
        StructureCase("duplicate commission id", subject: "commission tec-d", problem: "appears twice") {
            $0.commissions.append(Commission(id: "tec-d", level: "district", parentID: "tec-r", name: LocalizedText("Again")))
        },
        StructureCase("empty commission id", subject: "commission ''", problem: "id must be 1–64 characters") {
            $0.commissions.append(Commission(id: "", level: "district", parentID: "tec-r", name: LocalizedText("Nameless")))
        },
        StructureCase(
            "overlong commission id", subject: "commission '\(String(repeating: "x", count: 65))'", problem: "id must be 1–64 characters"
        ) {
            $0.commissions.append(
                Commission(id: String(repeating: "x", count: 65), level: "district", parentID: "tec-r", name: LocalizedText("X")))
        },
        StructureCase("unknown level", subject: "commission tec-o", problem: "level 'oblast' is not in profile kz-2011") {
            $0.commissions.insert(Commission(id: "tec-o", level: "oblast", parentID: "cec", name: LocalizedText("Oblast")), at: 1)
        },
        StructureCase("parent listed after child", subject: "commission tec-d", problem: "parent 'tec-r' is unknown or listed after it") {
            $0.commissions.swapAt(1, 2)
        },
        StructureCase("unknown parent", subject: "commission tec-d2", problem: "parent 'tec-nowhere' is unknown or listed after it") {
            $0.commissions.append(Commission(id: "tec-d2", level: "district", parentID: "tec-nowhere", name: LocalizedText("D2")))
        },
        StructureCase("parent at the same level", subject: "commission tec-d2", problem: "parent 'tec-d' is not at a higher level") {
            $0.commissions.append(Commission(id: "tec-d2", level: "district", parentID: "tec-d", name: LocalizedText("D2")))
        },
        StructureCase("parent at a lower level", subject: "commission tec-d2", problem: "parent 'pec-1' is not at a higher level") {
            $0.commissions.append(Commission(id: "tec-d2", level: "district", parentID: "pec-1", name: LocalizedText("D2")))
        },
        StructureCase("lower commission without parent", subject: "commission tec-r2", problem: "only the cec level may have no parent") {
            $0.commissions.append(Commission(id: "tec-r2", level: "regional", parentID: nil, name: LocalizedText("R2")))
        },
        StructureCase("two central commissions", subject: "structure", problem: "must have exactly one central commission") {
            $0.commissions.append(Commission(id: "cec-2", level: "cec", parentID: nil, name: LocalizedText("Second CEC")))
        },
        StructureCase("no central commission", subject: "structure", problem: "must have exactly one central commission") {
            $0.commissions = []
            $0.precincts = []
        },
        StructureCase("empty commission name", subject: "commission tec-d", problem: "name in 'ru' is empty") {
            $0.commissions[2].name.ru = " "
        },
        StructureCase(
            "precinct without commission", subject: "precinct 9 (pec-9)", problem: "has no precinct-level commission with the same id"
        ) {
            $0.precincts.append(
                Precinct(
                    id: "pec-9", number: 9, kind: "ordinary", settlement: LocalizedText("T"), address: LocalizedText("A"),
                    registeredVoters: 10, tabulatingCommissionID: "tec-d"))
        },
        StructureCase("precinct named after a district commission", subject: "precinct 1 (tec-d)", problem: "no precinct-level commission")
        {
            $0.precincts[0].id = "tec-d"
        },
        StructureCase("precinct twice", subject: "precinct 1 (pec-1)", problem: "appears twice") {
            $0.precincts.append($0.precincts[0])
        },
        StructureCase("precinct number zero", subject: "precinct 0 (pec-2)", problem: "number must be positive") {
            $0.precincts[1].number = 0
        },
        StructureCase("unknown precinct kind", subject: "precinct 2 (pec-2)", problem: "kind 'embassy' is not a kind of profile kz-2011") {
            $0.precincts[1].kind = "embassy"
        },
        StructureCase("negative voters", subject: "precinct 1 (pec-1)", problem: "registered voters -1 outside 0…100000") {
            $0.precincts[0].registeredVoters = -1
        },
        StructureCase("absurdly many voters", subject: "precinct 1 (pec-1)", problem: "registered voters 100001 outside 0…100000") {
            $0.precincts[0].registeredVoters = 100_001
        },
        StructureCase(
            "unknown tabulating commission", subject: "precinct 2 (pec-2)",
            problem: "tabulating commission 'tec-x' is not a known higher commission"
        ) {
            $0.precincts[1].tabulatingCommissionID = "tec-x"
        },
        StructureCase(
            "precinct tabulated by a precinct", subject: "precinct 2 (pec-2)", problem: "'pec-1' is not a known higher commission"
        ) {
            $0.precincts[1].tabulatingCommissionID = "pec-1"
        },
        StructureCase(
            "precinct commission without station", subject: "structure", problem: "every precinct commission needs its polling station"
        ) {
            $0.precincts.removeLast()
        },
        StructureCase("duplicate party", subject: "party p1", problem: "appears twice") {
            $0.parties.append(Party(id: "p1", name: LocalizedText("Same")))
        },
        StructureCase("duplicate candidate", subject: "candidate c1", problem: "appears twice") {
            $0.candidates.append($0.candidates[0])
        },
        StructureCase("candidate of another election", subject: "candidate c2", problem: "belongs to another election") {
            $0.candidates[1].electionID = "e0"
        },
        StructureCase("candidate with unknown party", subject: "candidate c2", problem: "nominating party 'green' is unknown") {
            $0.candidates[1].partyID = "green"
        },
        StructureCase("candidate without a Kazakh name", subject: "candidate c1", problem: "name in 'kk' is empty") {
            $0.candidates[0].name.kk = ""
        },
    ]

    @Test func sampleIsValid() throws {
        try sampleStructure().validate(against: LawProfile.bundled("kz-2011"))
    }

    @Test("A broken structure is refused with subject and problem", arguments: refusals)
    func refused(_ refusal: StructureCase) throws {
        let profile = try LawProfile.bundled("kz-2011")
        var structure = sampleStructure()
        refusal.change(&structure)
        let error = try #require(throws: ElectionStructure.Problem.self) { try structure.validate(against: profile) }
        #expect(error.subject == refusal.subject)
        #expect(error.problem.contains(refusal.problem), "\(error)")
        #expect(error.description == "\(error.subject): \(error.problem)")
    }

    @Test(
        "Election days that are not dates are refused",
        arguments: [
            "2011-4-3", "03.04.2011", "2011-04-03T08:00", "2011-13-01", "2011-00-10", "2011-04-00", "2011-04-31", "2011-02-29",
            "2100-02-29", "1899-12-31", "2201-01-01", "+011-04-03", "2011-+4-03", "", "2011–04–03",
        ])
    func badElectionDay(day: String) throws {
        var structure = sampleStructure()
        structure.election.electionDay = day
        let error = try #require(throws: ElectionStructure.Problem.self) { try structure.validate(against: LawProfile.bundled("kz-2011")) }
        #expect(error.subject == "election e1")
        #expect(error.problem == "election day '\(day)' is not a date YYYY-MM-DD")
    }

    @Test("Real dates are accepted as election days", arguments: ["2011-04-03", "2012-02-29", "2000-02-29", "1900-01-01", "2200-12-31"])
    func goodElectionDay(day: String) throws {
        var structure = sampleStructure()
        structure.election.electionDay = day
        try structure.validate(against: LawProfile.bundled("kz-2011"))
    }

    @Test func permittedShapes() throws {
        let profile = try LawProfile.bundled("kz-2011")
        var structure = sampleStructure()
        // A station abroad hangs directly under the CEC and is tabulated by a district commission.
        structure.commissions.append(Commission(id: "pec-abroad", level: "precinct", parentID: "cec", name: LocalizedText("Abroad")))
        structure.precincts.append(
            Precinct(
                id: "pec-abroad", number: 901, kind: "abroad", settlement: LocalizedText("Moscow"), address: LocalizedText("Embassy"),
                registeredVoters: 0, tabulatingCommissionID: "tec-d"))
        // Tabulation by a regional commission, and a precinct without voters, are allowed.
        structure.precincts[1].tabulatingCommissionID = "tec-r"
        structure.precincts[0].registeredVoters = 0
        try structure.validate(against: profile)
        #expect(structure.precincts.filter(\.isSpecial).map(\.id) == ["pec-2", "pec-abroad"])
    }

    @Test func russianLevelsAreCheckedAgainstTheRussianProfile() throws {
        var structure = sampleStructure()
        structure.election.profileID = "ru-2012"
        let ru = try LawProfile.bundled("ru-2012")
        let error = try #require(throws: ElectionStructure.Problem.self) { try structure.validate(against: ru) }
        #expect(error.subject == "commission tec-d")
        #expect(error.problem == "level 'district' is not in profile ru-2012")
        structure.commissions[2].level = "territorial"
        try structure.validate(against: ru)
    }
}
