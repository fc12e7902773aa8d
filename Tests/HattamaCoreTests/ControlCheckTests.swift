import HattamaCore
import HattamaDemo
import Testing

/// A protocol from control-rule fixture figures, with candidate ids c1, c2, …
func fixtureProtocol(_ figures: Figures) -> ResultsProtocol {
    ResultsProtocol(
        electionID: "e", precinctID: "p", lines: figures.lines,
        candidateVotes: Dictionary(uniqueKeysWithValues: figures.candidates.enumerated().map { ("c\($0.offset + 1)", $0.element) }))
}

@Suite("Control checks and protocol assessment")
struct ControlCheckTests {
    static let kazakh = try! CompiledProfile(LawProfile.bundled("kz-2011"))
    static let russian = try! CompiledProfile(LawProfile.bundled("ru-2012"))

    @Test(
        "Consistent protocols are accepted",
        arguments: [("kz-2011", KazakhstanFigures.consistent), ("ru-2012", RussiaFigures.consistent)] as [(String, Figures)])
    func consistentIsAccepted(profileID: String, figures: Figures) {
        let compiled = profileID == "kz-2011" ? Self.kazakh : Self.russian
        let assessment = compiled.assess(fixtureProtocol(figures))
        #expect(assessment.outcome == .accepted)
        #expect(assessment.failures.isEmpty)
        let all = compiled.check(fixtureProtocol(figures))
        #expect(all.map(\.ruleID) == compiled.profile.controls.map(\.id))
        #expect(all.allSatisfy { $0.passed })
    }

    @Test("Each Kazakh control fails alone, with the outcome its severity gives", arguments: KazakhstanFigures.breaches)
    func kazakhBreach(_ breach: Breach) throws {
        try checkBreach(breach, Self.kazakh, KazakhstanFigures.consistent)
    }

    @Test("Each Russian control fails alone, with the outcome its severity gives", arguments: RussiaFigures.breaches)
    func russianBreach(_ breach: Breach) throws {
        try checkBreach(breach, Self.russian, RussiaFigures.consistent)
    }

    func checkBreach(_ breach: Breach, _ compiled: CompiledProfile, _ consistent: Figures) throws {
        let figures = consistent.with(breach.lines, candidates: breach.candidates)
        let assessment = compiled.assess(fixtureProtocol(figures))
        let rule = try #require(compiled.profile.controls.first { $0.id == breach.ruleID })
        #expect(assessment.failures.map(\.ruleID) == [breach.ruleID])
        #expect(assessment.outcome == (rule.severity == .error ? .quarantined : .acceptedWithWarnings))
        #expect(assessment.outcome.counts == (rule.severity == .warning))
        let failure = try #require(assessment.failures.first)
        #expect(!failure.passed)
        #expect(failure.expression == rule.expression)
        #expect(failure.severity == rule.severity)
        #expect(failure.article == rule.article)
        #expect(failure.messages == rule.messages)
        #expect(failure.tolerance == (rule.tolerance ?? 0))
        // The sides are those of the interpreter in ControlExpression.
        let expression = try rule.parsed()
        let sides = expression.evaluate(lines: figures.lines, candidateVotes: figures.candidates)
        #expect(failure.left == sides.left)
        #expect(failure.right == sides.right)
    }

    @Test func anErrorWinsOverWarnings() {
        // KZ-C1 (error) and KZ-W3 (warning) together.
        let figures = KazakhstanFigures.consistent.with(["ballots_received": 1100])
        let assessment = Self.kazakh.assess(fixtureProtocol(figures))
        #expect(assessment.failures.map(\.ruleID) == ["KZ-C1", "KZ-W3"])
        #expect(assessment.outcome == .quarantined)
    }

    @Test func twoWarningsAreStillAccepted() {
        // KZ-W1 (over 5% invalid) and KZ-W2 (more than 5 issued ballots missing from the boxes).
        let figures = KazakhstanFigures.consistent.with(["ballots_cast": 790, "invalid_ballots": 50], candidates: [652, 50, 20, 18])
        let assessment = Self.kazakh.assess(fixtureProtocol(figures))
        #expect(assessment.failures.map(\.ruleID) == ["KZ-W1", "KZ-W2"])
        #expect(assessment.outcome == .acceptedWithWarnings)
    }

