import HattamaCore
import HattamaDemo
import Testing

@Suite("IIN")
struct IINTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let digits: String
        let year: Int
        let month: Int
        let day: Int
        let sex: IIN.Sex
        var testDescription: String { digits }
    }

    /// Law brief §2: synthetic and library examples, all valid.
    @Test(
        "Valid numbers from the law brief",
        arguments: [
            Vector(digits: "620415301231", year: 1962, month: 4, day: 15, sex: .male),
            Vector(digits: "850930400178", year: 1985, month: 9, day: 30, sex: .female),
            Vector(digits: "010101500425", year: 2001, month: 1, day: 1, sex: .male),
            Vector(digits: "700715300409", year: 1970, month: 7, day: 15, sex: .male),
            Vector(digits: "991231100010", year: 1899, month: 12, day: 31, sex: .male),
            Vector(digits: "500601200997", year: 1850, month: 6, day: 1, sex: .female),
            Vector(digits: "791028302728", year: 1979, month: 10, day: 28, sex: .male),
            Vector(digits: "061211600012", year: 2006, month: 12, day: 11, sex: .female),
        ])
    func validVector(_ vector: Vector) throws {
        let iin = try IIN(vector.digits)
        #expect(iin.digits == vector.digits)
        #expect(iin.description == vector.digits)
        #expect(iin.birthYear == vector.year)
        #expect(iin.birthMonth == vector.month)
        #expect(iin.birthDay == vector.day)
        #expect(iin.sex == vector.sex)
    }

    @Test func firstPassCheckDigit() {
        // 6·1 + 2·2 + 0·3 + 4·4 + 1·5 + 5·6 + 3·7 + 0·8 + 1·9 + 2·10 + 3·11 = 144, and 144 mod 11 = 1.
        #expect(IIN.checkDigit([6, 2, 0, 4, 1, 5, 3, 0, 1, 2, 3]) == 1)
    }

    @Test func secondPassCheckDigit() {
        let digits = [7, 0, 0, 7, 1, 5, 3, 0, 0, 4, 0]
        #expect(firstPass(digits) == 10)
        #expect(secondPass(digits) == 141 % 11)
        #expect(IIN.checkDigit(digits) == 9)
    }

    @Test func oneDigitChangeIsCaught() {
        #expect(throws: IIN.Problem.wrongCheckDigit(expected: 5, found: 1)) { try IIN("620515301231") }
        #expect(throws: IIN.Problem.wrongCheckDigit(expected: 1, found: 2)) { try IIN("620415301232") }
    }

    @Test(
        "Anything but twelve ASCII digits is refused",
        arguments: [
            "", "62041530123", "6204153012311", "62041530123a", "62041530123 ", " 620415301231", "6204-1530123",
            "-62041530123", "６２０４１５３０１２３１", "٦٢٠٤١٥٣٠١٢٣١", "620415301231\n",
        ])
    func notTwelveDigits(text: String) {
        #expect(throws: IIN.Problem.notTwelveDigits) { try IIN(text) }
    }

    @Test("Century digits 0 and 7–9 are unassigned", arguments: [0, 7, 8, 9])
    func unassignedCentury(digit: Int) {
        #expect(throws: IIN.Problem.unassignedCenturyDigit(digit)) { try IIN("620415\(digit)01231") }
    }

    @Test(
        "Impossible birth dates are refused before the check digit is looked at",
        arguments: [
            "850230400170",  // 30 February 1985
            "851301400170",  // month 13
            "850001400170",  // month 0
            "850100400170",  // day 0
            "850132400170",  // 32 January
            "850431400170",  // 31 April
            "850229400170",  // 29 February 1985
            "000229300170",  // 29 February 1900: not a leap year
            "010229500170",  // 29 February 2001
            "990229100170",  // 29 February 1899
        ])
    func invalidBirthDate(text: String) {
        #expect(throws: IIN.Problem.invalidBirthDate) { try IIN(text) }
    }

    @Test("Leap days of leap years are accepted")
    func leapDays() throws {
        for (year, sex) in [(2000, IIN.Sex.male), (1896, .female), (1984, .female), (2024, .male)] {
            let iin = try #require(firstIssuable(year: year, month: 2, day: 29, sex: sex))
            #expect(iin.birthMonth == 2 && iin.birthDay == 29 && iin.birthYear == year)
        }
    }

    @Test func neverIssuedNumbersAreRefused() throws {
        // Brute force: an 11-digit start for which both passes give 10.
        let prefix = [6, 2, 0, 4, 1, 5, 3]
        let serial = try #require(
            (0..<10_000).first { serial in
                let digits = prefix + Self.serialDigits(serial)
                return firstPass(digits) == 10 && secondPass(digits) == 10
            })
        let first11 = prefix + Self.serialDigits(serial)
        #expect(IIN.checkDigit(first11) == nil)
        #expect(IIN.make(year: 1962, month: 4, day: 15, sex: .male, serial: serial) == nil)
        let body = first11.map(String.init).joined()
        for last in 0...9 {
            #expect(throws: IIN.Problem.neverIssued) { try IIN(body + String(last)) }
        }
    }

    @Test func unassignableSerialsOfBriefExample() {
        // Law brief §2: for 700715/male, 83 of 10,000 serials cannot be assigned.
        let unassignable = (0..<10_000).filter { IIN.make(year: 1970, month: 7, day: 15, sex: .male, serial: $0) == nil }
        #expect(unassignable.count == 83)
        for serial in unassignable.prefix(5) {
            let digits = [7, 0, 0, 7, 1, 5, 3] + Self.serialDigits(serial)
            #expect(firstPass(digits) == 10 && secondPass(digits) == 10)
        }
    }

    @Test func checkDigitAgreesWithIndependentComputation() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<2_000 {
            let digits = (0..<11).map { _ in Int(rng.next() % 10) }
            let first = firstPass(digits)
            let expected: Int? = first != 10 ? first : (secondPass(digits) != 10 ? secondPass(digits) : nil)
            #expect(IIN.checkDigit(digits) == expected, "\(digits)")
        }
    }

    @Test func makeRoundTripsRandomDates() throws {
        var rng = SeededGenerator(seed: 406)
        var made = 0
        for _ in 0..<3_000 {
            let year = 1800 + Int(rng.next() % 300)
            let month = 1 + Int(rng.next() % 12)
            let day = 1 + Int(rng.next() % UInt64(Self.daysIn(month: month, year: year)))
            let sex: IIN.Sex = rng.next() % 2 == 0 ? .male : .female
            let serial = Int(rng.next() % 10_000)
            guard let iin = IIN.make(year: year, month: month, day: day, sex: sex, serial: serial) else {
                // Only serials for which no check digit exists are refused.
                let centuryDigit = (year / 100 - 18) * 2 + 1 + (sex == .female ? 1 : 0)
                let date = [year % 100 / 10, year % 10, month / 10, month % 10, day / 10, day % 10]
                let digits = date + [centuryDigit] + Self.serialDigits(serial)
                #expect(IIN.checkDigit(digits) == nil, "\(year)-\(month)-\(day) \(serial)")
                continue
            }
            made += 1
            #expect(iin.birthYear == year && iin.birthMonth == month && iin.birthDay == day, "\(iin)")
            #expect(iin.sex == sex)
            #expect(iin.digits.count == 12)
            let allDigits = iin.digits.map { Int(String($0))! }
            #expect(IIN.checkDigit(Array(allDigits.prefix(11))) == allDigits[11])
            #expect(Int(iin.digits.dropLast().suffix(4)) == serial)
            #expect(try IIN(iin.digits) == iin)
        }
        #expect(made > 2_900)
    }

    @Test(
        "make refuses years outside 1800–2099 and serials outside 0–9999",
        arguments: [(1799, 1), (2100, 1), (1962, -1), (1962, 10_000)] as [(Int, Int)])
    func makeRefusesOutOfRange(year: Int, serial: Int) {
        #expect(IIN.make(year: year, month: 4, day: 15, sex: .male, serial: serial) == nil)
    }

    @Test func makeRefusesImpossibleDates() {
        #expect(IIN.make(year: 1985, month: 2, day: 30, sex: .female, serial: 17) == nil)
        #expect(IIN.make(year: 1985, month: 13, day: 1, sex: .female, serial: 17) == nil)
        #expect(IIN.make(year: 1900, month: 2, day: 29, sex: .male, serial: 17) == nil)
    }

    @Test func centuryAndSexDigits() throws {
        let cases: [(Int, IIN.Sex, Character)] = [
            (1850, .male, "1"), (1850, .female, "2"), (1950, .male, "3"), (1950, .female, "4"), (2010, .male, "5"), (2010, .female, "6"),
        ]
        for (year, sex, digit) in cases {
            let iin = try #require(firstIssuable(year: year, month: 6, day: 1, sex: sex))
            #expect(Array(iin.digits)[6] == digit)
        }
    }

    // MARK: - Independent reference implementation (law brief §2)

    static func serialDigits(_ serial: Int) -> [Int] {
        [serial / 1000 % 10, serial / 100 % 10, serial / 10 % 10, serial % 10]
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

private func firstPass(_ digits: [Int]) -> Int {
    zip(digits, 1...11).reduce(0) { $0 + $1.0 * $1.1 } % 11
}

private func secondPass(_ digits: [Int]) -> Int {
    zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]).reduce(0) { $0 + $1.0 * $1.1 } % 11
}

/// The first number that can be issued for a birth date and sex.
private func firstIssuable(year: Int, month: Int, day: Int, sex: IIN.Sex) -> IIN? {
    (0..<10_000).lazy.compactMap { IIN.make(year: year, month: month, day: day, sex: sex, serial: $0) }.first
}
