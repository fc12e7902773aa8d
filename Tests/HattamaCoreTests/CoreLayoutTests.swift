import Foundation
import Testing

/// Core holds the domain and its rules; file formats live in HattamaInterchange and demo
/// generators in HattamaDemo (issue 11). This fails when a top-level name of those targets
/// appears in Core's sources again, in code or in a comment.
@Suite struct CoreLayoutTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources").standardizedFileURL

    /// Swift files of a target folder, with their text.
    static func files(_ target: String) throws -> [(name: String, text: String)] {
        let folder = sources.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        return try names.map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Names declared at the top level of `text` (types, functions, constants), not nested ones:
    /// those are reached through a top-level name anyway.
    static func topLevelNames(_ text: String) -> Set<String> {
        let declaration =
            /^(?:public |internal |package |fileprivate |private |final )*(?:struct|enum|class|actor|protocol|typealias|func|let|var) ([A-Za-z_][A-Za-z0-9_]*)/
        var names: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = line.prefixMatch(of: declaration) { names.insert(String(match.1)) }
        }
        return names
    }

    /// Which of `names` occur as whole words in `text`.
    static func occurrences(of names: Set<String>, in text: String) -> Set<String> {
        var found: Set<String> = []
        for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) where names.contains(String(word)) {
            found.insert(String(word))
        }
        return found
    }

    static func movedNames() throws -> Set<String> {
        try (files("HattamaInterchange") + files("HattamaDemo")).reduce(into: []) { $0.formUnion(topLevelNames($1.text)) }
    }

    @Test func coreNamesNoFormatOrDemoCode() throws {
        let moved = try Self.movedNames()
        // The scan must see the moved targets, or it would pass on nothing.
        let known: Set = ["NISTExport", "IzbirkomImport", "ProtocolFile", "VoterListParser", "DemoGenerator", "SeededGenerator"]
        #expect(known.isSubset(of: moved), "not found: \(known.subtracting(moved).sorted())")
        let core = try Self.files("HattamaCore")
        #expect(!core.isEmpty)
        for (name, text) in core {
            let found = Self.occurrences(of: moved, in: text)
            #expect(found.isEmpty, "Sources/HattamaCore/\(name) names \(found.sorted()) of HattamaInterchange or HattamaDemo")
        }
    }

    /// The scan itself: a declaration is found, and a use in code or comment is caught.
    @Test func scanFindsDeclarationsAndUses() {
        let declared = Self.topLevelNames(
            """
            public struct Alpha: Sendable {
                struct Nested {}
            }
            enum Beta {}
            public func gamma(_ x: Int) -> Int { x }
            extension Delta {}
            """)
        #expect(declared == ["Alpha", "Beta", "gamma"])
        #expect(Self.occurrences(of: declared, in: "let a = Alpha()\n/// see `gamma(_:)`, Alphabet") == ["Alpha", "gamma"])
        #expect(Self.occurrences(of: declared, in: "let alphabet = Betamax()").isEmpty)
    }
}
