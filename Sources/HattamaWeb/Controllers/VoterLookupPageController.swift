import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache

struct VoterLookupPageController {
    let voters: VotersStore
    let templates: MustacheLibrary
    let limiter: RateLimiter
    let clock: CivilClock

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.voterLookupPage, use: form)
        router.post(SiteURL.Route.voterLookupPage, use: answer)
    }

    func model(_ language: Language) -> VoterLookupPage.Model {
        VoterLookupPage.Model(
            page: PageChrome(language: language, title: Strings.voterLookup[language], url: .voterLookupPage(language)),
            formHref: SiteURL.voterLookupPage(language).path, station: nil, notListed: false, invalid: nil, notOpen: nil,
            retrySeconds: nil)
    }

    func respond(_ model: VoterLookupPage.Model, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        guard let html = templates.render(model, withTemplate: "voter-lookup") else {
            throw HTTPError(.internalServerError, message: "template 'voter-lookup' is missing")
        }
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        // An answer about one person's station is nobody else's: never kept by a shared cache.
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    @Sendable func form(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        try respond(model(try context.language()))
    }

    @Sendable func answer(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        var model = model(language)
        if let wait = limiter.take(VoterController.client(request, context)) {
            model.retrySeconds = language.format(wait)
            return try respond(model, status: .tooManyRequests, headers: [.retryAfter: String(wait)])
        }
        let body = try await request.body.collect(upTo: 1024)
        let form = (try? URLEncodedFormDecoder().decode(LookupForm.self, from: String(buffer: body))) ?? LookupForm(iin: nil)
        let text = (form.iin ?? "").trimmingCharacters(in: .whitespaces)
        do {
            _ = try IIN(text)
        } catch {
            model.invalid = Strings.rule(error, language)
            return try respond(model, status: .unprocessableContent)
        }
        switch try await voters.publicLookup(iin: text, at: clock.now()) {
        case .station(let station):
            model.station = .init(
                number: "№\(station.precinctNumber)", settlement: station.settlement[language], address: station.address[language],
                absentee: station.holdsAbsenteeCertificate)
        case .notListed:
            model.notListed = true
        case .listsNotOpen(let day):
            model.notOpen = .init(iso: day.description, text: language.date(day))
            return try respond(model, status: .forbidden)
        }
        return try respond(model)
    }

    /// The form's one field; missing is the same as empty.
    struct LookupForm: Decodable {
        var iin: String?
    }
}
