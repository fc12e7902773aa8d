import Foundation
import HattamaCore
import HattamaTestSupport
import Testing

@Suite("Bundled law profiles")
struct LawProfileTests {
    @Test("Every bundled profile loads, and its controls and line expressions parse", arguments: LawProfile.bundledIDs)
    func bundledProfileLoads(id: String) throws {
        let profile = try LawProfile.bundled(id)
        #expect(profile.id == id)
        #expect(profile.formatVersion == LawProfile.supportedFormatVersion)
        #expect(!profile.controls.isEmpty)
        for rule in profile.controls {
            let expression = try rule.parsed()
            #expect(expression.source == rule.expression)
            #expect(expression.lineIDs.isSubset(of: Set(profile.protocolForm.lines.map(\.id))), "\(rule.id)")
            #expect(!rule.article.isEmpty)
        }
        let form = profile.protocolForm
        for term in [form.registeredVoters, form.ballotsIssued, form.ballotsCast, form.invalidBallots, form.validVotes, form.turnout] {
            let parsed = try ControlExpression.parseTerm(term)
            #expect(ControlExpression.lineIDs(in: parsed).isSubset(of: Set(form.lines.map(\.id))), "\(term)")
        }
        #expect(profile.topLevel.id == "cec")
        #expect(profile.precinctLevel.id == "precinct")
        #expect(profile.specialStationKinds.contains { $0.id == PrecinctKind.abroadID })
    }

    @Test func kazakhstan2011() throws {
        let profile = try LawProfile.bundled("kz-2011")
        #expect(profile.country == "KZ")
        #expect(profile.commissionLevels.map(\.id) == ["cec", "regional", "district", "precinct"])
        #expect(profile.commissionLevels.allSatisfy { $0.statutoryMembers == 7 })
        #expect(profile.protocolForm.lines.count == 7)
        #expect(profile.protocolForm.lines.map(\.number) == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(profile.protocolForm.candidateLines.firstNumber == 8)
        #expect(profile.line("ballots_cast")?.number == "6")
        #expect(profile.line("no_such_line") == nil)
        #expect(profile.level("district")?.formedBy == "district-maslikhat")
        #expect(profile.level("territorial") == nil)
        #expect(profile.controls.map(\.id) == ["KZ-C1", "KZ-C2", "KZ-C3", "KZ-C4", "KZ-W3", "KZ-W1", "KZ-W2"])
        #expect(profile.controls.filter { $0.severity == .error }.count == 4)
        // Law brief §1.2: quorum two thirds, decisions by a majority of the statutory membership.
        #expect(profile.decisionRules.quorum == Fraction(2, 3))
        #expect(profile.decisionRules.adoptionMoreThan == Fraction(1, 2))
        #expect(profile.decisionRules.convene == Fraction(1, 3))
        #expect(profile.winner.moreThan == Fraction(1, 2))
        #expect(profile.winner.basis == "ballots_cast")
        // Law brief §1.3: lists handed over at D-20 and shown from D-15; special lists from D-5.
        #expect(profile.calendar.voterListsToCommissionsDaysBefore == 20)
        #expect(profile.calendar.voterListDisplayDaysBefore == 15)
        #expect(profile.calendar.specialListDisplayDaysBefore == 5)
        #expect(profile.calendar.absenteeIssueUntilTime == "18:00")
        #expect(profile.turnoutReportingTimes == ["10:00", "13:00", "16:00", "18:30"])
        #expect(profile.complaintDeadlines.voterListSameDay)
        #expect(profile.substitutions.map(\.level) == profile.commissionLevels.map(\.id))
        #expect(Set(profile.specialStationKinds.map(\.id)).count == 7)
    }

    @Test func russia2012() throws {
        let profile = try LawProfile.bundled("ru-2012")
        #expect(profile.country == "RU")
        #expect(profile.commissionLevels.map(\.id) == ["cec", "regional", "territorial", "precinct"])
        #expect(profile.protocolForm.lines.count == 18)
        #expect(profile.protocolForm.lines.map(\.number) == (1...18).map(String.init))
        #expect(profile.protocolForm.candidateLines.firstNumber == 19)
        #expect(profile.line("ballots_unaccounted")?.number == "18")
        #expect(profile.protocolForm.lines.allSatisfy { $0.sourceColumn?.isEmpty == false })
        #expect(profile.controls.map(\.id) == ["RU-1", "RU-2", "RU-3", "RU-4", "RU-5", "RU-W1", "RU-W2"])
        #expect(profile.decisionRules.quorum == Fraction(1, 2))
        #expect(profile.level("cec")?.statutoryMembers == 15)
        #expect(profile.winner.basis == "ballots_in_mobile_boxes + ballots_in_stationary_boxes")
    }

    @Test func unknownBundledProfileIsRefused() throws {
        let error = try #require(throws: LawProfileError.self) { try LawProfile.bundled("xx-1999") }
        #expect(error.file == "xx-1999")
        #expect(error.keyPath.isEmpty)
        #expect(error.problem.contains("no bundled profile named 'xx-1999'"))
        #expect(error.problem.contains("kz-2011, ru-2012"))
    }

    @Test func defaultProfileIsKazakhstan() throws {
        #expect(try LawProfile.bundled().id == LawProfile.defaultID)
        #expect(LawProfile.defaultID == "kz-2011")
    }

    @Test("Encoding a bundled profile and decoding it again gives the same profile", arguments: LawProfile.bundledIDs)
    func roundTrip(id: String) throws {
        let profile = try LawProfile.bundled(id)
        let data = try JSONEncoder().encode(profile)
        #expect(try LawProfile.decode(data, file: "\(id).json") == profile)
    }

    @Test func namedLoadsBundledIDsAndPaths() throws {
        #expect(try LawProfile.named("ru-2012") == LawProfile.bundled("ru-2012"))

        let directory = temporaryURL("profiles")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("my-profile.json")
        try ProfileFixture.data("kz-2011").write(to: file)
        #expect(try LawProfile.named(file.path) == LawProfile.bundled("kz-2011"))

        let missing = directory.appendingPathComponent("missing.json")
        let error = try #require(throws: LawProfileError.self) { try LawProfile.load(contentsOf: missing) }
        #expect(error.file == "missing.json")
        #expect(error.problem.hasPrefix("cannot be read"))
    }

    @Test func errorDescriptionNamesFileAndKeyPath() {
        #expect(
            LawProfileError(file: "a.json", keyPath: "controls[0].id", problem: "must not be empty").description
                == "a.json: controls[0].id: must not be empty")
        #expect(
            LawProfileError(file: "a.json", keyPath: "", problem: "must be a JSON object").description
                == "a.json: (top level): must be a JSON object")
    }

    @Test(
        "Times of day are HH:MM",
        arguments: [
            ("00:00", 0), ("07:00", 420), ("18:30", 1110), ("23:59", 1439),
        ] as [(String, Int)])
    func validTimes(text: String, minutes: Int) {
        #expect(LawProfile.minutes(ofTime: text) == minutes)
    }

    @Test(
        "Malformed times of day are refused",
        arguments: ["24:00", "12:60", "7:00", "07:0", "0700", "07:00:00", "", ":", "ab:cd", "-1:00", "+1:00", "07:+5", "٠٧:٠٠"])
    func invalidTimes(text: String) {
        #expect(LawProfile.minutes(ofTime: text) == nil)
    }
}
