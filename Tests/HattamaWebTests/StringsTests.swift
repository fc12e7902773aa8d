import Foundation
import HattamaCore
import Testing

@testable import HattamaWeb

/// The one strings table: every text in Kazakh, Russian and English.
@Suite struct StringsTests {
    /// Texts that are the same word in every language.
    static let sameInEveryLanguage: Set<Strings> = [.api, .sha256]

    static func placeholders(_ text: String) -> Set<String> {
        let expression = try! NSRegularExpression(pattern: #"\{[a-z]+\}"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(expression.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
    }

    @Test func everyStringIsInAllThreeLanguages() {
        #expect(Strings.allCases.count > 180)
        for key in Strings.allCases {
            for language in Language.allCases {
                #expect(!key[language].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(key) has no \(language) text")
                #expect(Strings.table(language)[key.rawValue] == key[language], "\(key): the templates' table has it")
            }
            let placeholders = Language.allCases.map { Self.placeholders(key[$0]) }
            #expect(Set(placeholders).count == 1, "\(key): the languages name different placeholders, \(placeholders)")
            if !Self.sameInEveryLanguage.contains(key) {
                #expect(key.text.kk != key.text.en && key.text.ru != key.text.en, "\(key): the Kazakh or Russian text is the English one")
            }
        }
    }

    @Test func placeholdersAreFilled() {
        #expect(Strings.iinCenturyDigit.filled(.ru, ["digit": "9"]) == "7-я цифра (век и пол) не может быть 9")
        for key in Strings.allCases {
            let values = Dictionary(uniqueKeysWithValues: Self.placeholders(key.text.en).map { (String($0.dropFirst().dropLast()), "x") })
            for language in Language.allCases { #expect(!key.filled(language, values).contains("{"), "\(key) in \(language)") }
        }
    }
}
