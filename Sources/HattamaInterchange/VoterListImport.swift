import Foundation
@_spi(Interchange) import HattamaCore

/// Something wrong with a delivered voter list: which line, which column, which rule.
public struct VoterListProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case emptyFile
        case notUTF8
        case missingHeaderColumn(String)
        case duplicateHeaderColumn(String)
        case unknownHeaderColumn(String)
        case wrongColumnCount(expected: Int, found: Int)
        case unterminatedQuote
        case iinNotTwelveDigits
        case iinUnassignedCenturyDigit(Int)
        case iinInvalidBirthDate
        case iinNeverIssued
        case iinWrongCheckDigit(expected: Int, found: Int)
        case malformedBirthDate(String)
        /// Before 1900 or after 2200: no living voter, and outside what `CivilDate` holds.
        case birthDateOutOfRange(String)
        case birthDateMismatch(iinDate: String, birthDate: String)
        case malformedSex(String)
        case sexMismatch(iin: IIN.Sex, column: String)
        case bornAfterElectionDay
        case underMinimumAge(age: Int, minimum: Int)
        case emptyField
        case controlCharacters
        case fieldTooLong(limit: Int)
        case duplicateIIN(firstLine: Int)
        case malformedPrecinctNumber(String)
        case unknownPrecinct(Int)
    }

    /// 1-based line; 0 for the file as a whole.
    public let line: Int
    /// Column name, when the problem is about one field.
    public let column: String?
    public let kind: Kind

    public init(line: Int, column: String?, kind: Kind) {
        self.line = line
        self.column = column
        self.kind = kind
    }

    public var description: String {
        let place = line == 0 ? "file" : "line \(line)"
        let field = column.map { ", column \($0)" } ?? ""
        return "\(place)\(field): \(message)"
    }

    var message: String {
        switch kind {
        case .emptyFile: "the file is empty (no header line)"
        case .notUTF8: "not valid UTF-8 text"
        case .missingHeaderColumn(let c): "the header has no column '\(c)'"
        case .duplicateHeaderColumn(let c): "the header names column '\(c)' twice"
        case .unknownHeaderColumn(let c): "the header has an unknown column '\(c)'"
        case .wrongColumnCount(let e, let f): "expected \(e) columns, found \(f)"
        case .unterminatedQuote: "a quoted field is not closed on this line"
        case .iinNotTwelveDigits: "IIN must be exactly 12 digits"
        case .iinUnassignedCenturyDigit(let d): "IIN century/sex digit \(d) is not assigned (1–6 only)"
        case .iinInvalidBirthDate: "IIN does not start with a valid date YYMMDD"
        case .iinNeverIssued: "IIN cannot exist: both check-digit passes give 10"
        case .iinWrongCheckDigit(let e, let f): "IIN check digit is \(f), expected \(e)"
        case .malformedBirthDate(let t): "birth date '\(t)' is not a date YYYY-MM-DD"
        case .birthDateOutOfRange(let t): "birth date '\(t)' is outside 1900–2200"
        case .birthDateMismatch(let i, let b): "birth date \(b) does not match the IIN's date \(i)"
        case .malformedSex(let t): "sex '\(t)' is not M or F"
        case .sexMismatch(let i, let c): "sex '\(c)' does not match the IIN (\(i.rawValue))"
        case .bornAfterElectionDay: "birth date is after election day"
        case .underMinimumAge(let a, let m): "voter is \(a) on election day, under the minimum age \(m)"
        case .emptyField: "must not be empty"
        case .controlCharacters: "contains control characters"
        case .fieldTooLong(let l): "longer than \(l) characters"
        case .duplicateIIN(let first): "IIN already appears on line \(first) of this file"
        case .malformedPrecinctNumber(let t): "precinct number '\(t)' is not a positive whole number"
        case .unknownPrecinct(let n): "precinct \(n) is not a precinct of this commission"
        }
    }
}

