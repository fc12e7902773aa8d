import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache

/// The voter self-service page: an IIN in, the polling station's number, settlement and address
/// out, nothing else. The IIN travels in a POST body, so it stays out of URLs, browser history and
/// access logs, and the page never shows it back.
enum VoterLookupPage {
    struct Model {
        struct Station {
            var number: String
            var settlement: String
            var address: String
            var absentee: Bool
        }
        struct Opening {
            var iso: String
            var text: String
        }
        var page: PageChrome
        var formHref: String
        var station: Station?
        var notListed: Bool
        /// The IIN rule the input breaks, in the page's language.
        var invalid: String?
        var notOpen: Opening?
        var retrySeconds: String?
    }
}
