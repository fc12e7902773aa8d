import Foundation
import HattamaCore
import HattamaDemo
import Testing

/// A consistent Kazakh protocol for the demo election, from the control-rule fixture figures.
func kazakhProtocol(precinctID: String = "pec-akm-1") -> ResultsProtocol {
    ResultsProtocol(
        electionID: DemoGenerator.electionID, precinctID: precinctID, lines: KazakhstanFigures.consistent.lines,
        candidateVotes: Dictionary(uniqueKeysWithValues: zip(DemoGenerator.candidates.map(\.id), KazakhstanFigures.consistent.candidates)))
}

let russianCandidates = (1...5).map {
    Candidate(id: "ru-\($0)", electionID: "ru-2012-presidential", name: LocalizedText("Candidate \($0)"), partyID: nil, ballotOrder: $0)
}

func russianProtocol() -> ResultsProtocol {
    ResultsProtocol(
        electionID: "ru-2012-presidential", precinctID: "uik-1", lines: RussiaFigures.consistent.lines,
        candidateVotes: Dictionary(uniqueKeysWithValues: zip(russianCandidates.map(\.id), RussiaFigures.consistent.candidates)))
}

/// One way to spoil a valid protocol and the rejection it must cause.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    let name: String
    var profileID = "kz-2011"
    let change: @Sendable (inout ResultsProtocol) -> Void
    let code: ProtocolRejection.Code
    let field: String
    var testDescription: String { name }
}

@Suite("Results protocol validation")
struct ResultsProtocolTests {
    static let cases: [RejectionCase] = [
        RejectionCase(name: "missing line", change: { $0.lines["ballots_cast"] = nil }, code: .missingLine, field: "lines.ballots_cast"),
        RejectionCase(
            name: "missing Russian AVC line", profileID: "ru-2012", change: { $0.lines["avc_lost"] = nil }, code: .missingLine,
            field: "lines.avc_lost"),
        RejectionCase(name: "unknown line", change: { $0.lines["ballots_stolen"] = 3 }, code: .unknownLine, field: "lines.ballots_stolen"),
        RejectionCase(
            name: "Russian line on a Kazakh form", change: { $0.lines["valid_ballots"] = 788 }, code: .unknownLine,
            field: "lines.valid_ballots"),
        RejectionCase(
            name: "missing candidate", change: { $0.candidateVotes["kasymov"] = nil }, code: .missingCandidate,
            field: "candidateVotes.kasymov"),
        RejectionCase(
            name: "unknown candidate", change: { $0.candidateVotes["tokayev"] = 1 }, code: .unknownCandidate,
            field: "candidateVotes.tokayev"),
        RejectionCase(
            name: "negative line", change: { $0.lines["invalid_ballots"] = -1 }, code: .negativeFigure, field: "lines.invalid_ballots"),
        RejectionCase(
            name: "Int.min does not trap", change: { $0.lines["ballots_received"] = Int.min }, code: .negativeFigure,
            field: "lines.ballots_received"),
        RejectionCase(
            name: "negative votes", change: { $0.candidateVotes["yeleusizov"] = -18 }, code: .negativeFigure,
            field: "candidateVotes.yeleusizov"),
        RejectionCase(
            name: "line above the maximum", change: { $0.lines["voters_on_list"] = 100_001 }, code: .figureTooLarge,
            field: "lines.voters_on_list"),
        RejectionCase(
            name: "Int.max votes", change: { $0.candidateVotes["nazarbayev"] = Int.max }, code: .figureTooLarge,
            field: "candidateVotes.nazarbayev"),
        RejectionCase(name: "empty precinct id", change: { $0.precinctID = "" }, code: .emptyID, field: "precinctID"),
        RejectionCase(name: "blank precinct id", change: { $0.precinctID = " \t " }, code: .emptyID, field: "precinctID"),
        RejectionCase(
            name: "oversized precinct id", change: { $0.precinctID = String(repeating: "p", count: 65) }, code: .idTooLong,
            field: "precinctID"),
        RejectionCase(name: "NUL in precinct id", change: { $0.precinctID = "pec\u{0}1" }, code: .controlCharacters, field: "precinctID"),
        RejectionCase(name: "empty election id", change: { $0.electionID = "" }, code: .emptyID, field: "electionID"),
        RejectionCase(
            name: "protocol of another election", change: { $0.electionID = "kz-2015" }, code: .wrongElection, field: "electionID"),
    ]

