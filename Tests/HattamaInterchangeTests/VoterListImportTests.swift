import Foundation
import HattamaCore
import HattamaTestSupport
import Testing

@testable import HattamaInterchange

@Suite("Voter list import")
struct VoterListImportTests {
    typealias F = VoterFixture

    static let header = "iin,surname,given_name,patronymic,birth_date,settlement,address,precinct_number"
    /// Valid rows: 1962 male, 1985 female, 1970 male (second-pass check digit).
    static let good = [
        "620415301231,Ахметов,Айдар,Серикович,1962-04-15,Аксу,\"ул. Абая, 1\",1",
        "850930400178,Смирнова,Елена,,1985-09-30,Аксу,ул. Ленина 3,2",
        "700715300409,Ким,Сергей,Николаевич,1970-07-15,Бирлик,ул. Мира 7,3",
    ]

    static func parser(maximumProblems: Int = 100) -> VoterListParser {
        VoterListParser(structure: F.structure, commissionID: "tec-a", maximumProblems: maximumProblems)!
    }

    static func parse(_ lines: [String], header: String = header) throws(VoterListImportError) -> [VoterListRow] {
        try parser().parse(Array((([header] + lines).joined(separator: "\n") + "\n").utf8))
    }

    static func problems(_ lines: [String], header: String = header) -> [VoterListProblem] {
        do {
            let rows = try parse(lines, header: header)
            Issue.record("expected the list to be refused, got \(rows.count) rows")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func validListParses() throws {
        let rows = try Self.parse(Self.good)
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(rows.map(\.record.homePrecinctID) == ["pec-1", "pec-2", "pec-3"])
        #expect(rows[0].record.address == "ул. Абая, 1")
        #expect(rows[0].record.sex == .male)
        #expect(rows[1].record.sex == .female)
        #expect(rows[1].record.patronymic.isEmpty)
        #expect(rows[2].record.birthDate == CivilDate(year: 1970, month: 7, day: 15))
    }

    @Test func bomCRLFReorderedColumnsAndSexColumnAreAccepted() throws {
        let text =
            "\u{FEFF}precinct_number,iin,surname,given_name,patronymic,birth_date,settlement,address,sex\r\n"
            + "1,620415301231,Ахметов,Айдар,,1962-04-15,Аксу,ул. Абая 1,M\r\n"
            + "2,850930400178,Смирнова,Елена,,1985-09-30,Аксу,\"ул. \"\"Новая\"\" 3\",Ж\r\n"
        let rows = try Self.parser().parse(Array(text.utf8))
        #expect(rows.count == 2)
        #expect(rows[1].record.address == "ул. \"Новая\" 3")
    }

    @Test func precinctScopeFollowsTheImportingCommission() throws {
        // Precinct number 1 exists in both regions; a PEC importing sees only itself.
        let pec = try #require(VoterListParser(structure: F.structure, commissionID: "pec-b"))
        #expect(pec.precinctIDsByNumber == [1: "pec-b"])
        // The CEC's scope is ambiguous (two precincts numbered 1).
        #expect(VoterListParser(structure: F.structure, commissionID: "cec") == nil)
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let lines: [String]
        var header: String = VoterListImportTests.header
        let line: Int
        let column: String?
        let kind: VoterListProblem.Kind
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(
            name: "IIN not twelve digits", lines: ["62041530123,А,Б,,1962-04-15,Аксу,ул,1"], line: 2, column: "iin",
            kind: .iinNotTwelveDigits),
        Malformed(
            name: "IIN with letters", lines: ["62041530123X,А,Б,,1962-04-15,Аксу,ул,1"], line: 2, column: "iin", kind: .iinNotTwelveDigits),
        Malformed(
            name: "wrong check digit", lines: ["620415301232,А,Б,,1962-04-15,Аксу,ул,1"], line: 2, column: "iin",
            kind: .iinWrongCheckDigit(expected: 1, found: 2)),
        Malformed(
            name: "unassigned century digit", lines: ["620415701231,А,Б,,1962-04-15,Аксу,ул,1"], line: 2, column: "iin",
            kind: .iinUnassignedCenturyDigit(7)),
        Malformed(
            name: "IIN date impossible", lines: ["620231301231,А,Б,,1962-02-28,Аксу,ул,1"], line: 2, column: "iin",
            kind: .iinInvalidBirthDate),
        Malformed(
            name: "IIN never issued", lines: [Self.neverIssued + ",А,Б,,1970-07-15,Аксу,ул,1"], line: 2, column: "iin",
            kind: .iinNeverIssued),
        Malformed(
            name: "birth date differs from IIN", lines: ["620415301231,А,Б,,1962-04-16,Аксу,ул,1"], line: 2, column: "birth_date",
            kind: .birthDateMismatch(iinDate: "620415", birthDate: "1962-04-16")),
        Malformed(
            name: "malformed birth date", lines: ["620415301231,А,Б,,15.04.1962,Аксу,ул,1"], line: 2, column: "birth_date",
            kind: .malformedBirthDate("15.04.1962")),
        Malformed(
            name: "birth before 1900", lines: ["991231100010,А,Б,,1899-12-31,Аксу,ул,1"], line: 2, column: "birth_date",
            kind: .birthDateOutOfRange("1899-12-31")),
        Malformed(
            name: "born after election day", lines: [Self.iin(2011, 5, 1) + ",А,Б,,2011-05-01,Аксу,ул,1"], line: 2, column: "birth_date",
            kind: .bornAfterElectionDay),
        Malformed(
            name: "under 18 on election day", lines: [Self.iin(1993, 4, 4) + ",А,Б,,1993-04-04,Аксу,ул,1"], line: 2, column: "birth_date",
            kind: .underMinimumAge(age: 17, minimum: 18)),
        Malformed(name: "empty surname", lines: ["620415301231,,Б,,1962-04-15,Аксу,ул,1"], line: 2, column: "surname", kind: .emptyField),
        Malformed(
            name: "blank given name", lines: ["620415301231,А,  ,,1962-04-15,Аксу,ул,1"], line: 2, column: "given_name", kind: .emptyField),
        Malformed(
            name: "given name of no-break spaces", lines: ["620415301231,А,\u{00A0}\u{00A0},,1962-04-15,Аксу,ул,1"], line: 2,
            column: "given_name", kind: .emptyField),
        Malformed(
            name: "control character", lines: ["620415301231,А\u{1},Б,,1962-04-15,Аксу,ул,1"], line: 2, column: "surname",
            kind: .controlCharacters),
        Malformed(
            name: "field too long", lines: ["620415301231," + String(repeating: "я", count: 201) + ",Б,,1962-04-15,Аксу,ул,1"], line: 2,
            column: "surname", kind: .fieldTooLong(limit: 200)),
        Malformed(
            name: "duplicate IIN in the file", lines: [good[0], good[1], good[0]], line: 4, column: "iin", kind: .duplicateIIN(firstLine: 2)
        ),
        Malformed(
            name: "unknown precinct number", lines: ["620415301231,А,Б,,1962-04-15,Аксу,ул,77"], line: 2, column: "precinct_number",
            kind: .unknownPrecinct(77)),
        Malformed(
            name: "malformed precinct number", lines: ["620415301231,А,Б,,1962-04-15,Аксу,ул,№1"], line: 2, column: "precinct_number",
            kind: .malformedPrecinctNumber("№1")),
        Malformed(
            name: "wrong column count", lines: [good[0], "620415301231,А,Б,1962-04-15,Аксу,ул,1"], line: 3, column: nil,
            kind: .wrongColumnCount(expected: 8, found: 7)),
        Malformed(
            name: "unterminated quote", lines: ["620415301231,А,Б,,1962-04-15,Аксу,\"ул. Абая, 1,1"], line: 2, column: nil,
            kind: .unterminatedQuote),
        Malformed(
            name: "missing header column", lines: ["620415301231,А,Б,1962-04-15,Аксу,ул,1"],
            header: "iin,surname,given_name,birth_date,settlement,address,precinct_number", line: 1, column: nil,
            kind: .missingHeaderColumn("patronymic")),
        Malformed(
            name: "duplicate header column", lines: [], header: header + ",iin", line: 1, column: nil, kind: .duplicateHeaderColumn("iin")),
        Malformed(
            name: "unknown header column", lines: [], header: header + ",phone", line: 1, column: nil, kind: .unknownHeaderColumn("phone")),
        Malformed(
            name: "sex contradicts IIN", lines: ["620415301231,А,Б,,1962-04-15,Аксу,ул,1,F"], header: header + ",sex", line: 2,
            column: "sex",
            kind: .sexMismatch(iin: .male, column: "F")),
        Malformed(
            name: "malformed sex", lines: ["620415301231,А,Б,,1962-04-15,Аксу,ул,1,X"], header: header + ",sex", line: 2, column: "sex",
            kind: .malformedSex("X")),
        Malformed(name: "empty file", lines: [], header: "", line: 0, column: nil, kind: .emptyFile),
    ]

    /// Pass 1 gives 10 and pass 2 gives 10 again for 700715/male serial `s`: never issued.
    static let neverIssued: String = {
        for serial in 0...9999 {
            let body = "7007153" + String(format: "%04d", serial)
            if IIN.checkDigit(body.map { Int(String($0))! }) == nil { return body + "0" }
        }
        return ""
    }()

    static func iin(_ year: Int, _ month: Int, _ day: Int) -> String {
        (0...9999).lazy.compactMap { IIN.make(year: year, month: month, day: day, sex: .female, serial: $0) }.first!.digits
    }

    @Test("Malformed list is refused with the line, column and rule", arguments: malformed)
    func malformedList(_ m: Malformed) {
        let problems = Self.problems(m.lines, header: m.header)
        #expect(problems.contains(VoterListProblem(line: m.line, column: m.column, kind: m.kind)), "\(problems)")
    }

    @Test func atLeastFifteenDistinctKinds() {
        var kinds: [String] = []
        for m in Self.malformed {
            let name = "\(m.kind)".prefix { $0 != "(" }
            if !kinds.contains(String(name)) { kinds.append(String(name)) }
        }
        #expect(kinds.count >= 15)
    }

    @Test func nonUTF8LineIsReportedWithItsNumber() {
        var bytes = Array((Self.header + "\n" + Self.good[0] + "\n").utf8)
        bytes += Array("620415301231,".utf8) + [0xC3, 0x28] + Array(",Б,,1962-04-15,Аксу,ул,1\n".utf8)
        // Inside quotes too, and before a later problem on the line (an unclosed quote).
        bytes += Array("850930400178,Смирнова,Елена,,1985-09-30,Аксу,\"ул. ".utf8) + [0xED, 0xA0, 0x80] + Array("\",\"2\n".utf8)
        let notUTF8 = [3, 4].map { VoterListProblem(line: $0, column: nil, kind: .notUTF8) }
        #expect(throws: VoterListImportError(problems: notUTF8, totalProblems: 2)) {
            try Self.parser().parse(bytes)
        }
    }

    @Test func allProblemsAreReportedUpToTheLimitAndNothingIsReturned() {
        let lines = Self.good + (0..<30).map { _ in "620415301232,А,Б,,1962-04-15,Аксу,ул,1" }
        do {
            _ = try Self.parser(maximumProblems: 10).parse(Array(([Self.header] + lines).joined(separator: "\n").utf8))
            Issue.record("expected refusal")
        } catch {
            #expect(error.problems.count == 10)
            #expect(error.totalProblems == 30)
            #expect(error.isTruncated)
            #expect(error.problems.first?.line == 5)
            #expect(error.description.contains("line 5, column iin"))
        }
    }

    @Test func oneRowCanFailSeveralRules() {
        let problems = Self.problems(["620415301232,,Б,,1962-04-16,Аксу,ул,99"])
        #expect(problems.map(\.column) == ["surname", "iin", "precinct_number"])
    }

    @Test func atomicImportLeavesTheRegisterUnchanged() {
        var state = F.register()
        let before = ["pec-1", "pec-2", "pec-3"].map { state.list($0) }
        do {
            let rows = try Self.parse(Self.good + ["620415301232,А,Б,,1962-04-15,Аксу,ул,1"])
            try state.register(rows)
            Issue.record("expected refusal")
        } catch {}
        #expect(["pec-1", "pec-2", "pec-3"].map { state.list($0) } == before)
        #expect(state.record(try! IIN("620415301231")) == nil)
    }

    @Test func progressReachesTheEnd() throws {
        let bytes = Array(([Self.header] + Self.good).joined(separator: "\n").utf8)
        var last: (Int, Int)?
        _ = try Self.parser().parse(bytes) { last = ($0, $1) }
        #expect(last?.0 == bytes.count && last?.1 == bytes.count)
    }

    @Test func writerRoundTrips() throws {
        let rows = try Self.parse(Self.good)
        let text = VoterListCSV.header + rows.map(VoterListCSV.line).joined()
        let again = try Self.parser().parse(Array(text.utf8))
        #expect(again == rows)
    }

    /// The flat batch a store writes from holds what the rows hold: each text field in order,
    /// unquoted and trimmed, back to back, with the precinct's id.
    @Test func batchesHoldTheRowsFlat() throws {
        let text =
            "\u{FEFF}" + Self.header + "\r\n" + Self.good[0] + "\r\n"
            + "850930400178, Смирнова ,\u{00A0}Елена,,1985-09-30,Аксу,\"  ул. \"\"Новая\"\", 3 \" ,2\r\n"
        var batches = Self.parser().batches(Array(text.utf8))
        let first = batches.nextBatch(maxRows: 10)
        let batch = try #require(first)
        #expect(batches.nextBatch(maxRows: 10) == nil && batches.error == nil)
        #expect(batch.count == 2 && batch.lines == [2, 3])
        #expect(batch.string(1, .surname) == "Смирнова")
        #expect(batch.string(1, .givenName) == "\u{00A0}Елена")
        #expect(batch.string(1, .patronymic) == "")
        #expect(batch.string(1, .birthDate) == "1985-09-30")
        #expect(batch.string(1, .address) == "ул. \"Новая\", 3")
        #expect(batch.string(1, .homePrecinctID) == "pec-2")
        #expect(batch.iinKeys == [620_415_301_231, 850_930_400_178])
        // Fields tile the buffer.
        var end = 0
        for row in 0..<batch.count {
            for field in VoterRowBatch.TextField.allCases {
                #expect(batch.range(row, field).lowerBound == end)
                end = batch.range(row, field).upperBound
            }
        }
        #expect(end == batch.text.count)
        #expect(batch.rows == (try Self.parser().parse(Array(text.utf8))))
        #expect(batch[0].record.address == "ул. Абая, 1")
    }

    /// The parser checks UTF-8 on bytes, without making strings; it must accept exactly what
    /// `String(validating:)` accepts (overlong forms, surrogates and values past U+10FFFF refused).
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        var samples: [[UInt8]] = [
            [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xD0], [0xD0, 0x90], Array("Ақсу әйел 𝔸".utf8),
        ]
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ]
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...6, using: &generator)
            samples.append(
                (0..<count).map { _ in
                    Bool.random(using: &generator)
                        ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                })
        }
        for sample in samples {
            let expected = String(validating: sample, as: UTF8.self) != nil
            let found = sample.withUnsafeBufferPointer { VoterListParser.isUTF8($0) }
            #expect(found == expected, "\(sample.map { String($0, radix: 16) })")
        }
    }

    /// Hostile bytes never crash the byte-level parser: a valid list mutated at random (bytes
    /// flipped, quotes, commas, line breaks and multi-byte fragments inserted, cut short) either
    /// parses to rows that write back to the same rows, or is refused with problems on lines the
    /// file has; batches of any size give the same outcome.
    @Test func mutatedListsAreParsedOrRefusedNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        let valid = Array(([Self.header] + Self.good).joined(separator: "\n").utf8) + [0x0A]
        let fragments: [[UInt8]] = [
            [0x22], [0x2C], [0x0A], [0x0D, 0x0A], [0x00], [0xD0], [0xD0, 0x90], [0xE2, 0x80], [0x5C], [0x20, 0x09],
        ]
        for _ in 0..<3_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(contentsOf: fragments.randomElement(using: &generator)!, at: at)
                case 2 where at < bytes.count: bytes.remove(at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
            let outcome: Result<[VoterListRow], VoterListImportError>
            do throws(VoterListImportError) {
                outcome = .success(try Self.parser().parse(bytes))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let rows):
                let again = try Self.parser().parse(Array((VoterListCSV.header + rows.map(VoterListCSV.line).joined()).utf8))
                #expect(again.map(\.record) == rows.map(\.record), "\(bytes)")
            case .failure(let error):
                #expect(!error.problems.isEmpty && error.problems.allSatisfy { $0.line <= lines }, "\(error)")
            }
            var batches = Self.parser().batches(bytes)
            var rows: [VoterListRow] = []
            while let batch = batches.nextBatch(maxRows: Int.random(in: 1...3, using: &generator)) { rows += batch.rows }
            #expect((batches.error == nil) == ((try? outcome.get()) != nil))
            if case .success(let parsed) = outcome { #expect(rows == parsed) }
        }
    }

    @Test func feb29BirthdaysReach18OnMarch1() throws {
        // Born 29 Feb 1992: on 28 Feb 2010 still 17, on 1 Mar 2010 18.
        let iin = Self.iin(1992, 2, 29)
        let parser17 = VoterListParser(precinctIDsByNumber: [1: "pec-1"], electionDay: CivilDate(year: 2010, month: 2, day: 28)!)
        let parser18 = VoterListParser(precinctIDsByNumber: [1: "pec-1"], electionDay: CivilDate(year: 2010, month: 3, day: 1)!)
        let text = Array((Self.header + "\n" + iin + ",А,Б,,1992-02-29,Аксу,ул,1\n").utf8)
        #expect(throws: VoterListImportError.self) { try parser17.parse(text) }
        #expect(try parser18.parse(text).count == 1)
    }
}
