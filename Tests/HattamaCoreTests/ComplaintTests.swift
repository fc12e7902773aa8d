import HattamaCore
import Testing

private typealias F = CommissionFixture

private let profile = F.profile
private let voter = Complainant(kind: .voter, name: "A. Voter")

/// A deadline computed for a complaint received at `received`.
struct DeadlineCase: Sendable, CustomTestStringConvertible {
    let name: String
    let received: String
    var voterList = false
    var cap = false
    let kind: ComplaintDeadline.Kind
    let lastDay: String
    var testDescription: String { name }
}

/// The way a complaint about an act of PEC 1 goes through the Esil district commission.
private struct Hearing {
    let composition: Composition
    let session: Session
    var decision: Decision

    init(
        complaintID: String = "c-1", opensAt: String = "2011-03-20T10:00", present: ClosedRange<Int> = 1...6,
        inFavour: ClosedRange<Int> = 1...4
    )
        throws
    {
        composition = try F.roll("astana-esil").composition(on: F.time(opensAt).date)
        session = F.session(
            of: "astana-esil", opensAt: opensAt, present: F.memberIDs("astana-esil", present),
            agenda: [AgendaItem(number: 1, title: F.agendaTitle, complaintID: complaintID)])
        decision = F.decision(of: "astana-esil", complaintID: complaintID, votes: F.votes(F.memberIDs("astana-esil", inFavour), .inFavour))
    }

    var afterSession: CivilDateTime { CivilDateTime(date: session.date, time: "11:00")! }
    var publication: CivilDateTime { CivilDateTime(date: session.date, time: "12:00")! }
}

private func file(
    _ id: String = "c-1", subject: ComplaintSubject = .act(commissionID: "pec-1", reference: "refused a copy of the protocol"),
    route: ComplaintRoute = .commission, received: String = "2011-03-18T09:00", by complainant: Complainant = voter
) throws -> Complaint {
    try Complaint.file(
        id: id, complainant: complainant, subject: subject, route: route, summary: "Observers were refused copies of the protocol",
        receivedAt: F.time(received), electionDay: F.electionDay, commissions: F.commissions, profile: profile)
}

/// A complaint taken through the lifecycle up to `state` along the one allowed path.
private func complaint(in state: ComplaintState, id: String = "c-1", received: String = "2011-03-18T09:00") throws -> (Complaint, Hearing) {
    var complaint = try file(id, received: received)
    var hearing = try Hearing(complaintID: id)
    if state >= .registered { try complaint.register(number: "astana-esil/2011/0001", at: F.time(received)) }
    if state >= .scheduled { try complaint.schedule(session: hearing.session) }
    if state >= .decided {
        try complaint.decide(
            by: hearing.decision, in: hearing.session, composition: hearing.composition, profile: profile, outcome: .upheld,
            at: hearing.afterSession)
    }
    if state >= .published {
        try hearing.decision.publish(at: hearing.publication, session: hearing.session, composition: hearing.composition, profile: profile)
        try complaint.publish(at: hearing.publication, decision: hearing.decision)
    }
    if state >= .appealed {
        _ = try complaint.appeal(
            id: "\(id)-appeal", route: .commission, summary: "appeal", filedAt: F.time("2011-03-21T09:00"), electionDay: F.electionDay,
            commissions: F.commissions, profile: profile)
    }
    #expect(complaint.state == state)
    return (complaint, hearing)
}

@Suite("Complaints and appeals")
struct ComplaintTests {
    // MARK: Deadlines around election day (3 April 2011)

