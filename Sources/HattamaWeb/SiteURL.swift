import Foundation
import HattamaCore
import Hummingbird

/// Every URL the server answers, in one place: route patterns for the router and paths for links.
public enum SiteURL: Hashable, Sendable {
    case root
    case healthz
    case metrics
    case openAPI
    /// The contract as written (`openAPI` is the same document as JSON).
    case openAPIYAML
    case home(Language)
    case commissionPage(Language, commission: String)
    case searchPage(Language)
    /// A commission page with its child table sorted by `sort` (see `ChildSort`).
    case commissionPageSorted(Language, commission: String, sort: String)
    /// The home page with its table of regions sorted by `sort` (see `ChildSort`).
    case homeSorted(Language, sort: String)
    case openDataPage(Language)
    /// An export file, e.g. `results-regional.csv` or `results-nist.json` (see `OpenDataFile`).
    case openDataFile(election: String, file: String)
    /// Commissions at work: `part` is one of `CommissionWorkPart` (composition, sessions, decisions, complaints).
    case commissionWorkPage(Language, commission: String, part: String)
    /// Party balance of all commissions: national, by level and by region.
    case nationalCompositionPage(Language)
    /// Voter self-service: an IIN (in a POST body) to the polling station's number and address.
    case voterLookupPage(Language)
    /// The site's stylesheet, named by a hash of its bytes (see `Stylesheet`).
    case stylesheet(file: String)
    case api(API)

    public enum API: Hashable, Sendable {
        case elections
        case commission(election: String, commission: String)
        case token
        case users
        case me
        case protocols(election: String)
        case protocolRecord(election: String, precinct: String)
        case results(election: String, commission: String?)
        case commissionKey(commission: String)
        case turnout(election: String)
        case logTreeHead
        case logEntries(start: Int, end: Int)
        case logInclusion(hash: String, size: Int)
        /// Inclusion proof in the newest signed tree head (the API's default size).
        case logInclusionAtHead(hash: String)
        case logConsistency(first: Int, second: Int)
        case logCosignatures
        case logWitnesses
        /// members, history, composition, sessions, decisions, complaints of one commission.
        case commissionWork(election: String, commission: String, part: String)
        case nationalComposition(election: String)
        case complaints(election: String)
        case complaintStatistics(election: String)

        var path: String {
            switch self {
            case .elections: "/api/v1/elections"
            case .commission(let election, let commission):
                "/api/v1/elections/\(election.pathEscaped)/commissions/\(commission.pathEscaped)"
            case .token: "/api/v1/auth/token"
            case .users: "/api/v1/users"
            case .me: "/api/v1/users/me"
            case .protocols(let election): "/api/v1/elections/\(election.pathEscaped)/protocols"
            case .protocolRecord(let election, let precinct): "/api/v1/elections/\(election.pathEscaped)/protocols/\(precinct.pathEscaped)"
            case .results(let election, let commission):
                "/api/v1/elections/\(election.pathEscaped)/results" + (commission.map { "?commission=\($0.pathEscaped)" } ?? "")
            case .commissionKey(let commission): "/api/v1/commissions/\(commission.pathEscaped)/key"
            case .turnout(let election): "/api/v1/elections/\(election.pathEscaped)/turnout"
            case .logTreeHead: "/api/v1/log/sth"
            case .logEntries(let start, let end): "/api/v1/log/entries?start=\(start)&end=\(end)"
            case .logInclusion(let hash, let size): "/api/v1/log/proof/inclusion?hash=\(hash.pathEscaped)&size=\(size)"
            case .logConsistency(let first, let second): "/api/v1/log/proof/consistency?first=\(first)&second=\(second)"
            case .logCosignatures: "/api/v1/log/cosignatures"
            case .logWitnesses: "/api/v1/log/witnesses"
            case .logInclusionAtHead(let hash): "/api/v1/log/proof/inclusion?hash=\(hash.pathEscaped)"
            case .commissionWork(let election, let commission, let part):
                "/api/v1/elections/\(election.pathEscaped)/commissions/\(commission.pathEscaped)/\(part.pathEscaped)"
            case .nationalComposition(let election): "/api/v1/elections/\(election.pathEscaped)/composition"
            case .complaints(let election): "/api/v1/elections/\(election.pathEscaped)/complaints"
            case .complaintStatistics(let election): "/api/v1/elections/\(election.pathEscaped)/complaints/statistics"
            }
        }
    }

