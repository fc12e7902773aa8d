import Foundation
import HattamaCore
import Mustache
import Testing

@testable import HattamaWeb

/// Every template rendered from fixed view models (`PageFixtures`) and compared with the committed
/// HTML in `Golden/`; every tag of every template must name a key the view model has; hostile
/// text is escaped on every page. `HATTAMA_UPDATE_GOLDEN=1 swift test --filter GoldenTests`
/// rewrites the golden files (review the diff).
@Suite struct GoldenTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let goldenDirectory = testsDirectory.appendingPathComponent("Golden")
    static let templatesDirectory = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HattamaWeb/Templates")

    @Test(arguments: Language.allCases)
    func pagesMatchTheirGoldenFiles(language: Language) async throws {
        let library = try await loadTemplates()
        let update = ProcessInfo.processInfo.environment["HATTAMA_UPDATE_GOLDEN"] == "1"
        for fixture in try PageFixtures.all(language) {
            let html = try #require(library.render(fixture.model, withTemplate: fixture.template), "\(fixture.template) renders")
            #expect(!html.contains("{{"), "\(fixture.name): no Mustache tag survives")
            let file = Self.goldenDirectory.appendingPathComponent("\(fixture.name).\(language.rawValue).html")
            if update {
                try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
                try Data(html.utf8).write(to: file)
                continue
            }
            let golden = try String(contentsOf: file, encoding: .utf8)
            if golden != html {
                let (a, b) = (
                    golden.split(separator: "\n", omittingEmptySubsequences: false),
                    html.split(separator: "\n", omittingEmptySubsequences: false)
                )
                let line = Array(zip(a, b)).firstIndex { $0 != $1 } ?? min(a.count, b.count)
                Issue.record(
                    "\(file.lastPathComponent) differs at line \(line + 1):\n golden: \(line < a.count ? String(a[line]) : "<end>")\n now:    \(line < b.count ? String(b[line]) : "<end>")"
                )
            }
        }
    }

    @Test func everyTagOfEveryTemplateNamesAKeyOfItsViewModel() throws {
        let templates = try TemplateKeyChecker.load(Self.templatesDirectory)
        var checker = TemplateKeyChecker(templates: templates)
        for language in Language.allCases {
            for fixture in try PageFixtures.all(language) { checker.check(fixture.template, model: fixture.model, fixture: fixture.name) }
        }
        #expect(checker.missing.isEmpty, "keys no view model has: \(checker.missing.sorted())")
        // Every tag was checked against some fixture, so none can hide in an unrendered section.
        var unvisited: [String] = []
        for (name, tokens) in templates {
            for (i, token) in tokens.enumerated() where token.kind != .text && !checker.visited.contains("\(name)#\(i)") {
                unvisited.append("\(name): {{\(token.kind.rawValue)\(token.name)}}")
            }
        }
        #expect(unvisited.isEmpty, "tags no fixture reaches: \(unvisited)")
    }

    @Test func theCheckerCatchesAMistypedKey() throws {
        var templates = try TemplateKeyChecker.load(Self.templatesDirectory)
        templates["search"] = TemplateKeyChecker.tokenize("{{> header}}<p>{{page.t.serach}} {{quary}}</p>{{#results}}{{nmae}}{{/results}}")
        var checker = TemplateKeyChecker(templates: templates)
        checker.check("search", model: try PageFixtures.all(.en)[4].model, fixture: "search")
        #expect(Set(checker.missing.map { $0.components(separatedBy: ": ").last ?? "" }) == ["page.t.serach", "quary", "nmae"])
    }

    @Test(arguments: Language.allCases)
    func hostileTextIsEscapedOnEveryPage(language: Language) async throws {
        let library = try await loadTemplates()
        let hostile = #"<script>alert("x")</script><img src=x onerror='y'> & {{page}}"#
        for fixture in try PageFixtures.all(language, text: { _ in hostile }) {
            let html = try #require(library.render(fixture.model, withTemplate: fixture.template))
            #expect(!html.contains("<script"), "\(fixture.name): a script tag got through")
            #expect(!html.contains("<img"), "\(fixture.name): an img tag got through")
            #expect(!html.contains("onerror='"), "\(fixture.name): an attribute quote got through")
            #expect(html.contains("&amp; {{page}}"), "\(fixture.name): braces in data are shown, not expanded")
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), "\(fixture.name): the text is shown, escaped")
        }
    }
}

