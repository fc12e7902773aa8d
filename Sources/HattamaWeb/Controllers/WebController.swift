import Foundation
import HTTPTypes
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache
import Synchronization

/// Server-rendered pages, one view model per page, in /kk/, /ru/ and /en/. Pages are cached per
/// path (see `PageCache`) and rendered again once the transparency log has grown.
struct WebController {
    let store: HattamaStore
    let templates: MustacheLibrary
    let cache: PageCache
    let stationIndex = StationIndex()

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
        let stamp = try await cache.stamp(store)
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

    /// Level names come from the law profile of the election a page is about.
    func profile(of election: Election?) async throws -> LawProfile? {
        guard let election else { return nil }
        return try await store.structure.profile(forElection: election.id)
    }

    @Sendable func home(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        let sort = ChildSort(request.uri.queryParameters["sort"].map(String.init))
        let url: SiteURL = sort.map { .homeSorted(language, sort: $0.parameter) } ?? .home(language)
        return try await cached(url.path) { try await renderHome(language, sort: sort, url: url) }
    }

    /// The home page is about the latest election (its top commission, regions and results); it
    /// lists every election, and older ones stay on their commissions' pages and in open data.
    func renderHome(_ language: Language, sort: ChildSort? = nil, url: SiteURL? = nil) async throws -> String {
        let current = try await store.structure.latestElection()
        let profile = try await profile(of: current)
        let parties = Dictionary(uniqueKeysWithValues: try await store.structure.parties().map { ($0.id, $0.name) })
        var elections: [HomePage.Model.ElectionItem] = []
        var others: [HomePage.Model.OtherElection] = []
        for election in try await store.structure.elections().reversed() {
            guard election.id == current?.id else {
                let root = try await store.structure.rootCommission(election: election.id)
                others.append(
                    .init(
                        name: election.name[language], day: election.electionDay,
                        href: SiteURL.commissionPage(language, commission: root).path))
                continue
            }
            let candidates = try await store.structure.candidates(election: election.id).map {
                HomePage.Model.ElectionItem.CandidateItem(
                    order: $0.ballotOrder, name: $0.name[language],
                    nominator: $0.partyID.flatMap { parties[$0]?[language] } ?? Strings.selfNominated[language])
            }
            elections.append(
                .init(name: election.name[language], day: election.electionDay, profile: election.profileID, candidates: candidates))
        }
        var top: CommissionRow?
        var regions: [CommissionRow] = []
        if let current {
            let detail = try await store.structure.commission(try await store.structure.rootCommission(election: current.id))
            top = CommissionRow(
                CommissionSummary(
                    id: detail.commission.id, level: detail.commission.level, name: detail.commission.name, counts: detail.counts),
                language: language, profile: profile)
            regions = detail.children.map { CommissionRow($0, language: language, profile: profile) }
        }
        var model = HomePage.Model(
            page: PageChrome(language: language, title: Strings.siteTitle[language], url: url ?? .home(language)),
            elections: elections, top: top, regions: regions)
        model.otherElections = others
        model.hasOtherElections = !others.isEmpty
        if let election = current {
            let view = try await store.results.results(election: election.id)
            if view.summary.progress.received > 0 {
                model.results = ResultsBlock(view, language: language)
                model.regions = annotate(model.regions, with: view, language: language)
                model.histogram = try await histogram(election: election.id, commission: nil, view: view, language: language)
            }
            model.turnoutChart = try? await TurnoutChart(store.results.turnout(election: election.id), language: language)
            model.status = try await status(language)
        }
        if let sort { model.regions = sort.apply(model.regions) }
        model.columns = SortColumn.commissionTable(
            current: sort, language: language, withSpecialStations: true, withResults: model.results != nil,
            link: { .homeSorted(language, sort: $0) })
        return try render(model, "home")
    }

