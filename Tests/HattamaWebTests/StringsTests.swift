import Foundation
import HTTPTypes
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

/// The one strings table: every text in Kazakh, Russian and English, and no English on the
/// Kazakh and Russian pages.
@Suite struct StringsTests {
    /// Texts that are the same word in every language.
    static let sameInEveryLanguage: Set<Strings> = [.api, .sha256]

    static func placeholders(_ text: String) -> Set<String> {
        let expression = try! NSRegularExpression(pattern: #"\{[a-z]+\}"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(expression.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
    }

    @Test func everyStringIsInAllThreeLanguages() {
        #expect(Strings.allCases.count > 200)
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

    @Test func placeholdersAreFilled() throws {
        #expect(Strings.iinCenturyDigit.filled(.ru, ["digit": "9"]) == "7-я цифра (век и пол) не может быть 9")
        #expect(Strings.venue(.commission("tec-ast-1"), .en) == "commission 'tec-ast-1'")
        #expect(Strings.venue(.court("Esil court"), .ru) == "суд Esil court")
        let texts = DecisionTexts(kk: [Provision("1", "a"), Provision("2", "b"), Provision("3", "c")], ru: [Provision("1", "a")])
        let problem = try #require(texts.problems().first)
        #expect(problem.code == .missingProvisions && problem.language == .ru && problem.numbers == ["2", "3"])
        #expect(Strings.problem(problem, .kk) == "орыс мәтінінде 2, 3 тармағы жоқ")
        #expect(Strings.problem(problem, .en) == "the Russian text lacks provision 2, 3")
        for key in Strings.allCases {
            let values = Dictionary(uniqueKeysWithValues: Self.placeholders(key.text.en).map { (String($0.dropFirst().dropLast()), "x") })
            for language in Language.allCases { #expect(!key.filled(language, values).contains("{"), "\(key) in \(language)") }
        }
    }

    // MARK: - No English on Kazakh and Russian pages

    /// The English texts of the table that differ from `language`'s, cut at their placeholders.
    static func englishTexts(unlike language: Language) -> [String] {
        var texts: [String] = []
        for key in Strings.allCases where key.text.en != key[language] {
            let fragments = key.text.en.replacingOccurrences(of: #"\{[a-z]+\}"#, with: "\u{0}", options: .regularExpression)
                .split(separator: "\u{0}").map { $0.trimmingCharacters(in: .whitespaces) }
            texts += fragments.count == 1 ? fragments : fragments.filter { $0.count >= 4 }
        }
        return texts
    }

    static func replacing(_ pattern: String, in text: String, with template: String = " ") -> String {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    /// What a visitor reads or hears: text between tags and the titles, labels and placeholders of
    /// elements, without the elements marked as English (`lang="en"`: the language switch, a
    /// decision's English version), entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = replacing(#"<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>"#, in: html)
        text = replacing(#"<[^>]*?\b(?:title|aria-label|placeholder|alt)="([^"]*)"[^>]*>"#, in: text, with: " $1 ")
        text = replacing(#"<[^>]*>"#, in: text)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// Whether a character next to a match makes it part of a longer word or identifier
    /// (`holdsworth`, `ballots_received`, `complaint-voter-list-1`).
    static func continuesWord(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_" || character == "-"
    }

    /// English interface texts a page in `language` shows, apart from `data` (texts people entered,
    /// shown as they are).
    static func english(in html: String, language: Language, data: Set<String> = []) -> [String] {
        var text = visibleText(html)
        for item in data.sorted(by: { $0.count > $1.count }) { text = text.replacingOccurrences(of: item, with: " ") }
        return englishTexts(unlike: language).filter { english in
            text.ranges(of: english).contains { range in
                let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
                let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
                return !Self.continuesWord(before) && !Self.continuesWord(after)
            }
        }
    }

    @Test func theCheckFindsEnglishButNotWhatIsMarkedEnglishOrEntered() {
        let page = #"<p title="Sort by: x">Мерзімі өтті (days)</p><td lang="en">Overdue</td><label for="iin">ЖСН</label>"#
        #expect(Self.english(in: page, language: .kk) == ["Sort by", "days"])
        #expect(Self.english(in: #"<p>Өтінім: the text is missing, holds</p>"#, language: .kk) == ["holds", "text is missing"])
        #expect(Self.english(in: "<p>Observer removed (observer)</p>", language: .ru, data: ["Observer removed"]) == ["observer"])
        #expect(
            Self.english(in: "<p>holdsworth, Overdue123, complaint-voter-list-1, <b>№1</b></p>", language: .ru).isEmpty, "only whole words")
        #expect(Self.english(in: #"<nav><a href="/en/" hreflang="en" lang="en">English</a></nav>"#, language: .ru).isEmpty)
    }

    @Test func errorPagesSpeakThePagesLanguage() async throws {
        try await withApp(demo: false) { _, client async throws in
            try await client.execute(uri: "/kk/commissions/no-such", method: .get) { response async throws in
                #expect(response.status == .notFound)
                #expect(response.text.contains("<html lang=kk>") && response.text.contains("404 Бет табылмады"))
                #expect(response.text.contains(#"<a href="/kk/">Басты бет</a>"#))
                #expect(!response.text.contains("no-such"), "the English detail stays off a Kazakh page")
            }
            try await client.execute(uri: "/ru/commissions/no-such/sessions", method: .get) { response async throws in
                #expect(response.status == .notFound)
                #expect(response.text.contains("404 Страница не найдена"))
            }
            try await client.execute(uri: "/en/commissions/no-such", method: .get) { response async throws in
                #expect(response.status == .notFound)
                #expect(response.text.contains("404 Not Found") && response.text.contains("no-such"), "English pages keep the detail")
            }
            try await client.execute(uri: "/open-data/no-such/results.csv", method: .get) { response async throws in
                #expect(response.status == .notFound)
                #expect(response.text.hasPrefix("<!doctype html><meta charset=utf-8><title>404</title>"), "outside the languages as before")
            }
            try await client.execute(uri: "/api/v1/elections/no-such/commissions/x", method: .get) { response async throws in
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
        #expect(Strings.error(404) == .errorNotFound && Strings.error(422) == .errorRequestFailed)
        #expect(
            Strings.error(429) == .errorTooManyRequests && Strings.error(503) == .errorUnavailable && Strings.error(500) == .errorServer)
    }

    /// Every string of a JSON answer that contains a space: names, summaries, reasons people entered.
    static func enteredTexts(_ json: Any) -> Set<String> {
        switch json {
        case let text as String: text.contains(" ") ? [text] : []
        case let array as [Any]: array.reduce(into: []) { $0.formUnion(enteredTexts($1)) }
        case let object as [String: Any]: object.values.reduce(into: []) { $0.formUnion(enteredTexts($1)) }
        default: []
        }
    }

    @Test func kazakhAndRussianPagesShowNoEnglish() async throws {
        try await withApp { store, client async throws in
            let (_, submissions) = try await demoSubmissions(store)
            try await store.results.submitProtocols(submissions, by: .system)
            let work = DemoCommissionWork(structure: smallDemo, profile: try LawProfile.bundled("kz-2011"), seed: DemoGenerator.defaultSeed)
            try await work.load(into: store, election: DemoGenerator.electionID, by: .system)
            let voters = try await VoterAPITests.importVoters(store)

            let election = DemoGenerator.electionID
            func json(_ url: SiteURL) async throws -> Any {
                try await client.execute(uri: url.path, method: .get) { response async throws in
                    #expect(response.status == .ok, "\(url.path)")
                    return try JSONSerialization.jsonObject(with: Data(response.text.utf8))
                }
            }
            // The commissions at work: the top one and every commission deciding complaints.
            let statistics = try #require(try await json(.api(.complaintStatistics(election: election))) as? [String: Any])
            let venues = (statistics["statistics"] as? [[String: Any]] ?? []).compactMap { $0["commissionID"] as? String }
            let top = try #require(smallDemo.commissions.first { $0.parentID == nil }?.id)
            let working = Array(Set([top] + venues)).sorted()
            #expect(working.count >= 2, "\(working)")
            // The law's citations are profile data, kept in one language by the profile format.
            let profile = try LawProfile.bundled("kz-2011")
            var data = Set(profile.controls.map(\.article))
            data.formUnion(Self.enteredTexts(try await json(.api(.complaints(election: election)))))
            for commission in working {
                for part in ["members", "composition", "sessions", "decisions", "complaints"] {
                    data.formUnion(
                        Self.enteredTexts(try await json(.api(.commissionWork(election: election, commission: commission, part: part)))))
                }
            }

            let region = try #require(smallDemo.commissions.first { $0.level == "regional" }?.id)
            let counted = submissions[0].resultsProtocol.precinctID
            let special = try #require(smallDemo.precincts.first { $0.kind != "ordinary" }?.id)
            for language in [Language.kk, .ru] {
                var pages: [(String, String)] = []
                func get(_ uri: String) async throws {
                    let html = try await client.execute(uri: uri, method: .get) { $0.text }
                    pages.append((uri, html))
                }
                for url: SiteURL in [
                    .home(language), .homeSorted(language, sort: "-turnout"), .commissionPage(language, commission: region),
                    .commissionPage(language, commission: counted), .commissionPage(language, commission: special),
                    .openDataPage(language), .voterLookupPage(language), .nationalCompositionPage(language),
                    .commissionPage(language, commission: "no-such-commission"),
                ] {
                    try await get(url.path)
                }
                let settlement = smallDemo.precincts[0].settlement[language]
                try await get(
                    SiteURL.searchPage(language).path + "?q="
                        + (settlement.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                for commission in working {
                    for part in CommissionWorkPart.allCases {
                        try await get(SiteURL.commissionWorkPage(language, commission: commission, part: part.rawValue).path)
                    }
                    try await get(SiteURL.complaintsPageFiltered(language, commission: commission, state: nil, overdueOnly: true).path)
                }
                for (n, iin) in ["12345", "701301300017", voters[0].record.iin.digits].enumerated() {
                    var headers = VoterLookupPageTests.form
                    headers[HTTPField.Name("X-Forwarded-For")!] = "10.9.\(language.rawValue.count).\(n)"
                    let html = try await client.execute(
                        uri: SiteURL.voterLookupPage(language).path, method: .post, headers: headers, body: ByteBuffer(string: "iin=\(iin)")
                    ) { $0.text }
                    pages.append(("POST voter-lookup \(iin)", html))
                }
                for (uri, html) in pages {
                    let checked = html
                    #expect(
                        checked.contains(#"<html lang="\#(language.rawValue)">"#) || checked.contains("<html lang=\(language.rawValue)>"),
                        "\(uri)")
                    let found = Self.english(in: checked, language: language, data: data)
                    #expect(found.isEmpty, "\(uri) shows English: \(found)")
                }
                #expect(pages.count > 20)
            }
        }
    }
}
