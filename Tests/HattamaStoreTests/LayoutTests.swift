import Foundation
import Testing

/// The store's rooms (issue 11): one type per area over one shared context. These tests read the
/// source tree and hold the two rules that keep it so: an area's database helpers stay in its
/// folder, and no type grows past what one person can keep in mind.
@Suite struct LayoutTests {
    struct SourceFile {
        /// Relative to Sources/HattamaStore, e.g. "Voters/VotersStore.swift".
        var path: String
        var text: String
    }

    /// The most lines a type of the store may have across all its files.
    static let lineLimit = 1_500

    static func storeSources() throws -> [SourceFile] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/HattamaStore")
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var files: [SourceFile] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let path = url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)
            files.append(SourceFile(path: String(path), text: try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The area a file belongs to: its folder. Files at the top and in Database/ are the shared
    /// plumbing every area may use.
    static func area(of path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count > 1, parts[0] != "Database" else { return nil }
        return String(parts[0])
    }

    /// Every use of an area's `static func NAME(_ db: …)` helper from a file outside that area's
    /// folder, as "helper (Area/File.swift) used in Other/File.swift".
    static func helpersUsedOutsideTheirArea(_ files: [SourceFile]) throws -> [String] {
        let definition = try Regex(#"static func ([A-Za-z_][A-Za-z0-9_]*)\s*(?:<[^>]*>)?\(\s*_ db\s*:"#)
        var helpers: [(name: String, area: String, file: String)] = []
        for file in files {
            guard let area = area(of: file.path) else { continue }
            for match in file.text.matches(of: definition) {
                if let name = match.output[1].substring { helpers.append((String(name), area, file.path)) }
            }
        }
        var violations: [String] = []
        for helper in helpers {
            let use = try Regex(#"\."# + helper.name + #"\("#)
            for file in files where area(of: file.path) != helper.area && file.text.contains(use) {
                violations.append("\(helper.name) (\(helper.file)) used in \(file.path)")
            }
        }
        return violations
    }

    /// Lines per type: every top-level `struct`, `class`, `enum`, `actor`, `protocol` or `extension`
    /// of a name counts from its line to the next top-level declaration, summed over all files.
    static func linesPerType(_ files: [SourceFile]) throws -> [String: Int] {
        let typeDeclaration = try Regex(
            #"^(?:@\S+\s+)*(?:(?:public|internal|fileprivate|private|package|final|open|indirect)\s+)*(?:struct|class|enum|actor|protocol|extension)\s+([A-Za-z_][A-Za-z0-9_.]*)"#
        )
        let anyDeclaration = try Regex(
            #"^(?:@\S+\s+)*(?:(?:public|internal|fileprivate|private|package|final|open|indirect|nonisolated)\s+)*(?:struct|class|enum|actor|protocol|extension|func|let|var|typealias|import)\b"#
        )
        var lines: [String: Int] = [:]
        for file in files {
            var current: (name: String, start: Int)?
            var fileLines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
            if fileLines.last == "" { fileLines.removeLast() }
            for (number, line) in fileLines.enumerated() where line.prefixMatch(of: anyDeclaration) != nil {
                if let open = current { lines[open.name, default: 0] += number - open.start }
                current = nil
                if let match = line.prefixMatch(of: typeDeclaration), let name = match.output[1].substring {
                    current = (String(name), number)
                }
            }
            if let open = current { lines[open.name, default: 0] += fileLines.count - open.start }
        }
        return lines
    }

    @Test func everyAreaHelperIsUsedOnlyInsideItsAreaFolder() throws {
        let files = try Self.storeSources()
        #expect(files.contains { $0.path.hasPrefix("Voters/") }, "the store's sources were not found")
        let violations = try Self.helpersUsedOutsideTheirArea(files)
        #expect(violations.isEmpty, "use the context or a shared query in Database/ instead: \(violations)")
    }

    @Test func aHelperUsedFromAnotherAreaIsFound() throws {
        let files = [
            SourceFile(
                path: "Voters/VotersStore.swift",
                text: "extension VotersStore {\n    static func voterRow(_ db: any SQLDatabase, _ iin: Int) async throws -> Int { 1 }\n}\n"),
            SourceFile(path: "Voters/VoterActsStore.swift", text: "let a = try await Self.voterRow(db, 1)\n"),
            SourceFile(
                path: "Database/Shared.swift", text: "enum Shared {\n    static func size<T>(_ db: any SQLDatabase) -> Int { 0 }\n}\n"),
            SourceFile(path: "Log/LogStore.swift", text: "let n = Shared.size(db)\n"),
            SourceFile(path: "Results/ResultsStore.swift", text: "let v = try await VotersStore.voterRow(db, 2)\n"),
        ]
        #expect(
            try Self.helpersUsedOutsideTheirArea(files) == [
                "voterRow (Voters/VotersStore.swift) used in Results/ResultsStore.swift"
            ])
    }

    @Test func noTypeOfTheStoreHasMoreLinesThanTheLimit() throws {
        let lines = try Self.linesPerType(try Self.storeSources())
        #expect((lines["VotersStore"] ?? 0) > 100, "the line count found no VotersStore: \(lines)")
        let tooLarge = lines.filter { $0.value > Self.lineLimit }
        #expect(tooLarge.isEmpty, "split these types (at most \(Self.lineLimit) lines each): \(tooLarge)")
    }

    @Test func aTypeSpreadOverFilesIsCountedWhole() throws {
        let body = String(repeating: "    let x = 1\n", count: 798)
        let half = "/// A store.\npublic struct BigStore {\n" + body + "}\n"
        let files = [
            SourceFile(path: "Big/BigStore.swift", text: "import Foundation\n\n" + half),
            SourceFile(path: "Big/BigStore+More.swift", text: "extension BigStore {\n" + body + "}\nfunc free() {}\n"),
        ]
        let lines = try Self.linesPerType(files)
        // 800 lines in each file's block (declaration, body, closing brace); neither the import
        // nor the free function counts.
        #expect(lines["BigStore"] == 1_600)
        #expect(lines.filter { $0.value > Self.lineLimit }.keys.sorted() == ["BigStore"])
        #expect(try Self.linesPerType([files[0]]).filter { $0.value > Self.lineLimit }.isEmpty)
    }
}