    public var path: String {
        switch self {
        case .root: "/"
        case .healthz: "/healthz"
        case .metrics: "/metrics"
        case .openAPI: "/openapi.json"
        case .openAPIYAML: "/openapi.yaml"
        case .home(let language): "/\(language.rawValue)/"
        case .commissionPage(let language, let commission): "/\(language.rawValue)/commissions/\(commission.pathEscaped)"
        case .searchPage(let language): "/\(language.rawValue)/search"
        case .commissionPageSorted(let language, let commission, let sort):
            "/\(language.rawValue)/commissions/\(commission.pathEscaped)?sort=\(sort.pathEscaped)"
        case .homeSorted(let language, let sort): "/\(language.rawValue)/?sort=\(sort.pathEscaped)"
        case .openDataPage(let language): "/\(language.rawValue)/open-data"
        case .openDataFile(let election, let file): "/open-data/\(election.pathEscaped)/\(file.pathEscaped)"
        case .commissionWorkPage(let language, let commission, let part):
            "/\(language.rawValue)/commissions/\(commission.pathEscaped)/\(part.pathEscaped)"
        case .nationalCompositionPage(let language): "/\(language.rawValue)/composition"
        case .voterLookupPage(let language): "/\(language.rawValue)/voter-lookup"
        case .stylesheet(let file): "/static/\(file.pathEscaped)"
        case .api(let api): api.path
        }
    }

    /// Router patterns, with `{name}` parameters.
    enum Route {
        static let apiElections: RouterPath = "/api/v1/elections"
        static let apiCommission: RouterPath = "/api/v1/elections/{election}/commissions/{commission}"
        static let apiToken: RouterPath = "/api/v1/auth/token"
        static let apiUsers: RouterPath = "/api/v1/users"
        static let apiMe: RouterPath = "/api/v1/users/me"
        static let apiProtocols: RouterPath = "/api/v1/elections/{election}/protocols"
        static let apiProtocol: RouterPath = "/api/v1/elections/{election}/protocols/{precinct}"
        static let apiResults: RouterPath = "/api/v1/elections/{election}/results"
        static let apiCommissionKey: RouterPath = "/api/v1/commissions/{commission}/key"
        static let apiTurnout: RouterPath = "/api/v1/elections/{election}/turnout"
        static let apiLogSTH: RouterPath = "/api/v1/log/sth"
        static let apiLogEntries: RouterPath = "/api/v1/log/entries"
        static let apiLogInclusion: RouterPath = "/api/v1/log/proof/inclusion"
        static let apiLogConsistency: RouterPath = "/api/v1/log/proof/consistency"
        static let apiLogCosignatures: RouterPath = "/api/v1/log/cosignatures"
        static let apiLogWitnesses: RouterPath = "/api/v1/log/witnesses"
        static let root: RouterPath = "/"
        static let healthz: RouterPath = "/healthz"
        static let metrics: RouterPath = "/metrics"
        static let openAPI: RouterPath = "/openapi.json"
        static let openAPIYAML: RouterPath = "/openapi.yaml"
        static let home: RouterPath = "/{lang}/"
        static let commissionPage: RouterPath = "/{lang}/commissions/{commission}"
        static let searchPage: RouterPath = "/{lang}/search"
        static let openDataPage: RouterPath = "/{lang}/open-data"
        static let openDataFile: RouterPath = "/open-data/{election}/{file}"
        static let commissionWorkPage: RouterPath = "/{lang}/commissions/{commission}/{part}"
        static let nationalCompositionPage: RouterPath = "/{lang}/composition"
        static let voterLookupPage: RouterPath = "/{lang}/voter-lookup"
        static let stylesheet: RouterPath = "/static/{file}"
    }

    /// The same page in another language (for the language switch).
    public func inLanguage(_ language: Language) -> SiteURL {
        switch self {
        case .home: .home(language)
        case .commissionPage(_, let commission): .commissionPage(language, commission: commission)
        case .searchPage: .searchPage(language)
        case .commissionPageSorted(_, let commission, let sort): .commissionPageSorted(language, commission: commission, sort: sort)
        case .homeSorted(_, let sort): .homeSorted(language, sort: sort)
        case .openDataPage: .openDataPage(language)
        case .commissionWorkPage(_, let commission, let part): .commissionWorkPage(language, commission: commission, part: part)
        case .nationalCompositionPage: .nationalCompositionPage(language)
        case .voterLookupPage: .voterLookupPage(language)
        default: self
        }
    }
}

extension String {
    /// One path segment. Identifiers are nearly always plain ASCII, which needs no escaping; the
    /// character-set work is left for the rest (it showed in profiles of cached pages).
    var pathEscaped: String {
        if utf8.allSatisfy({ Self.plainSegmentByte[Int($0)] }) { return self }
        return addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? self
    }

    private static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))

    /// RFC 3986 unreserved characters: A–Z, a–z, 0–9, "-", ".", "_", "~".
    private static let plainSegmentByte: [Bool] = (0..<256).map { byte in
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || [0x2D, 0x2E, 0x5F, 0x7E].contains(byte)
    }
}
