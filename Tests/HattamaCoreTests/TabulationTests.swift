import HattamaCore
import HattamaDemo
import Testing

/// Generated once: many tests tabulate the national demo.
private let nationalDemo = DemoGenerator().generate()

/// A small hand-made election: two districts, one station "abroad" (hanging under the CEC,
/// counted by `dis`), registered voters 1000 + 500 + 800 + 200.
enum TinyElection {
    static let electionID = DemoGenerator.electionID
    static let commissions = [
        Commission(id: "cec", level: "cec", parentID: nil, name: LocalizedText("CEC")),
        Commission(id: "reg", level: "regional", parentID: "cec", name: LocalizedText("Region")),
        Commission(id: "dis", level: "district", parentID: "reg", name: LocalizedText("District")),
        Commission(id: "dis2", level: "district", parentID: "reg", name: LocalizedText("District 2")),
        Commission(id: "p1", level: "precinct", parentID: "dis", name: LocalizedText("P1")),
        Commission(id: "p2", level: "precinct", parentID: "dis", name: LocalizedText("P2")),
        Commission(id: "p3", level: "precinct", parentID: "dis2", name: LocalizedText("P3")),
        Commission(id: "px", level: "precinct", parentID: "cec", name: LocalizedText("PX")),
    ]
    static func precinct(_ id: String, _ voters: Int, _ tabulator: String) -> Precinct {
        Precinct(
            id: id, number: 1, kind: "ordinary", settlement: LocalizedText("S"), address: LocalizedText("A"), registeredVoters: voters,
            tabulatingCommissionID: tabulator)
    }
    static let precincts = [
        precinct("p1", 1000, "dis"), precinct("p2", 500, "dis"), precinct("p3", 800, "dis2"), precinct("px", 200, "dis"),
    ]

    static func kazakh(_ id: String, voters: Int, received: Int, issued: Int, spoiled: Int, cast: Int, invalid: Int, votes: [Int])
        -> ResultsProtocol
    {
        ResultsProtocol(
            electionID: electionID, precinctID: id,
            lines: [
                "voters_on_list": voters, "ballots_received": received, "ballots_issued": issued, "ballots_spoiled": spoiled,
                "ballots_unused": received - issued - spoiled, "ballots_cast": cast, "invalid_ballots": invalid,
            ],
            candidateVotes: Dictionary(uniqueKeysWithValues: zip(["akhmetbekov", "yeleusizov", "kasymov", "nazarbayev"], votes)))
    }

    static let p1 = kazakh("p1", voters: 1000, received: 1010, issued: 800, spoiled: 5, cast: 798, invalid: 10, votes: [20, 18, 50, 700])
    static let p2 = kazakh("p2", voters: 500, received: 505, issued: 400, spoiled: 0, cast: 400, invalid: 0, votes: [100, 100, 100, 100])
    /// 808 ballots received but only 600 issued + 100 unused accounted for: KZ-C1 fails.
    static let p3Broken = {
        var broken = kazakh("p3", voters: 800, received: 808, issued: 600, spoiled: 0, cast: 600, invalid: 0, votes: [0, 0, 100, 500])
        broken.lines["ballots_unused"] = 100
        return broken
    }()

    static func tabulation() throws -> Tabulation {
        let structure = try TabulationStructure(commissions: commissions, precincts: precincts)
        return try Tabulation(
            structure: structure, profile: CompiledProfile(LawProfile.bundled("kz-2011")), electionID: electionID,
            candidates: DemoGenerator.candidates)
    }
}

@Suite("Tabulation")
struct TabulationTests {
    @Test func summariesOfAHandMadeElection() throws {
        var tabulation = try TinyElection.tabulation()
        try tabulation.record(TinyElection.p1)
        try tabulation.record(TinyElection.p2)
        try tabulation.record(TinyElection.p3Broken)
        #expect(tabulation.outcome(ofPrecinct: "p3") == .quarantined)
        #expect(tabulation.outcome(ofPrecinct: "px") == nil)

        let district = try #require(tabulation.summary(of: "dis"))
        #expect(district.lines["voters_on_list"] == 1500)
        #expect(district.lines["ballots_issued"] == 1200)
        #expect(district.registeredVoters == 1500)
        #expect(district.turnoutVoters == 1200)
        #expect(district.turnout == 0.8)
        #expect(district.ballotsCast == 1198)
        #expect(district.invalidBallots == 10)
        #expect(district.validVotes == 1188)
        #expect(district.winnerBasis == 1198)
        #expect(district.candidates.map(\.candidateID) == ["akhmetbekov", "yeleusizov", "kasymov", "nazarbayev"])
        #expect(district.candidateVotes == ["akhmetbekov": 120, "yeleusizov": 118, "kasymov": 150, "nazarbayev": 800])
        #expect(district.candidates.last?.share == 800.0 / 1188.0)
        #expect(
            district.progress
                == TabulationProgress(
                    expected: 3, received: 2, accepted: 2, acceptedWithWarnings: 0, quarantined: 0, registeredVoters: 1700,
                    registeredVotersAccepted: 1500))
        #expect(district.progress.outstanding == 1)
        #expect(district.progress.registeredVotersNotAccepted == 200)
        #expect(!district.isPrecinct)

