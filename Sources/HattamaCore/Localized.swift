import Foundation

/// The three languages every public text of Hattama is kept in.
public enum Language: String, Codable, CaseIterable, Sendable {
    case kk, ru, en
}

/// A text in Kazakh, Russian and English. Profiles and structure data must provide all three,
/// so that no page ever silently falls back to another language.
public struct LocalizedText: Codable, Hashable, Sendable {
    public var kk: String
    public var ru: String
    public var en: String

    public init(kk: String, ru: String, en: String) {
        self.kk = kk
        self.ru = ru
        self.en = en
    }

    public init(_ all: String) {
        self.init(kk: all, ru: all, en: all)
    }

    public subscript(language: Language) -> String {
        switch language {
        case .kk: kk
        case .ru: ru
        case .en: en
        }
    }

    /// Languages whose text holds control characters (NUL, escape, …): never part of a real name,
    /// and NUL cannot even be stored in PostgreSQL.
    var languagesWithControlCharacters: [Language] {
        Language.allCases.filter {
            // Category Cc is exactly U+0000–U+001F and U+007F–U+009F; comparing code points is far
            // cheaper than a Unicode property lookup per character on 100,000-station imports.
            self[$0].utf8.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F }
                || self[$0].unicodeScalars.contains { (0x80...0x9F).contains($0.value) }
        }
    }

    /// Key paths of the languages left empty, for validation messages.
    var emptyLanguages: [Language] {
        Language.allCases.filter { self[$0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

/// An exact fraction such as "2/3", as laws state quorum and majority rules.
public struct Fraction: Codable, Hashable, Sendable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let n = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let d = Int(parts[1].trimmingCharacters(in: .whitespaces)),
            n >= 0, d > 0, n <= d
        else { return nil }
        self.init(n, d)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Fraction(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a fraction between 0 and 1 such as \"2/3\", found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(numerator)/\(denominator)" }

    /// The smallest whole count that reaches at least this fraction of `total`.
    public func atLeast(of total: Int) -> Int {
        (numerator * total + denominator - 1) / denominator
    }

    /// The smallest whole count that is strictly more than this fraction of `total`.
    public func moreThan(of total: Int) -> Int {
        numerator * total / denominator + 1
    }
}
