import Foundation
import HattamaCore
import Testing

private typealias F = CommissionFixture

private let maslikhat = AppointingBody(kind: "district-maslikhat", id: "esil-maslikhat")

private func member(
    _ id: String, _ name: String, nomination: Nomination = .party("nur-otan"), votingRight: VotingRight = .deciding,
    from start: String = "2010-01-15", status: MemberStatus = .active, replaces: String? = nil, interim: Bool = false,
    by body: AppointingBody = maslikhat, decision: String = "decision 31/4"
) -> CommissionMember {
    CommissionMember(
        id: id, commissionID: "pec-1", name: LocalizedText(kk: "\(name) kk", ru: "\(name) ru", en: name), votingRight: votingRight,
        nomination: nomination, appointedBy: body, appointingDecision: decision, termStart: F.day(start), termEnd: F.termEnd,
        status: status, replaces: replaces, interim: interim)
}

private func refusal(_ party: String, _ name: String, on day: String, reason: String = "prosecutor's opinion") -> RepresentativeRefusal {
    RepresentativeRefusal(
        commissionID: "pec-1", partyID: party, personName: LocalizedText(name), date: F.day(day), reason: reason,
        decisionReference: "decision 2/7")
}

@Suite("Membership history")
struct MembershipHistoryTests {
    // MARK: Events

