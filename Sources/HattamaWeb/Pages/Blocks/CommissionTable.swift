import Foundation
import HattamaCore
import HattamaStore

struct CommissionRow {
    var id: String
    var name: String
    var href: String
    var level: String
    var precincts: String
    var registeredVoters: String
    var specialPrecincts: String
    var number: String?
    var kind: String?
    // Optional: swift-mustache renders a section for an empty string too.
    var turnout: String?
    var leaderShare: String?
    // Raw values for sorting the table (-1 while there is no figure).
    var voterCount = 0
    var precinctCount = 0
    var specialCount = 0
    var turnoutValue = -1.0
    var leaderValue = -1.0

    init(_ summary: CommissionSummary, language: Language, profile: LawProfile?) {
        id = summary.id
        name = summary.name[language]
        href = SiteURL.commissionPage(language, commission: summary.id).path
        level = profile?.level(summary.level)?.abbreviations[language] ?? summary.level
        precincts = language.format(summary.counts.precincts)
        registeredVoters = language.format(summary.counts.registeredVoters)
        specialPrecincts = language.format(summary.counts.specialPrecincts)
        number = summary.precinctNumber.map { "№\($0)" }
        kind = summary.precinctKind.map { kindName($0, language: language, profile: profile) }
        voterCount = summary.counts.registeredVoters
        precinctCount = summary.counts.precincts
        specialCount = summary.counts.specialPrecincts
    }
}

/// The columns a commission's child table can be sorted by: `?sort=turnout` ascending,
/// `?sort=-turnout` descending; no parameter keeps the structure's order.
struct ChildSort: Equatable {
    enum Key: String, CaseIterable {
        case name, precincts, voters, special, turnout, leader
    }
    var key: Key
    var descending: Bool

    init?(_ text: String?) {
        guard var text, !text.isEmpty else { return nil }
        descending = text.hasPrefix("-")
        if descending { text.removeFirst() }
        guard let key = Key(rawValue: text) else { return nil }
        self.key = key
    }

    init(key: Key, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    var parameter: String { (descending ? "-" : "") + key.rawValue }

    /// Stable: equal values keep the structure's order.
    func apply(_ rows: [CommissionRow]) -> [CommissionRow] {
        let indexed = rows.enumerated().map { ($0.offset, $0.element) }
        func less(_ a: CommissionRow, _ b: CommissionRow) -> Bool? {
            switch key {
            case .name:
                let (x, y) = (a.name.lowercased(), b.name.lowercased())
                return x == y ? nil : x < y
            case .precincts: return a.precinctCount == b.precinctCount ? nil : a.precinctCount < b.precinctCount
            case .voters: return a.voterCount == b.voterCount ? nil : a.voterCount < b.voterCount
            case .special: return a.specialCount == b.specialCount ? nil : a.specialCount < b.specialCount
            case .turnout: return a.turnoutValue == b.turnoutValue ? nil : a.turnoutValue < b.turnoutValue
            case .leader: return a.leaderValue == b.leaderValue ? nil : a.leaderValue < b.leaderValue
            }
        }
        return indexed.sorted { a, b in
            guard let result = less(a.1, b.1) else { return a.0 < b.0 }
            return descending ? !result : result
        }.map(\.1)
    }
}

/// A sortable column heading: a link that sorts by it (ascending first, then toggling).
struct SortColumn {
    var label: String
    var href: String
    var numeric: Bool
    var hideSmall: Bool
    /// `ascending`/`descending` on the sorted column (for `aria-sort`), nil on the others.
    var ariaSort: String?
    var arrow: String?

    /// A heading of a commission page's child table.
    init(
        _ label: Strings, key: ChildSort.Key, current: ChildSort?, language: Language, commission: String, numeric: Bool = true,
        hideSmall: Bool = false
    ) {
        self.init(
            label, key: key, current: current, language: language, numeric: numeric, hideSmall: hideSmall,
            link: { .commissionPageSorted(language, commission: commission, sort: $0) })
    }

    /// A heading whose link is the page sorted by `link(parameter)`.
    init(
        _ label: Strings, key: ChildSort.Key, current: ChildSort?, language: Language, numeric: Bool = true, hideSmall: Bool = false,
        link: (String) -> SiteURL
    ) {
        self.label = label[language]
        let active = current?.key == key
        let next = ChildSort(key: key, descending: active ? !(current?.descending ?? true) : numeric)
        href = link(next.parameter).path
        self.numeric = numeric
        self.hideSmall = hideSmall
        ariaSort = active ? (current?.descending == true ? "descending" : "ascending") : nil
        arrow = active ? (current?.descending == true ? "▼" : "▲") : nil
    }
}

extension SortColumn {
    /// The headings of a table of commissions (the home page's regions, a commission's children):
    /// name, stations, voters, optionally special stations (then voters stay on small screens and
    /// special stations give way), and turnout and leader once results are in.
    static func commissionTable(
        current: ChildSort?, language: Language, withSpecialStations: Bool, withResults: Bool, link: (String) -> SiteURL
    ) -> [SortColumn] {
        var columns = [
            SortColumn(.commission, key: .name, current: current, language: language, numeric: false, link: link),
            SortColumn(.precincts, key: .precincts, current: current, language: language, link: link),
            SortColumn(.registeredVoters, key: .voters, current: current, language: language, hideSmall: !withSpecialStations, link: link),
        ]
        if withSpecialStations {
            columns.append(SortColumn(.specialPrecincts, key: .special, current: current, language: language, hideSmall: true, link: link))
        }
        if withResults {
            columns.append(SortColumn(.turnout, key: .turnout, current: current, language: language, link: link))
            columns.append(SortColumn(.leader, key: .leader, current: current, language: language, link: link))
        }
        return columns
    }
}

func kindName(_ kind: String, language: Language, profile: LawProfile?) -> String {
    if let special = profile?.specialStationKinds.first(where: { $0.id == kind }) { return special.names[language] }
    return Strings.ordinaryStation[language]
}
