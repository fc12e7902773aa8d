import Foundation
import HattamaCore
import Testing

private typealias F = CommissionFixture

private let profile = F.profile
private let appealTo = "the higher election commission or the court"

/// A request filed at an ordinary station (or a hospital) of the Kazakh profile, election day 3 April 2011.
private func file(
    _ kind: VoterListRequestKind = .inclusion, at time: String = "2011-03-24T10:00", stationKind: String = "ordinary",
    proof: String = "address registration", profile: LawProfile = profile
) throws -> VoterListRequestCase {
    try VoterListRequestCase.file(
        kind: kind, precinctID: "pec-2", stationKind: stationKind, proof: proof, at: F.time(time), electionDay: F.electionDay,
        profile: profile)
}

/// The profile with voter-list requests decided in `days` days rather than the same day.
private func profileDeciding(in days: Int) -> LawProfile {
    var other = profile
    other.complaintDeadlines.voterListSameDay = false
    other.complaintDeadlines.defaultDays = days
    return other
}

@Suite("Voter-list requests")
struct VoterListRequestTests {
    // MARK: Filing while the list is open

    @Test func filedOnlyWhileTheListIsOpen() throws {
        // Ordinary stations display from D-15 (19 March); requests are taken through election day.
        for time in ["2011-03-19T00:00", "2011-03-24T10:00", "2011-04-03T23:59"] {
            #expect(try file(at: time).status(at: nil) == .pending, "\(time)")
        }
        let early = #expect(throws: VoterListRequestError.self) { try file(at: "2011-03-18T23:59") }
        #expect(early == .listNotYetOpen(precinctID: "pec-2", opens: F.day("2011-03-19"), date: F.day("2011-03-18")))
        #expect(
            early?.description
                == "inclusion and correction requests for 'pec-2' are taken from 2011-03-19, when its list is displayed for public scrutiny; 2011-03-18 is before"
        )
        #expect(early?.code == "list-not-yet-open" && early?.isConflict == true)
        let late = #expect(throws: VoterListRequestError.self) { try file(at: "2011-04-04T00:00") }
        #expect(late == .scrutinyOver(lastDay: F.electionDay, date: F.day("2011-04-04")))
        #expect(
            late?.description
                == "inclusion and correction requests are taken until 2011-04-03, the end of public scrutiny of the lists; 2011-04-04 is after"
        )
        #expect(late?.code == "scrutiny-over" && late?.isConflict == true)
    }

    @Test func aSpecialStationsListOpensLater() throws {
        // Special stations display from D-5 (29 March).
        let early = #expect(throws: VoterListRequestError.self) { try file(at: "2011-03-24T10:00", stationKind: "hospital") }
        #expect(early == .listNotYetOpen(precinctID: "pec-2", opens: F.day("2011-03-29"), date: F.day("2011-03-24")))
        #expect(try file(at: "2011-03-29T00:00", stationKind: "hospital").filedAt == F.time("2011-03-29T00:00"))
        let window = VoterListRequestWindow(stationKind: "hospital", electionDay: F.electionDay, profile: profile)
        #expect(window == VoterListRequestWindow(opens: F.day("2011-03-29"), lastDay: F.electionDay))
    }

    @Test func theWindowFollowsTheProfile() throws {
        var other = profile
        other.calendar.voterListDisplayDaysBefore = 20
        other.calendar.voterListRequestsUntilDaysBefore = 3
        let window = VoterListRequestWindow(stationKind: "ordinary", electionDay: F.electionDay, profile: other)
        #expect(window.opens == F.day("2011-03-14") && window.lastDay == F.day("2011-03-31"))
        #expect(try file(at: "2011-03-14T08:00", profile: other).status(at: nil) == .pending)
        let late = #expect(throws: VoterListRequestError.self) { try file(at: "2011-04-01T08:00", profile: other) }
        #expect(late == .scrutinyOver(lastDay: F.day("2011-03-31"), date: F.day("2011-04-01")))
    }

    @Test func theFiledRequestCarriesItsDeadlineAndAppealRoute() throws {
        let request = try file(.correction, proof: "  passport registration \n")
        #expect(request.id == nil && request.kind == .correction && request.precinctID == "pec-2")
        #expect(request.proof == "passport registration")
        #expect(
            request.deadline == VoterListRequestDeadline(days: 0, lastDay: F.day("2011-03-24"), article: profile.complaintDeadlines.article)
        )
        #expect(request.deadline.isSameDay)
        #expect(
            request.appeal
                == VoterListRequestAppeal(to: profile.complaintDeadlines.voterListAppealTo, article: profile.complaintDeadlines.article))
        #expect(request.appeal.to.ru == "в вышестоящую избирательную комиссию или в суд")
        #expect(request.appeal.description == "may be appealed to \(appealTo) (\(profile.complaintDeadlines.article))")
        #expect(request.outcome == nil && request.reason == nil && request.decidedAt == nil && request.appealOfRefusal == nil)
    }

    @Test func aProofOfResidenceIsText() throws {
        let cases: [(String, VoterListRequestError.TextProblem, String)] = [
            ("", .empty, "proof of residence: must not be empty"),
            (" \n\t ", .empty, "proof of residence: must not be empty"),
            (String(repeating: "x", count: 501), .tooLong(limit: 500), "proof of residence: at most 500 characters"),
            ("passport\u{0}", .controlCharacters, "proof of residence: contains control characters"),
            ("pass\tport", .controlCharacters, "proof of residence: contains control characters"),
            ("pass\u{1B}[2Jport", .controlCharacters, "proof of residence: contains control characters"),
            ("pass\u{7F}port", .controlCharacters, "proof of residence: contains control characters"),
            ("pass\u{85}port", .controlCharacters, "proof of residence: contains control characters"),
        ]
        for (proof, problem, message) in cases {
            let error = #expect(throws: VoterListRequestError.self) { try file(proof: proof) }
            #expect(error == .invalidText(field: "proof of residence", problem: problem), "\(proof.debugDescription)")
            #expect(error?.description == message)
            #expect(error?.code == "invalid-text" && error?.isConflict == false)
        }
        // 500 characters fit, counted as characters; spaces around are trimmed first.
        #expect(try file(proof: String(repeating: "ш", count: 500)).proof.count == 500)
        #expect(try file(proof: "  " + String(repeating: "x", count: 500) + "  ").proof.count == 500)
        #expect(try file(proof: "Справка о регистрации № 5").proof == "Справка о регистрации № 5")
    }

    // MARK: Deciding

    @Test func grantedTheSameDay() throws {
        var request = try file()
        try request.decide(grant: true, reason: nil, at: F.time("2011-03-24T18:00"))
        #expect(request.outcome == .granted && request.reason == nil && request.decidedAt == F.time("2011-03-24T18:00"))
        #expect(request.status(at: nil) == .granted)
        // Decided: never overdue, whenever it is looked at.
        #expect(request.status(at: F.time("2011-04-10T00:00")) == .granted && !request.isOverdue(at: F.time("2011-04-10T00:00")))
        #expect(request.appealOfRefusal == nil)
    }

    @Test func aGrantMayGiveItsReasons() throws {
        var request = try file()
        try request.decide(grant: true, reason: " address confirmed ", at: F.time("2011-03-24T10:00"))
        #expect(request.outcome == .granted && request.reason == "address confirmed")
    }

    @Test func aRefusalGivesItsReasonAndCanBeAppealed() throws {
        var request = try file()
        try request.decide(grant: false, reason: "  not resident at this address\n", at: F.time("2011-03-24T23:59"))
        #expect(request.outcome == .refused && request.reason == "not resident at this address")
        #expect(request.status(at: F.time("2011-03-25T00:00")) == .refused)
        #expect(request.appealOfRefusal == request.appeal)
        #expect(request.appealOfRefusal?.to.en == appealTo)
    }

    @Test func aRefusalWithoutItsReasonIsRefused() throws {
        let request = try file()
        for reason in [nil, "", "  \n"] as [String?] {
            var attempt = request
            let error = #expect(throws: VoterListRequestError.self) {
                try attempt.decide(grant: false, reason: reason, at: F.time("2011-03-24T12:00"))
            }
            if reason == nil {
                #expect(error == .refusalWithoutReason)
                #expect(error?.description == "reason: a refusal must give its reason")
                #expect(error?.code == "refusal-without-reason" && error?.isConflict == false)
            } else {
                // An empty reason is refused as the text it is, before it counts as missing.
                #expect(error == .invalidText(field: "reason", problem: .empty))
                #expect(error?.description == "reason: must not be empty")
            }
            #expect(attempt == request)
        }
        var attempt = request
        let long = #expect(throws: VoterListRequestError.self) {
            try attempt.decide(grant: true, reason: String(repeating: "x", count: 501), at: F.time("2011-03-24T12:00"))
        }
        #expect(long?.description == "reason: at most 500 characters")
        let control = #expect(throws: VoterListRequestError.self) {
            try attempt.decide(grant: false, reason: "no\u{0}proof", at: F.time("2011-03-24T12:00"))
        }
        #expect(control?.description == "reason: contains control characters")
        #expect(attempt == request)
        #expect(try VoterListRequestCase.checkedDecisionReason(grant: true, reason: nil) == nil)
        #expect(try VoterListRequestCase.checkedDecisionReason(grant: false, reason: " why ") == "why")
        #expect(throws: VoterListRequestError.refusalWithoutReason) {
            try VoterListRequestCase.checkedDecisionReason(grant: false, reason: nil)
        }
    }

    @Test func decidedOnce() throws {
        var request = try file()
        request.id = 7
        try request.decide(grant: true, reason: nil, at: F.time("2011-03-24T11:00"))
        let decided = request
        for grant in [true, false] {
            let error = #expect(throws: VoterListRequestError.self) {
                try request.decide(grant: grant, reason: "again", at: F.time("2011-03-24T12:00"))
            }
            #expect(error == .alreadyDecided(requestID: 7))
            #expect(error?.description == "request 7 is already decided")
            #expect(error?.code == "already-decided" && error?.isConflict == true)
            #expect(request == decided)
        }
        // A refusal without its reason is refused as that first, as the input is checked before the record.
        #expect(throws: VoterListRequestError.refusalWithoutReason) {
            try request.decide(grant: false, reason: nil, at: F.time("2011-03-24T12:00"))
        }
        var unnumbered = try file()
        try unnumbered.decide(grant: false, reason: "no proof", at: F.time("2011-03-24T11:00"))
        let error = #expect(throws: VoterListRequestError.self) {
            try unnumbered.decide(grant: true, reason: nil, at: F.time("2011-03-24T12:00"))
        }
        #expect(error?.description == "the request is already decided")
    }

    @Test func aDecisionCannotPrecedeTheFiling() throws {
        let request = try file(at: "2011-03-24T10:00")
        for (time, day) in [("2011-03-24T09:59", "2011-03-24T09:59"), ("2011-03-23T12:00", "2011-03-23T12:00")] {
            var attempt = request
            let error = #expect(throws: VoterListRequestError.self) { try attempt.decide(grant: true, reason: nil, at: F.time(time)) }
            #expect(error == .decisionBeforeFiling(decidedAt: F.time(time), filedAt: F.time("2011-03-24T10:00")))
            #expect(error?.description == "at: a decision (\(day)) cannot precede the request it decides (filed 2011-03-24T10:00)")
            #expect(error?.code == "decision-before-filing" && error?.isConflict == false)
            #expect(attempt == request)
        }
        // At the very minute of the filing is in time.
        var onTheMinute = request
        try onTheMinute.decide(grant: true, reason: nil, at: F.time("2011-03-24T10:00"))
        #expect(onTheMinute.outcome == .granted)
    }

    @Test func theSameDayOrNever() throws {
        var request = try file(at: "2011-03-24T10:00")
        request.id = 12
        #expect(!request.isOverdue(at: F.time("2011-03-24T23:59")) && request.status(at: F.time("2011-03-24T23:59")) == .pending)
        #expect(request.isOverdue(at: F.time("2011-03-25T00:00")) && request.status(at: F.time("2011-03-25T00:00")) == .overdue)
        // Not judged without a moment.
        #expect(!request.isOverdue(at: nil) && request.status(at: nil) == .pending)
        let before = request
        for time in ["2011-03-25T00:00", "2011-04-03T12:00"] {
            let error = #expect(throws: VoterListRequestError.self) {
                try request.decide(grant: false, reason: "no proof", at: F.time(time))
            }
            let day = F.time(time).date
            #expect(
                error
                    == .overdue(requestID: 12, filedOn: F.day("2011-03-24"), deadline: request.deadline, date: day, appeal: request.appeal))
            #expect(
                error?.description
                    == "request 12 was filed on 2011-03-24 and had to be decided the same day (\(profile.complaintDeadlines.article)); it is overdue and can no longer be decided on \(day): the voter may appeal to \(appealTo)"
            )
            #expect(error?.code == "overdue" && error?.isConflict == true)
            #expect(request == before)
        }
        // The overdue request stays overdue: nothing can decide it.
        #expect(request.status(at: F.time("2011-04-10T00:00")) == .overdue)
    }

    @Test func otherProfilesGiveDays() throws {
        let fiveDays = profileDeciding(in: 5)
        var request = try file(at: "2011-03-24T10:00", profile: fiveDays)
        request.id = 3
        #expect(
            request.deadline
                == VoterListRequestDeadline(days: 5, lastDay: F.day("2011-03-29"), article: fiveDays.complaintDeadlines.article))
        #expect(!request.deadline.isSameDay)
        #expect(request.status(at: F.time("2011-03-29T23:59")) == .pending && request.status(at: F.time("2011-03-30T00:00")) == .overdue)
        var late = request
        let error = #expect(throws: VoterListRequestError.self) {
            try late.decide(grant: true, reason: nil, at: F.time("2011-03-30T09:00"))
        }
        #expect(
            error?.description
                == "request 3 was filed on 2011-03-24 and had to be decided by 2011-03-29 (\(fiveDays.complaintDeadlines.article)); it is overdue and can no longer be decided on 2011-03-30: the voter may appeal to \(appealTo)"
        )
        try request.decide(grant: true, reason: nil, at: F.time("2011-03-29T23:59"))
        #expect(request.status(at: F.time("2011-04-01T00:00")) == .granted)
        // No days and no same-day rule: still the same day.
        var zero = try file(at: "2011-03-24T10:00", profile: profileDeciding(in: 0))
        #expect(zero.deadline.isSameDay && zero.deadline.lastDay == F.day("2011-03-24"))
        let sameDay = #expect(throws: VoterListRequestError.self) {
            try zero.decide(grant: true, reason: nil, at: F.time("2011-03-25T09:00"))
        }
        #expect(sameDay?.description.contains("had to be decided the same day") == true)
    }

    @Test func theDeadlineRuleAlone() {
        let filed = F.time("2011-04-03T19:00")
        let sameDay = VoterListRequestDeadline.compute(filedAt: filed, rules: profile.complaintDeadlines)
        #expect(sameDay.days == 0 && sameDay.lastDay == F.electionDay && sameDay.article == profile.complaintDeadlines.article)
        #expect(!sameDay.isPast(at: F.time("2011-04-03T23:59")) && sameDay.isPast(at: F.time("2011-04-04T00:00")))
        // Unlike complaints, no "immediate" period: the ordinary days run past election day.
        let days = VoterListRequestDeadline.compute(filedAt: filed, rules: profileDeciding(in: 5).complaintDeadlines)
        #expect(days.lastDay == F.day("2011-04-08"))
    }

    // MARK: As recorded

    @Test func aRecordedRequestIsRestored() throws {
        let refused = VoterListRequestCase(
            id: 4, kind: .inclusion, precinctID: "pec-2", proof: "address registration", filedAt: F.time("2011-03-24T10:00"),
            outcome: .refused, reason: "no proof", decidedAt: F.time("2011-03-24T12:00"), profile: profile)
        #expect(refused.status(at: F.time("2011-04-01T00:00")) == .refused && refused.appealOfRefusal == refused.appeal)
        #expect(refused.deadline.lastDay == F.day("2011-03-24"))
        var pending = VoterListRequestCase(
            id: 5, kind: .correction, precinctID: "pec-2", proof: "passport", filedAt: F.time("2011-03-24T10:00"), profile: profile)
        #expect(pending.status(at: F.time("2011-03-24T20:00")) == .pending)
        try pending.decide(grant: true, reason: nil, at: F.time("2011-03-24T20:00"))
        #expect(pending.status(at: nil) == .granted)
        let data = try JSONEncoder().encode(refused)
        #expect(try JSONDecoder().decode(VoterListRequestCase.self, from: data) == refused)
    }

    @Test func namesAreTheStoredOnes() {
        #expect(VoterListRequestKind.allCases.map(\.rawValue) == ["inclusion", "correction"])
        #expect(VoterListRequestOutcome.allCases.map(\.rawValue) == ["granted", "refused"])
        #expect(VoterListRequestStatus.allCases.map(\.rawValue) == ["pending", "granted", "refused", "overdue"])
    }
}
