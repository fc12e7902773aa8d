import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// The store is a thin step around Core's rules (issue 11): the protocol-version chain, the
/// voter-list request case and the membership history are Core's, and the store refuses with
/// exactly Core's error, writing nothing.
@Suite struct CoreRulesInStoreTests {
    @Test(arguments: TestBackend.available)
    func protocolVersionsFollowCoresChain(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            let (secretary, precincts) = try await prepareElection(store)
            let first = kzProtocol(precincts[0])
            let precinct = first.precinctID
            let empty = try await snapshot(store)
            // Version 1 is the count itself, not a correction of nothing.
            await #expect(
                throws: StoreError.invalid(ProtocolVersionError.firstNotOriginal(precinctID: precinct, reason: .recount).description)
            ) {
                try await store.results.submitProtocol(
                    try await signed(store, first, reason: .recount, decision: "TEC 1/1"), by: .user(secretary))
            }
            let tooLong = String(repeating: "d", count: ProtocolVersionChain.decisionReferenceLimit + 1)
            await #expect(
                throws: StoreError.invalid(ProtocolVersionError.decisionReferenceTooLong(length: tooLong.count, limit: 200).description)
            ) {
                try await store.results.submitProtocol(
                    try await signed(store, first, reason: .recount, decision: tooLong), by: .user(secretary))
            }
            #expect(try await snapshot(store) == empty)

            let original = try await store.results.submitProtocol(try await signed(store, first), by: .user(secretary))
            #expect(original.version == 1 && original.reason == .original)
            let counted = try await snapshot(store)
            // A later version is a correction and names its grounds.
            let second = kzProtocol(precincts[0], nazarbayev: 0.8)
            await #expect(
                throws: StoreError.invalid(ProtocolVersionError.correctionWithoutReason(precinctID: precinct, version: 2).description)
            ) {
                try await store.results.submitProtocol(try await signed(store, second), by: .user(secretary))
            }
            // The same bytes again correct nothing, whatever the reason given.
            await #expect(
                throws: StoreError.conflict(ProtocolVersionError.identicalToCurrent(precinctID: precinct, version: 1).description)
            ) {
                try await store.results.submitProtocol(try await signed(store, first, reason: .recount), by: .user(secretary))
            }
            // In an import the conflict names its item, and the whole import stores nothing.
            let other = kzProtocol(precincts[1])
            await #expect(
                throws: StoreError.conflict(
                    "item 2: " + ProtocolVersionError.identicalToCurrent(precinctID: precinct, version: 1).description)
            ) {
                try await store.results.submitProtocols(
                    [try await signed(store, other), try await signed(store, first, reason: .courtDecision)], by: .system)
            }
            #expect(try await snapshot(store) == counted)
            let record = try await store.results.protocolRecord(election: DemoGenerator.electionID, precinct: precinct)
            #expect(record.history == [original])
        }
    }

    @Test(arguments: TestBackend.available)
    func voterListRequestsFollowCoresCase(backend: TestBackend) async throws {
        typealias F = VoterStoreFixture
        try await withStore(backend) { store async throws in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<3).utf8), commission: "tec-a", by: .system)
            let rules = kzProfile.complaintDeadlines
            let record = F.record(70, at: "pec-2")
            let before = try await snapshot(store)
            // Filed before the list is displayed for public scrutiny.
            let opens = kzProfile.listDisplayDate(stationKind: PrecinctKind.ordinaryID, electionDay: F.electionDay)
            let early = CivilDateTime(date: opens.adding(days: -1), time: "12:00")!
            await #expect(
                throws: StoreError.conflict(
                    VoterListRequestError.listNotYetOpen(precinctID: "pec-2", opens: opens, date: early.date).description)
            ) {
                try await store.voterActs.fileRequest(.inclusion, record: record, proof: "address registration", at: early, by: .system)
            }
            await #expect(
                throws: StoreError.invalid(VoterListRequestError.invalidText(field: "proof of residence", problem: .empty).description)
            ) {
                try await store.voterActs.fileRequest(.inclusion, record: record, proof: " \n ", at: F.at(-10), by: .system)
            }
            #expect(try await snapshot(store) == before)

            let filedAt = F.at(-10, "10:00")
            let id = try await store.voterActs.fileRequest(
                .inclusion, record: record, proof: "  address registration ", at: filedAt, by: .system)
            let filed = try await snapshot(store)
            let pending = try #require(try await store.voterActs.requests(precinct: "pec-2", by: .system).first)
            #expect(pending.proof == "address registration" && pending.decision == nil)
            // Decided a day later: overdue for good, the request and the register unchanged.
            let late = F.at(-9, "09:00")
            let overdue = VoterListRequestError.overdue(
                requestID: id, filedOn: filedAt.date, deadline: .compute(filedAt: filedAt, rules: rules), date: late.date,
                appeal: VoterListRequestAppeal(rules: rules))
            for grant in [true, false] {
                await #expect(throws: StoreError.conflict(overdue.description)) {
                    try await store.voterActs.decideRequest(id: id, grant: grant, reason: "no proof", at: late, by: .system)
                }
            }
            #expect(try await snapshot(store) == filed)
            #expect(try await store.voterActs.requests(precinct: "pec-2", by: .system) == [pending])
            #expect(try await store.voters.publicLookup(iin: record.iin.digits, at: F.at(-9)) == .notListed)
            // A refusal gives its reason; that is checked before the request is even read.
            for missing in [nil, "   "] as [String?] {
                await #expect(throws: StoreError.self) {
                    try await store.voterActs.decideRequest(id: id, grant: false, reason: missing, at: filedAt, by: .system)
                }
            }
            await #expect(throws: StoreError.invalid(VoterListRequestError.refusalWithoutReason.description)) {
                try await store.voterActs.decideRequest(id: 9_999, grant: false, reason: nil, at: filedAt, by: .system)
            }
            #expect(try await snapshot(store) == filed)

            // Within the day the decision stands, once; the refusal's appeal route is Core's, as data.
            let refused = try await store.voterActs.decideRequest(
                id: id, grant: false, reason: " no proof of residence ", at: F.at(-10, "18:00"), by: .system)
            #expect(refused.decision == "refused" && refused.reason == "no proof of residence")
            #expect(refused.appeal == VoterListRequestAppeal(rules: rules) && refused.appealTo == rules.voterListAppealTo)
            let decided = try await snapshot(store)
            await #expect(throws: StoreError.conflict(VoterListRequestError.alreadyDecided(requestID: id).description)) {
                try await store.voterActs.decideRequest(id: id, grant: true, reason: nil, at: F.at(-10, "19:00"), by: .system)
            }
            #expect(try await snapshot(store) == decided)
        }
    }

    @Test(arguments: TestBackend.available)
    func membershipHistoryIsCoresEventsWithTheirLogEntries(backend: TestBackend) async throws {
        typealias F = WorkFixture
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let c = F.precinct.id
            try await F.seat(store, c)
            try await store.commissionWork.recordDeparture(
                of: F.id(c, 6), commission: c, on: F.day("2011-03-01"), reason: LeavingReason(.resignation), election: F.election,
                by: .system)
            try await store.commissionWork.refuseRepresentative(
                RepresentativeRefusal(
                    commissionID: c, partyID: "cpk", personName: LocalizedText("Refused"), date: F.day("2011-03-02"),
                    reason: "prosecutor's opinion"),
                election: F.election, by: .system)
            let history = try await store.commissionWork.membershipHistory(election: F.election, commission: c)
            let members = try await store.commissionWork.commissionMembers(election: F.election, commission: c)
            let refusals = try await store.commissionWork.composition(election: F.election, commission: c).refusals
            let expected = MembershipHistory.build(
                members: members.map { ($0.member, $0.appointmentLogIndex, $0.logIndex) },
                refusals: refusals.map { ($0.refusal, $0.logIndex) })
            #expect(history.map(\.event) == expected.map(\.event))
            #expect(history.map(\.date) == expected.map(\.date))
            #expect(history.map(\.logIndex) == expected.map(\.reference))
            #expect(history.allSatisfy { $0.logIndex != nil })
            // Structured: who left, and why, for each language to word.
            let left = try #require(history.first { $0.kind == .memberLeft })
            #expect(left.subject == F.id(c, 6))
            #expect(
                left.event == .left(memberID: F.id(c, 6), name: LocalizedText("Member \(F.id(c, 6))"), reason: LeavingReason(.resignation)))
            #expect(history.last?.event.kind == .representativeRefused && history.last?.subject == "cpk")
        }
    }

    /// The store's own copies of these rules and of the history's English are gone for good.
    @Test func theStoreKeepsNoCopyOfTheRules() throws {
        let copies = [
            "is a correction; name its reason", "the first protocol is an original", "reason: a refusal must give its reason",
            "had to be decided", "may be appealed to", ") appointed by ", " for the rest of the term of ", "requestDecisionDays",
        ]
        for file in try LayoutTests.storeSources() {
            for copy in copies {
                #expect(!file.text.contains(copy), "\(file.path) holds '\(copy)'")
            }
        }
    }
}
