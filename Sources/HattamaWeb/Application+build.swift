import Foundation
import HattamaConfig
import HattamaCore
import HattamaStore
import Hummingbird
import Logging
import Mustache

/// Builds the whole web application around an open store, listening on `configuration.server`.
/// `clock` replaces the configured civil clock (tests pass a fixed one).
public func buildApplication(
    store: HattamaStore, configuration: HattamaConfiguration = .init(), clock: CivilClock? = nil,
    logger: Logger = Logger(label: "hattama.web")
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(store: store, metrics: WebMetrics(), configuration: configuration, clock: clock)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "Hattama"),
        logger: logger)
}

/// The routes, with the voter-lookup limit, page cache and civil clock of `configuration`.
/// `clock` is "now" for rules that depend on the day (when voter lists open for scrutiny); when
/// nil, the wall clock in `configuration.clock.timeZone`.
public func buildRouter(
    store: HattamaStore, metrics: WebMetrics, configuration: HattamaConfiguration = .init(), clock: CivilClock? = nil
) async throws -> Router<HattamaRequestContext> {
    try configuration.validate()
    let clock = clock ?? .wallClock(in: configuration.clock.timeZone)
    let templates = try await loadTemplates()
    let router = Router(context: HattamaRequestContext.self)
    router.addMiddleware {
        MetricsMiddleware(metrics: metrics)
        ErrorMiddleware()
        TokenAuthenticator(accounts: store.accounts)
    }
    router.get(SiteURL.Route.healthz) { _, _ -> HealthResponse in
        HealthResponse(status: "ok", database: store.backendName, schemaVersion: try await store.schemaVersion())
    }
    router.get(SiteURL.Route.metrics) { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
    // A contract that cannot be read stops the server from starting.
    let (openAPIYAML, openAPIJSON) = try OpenAPIDocument.published.get()
    router.get(SiteURL.Route.openAPI) { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPIJSON)))
    }
    router.get(SiteURL.Route.openAPIYAML) { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: openAPIYAML)))
    }
    APIController(accounts: store.accounts, structure: store.structure).addRoutes(to: router)
    CommissionWorkController(commissionWork: store.commissionWork, clock: clock).addRoutes(to: router)
    let lookupLimiter = VoterController.lookupLimiter(configuration.voterLookup)
    VoterController(
        accounts: store.accounts, structure: store.structure, voterActs: store.voterActs, voters: store.voters, limiter: lookupLimiter,
        clock: clock
    ).addRoutes(to: router)
    VoterLookupPageController(voters: store.voters, templates: templates, limiter: lookupLimiter, clock: clock).addRoutes(to: router)
    CommissionWorkPagesController(pages: store.pages, templates: templates, clock: clock).addRoutes(to: router)
    let pages = PageCache(capacity: configuration.pageCache.entries, freshness: configuration.pageCache.freshness)
    ResultsController(results: store.results, structure: store.structure, log: store.log, cache: pages).addRoutes(to: router)
    LogController(log: store.log).addRoutes(to: router)
    WebController(pages: store.pages, structure: store.structure, log: store.log, templates: templates, cache: pages).addRoutes(to: router)
    OpenDataController(
        pages: store.pages, exporter: OpenDataExporter(structure: store.structure, results: store.results, log: store.log),
        templates: templates, cache: pages
    ).addRoutes(to: router)
    return router
}

func loadTemplates() async throws -> MustacheLibrary {
    guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
        throw HTTPError(.internalServerError, message: "templates are missing from the bundle")
    }
    return try await MustacheLibrary(directory: directory)
}

/// "Now" as the civil date and time the day-dependent rules read.
public struct CivilClock: Sendable {
    public let now: @Sendable () -> CivilDateTime

    public init(now: @escaping @Sendable () -> CivilDateTime) { self.now = now }

    /// The wall clock in UTC (the default zone).
    public static let utc = wallClock(in: HattamaConfiguration.utc)

    /// The wall clock as read in `timeZone` (`HattamaConfiguration.clock`).
    public static func wallClock(in timeZone: TimeZone) -> CivilClock {
        CivilClock {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
            let day = CivilDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)!
            return CivilDateTime(date: day, time: String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0))
                ?? CivilDateTime(startOf: day)
        }
    }

    public static func fixed(_ time: CivilDateTime) -> CivilClock { CivilClock { time } }
}
