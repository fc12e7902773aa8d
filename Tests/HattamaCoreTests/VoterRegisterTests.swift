import HattamaCore
import HattamaTestSupport
import Testing

@Suite("Voter register")
struct VoterRegisterTests {
    typealias F = VoterFixture

    @Test func fixtureStructureIsValid() throws {
        try F.structure.validate(against: F.profile)
    }

    @Test func anIINOnAnotherListIsAConflictAndNothingMoves() throws {
        var state = F.register()
        let before = state.list("pec-1")
        let moved = F.record(5, at: "pec-2")
        let fresh = F.record(99, at: "pec-2")
        #expect(throws: VoterListConflicts.self) { try state.register([fresh, moved]) }
        do {
            try state.register([fresh, moved])
        } catch {
            #expect(error.conflicts.count == 1)
            #expect(error.conflicts.first?.listedAt == "pec-1")
            #expect(error.conflicts.first?.attemptedAt == "pec-2")
        }
        #expect(state.list("pec-1") == before)
        #expect(state.record(F.iin(99)) == nil, "atomic: the fresh voter of the refused delivery was not added either")
        #expect(state.status(of: F.iin(5), on: "pec-1") == .active)
        #expect(state.status(of: F.iin(5), on: "pec-2") == nil)
    }

    @Test func reDeliveryIsUnchangedButDifferentParticularsConflict() throws {
        var state = F.register()
        #expect(try state.register([F.record(3, at: "pec-1")]) == 0)
        var changed = F.record(3, at: "pec-1")
        changed.address = "ул. Ленина, 5"
        #expect(throws: VoterListConflicts.self) { try state.register([changed]) }
        #expect(state.record(F.iin(3))?.address == "ул. Абая, 1")
    }

    @Test func duplicateWithinOneDeliveryIsAConflict() {
        var state = VoterRegisterState(structure: F.structure, profile: F.profile)!
        #expect(throws: VoterListConflicts.self) { try state.register([F.record(1, at: "pec-1"), F.record(1, at: "pec-2")]) }
        #expect(state.voterCount == 0)
    }

