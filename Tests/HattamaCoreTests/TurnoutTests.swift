import HattamaCore
import HattamaDemo
import Testing

private let kazakhProfile = try! LawProfile.bundled("kz-2011")

private func tinyTurnout() throws -> TurnoutTabulation {
    TurnoutTabulation(
        structure: try TabulationStructure(commissions: TinyElection.commissions, precincts: TinyElection.precincts),
        profile: kazakhProfile, electionID: TinyElection.electionID)
}

private func report(_ precinctID: String, _ time: String, _ voters: Int, election: String = TinyElection.electionID) -> TurnoutReport {
    TurnoutReport(electionID: election, precinctID: precinctID, time: time, voters: voters)
}

struct TurnoutCase: Sendable, CustomTestStringConvertible {
    let name: String
    let report: TurnoutReport
    let code: TurnoutRejection.Code
    let field: String
    var testDescription: String { name }
}

@Suite("Turnout during the day")
struct TurnoutTests {
    static let cases: [TurnoutCase] = [
        TurnoutCase(name: "time not reported by law", report: report("p1", "11:00", 10), code: .unknownTime, field: "time"),
        TurnoutCase(name: "not a time", report: report("p1", "25:00", 10), code: .unknownTime, field: "time"),
        TurnoutCase(name: "closing time is not an intraday time", report: report("p1", "20:00", 10), code: .unknownTime, field: "time"),
        TurnoutCase(name: "negative voters", report: report("p1", "10:00", -1), code: .negativeFigure, field: "voters"),
        TurnoutCase(name: "more voters than registered", report: report("p2", "18:30", 501), code: .aboveRegistered, field: "voters"),
        TurnoutCase(name: "empty precinct id", report: report("", "10:00", 1), code: .emptyID, field: "precinctID"),
        TurnoutCase(
            name: "oversized precinct id", report: report(String(repeating: "x", count: 65), "10:00", 1), code: .idTooLong,
            field: "precinctID"),
        TurnoutCase(name: "control character", report: report("p\u{7}", "10:00", 1), code: .controlCharacters, field: "precinctID"),
        TurnoutCase(name: "unknown precinct", report: report("p99", "10:00", 1), code: .unknownPrecinct, field: "precinctID"),
        TurnoutCase(
            name: "other election", report: report("p1", "10:00", 1, election: "kz-2015"), code: .wrongElection, field: "electionID"),
        TurnoutCase(name: "fewer than at 10:00", report: report("p1", "13:00", 99), code: .notCumulative, field: "voters"),
        TurnoutCase(name: "more than at 16:00", report: report("p1", "13:00", 401), code: .notCumulative, field: "voters"),
    ]

    @Test("Impossible reports are refused", arguments: cases)
    func rejection(_ testCase: TurnoutCase) throws {
        var turnout = try tinyTurnout()
        try turnout.record(report("p1", "10:00", 100))
        try turnout.record(report("p1", "16:00", 400))
        let before = turnout
        let error = #expect(throws: TurnoutRejection.self) { try turnout.record(testCase.report) }
        #expect(error?.code == testCase.code)
        #expect(error?.field == testCase.field)
        #expect(error?.message.isEmpty == false)
        #expect(turnout == before)
    }

    @Test func everyCodeIsExercised() {
        #expect(Set(Self.cases.map(\.code)) == Set(TurnoutRejection.Code.allCases))
    }

    @Test func reportValidationOnItsOwn() throws {
        try report("p1", "18:30", 1000).validate(profile: kazakhProfile, registeredVoters: 1000)
        try report("p1", "10:00", 0).validate(profile: kazakhProfile, registeredVoters: 0)
        #expect(throws: TurnoutRejection.self) { try report("p1", "10:00", 1).validate(profile: kazakhProfile, registeredVoters: 0) }
        let russian = try LawProfile.bundled("ru-2012")
        try report("p1", "12:00", 5).validate(profile: russian, registeredVoters: 10)
        #expect(throws: TurnoutRejection.self) { try report("p1", "13:00", 5).validate(profile: russian, registeredVoters: 10) }
    }