    static let deadlineCases: [DeadlineCase] = [
        DeadlineCase(name: "a month before", received: "2011-03-04T10:00", kind: .days, lastDay: "2011-03-09"),
        DeadlineCase(name: "five days before", received: "2011-03-29T10:00", kind: .days, lastDay: "2011-04-03"),
        DeadlineCase(name: "three days before", received: "2011-03-31T10:00", kind: .days, lastDay: "2011-04-05"),
        DeadlineCase(name: "two days before", received: "2011-04-01T23:59", kind: .days, lastDay: "2011-04-06"),
        DeadlineCase(name: "the eve, morning", received: "2011-04-02T00:00", kind: .immediate, lastDay: "2011-04-02"),
        DeadlineCase(name: "the eve, late", received: "2011-04-02T23:59", kind: .immediate, lastDay: "2011-04-02"),
        DeadlineCase(name: "election day", received: "2011-04-03T20:30", kind: .immediate, lastDay: "2011-04-03"),
        DeadlineCase(name: "the day after", received: "2011-04-04T09:00", kind: .days, lastDay: "2011-04-09"),
        DeadlineCase(
            name: "voter list, weeks before", received: "2011-03-24T15:00", voterList: true, kind: .sameDay, lastDay: "2011-03-24"),
        DeadlineCase(
            name: "voter list, election day", received: "2011-04-03T19:00", voterList: true, kind: .sameDay, lastDay: "2011-04-03"),
        DeadlineCase(name: "capped, a month before", received: "2011-03-04T10:00", cap: true, kind: .days, lastDay: "2011-03-09"),
        DeadlineCase(name: "capped, three days before", received: "2011-03-31T10:00", cap: true, kind: .days, lastDay: "2011-04-01"),
        DeadlineCase(name: "capped, two days before", received: "2011-04-01T10:00", cap: true, kind: .days, lastDay: "2011-04-01"),
        DeadlineCase(name: "capped, the eve", received: "2011-04-02T10:00", cap: true, kind: .immediate, lastDay: "2011-04-02"),
        DeadlineCase(name: "capped, the day after", received: "2011-04-04T10:00", cap: true, kind: .days, lastDay: "2011-04-09"),
    ]

    @Test("Deadlines from the Kazakh profile", arguments: deadlineCases)
    func deadlineAroundElectionDay(_ testCase: DeadlineCase) {
        let deadline = ComplaintDeadline.compute(
            receivedAt: F.time(testCase.received), voterList: testCase.voterList, electionDay: F.electionDay,
            rules: profile.complaintDeadlines,
            capBeforeImmediatePeriod: testCase.cap)
        #expect(deadline.kind == testCase.kind)
        #expect(deadline.lastDay == F.day(testCase.lastDay))
        #expect(deadline.due == CivilDateTime.endOf(F.day(testCase.lastDay)))
        #expect(deadline.article == profile.complaintDeadlines.article)
    }

    @Test func deadlinesFollowOtherProfiles() {
        var rules = profile.complaintDeadlines
        rules.defaultDays = 3
        rules.voterListSameDay = false
        rules.immediateFromDaysBefore = 0
        func deadline(_ received: String, voterList: Bool = false) -> ComplaintDeadline {
            ComplaintDeadline.compute(receivedAt: F.time(received), voterList: voterList, electionDay: F.electionDay, rules: rules)
        }
        #expect(deadline("2011-04-02T10:00").kind == .days)
        #expect(deadline("2011-04-02T10:00").lastDay == F.day("2011-04-05"))
        #expect(deadline("2011-04-03T10:00").kind == .immediate)
        #expect(deadline("2011-03-24T10:00", voterList: true).kind == .days)
        #expect(deadline("2011-03-24T10:00", voterList: true).lastDay == F.day("2011-03-27"))
        rules.immediateFromDaysBefore = 3
        #expect(deadline("2011-03-31T10:00").kind == .immediate)
        #expect(deadline("2011-03-30T10:00").kind == .days)
    }

