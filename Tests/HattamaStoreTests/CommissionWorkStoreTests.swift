import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore

/// A precinct commission of the small demo, its district commission and a second precinct of
/// another district, with helpers to seat members under the Kazakh profile.
enum WorkFixture {
    static let election = DemoGenerator.electionID
    static let termStart = CivilDate(parsing: "2011-02-01")!
    static let termEnd = CivilDate(parsing: "2015-12-31")!
    static let precinct = smallDemo.commissions.first { $0.level == "precinct" && $0.parentID?.hasPrefix("tec-") == true }!
    static let district = smallDemo.commissions.first { $0.id == precinct.parentID }!
    static let otherPrecinct = smallDemo.commissions.first {
        $0.level == "precinct" && $0.parentID != precinct.parentID && $0.parentID != "cec"
    }!

    static func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }
    static func time(_ text: String) -> CivilDateTime { CivilDateTime(parsing: text)! }

    static func member(
        _ id: String, of commissionID: String, position: MemberPosition = .member, party: String = "nur-otan",
        bodyKind: String = "district-maslikhat",
        from start: CivilDate = termStart, name: LocalizedText? = nil
    ) -> CommissionMember {
        CommissionMember(
            id: id, commissionID: commissionID, name: name ?? LocalizedText("Member \(id)"), position: position, nomination: .party(party),
            appointedBy: AppointingBody(kind: bodyKind, id: "maslikhat-of-\(commissionID)"), appointingDecision: "maslikhat decision 3/1",
            termStart: start, termEnd: termEnd)
    }

    static func id(_ commissionID: String, _ n: Int) -> String { "\(commissionID)-m\(n)" }

    /// Seats seven voting members m1…m7 (m1 chair, m2 deputy, m3 secretary); m7 nominated by an opposition party.
    static func seat(_ store: HattamaStore, _ commissionID: String) async throws {
        let positions: [MemberPosition] = [.chair, .deputyChair, .secretary, .member, .member, .member, .member]
        for (i, position) in positions.enumerated() {
            try await store.commissionWork.appointMember(
                member(id(commissionID, i + 1), of: commissionID, position: position, party: i == 6 ? "ak-zhol" : "nur-otan"),
                election: election, by: .system)
        }
    }

    static let agenda = LocalizedText(kk: "Шағымды қарау", ru: "О рассмотрении жалобы", en: "Hearing a complaint")

    static func session(
        _ id: String, of commissionID: String, opensAt: String = "2011-03-20T10:00", present: [Int], complaintID: String? = nil
    ) -> Session {
        let opening = time(opensAt)
        return Session(
            id: id, commissionID: commissionID, opensAt: opening, noticePublishedAt: CivilDateTime(startOf: opening.date.adding(days: -1)),
            agenda: [AgendaItem(number: 1, title: agenda, complaintID: complaintID)], present: present.map { Self.id(commissionID, $0) },
            convenedBy: .chair(memberID: Self.id(commissionID, 1)))
    }

    static let texts = DecisionTexts(
        kk: [Provision("1", "Шағым қанағаттандырылсын."), Provision("2", "Шешім жариялансын.")],
        ru: [Provision("1", "Жалобу удовлетворить."), Provision("2", "Решение опубликовать.")],
        en: [Provision("1", "The complaint is upheld."), Provision("2", "The decision is published.")])

    static func decision(
        _ id: String, of commissionID: String, session: String, complaintID: String? = nil, inFavour: [Int], against: [Int] = [],
        texts: DecisionTexts = texts, dissents: [DissentingOpinion] = []
    ) -> Decision {
        Decision(
            id: id, commissionID: commissionID, sessionID: session, number: "\(id)/2011", agendaItem: 1, complaintID: complaintID,
            texts: texts,
            votes: inFavour.map { RecordedVote(Self.id(commissionID, $0), .inFavour) }
                + against.map { RecordedVote(Self.id(commissionID, $0), .against) },
            dissents: dissents)
    }
}

@Suite struct CommissionWorkStoreTests {
    typealias F = WorkFixture

