import Foundation
import HattamaCore
import HattamaDemo
import Testing

/// The national demo with its protocols, assessments and turnout reports, built once.
private struct DemoResultsFixture: Sendable {
    let structure: ElectionStructure
    let profile: LawProfile
    let compiled: CompiledProfile
    let demo: DemoResults
    let protocols: [ResultsProtocol]
    let assessments: [ProtocolAssessment]
    let reports: [TurnoutReport]

    init(scale: DemoScale, seed: UInt64 = DemoResults.defaultSeed) throws {
        structure = DemoGenerator(scale: scale).generate()
        profile = try LawProfile.bundled("kz-2011")
        compiled = try CompiledProfile(profile)
        demo = DemoResults(structure: structure, profile: profile, seed: seed)
        protocols = demo.protocols()
        assessments = protocols.map(compiled.assess)
        reports = demo.turnoutReports()
    }

    var precinctsByID: [String: Precinct] { Dictionary(uniqueKeysWithValues: structure.precincts.map { ($0.id, $0) }) }
}

private let national = Result { try DemoResultsFixture(scale: .kz2011) }
private let small = Result { try DemoResultsFixture(scale: .small) }

/// Official 2011 shares of valid votes, percent (law brief §3.2).
private let officialShares: [String: Double] = ["nazarbayev": 95.55, "kasymov": 1.94, "akhmetbekov": 1.36, "yeleusizov": 1.15]

/// The kz-2011 control each deliberate irregularity must trip.
private let expectedRule: [DemoResults.Anomaly: String] = [
    .ballotStuffing: "KZ-C3", .unbalancedBallots: "KZ-C1", .votesDoNotAddUp: "KZ-C4", .moreIssuedThanListed: "KZ-C2",
    .transposedDigits: "KZ-C4", .highInvalidShare: "KZ-W1", .ballotsMissingFromBoxes: "KZ-W2", .excessBallotsReceived: "KZ-W3",
]

@Suite("Demo results")
struct DemoResultsTests {
    @Test func oneProtocolPerPrecinctInStructureOrder() throws {
        let f = try national.get()
        #expect(f.protocols.count == DemoGenerator.nationalPrecincts)
        #expect(f.protocols.map(\.precinctID) == f.structure.precincts.map(\.id))
        #expect(f.protocols.allSatisfy { $0.electionID == DemoGenerator.electionID })
        let lineIDs = Set(f.profile.protocolForm.lines.map(\.id))
        #expect(f.protocols.allSatisfy { Set($0.lines.keys) == lineIDs })
        #expect(f.protocols.allSatisfy { Set($0.candidateVotes.keys) == ["akhmetbekov", "yeleusizov", "kasymov", "nazarbayev"] })
        #expect(DemoResults.supports(f.profile))
    }

    @Test func everyProtocolValidates() throws {
        let f = try national.get()
        var refused: [String] = []
        for resultsProtocol in f.protocols {
            do {
                try resultsProtocol.validate(profile: f.profile, candidates: f.structure.candidates)
            } catch {
                refused.append("\(resultsProtocol.precinctID): \(error)")
            }
        }
        #expect(refused.isEmpty, "\(refused.prefix(5))")
    }

    @Test func exactlyTheHandfulOfDeliberateErrorsIsQuarantined() throws {
        let f = try national.get()
        let precincts = f.precinctsByID
        let quarantined = zip(f.protocols, f.assessments).filter { $0.1.outcome == .quarantined }
        #expect(quarantined.count == DemoResults.quarantinedPrecinctCount)
        #expect(quarantined.map(\.0.precinctID) == f.demo.quarantinedPrecinctIDs)
        for (resultsProtocol, assessment) in quarantined {
            let precinct = try #require(precincts[resultsProtocol.precinctID])
            #expect(precinct.kind != PrecinctKind.abroadID)
            #expect(precinct.kind == PrecinctKind.ordinaryID)
            let anomaly = try #require(f.demo.anomalies[resultsProtocol.precinctID])
            #expect(anomaly.quarantines)
            #expect(assessment.failures.contains { $0.ruleID == expectedRule[anomaly] && $0.severity == .error })
        }
        // One of each kind of error.
        let kinds = Set(f.demo.quarantinedPrecinctIDs.compactMap { f.demo.anomalies[$0] })
        #expect(kinds == Set(DemoResults.Anomaly.allCases.filter(\.quarantines)))
    }

    @Test func warningsAreRareAndDeliberate() throws {
        let f = try national.get()
        let warned = zip(f.protocols, f.assessments).filter { $0.1.outcome == .acceptedWithWarnings }
        #expect(warned.count == DemoResults.warningPrecinctCount)
        #expect(Double(warned.count) < 0.01 * Double(f.protocols.count))
        #expect(warned.map(\.0.precinctID) == f.demo.warningPrecinctIDs)
        for (resultsProtocol, assessment) in warned {
            let anomaly = try #require(f.demo.anomalies[resultsProtocol.precinctID])
            #expect(!anomaly.quarantines)
            #expect(assessment.failures.map(\.ruleID) == [expectedRule[anomaly]])
            #expect(assessment.failures.allSatisfy { $0.severity == .warning })
        }
        let accepted = f.assessments.filter { $0.outcome == .accepted }.count
        #expect(accepted + warned.count + DemoResults.quarantinedPrecinctCount == f.protocols.count)
        #expect(f.demo.anomalies.count == DemoResults.quarantinedPrecinctCount + DemoResults.warningPrecinctCount)
    }