    @Test func aggregationAndComparisonWithTheFinalTurnout() throws {
        var turnout = try tinyTurnout()
        for (time, voters) in [("10:00", 150), ("13:00", 400), ("16:00", 650), ("18:30", 760)] {
            try turnout.record(report("p1", time, voters))
        }
        for (time, voters) in [("10:00", 50), ("13:00", 180), ("18:30", 390)] { try turnout.record(report("p2", time, voters)) }
        try turnout.record(report("px", "18:30", 120))
        // A correction replaces the earlier figure.
        try turnout.record(report("p2", "13:00", 200))

        let district = try #require(turnout.summary(of: "dis"))
        #expect(district.points.map(\.time) == ["10:00", "13:00", "16:00", "18:30"])
        #expect(district.points.map(\.voters) == [200, 600, 650, 1_270])
        #expect(district.points.map(\.reportingPrecincts) == [2, 2, 1, 3])
        #expect(district.points.map(\.registeredVoters) == [1_500, 1_500, 1_000, 1_700])
        #expect(district.points.allSatisfy { $0.expectedPrecincts == 3 })
        #expect(district.points[2].share == 0.65)
        #expect(district.final == nil)
        let cec = try #require(turnout.summary(of: "cec"))
        #expect(cec.points.map(\.voters) == district.points.map(\.voters))
        #expect(cec.points.allSatisfy { $0.expectedPrecincts == 4 })
        #expect(try #require(turnout.summary(of: "dis2")).points.allSatisfy { $0.share == nil && $0.reportingPrecincts == 0 })

        // The final figure comes from the results: voters who received ballots over voters on the lists.
        var results = try TinyElection.tabulation()
        try results.record(TinyElection.p1)
        try results.record(TinyElection.p2)
        let withFinal = try #require(turnout.summary(of: "dis", final: results.summary(of: "dis")))
        let final = try #require(withFinal.final)
        #expect(final.time == kazakhProfile.calendar.votingCloses)
        #expect(final.voters == 1_200)
        #expect(final.registeredVoters == 1_500)
        #expect(final.share == 0.8)
        #expect(final.reportingPrecincts == 2)
        let p1 = try #require(turnout.summary(of: "p1", final: results.summary(of: "p1")))
        #expect(p1.points.map(\.voters) == [150, 400, 650, 760])
        #expect(p1.points.compactMap(\.share).allSatisfy { $0 <= p1.final!.share! })
        #expect(turnout.summary(of: "nowhere") == nil)
        #expect(turnout.recounted() == turnout)
    }

    @Test("Random reports: totals equal brute-force sums, incremental equals recount", arguments: [31, 32, 33, 34] as [UInt64])
    func randomReports(seed: UInt64) throws {
        let election = RandomElection(seed: seed)
        let structure = try TabulationStructure(commissions: election.commissions, precincts: election.precincts)
        var turnout = TurnoutTabulation(structure: structure, profile: kazakhProfile, electionID: RandomElection.electionID)
        let times = kazakhProfile.turnoutReportingTimes
        var rng = SeededGenerator(seed: seed)
        // Current figure per precinct and time; nil if not reported.
        var current: [String: [Int?]] = [:]
        for precinct in election.precincts { current[precinct.id] = Array(repeating: nil, count: times.count) }
        guard !election.precincts.isEmpty else { return }
        for _ in 0..<election.precincts.count * 5 {
            let precinct = election.precincts.randomElement(using: &rng)!
            let t = Int.random(in: 0..<times.count, using: &rng)
            let figures = current[precinct.id]!
            let low = figures[..<t].compactMap { $0 }.last ?? 0
            let high = figures[(t + 1)...].compactMap { $0 }.first ?? precinct.registeredVoters
            // Mostly consistent reports, sometimes one that must be refused.
            let voters = rng.unit() < 0.1 ? high + 1 : Int.random(in: low...high, using: &rng)
            do {
                try turnout.record(
                    TurnoutReport(electionID: RandomElection.electionID, precinctID: precinct.id, time: times[t], voters: voters))
                current[precinct.id]![t] = voters
                #expect(voters <= high)
            } catch {
                #expect(voters > high, "\(error)")
            }
        }
        for commission in election.commissions where !structure.isPrecinct(commission.id) {
            let summary = try #require(turnout.summary(of: commission.id))
            let below = election.precincts.filter { election.chain(of: $0).contains(commission.id) }
            for (t, point) in summary.points.enumerated() {
                let reporting = below.filter { current[$0.id]![t] != nil }
                #expect(point.voters == reporting.map { current[$0.id]![t]! }.reduce(0, +), "\(commission.id) \(times[t])")
                #expect(point.reportingPrecincts == reporting.count)
                #expect(point.registeredVoters == reporting.map(\.registeredVoters).reduce(0, +))
                #expect(point.expectedPrecincts == below.count)
            }
        }
        #expect(turnout.recounted() == turnout)
    }
}
