import HattamaCore
import HattamaDemo

/// A small hand-made structure: region A (1,000 voters) with two ordinary stations and a hospital
/// in Aksu and one ordinary station in Birlik; region B (500 voters) with one station in Oral.
public enum VoterFixture {
    public static let profile = try! LawProfile.bundled("kz-2011")
    public static let electionDay = CivilDate(year: 2011, month: 4, day: 3)!
    public static let aksu = LocalizedText(kk: "Ақсу", ru: "Аксу", en: "Aksu")
    public static let birlik = LocalizedText(kk: "Бірлік", ru: "Бирлик", en: "Birlik")
    public static let oral = LocalizedText(kk: "Орал", ru: "Уральск", en: "Oral")

    public static func precinct(_ id: String, _ number: Int, _ kind: String, _ settlement: LocalizedText, _ voters: Int, _ district: String)
        -> Precinct
    {
        Precinct(
            id: id, number: number, kind: kind, settlement: settlement, address: LocalizedText("School \(number)"),
            registeredVoters: voters, tabulatingCommissionID: district)
    }

    public static let structure: ElectionStructure = {
        let commissions = [
            Commission(id: "cec", level: "cec", parentID: nil, name: LocalizedText("CEC")),
            Commission(id: "tec-a", level: "regional", parentID: "cec", name: LocalizedText("TEC A")),
            Commission(id: "tec-a-1", level: "district", parentID: "tec-a", name: LocalizedText("TEC A1")),
            Commission(id: "tec-b", level: "regional", parentID: "cec", name: LocalizedText("TEC B")),
            Commission(id: "tec-b-1", level: "district", parentID: "tec-b", name: LocalizedText("TEC B1")),
            Commission(id: "pec-1", level: "precinct", parentID: "tec-a-1", name: LocalizedText("PEC 1")),
            Commission(id: "pec-2", level: "precinct", parentID: "tec-a-1", name: LocalizedText("PEC 2")),
            Commission(id: "pec-3", level: "precinct", parentID: "tec-a-1", name: LocalizedText("PEC 3")),
            Commission(id: "pec-h", level: "precinct", parentID: "tec-a-1", name: LocalizedText("PEC 4 (hospital)")),
            Commission(id: "pec-b", level: "precinct", parentID: "tec-b-1", name: LocalizedText("PEC B")),
        ]
        let precincts = [
            precinct("pec-1", 1, "ordinary", aksu, 400, "tec-a-1"),
            precinct("pec-2", 2, "ordinary", aksu, 300, "tec-a-1"),
            precinct("pec-3", 3, "ordinary", birlik, 250, "tec-a-1"),
            precinct("pec-h", 4, "hospital", aksu, 50, "tec-a-1"),
            precinct("pec-b", 1, "ordinary", oral, 500, "tec-b-1"),
        ]
        return ElectionStructure(
            election: DemoGenerator.election, parties: DemoGenerator.parties, candidates: DemoGenerator.candidates,
            commissions: commissions,
            precincts: precincts)
    }()

    public static func iin(_ n: Int, sex: IIN.Sex = .male) -> IIN {
        var serial = n
        while true {
            if let iin = IIN.make(year: 1970, month: 1 + n % 12, day: 1 + n % 28, sex: sex, serial: serial) { return iin }
            serial += 1
        }
    }

    public static func record(_ n: Int, at precinctID: String, sex: IIN.Sex = .male) -> VoterRecord {
        let iin = iin(n, sex: sex)
        return try! VoterRecord(
            iin: iin, surname: "Ахметов", givenName: "Айдар", patronymic: "",
            birthDate: CivilDate(
                year: iin.birthYear, month: iin.birthMonth, day: iin.birthDay)!, settlement: "Аксу", address: "ул. Абая, 1",
            homePrecinctID: precinctID)
    }

    public static func at(_ daysBefore: Int, _ time: String = "10:00") -> CivilDateTime {
        CivilDateTime(date: electionDay.adding(days: -daysBefore), time: time)!
    }

    /// Voters 1–20 at pec-1, 21–30 at pec-2, 31–40 at pec-3, 41–50 at pec-b.
    public static func register() -> VoterRegisterState {
        var state = VoterRegisterState(structure: structure, profile: profile)!
        let records =
            (1...20).map { record($0, at: "pec-1") } + (21...30).map { record($0, at: "pec-2") }
            + (31...40).map { record($0, at: "pec-3") } + (41...50).map { record($0, at: "pec-b") }
        try! state.register(records)
        return state
    }
}
