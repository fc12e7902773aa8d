import Foundation
import HattamaCore
import HattamaStore

extension CommissionPage {
    /// A commission's page: its facts and children and, in its own election, its results; a
    /// polling station's page: its facts and its protocol with every version.
    static func model(_ data: CommissionPageData, language: Language, sort: ChildSort?, url: SiteURL) -> Model {
        let detail = data.detail
        let id = detail.commission.id
        let profile = data.profile
        var facts: [Model.Fact] = []
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
        var histogram: TurnoutShareHistogram?
        if data.election != nil {
            if detail.precinct != nil {
                if let record = data.protocolRecord, let profile {
                    protocolBlock = ProtocolBlock(
                        record, profile: profile, candidates: data.candidates, leafHashes: data.leafHashes, language: language)
                } else {
                    awaitingProtocol = true
                }
            } else if let view = data.results {
                results = ResultsBlock(view, language: language)
                children = CommissionRow.annotate(children, with: view, language: language)
                histogram = TurnoutShareHistogram(stations: data.stations, view: view, language: language)
            }
        }
        if let sort { children = sort.apply(children) }
        let columns = SortColumn.commissionTable(
            current: sort, language: language, withSpecialStations: false, withResults: results != nil,
            link: { .commissionPageSorted(language, commission: id, sort: $0) })
        return Model(
            page: PageChrome(language: language, title: detail.commission.name[language], url: url),
            name: detail.commission.name[language],
            levelName: profile?.level(detail.commission.level)?.names[language] ?? detail.commission.level,
            breadcrumb: detail.breadcrumb.map {
                .init(name: $0.name[language], href: SiteURL.commissionPage(language, commission: $0.id).path)
            },
            facts: facts, children: children, columns: columns, hasChildren: !children.isEmpty, isPrecinct: detail.precinct != nil,
            apiHref: data.election.map { SiteURL.api(.commission(election: $0.id, commission: id)).path } ?? SiteURL.api(.elections).path,
            results: results, turnoutChart: data.turnout.flatMap { TurnoutChart($0, language: language) }, histogram: histogram,
            protocolBlock: protocolBlock, awaitingProtocol: awaitingProtocol, workLinks: Model.workLinks(language, commission: id))
    }
}
