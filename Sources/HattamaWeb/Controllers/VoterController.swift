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
extension VoterListCalendar: ResponseEncodable {}
extension VoterListRequest: ResponseEncodable {}

struct VoterRequestsResponse: ResponseEncodable {
    var precinct: String
    /// The moment `overdue` was judged at.
    var at: CivilDateTime
    var requests: [VoterListRequest]
}

struct FiledRequestResponse: ResponseEncodable {
    var id: Int
}

/// An inclusion or correction request as the PEC records it: the voter's particulars as they
/// should stand on the list, and the proof of residence shown.
struct FileVoterRequest: Decodable {
    struct Voter: Decodable {
        var iin: String
        var surname: String
        var givenName: String
        var patronymic: String?
        var birthDate: CivilDate
        var settlement: String
        var address: String
    }
    var kind: VoterListRequest.Kind
    var precinctID: String
    var voter: Voter
    var proof: String
    /// When the voter filed it; default now.
    var at: CivilDateTime?
}

struct DecideVoterRequest: Decodable {
    var grant: Bool
    var reason: String?
    /// When the commission decided; default now.
    var at: CivilDateTime?
}

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
    let clock: CivilClock

    /// Enough for a family checking their stations; shared by the API and the lookup page, so
    /// that switching between them buys no extra lookups.
    static func lookupLimiter() -> RateLimiter { RateLimiter(capacity: 10, perSecond: 0.2) }

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.apiVoterLookup, use: lookup)
        router.get(SiteURL.Route.apiVoterLists, use: lists)
        router.get(SiteURL.Route.apiAbsenteeReport, use: absentee)
        router.get(SiteURL.Route.apiVoterCalendar, use: calendar)
        router.get(SiteURL.Route.apiVoterRequests, use: requests)
        router.post(SiteURL.Route.apiVoterRequests, use: fileRequest)
        router.post(SiteURL.Route.apiVoterRequestDecision, use: decideRequest)
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
        let station: PollingStationLookup
        switch try await store.publicLookup(iin: iin, at: clock.now()) {
        case .station(let found): station = found
        case .notListed: throw HTTPError(.notFound, message: "this IIN is on no voter list")
        case .listsNotOpen(let day):
            throw HTTPError(.forbidden, message: "voter lists are open for public scrutiny from \(day); ask again then")
        }
        return PollingStationResponse(
            precinctNumber: station.precinctNumber, settlement: station.settlement, address: station.address,
            holdsAbsenteeCertificate: station.holdsAbsenteeCertificate)
    }

    /// Commission staff of `commission` (or above it) only: the counts are aggregates, but
    /// election-day additions per station are for the commissions to act on first.
    /// Returns the commission asked about (the election's top one when none is named).
    func staff(_ request: Request, _ context: HattamaRequestContext) async throws -> (commission: String?, election: String?, scope: String)
    {
        let user = try context.requireIdentity()
        let commission = request.uri.queryParameters["commission"].map(String.init)
        let election = request.uri.queryParameters["election"].map(String.init)
        var scope = commission ?? ""
        if commission == nil { scope = try await store.rootCommission(election: election) }
        try await store.authorize(user, .readPersonalData, at: scope)
        return (commission, election, scope)
    }

    @Sendable func lists(_ request: Request, context: HattamaRequestContext) async throws -> ListSizesResponse {
        let (commission, election, scope) = try await staff(request, context)
        let sizes = try await store.listSizes(commission: commission, election: election)
        let calendar = try await store.voterListCalendar(election: election)
        return ListSizesResponse(
            commission: scope, alertPercent: calendar.electionDayAdditionAlertPercent, precincts: sizes)
    }

    /// Public: when the lists open for scrutiny and until when requests are taken.
    @Sendable func calendar(_ request: Request, context: HattamaRequestContext) async throws -> VoterListCalendar {
        try await store.voterListCalendar(election: request.uri.queryParameters["election"].map(String.init))
    }

    /// A precinct's requests with their deadlines (`overdue=true`: only the overdue ones), for
    /// commission staff of the precinct's chain: the proof of residence is personal data.
    @Sendable func requests(_ request: Request, context: HattamaRequestContext) async throws -> VoterRequestsResponse {
        let user = try context.requireIdentity()
        let query = request.uri.queryParameters
        guard let precinct = query["precinct"].map(String.init), !precinct.isEmpty else {
            throw HTTPError(.badRequest, message: "query parameter 'precinct' is required")
        }
        let at = try CommissionWorkController.moment(request, clock: clock)
        let list = try await store.requests(
            precinct: precinct, election: query["election"].map(String.init), at: at, overdueOnly: query["overdue"] == "true",
            by: .user(user))
        return VoterRequestsResponse(precinct: precinct, at: at, requests: list)
    }

    @Sendable func fileRequest(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<FiledRequestResponse> {
        let user = try context.requireIdentity()
        let body = try await request.decode(as: FileVoterRequest.self, context: context)
        let v = body.voter
        let record: VoterRecord
        do {
            record = try VoterRecord(
                iin: try HattamaStore.validIIN(v.iin), surname: v.surname, givenName: v.givenName, patronymic: v.patronymic ?? "",
                birthDate: v.birthDate, settlement: v.settlement, address: v.address, homePrecinctID: body.precinctID)
        } catch let problem as VoterRecord.Problem {
            throw StoreError.invalid("voter: \(problem)")
        }
        let id = try await store.fileRequest(
            body.kind, record: record, proof: body.proof, election: request.uri.queryParameters["election"].map(String.init),
            at: body.at ?? clock.now(), by: .user(user))
        return EditedResponse(status: .created, response: FiledRequestResponse(id: id))
    }

    @Sendable func decideRequest(_ request: Request, context: HattamaRequestContext) async throws -> VoterListRequest {
        let user = try context.requireIdentity()
        guard let id = context.parameters.get("id").flatMap(Int.init) else { throw StoreError.notFound("request") }
        let body = try await request.decode(as: DecideVoterRequest.self, context: context)
        return try await store.decideRequest(
            id: id, grant: body.grant, reason: body.reason, election: request.uri.queryParameters["election"].map(String.init),
            at: body.at ?? clock.now(), by: .user(user))
    }

    @Sendable func absentee(_ request: Request, context: HattamaRequestContext) async throws -> AbsenteeReport {
        let (commission, election, _) = try await staff(request, context)
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
                    "description":
                        "Answers only from the display date of the station's list (law profile: `voterListDisplayDaysBefore`, special stations `specialListDisplayDaysBefore`); before it 403 names the date. An IIN that cannot exist is 422 with the rule it breaks.",
                    "responses": ["200": ok("PollingStation"), "400": error, "403": error, "404": error, "422": error, "429": error],
                ]
            ],
            "/api/v1/voters/lists": [
                "get": [
                    "summary": "List sizes per precinct: exclusions for special stations, certificates, election-day additions (flagged)",
                    "security": bearer, "parameters": scope,
                    "responses": ["200": ok("ListSizes"), "401": error, "403": error, "404": error],
                ]
            ],
            "/api/v1/voters/calendar": [
                "get": [
                    "summary":
                        "Public scrutiny of the lists: the display date of ordinary and special stations' lists, the last day for inclusion and correction requests, the election-day-additions alert threshold (from the law profile)",
                    "parameters": [query("election", false, "Election id (default: the latest)")],
                    "responses": ["200": ok("VoterListCalendar"), "404": error],
                ]
            ],
            "/api/v1/voters/requests": [
                "get": [
                    "summary":
                        "A precinct's inclusion and correction requests, each with the day it must be decided by (the day it was filed, when the profile says so); pending ones past it are overdue; refusals say where they can be appealed",
                    "security": bearer,
                    "parameters": [
                        query("precinct", true, "Precinct id"), query("overdue", false, "true: only overdue requests"),
                        query("at", false, "YYYY-MM-DDTHH:MM the overdue flags are judged at; default now"),
                        query("election", false, "Election id (default: the latest)"),
                    ],
                    "responses": ["200": ok("VoterRequests"), "400": error, "401": error, "403": error, "404": error],
                ],
                "post": [
                    "summary":
                        "Record a voter's inclusion or correction request with the proof of residence (secretary of the precinct's commission); only while the station's list is open for scrutiny",
                    "security": bearer, "parameters": [query("election", false, "Election id (default: the latest)")],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": ref("FileVoterRequest")]]],
                    "responses": [
                        "201": ok("FiledVoterRequest"), "400": error, "401": error, "403": error, "404": error, "409": error, "422": error,
                    ],
                ],
            ],
            "/api/v1/voters/requests/{id}/decision": [
                "post": [
                    "summary":
                        "Grant or refuse a request, the day it was filed (a refusal needs its reason and can be appealed); a decision before the filing is 422, on a later day 409",
                    "security": bearer,
                    "parameters": [
                        ["name": "id", "in": "path", "required": true, "schema": ["type": "integer"]],
                        query("election", false, "Election id (default: the latest)"),
                    ],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": ref("DecideVoterRequest")]]],
                    "responses": [
                        "200": ok("VoterRequest"), "400": error, "401": error, "403": error, "404": error, "409": error, "422": error,
                    ],
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
        let date: [String: Any] = ["type": "string", "format": "date"]
        let moment: [String: Any] = ["type": "string", "description": "local time YYYY-MM-DDTHH:MM"]
        let text: [String: Any] = ["type": "string"]
        let voterRequest: [String: Any] = [
            "type": "object", "required": ["id", "kind", "precinctID", "proof", "filedAt", "overdue"],
            "properties": [
                "id": ["type": "integer"], "kind": ["type": "string", "enum": ["inclusion", "correction"]], "precinctID": text,
                "proof": text, "filedAt": moment, "decision": ["type": "string", "enum": ["granted", "refused"]], "reason": text,
                "decidedAt": moment, "decideBy": date, "overdue": ["type": "boolean"],
                "appeal": ["type": "string", "description": "for a refusal: where it can be appealed, and the rule"],
                "appealTo": ref("LocalizedText"),
            ],
        ]
        let schemas: [String: Any] = [
            "VoterListCalendar": [
                "type": "object",
                "properties": [
                    "electionID": text, "electionDay": date, "displayFrom": date, "specialDisplayFrom": date, "requestsUntil": date,
                    "electionDayAdditionAlertPercent": ["type": "number"],
                ],
            ],
            "VoterRequest": voterRequest,
            "VoterRequests": [
                "type": "object",
                "properties": ["precinct": text, "at": moment, "requests": ["type": "array", "items": ref("VoterRequest")]],
            ],
            "FiledVoterRequest": ["type": "object", "properties": ["id": ["type": "integer"]]],
            "FileVoterRequest": [
                "type": "object", "required": ["kind", "precinctID", "voter", "proof"],
                "properties": [
                    "kind": ["type": "string", "enum": ["inclusion", "correction"]], "precinctID": text, "proof": text, "at": moment,
                    "voter": [
                        "type": "object", "required": ["iin", "surname", "givenName", "birthDate", "settlement", "address"],
                        "properties": [
                            "iin": text, "surname": text, "givenName": text, "patronymic": text, "birthDate": date, "settlement": text,
                            "address": text,
                        ],
                    ],
                ],
            ],
            "DecideVoterRequest": [
                "type": "object", "required": ["grant"],
                "properties": ["grant": ["type": "boolean"], "reason": text, "at": moment],
            ],
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
