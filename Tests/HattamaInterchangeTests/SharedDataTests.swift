import Foundation
import HattamaTestSupport
import Testing

/// The helper that decides whether the tests of ../shared data run: a folder without the data
/// must make them skip (with a reason naming the missing file), a folder with it must let them run.
@Suite struct SharedDataTests {
    @Test func absentFolderSkipsWithAReasonNamingTheFile() {
        let nowhere = temporaryURL("no-shared")
        let data = SharedData(root: nowhere)
        #expect(!data.has(\.nistSchema))
        #expect(!data.has(\.russia2012))
        #expect(data.skipReason(\.nistSchema).contains(nowhere.path + "/standards/NIST_V2_election_results_reporting.json"))
        #expect(data.skipReason(\.russia2012).contains(nowhere.path + "/external-election-data/russia-uik/2012.csv.zip"))
    }

    @Test func presentFilesAreFound() throws {
        let root = temporaryURL("shared")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = SharedData(root: root)
        for file in [data.nistSchema, data.russia2012] {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(!FileManager.default.fileExists(atPath: file.path))
            try Data("{}".utf8).write(to: file)
        }
        #expect(data.has(\.nistSchema))
        #expect(data.has(\.russia2012))
    }

    /// The default place is `shared/` beside the repository (the folder holding Package.swift).
    @Test func defaultRootIsBesideTheRepository() {
        let root = SharedData.defaultRoot
        #expect(root.lastPathComponent == "shared")
        let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #expect(FileManager.default.fileExists(atPath: repository.appendingPathComponent("Package.swift").path))
        #expect(
            root.deletingLastPathComponent().standardizedFileURL.path == repository.deletingLastPathComponent().standardizedFileURL.path)
    }
}
