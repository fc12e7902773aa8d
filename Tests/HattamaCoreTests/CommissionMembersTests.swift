import Foundation
import HattamaCore
import Testing

private typealias F = CommissionFixture

private func day(_ text: String) -> CivilDate { F.day(text) }

@Suite("Civil dates and times")
struct CivilDateTests {
    @Test func parsesAndPrints() throws {
        #expect(CivilDate(parsing: "2011-04-03")?.description == "2011-04-03")
        #expect(CivilDateTime(parsing: "2011-04-03T07:05")?.description == "2011-04-03T07:05")
        #expect(CivilDateTime(parsing: "2011-04-03 20:00")?.time == "20:00")
        for bad in ["2011-02-29", "2011-4-3", "11-04-03", "2011-13-01", "", "2011-04-03x", "1899-12-31", "2201-01-01"] {
            #expect(CivilDate(parsing: bad) == nil, "\(bad)")
        }
        for bad in ["2011-04-03", "2011-04-03T24:00", "2011-04-03T7:00", "2011-04-03T07:00:00", "T07:00"] {
            #expect(CivilDateTime(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func dayArithmetic() {
        #expect(day("2011-04-03").adding(days: -1) == day("2011-04-02"))
        #expect(day("2011-03-31").adding(days: 1) == day("2011-04-01"))
        #expect(day("2012-02-28").adding(days: 1) == day("2012-02-29"))
        #expect(day("2011-12-31").adding(days: 1) == day("2012-01-01"))
        #expect(day("2011-03-04").days(until: day("2011-04-03")) == 30)
        #expect(CivilDateTime.endOf(day("2011-04-03")) == F.time("2011-04-04T00:00"))
        #expect(F.time("2011-04-02T23:00").minutes(until: F.time("2011-04-03T01:30")) == 150)
    }

    @Test func everyDayRoundTrips() {
        var date = day("1999-01-01")
        var count = 0
        var broken: [String] = []
        while date < day("2101-01-01") {
            let next = date.adding(days: 1)
            // Parsing is the slow part; month ends and starts are where arithmetic goes wrong.
            let parses = next.day > 1 && next.day < 28 || CivilDate(parsing: next.description) == next
            if date.days(until: next) != 1 || !parses || !(date < next) {
                broken.append(date.description)
            }
            date = next
            count += 1
        }
        #expect(broken.isEmpty)
        #expect(count == 37_255)
        // The ends of the accepted range, and arithmetic beyond it, which clamps rather than traps.
        #expect(day("2200-12-30").adding(days: 1) == day("2200-12-31"))
        #expect(day("1900-01-02").adding(days: -1) == day("1900-01-01"))
        #expect(day("1900-01-01").days(until: day("2200-12-31")) == 109_937)
        #expect(day("2200-12-31").adding(days: 10) == day("2200-12-31"))
        #expect(day("1900-01-01").adding(days: -10) == day("1900-01-01"))
    }

    @Test func codesAsStrings() throws {
        let value = F.time("2011-04-03T20:00")
        let data = try JSONEncoder().encode([value])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2011-04-03T20:00\"]")
        #expect(try JSONDecoder().decode([CivilDateTime].self, from: data) == [value])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: Data("[\"2011-02-30\"]".utf8)) }
    }
}

/// One appointment attempt against the Kazakh substitution rules.
struct SubstitutionCase: Sendable, CustomTestStringConvertible {
    let commissionID: String
    let bodyKind: String
    let authority: AppointingAuthority?
    var testDescription: String { "\(bodyKind) at \(commissionID)" }
}

@Suite("Commission members and substitutions")
struct CommissionMembersTests {
    @Test func formationFillsTheStatutorySeats() throws {
        var roll = try F.roll("pec-1")
        let composition = roll.composition(on: day("2011-03-01"))
        #expect(composition.votingMembers.count == 7)
        #expect(composition.vacancies == 0)
        #expect(composition.holder(of: .chair)?.id == "pec-1-m1")
        #expect(roll.composition(on: day("2009-12-31")).votingMembers.isEmpty)
        let before = roll
        let error = #expect(throws: CommissionMemberError.self) { try roll.appoint(F.member("pec-1-m8", of: "pec-1")) }
        #expect(error?.code == .commissionFull)
        #expect(roll == before)
        #expect(roll.history.count == 7)
        #expect(roll.history.allSatisfy { $0.kind == .memberAppointed && $0.commissionID == "pec-1" })
    }