    @Test(arguments: TestBackend.available)
    func membersSubstitutionsAndHostileInput(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let c = F.precinct.id
            try await F.seat(store, c)
            let before = try await snapshot(store)
            let hostile: [(String, CommissionMember)] = [
                ("unentitled body", F.member("x1", of: c, bodyKind: "regional-commission")),
                ("duplicate", F.member(F.id(c, 1), of: c)),
                ("eighth member", F.member("x2", of: c)),
                ("unknown commission", F.member("x3", of: "nowhere")),
                ("control characters", F.member("x4", of: c, name: LocalizedText("Bad\u{0}name"))),
                ("control character in the id", F.member("x\u{7}", of: c)),
            ]
            for (name, member) in hostile {
                await #expect(throws: StoreError.self, "\(name)") {
                    try await store.commissionWork.appointMember(member, election: F.election, by: .system)
                }
            }
            // The Astana case: a territorial commission replacing a precinct member is refused with the rule named.
            let astana = Substitution(
                leavingMemberID: F.id(c, 5), leftOn: F.day("2011-03-01"), reason: LeavingReason(.unavailable),
                replacement: F.member("r1", of: c, bodyKind: "regional-commission", from: F.day("2011-03-01")))
            do {
                try await store.commissionWork.substituteMember(astana, election: F.election, by: .system)
                Issue.record("an unentitled substitution was accepted")
            } catch let error as StoreError {
                #expect(error.description.contains("unentitled-appointing-body"))
                #expect(error.description.contains("Art. 10"))
                #expect(error.description.contains("district-maslikhat"))
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.recordDeparture(
                    of: "ghost", commission: c, on: F.day("2011-03-01"), reason: LeavingReason(.resignation), election: F.election,
                    by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.refuseRepresentative(
                    RepresentativeRefusal(
                        commissionID: c, partyID: "osdp", personName: LocalizedText("P"), date: F.day("2011-03-01"), reason: "  "),
                    election: F.election, by: .system)
            }
            #expect(try await snapshot(store) == before)

            // The entitled body replaces the member; the history shows both acts.
            var entitled = astana
            entitled.replacement = F.member("r1", of: c, from: F.day("2011-03-01"))
            let acts = try await store.commissionWork.substituteMember(entitled, election: F.election, by: .system)
            #expect(acts.map(\.act.kind) == [.memberLeft, .replacementAppointed])
            try await store.commissionWork.registerRepresentative(
                CommissionMember(
                    id: "rep-osdp", commissionID: c, name: LocalizedText("Rep"), votingRight: .consultative, nomination: .party("osdp"),
                    appointedBy: AppointingBody(kind: "party", id: "osdp"), appointingDecision: "party letter 1", termStart: F.termStart,
                    termEnd: F.termEnd), election: F.election, by: .system)
            try await store.commissionWork.refuseRepresentative(
                RepresentativeRefusal(
                    commissionID: c, partyID: "cpk", personName: LocalizedText("Refused"), date: F.day("2011-03-02"),
                    reason: "prosecutor's opinion"),
                election: F.election, by: .system)
            let report = try await store.commissionWork.composition(election: F.election, commission: c)
            #expect(report.composition.votingMembers.count == 7)
            #expect(report.composition.consultativeMembers.map(\.id) == ["rep-osdp"])
            #expect(report.balance.majorityParty == "nur-otan")
            #expect(report.substitutions.count == 1)
            #expect(report.refusals.count == 1)
            let history = try await store.commissionWork.membershipHistory(election: F.election, commission: c)
            #expect(history.contains { $0.kind == .memberLeft && $0.subject == F.id(c, 5) })
            #expect(history.contains { $0.kind == .replacementAppointed && $0.subject == "r1" })
            #expect(history.contains { $0.kind == .representativeRefused })
            let national = try await store.commissionWork.nationalComposition(election: F.election)
            #expect(national.seated == 7)
            #expect(national.commissionsWithMajorityParty == 1)
            #expect(national.shares.first { $0.nomination == .party("ak-zhol") }.map { abs($0.share - 1.0 / 7) < 1e-9 } == true)
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test(arguments: TestBackend.available)
    func quorumAndMajorityCountTheStatutoryMembership(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let c = F.precinct.id
            try await F.seat(store, c)
            // Two members leave: 5 seated of 7 statutory.
            for n in [6, 7] {
                try await store.commissionWork.recordDeparture(
                    of: F.id(c, n), commission: c, on: F.day("2011-03-01"), reason: LeavingReason(.resignation), election: F.election,
                    by: .system)
            }
            let full = try await store.commissionWork.scheduleSession(
                F.session("s1", of: c, present: [1, 2, 3, 4, 5]), election: F.election, by: .system)
            #expect(full.quorum?.required == 5)
            #expect(full.quorum?.vacancies == 2)
            #expect(full.quorum?.met == true)
            let thin = try await store.commissionWork.scheduleSession(
                F.session("s2", of: c, opensAt: "2011-03-21T10:00", present: [1, 2, 3, 4]), election: F.election, by: .system)
            #expect(thin.quorum?.met == false)
            let before = try await snapshot(store)
            let refused: [(String, Decision)] = [
                // 3 of 7 is not a majority of the statutory membership, though it is of those present.
                ("no majority", F.decision("d1", of: c, session: "s1", inFavour: [1, 2, 3], against: [4, 5])),
                ("no quorum", F.decision("d2", of: c, session: "s2", inFavour: [1, 2, 3, 4])),
                ("departed voter", F.decision("d3", of: c, session: "s1", inFavour: [1, 2, 3, 4, 6])),
                (
                    "Russian text lacks a provision",
                    F.decision(
                        "d4", of: c, session: "s1", inFavour: [1, 2, 3, 4, 5],
                        texts: DecisionTexts(kk: F.texts.kk, ru: [Provision("1", "Жалобу удовлетворить.")]))
                ),
                ("unknown session", F.decision("d5", of: c, session: "nope", inFavour: [1, 2, 3, 4, 5])),
                ("control character in the id", F.decision("x\u{1B}", of: c, session: "s1", inFavour: [1, 2, 3, 4, 5])),
            ]
            for (name, decision) in refused {
                await #expect(throws: StoreError.self, "\(name)") {
                    try await store.commissionWork.recordDecision(
                        decision, publishedAt: F.time("2011-03-20T12:00"), election: F.election, by: .system)
                }
            }
            do {
                try await store.commissionWork.recordDecision(
                    refused[3].1, publishedAt: F.time("2011-03-20T12:00"), election: F.election, by: .system)
            } catch let error as StoreError {
                #expect(error.description.contains("texts-differ"))
                #expect(error.description.contains("Russian text lacks provision 2"))
            }
            await #expect(throws: StoreError.self) {
                // A member of another commission is never present here.
                var session = F.session("s3", of: c, present: [1, 2, 3, 4, 5])
                session.present.append(F.id(F.otherPrecinct.id, 1))
                try await store.commissionWork.scheduleSession(session, election: F.election, by: .system)
            }
            #expect(try await snapshot(store) == before)
            // Four of seven, with a dissent from one who voted against.
            let adopted = try await store.commissionWork.recordDecision(
                F.decision(
                    "d6", of: c, session: "s1", inFavour: [1, 2, 3, 4], against: [5],
                    dissents: [DissentingOpinion(memberID: F.id(c, 5), language: .ru, text: "Не согласен")]),
                publishedAt: F.time("2011-03-20T12:00"), election: F.election, by: .system)
            #expect(adopted.tally?.required == 4)
            #expect(adopted.tally?.adopted == true)
            let listed = try await store.commissionWork.decisions(election: F.election, commission: c)
            #expect(listed.map(\.decision.id) == ["d6"])
            #expect(listed[0].logIndex == adopted.logIndex)
            #expect(try await store.commissionWork.sessions(election: F.election, commission: c).count == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func complaintsAreDecidedOnlyBySessionDecisions(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let p = F.precinct.id
            let d = F.district.id
            try await F.seat(store, p)
            try await F.seat(store, d)
            let filed = try await store.commissionWork.fileComplaint(
                id: "c1", complainant: Complainant(kind: .party, name: "OSDP", reference: "osdp"),
                subject: .act(commissionID: p, reference: "refusal of an observer"), summary: "Observer not admitted",
                receivedAt: F.time("2011-03-18T09:00"), election: F.election, by: .system)
            #expect(filed.complaint.venue == .commission(d))
            #expect(filed.complaint.deadline.lastDay == F.day("2011-03-23"))
            let onElectionDay = try await store.commissionWork.fileComplaint(
                id: "c2", complainant: Complainant(kind: .voter, name: "A voter"), subject: .voterList(commissionID: p),
                summary: "Not on the list", receivedAt: F.time("2011-04-03T08:00"), election: F.election, by: .system)
            #expect(onElectionDay.complaint.deadline.kind == .sameDay)
            #expect(onElectionDay.complaint.venue == .commission(p))

