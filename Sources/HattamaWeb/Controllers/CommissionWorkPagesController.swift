import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache

/// The commission-at-work pages and the national composition (not cached: each is one
/// commission's rows). Each page is one call to the store's `pages` area.
struct CommissionWorkPagesController {
    let pages: PagesStore
    let templates: MustacheLibrary
    let clock: CivilClock

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.commissionWorkPage, use: page)
        router.get(SiteURL.Route.nationalCompositionPage, use: national)
    }

    @Sendable func national(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        guard let data = try await pages.nationalComposition() else { throw HTTPError(.notFound, message: "no election") }
        let model = NationalCompositionPage.model(data, language: language)
        return WebController.htmlResponse(ByteBuffer(string: try render(model, "national-composition")), cache: "none")
    }

    @Sendable func page(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        guard let part = CommissionWorkPart(rawValue: context.parameters.get("part") ?? "") else {
            throw HTTPError(.notFound, message: "no such page")
        }
        let commission = try context.parameters.require("commission")
        let wanted: CommissionWorkPageData.Part
        var state: ComplaintState?
        var overdueOnly = false
        switch part {
        case .composition: wanted = .composition
        case .sessions: wanted = .sessions
        case .decisions: wanted = .decisions
        case .complaints:
            state = request.uri.queryParameters["state"].flatMap { ComplaintState(rawValue: String($0)) }
            overdueOnly = request.uri.queryParameters["overdue"] == "true"
            wanted = .complaints(state: state, overdueOnly: overdueOnly, at: try CommissionWorkController.moment(request, clock: clock))
        }
        guard let data = try await pages.commissionWork(commission, part: wanted) else {
            throw HTTPError(.notFound, message: "no commission '\(commission)'")
        }
        let name = data.name[language]
        let url = SiteURL.commissionWorkPage(language, commission: commission, part: part.rawValue)
        let chrome = PageChrome(language: language, title: "\(name) · \(part.title[language])", url: url)
        let header = WorkHeader(
            name: name, commission: commission, part: part, language: language,
            apiHref: SiteURL.api(.commissionWork(election: data.election.id, commission: commission, part: part.rawValue)).path)
        let parties = Dictionary(uniqueKeysWithValues: data.parties.map { ($0.id, $0.name[language]) })
        let html: String
        switch data.content {
        case .composition(let report, let history):
            html = try render(
                CompositionPage.model(report, history: history, parties: parties, page: chrome, header: header, language: language),
                "composition")
        case .sessions(let sessions, let members):
            html = try render(SessionsPage.model(sessions, members: members, page: chrome, header: header, language: language), "sessions")
        case .decisions(let decisions, let members):
            html = try render(
                DecisionsPage.model(decisions, members: members, page: chrome, header: header, language: language), "decisions")
        case .complaints(let complaints, let statistics):
            html = try render(
                ComplaintsPage.model(
                    complaints, statistics: statistics, state: state, overdueOnly: overdueOnly, commission: commission, page: chrome,
                    header: header, language: language), "complaints")
        }
        return WebController.htmlResponse(ByteBuffer(string: html), cache: "none")
    }

    func render(_ model: Any, _ template: String) throws -> String {
        guard let html = templates.render(model, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template '\(template)' is missing")
        }
        return html
    }
}
