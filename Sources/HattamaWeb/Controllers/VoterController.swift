import Foundation
import HTTPTypes
import HattamaConfig
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
/// A request as the API answers it: the store's fields, and the appeal route also summed up in
/// English (`appeal`), which the store leaves to its readers.
extension VoterListRequest: ResponseEncodable {
    private enum CodingKeys: String, CodingKey {
        case id, kind, precinctID, proof, filedAt, decision, reason, decidedAt, decideBy, overdue, appeal, appealTo
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(precinctID, forKey: .precinctID)
        try c.encode(proof, forKey: .proof)
        try c.encode(filedAt, forKey: .filedAt)
        try c.encodeIfPresent(decision, forKey: .decision)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(decidedAt, forKey: .decidedAt)
        try c.encodeIfPresent(decideBy, forKey: .decideBy)
        try c.encode(overdue, forKey: .overdue)
        try c.encodeIfPresent(appeal?.description, forKey: .appeal)
        try c.encodeIfPresent(appealTo, forKey: .appealTo)
    }
}

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
    let accounts: AccountsStore
    let structure: StructureStore
    let voterActs: VoterActsStore
    let voters: VotersStore
    let limiter: RateLimiter
    let clock: CivilClock

    /// Shared by the API and the lookup page, so that switching between them buys no extra lookups.
    static func lookupLimiter(_ settings: HattamaConfiguration.VoterLookup) -> RateLimiter {
        RateLimiter(capacity: settings.burst, perSecond: settings.perMinute / 60)
    }

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
        switch try await voters.publicLookup(iin: iin, at: clock.now()) {
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
        if commission == nil { scope = try await structure.rootCommission(election: election) }
        try await accounts.authorize(user, .readPersonalData, at: scope)
        return (commission, election, scope)
    }

    @Sendable func lists(_ request: Request, context: HattamaRequestContext) async throws -> ListSizesResponse {
        let (commission, election, scope) = try await staff(request, context)
        let sizes = try await voters.listSizes(commission: commission, election: election)
        let calendar = try await voters.voterListCalendar(election: election)
        return ListSizesResponse(
            commission: scope, alertPercent: calendar.electionDayAdditionAlertPercent, precincts: sizes)
    }

    /// Public: when the lists open for scrutiny and until when requests are taken.
    @Sendable func calendar(_ request: Request, context: HattamaRequestContext) async throws -> VoterListCalendar {
        try await voters.voterListCalendar(election: request.uri.queryParameters["election"].map(String.init))
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
        let list = try await voterActs.requests(
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
                iin: try VotersStore.validIIN(v.iin), surname: v.surname, givenName: v.givenName, patronymic: v.patronymic ?? "",
                birthDate: v.birthDate, settlement: v.settlement, address: v.address, homePrecinctID: body.precinctID)
        } catch let problem as VoterRecord.Problem {
            throw StoreError.invalid("voter: \(problem)")
        }
        let id = try await voterActs.fileRequest(
            body.kind, record: record, proof: body.proof, election: request.uri.queryParameters["election"].map(String.init),
            at: body.at ?? clock.now(), by: .user(user))
        return EditedResponse(status: .created, response: FiledRequestResponse(id: id))
    }

    @Sendable func decideRequest(_ request: Request, context: HattamaRequestContext) async throws -> VoterListRequest {
        let user = try context.requireIdentity()
        guard let id = context.parameters.get("id").flatMap(Int.init) else { throw StoreError.notFound("request") }
        let body = try await request.decode(as: DecideVoterRequest.self, context: context)
        return try await voterActs.decideRequest(
            id: id, grant: body.grant, reason: body.reason, election: request.uri.queryParameters["election"].map(String.init),
            at: body.at ?? clock.now(), by: .user(user))
    }

    @Sendable func absentee(_ request: Request, context: HattamaRequestContext) async throws -> AbsenteeReport {
        let (commission, election, _) = try await staff(request, context)
        return try await voterActs.absenteeReport(commission: commission, election: election)
    }
}