    @Test func assessmentFromFailuresDecidesTheOutcome() {
        let warning = ControlCheckResult(
            ruleID: "W", expression: "a <= b", severity: .warning, left: 2, right: 1, tolerance: 0, article: "x",
            messages: LocalizedText("w"), passed: false)
        var error = warning
        error.severity = .error
        var passed = error
        passed.passed = true
        #expect(ProtocolAssessment(failures: []).outcome == .accepted)
        #expect(ProtocolAssessment(failures: [passed]) == .accepted)
        #expect(ProtocolAssessment(failures: [warning]).outcome == .acceptedWithWarnings)
        #expect(ProtocolAssessment(failures: [warning, error]).outcome == .quarantined)
        #expect(ProtocolOutcome.acceptedWithWarnings.rawValue == "accepted-with-warnings")
    }

    /// The compiled evaluator must agree with the interpreter on any figures, sane or absurd.
    @Test(
        "Compiled controls agree with the interpreter", arguments: [("kz-2011", 1), ("ru-2012", 2), ("kz-2011", 3)] as [(String, UInt64)])
    func compiledAgreesWithInterpreter(profileID: String, seed: UInt64) throws {
        let compiled = profileID == "kz-2011" ? Self.kazakh : Self.russian
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            var lines: [String: Int] = [:]
            for line in compiled.lineIDs where rng.unit() < 0.95 {
                lines[line] = rng.unit() < 0.02 ? Int.random(in: Int.min...Int.max, using: &rng) : Int.random(in: -10...2000, using: &rng)
            }
            let votes = (0..<Int.random(in: 0...5, using: &rng)).map { _ in Int.random(in: 0...800, using: &rng) }
            let resultsProtocol = ResultsProtocol(
                electionID: "e", precinctID: "p", lines: lines,
                candidateVotes: Dictionary(uniqueKeysWithValues: votes.enumerated().map { ("c\($0.offset)", $0.element) }))
            let results = compiled.check(resultsProtocol)
            for (rule, result) in zip(compiled.profile.controls, results) {
                let expression = try rule.parsed()
                let sides = expression.evaluate(lines: lines, candidateVotes: votes)
                #expect(result.left == sides.left && result.right == sides.right, "\(rule.id)")
                let tolerance = rule.tolerance ?? 0
                // The interpreter's `holds` traps on overflow; only compare where it is defined.
                if sides.left.magnitude < 1 << 60, sides.right.magnitude < 1 << 60 {
                    #expect(result.passed == expression.holds(left: sides.left, right: sides.right, tolerance: tolerance), "\(rule.id)")
                }
            }
        }
    }

    @Test func derivedFiguresOfTheForm() throws {
        let lines = KazakhstanFigures.consistent.lines
        let values = Self.kazakh.lineIDs.map { lines[$0]! }
        #expect(Self.kazakh.validVotes.evaluate(lines: values, candidateSum: 0) == 788)
        #expect(Self.kazakh.turnout.evaluate(lines: values, candidateSum: 0) == 800)
        #expect(Self.kazakh.registeredVoters.evaluate(lines: values, candidateSum: 0) == 1000)
        #expect(Self.kazakh.winnerBasis.evaluate(lines: values, candidateSum: 0) == 798)
        let russian = RussiaFigures.consistent.lines
        let ruValues = Self.russian.lineIDs.map { russian[$0]! }
        #expect(Self.russian.ballotsIssued.evaluate(lines: ruValues, candidateSum: 0) == 1260)
        #expect(Self.russian.winnerBasis.evaluate(lines: ruValues, candidateSum: 0) == 1253)
    }

    @Test func aHandBuiltProfileWithABadExpressionDoesNotCompile() throws {
        var profile = try LawProfile.bundled("kz-2011")
        profile.controls[2].expression = "ballots_cast <= ghost_line"
        let error = #expect(throws: CompiledProfile.Problem.self) { try CompiledProfile(profile) }
        #expect(error?.message.contains("controls[2].expression") == true)
        #expect(error?.message.contains("ghost_line") == true)
        var broken = try LawProfile.bundled("kz-2011")
        broken.protocolForm.turnout = "ballots_issued +"
        let syntax = #expect(throws: CompiledProfile.Problem.self) { try CompiledProfile(broken) }
        #expect(syntax?.message.hasPrefix("protocolForm.turnout") == true)
    }
}
