import Foundation
import HattamaCore
import HattamaStore

/// Freshness and provenance shown on the home page: the newest log entry's time and the newest
/// signed tree head.
struct StatusBlock {
    struct TreeHeadItem {
        var size: String
        var rootHash: String
        var signedAt: String
        var keyID: String
        var href: String
    }
    var lastUpdate: String?
    var treeHead: TreeHeadItem?
    var noTreeHead: Bool
}

extension StatusBlock {
    /// When the data last changed (the newest log entry) and the newest signed tree head.
    init(_ status: LogStatus, language: Language) {
        let head = status.treeHead.map {
            TreeHeadItem(
                size: language.format($0.treeSize), rootHash: $0.rootHash,
                signedAt: language.dateTime(Date(timeIntervalSince1970: Double($0.timestamp) / 1000)), keyID: $0.keyID,
                href: SiteURL.api(.logTreeHead).path)
        }
        self.init(lastUpdate: status.newestEntryAt.map { language.dateTime(iso: $0) }, treeHead: head, noTreeHead: head == nil)
    }
}