    @Sendable func commission(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        let id = try context.parameters.require("commission")
        let sort = ChildSort(request.uri.queryParameters["sort"].map(String.init))
        let url: SiteURL =
            sort.map { .commissionPageSorted(language, commission: id, sort: $0.parameter) } ?? .commissionPage(language, commission: id)
        return try await cached(url.path) { try await renderCommission(id, language: language, sort: sort, url: url) }
    }

    func renderCommission(_ id: String, language: Language, sort: ChildSort?, url: SiteURL) async throws -> String {
        let detail = try await store.structure.commission(id)
        // The commission's own election, whichever is the latest.
        let election = try await store.structure.election(ofCommission: id)
        let profile = try await profile(of: election)
        var facts: [CommissionPage.Model.Fact] = []
        func fact(_ label: Strings, _ value: String) { facts.append(.init(label: label[language], value: value)) }
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
        var children = detail.children.map { CommissionRow($0, language: language, profile: profile) }
        var results: ResultsBlock?
        var protocolBlock: ProtocolBlock?
        var awaitingProtocol = false
        var turnoutChart: TurnoutChart?
        var histogram: TurnoutShareHistogram?
        if let election {
            if detail.precinct != nil {
                if let record = try? await store.results.protocolRecord(election: election.id, precinct: id), let profile {
                    var leafHashes: [Int: String] = [:]
                    for index in record.history.compactMap(\.logIndex) {
                        if let entry = try await store.log.logEntries(start: index, end: index + 1).first {
                            leafHashes[index] = entry.leafHash
                        }
                    }
                    protocolBlock = ProtocolBlock(
                        record, profile: profile, candidates: try await store.structure.candidates(election: election.id),
                        leafHashes: leafHashes,
                        language: language)
                } else {
                    awaitingProtocol = true
                }
            } else if let view = try? await store.results.results(election: election.id, commission: id), view.summary.progress.received > 0
            {
                results = ResultsBlock(view, language: language)
                children = annotate(children, with: view, language: language)
                histogram = try await self.histogram(election: election.id, commission: id, view: view, language: language)
            }
            turnoutChart = try? await TurnoutChart(store.results.turnout(election: election.id, commission: id), language: language)
        }
        if let sort { children = sort.apply(children) }
        let columns = SortColumn.commissionTable(
            current: sort, language: language, withSpecialStations: false, withResults: results != nil,
            link: { .commissionPageSorted(language, commission: id, sort: $0) })
        let model = CommissionPage.Model(
            page: PageChrome(language: language, title: detail.commission.name[language], url: url),
            name: detail.commission.name[language],
            levelName: profile?.level(detail.commission.level)?.names[language] ?? detail.commission.level,
            breadcrumb: detail.breadcrumb.map {
                .init(name: $0.name[language], href: SiteURL.commissionPage(language, commission: $0.id).path)
            },
            facts: facts, children: children, columns: columns, hasChildren: !children.isEmpty, isPrecinct: detail.precinct != nil,
            apiHref: election.map { SiteURL.api(.commission(election: $0.id, commission: id)).path } ?? SiteURL.api(.elections).path,
            results: results, turnoutChart: turnoutChart, histogram: histogram, protocolBlock: protocolBlock,
            awaitingProtocol: awaitingProtocol, workLinks: CommissionPage.Model.workLinks(language, commission: id))
        return try render(model, "commission")
    }

    @Sendable func search(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        let query = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
        let matches = query.isEmpty ? [] : try await store.structure.findPrecincts(query)
        let results = matches.map {
            SearchPage.Model.Result(
                name: "№\($0.precinct.number)", href: SiteURL.commissionPage(language, commission: $0.precinct.id).path,
                settlement: $0.precinct.settlement[language], tabulatedBy: $0.tabulatedBy.name[language],
                voters: language.format($0.precinct.registeredVoters))
        }
        let model = SearchPage.Model(
            page: PageChrome(language: language, title: Strings.search[language], url: .searchPage(language)),
            query: query, searched: !query.isEmpty, results: results, empty: !query.isEmpty && results.isEmpty,
            hasResults: !results.isEmpty)
        return Self.htmlResponse(ByteBuffer(string: try render(model, "search")), cache: "none")
    }