/// Thrown when a delivered list is refused: nothing of it may be applied.
public struct VoterListImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first problems found, in file order, at most the parser's `maximumProblems`.
    public let problems: [VoterListProblem]
    /// All problems found, including those not kept.
    public let totalProblems: Int

    public init(problems: [VoterListProblem], totalProblems: Int) {
        self.problems = problems
        self.totalProblems = totalProblems
    }

    public var isTruncated: Bool { totalProblems > problems.count }

    public var description: String {
        var lines = problems.map(\.description)
        if isTruncated { lines.append("… and \(totalProblems - problems.count) more problems") }
        return lines.joined(separator: "\n")
    }
}

/// Reads voter lists in the format local executive bodies deliver:
/// a UTF-8 CSV (RFC 4180 quoting, comma separated, optional BOM, LF or CRLF) whose header names
/// the columns `iin, surname, given_name, patronymic, birth_date, settlement, address,
/// precinct_number` in any order, plus an optional `sex` column (M/F) checked against the IIN.
///
/// Atomic: every line is checked, and either all rows are returned or `VoterListImportError`
/// lists the problems (line, column, rule). A quoted field must close on its own line (voter data
/// never holds line breaks), so one stray quote cannot swallow the rest of the file.
public struct VoterListParser: Sendable {
    public static let requiredColumns = [
        "iin", "surname", "given_name", "patronymic", "birth_date", "settlement", "address", "precinct_number",
    ]
    public static let optionalColumns = ["sex"]

    /// Precinct number as printed in the file → precinct id, for the importing commission's scope.
    public var precinctIDsByNumber: [Int: String]
    public var electionDay: CivilDate
    /// Minimum age on election day (18 in Kazakhstan; proposed profile key `voterMinimumAge`).
    public var minimumAge: Int
    /// Problems kept in the error; counting continues past it.
    public var maximumProblems: Int
    /// Longest accepted field, in characters.
    public var maximumFieldLength: Int

    public init(
        precinctIDsByNumber: [Int: String], electionDay: CivilDate, minimumAge: Int = 18, maximumProblems: Int = 100,
        maximumFieldLength: Int = 200
    ) {
        self.precinctIDsByNumber = precinctIDsByNumber
        self.electionDay = electionDay
        self.minimumAge = minimumAge
        self.maximumProblems = max(1, maximumProblems)
        self.maximumFieldLength = maximumFieldLength
    }

    /// A parser for the precincts of `commissionID` (itself if it is a PEC, or every PEC below it).
    /// Nil when two of those precincts share a number, so that a number would be ambiguous.
    public init?(structure: ElectionStructure, commissionID: String, minimumAge: Int = 18, maximumProblems: Int = 100) {
        guard let day = CivilDate(parsing: structure.election.electionDay) else { return nil }
        var byNumber: [Int: String] = [:]
        for precinct in structure.precincts(under: commissionID) {
            guard byNumber.updateValue(precinct.id, forKey: precinct.number) == nil else { return nil }
        }
        self.init(precinctIDsByNumber: byNumber, electionDay: day, minimumAge: minimumAge, maximumProblems: maximumProblems)
    }

    public func parse(_ data: Data, progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil) throws(VoterListImportError)
        -> [VoterListRow]
    {
        try parse([UInt8](data), progress: progress)
    }

    public func parse(_ bytes: [UInt8], progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil) throws(VoterListImportError)
        -> [VoterListRow]
    {
        var batches = self.batches(bytes)
        var rows: [VoterListRow] = []
        while let batch = batches.next(maxRows: 65_536) {
            rows += batch
            progress?(batches.bytesRead, bytes.count)
        }
        progress?(bytes.count, bytes.count)
        if let error = batches.error { throw error }
        return rows
    }

    /// Reads `bytes` in batches of rows, so that a store can write a 9-million-voter list as it
    /// is checked instead of holding every row at once. Atomicity is the caller's: a batch may be
    /// written only as part of a transaction that is rolled back when `error` is set at the end.
    public func batches(_ bytes: [UInt8]) -> Batches { Batches(parser: self, bytes: bytes) }