    @Test func anAppointmentIsData() {
        let event = MembershipEvent.appointment(of: member("m1", "A. Member"))
        #expect(
            event
                == .appointed(
                    memberID: "m1", name: LocalizedText(kk: "A. Member kk", ru: "A. Member ru", en: "A. Member"), votingRight: .deciding,
                    nomination: .party("nur-otan"), appointedBy: maslikhat, decision: "decision 31/4", replaces: nil, interim: false))
        #expect(event.kind == .memberAppointed && event.subject == "m1")
        #expect(event.description == "A. Member (party:nur-otan) appointed by esil-maslikhat (decision 31/4)")
    }

    @Test func aReplacementFillsTheRestOfTheTermOrTheInterim() {
        let replacement = MembershipEvent.appointment(of: member("r1", "B. Replacement", nomination: .body("veterans"), replaces: "m5"))
        #expect(replacement.kind == .replacementAppointed && replacement.subject == "r1")
        #expect(
            replacement.description
                == "B. Replacement (body:veterans) appointed by esil-maslikhat (decision 31/4) for the rest of the term of m5")
        let commission = AppointingBody(kind: "district-commission", id: "astana-esil")
        let interim = MembershipEvent.appointment(
            of: member("r2", "C. Interim", replaces: "m6", interim: true, by: commission, decision: "decision 9/2"))
        #expect(interim.kind == .replacementAppointed)
        #expect(interim.description == "C. Interim (party:nur-otan) appointed by astana-esil (decision 9/2) in the interim for m6")
    }

    @Test func aRepresentativeIsRegisteredNotAppointed() {
        let representative = MembershipEvent.appointment(
            of: member("rep-osdp", "D. Representative", nomination: .party("osdp"), votingRight: .consultative))
        #expect(representative.kind == .representativeRegistered && representative.subject == "rep-osdp")
        #expect(representative.description == "D. Representative (party:osdp) appointed by esil-maslikhat (decision 31/4)")
        // Consultative first: a representative is never a replacement member.
        let replacing = MembershipEvent.appointment(of: member("rep-2", "E.", votingRight: .consultative, replaces: "rep-osdp"))
        #expect(replacing.kind == .representativeRegistered)
    }

    @Test func aDepartureNamesItsReason() {
        let unavailable = MembershipEvent.left(memberID: "m5", name: LocalizedText("F. Leaver"), reason: LeavingReason(.unavailable))
        #expect(unavailable.kind == .memberLeft && unavailable.subject == "m5")
        #expect(unavailable.description == "F. Leaver left (unavailable)")
        let other = MembershipEvent.left(
            memberID: "m6", name: LocalizedText("G. Leaver"), reason: LeavingReason(.other, detail: "moved abroad"))
        #expect(other.description == "G. Leaver left (other: moved abroad)")
        let superseded = MembershipEvent.left(memberID: "r2", name: LocalizedText("C."), reason: LeavingReason(.supersededByEntitledBody))
        #expect(superseded.description == "C. left (superseded-by-entitled-body)")
    }

    @Test func aRefusedRepresentativeIsAboutTheParty() {
        let event = MembershipEvent.representativeRefused(
            partyID: "osdp", name: LocalizedText("H. Refused"), reason: "prosecutor's opinion", decisionReference: nil)
        #expect(event.kind == .representativeRefused && event.subject == "osdp")
        #expect(event.description == "representative H. Refused of osdp refused: prosecutor's opinion")
    }

    @Test func eventsEncodeWithTheirLabels() throws {
        let events: [MembershipEvent] = [
            .appointment(of: member("r1", "B.", replaces: "m5", interim: true)),
            .left(memberID: "m5", name: LocalizedText("F."), reason: LeavingReason(.other, detail: "moved")),
            .representativeRefused(partyID: "osdp", name: LocalizedText("H."), reason: "late", decisionReference: "2/7"),
        ]
        let data = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([MembershipEvent].self, from: data) == events)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""memberID":"r1""#) && text.contains(#""partyID":"osdp""#) && !text.contains("_0"))
    }

    // MARK: The history

    @Test func historyIsByDateKeepingTheOrderOfTheRecord() {
        let leaver = member("m5", "F. Leaver", status: .left(on: F.day("2011-03-01"), reason: LeavingReason(.unavailable)))
        let replacement = member("r1", "B. Replacement", from: "2011-03-01", replaces: "m5")
        let representative = member("rep-osdp", "D.", nomination: .party("osdp"), votingRight: .consultative, from: "2011-02-20")
        // Appointed and left on one day: still appointment first.
        let brief = member(
            "m9", "I. Brief", from: "2011-03-05", status: .left(on: F.day("2011-03-05"), reason: LeavingReason(.incompatibleOffice)))
        let lines = MembershipHistory.build(
            members: [(member("m1", "A."), 10, 11), (leaver, 20, 21), (replacement, 30, 31), (representative, 40, 41), (brief, 50, 51)],
            refusals: [(refusal("cpk", "J.", on: "2011-03-01"), 60), (refusal("azat", "K.", on: "2010-01-15"), 70)])
        #expect(
            lines.map { "\($0.date) \($0.event.kind.rawValue) \($0.event.subject) \($0.reference)" } == [
                "2010-01-15 member-appointed m1 10",
                "2010-01-15 member-appointed m5 20",
                "2010-01-15 representative-refused azat 70",
                "2011-02-20 representative-registered rep-osdp 40",
                "2011-03-01 member-left m5 21",
                "2011-03-01 replacement-appointed r1 30",
                "2011-03-01 representative-refused cpk 60",
                "2011-03-05 member-appointed m9 50",
                "2011-03-05 member-left m9 51",
            ])
        #expect(lines[4].event == .left(memberID: "m5", name: leaver.name, reason: LeavingReason(.unavailable)))
        #expect(
            lines[6].event
                == .representativeRefused(
                    partyID: "cpk", name: LocalizedText("J."), reason: "prosecutor's opinion", decisionReference: "decision 2/7"))
    }

    @Test func referencesMayBeAbsent() {
        // The store's log indices: nil for an act recorded before the log, or a member who never left.
        let lines: [MembershipHistoryLine<Int?>] = MembershipHistory.build(
            members: [(member("m1", "A."), 3, nil)], refusals: [(refusal("cpk", "J.", on: "2011-03-01"), nil)])
        #expect(lines.map(\.reference) == [3, nil])
        #expect(
            lines == [
                MembershipHistoryLine(date: F.termStart, event: .appointment(of: member("m1", "A.")), reference: 3),
                MembershipHistoryLine(
                    date: F.day("2011-03-01"),
                    event: .representativeRefused(
                        partyID: "cpk", name: LocalizedText("J."), reason: "prosecutor's opinion", decisionReference: "decision 2/7"),
                    reference: nil),
            ])
    }

    @Test func withoutReferencesTheLinesPointAtTheirSources() {
        let leaver = member("m5", "F.", status: .left(on: F.day("2011-03-01"), reason: LeavingReason(.death)))
        let lines = MembershipHistory.build(
            members: [leaver, member("m1", "A.", from: "2011-02-01")], refusals: [refusal("cpk", "J.", on: "2010-12-01")])
        #expect(lines.map(\.event.kind) == [.memberAppointed, .representativeRefused, .memberAppointed, .memberLeft])
        #expect(lines.map(\.reference) == [0, 0, 1, 0])
        #expect(MembershipHistory.build(members: [], refusals: []).isEmpty)
    }
}
