import Foundation
import HattamaCore
import HattamaDemo
import Testing

/// `validate(layout:)` and `canonicalBytes(layout:)` are shortcuts: whatever the protocol, the
/// profile or the candidates, they must give exactly what the general methods give.
@Suite("Protocol layout: the per-election shortcuts change nothing")
struct ProtocolLayoutTests {
    /// What the general path throws, or nil.
    static func generalRejection(_ p: ResultsProtocol, _ profile: LawProfile, _ candidates: [Candidate]) -> ProtocolRejection? {
        do {
            try p.validate(profile: profile, candidates: candidates)
            return nil
        } catch {
            return error
        }
    }

    static func layoutRejection(_ p: ResultsProtocol, _ layout: ProtocolLayout) -> ProtocolRejection? {
        do {
            try p.validate(layout: layout)
            return nil
        } catch {
            return error
        }
    }

    static func expectSame(_ p: ResultsProtocol, _ profile: LawProfile, _ candidates: [Candidate], _ layout: ProtocolLayout, _ what: String)
    {
        #expect(layoutRejection(p, layout) == generalRejection(p, profile, candidates), "\(what)")
        #expect(p.canonicalBytes(layout: layout) == p.canonicalBytes(), "\(what)")
    }

    @Test("Every rejection case gives the same error and bytes", arguments: ResultsProtocolTests.cases)
    func rejectionCases(_ testCase: RejectionCase) throws {
        let profile = try LawProfile.bundled(testCase.profileID)
        var p = testCase.profileID == "kz-2011" ? kazakhProtocol() : russianProtocol()
        let candidates = testCase.profileID == "kz-2011" ? DemoGenerator.candidates : russianCandidates
        let layout = ProtocolLayout(electionID: p.electionID, profile: profile, candidates: candidates)
        Self.expectSame(p, profile, candidates, layout, "valid \(testCase.name)")
        #expect(Self.layoutRejection(p, layout) == nil)
        testCase.change(&p)
        Self.expectSame(p, profile, candidates, layout, testCase.name)
        #expect(Self.layoutRejection(p, layout)?.code == testCase.code)
    }

    /// Random edits of a valid protocol: figures at and around the bounds, keys added, removed,
    /// renamed, written decomposed; ids changed.
    @Test("Random edits give the same error and bytes", arguments: [21, 22, 23, 24, 25] as [UInt64])
    func randomEdits(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for profileID in ["kz-2011", "ru-2012"] {
            let profile = try LawProfile.bundled(profileID)
            let base = profileID == "kz-2011" ? kazakhProtocol() : russianProtocol()
            let candidates = profileID == "kz-2011" ? DemoGenerator.candidates : russianCandidates
            let layout = ProtocolLayout(electionID: base.electionID, profile: profile, candidates: candidates)
            let maximum = profile.protocolForm.maximumLineValue
            let lineIDs = profile.protocolForm.lines.map(\.id)
            let candidateIDs = candidates.map(\.id)
            for attempt in 0..<200 {
                var p = base
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    let lineID = lineIDs.randomElement(using: &rng)!
                    let candidateID = candidateIDs.randomElement(using: &rng)!
                    switch Int.random(in: 0..<12, using: &rng) {
                    case 0: p.lines[lineID] = [-1, 0, maximum, maximum + 1, Int.min, Int.max].randomElement(using: &rng)!
                    case 1: p.candidateVotes[candidateID] = [-1, 0, maximum, maximum + 1].randomElement(using: &rng)!
                    case 2: p.lines[lineID] = nil
                    case 3: p.candidateVotes[candidateID] = nil
                    case 4: p.lines["extra-\(attempt)"] = 1
                    case 5: p.candidateVotes["stranger"] = 0
                    case 6:
                        // Same count, one key swapped for an unknown one.
                        let value = p.lines.removeValue(forKey: lineID) ?? 0
                        p.lines[lineID + "x"] = value
                    case 7: p.precinctID = ["", " ", "p\u{0}", String(repeating: "é", count: 70), "uik-é"].randomElement(using: &rng)!
                    case 8: p.electionID = ["other", "", base.electionID + " "].randomElement(using: &rng)!
                    case 9: p.lines["e\u{301}"] = 2  // decomposed key: NFC bytes are written
                    default: p.lines[lineID] = Int.random(in: 0...maximum, using: &rng)
                    }
                }
                Self.expectSame(p, profile, candidates, layout, "\(profileID) attempt \(attempt): \(p)")
            }
        }
    }

    /// Keys that normalise to the same bytes, duplicate ids and non-ASCII ids: the layout gives up
    /// its shortcuts rather than guess.
    @Test func awkwardProfilesAndCandidates() throws {
        var profile = try LawProfile.bundled("kz-2011")
        let election = DemoGenerator.electionID
        var p = kazakhProtocol()
        // Duplicate candidate ids, candidates of another election only, none at all.
        let duplicate = DemoGenerator.candidates + [DemoGenerator.candidates[0]]
        let foreign = DemoGenerator.candidates.map {
            Candidate(id: $0.id, electionID: "other", name: $0.name, partyID: $0.partyID, ballotOrder: $0.ballotOrder)
        }
        for candidates in [duplicate, foreign, [], DemoGenerator.candidates] {
            let layout = ProtocolLayout(electionID: election, profile: profile, candidates: candidates)
            Self.expectSame(p, profile, candidates, layout, "candidates \(candidates.count)")
            var empty = p
            empty.candidateVotes = [:]
            Self.expectSame(empty, profile, candidates, layout, "no votes, candidates \(candidates.count)")
        }
        // A form that repeats a line, and one with a non-ASCII line id.
        profile.protocolForm.lines.append(profile.protocolForm.lines[0])
        var layout = ProtocolLayout(electionID: election, profile: profile, candidates: DemoGenerator.candidates)
        Self.expectSame(p, profile, DemoGenerator.candidates, layout, "repeated form line")
        p.lines["x"] = 1
        Self.expectSame(p, profile, DemoGenerator.candidates, layout, "repeated form line, one extra line")
        profile = try LawProfile.bundled("kz-2011")
        var line = profile.protocolForm.lines[0]
        line.id = "Қ\"\\\u{1}é"
        profile.protocolForm.lines.append(line)
        layout = ProtocolLayout(electionID: election, profile: profile, candidates: DemoGenerator.candidates)
        p = kazakhProtocol()
        p.lines["Қ\"\\\u{1}e\u{301}"] = 5
        Self.expectSame(p, profile, DemoGenerator.candidates, layout, "non-ASCII line id")
        #expect(Self.layoutRejection(p, layout) == nil)
    }

    @Test func aLayoutOfAnotherElectionStillGivesTheSameResults() throws {
        let profile = try LawProfile.bundled("kz-2011")
        let layout = ProtocolLayout(electionID: "another", profile: profile, candidates: DemoGenerator.candidates)
        Self.expectSame(kazakhProtocol(), profile, DemoGenerator.candidates, layout, "other election")
    }
}
