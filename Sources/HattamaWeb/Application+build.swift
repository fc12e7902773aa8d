import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import Logging
import Mustache

public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// Builds the whole web application around an open store.
public func buildApplication(
    store: HattamaStore, configuration: ServerConfiguration = .init(), clock: CivilClock = .utc,
    logger: Logger = Logger(label: "hattama.web")
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(store: store, metrics: WebMetrics(), clock: clock)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Hattama"),
        logger: logger)
}

/// `clock` is "now" for rules that depend on the day (when voter lists open for scrutiny);
/// tests pass a fixed one.
public func buildRouter(store: HattamaStore, metrics: WebMetrics, clock: CivilClock = .utc) async throws -> Router<HattamaRequestContext> {
    let templates = try await loadTemplates()
    let router = Router(context: HattamaRequestContext.self)
    router.addMiddleware {
        MetricsMiddleware(metrics: metrics)
        ErrorMiddleware()
        TokenAuthenticator(store: store)
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
    APIController(store: store).addRoutes(to: router)
    CommissionWorkController(store: store).addRoutes(to: router)
    let lookupLimiter = VoterController.lookupLimiter()
    VoterController(store: store, limiter: lookupLimiter, clock: clock).addRoutes(to: router)
    VoterLookupPageController(store: store, templates: templates, limiter: lookupLimiter, clock: clock).addRoutes(to: router)
    CommissionWorkPagesController(store: store, templates: templates).addRoutes(to: router)
    let pages = PageCache()
    ResultsController(store: store, cache: pages).addRoutes(to: router)
    LogController(store: store).addRoutes(to: router)
    WebController(store: store, templates: templates, cache: pages).addRoutes(to: router)
    OpenDataController(store: store, templates: templates, cache: pages).addRoutes(to: router)
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

    /// The wall clock in UTC, as the other election-day features read it (`?at=` defaults).
    public static let utc = CivilClock {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
        let day = CivilDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)!
        return CivilDateTime(date: day, time: String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0))
            ?? CivilDateTime(startOf: day)
    }

    public static func fixed(_ time: CivilDateTime) -> CivilClock { CivilClock { time } }
}
