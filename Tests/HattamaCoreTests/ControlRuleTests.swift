import HattamaCore
import Testing

/// Protocol figures: the fixed lines by id plus the per-candidate votes.
struct Figures: Sendable {
    var lines: [String: Int]
    var candidates: [Int]

    func with(_ changes: [String: Int], candidates newCandidates: [Int]? = nil) -> Figures {
        Figures(lines: lines.merging(changes) { $1 }, candidates: newCandidates ?? candidates)
    }
}

/// A change to consistent figures meant to break exactly one control rule.
struct Breach: Sendable, CustomTestStringConvertible {
    let ruleID: String
    let lines: [String: Int]
    var candidates: [Int]? = nil
    var testDescription: String { ruleID }
}

enum KazakhstanFigures {
    static let consistent = Figures(
        lines: [
            "voters_on_list": 1000, "ballots_received": 1010, "ballots_issued": 800, "ballots_spoiled": 5,
            "ballots_unused": 205, "ballots_cast": 798, "invalid_ballots": 10,
        ],
        candidates: [700, 50, 20, 18])

    static let breaches: [Breach] = [
        Breach(ruleID: "KZ-C1", lines: ["ballots_unused": 206]),
        // Fewer voters alone would also trip the 1% reserve warning, so fewer ballots are received too.
        Breach(ruleID: "KZ-C2", lines: ["voters_on_list": 799, "ballots_received": 810, "ballots_unused": 5]),
        Breach(ruleID: "KZ-C3", lines: ["ballots_cast": 801], candidates: [703, 50, 20, 18]),
        Breach(ruleID: "KZ-C4", lines: [:], candidates: [701, 50, 20, 18]),
        Breach(ruleID: "KZ-W3", lines: ["ballots_received": 1100, "ballots_unused": 295]),
        Breach(ruleID: "KZ-W1", lines: ["invalid_ballots": 50], candidates: [660, 50, 20, 18]),
        Breach(ruleID: "KZ-W2", lines: ["ballots_cast": 794], candidates: [696, 50, 20, 18]),
    ]
}

enum RussiaFigures {
    static let consistent = Figures(
        lines: [
            "voters_on_list": 2000, "ballots_received": 1800,
            "ballots_issued_early": 10, "ballots_issued_in_premises": 1200, "ballots_issued_outside": 50,
            "ballots_cancelled": 540, "ballots_in_mobile_boxes": 48, "ballots_in_stationary_boxes": 1205,
            "invalid_ballots": 13, "valid_ballots": 1240,
            "avc_received": 100, "avc_issued_at_pec": 30, "voted_with_avc": 28, "avc_cancelled": 69,
            "avc_issued_by_tec": 40, "avc_lost": 1, "ballots_lost": 2, "ballots_unaccounted": 2,
        ],
        candidates: [800, 220, 100, 80, 40])

    static let breaches: [Breach] = [
        Breach(ruleID: "RU-1", lines: ["voters_on_list": 1259]),
        Breach(ruleID: "RU-2", lines: ["ballots_received": 1801]),
        Breach(ruleID: "RU-3", lines: ["invalid_ballots": 14]),
        Breach(ruleID: "RU-4", lines: [:], candidates: [801, 220, 100, 80, 40]),
        Breach(ruleID: "RU-5", lines: ["avc_received": 101]),
        Breach(ruleID: "RU-W1", lines: ["ballots_in_stationary_boxes": 1213, "valid_ballots": 1248], candidates: [808, 220, 100, 80, 40]),
        Breach(ruleID: "RU-W2", lines: ["ballots_in_mobile_boxes": 51, "ballots_in_stationary_boxes": 1202]),
    ]
}

@Suite("Control rules of the bundled profiles")
struct ControlRuleTests {
    @Test(
        "The fixture figures give every line of the form",
        arguments: [("kz-2011", KazakhstanFigures.consistent), ("ru-2012", RussiaFigures.consistent)] as [(String, Figures)])
    func figuresCoverTheForm(profileID: String, figures: Figures) throws {
        let profile = try LawProfile.bundled(profileID)
        #expect(Set(figures.lines.keys) == Set(profile.protocolForm.lines.map(\.id)))
    }

