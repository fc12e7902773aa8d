import Foundation
import Testing

/// DEVELOPERS.md keeps a map of the rooms, one line per folder (issue 11). A map that misses a
/// folder is worse than none, so this fails when a folder of the tree has no line, or a line names
/// a folder that is gone.
@Suite struct RoomMapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL

    /// The folders the map must name: every folder under these roots, down to `depth` levels.
    static let roots: [(path: String, depth: Int)] = [("Sources", 2), ("Tests", 2), ("BrowserTests", 0), ("Benchmarks", 1)]

    /// Folders under `roots` in the tree at `root`, as paths relative to it.
    static func folders(at root: URL) -> Set<String> {
        var found: Set<String> = []
        let manager = FileManager.default
        func walk(_ relative: String, depth: Int) {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: root.appendingPathComponent(relative).path, isDirectory: &isFolder), isFolder.boolValue
            else { return }
            found.insert(relative)
            guard depth > 0, let children = try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(relative).path)
            else { return }
            for child in children where !child.hasPrefix(".") && child != "__pycache__" {
                walk(relative + "/" + child, depth: depth - 1)
            }
        }
        for (path, depth) in roots { walk(path, depth: depth) }
        // The roots themselves are containers, not rooms.
        return found.subtracting(["Sources", "Tests", "Benchmarks"])
    }

    /// Folders named in the first column of the map's table: "| `Sources/HattamaCore` | …".
    static func mapped(in developers: String) -> Set<String> {
        guard let start = developers.range(of: "## Map of the rooms") else { return [] }
        let section = developers[start.upperBound...]
        var names: Set<String> = []
        for line in section.split(separator: "\n") {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { continue }
            names.insert(String(line[line.index(line.startIndex, offsetBy: 3)..<end]))
        }
        return names
    }

    /// What is wrong with the map: folders without a line, and lines without a folder.
    static func problems(folders: Set<String>, mapped: Set<String>) -> [String] {
        folders.subtracting(mapped).sorted().map { "no line for folder \($0)" }
            + mapped.filter { $0.hasPrefix("Sources/") || $0.hasPrefix("Tests/") || $0.hasPrefix("Benchmarks/") || $0 == "BrowserTests" }
            .subtracting(folders).sorted().map { "line for missing folder \($0)" }
    }

    @Test func everyFolderHasItsLine() throws {
        let developers = try String(contentsOf: Self.root.appendingPathComponent("DEVELOPERS.md"), encoding: .utf8)
        let folders = Self.folders(at: Self.root)
        #expect(folders.contains("Sources/HattamaStore/Results"), "the walk found the store's areas")
        #expect(Self.problems(folders: folders, mapped: Self.mapped(in: developers)) == [])
    }

    @Test func aNewFolderWithoutALineIsReported() {
        let map = """
            ## Map of the rooms
            | Folder | Holds | May call |
            |---|---|---|
            | `Sources/HattamaCore` | rules | Foundation |
            | `Sources/HattamaGone` | nothing | — |
            ## Next
            | `Sources/NotInTheMap` | x | y |
            """
        let problems = Self.problems(folders: ["Sources/HattamaCore", "Sources/HattamaNew"], mapped: Self.mapped(in: map))
        #expect(problems == ["no line for folder Sources/HattamaNew", "line for missing folder Sources/HattamaGone"])
    }
}