    @Test func overdueAtTheEndOfTheLastDay() throws {
        let eve = try file(received: "2011-04-02T18:00")
        #expect(eve.deadline.kind == .immediate)
        #expect(!eve.isOverdue(at: F.time("2011-04-02T23:59")))
        #expect(eve.isOverdue(at: F.time("2011-04-03T00:00")))
        let early = try file(received: "2011-03-04T10:00")
        #expect(!early.isOverdue(at: F.time("2011-03-09T23:59")))
        #expect(early.isOverdue(at: F.time("2011-03-10T00:00")))
        // A decided complaint is no longer overdue; it was decided late.
        let (decided, _) = try complaint(in: .decided, received: "2011-03-04T10:00")
        #expect(!decided.isOverdue(at: F.time("2011-03-25T00:00")))
        #expect(decided.wasDecidedLate)
        let (onTime, _) = try complaint(in: .decided)
        #expect(!onTime.wasDecidedLate)
    }

    // MARK: Filing and routing

    @Test func complaintsGoToTheHigherCommissionOrACourt() throws {
        #expect(try file(subject: .act(commissionID: "pec-1", reference: "refusal")).venue == .commission("astana-esil"))
        #expect(try file(subject: .body(commissionID: "astana-esil")).venue == .commission("astana"))
        #expect(try file(subject: .act(commissionID: "astana", reference: "decision 4/12")).venue == .commission("cec"))
        #expect(try file(subject: .voterList(commissionID: "pec-2")).venue == .commission("pec-2"))
        #expect(
            try file(subject: .act(commissionID: "cec", reference: "x"), route: .court("supreme-court")).venue == .court("supreme-court"))
        let cec = #expect(throws: ComplaintError.self) { try file(subject: .act(commissionID: "cec", reference: "decision 12/45")) }
        #expect(cec?.code == .noHigherCommission)
        let unknown = #expect(throws: ComplaintError.self) { try file(subject: .body(commissionID: "pec-99")) }
        #expect(unknown?.code == .unknownCommission)
    }

    @Test("Every kind of complainant may file", arguments: ComplainantKind.allCases)
    func complainantKinds(_ kind: ComplainantKind) throws {
        let reference: String? = kind == .voter ? nil : "ref-\(kind.rawValue)"
        let filed = try file(by: Complainant(kind: kind, name: "Someone", reference: reference))
        #expect(filed.state == .received)
        #expect(filed.history.map(\.kind) == [.complaintReceived])
        if kind != .voter {
            let error = #expect(throws: ComplaintError.self) { try file(by: Complainant(kind: kind, name: "Someone")) }
            #expect(error?.code == .invalidComplainant)
        }
    }

    @Test func hostileFilingsAreRefused() {
        let cases: [(() throws -> Complaint, ComplaintError.Code)] = [
            ({ try file("") }, .invalidID),
            ({ try file(by: Complainant(kind: .voter, name: " ")) }, .invalidText),
            ({ try file(by: Complainant(kind: .voter, name: "A\u{0}B")) }, .invalidText),
            ({ try file(subject: .act(commissionID: "pec-1", reference: "")) }, .invalidText),
            ({ try file(route: .court("")) }, .invalidID),
        ]
        for (attempt, code) in cases {
            let error = #expect(throws: ComplaintError.self) { try attempt() }
            #expect(error?.code == code)
        }
    }

    @Test func registrationNumbers() throws {
        #expect(ComplaintNumber(parsing: "astana-esil/2011/0007") == ComplaintNumber(commissionID: "astana-esil", year: 2011, sequence: 7))
        #expect(ComplaintNumber(commissionID: "cec", year: 2011, sequence: 6).description == "cec/2011/0006")
        #expect(ComplaintNumber(commissionID: "cec", year: 2011, sequence: 12_345).description == "cec/2011/12345")
        for bad in [
            "astana-esil/2011/7", "astana-esil/11/0007", "/2011/0001", "astana-esil/2011/0000", "astana-esil-2011-0001", "x/2011/+001",
        ] {
            #expect(ComplaintNumber(parsing: bad) == nil, "\(bad)")
        }
        #expect(
            ComplaintNumber.next(
                after: ["astana-esil/2011/0001", "astana-esil/2011/0004", "cec/2011/0009", "astana-esil/2010/0010"],
                commissionID: "astana-esil", year: 2011
            ).description == "astana-esil/2011/0005")

        let received = try file()
        for bad in ["astana-esil/2011/7", "pec-1/2011/0001", "astana-esil/2010/0001", ""] {
            var copy = received
            let error = #expect(throws: ComplaintError.self) { try copy.register(number: bad, at: F.time("2011-03-18T10:00")) }
            #expect(error?.code == .badRegistrationNumber, "\(bad)")
            #expect(copy == received)
        }
        var early = received
        let error = #expect(throws: ComplaintError.self) {
            try early.register(number: "astana-esil/2011/0001", at: F.time("2011-03-18T08:00"))
        }
        #expect(error?.code == .timeOutOfOrder)
    }

    // MARK: Lifecycle

    @Test func theWholeLifecycleIsRecorded() throws {
        let (complaint, _) = try complaint(in: .appealed)
        #expect(
            complaint.history.map(\.kind) == [
                .complaintReceived, .complaintRegistered, .complaintScheduled, .complaintDecided, .complaintPublished, .complaintAppealed,
            ])
        #expect(complaint.history.allSatisfy { $0.commissionID == "astana-esil" && $0.subject == "c-1" })
        #expect(complaint.registrationNumber == "astana-esil/2011/0001")
        #expect(complaint.resolution?.isCollegial == true)
        #expect(complaint.resolution?.outcome == .upheld)
        #expect(complaint.appeal?.venue == .commission("astana"))
        #expect(complaint.appeal?.appealID == "c-1-appeal")
    }

    @Test func theTransitionTableAllowsOnlyTheNextState() {
        var allowed: [(ComplaintState, ComplaintState)] = []
        for from in ComplaintState.allCases {
            for to in ComplaintState.allCases where ComplaintState.allows(from: from, to: to) { allowed.append((from, to)) }
        }
        #expect(
            allowed.map { "\($0.0.rawValue)→\($0.1.rawValue)" } == [
                "received→registered", "registered→scheduled", "scheduled→decided", "decided→published", "published→appealed",
            ])
        #expect(ComplaintState.allCases.count * ComplaintState.allCases.count - allowed.count == 31)
    }

    /// From every state, every step of the lifecycle is tried: only the one leading to the next
    /// state succeeds; the other 25 (and anything from `appealed`) are refused with the
    /// complaint unchanged. No step leads back to `received`.
    @Test("Every forbidden transition is refused", arguments: ComplaintState.allCases)
    func forbiddenTransitions(_ from: ComplaintState) throws {
        let (start, hearing) = try complaint(in: from)
        var publishedDecision = hearing.decision
        if publishedDecision.publishedAt == nil {
            try publishedDecision.publish(
                at: hearing.publication, session: hearing.session, composition: hearing.composition, profile: profile)
        }
        let steps: [(ComplaintState, (inout Complaint) throws -> Void)] = [
            (.registered, { try $0.register(number: "astana-esil/2011/0002", at: F.time("2011-03-19T09:00")) }),
            (.scheduled, { try $0.schedule(session: hearing.session) }),
            (
                .decided,
                {
                    try $0.decide(
                        by: hearing.decision, in: hearing.session, composition: hearing.composition, profile: profile, outcome: .rejected,
                        at: hearing.afterSession)
                }
            ),
            (.published, { try $0.publish(at: hearing.publication, decision: publishedDecision) }),
            (
                .appealed,
                {
                    _ = try $0.appeal(
                        id: "appeal-2", route: .court("esil-district-court"), summary: "appeal", filedAt: F.time("2011-03-22T09:00"),
                        electionDay: F.electionDay, commissions: F.commissions, profile: profile)
                }
            ),
        ]
        var refused = 0
        for (target, step) in steps {
            var complaint = start
            if ComplaintState.allows(from: from, to: target) {
                try step(&complaint)
                #expect(complaint.state == target)
            } else {
                do {
                    try step(&complaint)
                    Issue.record("\(from.rawValue) → \(target.rawValue) was allowed")
                } catch let error as ComplaintError {
                    #expect(error.code == .forbiddenTransition, "\(from.rawValue) → \(target.rawValue): \(error)")
                    #expect(error.message.contains("cannot become \(target.rawValue)"))
                }
                #expect(complaint == start)
                refused += 1
            }
        }
        #expect(refused == (from == .appealed ? 5 : 4))
    }

    // MARK: Only a session decision of the competent commission decides

    @Test func aComplaintIsDecidedOnlyCollegially() throws {
        let (scheduled, hearing) = try complaint(in: .scheduled)
        let at = hearing.afterSession
        // ODIHR 2011, footnote 21: in Kostanai the TEC chair decided two complaints without a vote.
        var chairAlone = hearing.session
        chairAlone.present = ["astana-esil-m1"]
        let chairDecides = F.decision(of: "astana-esil", complaintID: "c-1", votes: [RecordedVote("astana-esil-m1", .inFavour)])
        // The competent body is the district commission; its higher commission may not step in.
        let higher = try Hearing(complaintID: "c-1")
        var higherDecision = higher.decision
        higherDecision.commissionID = "astana"
        var higherSession = higher.session
        higherSession.commissionID = "astana"
        let higherComposition = try F.roll("astana").composition(on: higher.session.date)
        var otherSession = hearing.session
        otherSession.id = "s2"
        var otherSessionDecision = hearing.decision
        otherSessionDecision.sessionID = "s2"
        var unrelated = hearing.decision
        unrelated.complaintID = nil
        let outsiderVote = F.decision(
            of: "astana-esil", complaintID: "c-1", votes: F.votes(F.memberIDs("astana-esil", 1...3) + ["pec-1-m1"], .inFavour))

        let cases: [(String, Decision, Session, Composition, CivilDateTime, ComplaintError.Code)] = [
            ("the chair alone at the session", chairDecides, chairAlone, hearing.composition, at, .noQuorum),
            ("the chair's vote alone", chairDecides, hearing.session, hearing.composition, at, .decisionNotAdopted),
            (
                "three votes of seven",
                F.decision(of: "astana-esil", complaintID: "c-1", votes: F.votes(F.memberIDs("astana-esil", 1...3), .inFavour)),
                hearing.session, hearing.composition, at, .decisionNotAdopted
            ),
            ("the higher commission", higherDecision, higherSession, higherComposition, at, .notCompetent),
            ("another commission's composition", hearing.decision, hearing.session, higherComposition, at, .notCompetent),
            ("another session", otherSessionDecision, otherSession, hearing.composition, at, .notScheduledSession),
            ("a decision about something else", unrelated, hearing.session, hearing.composition, at, .notThisComplaint),
            ("a member of another commission voting", outsiderVote, hearing.session, hearing.composition, at, .invalidVote),
            ("before the session", hearing.decision, hearing.session, hearing.composition, F.time("2011-03-20T09:00"), .timeOutOfOrder),
        ]
        for (name, decision, session, composition, time, code) in cases {
            var complaint = scheduled
            let error = #expect(throws: ComplaintError.self) {
                try complaint.decide(by: decision, in: session, composition: composition, profile: profile, outcome: .rejected, at: time)
            }
            #expect(error?.code == code, "\(name): \(String(describing: error))")
            #expect(complaint == scheduled, "\(name)")
        }
        var complaint = scheduled
        let ruling = #expect(throws: ComplaintError.self) {
            try complaint.recordCourtRuling(reference: "ruling 1", outcome: .rejected, at: at)
        }
        #expect(ruling?.code == .notACourtCase)
        let noQuorum = #expect(throws: ComplaintError.self) {
            try complaint.decide(
                by: chairDecides, in: chairAlone, composition: hearing.composition, profile: profile, outcome: .upheld, at: at)
        }
        #expect(noQuorum?.decisionError?.code == .noQuorum)
        #expect(complaint == scheduled)
    }

    @Test func schedulingNeedsTheCompetentCommissionsAgenda() throws {
        let (registered, hearing) = try complaint(in: .registered)
        var notOnAgenda = hearing.session
        notOnAgenda.agenda = [AgendaItem(number: 1, title: F.agendaTitle)]
        var elsewhere = hearing.session
        elsewhere.commissionID = "pec-1"
        var early = hearing.session
        early.opensAt = F.time("2011-03-17T10:00")
        for (session, code) in [(notOnAgenda, ComplaintError.Code.notOnAgenda), (elsewhere, .notCompetent), (early, .timeOutOfOrder)] {
            var complaint = registered
            let error = #expect(throws: ComplaintError.self) { try complaint.schedule(session: session) }
            #expect(error?.code == code)
            #expect(complaint == registered)
        }
        var complaint = registered
        let hearingError = #expect(throws: ComplaintError.self) { try complaint.scheduleHearing(at: F.time("2011-03-20T10:00")) }
        #expect(hearingError?.code == .notACourtCase)
    }

    @Test func theAnswerIsPublishedWithThePublishedDecision() throws {
        let (decided, hearing) = try complaint(in: .decided)
        var complaint = decided
        let unpublished = #expect(throws: ComplaintError.self) {
            try complaint.publish(at: hearing.publication, decision: hearing.decision)
        }
        #expect(unpublished?.code == .decisionNotPublished)
        let missing = #expect(throws: ComplaintError.self) { try complaint.publish(at: hearing.publication) }
        #expect(missing?.code == .decisionNotPublished)
        #expect(complaint == decided)
        var published = hearing.decision
        try published.publish(at: hearing.publication, session: hearing.session, composition: hearing.composition, profile: profile)
        try complaint.publish(at: hearing.publication, decision: published)
        #expect(complaint.publishedAt == hearing.publication)
    }

    // MARK: Appeals and courts

    @Test func appealsGoUpOrToACourt() throws {
        let (published, _) = try complaint(in: .published)
        var upward = published
        let (act, appeal) = try upward.appeal(
            id: "c-1-a", route: .commission, summary: "The district commission ignored the evidence", filedAt: F.time("2011-03-21T09:00"),
            electionDay: F.electionDay, commissions: F.commissions, profile: profile)
        #expect(act.kind == .complaintAppealed)
        #expect(appeal.appealOf == "c-1")
        #expect(appeal.venue == .commission("astana"))
        #expect(appeal.subject == .act(commissionID: "astana-esil", reference: "decision d1/2011"))
        #expect(appeal.complainant == voter)
        #expect(appeal.state == .received)

        var toCourt = published
        let (_, courtCase) = try toCourt.appeal(
            id: "c-1-b", by: Complainant(kind: .party, name: "OSDP", reference: "osdp"), route: .court("esil-district-court"),
            summary: "appeal",
            filedAt: F.time("2011-03-21T09:00"), electionDay: F.electionDay, commissions: F.commissions, profile: profile)
        #expect(courtCase.venue == .court("esil-district-court"))
        #expect(toCourt.appeal?.venue == .court("esil-district-court"))

        var early = published
        let error = #expect(throws: ComplaintError.self) {
            try early.appeal(
                id: "c-1-c", route: .commission, summary: "appeal", filedAt: F.time("2011-03-19T09:00"), electionDay: F.electionDay,
                commissions: F.commissions, profile: profile)
        }
        #expect(error?.code == .timeOutOfOrder)
        #expect(early == published)
    }

    @Test func courtRulingsAreRecorded() throws {
        var complaint = try file(
            subject: .voterList(commissionID: "pec-1"), route: .court("esil-district-court"), received: "2011-04-02T10:00")
        #expect(complaint.deadline.kind == .sameDay)
        try complaint.register(number: "2-1234/2011", at: F.time("2011-04-02T10:30"))
        let session = F.session(
            of: "esil-district-court", present: [], agenda: [AgendaItem(number: 1, title: F.agendaTitle, complaintID: "c-1")])
        let notCommission = #expect(throws: ComplaintError.self) { try complaint.schedule(session: session) }
        #expect(notCommission?.code == .notACommissionCase)
        try complaint.scheduleHearing(at: F.time("2011-04-02T15:00"))
        try complaint.recordCourtRuling(reference: "ruling 2-1234/2011", outcome: .upheld, at: F.time("2011-04-02T16:00"))
        #expect(complaint.resolution?.isCollegial == false)
        #expect(!complaint.wasDecidedLate)
        try complaint.publish(at: F.time("2011-04-02T17:00"))
        var toCommission = complaint
        let wrongWay = #expect(throws: ComplaintError.self) {
            try toCommission.appeal(
                id: "c-1-a", route: .commission, summary: "appeal", filedAt: F.time("2011-04-02T18:00"), electionDay: F.electionDay,
                commissions: F.commissions, profile: profile)
        }
        #expect(wrongWay?.code == .noHigherCommission)
        #expect(toCommission == complaint)
        let (_, appeal) = try complaint.appeal(
            id: "c-1-a", route: .court("astana-city-court"), summary: "appeal", filedAt: F.time("2011-04-02T18:00"),
            electionDay: F.electionDay,
            commissions: F.commissions, profile: profile)
        #expect(appeal.venue == .court("astana-city-court"))
        #expect(appeal.deadline.kind == .immediate)
        #expect(ComplaintStatistics.perCommission([complaint, appeal], at: F.time("2011-04-03T00:00")).isEmpty)
    }

    // MARK: Statistics

    @Test func statisticsPerCommission() throws {
        let (upheld, _) = try complaint(in: .published, id: "c-1")
        let (late, _) = try complaint(in: .decided, id: "c-2", received: "2011-03-04T10:00")
        let overdue = try file("c-3", received: "2011-03-10T10:00")
        let pending = try file("c-4", received: "2011-03-19T10:00")
        var rejectedHearing = try Hearing(complaintID: "c-5")
        var rejected = try file("c-5")
        try rejected.register(number: "astana-esil/2011/0005", at: F.time("2011-03-18T10:00"))
        try rejected.schedule(session: rejectedHearing.session)
        try rejected.decide(
            by: rejectedHearing.decision, in: rejectedHearing.session, composition: rejectedHearing.composition, profile: profile,
            outcome: .rejected, at: rejectedHearing.afterSession)
        try rejectedHearing.decision.publish(
            at: rejectedHearing.publication, session: rejectedHearing.session, composition: rejectedHearing.composition, profile: profile)
        let voterList = try file("c-6", subject: .voterList(commissionID: "pec-1"), received: "2011-03-19T10:00")

        let stats = ComplaintStatistics.perCommission(
            [upheld, late, overdue, pending, rejected, voterList], at: F.time("2011-03-20T12:00"))
        #expect(stats.map(\.commissionID) == ["astana-esil", "pec-1"])
        let district = stats[0]
        #expect(district.received == 5)
        #expect(district.decidedCollegially == 3)
        #expect(district.pending == 2)
        #expect(district.overdue == 1)
        #expect(district.decidedLate == 1)
        #expect(district.upheld == 2)
        #expect(district.rejected == 1)
        #expect(district.partlyUpheld == 0)
        let precinct = stats[1]
        #expect(precinct.received == 1 && precinct.pending == 1 && precinct.overdue == 1)
    }
}
