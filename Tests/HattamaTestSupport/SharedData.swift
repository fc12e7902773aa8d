import Foundation

/// Data kept outside the repository, in `shared/` next to it: the NIST results-reporting schema
/// and the Russian 2012 izbirkom table. CI has it; a clone of the repository alone does not, and
/// there the tests that read it are skipped with `skipReason` instead of failing.
public struct SharedData: Sendable {
    /// `<repository>/../shared`, the repository found from this file's real path (the tests
    /// folder may be reached through a symlink).
    public static let defaultRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared").standardizedFileURL

    /// The data where the tests look for it.
    public static let standard = SharedData(root: defaultRoot)

    public let root: URL

    /// Data under `root` instead of the default, so that the helper's absent case can be tested
    /// without touching the real (read-only) folder.
    public init(root: URL) {
        self.root = root
    }

    /// NIST SP 1500-100 v2 election results reporting schema (JSON Schema, draft-04).
    public var nistSchema: URL { root.appendingPathComponent("standards/NIST_V2_election_results_reporting.json") }

    /// The izbirkom table of the 2012 Russian presidential election, zipped CSV.
    public var russia2012: URL { root.appendingPathComponent("external-election-data/russia-uik/2012.csv.zip") }

    /// Whether the file at `file` can be read.
    public func has(_ file: KeyPath<SharedData, URL>) -> Bool {
        FileManager.default.isReadableFile(atPath: self[keyPath: file].path)
    }

    /// Why a test that needs `file` does not run when it is absent.
    public func skipReason(_ file: KeyPath<SharedData, URL>) -> String {
        "needs \(self[keyPath: file].path), which is absent: put the shared data folder next to the repository as shared/"
    }
}
