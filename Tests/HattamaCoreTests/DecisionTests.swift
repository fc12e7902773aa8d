import HattamaCore
import Testing

private typealias F = CommissionFixture

private let profile = F.profile

/// Quorum or majority of a statutory membership under a fraction of the law.
struct CountCase: Sendable, CustomTestStringConvertible {
    let statutory: Int
    let fraction: Fraction
    let expected: Int
    var testDescription: String { "\(fraction) of \(statutory) → \(expected)" }
}

/// A vote at a session of a commission of seven with `seated` voting members, the first
/// `present` of them present, voting in member order.
struct VoteCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable { case adopted, rejected, noQuorum }
    let name: String
    let seated: Int
    let present: Int
    let inFavour: Int
    let against: Int
    let abstain: Int
    let outcome: Outcome
    var testDescription: String { name }
}

@Suite("Sessions and decisions")
struct DecisionTests {
    // MARK: Arithmetic against the statutory membership

    static let quorumCases: [CountCase] = [
        CountCase(statutory: 7, fraction: Fraction(2, 3), expected: 5),
        CountCase(statutory: 5, fraction: Fraction(2, 3), expected: 4),
        CountCase(statutory: 6, fraction: Fraction(2, 3), expected: 4),
        CountCase(statutory: 9, fraction: Fraction(2, 3), expected: 6),
        CountCase(statutory: 11, fraction: Fraction(2, 3), expected: 8),
        CountCase(statutory: 12, fraction: Fraction(2, 3), expected: 8),
        CountCase(statutory: 15, fraction: Fraction(2, 3), expected: 10),
        CountCase(statutory: 7, fraction: Fraction(1, 2), expected: 4),
        CountCase(statutory: 8, fraction: Fraction(1, 2), expected: 4),
    ]

