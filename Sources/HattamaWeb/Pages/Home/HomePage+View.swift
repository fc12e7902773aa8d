import Foundation
import HattamaCore
import HattamaStore

extension HomePage {
    /// The home page is about the latest election (its top commission, regions and results); it
    /// lists every election, and older ones stay on their commissions' pages and in open data.
    static func model(_ data: HomePageData, language: Language, sort: ChildSort?, url: SiteURL) -> Model {
        let parties = Dictionary(uniqueKeysWithValues: data.parties.map { ($0.id, $0.name) })
        let latest = data.latest
        let profile = latest?.listing.profile
        var elections: [Model.ElectionItem] = []
        var others: [Model.OtherElection] = []
        for listing in data.elections {
            let election = listing.election
            guard let latest, election.id == latest.listing.election.id else {
                others.append(
                    .init(
                        name: election.name[language], day: election.electionDay,
                        href: SiteURL.commissionPage(language, commission: listing.rootCommission).path))
                continue
            }
            let candidates = latest.candidates.map {
                Model.ElectionItem.CandidateItem(
                    order: $0.ballotOrder, name: $0.name[language],
                    nominator: $0.partyID.flatMap { parties[$0]?[language] } ?? Strings.selfNominated[language])
            }
            elections.append(
                .init(name: election.name[language], day: election.electionDay, profile: election.profileID, candidates: candidates))
        }
        var top: CommissionRow?
        var regions: [CommissionRow] = []
        if let detail = latest?.top {
            top = CommissionRow(
                CommissionSummary(
                    id: detail.commission.id, level: detail.commission.level, name: detail.commission.name, counts: detail.counts),
                language: language, profile: profile)
            regions = detail.children.map { CommissionRow($0, language: language, profile: profile) }
        }
        var model = Model(
            page: PageChrome(language: language, title: Strings.siteTitle[language], url: url), elections: elections, top: top,
            regions: regions)
        model.otherElections = others
        model.hasOtherElections = !others.isEmpty
        if let latest {
            let view = latest.results
            if view.summary.progress.received > 0 {
                model.results = ResultsBlock(view, language: language)
                model.regions = CommissionRow.annotate(model.regions, with: view, language: language)
                model.histogram = TurnoutShareHistogram(stations: latest.stations, view: view, language: language)
            }
            model.turnoutChart = latest.turnout.flatMap { TurnoutChart($0, language: language) }
            model.status = data.log.map { StatusBlock($0, language: language) }
        }
        if let sort { model.regions = sort.apply(model.regions) }
        model.columns = SortColumn.commissionTable(
            current: sort, language: language, withSpecialStations: true, withResults: model.results != nil,
            link: { .homeSorted(language, sort: $0) })
        return model
    }
}