    /// Incremental state of one parse: position, header, IINs seen, problems so far.
    public struct Batches: Sendable {
        let parser: VoterListParser
        let bytes: [UInt8]
        var start = 0
        var lineNumber = 0
        var columns: Columns?
        var columnCount = 0
        var seenIIN: [UInt64: Int] = [:]
        var finished = false
        /// The current line's fields, and its quoted fields' text without the quotes (reused).
        var fields: [Field] = []
        var scratch: [UInt8] = []
        public private(set) var problems: [VoterListProblem] = []
        public private(set) var totalProblems = 0

        init(parser: VoterListParser, bytes: [UInt8]) {
            self.parser = parser
            self.bytes = bytes
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            // About 120 bytes a voter: one allocation instead of a dozen rehashes.
            seenIIN.reserveCapacity(bytes.count / 120)
        }

        /// Bytes consumed so far.
        public var bytesRead: Int { min(start, bytes.count) }

        /// The refusal, once `next` has returned nil; nil when the whole list is acceptable.
        public var error: VoterListImportError? {
            totalProblems == 0 ? nil : VoterListImportError(problems: problems, totalProblems: totalProblems)
        }

        /// The next good rows (at most `maxRows`; possibly none when a stretch of lines is bad),
        /// or nil at the end of the file. Rows keep coming after a problem, so that every problem
        /// is counted, but a list with any problem must not be applied.
        public mutating func next(maxRows: Int) -> [VoterListRow]? { nextBatch(maxRows: maxRows)?.rows }

        /// `next` with the rows stored flat, as a store writes them.
        public mutating func nextBatch(maxRows: Int) -> VoterRowBatch? {
            guard !finished else { return nil }
            var problems = self.problems
            var total = totalProblems
            let maximum = parser.maximumProblems
            func report(_ line: Int, _ column: String?, _ kind: VoterListProblem.Kind) {
                total += 1
                if problems.count < maximum { problems.append(VoterListProblem(line: line, column: column, kind: kind)) }
            }
            var batch = VoterRowBatch(capacity: min(maxRows, 65_536))
            let bytes = self.bytes
            bytes.withUnsafeBufferPointer { file in
                while start < file.count, batch.count < maxRows {
                    var end = start
                    while end < file.count, file[end] != 0x0A { end += 1 }
                    lineNumber += 1
                    var lineEnd = end
                    if lineEnd > start, file[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    let lineStart = start
                    start = end + 1
                    guard let columns else {
                        if file[lineStart..<lineEnd].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                        if let problem = VoterListParser.splitFields(file, lineStart, lineEnd, into: &fields, scratch: &scratch) {
                            report(lineNumber, nil, problem)
                        } else {
                            let names = scratch.withUnsafeBufferPointer { scratch in
                                fields.map { String(decoding: $0.bytes(file, scratch), as: UTF8.self).lowercased() }
                            }
                            columnCount = names.count
                            self.columns = parser.header(names, line: lineNumber, report: report)
                        }
                        if self.columns == nil { start = file.count }
                        continue
                    }
                    if lineEnd == lineStart { continue }
                    if let problem = VoterListParser.splitFields(file, lineStart, lineEnd, into: &fields, scratch: &scratch) {
                        report(lineNumber, nil, problem)
                        continue
                    }
                    guard fields.count == columnCount else {
                        report(lineNumber, nil, .wrongColumnCount(expected: columnCount, found: fields.count))
                        continue
                    }
                    let rowFields = fields
                    let line = lineNumber
                    scratch.withUnsafeBufferPointer { scratch in
                        parser.checkRow(
                            { rowFields[$0].bytes(file, scratch) }, columns: columns, line: line, seenIIN: &seenIIN, into: &batch,
                            report: report)
                    }
                }
            }
            self.problems = problems
            totalProblems = total
            if start >= bytes.count, batch.count == 0 {
                finished = true
                if lineNumber == 0 || (columns == nil && total == 0) { report(0, nil, .emptyFile) }
                self.problems = problems
                totalProblems = total
                return nil
            }
            return batch
        }
    }

    /// One field of a line: bytes of the file, or of the unquoted copy for a quoted field.
    struct Field: Sendable {
        var start: Int
        var end: Int
        var quoted: Bool

