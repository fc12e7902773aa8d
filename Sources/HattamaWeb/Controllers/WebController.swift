import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache

struct HTML: ResponseGenerator {
    let html: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Server-rendered pages, one view model per page, in /kk/, /ru/ and /en/.
struct WebController {
    let store: HattamaStore
    let templates: MustacheLibrary

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.root, use: root)
        router.get(SiteURL.Route.home, use: home)
        router.get(SiteURL.Route.commissionPage, use: commission)
        router.get(SiteURL.Route.searchPage, use: search)
    }

    /// Sends visitors to their language's home page.
    @Sendable func root(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        return Response(status: .seeOther, headers: [.location: SiteURL.home(language).path, .vary: "Accept-Language"])
    }

    func language(_ context: HattamaRequestContext) throws -> Language {
        guard let language = Language(rawValue: context.parameters.get("lang") ?? "") else {
            throw HTTPError(.notFound, message: "no such page")
        }
        return language
    }

    func render(_ model: Any, _ template: String) throws -> HTML {
        guard let html = templates.render(model, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template '\(template)' is missing")
        }
        return HTML(html: html)
    }

    /// Level names come from the law profile of the (first) election run on this structure.
    func currentProfile() async throws -> LawProfile? {
        guard let election = try await store.elections().first else { return nil }
        return try await store.profile(forElection: election.id)
    }

    @Sendable func home(_ request: Request, context: HattamaRequestContext) async throws -> HTML {
        let language = try language(context)
        let profile = try await currentProfile()
        let parties = Dictionary(uniqueKeysWithValues: try await store.parties().map { ($0.id, $0.name) })
        var elections: [HomePage.Model.ElectionItem] = []
        for election in try await store.elections() {
            let candidates = try await store.candidates(election: election.id).map {
                HomePage.Model.ElectionItem.CandidateItem(
                    order: $0.ballotOrder, name: $0.name[language],
                    nominator: $0.partyID.flatMap { parties[$0]?[language] } ?? UIText.selfNominated.text[language])
            }
            elections.append(
                .init(name: election.name[language], day: election.electionDay, profile: election.profileID, candidates: candidates))
        }
        var top: CommissionRow?
        var regions: [CommissionRow] = []
        if !elections.isEmpty {
            let detail = try await store.commission(try await store.topCommission().id)
            top = CommissionRow(
                CommissionSummary(
                    id: detail.commission.id, level: detail.commission.level, name: detail.commission.name, counts: detail.counts),
                language: language, profile: profile)
            regions = detail.children.map { CommissionRow($0, language: language, profile: profile) }
        }
        var model = HomePage.Model(
            page: PageChrome(language: language, title: UIText.siteTitle.text[language], url: .home(language)),
            elections: elections, top: top, regions: regions)
        if let election = try await store.elections().first {
            let view = try await store.results(election: election.id)
            if view.summary.progress.received > 0 {
                model.results = ResultsBlock(view, language: language)
                model.regions = annotate(model.regions, with: view, language: language)
            }
        }
        return try render(model, "home")
    }

    @Sendable func commission(_ request: Request, context: HattamaRequestContext) async throws -> HTML {
        let language = try language(context)
        let id = try context.parameters.require("commission")
        let profile = try await currentProfile()
        let detail = try await store.commission(id)
        var facts: [CommissionPage.Model.Fact] = []
        func fact(_ label: UIText, _ value: String) { facts.append(.init(label: label.text[language], value: value)) }
        if let precinct = detail.precinct {
            fact(.precinctNumber, "№\(precinct.number)")
            fact(.kind, kindName(precinct.kind, language: language, profile: profile))
            fact(.settlement, precinct.settlement[language])
            fact(.address, precinct.address[language])
            fact(.registeredVoters, language.format(precinct.registeredVoters))
            if let tabulating = detail.breadcrumb.last { fact(.tabulatedBy, tabulating.name[language]) }
        } else {
            fact(.precincts, language.format(detail.counts.precincts))
            fact(.registeredVoters, language.format(detail.counts.registeredVoters))
            fact(.specialPrecincts, language.format(detail.counts.specialPrecincts))
            if detail.counts.abroadPrecincts > 0 { fact(.abroadPrecincts, language.format(detail.counts.abroadPrecincts)) }
        }
        let election = try await store.elections().first
        var children = detail.children.map { CommissionRow($0, language: language, profile: profile) }
        var results: ResultsBlock?
        var protocolBlock: ProtocolBlock?
        var awaitingProtocol = false
        if let election {
            if detail.precinct != nil {
                if let record = try? await store.protocolRecord(election: election.id, precinct: id), let profile {
                    protocolBlock = ProtocolBlock(
                        record, profile: profile, candidates: try await store.candidates(election: election.id), language: language)
                } else {
                    awaitingProtocol = true
                }
            } else if let view = try? await store.results(election: election.id, commission: id), view.summary.progress.received > 0 {
                results = ResultsBlock(view, language: language)
                children = annotate(children, with: view, language: language)
            }
        }
        let model = CommissionPage.Model(
            page: PageChrome(language: language, title: detail.commission.name[language], url: .commissionPage(language, commission: id)),
            name: detail.commission.name[language],
            levelName: profile?.level(detail.commission.level)?.names[language] ?? detail.commission.level,
            breadcrumb: detail.breadcrumb.map {
                .init(name: $0.name[language], href: SiteURL.commissionPage(language, commission: $0.id).path)
            },
            facts: facts, children: children, hasChildren: !children.isEmpty, isPrecinct: detail.precinct != nil,
            apiHref: election.map { SiteURL.api(.commission(election: $0.id, commission: id)).path } ?? SiteURL.api(.elections).path,
            results: results, protocolBlock: protocolBlock, awaitingProtocol: awaitingProtocol)
        return try render(model, "commission")
    }

    @Sendable func search(_ request: Request, context: HattamaRequestContext) async throws -> HTML {
        let language = try language(context)
        let query = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
        let matches = query.isEmpty ? [] : try await store.findPrecincts(query)
        let results = matches.map {
            SearchPage.Model.Result(
                name: "№\($0.precinct.number)", href: SiteURL.commissionPage(language, commission: $0.precinct.id).path,
                settlement: $0.precinct.settlement[language], tabulatedBy: $0.tabulatedBy.name[language],
                voters: language.format($0.precinct.registeredVoters))
        }
        let model = SearchPage.Model(
            page: PageChrome(language: language, title: UIText.search.text[language], url: .searchPage(language)),
            query: query, searched: !query.isEmpty, results: results, empty: !query.isEmpty && results.isEmpty,
            hasResults: !results.isEmpty)
        return try render(model, "search")
    }

    /// Adds each child's turnout and the overall leader's share there.
    func annotate(_ rows: [CommissionRow], with view: ResultsView, language: Language) -> [CommissionRow] {
        let summaries = Dictionary(uniqueKeysWithValues: view.children.map { ($0.commissionID, $0) })
        let leader = view.summary.candidates.max { $0.votes < $1.votes }?.candidateID
        return rows.map { row in
            var row = row
            if let summary = summaries[row.id] {
                row.turnout = language.percent(summary.turnout)
                row.leaderShare = language.percent(summary.candidates.first { $0.candidateID == leader }?.share)
            }
            return row
        }
    }
}