    @Test func formationByAnUnentitledBodyIsRefused() throws {
        var roll = try F.roll("pec-1", seated: 3)
        let before = roll
        let akimat = AppointingBody(kind: "akimat", id: "esil-akimat")
        let error = #expect(throws: CommissionMemberError.self) { try roll.appoint(F.member("x", of: "pec-1", by: akimat)) }
        #expect(error?.code == .unentitledAppointingBody)
        #expect(error?.message.contains("district-maslikhat") == true)
        #expect(error?.rule?.level == "precinct")
        #expect(roll == before)
    }

    @Test func officesAndPartyQuotas() throws {
        var roll = try CommissionRoll(commission: F.commission("pec-1"), profile: F.profile, rules: MembershipRules(nomineesPerParty: 1))
        try roll.appoint(F.member("a", of: "pec-1", position: .chair, nomination: .party("nur-otan")))
        try roll.appoint(F.member("b", of: "pec-1", position: .deputyChair, nomination: .body("public-associations")))
        try roll.appoint(F.member("c", of: "pec-1", position: .secretary, nomination: .party("ak-zhol")))
        let secondChair = #expect(throws: CommissionMemberError.self) {
            try roll.appoint(F.member("x", of: "pec-1", position: .chair, nomination: .party("azat")))
        }
        #expect(secondChair?.code == .positionTaken)
        let quota = #expect(throws: CommissionMemberError.self) {
            try roll.appoint(F.member("y", of: "pec-1", nomination: .party("nur-otan")))
        }
        #expect(quota?.code == .nomineeLimit)
        try roll.appoint(F.member("z", of: "pec-1", nomination: .party("azat")))
        try roll.appoint(F.member("w", of: "pec-1", nomination: .body("public-associations")))
        try roll.appoint(F.member("v", of: "pec-1", nomination: .body("public-associations")))
        #expect(roll.composition(on: day("2011-03-01")).votingMembers.count == 6)
    }

    @Test func hostileMembersAreRefusedAndChangeNothing() throws {
        var roll = try F.roll("pec-1", seated: 2)
        let before = roll
        var control = F.member("x", of: "pec-1")
        control.name = LocalizedText(kk: "A\u{0}", ru: "A", en: "A")
        var blank = F.member("y", of: "pec-1")
        blank.name = LocalizedText(kk: "Ы", ru: " ", en: "Y")
        var reversed = F.member("z", of: "pec-1")
        reversed.termEnd = day("2009-01-01")
        var noDecision = F.member("u", of: "pec-1")
        noDecision.appointingDecision = "  "
        var left = F.member("t", of: "pec-1")
        left.status = .left(on: day("2011-01-01"), reason: LeavingReason(.resignation))
        let cases: [(CommissionMember, CommissionMemberError.Code)] = [
            (F.member("", of: "pec-1"), .invalidID),
            (F.member(String(repeating: "m", count: 65), of: "pec-1"), .invalidID),
            (F.member("pec-1-m1", of: "pec-1"), .duplicateMember),
            (F.member("q", of: "pec-2"), .wrongCommission),
            (control, .invalidText),
            (blank, .invalidText),
            (reversed, .termOutOfOrder),
            (noDecision, .invalidText),
            (left, .notInOffice),
            (F.member("r", of: "pec-1", votingRight: .consultative), .representativeNotAllowed),
        ]
        for (member, code) in cases {
            let error = #expect(throws: CommissionMemberError.self) { try roll.appoint(member) }
            #expect(error?.code == code, "\(member.id)")
            #expect(roll == before)
        }
    }

    // MARK: Substitutions

    static let substitutionCases: [SubstitutionCase] = [
        SubstitutionCase(commissionID: "pec-1", bodyKind: "district-maslikhat", authority: .entitled),
        SubstitutionCase(commissionID: "pec-1", bodyKind: "district-commission", authority: .interim),
        SubstitutionCase(commissionID: "pec-1", bodyKind: "regional-commission", authority: nil),
        SubstitutionCase(commissionID: "pec-1", bodyKind: "cec", authority: nil),
        SubstitutionCase(commissionID: "pec-1", bodyKind: "akimat", authority: nil),
        SubstitutionCase(commissionID: "astana-esil", bodyKind: "district-maslikhat", authority: .entitled),
        SubstitutionCase(commissionID: "astana-esil", bodyKind: "regional-commission", authority: .interim),
        SubstitutionCase(commissionID: "astana-esil", bodyKind: "regional-maslikhat", authority: nil),
        SubstitutionCase(commissionID: "astana", bodyKind: "regional-maslikhat", authority: .entitled),
        SubstitutionCase(commissionID: "astana", bodyKind: "cec", authority: .interim),
        SubstitutionCase(commissionID: "astana", bodyKind: "district-commission", authority: nil),
        SubstitutionCase(commissionID: "cec", bodyKind: "president", authority: .entitled),
        SubstitutionCase(commissionID: "cec", bodyKind: "senate", authority: .entitled),
        SubstitutionCase(commissionID: "cec", bodyKind: "mazhilis", authority: .entitled),
        SubstitutionCase(commissionID: "cec", bodyKind: "government", authority: nil),
    ]

    @Test("Who may fill a vacancy, per level", arguments: substitutionCases)
    func vacancyFilledOnlyByEntitledBodies(_ testCase: SubstitutionCase) throws {
        var roll = try F.roll(testCase.commissionID)
        let rule = try #require(F.profile.substitutions.first { $0.level == F.commission(testCase.commissionID).level })
        #expect(rule.authority(of: testCase.bodyKind) == testCase.authority)
        let body = AppointingBody(kind: testCase.bodyKind, id: "the-\(testCase.bodyKind)")
        let substitution = Substitution(
            leavingMemberID: "\(testCase.commissionID)-m5", leftOn: day("2011-03-18"), reason: LeavingReason(.unavailable),
            replacement: F.member(
                "new", of: testCase.commissionID, nomination: .body("public-associations"), by: body, from: day("2011-03-19")))
        let before = roll
        if let authority = testCase.authority {
            let acts = try roll.substitute(substitution)
            #expect(acts.map(\.kind) == [.memberLeft, .replacementAppointed])
            let replacement = try #require(roll.member("new"))
            #expect(replacement.replaces == "\(testCase.commissionID)-m5")
            #expect(replacement.interim == (authority == .interim))
            #expect(roll.composition(on: day("2011-03-19")).votingMembers.map(\.id).contains("new"))
            #expect(roll.composition(on: day("2011-03-18")).vacancies == 1)
        } else {
            let error = #expect(throws: CommissionMemberError.self) { try roll.substitute(substitution) }
            #expect(error?.code == .unentitledAppointingBody)
            #expect(error?.rule == rule)
            for named in [rule.level, rule.article] + rule.appointingBodies {
                #expect(error?.message.contains(named) == true, "\(named) named in \(error?.message ?? "")")
            }
            // Departure and appointment are one act: neither happened.
            #expect(roll == before)
        }
    }

    /// ODIHR 2011, footnote 3: "in Astana city, the TEC effected the replacements of PEC members,
    /// although this is the task of DECs" — under the profile, of the district maslikhat, with the
    /// district commission filling vacancies only until it acts.
    @Test func astanaCityCommissionMayNotReplacePrecinctMembers() throws {
        var roll = try F.roll("pec-1")
        try roll.recordDeparture(of: "pec-1-m4", on: day("2011-03-17"), reason: LeavingReason(.unavailable, detail: "family reasons"))
        let afterDeparture = roll
        let astanaTEC = AppointingBody(kind: "regional-commission", id: "astana")
        let replacement = F.member("pec-1-r1", of: "pec-1", by: astanaTEC, from: day("2011-03-18"))
        let error = #expect(throws: CommissionMemberError.self) { try roll.fillVacancy(of: "pec-1-m4", with: replacement) }
        #expect(error?.code == .unentitledAppointingBody)
        #expect(error?.field == "replacement.appointedBy")
        #expect(error?.rule?.level == "precinct")
        #expect(error?.rule?.appointingBodies == ["district-maslikhat"])
        #expect(error?.rule?.interimBodies == ["district-commission"])
        #expect(
            error?.message.contains("'astana' (regional-commission) may not appoint members of precinct-level commission 'pec-1'") == true)
        #expect(error?.message.contains("Art. 10") == true)
        #expect(roll == afterDeparture)
        #expect(roll.composition(on: day("2011-03-18")).vacancies == 1)
    }

    @Test func interimAppointeeGivesWayToTheEntitledBody() throws {
        var roll = try F.roll("pec-1")
        try roll.recordDeparture(of: "pec-1-m4", on: day("2011-03-17"), reason: LeavingReason(.unavailable))
        let districtTEC = AppointingBody(kind: "district-commission", id: "astana-esil")
        let maslikhat = AppointingBody(kind: "district-maslikhat", id: "esil-maslikhat")
        try roll.fillVacancy(of: "pec-1-m4", with: F.member("interim", of: "pec-1", by: districtTEC, from: day("2011-03-18")))
        #expect(roll.member("interim")?.interim == true)

        // A second interim appointment to the same seat is refused, naming the rule.
        let again = #expect(throws: CommissionMemberError.self) {
            try roll.fillVacancy(of: "pec-1-m4", with: F.member("interim-2", of: "pec-1", by: districtTEC, from: day("2011-03-19")))
        }
        #expect(again?.code == .unentitledAppointingBody)
        #expect(again?.message.contains("already filled") == true)

        // The maslikhat acts: the interim member leaves that day and the entitled appointee sits.
        let acts = roll.history.count
        try roll.fillVacancy(of: "pec-1-m4", with: F.member("entitled", of: "pec-1", by: maslikhat, from: day("2011-03-25")))
        #expect(roll.history.count == acts + 2)
        #expect(roll.history.suffix(2).map(\.kind) == [.memberLeft, .replacementAppointed])
        #expect(roll.member("interim")?.status == .left(on: day("2011-03-25"), reason: LeavingReason(.supersededByEntitledBody)))
        let seated = roll.composition(on: day("2011-03-25")).votingMembers.map(\.id)
        #expect(seated.contains("entitled") && !seated.contains("interim") && seated.count == 7)
        #expect(roll.composition(on: day("2011-03-24")).votingMembers.map(\.id).contains("interim"))

        // After the entitled body has acted, neither an interim body nor a second appointment may follow.
        let late = #expect(throws: CommissionMemberError.self) {
            try roll.fillVacancy(of: "pec-1-m4", with: F.member("late", of: "pec-1", by: districtTEC, from: day("2011-03-26")))
        }
        #expect(late?.code == .unentitledAppointingBody)
        #expect(late?.message.contains("an entitled body has acted") == true)
        let twice = #expect(throws: CommissionMemberError.self) {
            try roll.fillVacancy(of: "pec-1-m4", with: F.member("twice", of: "pec-1", by: maslikhat, from: day("2011-03-26")))
        }
        #expect(twice?.code == .vacancyNotOpen)
    }

    @Test func replacementServesTheRestOfTheTerm() throws {
        var roll = try F.roll("pec-1")
        try roll.recordDeparture(of: "pec-1-m6", on: day("2011-03-17"), reason: LeavingReason(.death))
        let before = roll
        let maslikhat = F.formingBody(of: "pec-1")
        let cases: [(CommissionMember, String, CommissionMemberError.Code)] = [
            (F.member("a", of: "pec-1", by: maslikhat, from: day("2011-03-20"), until: day("2016-01-01")), "pec-1-m6", .notRestOfTerm),
            (F.member("b", of: "pec-1", by: maslikhat, from: day("2011-03-16")), "pec-1-m6", .beforeVacancy),
            (F.member("c", of: "pec-1", by: maslikhat, from: day("2011-03-20")), "pec-1-m5", .vacancyNotOpen),
            (F.member("d", of: "pec-1", by: maslikhat, from: day("2011-03-20")), "nobody", .unknownMember),
            (F.member("e", of: "pec-1", position: .chair, by: maslikhat, from: day("2011-03-20")), "pec-1-m6", .positionTaken),
            (
                F.member("f", of: "pec-1", votingRight: .consultative, by: maslikhat, from: day("2011-03-20")), "pec-1-m6",
                .representativeNotAllowed
            ),
        ]
        for (member, vacancy, code) in cases {
            let error = #expect(throws: CommissionMemberError.self) { try roll.fillVacancy(of: vacancy, with: member) }
            #expect(error?.code == code, "\(member.id)")
            #expect(roll == before)
        }
        try roll.fillVacancy(of: "pec-1-m6", with: F.member("g", of: "pec-1", by: maslikhat, from: day("2011-03-17")))
        #expect(roll.member("g")?.termEnd == F.termEnd)
    }

    @Test func departuresNeedAMemberInOfficeAndAReason() throws {
        var roll = try F.roll("pec-1")
        let before = roll
        let unknown = #expect(throws: CommissionMemberError.self) {
            try roll.recordDeparture(of: "ghost", on: day("2011-03-17"), reason: LeavingReason(.resignation))
        }
        #expect(unknown?.code == .unknownMember)
        let early = #expect(throws: CommissionMemberError.self) {
            try roll.recordDeparture(of: "pec-1-m2", on: day("2009-03-17"), reason: LeavingReason(.resignation))
        }
        #expect(early?.code == .notInOffice)
        let vague = #expect(throws: CommissionMemberError.self) {
            try roll.recordDeparture(of: "pec-1-m2", on: day("2011-03-17"), reason: LeavingReason(.other))
        }
        #expect(vague?.code == .missingReason)
        #expect(roll == before)
        try roll.recordDeparture(of: "pec-1-m2", on: day("2011-03-17"), reason: LeavingReason(.other, detail: "moved abroad"))
        let twice = #expect(throws: CommissionMemberError.self) {
            try roll.recordDeparture(of: "pec-1-m2", on: day("2011-03-18"), reason: LeavingReason(.resignation))
        }
        #expect(twice?.code == .notInOffice)
        #expect(roll.history.last?.summary.contains("moved abroad") == true)
    }

    @Test func aSeatPassesToItsLastHolder() throws {
        var roll = try F.roll("pec-1")
        let maslikhat = F.formingBody(of: "pec-1")
        try roll.substitute(
            Substitution(
                leavingMemberID: "pec-1-m7", leftOn: day("2011-03-10"), reason: LeavingReason(.unavailable),
                replacement: F.member("r1", of: "pec-1", by: maslikhat, from: day("2011-03-10"))))
        try roll.recordDeparture(of: "r1", on: day("2011-03-20"), reason: LeavingReason(.resignation))
        let error = #expect(throws: CommissionMemberError.self) {
            try roll.fillVacancy(of: "pec-1-m7", with: F.member("r2", of: "pec-1", by: maslikhat, from: day("2011-03-21")))
        }
        #expect(error?.code == .vacancyNotOpen)
        try roll.fillVacancy(of: "r1", with: F.member("r2", of: "pec-1", by: maslikhat, from: day("2011-03-21")))
        #expect(roll.composition(on: day("2011-03-21")).votingMembers.count == 7)
        #expect(roll.history.map(\.kind).suffix(4) == [.memberLeft, .replacementAppointed, .memberLeft, .replacementAppointed])
    }

    @Test func aLevelWithoutARuleRefusesSubstitutions() throws {
        var profile = F.profile
        profile.substitutions.removeAll { $0.level == "precinct" }
        var roll = try CommissionRoll(commission: F.commission("pec-1"), profile: profile)
        try roll.appoint(F.member("a", of: "pec-1"))
        try roll.recordDeparture(of: "a", on: day("2011-03-01"), reason: LeavingReason(.resignation))
        let error = #expect(throws: CommissionMemberError.self) {
            try roll.fillVacancy(of: "a", with: F.member("b", of: "pec-1", from: day("2011-03-02")))
        }
        #expect(error?.code == .noSubstitutionRule)
        let unknownLevel = #expect(throws: CommissionMemberError.self) {
            try CommissionRoll(commission: Commission(id: "x", level: "okrug", parentID: "cec", name: LocalizedText("X")), profile: profile)
        }
        #expect(unknownLevel?.code == .unknownLevel)
    }

    // MARK: Party representatives

    @Test func representativesHaveAConsultativeVote() throws {
        var roll = try F.roll("pec-1", seated: 6, rules: MembershipRules(representativeOnlyWithoutMember: true))
        let party = AppointingBody(kind: "party", id: "azat")
        try roll.registerRepresentative(
            F.member("rep-azat", of: "pec-1", nomination: .party("azat"), votingRight: .consultative, by: party, from: day("2011-03-01")))
        let composition = roll.composition(on: day("2011-03-02"))
        #expect(composition.consultativeMembers.map(\.id) == ["rep-azat"])
        #expect(composition.votingMembers.count == 6)
        #expect(composition.vacancies == 1)
        #expect(roll.history.last?.kind == .representativeRegistered)

        let before = roll
        let cases: [(CommissionMember, CommissionMemberError.Code)] = [
            // A party with a voting member sends no representative (Art. 20 §6).
            (
                F.member("rep-no", of: "pec-1", nomination: .party("nur-otan"), votingRight: .consultative, by: party),
                .representativeNotAllowed
            ),
            // One representative per party.
            (
                F.member("rep-azat-2", of: "pec-1", nomination: .party("azat"), votingRight: .consultative, by: party),
                .representativeNotAllowed
            ),
            // Only parties send representatives, and representatives hold no office.
            (
                F.member("rep-body", of: "pec-1", nomination: .body("union"), votingRight: .consultative, by: party),
                .representativeNotAllowed
            ),
            (
                F.member("rep-chair", of: "pec-1", position: .secretary, nomination: .party("cpk"), votingRight: .consultative, by: party),
                .representativeNotAllowed
            ),
            (F.member("rep-vote", of: "pec-1", nomination: .party("cpk"), by: party), .representativeNotAllowed),
        ]
        for (member, code) in cases {
            let error = #expect(throws: CommissionMemberError.self) { try roll.registerRepresentative(member) }
            #expect(error?.code == code, "\(member.id)")
            #expect(roll == before)
        }
    }

    /// ODIHR 2011, footnote 2: the CEC refused to register the OSDP's representative on the
    /// Prosecutor General's opinion. The refusal and its reason stay on the public record.
    @Test func refusedRepresentativesAreRecordedWithTheirReason() throws {
        var roll = try F.roll("cec")
        let refusal = RepresentativeRefusal(
            commissionID: "cec", partyID: "osdp", personName: LocalizedText("OSDP representative"), date: day("2011-03-15"),
            reason: "Prosecutor General's opinion: parties may not have representatives at the CEC",
            decisionReference: "CEC session of 15.03.2011")
        let act = try roll.refuseRepresentative(refusal)
        #expect(roll.refusals == [refusal])
        #expect(act.kind == .representativeRefused)
        #expect(act.summary.contains("Prosecutor General"))

        let before = roll
        var silent = refusal
        silent.reason = "   "
        let missing = #expect(throws: CommissionMemberError.self) { try roll.refuseRepresentative(silent) }
        #expect(missing?.code == .missingReason)
        var elsewhere = refusal
        elsewhere.commissionID = "astana"
        let wrong = #expect(throws: CommissionMemberError.self) { try roll.refuseRepresentative(elsewhere) }
        #expect(wrong?.code == .wrongCommission)
        #expect(roll == before)
    }

    @Test func theHistoryIsPublicAndComplete() throws {
        var roll = try F.roll("pec-2", seated: 7)
        try roll.substitute(
            Substitution(
                leavingMemberID: "pec-2-m3", leftOn: day("2011-03-10"), reason: LeavingReason(.unavailable),
                replacement: F.member("pec-2-r", of: "pec-2", position: .secretary, by: F.formingBody(of: "pec-2"), from: day("2011-03-11"))
            ))
        let data = try JSONEncoder().encode(roll)
        let decoded = try JSONDecoder().decode(CommissionRoll.self, from: data)
        #expect(decoded == roll)
        #expect(roll.history.map(\.kind) == Array(repeating: .memberAppointed, count: 7) + [.memberLeft, .replacementAppointed])
        #expect(roll.composition(on: day("2011-03-11")).holder(of: .secretary)?.id == "pec-2-r")
    }
}