    @Test(
        "Consistent figures satisfy every control",
        arguments: [("kz-2011", KazakhstanFigures.consistent), ("ru-2012", RussiaFigures.consistent)] as [(String, Figures)])
    func consistentFiguresPass(profileID: String, figures: Figures) throws {
        let profile = try LawProfile.bundled(profileID)
        for rule in profile.controls {
            let expression = try rule.parsed()
            let (left, right) = expression.evaluate(lines: figures.lines, candidateVotes: figures.candidates)
            #expect(expression.holds(left: left, right: right, tolerance: rule.tolerance ?? 0), "\(rule.id): \(left) vs \(right)")
        }
        // The form's derived figures agree with the candidate lines.
        let form = profile.protocolForm
        let valid = ControlExpression.evaluate(try ControlExpression.parseTerm(form.validVotes), lines: figures.lines, candidateVotes: [])
        #expect(valid == figures.candidates.reduce(0, +))
        let cast = ControlExpression.evaluate(try ControlExpression.parseTerm(form.ballotsCast), lines: figures.lines, candidateVotes: [])
        let invalid = ControlExpression.evaluate(
            try ControlExpression.parseTerm(form.invalidBallots), lines: figures.lines, candidateVotes: [])
        #expect(cast == valid + invalid)
        let basis = ControlExpression.evaluate(
            try ControlExpression.parseTerm(profile.winner.basis), lines: figures.lines, candidateVotes: [])
        #expect(basis == cast)
    }

    @Test("Each Kazakh control fails on its own breach", arguments: KazakhstanFigures.breaches)
    func kazakhBreach(_ breach: Breach) throws {
        let profile = try LawProfile.bundled("kz-2011")
        let figures = KazakhstanFigures.consistent.with(breach.lines, candidates: breach.candidates)
        #expect(try failingControls(profile, lines: figures.lines, candidates: figures.candidates) == [breach.ruleID])
    }

    @Test("Each Russian control fails on its own breach", arguments: RussiaFigures.breaches)
    func russianBreach(_ breach: Breach) throws {
        let profile = try LawProfile.bundled("ru-2012")
        let figures = RussiaFigures.consistent.with(breach.lines, candidates: breach.candidates)
        #expect(try failingControls(profile, lines: figures.lines, candidates: figures.candidates) == [breach.ruleID])
    }

    @Test(
        "Every control of every bundled profile has a breach case",
        arguments: [("kz-2011", KazakhstanFigures.breaches), ("ru-2012", RussiaFigures.breaches)] as [(String, [Breach])])
    func breachesCoverAllControls(profileID: String, breaches: [Breach]) throws {
        let profile = try LawProfile.bundled(profileID)
        #expect(breaches.map(\.ruleID) == profile.controls.map(\.id))
    }

    @Test func kazakhToleranceBoundaries() throws {
        let profile = try LawProfile.bundled("kz-2011")
        let base = KazakhstanFigures.consistent
        // KZ-W2 tolerates five issued ballots missing from the boxes, not six.
        let fiveMissing = base.with(["ballots_cast": 795], candidates: [697, 50, 20, 18])
        #expect(try failingControls(profile, lines: fiveMissing.lines, candidates: fiveMissing.candidates).isEmpty)
        // KZ-W3: 100 × received ≤ 101 × voters, with 1000 (ten ballots) of slack.
        let atSlack = base.with(["ballots_received": 1020, "ballots_unused": 215])
        #expect(try failingControls(profile, lines: atSlack.lines, candidates: atSlack.candidates).isEmpty)
        let pastSlack = base.with(["ballots_received": 1021, "ballots_unused": 216])
        #expect(try failingControls(profile, lines: pastSlack.lines, candidates: pastSlack.candidates) == ["KZ-W3"])
        // KZ-W1: exactly 5% invalid is not yet unusual.
        let fivePercent = base.with(["ballots_cast": 800, "invalid_ballots": 40], candidates: [672, 50, 20, 18])
        #expect(try failingControls(profile, lines: fivePercent.lines, candidates: fivePercent.candidates).isEmpty)
    }

    @Test func russianBallotBalanceCountsLostAndUnaccounted() throws {
        let profile = try LawProfile.bundled("ru-2012")
        // Three more lost ballots and three more found unaccounted on receipt keep line 2 balanced.
        let figures = RussiaFigures.consistent.with(["ballots_lost": 5, "ballots_unaccounted": 5])
        #expect(try failingControls(profile, lines: figures.lines, candidates: figures.candidates).isEmpty)
        let lostOnly = RussiaFigures.consistent.with(["ballots_lost": 5])
        #expect(try failingControls(profile, lines: lostOnly.lines, candidates: lostOnly.candidates) == ["RU-2"])
    }

    @Test func errorsAndWarningsAreSeparated() throws {
        let kz = try LawProfile.bundled("kz-2011")
        #expect(kz.controls.filter { $0.severity == .warning }.map(\.id) == ["KZ-W3", "KZ-W1", "KZ-W2"])
        let ru = try LawProfile.bundled("ru-2012")
        #expect(ru.controls.filter { $0.severity == .error }.map(\.id) == ["RU-1", "RU-2", "RU-3", "RU-4", "RU-5"])
    }
}
