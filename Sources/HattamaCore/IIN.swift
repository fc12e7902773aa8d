import Foundation

/// Kazakhstan's individual identification number (ИИН / ЖСН): YYMMDD, a century-and-sex digit,
/// four serial digits and a check digit computed by the two-pass weighted mod 11 rule.
public struct IIN: Hashable, Sendable, CustomStringConvertible {
    public enum Sex: String, Sendable { case male, female }

    public enum Problem: Error, Equatable, Sendable {
        case notTwelveDigits
        case unassignedCenturyDigit(Int)
        case invalidBirthDate
        case neverIssued
        case wrongCheckDigit(expected: Int, found: Int)
    }

    public let digits: String
    public let birthYear: Int
    public let birthMonth: Int
    public let birthDay: Int
    public let sex: Sex

    public var description: String { digits }

    static let firstWeights = Array(1...11)
    static let secondWeights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

    /// Check digit for the first eleven digits, or nil when no valid number can end them.
    public static func checkDigit(_ first11: [Int]) -> Int? {
        precondition(first11.count == 11)
        return checkDigit(
            firstSum: zip(first11, firstWeights).reduce(0) { $0 + $1.0 * $1.1 },
            secondSum: zip(first11, secondWeights).reduce(0) { $0 + $1.0 * $1.1 })
    }

    /// The check digit from the two weighted sums of the first eleven digits.
    static func checkDigit(firstSum: Int, secondSum: Int) -> Int? {
        if firstSum % 11 != 10 { return firstSum % 11 }
        return secondSum % 11 == 10 ? nil : secondSum % 11
    }

    public init(_ text: String) throws(Problem) {
        // Digit by digit, without arrays: a voter list import checks 9 million of these.
        let utf8 = text.utf8
        guard utf8.count == 12 else { throw .notTwelveDigits }
        var d = (0, 0, 0, 0, 0, 0, 0)  // YYMMDD and the century/sex digit
        var last = 0
        var first = 0
        var second = 0
        var index = 0
        for byte in utf8 {
            guard byte >= 48, byte <= 57 else { throw .notTwelveDigits }
            let digit = Int(byte - 48)
            switch index {
            case 0: d.0 = digit
            case 1: d.1 = digit
            case 2: d.2 = digit
            case 3: d.3 = digit
            case 4: d.4 = digit
            case 5: d.5 = digit
            case 6: d.6 = digit
            default: break
            }
            if index < 11 {
                first += digit * Self.firstWeights[index]
                second += digit * Self.secondWeights[index]
            } else {
                last = digit
            }
            index += 1
        }
        let centurySex = d.6
        let century: Int
        switch centurySex {
        case 1, 2: century = 1800
        case 3, 4: century = 1900
        case 5, 6: century = 2000
        default: throw .unassignedCenturyDigit(centurySex)
        }
        let year = century + d.0 * 10 + d.1
        let month = d.2 * 10 + d.3
        let day = d.4 * 10 + d.5
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { throw .invalidBirthDate }
        guard let check = Self.checkDigit(firstSum: first, secondSum: second) else { throw .neverIssued }
        guard check == last else { throw .wrongCheckDigit(expected: check, found: last) }
        self.digits = text
        self.birthYear = year
        self.birthMonth = month
        self.birthDay = day
        self.sex = centurySex % 2 == 1 ? .male : .female
    }

    /// Days in `month` of `year` (Gregorian), for any year.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Builds a valid IIN from birth date, sex and serial, or nil if that serial cannot be assigned.
    public static func make(year: Int, month: Int, day: Int, sex: Sex, serial: Int) -> IIN? {
        let centuryBase = (year / 100 - 18) * 2 + 1
        guard (1...6).contains(centuryBase), (0...9999).contains(serial) else { return nil }
        let centuryDigit = centuryBase + (sex == .female ? 1 : 0)
        let body = String(format: "%02d%02d%02d%d%04d", year % 100, month, day, centuryDigit, serial)
        let digits = body.unicodeScalars.map { Int($0.value) - 48 }
        guard let check = checkDigit(digits) else { return nil }
        return try? IIN(body + String(check))
    }
}
