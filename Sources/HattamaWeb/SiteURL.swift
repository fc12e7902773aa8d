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
    /// A commission's complaints register filtered by state, or to the overdue ones only.
    case complaintsPageFiltered(Language, commission: String, state: String?, overdueOnly: Bool)
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
        case memberDeparture(election: String, commission: String, member: String)
        case memberReplacement(election: String, commission: String, member: String)
        case substitutions(election: String, commission: String)
        case representatives(election: String, commission: String)
        case representativeRefusals(election: String, commission: String)
        case decisionTextsCheck(election: String, commission: String)
        /// One step of a complaint's way through its states (see `ComplaintStep`).
        case complaintStep(election: String, complaint: String, step: ComplaintStep)
        case voterLookup
        case voterLists
        case voterCalendar
        case voterRequests
        case voterRequestDecision(request: Int)
        case absenteeReport

        /// The acts that move a complaint on, each at its own path under the complaint.
        public enum ComplaintStep: String, CaseIterable, Sendable {
            case register, schedule, decide
            case courtRuling = "court-ruling"
            case publish, appeal
        }

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
            case .memberDeparture(let election, let commission, let member):
                Self.commissionWork(election: election, commission: commission, part: "members").path
                    + "/\(member.pathEscaped)/departure"
            case .memberReplacement(let election, let commission, let member):
                Self.commissionWork(election: election, commission: commission, part: "members").path
                    + "/\(member.pathEscaped)/replacement"
            case .substitutions(let election, let commission):
                Self.commissionWork(election: election, commission: commission, part: "substitutions").path
            case .representatives(let election, let commission):
                Self.commissionWork(election: election, commission: commission, part: "representatives").path
            case .representativeRefusals(let election, let commission):
                Self.commissionWork(election: election, commission: commission, part: "representative-refusals").path
            case .decisionTextsCheck(let election, let commission):
                Self.commissionWork(election: election, commission: commission, part: "decisions").path + "/check"
            case .complaintStep(let election, let complaint, let step):
                "/api/v1/elections/\(election.pathEscaped)/complaints/\(complaint.pathEscaped)/\(step.rawValue)"
            case .voterLookup: "/api/v1/voters/lookup"
            case .voterLists: "/api/v1/voters/lists"
            case .voterCalendar: "/api/v1/voters/calendar"
            case .voterRequests: "/api/v1/voters/requests"
            case .voterRequestDecision(let request): "/api/v1/voters/requests/\(request)/decision"
            case .absenteeReport: "/api/v1/absentee-certificates/report"
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
        case .complaintsPageFiltered(let language, let commission, let state, let overdueOnly):
            Self.commissionWorkPage(language, commission: commission, part: "complaints").path
                + (state.map { "?state=\($0.pathEscaped)" } ?? (overdueOnly ? "?overdue=true" : ""))
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
        // Commissions at work.
        static let apiCommissionMembers: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/members"
        static let apiMemberDeparture: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/members/{member}/departure"
        static let apiMemberReplacement: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/members/{member}/replacement"
        static let apiCommissionHistory: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/history"
        static let apiCommissionComposition: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/composition"
        static let apiSubstitutions: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/substitutions"
        static let apiRepresentatives: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/representatives"
        static let apiRepresentativeRefusals: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/representative-refusals"
        static let apiSessions: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/sessions"
        static let apiDecisions: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/decisions"
        static let apiDecisionTextsCheck: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/decisions/check"
        static let apiCommissionComplaints: RouterPath = "/api/v1/elections/{election}/commissions/{commission}/complaints"
        static let apiNationalComposition: RouterPath = "/api/v1/elections/{election}/composition"
        static let apiComplaints: RouterPath = "/api/v1/elections/{election}/complaints"
        static let apiComplaintStatistics: RouterPath = "/api/v1/elections/{election}/complaints/statistics"
        static let apiComplaintRegister: RouterPath = "/api/v1/elections/{election}/complaints/{complaint}/register"
        static let apiComplaintSchedule: RouterPath = "/api/v1/elections/{election}/complaints/{complaint}/schedule"
        static let apiComplaintDecide: RouterPath = "/api/v1/elections/{election}/complaints/{complaint}/decide"
        static let apiComplaintCourtRuling: RouterPath = "/api/v1/elections/{election}/complaints/{complaint}/court-ruling"
        static let apiComplaintPublish: RouterPath = "/api/v1/elections/{election}/complaints/{complaint}/publish"
        static let apiComplaintAppeal: RouterPath = "/api/v1/elections/{election}/complaints/{complaint}/appeal"
        // Voter register.
        static let apiVoterLookup: RouterPath = "/api/v1/voters/lookup"
        static let apiVoterLists: RouterPath = "/api/v1/voters/lists"
        static let apiAbsenteeReport: RouterPath = "/api/v1/absentee-certificates/report"
        static let apiVoterCalendar: RouterPath = "/api/v1/voters/calendar"
        static let apiVoterRequests: RouterPath = "/api/v1/voters/requests"
        static let apiVoterRequestDecision: RouterPath = "/api/v1/voters/requests/{id}/decision"
    }

    /// The language of a page's path (`/kk/…`), nil for paths outside the language folders.
    static func language(ofPath path: String) -> Language? {
        path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true).first.flatMap { Language(rawValue: String($0)) }
    }

    /// API and health answers are JSON, errors included; everything else is a page for people.
    static func answersInJSON(path: String) -> Bool {
        path.hasPrefix("/api/") || path == SiteURL.healthz.path
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
        case .complaintsPageFiltered(_, let commission, let state, let overdueOnly):
            .complaintsPageFiltered(language, commission: commission, state: state, overdueOnly: overdueOnly)
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
