import Foundation
import HattamaCore
import HattamaStore

enum OpenDataPage {
    struct Model {
        struct FileRow {
            var name: String
            var description: String
            var format: String
            var href: String
            var size: String
            var sha256: String
        }
        /// One election's files; the page lists every election, the newest first.
        struct ElectionFiles {
            var id: String
            var name: String
            var electionDay: String
            var files: [FileRow]
        }
        var page: PageChrome
        var elections: [ElectionFiles]
    }
}