    @Test func ordinaryProtocolsAreConsistentAndRealistic() throws {
        let f = try national.get()
        let precincts = f.precinctsByID
        for resultsProtocol in f.protocols where f.demo.anomalies[resultsProtocol.precinctID] == nil {
            let l = resultsProtocol.lines
            let voters = try #require(l["voters_on_list"])
            let precinct = try #require(precincts[resultsProtocol.precinctID])
            #expect(voters == precinct.registeredVoters)
            // Voters plus a 1% reserve, rounded up.
            #expect(l["ballots_received"] == voters + (voters + 99) / 100)
            #expect(l["ballots_received"] == l["ballots_issued"]! + l["ballots_spoiled"]! + l["ballots_unused"]!)
            #expect((0...2).contains(l["ballots_issued"]! - l["ballots_cast"]!))
            #expect(l["ballots_spoiled"]! <= 10)
            let votes = resultsProtocol.candidateVotes.values.reduce(0, +)
            #expect(l["invalid_ballots"]! + votes == l["ballots_cast"]!)
        }
        // About 0.5% invalid nationally.
        let cast = f.protocols.reduce(0) { $0 + $1.lines["ballots_cast"]! }
        let invalid = f.protocols.reduce(0) { $0 + $1.lines["invalid_ballots"]! }
        #expect((0.003...0.007).contains(Double(invalid) / Double(cast)))
    }

    @Test func turnoutAndSharesVaryByPrecinctAndRegion() throws {
        let f = try national.get()
        let precincts = f.precinctsByID
        func turnout(_ protocols: [ResultsProtocol]) -> Double {
            Double(protocols.reduce(0) { $0 + $1.lines["ballots_issued"]! })
                / Double(protocols.reduce(0) { $0 + $1.lines["voters_on_list"]! })
        }
        func share(_ id: String, _ protocols: [ResultsProtocol]) -> Double {
            Double(protocols.reduce(0) { $0 + $1.candidateVotes[id]! })
                / Double(protocols.reduce(0) { $0 + $1.lines["ballots_cast"]! - $1.lines["invalid_ballots"]! })
        }
        let ordinary = f.protocols.filter { precincts[$0.precinctID]?.kind == PrecinctKind.ordinaryID }
        let special = f.protocols.filter {
            let kind = precincts[$0.precinctID]?.kind
            return kind != PrecinctKind.ordinaryID && kind != PrecinctKind.abroadID
        }
        #expect(turnout(special) > turnout(ordinary) + 0.03)
        let almaty = f.protocols.filter { $0.precinctID.hasPrefix("pec-alm-") }
        let south = f.protocols.filter { $0.precinctID.hasPrefix("pec-yko-") }
        #expect(turnout(almaty) < turnout(south))
        #expect(share("nazarbayev", almaty) < share("nazarbayev", south))
        // Precinct figures genuinely differ.
        let turnouts = Set(ordinary.map { Int(1000 * Double($0.lines["ballots_issued"]!) / Double($0.lines["voters_on_list"]!)) })
        #expect(turnouts.count > 100)
    }

    @Test func nationalTotalsMatchTheOfficialResult() throws {
        let f = try national.get()
        var tabulation = try Tabulation(f.structure, profile: f.profile)
        for (resultsProtocol, assessment) in zip(f.protocols, f.assessments) {
            try tabulation.record(resultsProtocol, assessment: assessment)
        }
        let cec = try #require(tabulation.summary(of: "cec"))
        #expect(cec.progress.accepted == f.protocols.count - DemoResults.quarantinedPrecinctCount)
        #expect(cec.progress.quarantined == DemoResults.quarantinedPrecinctCount)

        // A plain sum over the counted protocols agrees with the tabulation.
        let counted = zip(f.protocols, f.assessments).filter { $0.1.outcome.counts }.map(\.0)
        var lines: [String: Int] = [:]
        var votes: [String: Int] = [:]
        for resultsProtocol in counted {
            lines.merge(resultsProtocol.lines, uniquingKeysWith: +)
            votes.merge(resultsProtocol.candidateVotes, uniquingKeysWith: +)
        }
        #expect(cec.lines == lines)
        #expect(cec.candidateVotes == votes)

        let registered = try #require(lines["voters_on_list"])
        let issued = try #require(lines["ballots_issued"])
        let valid = lines["ballots_cast"]! - lines["invalid_ballots"]!
        #expect(cec.validVotes == valid)
        let turnout = 100 * Double(issued) / Double(registered)
        #expect(abs(turnout - 89.98) <= 0.3, "turnout \(turnout)")
        var measured: [String] = [String(format: "turnout %.3f%% (%d of %d)", turnout, issued, registered)]
        for (id, official) in officialShares.sorted(by: { $0.value > $1.value }) {
            let share = 100 * Double(votes[id]!) / Double(valid)
            #expect(abs(share - official) <= 0.1, "\(id): \(share)% against \(official)%")
            measured.append(String(format: "%@ %.3f%% (%d)", id, share, votes[id]!))
        }
        measured.append("valid \(valid), invalid \(lines["invalid_ballots"]!), cast \(lines["ballots_cast"]!)")
        print("DemoResults national figures: " + measured.joined(separator: "; "))
    }