        func bytes(_ file: UnsafeBufferPointer<UInt8>, _ scratch: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: (quoted ? scratch : file)[start..<end])
        }
    }

    /// Positions of the columns in a row.
    struct Columns: Sendable {
        var iin = 0
        var surname = 0
        var givenName = 0
        var patronymic = 0
        var birthDate = 0
        var settlement = 0
        var address = 0
        var precinctNumber = 0
        var sex: Int?
    }

    func header(_ names: [String], line: Int, report: (Int, String?, VoterListProblem.Kind) -> Void) -> Columns? {
        var index: [String: Int] = [:]
        var ok = true
        for (i, name) in names.enumerated() {
            if index[name] != nil {
                report(line, nil, .duplicateHeaderColumn(name))
                ok = false
            } else if !Self.requiredColumns.contains(name) && !Self.optionalColumns.contains(name) {
                report(line, nil, .unknownHeaderColumn(name))
                ok = false
            } else {
                index[name] = i
            }
        }
        for name in Self.requiredColumns where index[name] == nil {
            report(line, nil, .missingHeaderColumn(name))
            ok = false
        }
        guard ok else { return nil }
        return Columns(
            iin: index["iin"]!, surname: index["surname"]!, givenName: index["given_name"]!, patronymic: index["patronymic"]!,
            birthDate: index["birth_date"]!, settlement: index["settlement"]!, address: index["address"]!,
            precinctNumber: index["precinct_number"]!, sex: index["sex"])
    }

