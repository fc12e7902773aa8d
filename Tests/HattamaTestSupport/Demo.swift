import HattamaCore
import HattamaDemo
import HattamaStore

/// The small demo's structure, generated once per test process.
public let smallDemo = DemoGenerator(scale: .small).generate()

/// Kazakhstan 2011, the profile of the demo and of most fixtures.
public let kzProfile = try! LawProfile.bundled("kz-2011")

/// Imports the small demo's structure into `store`.
public func loadSmallDemo(_ store: HattamaStore) async throws {
    try await store.structure.importStructure(smallDemo, profile: kzProfile, by: .system)
}

/// Figures for one of the small demo's precincts that pass the kz-2011 control relations: 90%
/// turnout, four invalid ballots, one spoiled (plus `extraSpoiled`), nine tenths for the leader.
public func consistentFigures(_ precinct: Precinct, extraSpoiled: Int = 0) -> (lines: [String: Int], votes: [String: Int]) {
    let voters = precinct.registeredVoters
    let issued = voters * 9 / 10
    let received = voters + voters / 100
    let valid = issued - 4
    let leader = valid * 9 / 10
    let rest = valid - leader
    return (
        [
            "voters_on_list": voters, "ballots_received": received, "ballots_issued": issued, "ballots_spoiled": 1 + extraSpoiled,
            "ballots_unused": received - issued - 1 - extraSpoiled, "ballots_cast": issued, "invalid_ballots": 4,
        ],
        ["nazarbayev": leader, "kasymov": rest / 3, "akhmetbekov": rest / 3, "yeleusizov": rest - 2 * (rest / 3)]
    )
}
