import Foundation
import HattamaCore
import HattamaStore

extension NationalCompositionPage {
    /// The party balance of every commission of the election, grouped by level and by region.
    static func model(_ data: NationalCompositionPageData, language: Language) -> NationalCompositionPage.Model {
        let report = data.report
        let parties = Dictionary(uniqueKeysWithValues: data.parties.map { ($0.id, $0.name[language]) })
        var names = data.regionNames.mapValues { $0[language] }
        for level in data.profile.commissionLevels { names[level.id] = level.names[language] }
        let page = PageChrome(language: language, title: Strings.nationalComposition[language], url: .nationalCompositionPage(language))
        let apiHref = SiteURL.api(.nationalComposition(election: data.election.id)).path
        func row(_ group: GroupPartyBalance) -> NationalCompositionPage.Model.GroupRow {
            let largest =
                group.shares.first.map { "\(CommissionWorkPart.nominator($0.nomination, parties: parties)) \(language.percent($0.share))" }
                ?? "—"
            return .init(
                name: names[group.group] ?? group.group, commissions: language.format(group.commissions),
                seated: language.format(group.seated),
                majority: language.format(group.commissionsWithMajorityParty), largest: largest)
        }
        return NationalCompositionPage.Model(
            page: page, date: report.date.description, commissions: language.format(report.commissions),
            seated: language.format(report.seated), majority: language.format(report.commissionsWithMajorityParty),
            shares: report.shares.map {
                .init(
                    nominator: CommissionWorkPart.nominator($0.nomination, parties: parties), members: language.format($0.members),
                    share: language.percent($0.share),
                    width: String(format: "%.2f", $0.share * 100))
            }, levels: report.byLevel.map(row), regions: report.byRegion.map(row), apiHref: apiHref)
    }
}
