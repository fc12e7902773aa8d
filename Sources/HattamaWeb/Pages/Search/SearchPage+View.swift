import Foundation
import HattamaCore
import HattamaStore

extension SearchPage {
    /// The stations found by number or settlement, each linked to its page.
    static func model(query: String, matches: [PrecinctMatch], language: Language) -> Model {
        let results = matches.map {
            Model.Result(
                name: "№\($0.precinct.number)", href: SiteURL.commissionPage(language, commission: $0.precinct.id).path,
                settlement: $0.precinct.settlement[language], tabulatedBy: $0.tabulatedBy.name[language],
                voters: language.format($0.precinct.registeredVoters))
        }
        return Model(
            page: PageChrome(language: language, title: Strings.search[language], url: .searchPage(language)),
            query: query, searched: !query.isEmpty, results: results, empty: !query.isEmpty && results.isEmpty,
            hasResults: !results.isEmpty)
    }
}
