import Foundation
import HattamaCore
import Testing

@Suite("Fractions and localized text")
struct FractionTests {
    @Test(
        "Fractions between 0 and 1 parse",
        arguments: [("2/3", 2, 3), ("1/2", 1, 2), ("0/5", 0, 5), ("1/1", 1, 1), (" 1 / 3 ", 1, 3), ("10/15", 10, 15)]
            as [(String, Int, Int)])
    func parses(text: String, numerator: Int, denominator: Int) throws {
        let fraction = try #require(Fraction(parsing: text))
        #expect(fraction == Fraction(numerator, denominator))
        #expect(fraction.description == "\(numerator)/\(denominator)")
    }

    @Test("Anything else is refused", arguments: ["3/2", "1/0", "-1/2", "1/-2", "2/3/4", "2", "", "/", "a/b", "0.5", "2 3", "1//2"])
    func refuses(text: String) {
        #expect(Fraction(parsing: text) == nil)
    }

    @Test(
        "At least a share of a whole membership",
        arguments: [
            (Fraction(2, 3), 7, 5), (Fraction(2, 3), 9, 6), (Fraction(2, 3), 15, 10), (Fraction(1, 2), 7, 4), (Fraction(1, 2), 8, 4),
            (Fraction(1, 3), 7, 3), (Fraction(1, 3), 6, 2), (Fraction(0, 1), 7, 0), (Fraction(1, 1), 7, 7),
        ] as [(Fraction, Int, Int)])
    func atLeast(fraction: Fraction, total: Int, expected: Int) {
        #expect(fraction.atLeast(of: total) == expected)
        // The smallest such count: it reaches the share and one fewer does not.
        #expect(expected * fraction.denominator >= fraction.numerator * total)
        #expect(expected == 0 || (expected - 1) * fraction.denominator < fraction.numerator * total)
    }

    @Test(
        "More than a share of a whole membership",
        arguments: [
            (Fraction(1, 2), 7, 4), (Fraction(1, 2), 8, 5), (Fraction(1, 2), 15, 8), (Fraction(1, 2), 1, 1), (Fraction(2, 3), 6, 5),
            (Fraction(2, 3), 7, 5), (Fraction(0, 1), 7, 1),
        ] as [(Fraction, Int, Int)])
    func moreThan(fraction: Fraction, total: Int, expected: Int) {
        #expect(fraction.moreThan(of: total) == expected)
        #expect(expected * fraction.denominator > fraction.numerator * total)
        #expect((expected - 1) * fraction.denominator <= fraction.numerator * total)
    }

    @Test func kazakhCommissionOfSeven() throws {
        let rules = try LawProfile.bundled("kz-2011").decisionRules
        let members = try LawProfile.bundled("kz-2011").level("precinct")!.statutoryMembers
        #expect(rules.quorum.atLeast(of: members) == 5)
        #expect(rules.adoptionMoreThan.moreThan(of: members) == 4)
        #expect(rules.convene.atLeast(of: members) == 3)
    }

    @Test func codableAsString() throws {
        let data = try JSONEncoder().encode([Fraction(2, 3)])
        #expect(try JSONSerialization.jsonObject(with: data) as? [String] == ["2/3"])
        #expect(try JSONDecoder().decode([Fraction].self, from: data) == [Fraction(2, 3)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Fraction].self, from: Data(#"["4/3"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Fraction].self, from: Data("[0.5]".utf8)) }
    }

    @Test func localizedText() {
        let text = LocalizedText(kk: "Сайлау", ru: "Выборы", en: "Election")
        #expect(text[.kk] == "Сайлау")
        #expect(text[.ru] == "Выборы")
        #expect(text[.en] == "Election")
        let same = LocalizedText("CEC")
        #expect(Language.allCases.allSatisfy { same[$0] == "CEC" })
        #expect(Language.allCases.map(\.rawValue) == ["kk", "ru", "en"])
    }
}