    @Test func specialStationExcludesFromHomeListVisiblyOnBoth() throws {
        var state = F.register()
        let voter = F.iin(7)
        try state.includeInSpecialList(voter, precinctID: "pec-h", at: F.at(3))
        #expect(state.status(of: voter, on: "pec-1") == .excludedForSpecialStation(precinctID: "pec-h"))
        #expect(state.status(of: voter, on: "pec-h") == .includedFromHomeList(homePrecinctID: "pec-1"))
        #expect(state.list("pec-1").contains { $0.iin == voter && $0.status == .excludedForSpecialStation(precinctID: "pec-h") })
        #expect(state.list("pec-h").map(\.iin) == [voter])
        // The home PEC cannot issue a ballot; the hospital can.
        #expect(throws: VoterRegisterRefusal.excludedForSpecialStation(precinctID: "pec-h")) {
            try state.issueBallot(voter, at: "pec-1", time: F.at(0, "09:00"))
        }
        try state.issueBallot(voter, at: "pec-h", time: F.at(0, "09:00"))
        #expect(state.ballotsIssued(at: "pec-h") == 1)
        #expect(state.ballotsIssued(at: "pec-1") == 0)
    }

    @Test func selfServiceLookupGivesOnlyTheStation() throws {
        var state = F.register()
        let voter = F.iin(7)
        #expect(
            state.pollingStation(for: voter)
                == PollingStationLookup(precinctNumber: 1, settlement: F.aksu, address: LocalizedText("School 1")))
        try state.includeInSpecialList(voter, precinctID: "pec-h", at: F.at(3))
        #expect(state.pollingStation(for: voter)?.precinctNumber == 4)
        #expect(state.pollingStation(for: F.iin(999)) == nil)
    }

    @Test func undoRestoresTheHomeListAndIsRecorded() throws {
        var state = F.register()
        let voter = F.iin(8)
        try state.includeInSpecialList(voter, precinctID: "pec-h", at: F.at(4))
        try state.undoSpecialInclusion(voter, at: F.at(2), reason: "discharged")
        #expect(state.status(of: voter, on: "pec-1") == .active)
        #expect(state.status(of: voter, on: "pec-h") == nil)
        #expect(state.list("pec-h").isEmpty)
        #expect(
            state.events.map(\.kind) == [
                .includedInSpecialList(specialPrecinctID: "pec-h", homePrecinctID: "pec-1"),
                .specialInclusionUndone(specialPrecinctID: "pec-h", homePrecinctID: "pec-1", reason: "discharged"),
            ])
        try state.issueBallot(voter, at: "pec-1", time: F.at(0, "08:00"))
        #expect(throws: VoterRegisterRefusal.notOnThisList(precinctID: "pec-h")) { try state.checkBallotIssue(F.iin(9), at: "pec-h") }
    }

    @Test func specialInclusionRefusals() throws {
        var state = F.register()
        let voter = F.iin(1)
        #expect(throws: VoterRegisterRefusal.notASpecialStation(precinctID: "pec-2", kind: "ordinary")) {
            try state.includeInSpecialList(voter, precinctID: "pec-2", at: F.at(3))
        }
        #expect(throws: VoterRegisterRefusal.unknownPrecinct("nowhere")) {
            try state.includeInSpecialList(voter, precinctID: "nowhere", at: F.at(3))
        }
        #expect(throws: VoterRegisterRefusal.unknownVoter(F.iin(500).digits)) {
            try state.includeInSpecialList(F.iin(500), precinctID: "pec-h", at: F.at(3))
        }
        try state.includeInSpecialList(voter, precinctID: "pec-h", at: F.at(3))
        #expect(throws: VoterRegisterRefusal.alreadyOnSpecialList(precinctID: "pec-h")) {
            try state.includeInSpecialList(voter, precinctID: "pec-h", at: F.at(3))
        }
        #expect(throws: VoterRegisterRefusal.notOnSpecialList(precinctID: "pec-1")) {
            try state.undoSpecialInclusion(F.iin(2), at: F.at(3), reason: "x")
        }
    }

    @Test func specialListsAreFinalisedTheDayBeforeAndRefuseChangesAfter() throws {
        var state = F.register()
        let salt = [UInt8](repeating: 7, count: 32)
        #expect(state.specialListFinalisationDay == F.electionDay.adding(days: -1))
        try state.includeInSpecialList(F.iin(1), precinctID: "pec-h", at: F.at(1, "12:00"))
        #expect(throws: VoterRegisterRefusal.finalisationTooEarly(from: F.electionDay.adding(days: -1))) {
            try state.finaliseSpecialList("pec-h", at: F.at(2, "23:59"), salt: salt)
        }
        let commitment = try state.finaliseSpecialList("pec-h", at: F.at(1, "20:00"), salt: salt)
        #expect(commitment.entryCount == 1)
        #expect(state.isSpecialListFinalised("pec-h"))
        #expect(throws: VoterRegisterRefusal.specialListFinalised(precinctID: "pec-h")) {
            try state.includeInSpecialList(F.iin(2), precinctID: "pec-h", at: F.at(1, "21:00"))
        }
        #expect(throws: VoterRegisterRefusal.specialListFinalised(precinctID: "pec-h")) {
            try state.undoSpecialInclusion(F.iin(1), at: F.at(1, "21:00"), reason: "x")
        }
        #expect(throws: VoterRegisterRefusal.specialListFinalised(precinctID: "pec-h")) {
            try state.finaliseSpecialList("pec-h", at: F.at(0), salt: salt)
        }
        #expect(commitment.matches(state.list("pec-h"), salt: salt))
    }

    @Test func additionsAfterTheFinalisationDayAreRefusedEvenWithoutAnExplicitAct() throws {
        var state = F.register()
        #expect(throws: VoterRegisterRefusal.specialListDeadlinePassed(lastDay: F.electionDay.adding(days: -1))) {
            try state.includeInSpecialList(F.iin(1), precinctID: "pec-h", at: F.at(0, "07:00"))
        }
        #expect(state.list("pec-h").isEmpty)
        #expect(state.status(of: F.iin(1), on: "pec-1") == .active)
    }

    @Test func electionDayAdditionsAreCountedAndFlagged() throws {
        var state = F.register()
        // pec-2 has 10 voters: one addition is 10 %, above a 5 % threshold; pec-1 (20): one is 5 %, not above.
        try state.addOnElectionDay(F.record(200, at: "pec-2"), at: F.at(0, "11:00"), proofOfResidence: "address registration 123")
        try state.addOnElectionDay(F.record(201, at: "pec-1"), at: F.at(0, "11:00"), proofOfResidence: "lease")
        #expect(state.electionDayAdditions("pec-2") == 1)
        #expect(state.status(of: F.iin(200), on: "pec-2") == .addedOnElectionDay)
        let alerts = state.unusualElectionDayAdditions(thresholdPercent: 5)
        #expect(alerts == [ElectionDayAdditionAlert(precinctID: "pec-2", additions: 1, listSize: 10, percent: 10)])
        #expect(throws: VoterRegisterRefusal.alreadyOnList(precinctID: "pec-1")) {
            try state.addOnElectionDay(F.record(3, at: "pec-2"), at: F.at(0, "12:00"), proofOfResidence: "x")
        }
        #expect(throws: VoterRegisterRefusal.notElectionDay) {
            try state.addOnElectionDay(F.record(202, at: "pec-2"), at: F.at(1), proofOfResidence: "x")
        }
        try state.issueBallot(F.iin(200), at: "pec-2", time: F.at(0, "12:00"))
    }

    @Test func aVoterMarkedAtTwoStationsIsDetectedImmediately() throws {
        var state = F.register()
        let voter = F.iin(4)
        try state.issueBallot(voter, at: "pec-1", time: F.at(0, "09:00"))
        #expect(throws: VoterRegisterRefusal.ballotAlreadyIssued(precinctID: "pec-1")) {
            try state.issueBallot(voter, at: "pec-1", time: F.at(0, "10:00"))
        }
        #expect(state.doubleMarks.isEmpty)
        // An offline device at another station reports a mark for the same voter.
        let report = try state.recordBallotMark(voter, at: "pec-3", time: F.at(0, "10:30"))
        #expect(report.isDoubleMark)
        #expect(report.marksElsewhere.map(\.precinctID) == ["pec-1"])
        #expect(report.eligibilityProblem == .ballotAlreadyIssued(precinctID: "pec-1"))
        #expect(state.doubleMarks[voter.digits]?.map(\.precinctID) == ["pec-1", "pec-3"])
        let single = try state.recordBallotMark(F.iin(5), at: "pec-1", time: F.at(0, "10:30"))
        #expect(!single.isDoubleMark && single.eligibilityProblem == nil)
        #expect(state.ballotsIssued(at: "pec-1") == 2)
        #expect(state.protocolDifference(precinctID: "pec-1", ballotsIssuedLine: 2) == 0)
        #expect(state.protocolDifference(precinctID: "pec-1", ballotsIssuedLine: 5) == 3)
        #expect(throws: VoterRegisterRefusal.notElectionDay) { try state.recordBallotMark(F.iin(6), at: "pec-1", time: F.at(1)) }
    }
}