        // The quarantined protocol is received but its figures stay out.
        let region = try #require(tabulation.summary(of: "reg"))
        #expect(region.lines == district.lines)
        #expect(region.progress.expected == 4)
        #expect(region.progress.received == 3)
        #expect(region.progress.quarantined == 1)
        #expect(region.progress.registeredVotersNotAccepted == 1000)
        #expect(
            tabulation.summary(of: "cec")
                == {
                    var cec = region
                    cec.commissionID = "cec"
                    return cec
                }())
        let other = try #require(tabulation.summary(of: "dis2"))
        #expect(other.lines.values.allSatisfy { $0 == 0 })
        #expect(other.turnout == nil)
        #expect(other.candidates.allSatisfy { $0.share == nil })

        let precinct = try #require(tabulation.summary(of: "p1"))
        #expect(precinct.isPrecinct)
        #expect(precinct.lines == TinyElection.p1.lines)
        #expect(precinct.progress.accepted == 1)
        let quarantined = try #require(tabulation.summary(of: "p3"))
        #expect(quarantined.lines.values.allSatisfy { $0 == 0 })
        #expect(quarantined.progress.quarantined == 1)
        #expect(tabulation.summary(of: "nowhere") == nil)
        #expect(tabulation.commissionSummaries().map(\.commissionID) == ["cec", "reg", "dis", "dis2"])
        #expect(tabulation.recounted() == tabulation)
    }

    @Test func aNewVersionReplacesTheOld() throws {
        var tabulation = try TinyElection.tabulation()
        try tabulation.record(TinyElection.p3Broken)
        var corrected = TinyElection.p3Broken
        corrected.lines["ballots_unused"] = 208
        try tabulation.record(corrected)
        #expect(tabulation.outcome(ofPrecinct: "p3") == .accepted)
        var summary = try #require(tabulation.summary(of: "reg"))
        #expect(summary.progress.received == 1)
        #expect(summary.progress.accepted == 1)
        #expect(summary.progress.quarantined == 0)
        #expect(summary.lines["ballots_cast"] == 600)

        var recountedVotes = corrected
        recountedVotes.candidateVotes["nazarbayev"] = 450
        recountedVotes.candidateVotes["kasymov"] = 150
        try tabulation.record(recountedVotes)
        summary = try #require(tabulation.summary(of: "cec"))
        #expect(summary.candidateVotes["nazarbayev"] == 450)
        #expect(summary.progress.received == 1)

        // A quarantined replacement takes the accepted figures out again.
        try tabulation.record(TinyElection.p3Broken)
        summary = try #require(tabulation.summary(of: "cec"))
        #expect(summary.lines.values.allSatisfy { $0 == 0 })
        #expect(summary.progress.quarantined == 1)
        #expect(summary.progress.accepted == 0)
        #expect(tabulation.recounted() == tabulation)

        try tabulation.withdraw(precinctID: "p3")
        #expect(tabulation.outcome(ofPrecinct: "p3") == nil)
        #expect(tabulation.summary(of: "cec")?.progress.received == 0)
        #expect(tabulation == (try TinyElection.tabulation()))
    }

    @Test func refusedProtocolsChangeNothing() throws {
        var tabulation = try TinyElection.tabulation()
        try tabulation.record(TinyElection.p1)
        let before = tabulation
        var unknown = TinyElection.p2
        unknown.precinctID = "p99"
        #expect(
            throws: ProtocolRejection(
                code: .unknownPrecinct, field: "precinctID", message: "precinct 'p99' is not part of election '\(TinyElection.electionID)'")
        ) {
            try tabulation.record(unknown)
        }
        var otherElection = TinyElection.p2
        otherElection.electionID = "kz-2015"
        let wrong = #expect(throws: ProtocolRejection.self) { try tabulation.record(otherElection) }
        #expect(wrong?.code == .wrongElection)
        var missing = TinyElection.p2
        missing.lines["ballots_spoiled"] = nil
        let missingLine = #expect(throws: ProtocolRejection.self) { try tabulation.record(missing, assessment: .accepted) }
        #expect(missingLine?.code == .missingLine)
        var absurd = TinyElection.p1
        absurd.candidateVotes["nazarbayev"] = Int.max
        let tooLarge = #expect(throws: ProtocolRejection.self) { try tabulation.record(absurd, assessment: .accepted) }
        #expect(tooLarge?.code == .figureTooLarge)
        #expect(throws: ProtocolRejection.self) { try tabulation.withdraw(precinctID: "p99") }
        #expect(tabulation == before)
    }

    @Test(
        "Random elections: totals equal brute-force sums, incremental equals recount",
        arguments: [
            (1, "kz-2011"), (2, "kz-2011"), (3, "ru-2012"), (4, "kz-2011"), (5, "ru-2012"), (6, "kz-2011"), (7, "ru-2012"), (8, "kz-2011"),
        ] as [(UInt64, String)])
    func randomElections(seed: UInt64, profileID: String) throws {
        let profile = try LawProfile.bundled(profileID)
        let compiled = try CompiledProfile(profile)
        let election = RandomElection(seed: seed)
        let structure = try TabulationStructure(commissions: election.commissions, precincts: election.precincts)
        var tabulation = try Tabulation(
            structure: structure, profile: compiled, electionID: RandomElection.electionID, candidates: election.candidates)
        let maker = FigureMaker(profile: profile, candidates: election.candidates)
        var rng = SeededGenerator(seed: seed &* 7919)
        var current: [String: (ResultsProtocol, ProtocolAssessment)] = [:]
        let forcedQuarantine = ProtocolAssessment(failures: [
            ControlCheckResult(
                ruleID: "manual", expression: "1 = 0", severity: .error, left: 1, right: 0, tolerance: 0, article: "test",
                messages: LocalizedText("forced"), passed: false)
        ])

        func checkAgainstBruteForce() {
            let expected = BruteForceTotals.compute(election: election, profile: profile, current: current)
            for (id, totals) in expected {
                guard let summary = tabulation.summary(of: id) else {
                    Issue.record("no summary for \(id)")
                    continue
                }
                #expect(BruteForceTotals(summary) == totals, "\(id)")
            }
            for precinct in election.precincts {
                let summary = tabulation.summary(of: precinct.id)
                let counted = current[precinct.id].map { $0.1.outcome.counts } ?? false
                #expect(summary?.lines == (counted ? current[precinct.id]!.0.lines : summary?.lines.mapValues { _ in 0 }), "\(precinct.id)")
            }
        }

        guard !election.precincts.isEmpty else { return }
        let steps = election.precincts.count * 3
        for step in 0..<steps {
            let precinct = election.precincts.randomElement(using: &rng)!
            if rng.unit() < 0.08 {
                try tabulation.withdraw(precinctID: precinct.id)
                current[precinct.id] = nil
            } else {
                let resultsProtocol = maker.make(electionID: RandomElection.electionID, precinct: precinct, &rng)
                let assessment = rng.unit() < 0.1 ? forcedQuarantine : compiled.assess(resultsProtocol)
                try tabulation.record(resultsProtocol, assessment: assessment)
                current[precinct.id] = (resultsProtocol, assessment)
            }
            if step % 23 == 0 { checkAgainstBruteForce() }
        }
        checkAgainstBruteForce()
        #expect(tabulation.recounted() == tabulation)
        let fromScratch = try Tabulation.recount(
            structure: structure, profile: compiled, electionID: RandomElection.electionID, candidates: election.candidates,
            protocols: current.values.shuffled(using: &rng))
        #expect(fromScratch == tabulation)
        // The random scenario did exercise every kind of outcome.
        if steps > 60 {
            let outcomes = Set(current.values.map { $0.1.outcome })
            #expect(outcomes.contains(.accepted) && outcomes.contains(.quarantined), "\(outcomes)")
        }
    }

    @Test("The tabulating chain follows tabulating parents", arguments: [21, 22, 23] as [UInt64])
    func chains(seed: UInt64) throws {
        let election = RandomElection(seed: seed, precinctsPerDistrict: 3...8)
        let structure = try TabulationStructure(commissions: election.commissions, precincts: election.precincts)
        #expect(structure.precinctCount == election.precincts.count)
        #expect(structure.commissionCount == election.commissions.count - election.precincts.count)
        for precinct in election.precincts {
            #expect(structure.tabulatingChain(ofPrecinct: precinct.id) == election.chain(of: precinct))
            #expect(structure.tabulatingParent(of: precinct.id) == precinct.tabulatingCommissionID)
            #expect(structure.isPrecinct(precinct.id))
        }
        #expect(structure.tabulatingParent(of: "cec") == nil)
        #expect(structure.tabulatingChain(ofPrecinct: "cec") == nil)
    }

    @Test("The stations under a commission are those whose tabulating chain passes it", arguments: [31, 32, 33] as [UInt64])
    func stationsUnder(seed: UInt64) throws {
        let election = RandomElection(seed: seed, precinctsPerDistrict: 2...7)
        let structure = try TabulationStructure(commissions: election.commissions, precincts: election.precincts)
        for commission in structure.commissionIDs {
            // The reference: every station whose chain (from its tabulating commission up) names it.
            let expected = election.precincts.filter { election.chain(of: $0).contains(commission) }.map(\.id)
            #expect(structure.precinctIDs(tabulatedUnder: commission) == expected, "\(commission)")
        }
        #expect(structure.precinctIDs(tabulatedUnder: "cec").count == election.precincts.count)
        let station = try #require(election.precincts.first)
        #expect(structure.precinctIDs(tabulatedUnder: station.id) == [station.id])
        #expect(structure.precinctIDs(tabulatedUnder: "nobody").isEmpty)
    }

    @Test func aStationAbroadCountsUnderTheDistrictThatTabulatesIt() throws {
        let structure = try TabulationStructure(commissions: TinyElection.commissions, precincts: TinyElection.precincts)
        #expect(structure.precinctIDs(tabulatedUnder: "dis") == ["p1", "p2", "px"])
        #expect(structure.precinctIDs(tabulatedUnder: "dis2") == ["p3"])
        #expect(structure.precinctIDs(tabulatedUnder: "reg") == ["p1", "p2", "p3", "px"])
    }

    @Test func laterVersionsWinInAFullRecount() throws {
        let empty = try TinyElection.tabulation()
        var corrected = TinyElection.p3Broken
        corrected.lines["ballots_unused"] = 208
        let compiled = empty.profile
        let protocols = [TinyElection.p3Broken, TinyElection.p1, corrected].map { ($0, compiled.assess($0)) }
        let recount = try Tabulation.recount(
            structure: empty.structure, profile: compiled, electionID: TinyElection.electionID, candidates: DemoGenerator.candidates,
            protocols: protocols)
        var incremental = empty
        for (resultsProtocol, assessment) in protocols { try incremental.record(resultsProtocol, assessment: assessment) }
        #expect(recount == incremental)
        #expect(recount.outcome(ofPrecinct: "p3") == .accepted)
    }

    @Test func stationsAbroadCountUnderEsilInTheNationalDemo() throws {
        let profile = try LawProfile.bundled("kz-2011")
        var tabulation = try Tabulation(nationalDemo, profile: profile)
        let maker = FigureMaker(profile: profile, candidates: DemoGenerator.candidates)
        var rng = SeededGenerator(seed: 2011)
        var votersByTabulator: [String: Int] = [:]
        for precinct in nationalDemo.precincts {
            var resultsProtocol = maker.make(electionID: DemoGenerator.electionID, precinct: precinct, &rng)
            resultsProtocol.lines["voters_on_list"] = precinct.registeredVoters
            try tabulation.record(resultsProtocol, assessment: .accepted)
            votersByTabulator[precinct.tabulatingCommissionID, default: 0] += precinct.registeredVoters
        }
        let esil = try #require(nationalDemo.commissions.first { $0.name.en == "Esil district territorial election commission" })
        let abroad = nationalDemo.precincts.filter { $0.kind == PrecinctKind.abroadID }
        #expect(abroad.count == 35)
        for precinct in abroad {
            #expect(tabulation.structure.tabulatingChain(ofPrecinct: precinct.id) == [esil.id, "tec-ast", "cec"])
        }
        let esilSummary = try #require(tabulation.summary(of: esil.id))
        let domestic = nationalDemo.precincts.filter { $0.tabulatingCommissionID == esil.id && $0.kind != PrecinctKind.abroadID }
        #expect(esilSummary.progress.expected == domestic.count + 35)
        #expect(esilSummary.lines["voters_on_list"] == votersByTabulator[esil.id])
        #expect(esilSummary.registeredVoters == domestic.map(\.registeredVoters).reduce(0, +) + DemoGenerator.abroadVoters)
        // Every station is counted exactly once at the regional level and at the CEC.
        let regionalIDs = Set(nationalDemo.commissions.filter { $0.level == "regional" }.map(\.id))
        let regional = tabulation.commissionSummaries().filter { regionalIDs.contains($0.commissionID) }
        #expect(regional.count == 16)
        #expect(regional.map(\.progress.expected).reduce(0, +) == 9_700)
        let cec = try #require(tabulation.summary(of: "cec"))
        #expect(cec.progress.expected == 9_700)
        #expect(cec.progress.isComplete)
        #expect(cec.registeredVoters == DemoGenerator.nationalRegisteredVoters)
        #expect(cec.lines["ballots_cast"] == regional.map { $0.lines["ballots_cast"]! }.reduce(0, +))
        #expect(tabulation.recounted() == tabulation)
    }

    struct BadStructure: Sendable, CustomTestStringConvertible {
        let reason: String
        let commissions: [Commission]
        let precincts: [Precinct]
        init(_ reason: String, _ commissions: [Commission], _ precincts: [Precinct]) {
            self.reason = reason
            self.commissions = commissions
            self.precincts = precincts
        }
        var testDescription: String { reason }
    }

    static let badStructures: [BadStructure] = {
        let c = TinyElection.commissions
        let p = TinyElection.precincts
        func commission(_ id: String, _ parent: String?) -> Commission {
            Commission(id: id, level: "district", parentID: parent, name: LocalizedText(id))
        }
        return [
            BadStructure("commission twice", c + [commission("dis", "reg")], p),
            BadStructure("precinct commission twice", c + [c[4]], p),
            BadStructure("precinct twice", c, p + [p[0]]),
            BadStructure("unknown parent", c + [commission("dis3", "ghost")], p),
            BadStructure("parent is a precinct", c + [commission("dis3", "p1")], p),
            BadStructure("cycle", c + [commission("a", "b"), commission("b", "a")], p),
            BadStructure("second root", c + [commission("cec2", nil)], p),
            BadStructure("no root", c.filter { $0.id != "cec" }.map { $0.id == "reg" ? commission("reg", "dis") : $0 }, p),
            BadStructure("station without commission", c, p + [TinyElection.precinct("p4", 10, "dis")]),
            BadStructure("unknown tabulator", c, [TinyElection.precinct("p1", 10, "ghost")] + p.dropFirst()),
            BadStructure("precinct tabulator", c, [TinyElection.precinct("p1", 10, "p2")] + p.dropFirst()),
            BadStructure("negative voters", c, [TinyElection.precinct("p1", -1, "dis")] + p.dropFirst()),
        ]
    }()

    @Test("Malformed structures are refused", arguments: badStructures)
    func badStructure(_ bad: BadStructure) {
        let error = #expect(throws: ElectionStructure.Problem.self, "\(bad.reason)") {
            try TabulationStructure(commissions: bad.commissions, precincts: bad.precincts)
        }
        #expect(error?.problem.isEmpty == false)
    }

    @Test func structureOrderDoesNotMatter() throws {
        let forward = try TabulationStructure(commissions: TinyElection.commissions, precincts: TinyElection.precincts)
        let backward = try TabulationStructure(commissions: TinyElection.commissions.reversed(), precincts: TinyElection.precincts)
        for precinct in TinyElection.precincts {
            #expect(forward.tabulatingChain(ofPrecinct: precinct.id) == backward.tabulatingChain(ofPrecinct: precinct.id))
        }
        var tabulation = try Tabulation(
            structure: backward, profile: CompiledProfile(LawProfile.bundled("kz-2011")), electionID: TinyElection.electionID,
            candidates: DemoGenerator.candidates)
        try tabulation.record(TinyElection.p1)
        #expect(tabulation.summary(of: "cec")?.lines == TinyElection.p1.lines)
    }
}