    @Test("Each spoiled protocol is refused with its code and field", arguments: cases)
    func rejection(_ testCase: RejectionCase) throws {
        let profile = try LawProfile.bundled(testCase.profileID)
        var resultsProtocol = testCase.profileID == "kz-2011" ? kazakhProtocol() : russianProtocol()
        let candidates = testCase.profileID == "kz-2011" ? DemoGenerator.candidates : russianCandidates
        try resultsProtocol.validate(profile: profile, candidates: candidates)
        testCase.change(&resultsProtocol)
        let error = #expect(throws: ProtocolRejection.self) {
            try resultsProtocol.validate(profile: profile, candidates: candidates)
        }
        #expect(error?.code == testCase.code)
        #expect(error?.field == testCase.field)
        #expect(error?.message.isEmpty == false)
        #expect(error?.description.hasPrefix(testCase.code.rawValue) == true)
        #expect(resultsProtocol.rejections(profile: profile, candidates: candidates).first == error)
    }

    @Test func everyCodeIsExercised() {
        // unknown-precinct comes from a tabulation, which knows the precincts (TabulationTests).
        let covered = Set(Self.cases.map(\.code)).union([.unknownPrecinct])
        #expect(covered == Set(ProtocolRejection.Code.allCases))
    }

    @Test("Consistent protocols of both profiles are valid", arguments: ["kz-2011", "ru-2012"])
    func consistentProtocolsPass(profileID: String) throws {
        let profile = try LawProfile.bundled(profileID)
        let resultsProtocol = profileID == "kz-2011" ? kazakhProtocol() : russianProtocol()
        let candidates = profileID == "kz-2011" ? DemoGenerator.candidates : russianCandidates
        try resultsProtocol.validate(profile: profile, candidates: candidates)
        #expect(resultsProtocol.rejections(profile: profile, candidates: candidates).isEmpty)
    }

    @Test func messagesNameTheLineAndTheRule() throws {
        let profile = try LawProfile.bundled("kz-2011")
        var resultsProtocol = kazakhProtocol()
        resultsProtocol.lines["ballots_cast"] = 250_000
        let error = #expect(throws: ProtocolRejection.self) {
            try resultsProtocol.validate(profile: profile, candidates: DemoGenerator.candidates)
        }
        #expect(error?.message.contains("line 6 'ballots_cast'") == true)
        #expect(error?.message.contains("100000") == true)
        #expect(error?.message.contains("250000") == true)
    }

    @Test func allProblemsAreListedInFormOrder() throws {
        let profile = try LawProfile.bundled("kz-2011")
        var resultsProtocol = kazakhProtocol()
        resultsProtocol.lines["voters_on_list"] = nil
        resultsProtocol.lines["invalid_ballots"] = -3
        resultsProtocol.lines["zzz"] = 1
        resultsProtocol.lines["aaa"] = 1
        resultsProtocol.candidateVotes["kasymov"] = nil
        resultsProtocol.candidateVotes["nobody"] = 0
        let problems = resultsProtocol.rejections(profile: profile, candidates: DemoGenerator.candidates)
        #expect(
            problems.map(\.field) == [
                "lines.voters_on_list", "lines.invalid_ballots", "lines.aaa", "lines.zzz", "candidateVotes.kasymov",
                "candidateVotes.nobody",
            ])
        #expect(problems.map(\.code) == [.missingLine, .negativeFigure, .unknownLine, .unknownLine, .missingCandidate, .unknownCandidate])
    }

    @Test func candidatesOfOtherElectionsAreIgnored() throws {
        let profile = try LawProfile.bundled("kz-2011")
        let other = Candidate(id: "someone", electionID: "kz-2015", name: LocalizedText("X"), partyID: nil, ballotOrder: 9)
        try kazakhProtocol().validate(profile: profile, candidates: DemoGenerator.candidates + [other])
    }

    @Test func limitsAreInclusive() throws {
        let profile = try LawProfile.bundled("kz-2011")
        var resultsProtocol = kazakhProtocol(precinctID: String(repeating: "п", count: 64))
        resultsProtocol.lines["ballots_unused"] = 0
        resultsProtocol.lines["ballots_received"] = profile.protocolForm.maximumLineValue
        try resultsProtocol.validate(profile: profile, candidates: DemoGenerator.candidates)
    }

    @Test func codableRoundTrip() throws {
        let resultsProtocol = kazakhProtocol()
        let data = try JSONEncoder().encode(resultsProtocol)
        #expect(try JSONDecoder().decode(ResultsProtocol.self, from: data) == resultsProtocol)
    }
}