/// Walks a template's tags with a stack of contexts the way Mustache resolves names, and records
/// every name that no context on the stack has (Mustache itself would render it as nothing).
struct TemplateKeyChecker {
    struct Token {
        enum Kind: String {
            case text = ""
            case variable = "$"
            case unescaped = "{"
            case section = "#"
            case inverted = "^"
            case close = "/"
            case partial = ">"
            case comment = "!"
        }
        var kind: Kind
        var name: String
    }

    let templates: [String: [Token]]
    var missing: Set<String> = []
    var visited: Set<String> = []

    static func load(_ directory: URL) throws -> [String: [Token]] {
        var templates: [String: [Token]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            templates[String(file.dropLast(".mustache".count))] = tokenize(text)
        }
        return templates
    }

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            tokens.append(Token(kind: .text, name: ""))
            rest = rest[open.upperBound...]
            let triple = rest.hasPrefix("{")
            guard let close = rest.range(of: triple ? "}}}" : "}}") else { break }
            var inner = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            var kind = Token.Kind.variable
            if triple {
                kind = .unescaped
                inner.removeFirst()
            } else if let first = inner.first, let special = Token.Kind(rawValue: String(first)), special != .text, special != .variable {
                kind = special
                inner.removeFirst()
            } else if inner.hasPrefix("&") {
                kind = .unescaped
                inner.removeFirst()
            }
            tokens.append(Token(kind: kind, name: inner.trimmingCharacters(in: .whitespaces)))
        }
        return tokens
    }

    /// A value with optionals unwrapped; nil for `nil`.
    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        guard let child = mirror.children.first else { return nil }
        return unwrap(child.value)
    }

    /// (found, value) of one key in one context.
    static func lookup(_ key: String, in context: Any) -> (Bool, Any?) {
        guard let context = unwrap(context) else { return (false, nil) }
        if let dictionary = context as? [String: Any] {
            guard let value = dictionary[key] else { return (false, nil) }
            return (true, unwrap(value))
        }
        for child in Mirror(reflecting: context).children where child.label == key { return (true, unwrap(child.value)) }
        return (false, nil)
    }

    static func resolve(_ name: String, stack: [Any]) -> (Bool, Any?) {
        if name == "." { return (true, stack.last) }
        let parts = name.split(separator: ".").map(String.init)
        for context in stack.reversed() {
            let (found, first) = lookup(parts[0], in: context)
            guard found else { continue }
            var value = first
            for part in parts.dropFirst() {
                guard let current = value else { return (true, nil) }
                let (found, next) = lookup(part, in: current)
                guard found else { return (false, nil) }
                value = next
            }
            return (true, value)
        }
        return (false, nil)
    }

    mutating func check(_ template: String, model: Any, fixture: String) {
        walk(template, stack: [model], fixture: fixture)
    }

    private mutating func walk(_ template: String, stack: [Any], fixture: String) {
        guard let tokens = templates[template] else {
            missing.insert("\(fixture): partial \(template)")
            return
        }
        walk(template, tokens, range: 0..<tokens.count, stack: stack, fixture: fixture)
    }

    /// Index of the `{{/name}}` closing the section opened at `open`.
    static func closing(_ tokens: [Token], from open: Int) -> Int {
        var depth = 0
        for i in open..<tokens.count {
            switch tokens[i].kind {
            case .section, .inverted: depth += 1
            case .close:
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
        }
        return tokens.count - 1
    }

    private mutating func walk(_ template: String, _ tokens: [Token], range: Range<Int>, stack: [Any], fixture: String) {
        var i = range.lowerBound
        while i < range.upperBound {
            let token = tokens[i]
            defer { i += 1 }
            guard token.kind != .text, token.kind != .comment, token.kind != .close else { continue }
            visited.insert("\(template)#\(i)")
            if token.kind == .partial {
                walk(token.name, stack: stack, fixture: fixture)
                continue
            }
            let (found, value) = Self.resolve(token.name, stack: stack)
            if !found { missing.insert("\(fixture) \(template): \(token.name)") }
            guard token.kind == .section || token.kind == .inverted else { continue }
            let close = Self.closing(tokens, from: i)
            visited.insert("\(template)#\(close)")
            let body = (i + 1)..<close
            if token.kind == .inverted {
                // Checked against the same contexts, whether or not it renders here.
                walk(template, tokens, range: body, stack: stack, fixture: fixture)
            } else if let array = value as? [Any] {
                for element in array { walk(template, tokens, range: body, stack: stack + [element], fixture: fixture) }
            } else if let flag = value as? Bool {
                if flag { walk(template, tokens, range: body, stack: stack, fixture: fixture) }
            } else if let value {  // as in swift-mustache, an empty string is a value too
                walk(template, tokens, range: body, stack: stack + [value], fixture: fixture)
            }
            i = close
        }
    }
}