    /// Checks one row's fields (UTF-8 already checked) by bytes, so that a good row costs no
    /// string until it is used; appends it to `batch` when every rule holds.
    func checkRow(
        _ fieldBytes: (Int) -> UnsafeBufferPointer<UInt8>, columns: Columns, line: Int, seenIIN: inout [UInt64: Int],
        into batch: inout VoterRowBatch, report: (Int, String?, VoterListProblem.Kind) -> Void
    ) {
        var ok = true
        func field(_ index: Int, _ name: String, allowEmpty: Bool = false) -> UnsafeBufferPointer<UInt8> {
            let value = fieldBytes(index)
            if !allowEmpty && value.isEmpty {
                report(line, name, .emptyField)
                ok = false
            } else if Self.hasControlCharacters(value) {
                report(line, name, .controlCharacters)
                ok = false
            } else if value.count > maximumFieldLength, value.count(where: { $0 & 0xC0 != 0x80 }) > maximumFieldLength {
                report(line, name, .fieldTooLong(limit: maximumFieldLength))
                ok = false
            }
            return value
        }
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        let iinBytes = field(columns.iin, "iin")
        let surname = field(columns.surname, "surname")
        let givenName = field(columns.givenName, "given_name")
        let patronymic = field(columns.patronymic, "patronymic", allowEmpty: true)
        let birthBytes = field(columns.birthDate, "birth_date")
        let settlement = field(columns.settlement, "settlement")
        let address = field(columns.address, "address")
        let numberBytes = field(columns.precinctNumber, "precinct_number")
        let sexBytes = columns.sex.map { field($0, "sex", allowEmpty: true) }

        var iin: IIN?
        var iinKey: UInt64 = 0
        if !iinBytes.isEmpty {
            do {
                iin = try IIN(text(iinBytes))
            } catch {
                ok = false
                let kind: VoterListProblem.Kind =
                    switch error {
                    case .notTwelveDigits: .iinNotTwelveDigits
                    case .unassignedCenturyDigit(let d): .iinUnassignedCenturyDigit(d)
                    case .invalidBirthDate: .iinInvalidBirthDate
                    case .neverIssued: .iinNeverIssued
                    case .wrongCheckDigit(let e, let f): .iinWrongCheckDigit(expected: e, found: f)
                    }
                report(line, "iin", kind)
            }
        }
        if iin != nil {
            iinKey = iinBytes.reduce(UInt64(0)) { $0 &* 10 &+ UInt64($1 &- 48) }
            if let first = seenIIN[iinKey] {
                report(line, "iin", .duplicateIIN(firstLine: first))
                ok = false
            } else {
                seenIIN[iinKey] = line
            }
        }

        var birthDate: CivilDate?
        if !birthBytes.isEmpty {
            if let (y, m, d) = Self.dateParts(birthBytes) {
                if let date = CivilDate(year: y, month: m, day: d) {
                    birthDate = date
                } else {
                    report(line, "birth_date", .birthDateOutOfRange(text(birthBytes)))
                    ok = false
                }
                if let iin, (y, m, d) != (iin.birthYear, iin.birthMonth, iin.birthDay) {
                    report(line, "birth_date", .birthDateMismatch(iinDate: String(iin.digits.prefix(6)), birthDate: text(birthBytes)))
                    ok = false
                }
            } else {
                report(line, "birth_date", .malformedBirthDate(text(birthBytes)))
                ok = false
            }
        }
        if let birthDate {
            if birthDate > electionDay {
                report(line, "birth_date", .bornAfterElectionDay)
                ok = false
            } else {
                let age = VoterRecord.age(born: birthDate, on: electionDay)
                if age < minimumAge {
                    report(line, "birth_date", .underMinimumAge(age: age, minimum: minimumAge))
                    ok = false
                }
            }
        }
        if let sexBytes, !sexBytes.isEmpty {
            let sexText = text(sexBytes)
            let sex: IIN.Sex? =
                switch sexText.lowercased() {
                case "m", "male", "м", "ер": .male
                case "f", "female", "ж", "әйел": .female
                default: nil
                }
            if let sex {
                if let iin, iin.sex != sex {
                    report(line, "sex", .sexMismatch(iin: iin.sex, column: sexText))
                    ok = false
                }
            } else {
                report(line, "sex", .malformedSex(sexText))
                ok = false
            }
        }
        var precinctNumber = 0
        var precinctID: String?
        if !numberBytes.isEmpty {
            if numberBytes.count <= 9, numberBytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                let n = numberBytes.reduce(0) { $0 * 10 + Int($1 - 48) }
                if n > 0 {
                    precinctNumber = n
                    precinctID = precinctIDsByNumber[n]
                    if precinctID == nil {
                        report(line, "precinct_number", .unknownPrecinct(n))
                        ok = false
                    }
                } else {
                    report(line, "precinct_number", .malformedPrecinctNumber(text(numberBytes)))
                    ok = false
                }
            } else {
                report(line, "precinct_number", .malformedPrecinctNumber(text(numberBytes)))
                ok = false
            }
        }
        guard ok, let iin, let birthDate, let precinctID else { return }
        // What `VoterRecord.init` refuses beyond the checks above: names of blanks only (e.g. no-break
        // spaces, which byte-level trimming keeps).
        if VoterRecord.isBlank(surname) {
            report(line, "surname", .emptyField)
            return
        }
        if VoterRecord.isBlank(givenName) {
            report(line, "given_name", .emptyField)
            return
        }
        batch.append(
            line: line, iin: iin, iinKey: iinKey, birthDate: birthDate, precinctNumber: precinctNumber, precinctID: precinctID,
            texts: (surname, givenName, patronymic, birthBytes, settlement, address))
    }

    /// Year, month and day of "YYYY-MM-DD" when that day exists (any year), else nil.
    static func dateParts(_ u: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        var values = (0, 0, 0)
        for i in 0..<10 where i != 4 && i != 7 {
            let b = u[i]
            guard b >= 48, b <= 57 else { return nil }
            let digit = Int(b - 48)
            if i < 4 {
                values.0 = values.0 * 10 + digit
            } else if i < 7 {
                values.1 = values.1 * 10 + digit
            } else {
                values.2 = values.2 * 10 + digit
            }
        }
        guard (1...12).contains(values.1), values.2 >= 1, values.2 <= IIN.daysIn(month: values.1, year: values.0) else { return nil }
        return values
    }

    /// C0 controls, DEL and C1 controls (U+0080–U+009F, UTF-8 C2 80–C2 9F).
    public static func hasControlCharacters(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { hasControlCharacters($0) }
    }

    static func hasControlCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for b in bytes {
            if b < 0x20 || b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F) { return true }
            previous = b
        }
        return false
    }

    /// Splits the line `file[start..<end]` into `fields` by bytes (RFC 4180 quoting; commas and
    /// quotes are ASCII, so splitting UTF-8 bytes is safe), trimming spaces and tabs around each
    /// field and checking that every field is UTF-8. A quoted field must close on the same line;
    /// its text without the quotes goes to `scratch`. Returns the line's problem, if any.
    static func splitFields(
        _ file: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into fields: inout [Field], scratch: inout [UInt8]
    ) -> VoterListProblem.Kind? {
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        var i = start
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        while true {
            while i < end, isBlank(file[i]) { i += 1 }
            if i < end, file[i] == 0x22 {
                let unquotedStart = scratch.count
                i += 1
                var closed = false
                while i < end {
                    let b = file[i]
                    if b == 0x22 {
                        if i + 1 < end, file[i + 1] == 0x22 {
                            scratch.append(0x22)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    scratch.append(b)
                    i += 1
                }
                guard closed else { return .unterminatedQuote }
                while i < end, file[i] != 0x2C {
                    scratch.append(file[i])
                    i += 1
                }
                var stop = scratch.count
                while stop > unquotedStart, isBlank(scratch[stop - 1]) { stop -= 1 }
                var first = unquotedStart
                while first < stop, isBlank(scratch[first]) { first += 1 }
                let valid = scratch.withUnsafeBufferPointer { isUTF8(UnsafeBufferPointer(rebasing: $0[first..<stop])) }
                guard valid else { return .notUTF8 }
                fields.append(Field(start: first, end: stop, quoted: true))
            } else {
                let fieldStart = i
                while i < end, file[i] != 0x2C { i += 1 }
                var stop = i
                while stop > fieldStart, isBlank(file[stop - 1]) { stop -= 1 }
                guard isUTF8(UnsafeBufferPointer(rebasing: file[fieldStart..<stop])) else { return .notUTF8 }
                fields.append(Field(start: fieldStart, end: stop, quoted: false))
            }
            if i >= end { break }
            i += 1  // the comma
        }
        return nil
    }

    /// Well-formed UTF-8 (Unicode table 3-7: no overlong forms, surrogates or values past U+10FFFF),
    /// what `String(validating:as:)` accepts, without making the string.
    static func isUTF8(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = u.count
        func continuation(_ j: Int) -> Bool { j < n && u[j] & 0xC0 == 0x80 }
        while i < n {
            let b = u[i]
            if b < 0x80 {
                i += 1
                continue
            }
            switch b {
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard i + 1 < n, continuation(i + 2) else { return false }
                let b1 = u[i + 1]
                let lower: UInt8 = b == 0xE0 ? 0xA0 : 0x80
                let upper: UInt8 = b == 0xED ? 0x9F : 0xBF
                guard b1 >= lower, b1 <= upper else { return false }
                i += 3
            case 0xF0...0xF4:
                guard i + 1 < n, continuation(i + 2), continuation(i + 3) else { return false }
                let b1 = u[i + 1]
                let lower: UInt8 = b == 0xF0 ? 0x90 : 0x80
                let upper: UInt8 = b == 0xF4 ? 0x8F : 0xBF
                guard b1 >= lower, b1 <= upper else { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }
}

/// Checked rows of a voter list stored flat, as `VoterListParser.Batches.nextBatch` returns them:
/// the text of every row in one buffer rather than six strings a row, so that checking and
/// writing 9 million voters allocates (and frees, on the writer's thread) per batch, not per
/// field. `rows` gives them as `VoterListRow` values.
public struct VoterRowBatch: Sendable {
    /// Text fields of a row, in this order, in `text`: what a store writes as text.
    public enum TextField: Int, CaseIterable, Sendable {
        case surname, givenName, patronymic, birthDate, settlement, address, homePrecinctID
    }
    public static let textFieldCount = TextField.allCases.count

    /// Every row's text fields back to back (unquoted, trimmed, well-formed UTF-8).
    public private(set) var text: [UInt8] = []
    /// Where each text field ends in `text`, `textFieldCount` a row; a field starts where the one before ends.
    public private(set) var ends: [Int] = []
    public private(set) var lines: [Int] = []
    public private(set) var iins: [IIN] = []
    /// The IIN as a number (its twelve digits).
    public private(set) var iinKeys: [Int64] = []
    public private(set) var birthDates: [CivilDate] = []
    public private(set) var precinctNumbers: [Int] = []
    public private(set) var precinctIDs: [String] = []

    public var count: Int { lines.count }
    public var isEmpty: Bool { lines.isEmpty }

    public init() {}

    init(capacity: Int) {
        text.reserveCapacity(capacity * 100)
        ends.reserveCapacity(capacity * Self.textFieldCount)
        lines.reserveCapacity(capacity)
        iins.reserveCapacity(capacity)
        iinKeys.reserveCapacity(capacity)
        birthDates.reserveCapacity(capacity)
        precinctNumbers.reserveCapacity(capacity)
        precinctIDs.reserveCapacity(capacity)
    }

    /// Where field `field` of row `row` lies in `text`.
    public func range(_ row: Int, _ field: TextField) -> Range<Int> {
        let index = row * Self.textFieldCount + field.rawValue
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    public func string(_ row: Int, _ field: TextField) -> String {
        String(decoding: text[range(row, field)], as: UTF8.self)
    }

    public subscript(row: Int) -> VoterListRow {
        let record = VoterRecord(
            checked: iins[row], surname: string(row, .surname), givenName: string(row, .givenName),
            patronymic: string(row, .patronymic), birthDate: birthDates[row], settlement: string(row, .settlement),
            address: string(row, .address), homePrecinctID: precinctIDs[row])
        return VoterListRow(line: lines[row], precinctNumber: precinctNumbers[row], record: record)
    }

    public var rows: [VoterListRow] { (0..<count).map { self[$0] } }

    mutating func append(
        line: Int, iin: IIN, iinKey: UInt64, birthDate: CivilDate, precinctNumber: Int, precinctID: String,
        texts: (
            UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>,
            UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>
        )
    ) {
        func add(_ field: UnsafeBufferPointer<UInt8>) {
            text.append(contentsOf: field)
            ends.append(text.count)
        }
        add(texts.0)
        add(texts.1)
        add(texts.2)
        add(texts.3)
        add(texts.4)
        add(texts.5)
        var id = precinctID
        id.withUTF8 { add($0) }
        lines.append(line)
        iins.append(iin)
        iinKeys.append(Int64(iinKey))
        birthDates.append(birthDate)
        precinctNumbers.append(precinctNumber)
        precinctIDs.append(precinctID)
    }
}

/// Writes voter lists in the delivery format `VoterListParser` reads.
public enum VoterListCSV {
    public static let header = VoterListParser.requiredColumns.joined(separator: ",") + "\n"

    /// One CSV line (with its trailing "\n") for a voter on precinct `precinctNumber`.
    public static func line(_ record: VoterRecord, precinctNumber: Int) -> String {
        var line = record.iin.digits
        line.reserveCapacity(160)
        for field in [record.surname, record.givenName, record.patronymic] {
            line += ","
            append(field, to: &line)
        }
        line += ","
        line += record.birthDate.description
        line += ","
        append(record.settlement, to: &line)
        line += ","
        append(record.address, to: &line)
        line += ","
        line += String(precinctNumber)
        line += "\n"
        return line
    }

    public static func line(_ row: VoterListRow) -> String { line(row.record, precinctNumber: row.precinctNumber) }

    /// Appends a field, quoted when it holds a comma, quote, line break or outer blanks.
    static func append(_ field: String, to line: inout String) {
        let utf8 = field.utf8
        let needsQuotes =
            utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first.map { $0 == 0x20 || $0 == 0x09 } ?? false || utf8.last.map { $0 == 0x20 || $0 == 0x09 } ?? false
        guard needsQuotes else {
            line += field
            return
        }
        line += "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { line += "\"" }
            line.unicodeScalars.append(scalar)
        }
        line += "\""
    }
}