    @Test("Quorum is a share of the statutory membership, rounded up", arguments: quorumCases)
    func quorumArithmetic(_ testCase: CountCase) {
        let quorum = SessionQuorum(
            statutoryMembers: testCase.statutory, seated: testCase.statutory - 2, present: 0, quorum: testCase.fraction)
        #expect(quorum.required == testCase.expected)
        #expect(quorum.vacancies == 2)
        #expect(!quorum.met)
        #expect(
            SessionQuorum(
                statutoryMembers: testCase.statutory, seated: testCase.statutory, present: testCase.expected, quorum: testCase.fraction
            ).met)
        #expect(
            !SessionQuorum(
                statutoryMembers: testCase.statutory, seated: testCase.statutory, present: testCase.expected - 1, quorum: testCase.fraction
            )
            .met)
    }

    static let adoptionCases: [CountCase] = [
        CountCase(statutory: 7, fraction: Fraction(1, 2), expected: 4),
        CountCase(statutory: 8, fraction: Fraction(1, 2), expected: 5),
        CountCase(statutory: 9, fraction: Fraction(1, 2), expected: 5),
        CountCase(statutory: 12, fraction: Fraction(1, 2), expected: 7),
        CountCase(statutory: 15, fraction: Fraction(1, 2), expected: 8),
        CountCase(statutory: 7, fraction: Fraction(2, 3), expected: 5),
        CountCase(statutory: 12, fraction: Fraction(2, 3), expected: 9),
    ]

    @Test("Adoption needs more than a share of the statutory membership", arguments: adoptionCases)
    func adoptionArithmetic(_ testCase: CountCase) {
        #expect(testCase.fraction.moreThan(of: testCase.statutory) == testCase.expected)
    }

    @Test func kazakhRulesForSeven() {
        #expect(profile.decisionRules.quorum.atLeast(of: 7) == 5)
        #expect(profile.decisionRules.adoptionMoreThan.moreThan(of: 7) == 4)
        #expect(profile.decisionRules.convene.atLeast(of: 7) == 3)
    }

    static let voteCases: [VoteCase] = [
        VoteCase(name: "all present, 4 for", seated: 7, present: 7, inFavour: 4, against: 3, abstain: 0, outcome: .adopted),
        VoteCase(name: "all present, 3 for", seated: 7, present: 7, inFavour: 3, against: 4, abstain: 0, outcome: .rejected),
        VoteCase(name: "quorum of 5, 4 for", seated: 7, present: 5, inFavour: 4, against: 1, abstain: 0, outcome: .adopted),
        VoteCase(
            name: "3 of 5 present is not a majority of 7", seated: 7, present: 5, inFavour: 3, against: 0, abstain: 2, outcome: .rejected),
        VoteCase(name: "6 present, 2 do not vote", seated: 7, present: 6, inFavour: 4, against: 0, abstain: 0, outcome: .adopted),
        VoteCase(
            name: "4 present: no quorum even if unanimous", seated: 7, present: 4, inFavour: 4, against: 0, abstain: 0, outcome: .noQuorum),
        VoteCase(name: "2 vacancies, 4 for", seated: 5, present: 5, inFavour: 4, against: 0, abstain: 1, outcome: .adopted),
        VoteCase(name: "2 vacancies count against", seated: 5, present: 5, inFavour: 3, against: 2, abstain: 0, outcome: .rejected),
        VoteCase(
            name: "3 vacancies make quorum impossible", seated: 4, present: 4, inFavour: 4, against: 0, abstain: 0, outcome: .noQuorum),
        VoteCase(name: "1 vacancy, 1 absent", seated: 6, present: 5, inFavour: 4, against: 1, abstain: 0, outcome: .adopted),
    ]

    @Test("Votes counted against the statutory seven", arguments: voteCases)
    func voteAgainstStatutoryMembership(_ testCase: VoteCase) throws {
        let roll = try F.roll("pec-1", seated: testCase.seated)
        let composition = roll.composition(on: F.day("2011-03-20"))
        let present = F.memberIDs("pec-1", 1...testCase.present)
        let session = F.session(of: "pec-1", present: present)
        var votes = F.votes(Array(present.prefix(testCase.inFavour)), .inFavour)
        votes += F.votes(Array(present.dropFirst(testCase.inFavour).prefix(testCase.against)), .against)
        votes += F.votes(Array(present.dropFirst(testCase.inFavour + testCase.against).prefix(testCase.abstain)), .abstain)
        let decision = F.decision(of: "pec-1", votes: votes)
        let quorum = try session.quorum(composition: composition, profile: profile)
        #expect(quorum.required == 5)
        #expect(quorum.vacancies == 7 - testCase.seated)
        switch testCase.outcome {
        case .noQuorum:
            #expect(!quorum.met)
            let error = #expect(throws: DecisionError.self) { try decision.tally(in: session, composition: composition, profile: profile) }
            #expect(error?.code == .noQuorum)
            #expect(error?.message.contains("2/3 of the 7 statutory members") == true)
        case .adopted, .rejected:
            let tally = try decision.tally(in: session, composition: composition, profile: profile)
            #expect(tally.required == 4)
            #expect(tally.inFavour == testCase.inFavour)
            #expect(tally.against == testCase.against)
            #expect(tally.abstained == testCase.abstain)
            #expect(tally.notVoting == testCase.present - votes.count)
            #expect(tally.absent == testCase.seated - testCase.present)
            #expect(tally.adopted == (testCase.outcome == .adopted))
        }
    }

    @Test func substitutesVoteAndThoseWhoLeftDoNot() throws {
        var roll = try F.roll("pec-1")
        try roll.substitute(
            Substitution(
                leavingMemberID: "pec-1-m5", leftOn: F.day("2011-03-18"), reason: LeavingReason(.unavailable),
                replacement: F.member("pec-1-r5", of: "pec-1", by: F.formingBody(of: "pec-1"), from: F.day("2011-03-19"))))
        // On the day of the vacancy, six sit: five present still make the quorum.
        let vacancyDay = roll.composition(on: F.day("2011-03-18"))
        #expect(vacancyDay.vacancies == 1)
        let early = F.session(of: "pec-1", opensAt: "2011-03-18T15:00", present: F.memberIDs("pec-1", 1...4) + ["pec-1-m6"])
        #expect(try early.quorum(composition: vacancyDay, profile: profile).met)

        let composition = roll.composition(on: F.day("2011-03-20"))
        let present = F.memberIDs("pec-1", 1...4) + ["pec-1-r5"]
        let session = F.session(of: "pec-1", present: present)
        let tally = try F.decision(of: "pec-1", votes: F.votes(["pec-1-m1", "pec-1-m2", "pec-1-m3", "pec-1-r5"], .inFavour))
            .tally(in: session, composition: composition, profile: profile)
        #expect(tally.adopted)
        let departed = F.decision(of: "pec-1", votes: F.votes(["pec-1-m5"], .inFavour))
        let error = #expect(throws: DecisionError.self) { try departed.tally(in: session, composition: composition, profile: profile) }
        #expect(error?.code == .notAMember)
        let listed = F.session(of: "pec-1", present: present + ["pec-1-m5"])
        #expect(throws: DecisionError.self) { try listed.quorum(composition: composition, profile: profile) }
    }

    @Test func consultativeMembersNeitherVoteNorMakeTheQuorum() throws {
        var roll = try F.roll("pec-1")
        try roll.registerRepresentative(
            F.member(
                "rep", of: "pec-1", nomination: .party("azat"), votingRight: .consultative, by: AppointingBody(kind: "party", id: "azat")))
        let composition = roll.composition(on: F.day("2011-03-20"))
        let short = F.session(of: "pec-1", present: F.memberIDs("pec-1", 1...4) + ["rep"])
        let quorum = try short.quorum(composition: composition, profile: profile)
        #expect(quorum.present == 4 && !quorum.met)

        let session = F.session(of: "pec-1", present: F.memberIDs("pec-1", 1...5) + ["rep"])
        let decision = F.decision(of: "pec-1", votes: F.votes(F.memberIDs("pec-1", 1...3) + ["rep"], .inFavour))
        let error = #expect(throws: DecisionError.self) { try decision.tally(in: session, composition: composition, profile: profile) }
        #expect(error?.code == .consultativeVote)
        #expect(error?.field == "decision.votes[3]")
    }

    @Test func votesThatMayNotBeCountedAreRefused() throws {
        let composition = try F.roll("pec-1").composition(on: F.day("2011-03-20"))
        let session = F.session(of: "pec-1", present: F.memberIDs("pec-1", 1...5))
        let five = F.votes(F.memberIDs("pec-1", 1...4), .inFavour)
        let cases: [(Decision, DecisionError.Code)] = [
            // Members act only in their own commission.
            (F.decision(of: "pec-1", votes: five + [RecordedVote("pec-2-m1", .inFavour)]), .notAMember),
            (F.decision(of: "pec-1", votes: five + [RecordedVote("pec-1-m6", .inFavour)]), .absentVoter),
            (F.decision(of: "pec-1", votes: five + [RecordedVote("pec-1-m1", .against)]), .duplicateVote),
            (F.decision(of: "pec-2", votes: five), .wrongCommission),
            (F.decision(of: "pec-1", session: "s2", votes: five), .wrongSession),
            (F.decision(of: "pec-1", agendaItem: 2, votes: five), .unknownAgendaItem),
            (F.decision(of: "pec-1", complaintID: "c-1", votes: five), .unknownAgendaItem),
            (F.decision("", of: "pec-1", votes: five), .invalidID),
        ]
        for (decision, code) in cases {
            let error = #expect(throws: DecisionError.self) { try decision.tally(in: session, composition: composition, profile: profile) }
            #expect(error?.code == code, "\(decision.votes.last?.memberID ?? "")")
        }
    }

    @Test func dissentingOpinionsAreAttached() throws {
        let composition = try F.roll("pec-1").composition(on: F.day("2011-03-20"))
        let session = F.session(of: "pec-1", present: F.memberIDs("pec-1", 1...6))
        let votes =
            F.votes(F.memberIDs("pec-1", 1...4), .inFavour) + [RecordedVote("pec-1-m5", .against), RecordedVote("pec-1-m6", .abstain)]
        let dissent = DissentingOpinion(memberID: "pec-1-m5", language: .ru, text: "Считаю жалобу обоснованной.")
        let decision = F.decision(of: "pec-1", votes: votes, dissents: [dissent])
        #expect(try decision.tally(in: session, composition: composition, profile: profile).adopted)
        #expect(decision.dissents == [dissent])

        let invalid: [DissentingOpinion] = [
            DissentingOpinion(memberID: "pec-1-m1", language: .kk, text: "Voted for, then dissented"),
            DissentingOpinion(memberID: "pec-1-m7", language: .kk, text: "Absent"),
            DissentingOpinion(memberID: "pec-2-m1", language: .kk, text: "Another commission"),
            DissentingOpinion(memberID: "pec-1-m6", language: .kk, text: "  "),
        ]
        for opinion in invalid {
            let error = #expect(throws: DecisionError.self) {
                try F.decision(of: "pec-1", votes: votes, dissents: [dissent, opinion]).tally(
                    in: session, composition: composition, profile: profile)
            }
            #expect(error?.code == .invalidDissent, "\(opinion.memberID)")
        }
        let twice = #expect(throws: DecisionError.self) {
            try F.decision(of: "pec-1", votes: votes, dissents: [dissent, dissent]).tally(
                in: session, composition: composition, profile: profile)
        }
        #expect(twice?.code == .invalidDissent)
    }

    // MARK: Sessions

    @Test func sessionsAreAnnouncedConvenedAndAttendedByMembers() throws {
        let composition = try F.roll("pec-1").composition(on: F.day("2011-03-20"))
        let good = F.session(of: "pec-1", present: F.memberIDs("pec-1", 1...7))
        #expect(try good.quorum(composition: composition, profile: profile).present == 7)
        #expect(try good.quorum(composition: composition, profile: profile, minimumNoticeMinutes: 24 * 60).met)

        var lateNotice = good
        lateNotice.noticePublishedAt = F.time("2011-03-20T10:00")
        var shortNotice = good
        shortNotice.noticePublishedAt = F.time("2011-03-20T08:00")
        var outsider = good
        outsider.present.append("pec-2-m1")
        var twice = good
        twice.present.append("pec-1-m1")
        var badAgenda = good
        badAgenda.agenda.append(AgendaItem(number: 1, title: F.agendaTitle))
        var noRussian = good
        noRussian.agenda = [AgendaItem(number: 1, title: LocalizedText(kk: "Шағым", ru: "", en: "Complaint"))]
        var otherDay = good
        otherDay.opensAt = F.time("2011-03-21T10:00")
        var otherCommission = good
        otherCommission.commissionID = "pec-2"
        let cases: [(Session, DecisionError.Code)] = [
            (lateNotice, .noticeAfterOpening),
            (shortNotice, .noticeTooShort),
            (outsider, .notAMember),
            (twice, .duplicateAttendance),
            (badAgenda, .agendaNumbering),
            (noRussian, .invalidText),
            (otherDay, .wrongDate),
            (otherCommission, .wrongCommission),
        ]
        for (session, code) in cases {
            let error = #expect(throws: DecisionError.self) {
                try session.quorum(composition: composition, profile: profile, minimumNoticeMinutes: 3 * 60)
            }
            #expect(error?.code == code)
        }
    }

    @Test func onlyTheChairOrAThirdOfTheMembersConvene() throws {
        let composition = try F.roll("pec-1").composition(on: F.day("2011-03-20"))
        let present = F.memberIDs("pec-1", 1...7)
        let allowed: [SessionConvener] = [
            .chair(memberID: "pec-1-m1"), .chair(memberID: "pec-1-m2"), .members(F.memberIDs("pec-1", 4...6)),
            .higherCommission("astana-esil"),
        ]
        for convener in allowed {
            #expect(
                try F.session(of: "pec-1", present: present, convenedBy: convener).quorum(composition: composition, profile: profile).met)
        }
        let refused: [SessionConvener] = [
            .chair(memberID: "pec-1-m3"), .chair(memberID: "pec-2-m1"), .members(F.memberIDs("pec-1", 4...5)),
            .members(F.memberIDs("pec-1", 4...5) + ["pec-2-m1"]),
        ]
        for convener in refused {
            let error = #expect(throws: DecisionError.self) {
                try F.session(of: "pec-1", present: present, convenedBy: convener).quorum(composition: composition, profile: profile)
            }
            #expect(error?.code == .convenerNotEntitled)
        }
    }

    // MARK: Texts in two languages

    @Test func matchingTextsHaveNoProblems() {
        #expect(F.texts.problems().isEmpty)
        var withEnglish = F.texts
        withEnglish.en = [Provision("1.", "The complaint is upheld."), Provision("2)", "The decision is published.")]
        #expect(withEnglish.problems().isEmpty)
    }

    /// ODIHR 2011, footnote 1: the Russian version of the PEC guidelines omitted the provision
    /// that observers and proxies receive copies of the results protocol, which the Kazakh had.
    @Test func aProvisionDroppedFromTheRussianTextIsFlagged() {
        let texts = DecisionTexts(
            kk: [
                Provision("1", "Нұсқаулық бекітілсін."), Provision("2", "Дауыстарды санау тәртібі."),
                Provision("3", "Байқаушылар мен сенім білдірілген адамдар хаттаманың көшірмесін алады."),
                Provision("4", "Шешім жариялансын."),
            ],
            ru: [
                Provision("1", "Утвердить инструкцию."), Provision("2", "Порядок подсчёта голосов."),
                Provision("4", "Опубликовать решение."),
            ])
        let problems = texts.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.code == .missingProvisions)
        #expect(problems.first?.language == .ru)
        #expect(problems.first?.numbers == ["3"])
        #expect(problems.first?.message == "the Russian text lacks provision 3 of the Kazakh text")
    }

    @Test func everyTextProblemIsFound() {
        let one = [Provision("1", "a")]
        let cases: [(DecisionTexts, [DecisionTextProblem.Code], [Language])] = [
            (DecisionTexts(kk: one, ru: []), [.missingLanguage], [.ru]),
            (DecisionTexts(kk: [], ru: one), [.missingLanguage], [.kk]),
            (
                DecisionTexts(kk: one + [Provision("2", "b")], ru: one + [Provision("3", "c")]), [.missingProvisions, .missingProvisions],
                [.kk, .ru]
            ),
            (DecisionTexts(kk: one, ru: one, en: []), [.missingProvisions], [.en]),
            (DecisionTexts(kk: one, ru: one, en: one + [Provision("2", "extra")]), [.missingProvisions, .missingProvisions], [.kk, .ru]),
            (DecisionTexts(kk: one + one, ru: one), [.duplicateNumber], [.kk]),
            (DecisionTexts(kk: one, ru: [Provision("1", " ")]), [.emptyProvision], [.ru]),
            (DecisionTexts(kk: one, ru: [Provision("1", "a\u{1B}")]), [.emptyProvision], [.ru]),
            (DecisionTexts(kk: one + [Provision(" ", "b")], ru: one), [.unnumberedProvision], [.kk]),
        ]
        for (texts, codes, languages) in cases {
            let problems = texts.problems()
            #expect(problems.map(\.code) == codes, "\(texts)")
            #expect(problems.map(\.language) == languages, "\(texts)")
        }
    }

    @Test func publicationWaitsForAdoptionAndMatchingTexts() throws {
        let composition = try F.roll("pec-1").composition(on: F.day("2011-03-20"))
        let session = F.session(of: "pec-1", present: F.memberIDs("pec-1", 1...6))
        let votes = F.votes(F.memberIDs("pec-1", 1...4), .inFavour)
        let publishAt = F.time("2011-03-20T12:00")

        var mismatched = F.decision(of: "pec-1", votes: votes, texts: DecisionTexts(kk: F.texts.kk, ru: Array(F.texts.ru.prefix(1))))
        let flagged = #expect(throws: DecisionError.self) {
            try mismatched.publish(at: publishAt, session: session, composition: composition, profile: profile)
        }
        #expect(flagged?.code == .textsDiffer)
        #expect(flagged?.textProblems.first?.numbers == ["2"])
        #expect(mismatched.publishedAt == nil)

        var rejected = F.decision(of: "pec-1", votes: F.votes(F.memberIDs("pec-1", 1...3), .inFavour))
        let notAdopted = #expect(throws: DecisionError.self) {
            try rejected.publish(at: publishAt, session: session, composition: composition, profile: profile)
        }
        #expect(notAdopted?.code == .notAdopted)

        var decision = F.decision(of: "pec-1", votes: votes)
        let early = #expect(throws: DecisionError.self) {
            try decision.publish(at: F.time("2011-03-20T09:00"), session: session, composition: composition, profile: profile)
        }
        #expect(early?.code == .publishedBeforeSession)
        let act = try decision.publish(at: publishAt, session: session, composition: composition, profile: profile)
        #expect(decision.publishedAt == publishAt)
        #expect(act.kind == .decisionPublished)
        #expect(act.summary.contains("4 for, 0 against"))
        let again = #expect(throws: DecisionError.self) {
            try decision.publish(at: publishAt, session: session, composition: composition, profile: profile)
        }
        #expect(again?.code == .alreadyPublished)
    }
}
