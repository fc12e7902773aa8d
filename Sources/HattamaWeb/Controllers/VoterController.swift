import Foundation
import HTTPTypes
import HattamaCore
import HattamaStore
import Hummingbird
import HummingbirdAuth
import NIOCore
import Synchronization

/// The self-service answer: the polling station, never a name, an IIN or a birth date.
struct PollingStationResponse: ResponseEncodable {
    var precinctNumber: Int
    var settlement: LocalizedText
    var address: LocalizedText
    var holdsAbsenteeCertificate: Bool
}

struct ListSizesResponse: ResponseEncodable {
    var commission: String
    /// Election-day additions above this share of a list are flagged.
    var alertPercent: Double
    var precincts: [PrecinctListSize]
}

extension AbsenteeReport: ResponseEncodable {}

/// Token buckets per client: `capacity` requests at once, refilled at `perSecond`. Enough for a
/// family checking their stations, far too few to walk the IIN space (a birth date and a few
/// thousand serials would otherwise confirm who is registered where).
final class RateLimiter: Sendable {
    let capacity: Double
    let perSecond: Double
    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])

    init(capacity: Int, perSecond: Double) {
        self.capacity = Double(capacity)
        self.perSecond = perSecond
    }

    /// Takes a token for `client`; nil when allowed, else the seconds until the next token.
    func take(_ client: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            // Bounded memory: forget clients idle long enough to be full again.
            if buckets.count > 100_000 {
                let full = Duration.seconds(capacity / perSecond)
                buckets = buckets.filter { now - $0.value.at < full }
            }
            var bucket = buckets[client] ?? (capacity, now)
            let elapsed = now - bucket.at
            bucket.tokens = min(
                capacity, bucket.tokens + perSecond * (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            bucket.at = now
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            return nil
        }
    }
}

/// Voter register API: the public lookup (rate-limited), and aggregated list and certificate
/// reports for commission staff of the commission asked about.
struct VoterController {
    let store: HattamaStore
    let limiter: RateLimiter

    init(store: HattamaStore, limiter: RateLimiter = RateLimiter(capacity: 10, perSecond: 0.2)) {
        self.store = store
        self.limiter = limiter
    }