    @Test func deterministicForASeed() throws {
        let f = try national.get()
        let again = DemoResults(structure: f.structure, profile: f.profile)
        #expect(again.protocols() == f.protocols)
        #expect(again.turnoutReports() == f.reports)
        #expect(again.anomalies == f.demo.anomalies)

        let other = DemoResults(structure: f.structure, profile: f.profile, seed: 7)
        let otherProtocols = other.protocols()
        #expect(otherProtocols != f.protocols)
        #expect(other.turnoutReports() != f.reports)
        // Still the same number of deliberate errors, elsewhere.
        let quarantined = otherProtocols.filter { f.compiled.assess($0).outcome == .quarantined }.map(\.precinctID)
        #expect(quarantined == other.quarantinedPrecinctIDs)
        #expect(quarantined.count == DemoResults.quarantinedPrecinctCount)
        #expect(quarantined != f.demo.quarantinedPrecinctIDs)
    }

    @Test func smallScaleWorks() throws {
        let f = try small.get()
        #expect(f.protocols.count == f.structure.precincts.count)
        #expect(f.protocols.map(\.precinctID) == f.structure.precincts.map(\.id))
        for resultsProtocol in f.protocols {
            try resultsProtocol.validate(profile: f.profile, candidates: f.structure.candidates)
        }
        let quarantined = zip(f.protocols, f.assessments).filter { $0.1.outcome == .quarantined }.map(\.0.precinctID)
        #expect(quarantined.count == DemoResults.quarantinedPrecinctCount)
        #expect(quarantined.allSatisfy { !$0.hasPrefix("pec-abroad-") })
        #expect(f.assessments.filter { $0.outcome == .acceptedWithWarnings }.count == DemoResults.warningPrecinctCount)
        #expect(f.reports.count == f.protocols.count * f.profile.turnoutReportingTimes.count)
        let precincts = f.precinctsByID
        for report in f.reports {
            try report.validate(profile: f.profile, registeredVoters: precincts[report.precinctID]!.registeredVoters)
        }
    }

    @Test func turnoutReportsValidateAndRiseThroughTheDay() throws {
        let f = try national.get()
        let times = f.profile.turnoutReportingTimes
        #expect(times == ["10:00", "13:00", "16:00", "18:30"])
        #expect(f.reports.count == f.protocols.count * times.count)
        let precincts = f.precinctsByID
        let issued = Dictionary(uniqueKeysWithValues: f.protocols.map { ($0.precinctID, $0.lines["ballots_issued"]!) })
        var problems: [String] = []
        var byPrecinct: [String: [TurnoutReport]] = [:]
        for report in f.reports {
            do {
                try report.validate(profile: f.profile, registeredVoters: precincts[report.precinctID]!.registeredVoters)
            } catch {
                problems.append("\(report.precinctID) \(report.time): \(error)")
            }
            byPrecinct[report.precinctID, default: []].append(report)
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(byPrecinct.count == f.protocols.count)
        for (id, reports) in byPrecinct {
            #expect(reports.map(\.time) == times)
            let figures = reports.map(\.voters)
            #expect(zip(figures, figures.dropFirst()).allSatisfy { $0 <= $1 }, "\(id): \(figures)")
            #expect(figures.allSatisfy { $0 <= issued[id]! }, "\(id): \(figures) against \(issued[id]!) issued")
            if issued[id]! > 0 { #expect(figures.last! < issued[id]!) }
        }
    }

    @Test func nationalIntradayTurnoutFollowsTheCEC() throws {
        let f = try national.get()
        var tabulation = TurnoutTabulation(
            structure: try TabulationStructure(f.structure), profile: f.profile, electionID: f.structure.election.id)
        for report in f.reports { try tabulation.record(report) }
        let summary = try #require(tabulation.summary(of: "cec"))
        let official: [String: Double] = ["10:00": 17, "13:00": 40.3, "16:00": 76.9, "18:30": 84]
        var measured: [String] = []
        for point in summary.points {
            #expect(point.reportingPrecincts == f.protocols.count)
            let share = 100 * (point.share ?? 0)
            measured.append(String(format: "%@ %.2f%%", point.time, share))
            if point.time == "10:00" {
                #expect((15...20).contains(share), "10:00: \(share)%")
            } else {
                #expect(abs(share - official[point.time]!) <= 2, "\(point.time): \(share)%")
            }
        }
        print("DemoResults intraday turnout: " + measured.joined(separator: ", "))
    }
}
