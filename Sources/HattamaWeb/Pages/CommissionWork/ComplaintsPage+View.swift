import Foundation
import HattamaCore
import HattamaStore

extension ComplaintsPage {
    static func model(
        _ complaints: [StoredComplaint], statistics: [ComplaintStatistics], state: ComplaintState?, overdueOnly: Bool, commission: String,
        page: PageChrome, header: WorkHeader, language: Language
    ) -> ComplaintsPage.Model {
        func link(state: ComplaintState?, overdueOnly: Bool) -> String {
            SiteURL.complaintsPageFiltered(language, commission: commission, state: state?.rawValue, overdueOnly: overdueOnly).path
        }
        var filters = [
            ComplaintsPage.Model.FilterLink(
                label: Strings.all[language], href: link(state: nil, overdueOnly: false), current: state == nil && !overdueOnly)
        ]
        filters += ComplaintState.allCases.map {
            .init(label: Strings.of($0)[language], href: link(state: $0, overdueOnly: false), current: $0 == state)
        }
        filters.append(.init(label: Strings.overdueOnly[language], href: link(state: nil, overdueOnly: true), current: overdueOnly))
        return ComplaintsPage.Model(
            page: page, header: header, filters: filters,
            statistics: statistics.map {
                .init(
                    commission: $0.commissionID, received: language.format($0.received), collegial: language.format($0.decidedCollegially),
                    pending: language.format($0.pending), overdue: language.format($0.overdue), upheld: language.format($0.upheld),
                    partlyUpheld: language.format($0.partlyUpheld), rejected: language.format($0.rejected))
            },
            complaints: complaints.map { stored in
                let c = stored.complaint
                return .init(
                    number: c.registrationNumber ?? c.id,
                    complainant: "\(c.complainant.name) (\(Strings.of(c.complainant.kind)[language]))",
                    subject: Strings.subject(c.subject, language),
                    summary: c.summary, venue: Strings.venue(c.venue, language), received: c.receivedAt.description,
                    deadline: "\(c.deadline.lastDay) (\(Strings.of(c.deadline.kind)[language]))", state: Strings.of(c.state)[language],
                    overdue: stored.overdue,
                    outcome: c.resolution.map { Strings.of($0.outcome)[language] },
                    log: LogLink(stored.logIndex, language: language))
            }, empty: complaints.isEmpty)
    }
}