            let before = try await snapshot(store)
            // Forbidden transitions and hostile input change nothing.
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.publishComplaintDecision(
                    id: "c1", at: F.time("2011-03-19T10:00"), election: F.election, by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.scheduleComplaint(id: "c1", session: "s1", election: F.election, by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.decideComplaint(
                    id: "c1", bySessionDecision: "none", outcome: .upheld, at: F.time("2011-03-19T10:00"), election: F.election, by: .system
                )
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.fileComplaint(
                    id: "c1", complainant: Complainant(kind: .voter, name: "dup"), subject: .body(commissionID: p), summary: "dup",
                    receivedAt: F.time("2011-03-18T09:00"), election: F.election, by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.fileComplaint(
                    id: "c9", complainant: Complainant(kind: .candidate, name: "no reference"), subject: .body(commissionID: p),
                    summary: "x",
                    receivedAt: F.time("2011-03-18T09:00"), election: F.election, by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.fileComplaint(
                    id: "c9", complainant: Complainant(kind: .voter, name: "<script>"), subject: .body(commissionID: "nowhere"),
                    summary: "x",
                    receivedAt: F.time("2011-03-18T09:00"), election: F.election, by: .system)
            }
            #expect(try await snapshot(store) == before)

            let registered = try await store.commissionWork.registerComplaint(
                id: "c1", at: F.time("2011-03-18T10:00"), election: F.election, by: .system)
            #expect(registered.act.summary.contains("\(d)/2011/0001"))
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.registerComplaint(
                    id: "c1", at: F.time("2011-03-18T11:00"), election: F.election, by: .system)
            }
            try await store.commissionWork.scheduleSession(
                F.session("s1", of: d, present: [1, 2, 3, 4, 5, 6], complaintID: "c1"), election: F.election, by: .system)
            try await store.commissionWork.scheduleComplaint(id: "c1", session: "s1", election: F.election, by: .system)
            // A decision of the precinct commission (not competent) and one about nothing are refused.
            try await store.commissionWork.scheduleSession(
                F.session("s1", of: p, present: [1, 2, 3, 4, 5], complaintID: "c1"), election: F.election, by: .system)
            try await store.commissionWork.recordDecision(
                F.decision("pd1", of: p, session: "s1", inFavour: [1, 2, 3, 4, 5]), publishedAt: F.time("2011-03-20T11:00"),
                election: F.election,
                by: .system)
            try await store.commissionWork.recordDecision(
                F.decision("dd0", of: d, session: "s1", inFavour: [1, 2, 3, 4, 5]), publishedAt: F.time("2011-03-20T11:00"),
                election: F.election,
                by: .system)
            let mid = try await snapshot(store)
            for decision in ["pd1", "dd0", "missing"] {
                await #expect(throws: StoreError.self, "\(decision)") {
                    try await store.commissionWork.decideComplaint(
                        id: "c1", bySessionDecision: decision, outcome: .upheld, at: F.time("2011-03-20T12:00"), election: F.election,
                        by: .system)
                }
            }
            #expect(try await snapshot(store) == mid)
            try await store.commissionWork.recordDecision(
                F.decision("dd1", of: d, session: "s1", complaintID: "c1", inFavour: [1, 2, 3, 4, 5], against: [6]),
                publishedAt: F.time("2011-03-20T11:30"), election: F.election, by: .system)
            try await store.commissionWork.decideComplaint(
                id: "c1", bySessionDecision: "dd1", outcome: .rejected, at: F.time("2011-03-20T12:00"), election: F.election, by: .system)
            try await store.commissionWork.publishComplaintDecision(
                id: "c1", at: F.time("2011-03-20T13:00"), election: F.election, by: .system)
            let appeal = try await store.commissionWork.appealComplaint(
                id: "c1", appealID: "c1-appeal", summary: "Appeal", filedAt: F.time("2011-03-21T09:00"), election: F.election, by: .system)
            #expect(appeal.complaint.venue == .commission(F.district.parentID!))
            #expect(appeal.complaint.appealOf == "c1")
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.appealComplaint(
                    id: "c1", appealID: "c1-appeal-2", summary: "Again", filedAt: F.time("2011-03-22T09:00"), election: F.election,
                    by: .system)
            }
            let all = try await store.commissionWork.complaints(election: F.election, at: F.time("2011-04-04T00:00"))
            #expect(
                Dictionary(uniqueKeysWithValues: all.map { ($0.complaint.id, $0.complaint.state) }) == [
                    "c1": .appealed, "c2": .received, "c1-appeal": .received,
                ])
            let overdue = try await store.commissionWork.complaints(
                election: F.election, filter: ComplaintFilter(overdueOnly: true), at: F.time("2011-04-04T00:00"))
            #expect(Set(overdue.map(\.complaint.id)) == ["c2", "c1-appeal"])
            let stats = try await store.commissionWork.complaintStatistics(election: F.election, venue: d, at: F.time("2011-04-04T00:00"))
            #expect(stats.first?.decidedCollegially == 1)
            #expect(stats.first?.rejected == 1)

            // Court cases: hearing, ruling (kept in its own row), publication.
            try await store.commissionWork.fileComplaint(
                id: "k1", complainant: Complainant(kind: .candidate, name: "A candidate", reference: "kasymov"),
                subject: .body(commissionID: p),
                route: .court("astana-district-court"), summary: "To court", receivedAt: F.time("2011-03-18T09:00"), election: F.election,
                by: .system)
            try await store.commissionWork.registerComplaint(
                id: "k1", at: F.time("2011-03-18T10:00"), courtNumber: "court-2-11", election: F.election, by: .system)
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.decideComplaint(
                    id: "k1", bySessionDecision: "dd1", outcome: .upheld, at: F.time("2011-03-20T12:00"), election: F.election, by: .system)
            }
            try await store.commissionWork.scheduleHearing(id: "k1", at: F.time("2011-03-19T10:00"), election: F.election, by: .system)
            try await store.commissionWork.recordCourtRuling(
                id: "k1", reference: "ruling 2-11", outcome: .partlyUpheld, at: F.time("2011-03-19T15:00"), election: F.election,
                by: .system)
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test(arguments: TestBackend.available)
    func membersOfOneCommissionCannotActInAnother(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let p = F.precinct.id
            let q = F.otherPrecinct.id
            try await F.seat(store, p)
            try await F.seat(store, q)
            let secretary = try await store.accounts.addUser(
                username: "sec-p", password: "correct horse battery", role: .commissionSecretary, commissionID: p, by: .system)
            let member = try await store.accounts.addUser(
                username: "member-q", password: "correct horse battery", role: .commissionMember, commissionID: q, by: .system)
            try await store.commissionWork.scheduleSession(
                F.session("s1", of: q, present: [1, 2, 3, 4, 5]), election: F.election, by: .system)
            let before = try await snapshot(store)
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.scheduleSession(
                    F.session("s2", of: q, present: [1, 2, 3, 4, 5]), election: F.election, by: .user(secretary))
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.recordDecision(
                    F.decision("d1", of: q, session: "s1", inFavour: [1, 2, 3, 4, 5]), publishedAt: F.time("2011-03-20T12:00"),
                    election: F.election, by: .user(secretary))
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.recordDecision(
                    F.decision("d1", of: q, session: "s1", inFavour: [1, 2, 3, 4, 5]), publishedAt: F.time("2011-03-20T12:00"),
                    election: F.election, by: .user(member))
            }
            await #expect(throws: StoreError.self) {
                try await store.commissionWork.appointMember(F.member("x", of: q), election: F.election, by: .user(secretary))
            }
            #expect(try await snapshot(store) == before)
            // In its own commission the secretary records.
            try await store.commissionWork.scheduleSession(
                F.session("s1", of: p, present: [1, 2, 3, 4, 5]), election: F.election, by: .user(secretary))
        }
    }

    @Test(arguments: TestBackend.available)
    func verifyLogNamesATamperedDecision(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let c = F.precinct.id
            try await F.seat(store, c)
            try await store.commissionWork.scheduleSession(
                F.session("s1", of: c, present: [1, 2, 3, 4, 5]), election: F.election, by: .system)
            let decision = try await store.commissionWork.recordDecision(
                F.decision("d1", of: c, session: "s1", inFavour: [1, 2, 3, 4, 5]), publishedAt: F.time("2011-03-20T12:00"),
                election: F.election, by: .system)
            try await store.commissionWork.fileComplaint(
                id: "c1", complainant: Complainant(kind: .voter, name: "V"), subject: .voterList(commissionID: c), summary: "Missing",
                receivedAt: F.time("2011-03-18T09:00"), election: F.election, by: .system)
            #expect(try await store.log.verifyLog().isValid)
            let index = try #require(decision.logIndex)
            try await store.backend.withDatabase { db in
                try await db.raw(
                    "UPDATE commission_decisions SET body = REPLACE(body, \(bind: "Жалобу удовлетворить."), \(bind: "Жалобу отклонить."))"
                ).run()
                try await db.raw("UPDATE complaints SET state = 'decided' WHERE id = 'c1'").run()
            }
            let report = try await store.log.verifyLog()
            #expect(report.problems.contains { $0.index == index && $0.subject.contains("d1") && $0.message.contains("no longer matches") })
            #expect(report.problems.contains { $0.subject.contains("complaints c1") && $0.message.contains("column state") })
            try await store.backend.withDatabase { db in
                try await db.raw("DELETE FROM commission_sessions").run()
            }
            #expect(try await store.log.verifyLog().problems.contains { $0.message.contains("has no row") })
        }
    }

    @Test(arguments: TestBackend.available)
    func demoReproducesTheReportsPattern(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let work = DemoCommissionWork(structure: smallDemo, profile: kzProfile, seed: DemoGenerator.defaultSeed)
            try await work.load(into: store, election: F.election, by: .system)
            let national = try await store.commissionWork.nationalComposition(election: F.election)
            let opposition = national.shares.filter {
                $0.nomination.kind == .party && DemoCommissionWork.oppositionParties.contains($0.nomination.id)
            }.reduce(0) { $0 + $1.share }
            #expect(opposition > 0.03 && opposition < 0.09, "opposition share \(opposition)")
            #expect(national.shares.first?.nomination == .party(DemoCommissionWork.dominantParty))
            #expect(Double(national.commissionsWithMajorityParty) > 0.7 * Double(national.commissions))
            let complaints = try await store.commissionWork.complaints(
                election: F.election, at: CivilDateTime(parsing: "2011-04-04T00:00")!)
            #expect(Set(complaints.map(\.complaint.state)) == Set(ComplaintState.allCases))
            #expect(complaints.contains { $0.overdue })
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test(arguments: TestBackend.available)
    func vacanciesAreFilledOnlyByEntitledOrInterimBodies(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let c = F.precinct.id
            try await F.seat(store, c)
            try await store.commissionWork.recordDeparture(
                of: F.id(c, 4), commission: c, on: F.day("2011-03-01"), reason: LeavingReason(.other, detail: "moved away"),
                election: F.election,
                by: .system)
            let before = try await snapshot(store)
            let hostile: [(String, String, CommissionMember)] = [
                ("unentitled body", F.id(c, 4), F.member("r1", of: c, bodyKind: "regional-commission", from: F.day("2011-03-02"))),
                ("seat not vacant", F.id(c, 5), F.member("r1", of: c, from: F.day("2011-03-02"))),
                ("before the vacancy", F.id(c, 4), F.member("r1", of: c, from: F.day("2011-02-20"))),
                ("unknown member", "ghost", F.member("r1", of: c, from: F.day("2011-03-02"))),
                ("control characters", F.id(c, 4), F.member("r1", of: c, from: F.day("2011-03-02"), name: LocalizedText("a\u{8}b"))),
            ]
            for (name, vacancy, replacement) in hostile {
                await #expect(throws: StoreError.self, "\(name)") {
                    try await store.commissionWork.fillVacancy(of: vacancy, with: replacement, election: F.election, by: .system)
                }
            }
            await #expect(throws: StoreError.self, "a voting member is not a representative") {
                try await store.commissionWork.registerRepresentative(F.member("rep", of: c), election: F.election, by: .system)
            }
            await #expect(throws: StoreError.self, "other reason needs a detail") {
                try await store.commissionWork.recordDeparture(
                    of: F.id(c, 5), commission: c, on: F.day("2011-03-01"), reason: LeavingReason(.other), election: F.election, by: .system
                )
            }
            #expect(try await snapshot(store) == before)
            // The district commission fills the seat in the interim; the maslikhat then supersedes it.
            try await store.commissionWork.fillVacancy(
                of: F.id(c, 4), with: F.member("i1", of: c, bodyKind: "district-commission", from: F.day("2011-03-02")),
                election: F.election,
                by: .system)
            try await store.commissionWork.fillVacancy(
                of: F.id(c, 4), with: F.member("r1", of: c, from: F.day("2011-03-05")), election: F.election, by: .system)
            let members = try await store.commissionWork.commissionMembers(election: F.election, commission: c)
            let interim = try #require(members.first { $0.member.id == "i1" })
            #expect(interim.member.interim)
            #expect(interim.member.leftOn == F.day("2011-03-05"))
            #expect(interim.logIndex != interim.appointmentLogIndex)
            #expect(try await store.commissionWork.composition(election: F.election, commission: c).composition.votingMembers.count == 7)
            #expect(try await store.log.verifyLog().isValid)
        }
    }
}