    static let lookupPath: RouterPath = "/api/v1/voters/lookup"
    static let listsPath: RouterPath = "/api/v1/voters/lists"
    static let absenteePath: RouterPath = "/api/v1/absentee-certificates/report"

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(Self.lookupPath, use: lookup)
        router.get(Self.listsPath, use: lists)
        router.get(Self.absenteePath, use: absentee)
    }

    /// The client a request counts against: the peer, or for a reverse proxy on the same host
    /// (and in router tests, which have no peer) the first X-Forwarded-For address.
    static func client(_ request: Request, _ context: HattamaRequestContext) -> String {
        let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let peer = context.remoteAddress?.ipAddress else { return forwarded ?? "unknown" }
        if peer == "127.0.0.1" || peer == "::1", let forwarded, !forwarded.isEmpty { return forwarded }
        return peer
    }

    @Sendable func lookup(_ request: Request, context: HattamaRequestContext) async throws -> PollingStationResponse {
        if let wait = limiter.take(Self.client(request, context)) {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(wait)], message: "too many lookups; try again in \(wait) s")
        }
        guard let iin = request.uri.queryParameters["iin"].map(String.init), !iin.isEmpty else {
            throw HTTPError(.badRequest, message: "query parameter 'iin' (12 digits) is required")
        }
        guard let station = try await store.lookupPollingStation(iin: iin) else {
            throw HTTPError(.notFound, message: "this IIN is on no voter list")
        }
        return PollingStationResponse(
            precinctNumber: station.precinctNumber, settlement: station.settlement, address: station.address,
            holdsAbsenteeCertificate: station.holdsAbsenteeCertificate)
    }

    /// Commission staff of `commission` (or above it) only: the counts are aggregates, but
    /// election-day additions per station are for the commissions to act on first.
    func staff(_ request: Request, _ context: HattamaRequestContext) async throws -> (commission: String?, election: String?) {
        let user = try context.requireIdentity()
        let commission = request.uri.queryParameters["commission"].map(String.init)
        let top = try await store.topCommission().id
        try await store.authorize(user, .readPersonalData, at: commission ?? top)
        return (commission, request.uri.queryParameters["election"].map(String.init))
    }

    @Sendable func lists(_ request: Request, context: HattamaRequestContext) async throws -> ListSizesResponse {
        let (commission, election) = try await staff(request, context)
        let sizes = try await store.listSizes(commission: commission, election: election)
        let top = try await store.topCommission().id
        let calendar = try await store.voterListCalendar(election: election)
        return ListSizesResponse(
            commission: commission ?? top, alertPercent: calendar.electionDayAdditionAlertPercent, precincts: sizes)
    }

    @Sendable func absentee(_ request: Request, context: HattamaRequestContext) async throws -> AbsenteeReport {
        let (commission, election) = try await staff(request, context)
        return try await store.absenteeReport(commission: commission, election: election)
    }

    static func openAPI() -> (paths: [String: Any], schemas: [String: Any]) {
        let ref = { (name: String) in ["$ref": "#/components/schemas/\(name)"] }
        let error = ["description": "Error", "content": ["application/json": ["schema": ref("Error")]]] as [String: Any]
        func ok(_ schema: String) -> [String: Any] { ["description": "OK", "content": ["application/json": ["schema": ref(schema)]]] }
        func query(_ name: String, _ required: Bool, _ description: String) -> [String: Any] {
            ["name": name, "in": "query", "required": required, "schema": ["type": "string"], "description": description]
        }
        let bearer: [[String: [String]]] = [["bearer": []]]
        let scope = [
            query("commission", false, "Commission (default: the central one)"),
            query("election", false, "Election id (default: the latest)"),
        ]
        let integer: [String: Any] = ["type": "integer", "minimum": 0]
        let account: [String: Any] = [
            "type": "object",
            "properties": [
                "commissionID": ["type": "string"], "allocated": integer, "issued": integer, "redeemed": integer, "unused": integer,
                "void": integer, "redeemedAtStations": integer, "cap": integer,
            ],
        ]
        let paths: [String: Any] = [
            "/api/v1/voters/lookup": [
                "get": [
                    "summary":
                        "Voter self-service: the polling station's number and address for an IIN, nothing else (rate-limited per client)",
                    "parameters": [query("iin", true, "The voter's 12-digit IIN")],
                    "responses": ["200": ok("PollingStation"), "400": error, "404": error, "422": error, "429": error],
                ]
            ],
            "/api/v1/voters/lists": [
                "get": [
                    "summary": "List sizes per precinct: exclusions for special stations, certificates, election-day additions (flagged)",
                    "security": bearer, "parameters": scope,
                    "responses": ["200": ok("ListSizes"), "401": error, "403": error, "404": error],
                ]
            ],
            "/api/v1/absentee-certificates/report": [
                "get": [
                    "summary": "Absentee certificates: allocated / issued / redeemed / unused / void per commission, reconciled",
                    "security": bearer, "parameters": scope,
                    "responses": ["200": ok("AbsenteeReport"), "401": error, "403": error, "404": error],
                ]
            ],
        ]
        let schemas: [String: Any] = [
            "PollingStation": [
                "type": "object", "required": ["precinctNumber", "settlement", "address", "holdsAbsenteeCertificate"],
                "properties": [
                    "precinctNumber": ["type": "integer"], "settlement": ref("LocalizedText"), "address": ref("LocalizedText"),
                    "holdsAbsenteeCertificate": ["type": "boolean"],
                ],
            ],
            "ListSizes": [
                "type": "object",
                "properties": [
                    "commission": ["type": "string"], "alertPercent": ["type": "number"],
                    "precincts": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": [
                                "precinctID": ["type": "string"], "number": ["type": "integer"], "homeEntries": integer,
                                "excludedForSpecialStation": integer, "absenteeCertificatesIssued": integer,
                                "electionDayAdditions": integer,
                                "includedFromHomeLists": integer, "addedByAbsenteeCertificate": integer, "ballotsMarked": integer,
                                "additionsFlagged": ["type": "boolean"],
                                "protocolBallotsIssued": [
                                    "type": "integer", "description": "ballots-issued line of the station's counted protocol",
                                ],
                                "marksMinusProtocol": [
                                    "type": "integer",
                                    "description": "ballots marked by the station's devices minus the protocol's ballots-issued line",
                                ],
                            ],
                        ],
                    ],
                ],
            ],
            "AbsenteeReport": [
                "type": "object",
                "properties": [
                    "electionID": ["type": "string"], "commission": account, "subordinates": ["type": "array", "items": account],
                    "problems": ["type": "array", "items": ["type": "string"]],
                ],
            ],
        ]
        return (paths, schemas)
    }
}