    /// Adds each child's turnout and the overall leader's share there.
    func annotate(_ rows: [CommissionRow], with view: ResultsView, language: Language) -> [CommissionRow] {
        let summaries = Dictionary(uniqueKeysWithValues: view.children.map { ($0.commissionID, $0) })
        let leader = view.summary.candidates.max { $0.votes < $1.votes }?.candidateID
        return rows.map { row in
            var row = row
            if let summary = summaries[row.id] {
                let share = summary.candidates.first { $0.candidateID == leader }?.share
                row.turnout = language.percent(summary.turnout)
                row.leaderShare = language.percent(share)
                row.turnoutValue = summary.turnout ?? -1
                row.leaderValue = share ?? -1
            }
            return row
        }
    }

    /// Turnout against the overall leader's share at every station under the commission (all
    /// stations for nil) that has a counted protocol.
    func histogram(election: String, commission: String?, view: ResultsView, language: Language) async throws -> TurnoutShareHistogram? {
        guard let leader = view.summary.candidates.max(by: { $0.votes < $1.votes })?.candidateID else { return nil }
        let stations: [CommissionSummaryProtocol]
        if view.children.allSatisfy(\.isPrecinct) {
            stations = view.children
        } else {
            let profile = try await store.structure.profile(forElection: election)
            let all = try await store.results.summaries(election: election, level: profile.precinctLevel.id)
            if let commission {
                let under = try await stationIndex.stations(under: commission, election: election, store: store)
                stations = all.filter { under.contains($0.commissionID) }
            } else {
                stations = all
            }
        }
        let points = stations.compactMap { station -> (turnout: Double, share: Double)? in
            guard station.progress.accepted > 0, let turnout = station.turnout,
                let share = station.candidates.first(where: { $0.candidateID == leader })?.share
            else { return nil }
            return (turnout, share)
        }
        let name = view.candidates.first { $0.id == leader }?.name[language] ?? leader
        return TurnoutShareHistogram(stations: points, leader: name, language: language)
    }

    /// When the data last changed (the newest log entry) and the newest signed tree head.
    func status(_ language: Language) async throws -> StatusBlock {
        let size = try await store.log.logSize()
        let newest = size > 0 ? try await store.log.logEntries(start: size - 1, end: size).first : nil
        let head = try await store.log.latestTreeHead().map {
            StatusBlock.TreeHeadItem(
                size: language.format($0.treeSize), rootHash: $0.rootHash,
                signedAt: language.dateTime(Date(timeIntervalSince1970: Double($0.timestamp) / 1000)), keyID: $0.keyID,
                href: SiteURL.api(.logTreeHead).path)
        }
        return StatusBlock(lastUpdate: newest.map { language.dateTime(iso: $0.loggedAt) }, treeHead: head, noTreeHead: head == nil)
    }
}

/// Which polling stations each commission tabulates, directly or through the commissions under
/// it; built once per election from its structure (structures do not change after import).
final class StationIndex: Sendable {
    private let indexes = Mutex<[String: [String: Set<String>]]>([:])

    func stations(under commission: String, election: String, store: HattamaStore) async throws -> Set<String> {
        if let index = indexes.withLock({ $0[election] }) { return index[commission] ?? [] }
        let structure = try await store.structure.electionStructure(election: election)
        let parents = Dictionary(structure.commissions.map { ($0.id, $0.parentID) }, uniquingKeysWith: { first, _ in first })
        var index: [String: Set<String>] = [:]
        for precinct in structure.precincts {
            var current: String? = precinct.tabulatingCommissionID
            var seen = 0
            while let id = current, seen < 64 {
                index[id, default: []].insert(precinct.id)
                current = parents[id] ?? nil
                seen += 1
            }
        }
        indexes.withLock { $0[election] = index }
        return index[commission] ?? []
    }
}
