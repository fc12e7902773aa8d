import Foundation
import HattamaCore
import Testing

/// A broken variant of the kz-2011 profile and the refusal it must produce.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    enum Source: Sendable {
        case raw(String)
        case edited([JSONEdit])
    }

    let name: String
    let source: Source
    let keyPath: String
    /// Fragments the problem text must contain.
    let words: [String]

    var testDescription: String { name }

    init(_ name: String, raw: String, keyPath: String, _ words: String...) {
        self.name = name
        self.source = .raw(raw)
        self.keyPath = keyPath
        self.words = words
    }

    init(_ name: String, _ edits: JSONEdit..., keyPath: String, _ words: String...) {
        self.name = name
        self.source = .edited(edits)
        self.keyPath = keyPath
        self.words = words
    }

    func data() throws -> Data {
        switch source {
        case .raw(let text): Data(text.utf8)
        case .edited(let edits): try kzProfileData(edits)
        }
    }
}

@Suite("Malformed law profiles")
struct MalformedProfileTests {
    static let cases: [MalformedCase] = [
        // Syntax and shape.
        MalformedCase("invalid JSON syntax", raw: #"{"id": "kz-2011", "formatVersion": 1,"#, keyPath: "", "is not valid JSON"),
        MalformedCase("top-level array", raw: "[1, 2, 3]", keyPath: "", "must be a JSON object"),
        // Foundation refuses a bare scalar while parsing (fragments are not allowed).
        MalformedCase("top-level string", raw: #""kz-2011""#, keyPath: "", "is not valid JSON"),

        // Decoding: missing keys, wrong types, nulls.
        MalformedCase("missing control article", .remove("controls[0].article"), keyPath: "controls[0].article", "is required but missing"),
        MalformedCase("missing top-level key", .remove("winner"), keyPath: "winner", "is required but missing"),
        MalformedCase("missing language", .remove("commissionLevels[2].names.en"), keyPath: "commissionLevels[2].names.en", "required"),
        MalformedCase(
            "statutoryMembers as a string", .set("commissionLevels[1].statutoryMembers", "seven"),
            keyPath: "commissionLevels[1].statutoryMembers", "expected a whole number"),
        MalformedCase(
            "statutoryMembers as a fraction", .set("commissionLevels[1].statutoryMembers", 7.5),
            keyPath: "commissionLevels[1].statutoryMembers", "7.5"),
        MalformedCase(
            "line value limit too large for a whole number", .set("protocolForm.maximumLineValue", 1e30),
            keyPath: "protocolForm.maximumLineValue", "whole number"),
        MalformedCase("name as a string", .set("name", "Kazakhstan"), keyPath: "name", "expected an object"),
        MalformedCase("lines as an object", .set("protocolForm.lines", ["id": "x"]), keyPath: "protocolForm.lines", "expected a list"),
        MalformedCase("time as a number", .set("turnoutReportingTimes[1]", 13), keyPath: "turnoutReportingTimes[1]", "expected a string"),
        MalformedCase("null country", .setNull("country"), keyPath: "country", "found null"),
        MalformedCase("unknown severity", .set("controls[2].severity", "fatal"), keyPath: "controls[2].severity", "fatal"),
        MalformedCase("quorum above one", .set("decisionRules.quorum", "3/2"), keyPath: "decisionRules.quorum", "fraction", "\"3/2\""),
        MalformedCase("quorum not a fraction", .set("decisionRules.quorum", "two thirds"), keyPath: "decisionRules.quorum", "two thirds"),
        MalformedCase("winner share with zero denominator", .set("winner.moreThan", "1/0"), keyPath: "winner.moreThan", "1/0"),

        // Unknown keys.
        MalformedCase("misspelt top-level key", .set("controll", [String]()), keyPath: "controll", "unknown key"),
        MalformedCase("misspelt optional key", .set("controls[4].tolerence", 1000), keyPath: "controls[4].tolerence", "unknown key"),
        MalformedCase(
            "fourth language", .set("commissionLevels[0].names.de", "Zentrale Wahlkommission"), keyPath: "commissionLevels[0].names.de",
            "unknown key"),

        // Validation.
        MalformedCase("unsupported formatVersion", .set("formatVersion", 2), keyPath: "formatVersion", "format version 2 is not supported"),
        MalformedCase("profile id not an identifier", .set("id", "KZ 2011"), keyPath: "id", "'KZ 2011' is not an identifier"),
        MalformedCase(
            "empty kk label", .set("protocolForm.lines[2].labels.kk", "  "), keyPath: "protocolForm.lines[2].labels.kk", "must not be empty"
        ),
        MalformedCase("empty en name", .set("name.en", ""), keyPath: "name.en", "must not be empty"),
        MalformedCase(
            "a single commission level", .remove("commissionLevels[3]"), .remove("commissionLevels[2]"), .remove("commissionLevels[1]"),
            keyPath: "commissionLevels", "at least a central and a precinct level"),
        MalformedCase(
            "duplicate level id", .set("commissionLevels[2].id", "regional"), keyPath: "commissionLevels[2].id",
            "'regional' is declared twice"),
        MalformedCase(
            "no statutory members", .set("commissionLevels[3].statutoryMembers", 0), keyPath: "commissionLevels[3].statutoryMembers",
            "between 1 and 1000", "found 0"),
        MalformedCase(
            "duplicate line id", .set("protocolForm.lines[3].id", "ballots_issued"), keyPath: "protocolForm.lines[3].id",
            "line 'ballots_issued' is declared twice"),
        MalformedCase(
            "reserved line id", .set("protocolForm.lines[0].id", "sum"), keyPath: "protocolForm.lines[0].id", "'sum' is reserved"),
        MalformedCase(
            "line id starting with a digit", .set("protocolForm.lines[0].id", "1st"), keyPath: "protocolForm.lines[0].id",
            "'1st' is not a line id"),
        MalformedCase(
            "empty line number", .set("protocolForm.lines[5].number", ""), keyPath: "protocolForm.lines[5].number", "must not be empty"),
        MalformedCase(
            "control expression syntax error", .set("controls[2].expression", "ballots_cast <= ballots_issued +"),
            keyPath: "controls[2].expression", "at character 33", "the expression ended"),
        MalformedCase(
            "control expression with an unknown character", .set("controls[0].expression", "ballots_received = ballots_issued ÷ 2"),
            keyPath: "controls[0].expression", "at character 35", "unexpected '÷'"),
        MalformedCase(
            "control referring to an unknown line", .set("controls[1].expression", "ballots_issued <= voters_on_lst"),
            keyPath: "controls[1].expression", "refers to unknown line 'voters_on_lst'"),
        MalformedCase("negative tolerance", .set("controls[6].tolerance", -5), keyPath: "controls[6].tolerance", "must not be negative"),
        MalformedCase(
            "duplicate control id", .set("controls[3].id", "KZ-C1"), keyPath: "controls[3].id", "control 'KZ-C1' is declared twice"),
        MalformedCase("control without an article", .set("controls[5].article", ""), keyPath: "controls[5].article", "legal article"),
        MalformedCase(
            "empty control message", .set("controls[1].messages.ru", ""), keyPath: "controls[1].messages.ru", "must not be empty"),
        MalformedCase(
            "validVotes referring to an unknown line", .set("protocolForm.validVotes", "ballots_cast - spoilt_ballots"),
            keyPath: "protocolForm.validVotes", "refers to unknown line 'spoilt_ballots'"),
        MalformedCase(
            "turnout that does not parse", .set("protocolForm.turnout", "ballots_issued +"), keyPath: "protocolForm.turnout", "at character"
        ),
        MalformedCase(
            "winner basis referring to an unknown line", .set("winner.basis", "voters_who_voted"), keyPath: "winner.basis",
            "unknown line 'voters_who_voted'"),
        MalformedCase(
            "zero line value limit", .set("protocolForm.maximumLineValue", 0), keyPath: "protocolForm.maximumLineValue",
            "must be positive"),
        MalformedCase("zero quorum", .set("decisionRules.quorum", "0/3"), keyPath: "decisionRules.quorum", "quorum of zero"),
        MalformedCase(
            "bad time", .set("calendar.votingOpens", "25:00"), keyPath: "calendar.votingOpens", "'25:00' is not a time of day HH:MM"),
        MalformedCase(
            "time with a sign", .set("calendar.absenteeIssueUntilTime", "+6:00"), keyPath: "calendar.absenteeIssueUntilTime", "HH:MM"),
        MalformedCase(
            "voting closes before it opens", .set("calendar.votingCloses", "06:00"), keyPath: "calendar.votingCloses",
            "closes before it opens"),
        MalformedCase(
            "list display too early", .set("calendar.voterListDisplayDaysBefore", 400), keyPath: "calendar.voterListDisplayDaysBefore",
            "between 0 and 366", "found 400"),
        MalformedCase(
            "absentee window reversed", .set("calendar.absenteeIssueFromDaysBefore", 0), keyPath: "calendar.absenteeIssueFromDaysBefore",
            "ends before it starts"),
        MalformedCase(
            "reserve over 100 percent", .set("calendar.ballotReservePercent", 150.5), keyPath: "calendar.ballotReservePercent", "percentage"
        ),
        MalformedCase(
            "addition alert of zero", .set("calendar.electionDayAdditionAlertPercent", 0),
            keyPath: "calendar.electionDayAdditionAlertPercent", "above 0 and at most 100", "found 0"),
        MalformedCase(
            "negative addition alert", .set("calendar.electionDayAdditionAlertPercent", -5),
            keyPath: "calendar.electionDayAdditionAlertPercent", "percentage"),
        MalformedCase(
            "addition alert over 100 percent", .set("calendar.electionDayAdditionAlertPercent", 250),
            keyPath: "calendar.electionDayAdditionAlertPercent", "at most 100", "250"),
        MalformedCase(
            "addition alert as text", .set("calendar.electionDayAdditionAlertPercent", "5%"),
            keyPath: "calendar.electionDayAdditionAlertPercent", "number"),
        MalformedCase(
            "missing addition alert", .remove("calendar.electionDayAdditionAlertPercent"),
            keyPath: "calendar.electionDayAdditionAlertPercent", "is required but missing"),
        MalformedCase(
            "missing appeal route", .remove("complaintDeadlines.voterListAppealTo"), keyPath: "complaintDeadlines.voterListAppealTo",
            "is required but missing"),
        MalformedCase(
            "empty appeal route", .set("complaintDeadlines.voterListAppealTo.ru", ""), keyPath: "complaintDeadlines.voterListAppealTo.ru",
            "must not be empty"),
        MalformedCase(
            "requests close before the lists open", .set("calendar.voterListRequestsUntilDaysBefore", 10),
            keyPath: "calendar.voterListRequestsUntilDaysBefore", "before the lists are displayed"),
        MalformedCase(
            "ordinary as a special kind", .set("specialStationKinds[0].id", "ordinary"), keyPath: "specialStationKinds[0].id",
            "not a special kind"),
        MalformedCase(
            "duplicate special kind", .set("specialStationKinds[1].id", "hospital"), keyPath: "specialStationKinds[1].id",
            "'hospital' is declared twice"),
        MalformedCase(
            "negative complaint deadline", .set("complaintDeadlines.defaultDays", -1), keyPath: "complaintDeadlines.defaultDays",
            "must not be negative"),
        MalformedCase(
            "substitution rule with an unknown level", .set("substitutions[2].level", "county"), keyPath: "substitutions[2].level",
            "'county' is not a commission level"),
        MalformedCase(
            "substitution rule without appointing bodies", .set("substitutions[1].appointingBodies", [String]()),
            keyPath: "substitutions[1].appointingBodies", "at least one body"),
        MalformedCase(
            "turnout times not increasing", .set("turnoutReportingTimes", ["10:00", "16:00", "13:00", "18:30"]),
            keyPath: "turnoutReportingTimes",
            "times must be increasing"),
        MalformedCase(
            "turnout time repeated", .set("turnoutReportingTimes", ["10:00", "10:00"]), keyPath: "turnoutReportingTimes", "increasing"),
        MalformedCase("bad turnout time", .set("turnoutReportingTimes[3]", "18.30"), keyPath: "turnoutReportingTimes[3]", "'18.30'"),
    ]

    @Test("A malformed profile is refused with its file, key path and problem", arguments: cases)
    func refused(_ malformed: MalformedCase) throws {
        let error = try #require(decodingError(try malformed.data()))
        #expect(error.file == "bad.json")
        #expect(error.keyPath == malformed.keyPath, "\(error)")
        for word in malformed.words {
            #expect(error.problem.contains(word), "problem '\(error.problem)' should mention '\(word)'")
        }
        #expect(error.description.hasPrefix("bad.json: "))
    }

    @Test func unchangedFixtureDecodes() throws {
        let profile = try LawProfile.decode(try kzProfileData([]), file: "kz-2011.json")
        #expect(profile == (try LawProfile.bundled("kz-2011")))
    }

    @Test("Explicit nulls for optional keys are accepted, not taken for unknown keys")
    func nullOptionalKeys() throws {
        let data = try kzProfileData([.setNull("controls[4].tolerance"), .setNull("protocolForm.lines[0].sourceColumn")])
        let profile = try LawProfile.decode(data, file: "nulls.json")
        #expect(profile.controls[4].tolerance == nil)
        #expect(profile.protocolForm.lines[0].sourceColumn == nil)
    }

    @Test("A fractional number where a fraction is allowed is accepted")
    func fractionalPercentAccepted() throws {
        let profile = try LawProfile.decode(try kzProfileData([.set("calendar.absenteeCapPercent", 1.5)]), file: "ok.json")
        #expect(profile.calendar.absenteeCapPercent == 1.5)
    }

    @Test("A profile stored with an election before a key existed is read with the value the code used")
    func storedProfileWithoutLaterKeys() throws {
        let old = try kzProfileData([
            .remove("calendar.electionDayAdditionAlertPercent"), .remove("calendar.voterListRequestsUntilDaysBefore"),
            .remove("complaintDeadlines.voterListAppealTo"),
        ])
        let profile = try LawProfile.decodeStored(old, file: "stored")
        #expect(profile.calendar.electionDayAdditionAlertPercent == 5)
        #expect(profile.calendar.voterListRequestsUntilDaysBefore == 0)
        #expect(profile.complaintDeadlines.voterListAppealTo.en == "the higher election commission or the court")
        // A file without them is refused: profile files must carry every key.
        #expect(throws: LawProfileError.self) { try LawProfile.decode(old, file: "new.json") }
        // A stored value is kept; a bad stored value is still refused.
        let stored = try LawProfile.decodeStored(
            try kzProfileData([.set("calendar.electionDayAdditionAlertPercent", 12.5)]), file: "stored")
        #expect(stored.calendar.electionDayAdditionAlertPercent == 12.5)
        #expect(throws: LawProfileError.self) {
            try LawProfile.decodeStored(try kzProfileData([.set("calendar.electionDayAdditionAlertPercent", 0)]), file: "stored")
        }
    }

    @Test("Display dates: ordinary stations D-15, special stations D-5, requests until election day")
    func displayDates() throws {
        let profile = try LawProfile.bundled("kz-2011")
        let day = try #require(CivilDate(parsing: "2011-04-03"))
        #expect(profile.listDisplayDate(stationKind: "ordinary", electionDay: day).description == "2011-03-19")
        #expect(profile.listDisplayDate(stationKind: "hospital", electionDay: day).description == "2011-03-29")
        #expect(profile.listDisplayDate(stationKind: "no-such-kind", electionDay: day).description == "2011-03-19")
        #expect(profile.listRequestsLastDay(electionDay: day) == day)
        #expect(profile.calendar.electionDayAdditionAlertPercent == 5)
        #expect(try LawProfile.bundled("ru-2012").calendar.electionDayAdditionAlertPercent == 5)
    }

    @Test("Each malformed case really differs from the valid profile")
    func casesAreDistinct() throws {
        let valid = try kzProfileData([])
        for malformed in Self.cases {
            #expect(try malformed.data() != valid, "\(malformed.name)")
        }
        #expect(Self.cases.count >= 12)
    }
}
