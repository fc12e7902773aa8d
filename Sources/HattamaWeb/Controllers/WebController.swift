import Foundation
import HTTPTypes
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache

/// Server-rendered pages, one view model per page, in /kk/, /ru/ and /en/. Pages are cached per
/// path (see `PageCache`) and rendered again once the transparency log has grown.
struct WebController {
    /// Each page is one call to `pages`; search reads the structure.
    let pages: PagesStore
    let structure: StructureStore
    let log: LogStore
    let templates: MustacheLibrary
    let cache: PageCache

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.root, use: root)
        router.get(SiteURL.Route.home, use: home)
        router.get(SiteURL.Route.commissionPage, use: commission)
        router.get(SiteURL.Route.searchPage, use: search)
        router.get(SiteURL.Route.stylesheet, use: stylesheet)
    }

    /// The stylesheet under its content-hashed name, cached by browsers for good: a changed
    /// stylesheet gets a new name, so pages never pair with a stale one.
    @Sendable func stylesheet(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        guard context.parameters.get("file") == Stylesheet.fileName else { throw HTTPError(.notFound, message: "no such file") }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable",
                .eTag: "\"\(Stylesheet.fileName)\"",
            ],
            body: .init(byteBuffer: Stylesheet.body))
    }

    static func htmlResponse(_ body: ByteBuffer, cache: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", HTTPField.Name("X-Hattama-Cache")!: cache],
            body: .init(byteBuffer: body))
    }

    /// The page at `key` from the cache if the log has not grown since it was rendered; otherwise
    /// rendered now (once, however many requests ask at the same time) and kept.
    func cached(_ key: String, render: @escaping @Sendable () async throws -> String) async throws -> Response {
        let stamp = try await cache.stamp(log)
        let (entry, source) = try await cache.lookup(key, stamp: stamp) {
            PageCache.Entry(stamp: stamp, body: ByteBuffer(string: try await render()), contentType: "text/html; charset=utf-8")
        }
        return Self.htmlResponse(entry.body, cache: source.rawValue)
    }

    /// Sends visitors to their language's home page.
    @Sendable func root(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        return Response(status: .seeOther, headers: [.location: SiteURL.home(language).path, .vary: "Accept-Language"])
    }

    func render(_ model: Any, _ template: String) throws -> String {
        guard let html = templates.render(model, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template '\(template)' is missing")
        }
        return html
    }

    @Sendable func home(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        let sort = ChildSort(request.uri.queryParameters["sort"].map(String.init))
        let url: SiteURL = sort.map { .homeSorted(language, sort: $0.parameter) } ?? .home(language)
        return try await cached(url.path) {
            try render(HomePage.model(try await pages.home(), language: language, sort: sort, url: url), "home")
        }
    }

    @Sendable func commission(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        let id = try context.parameters.require("commission")
        let sort = ChildSort(request.uri.queryParameters["sort"].map(String.init))
        let url: SiteURL =
            sort.map { .commissionPageSorted(language, commission: id, sort: $0.parameter) } ?? .commissionPage(language, commission: id)
        return try await cached(url.path) {
            try render(CommissionPage.model(try await pages.commission(id), language: language, sort: sort, url: url), "commission")
        }
    }

    @Sendable func search(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        let query = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
        let matches = query.isEmpty ? [] : try await structure.findPrecincts(query)
        let model = SearchPage.model(query: query, matches: matches, language: language)
        return Self.htmlResponse(ByteBuffer(string: try render(model, "search")), cache: "none")
    }
}
