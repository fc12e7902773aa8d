import Foundation
import HattamaCore
import Testing

private let head = ProtocolVersionHead(version: 1, hash: "aa")

@Suite("Protocol versions")
struct ProtocolVersionTests {
    @Test func reasonsKeepTheirPublishedNames() throws {
        #expect(ProtocolVersionReason.allCases.map(\.rawValue) == ["original", "recount", "commission-decision", "court-decision"])
        #expect(ProtocolVersionReason.corrections == [.recount, .commissionDecision, .courtDecision])
        let json = try JSONEncoder().encode([ProtocolVersionReason.courtDecision])
        #expect(String(decoding: json, as: UTF8.self) == #"["court-decision"]"#)
        #expect(try JSONDecoder().decode([ProtocolVersionReason].self, from: json) == [.courtDecision])
    }

    // MARK: The first version

    @Test func theFirstVersionIsTheOriginal() throws {
        #expect(try ProtocolVersionChain.nextVersion(precinctID: "pec-1", hash: "aa", reason: .original, after: nil) == 1)
    }

    @Test("A correction cannot come first", arguments: ProtocolVersionReason.corrections)
    func correctionFirstIsRefused(_ reason: ProtocolVersionReason) {
        let error = #expect(throws: ProtocolVersionError.self) {
            try ProtocolVersionChain.nextVersion(precinctID: "pec-1", hash: "aa", reason: reason, after: nil)
        }
        #expect(error == .firstNotOriginal(precinctID: "pec-1", reason: reason))
        #expect(error?.description == "precinct 'pec-1': the first protocol is an original, not a \(reason.rawValue)")
        #expect(error?.code == "first-not-original")
        #expect(error?.isConflict == false)
    }

    // MARK: Corrections

    @Test("A correction names its grounds", arguments: ProtocolVersionReason.corrections)
    func correctionWithItsGroundsIsTheNextVersion(_ reason: ProtocolVersionReason) throws {
        #expect(try ProtocolVersionChain.nextVersion(precinctID: "pec-1", hash: "bb", reason: reason, after: head) == 2)
        let later = ProtocolVersionHead(version: 6, hash: "ff")
        #expect(try ProtocolVersionChain.nextVersion(precinctID: "pec-1", hash: "aa", reason: reason, after: later) == 7)
    }

    @Test func aLaterOriginalIsRefused() {
        let error = #expect(throws: ProtocolVersionError.self) {
            try ProtocolVersionChain.nextVersion(precinctID: "pec-1", hash: "bb", reason: .original, after: head)
        }
        #expect(error == .correctionWithoutReason(precinctID: "pec-1", version: 2))
        #expect(
            error?.description
                == "precinct 'pec-1': version 2 is a correction; name its reason (recount, commission-decision, court-decision)")
        #expect(error?.code == "correction-without-reason")
        #expect(error?.isConflict == false)
    }

    @Test("Identical to the current version, whatever the reason", arguments: ProtocolVersionReason.allCases)
    func identicalIsAConflict(_ reason: ProtocolVersionReason) {
        let current = ProtocolVersionHead(version: 3, hash: "cc")
        let error = #expect(throws: ProtocolVersionError.self) {
            try ProtocolVersionChain.nextVersion(precinctID: "pec-1", hash: "cc", reason: reason, after: current)
        }
        // Checked before the reason: an identical "original" is identical first.
        #expect(error == .identicalToCurrent(precinctID: "pec-1", version: 3))
        #expect(error?.description == "precinct 'pec-1': identical to the current version 3")
        #expect(error?.code == "identical-to-current")
        #expect(error?.isConflict == true)
    }

    // MARK: The decision reference

    @Test func aCorrectionsDecisionReferenceIsLimited() throws {
        #expect(ProtocolVersionChain.decisionReferenceLimit == 200)
        for reason in ProtocolVersionReason.corrections {
            try ProtocolVersionChain.checkSubmission(reason: reason, decisionReference: nil)
            try ProtocolVersionChain.checkSubmission(reason: reason, decisionReference: String(repeating: "x", count: 200))
            // Characters, not bytes: 200 Cyrillic letters are 400 bytes and fit.
            try ProtocolVersionChain.checkSubmission(reason: reason, decisionReference: String(repeating: "ш", count: 200))
            let error = #expect(throws: ProtocolVersionError.self) {
                try ProtocolVersionChain.checkSubmission(reason: reason, decisionReference: String(repeating: "x", count: 201))
            }
            #expect(error == .decisionReferenceTooLong(length: 201, limit: 200))
            #expect(error?.description == "decision reference: at most 200 characters")
            #expect(error?.code == "decision-reference-too-long")
            #expect(error?.isConflict == false)
        }
        // An original's reference is not a correction's grounds and is not limited (as stored so far).
        try ProtocolVersionChain.checkSubmission(reason: .original, decisionReference: String(repeating: "x", count: 1000))
    }

    @Test func admitChecksTheReferenceFirst() throws {
        #expect(
            try ProtocolVersionChain.admit(precinctID: "pec-1", hash: "bb", reason: .recount, decisionReference: "recount 4/1", after: head)
                == 2)
        let long = String(repeating: "x", count: 201)
        // Identical and too long: the reference is what the submission says about itself, checked first.
        let error = #expect(throws: ProtocolVersionError.self) {
            try ProtocolVersionChain.admit(precinctID: "pec-1", hash: "aa", reason: .recount, decisionReference: long, after: head)
        }
        #expect(error == .decisionReferenceTooLong(length: 201, limit: 200))
        let first = #expect(throws: ProtocolVersionError.self) {
            try ProtocolVersionChain.admit(
                precinctID: "pec-1", hash: "aa", reason: .courtDecision, decisionReference: "2-15/2011", after: nil)
        }
        #expect(first == .firstNotOriginal(precinctID: "pec-1", reason: .courtDecision))
    }

    @Test func aChainIsBuiltVersionByVersion() throws {
        var previous: ProtocolVersionHead?
        var numbers: [Int] = []
        for (hash, reason) in [("a", ProtocolVersionReason.original), ("b", .recount), ("c", .commissionDecision), ("a", .courtDecision)] {
            let number = try ProtocolVersionChain.nextVersion(precinctID: "pec-1", hash: hash, reason: reason, after: previous)
            numbers.append(number)
            previous = ProtocolVersionHead(version: number, hash: hash)
        }
        // A version may return to an earlier protocol's figures: only the current one must differ.
        #expect(numbers == [1, 2, 3, 4])
    }
}
