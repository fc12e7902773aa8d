import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache

/// The four pages of a commission at work, at `/{lang}/commissions/{id}/{part}`.
enum CommissionWorkPart: String, CaseIterable {
    case composition, sessions, decisions, complaints

    var title: Strings {
        switch self {
        case .composition: .compositionPage
        case .sessions: .sessionsPage
        case .decisions: .decisionsPage
        case .complaints: .complaintsPage
        }
    }
}

/// What every commission-at-work page shows above its content: the commission and the four tabs.
struct WorkHeader {
    struct Tab {
        var label: String
        var href: String
        var current: Bool
    }
    var name: String
    var commissionHref: String
    var tabs: [Tab]
    var apiHref: String
    var nationalHref: String

    init(name: String, commission: String, part: CommissionWorkPart, language: Language, apiHref: String) {
        self.name = name
        nationalHref = SiteURL.nationalCompositionPage(language).path
        commissionHref = SiteURL.commissionPage(language, commission: commission).path
        tabs = CommissionWorkPart.allCases.map {
            Tab(
                label: $0.title[language], href: SiteURL.commissionWorkPage(language, commission: commission, part: $0.rawValue).path,
                current: $0 == part)
        }
        self.apiHref = apiHref
    }
}

/// A logged act's index and a link to its entry.
struct LogLink {
    var index: String
    var href: String

    init?(_ index: Int?, language: Language) {
        guard let index else { return nil }
        self.index = language.format(index)
        href = SiteURL.api(.logEntries(start: index, end: index + 1)).path
    }
}

enum CompositionPage {
    struct Model {
        struct MemberRow {
            var name: String
            var position: String
            var nomination: String
            var appointedBy: String
            var decision: String
            var term: String
            var interim: Bool
        }
        struct ShareRow {
            var nominator: String
            var members: String
            var share: String
            var width: String
        }
        struct HistoryRow {
            var date: String
            var act: String
            var summary: String
            var log: LogLink?
        }
        struct RefusalRow {
            var date: String
            var party: String
            var person: String
            var reason: String
            var log: LogLink?
        }
        var page: PageChrome
        var header: WorkHeader
        var date: String
        var statutory: String
        var seated: String
        var vacancies: String
        /// The party holding the majority, if one does.
        var majorityParty: String?
        var noMajority: Bool
        var members: [MemberRow]
        var representatives: [MemberRow]
        var hasRepresentatives: Bool
        var shares: [ShareRow]
        var history: [HistoryRow]
        var refusals: [RefusalRow]
        var hasRefusals: Bool
    }
}

enum NationalCompositionPage {
    struct Model {
        struct GroupRow {
            var name: String
            var commissions: String
            var seated: String
            var majority: String
            var largest: String
        }
        var page: PageChrome
        var date: String
        var commissions: String
        var seated: String
        var majority: String
        var shares: [CompositionPage.Model.ShareRow]
        var levels: [GroupRow]
        var regions: [GroupRow]
        var apiHref: String
    }
}

enum SessionsPage {
    struct Model {
        struct SessionRow {
            var id: String
            var opensAt: String
            var notice: String
            var agenda: [AgendaRow]
            var present: String
            var quorum: String
            var quorumMet: Bool
            var quorumNotMet: Bool
            var log: LogLink?
        }
        struct AgendaRow {
            var number: String
            var title: String
        }
        var page: PageChrome
        var header: WorkHeader
        var sessions: [SessionRow]
        var empty: Bool
    }
}

enum DecisionsPage {
    struct Model {
        struct ProvisionRow {
            var number: String
            var kk: String
            var ru: String
            var en: String
        }
        struct VoteRow {
            var member: String
            var choice: String
        }
        struct DissentRow {
            var member: String
            var language: String
            var text: String
        }
        struct DecisionRow {
            var number: String
            var published: String
            var session: String
            var complaint: String?
            var provisions: [ProvisionRow]
            var votes: [VoteRow]
            var tally: String
            var dissents: [DissentRow]
            var hasDissents: Bool
            var agree: Bool
            /// Why the language versions differ (never for a decision the store published).
            var mismatch: String?
            var log: LogLink?
        }
        var page: PageChrome
        var header: WorkHeader
        var decisions: [DecisionRow]
        var empty: Bool
    }
}

enum ComplaintsPage {
    struct Model {
        struct FilterLink {
            var label: String
            var href: String
            var current: Bool
        }
        struct StatRow {
            var commission: String
            var received: String
            var collegial: String
            var pending: String
            var overdue: String
            var upheld: String
            var partlyUpheld: String
            var rejected: String
        }
        struct ComplaintRow {
            var number: String
            var complainant: String
            var subject: String
            var summary: String
            var venue: String
            var received: String
            var deadline: String
            var state: String
            var overdue: Bool
            var outcome: String?
            var log: LogLink?
        }
        var page: PageChrome
        var header: WorkHeader
        var filters: [FilterLink]
        var statistics: [StatRow]
        var complaints: [ComplaintRow]
        var empty: Bool
    }
}

/// Renders the commission-at-work pages from the store (not cached: each is one commission's rows).
struct CommissionWorkPagesController {
    let store: HattamaStore
    let templates: MustacheLibrary
    let clock: CivilClock

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.commissionWorkPage, use: page)
        router.get(SiteURL.Route.nationalCompositionPage, use: national)
    }

    @Sendable func national(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        guard let election = try await store.structure.latestElection() else { throw HTTPError(.notFound, message: "no election") }
        let report = try await store.commissionWork.nationalComposition(election: election.id)
        let parties = Dictionary(uniqueKeysWithValues: try await store.structure.parties().map { ($0.id, $0.name[language]) })
        let profile = try await store.structure.profile(forElection: election.id)
        var names: [String: String] = [:]
        for level in profile.commissionLevels { names[level.id] = level.names[language] }
        for group in report.byRegion where names[group.group] == nil {
            names[group.group] = (try? await store.structure.commission(group.group))?.commission.name[language] ?? group.group
        }
        let chrome = PageChrome(
            language: language, title: Strings.nationalComposition[language], url: .nationalCompositionPage(language))
        let model = Self.national(
            report, names: names, parties: parties, page: chrome, apiHref: SiteURL.api(.nationalComposition(election: election.id)).path,
            language: language)
        return WebController.htmlResponse(ByteBuffer(string: try render(model, "national-composition")), cache: "none")
    }

    static func national(
        _ report: NationalComposition, names: [String: String], parties: [String: String], page: PageChrome, apiHref: String,
        language: Language
    ) -> NationalCompositionPage.Model {
        func row(_ group: GroupPartyBalance) -> NationalCompositionPage.Model.GroupRow {
            let largest = group.shares.first.map { "\(nominator($0.nomination, parties: parties)) \(language.percent($0.share))" } ?? "—"
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
                    nominator: nominator($0.nomination, parties: parties), members: language.format($0.members),
                    share: language.percent($0.share),
                    width: String(format: "%.2f", $0.share * 100))
            }, levels: report.byLevel.map(row), regions: report.byRegion.map(row), apiHref: apiHref)
    }

    @Sendable func page(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        guard let part = CommissionWorkPart(rawValue: context.parameters.get("part") ?? "") else {
            throw HTTPError(.notFound, message: "no such page")
        }
        let commission = try context.parameters.require("commission")
        guard let election = try await store.structure.election(ofCommission: commission) else {
            throw HTTPError(.notFound, message: "no commission '\(commission)'")
        }
        let detail = try await store.structure.commission(commission)
        let name = detail.commission.name[language]
        let url = SiteURL.commissionWorkPage(language, commission: commission, part: part.rawValue)
        let chrome = PageChrome(language: language, title: "\(name) · \(part.title[language])", url: url)
        let header = WorkHeader(
            name: name, commission: commission, part: part, language: language,
            apiHref: SiteURL.api(.commissionWork(election: election.id, commission: commission, part: part.rawValue)).path)
        let parties = Dictionary(uniqueKeysWithValues: try await store.structure.parties().map { ($0.id, $0.name[language]) })
        let html: String
        switch part {
        case .composition:
            let report = try await store.commissionWork.composition(election: election.id, commission: commission)
            let history = try await store.commissionWork.membershipHistory(election: election.id, commission: commission)
            html = try render(
                Self.composition(report, history: history, parties: parties, page: chrome, header: header, language: language),
                "composition")
        case .sessions:
            let sessions = try await store.commissionWork.sessions(election: election.id, commission: commission)
            let members = try await store.commissionWork.commissionMembers(election: election.id, commission: commission)
            html = try render(Self.sessions(sessions, members: members, page: chrome, header: header, language: language), "sessions")
        case .decisions:
            let decisions = try await store.commissionWork.decisions(election: election.id, commission: commission)
            let members = try await store.commissionWork.commissionMembers(election: election.id, commission: commission)
            html = try render(Self.decisions(decisions, members: members, page: chrome, header: header, language: language), "decisions")
        case .complaints:
            let state = request.uri.queryParameters["state"].flatMap { ComplaintState(rawValue: String($0)) }
            let overdueOnly = request.uri.queryParameters["overdue"] == "true"
            let at = try CommissionWorkController.moment(request, clock: clock)
            let complaints = try await store.commissionWork.complaints(
                election: election.id, filter: ComplaintFilter(venue: commission, state: state, overdueOnly: overdueOnly), at: at)
            let statistics = try await store.commissionWork.complaintStatistics(election: election.id, venue: commission, at: at)
            html = try render(
                Self.complaints(
                    complaints, statistics: statistics, state: state, overdueOnly: overdueOnly, commission: commission, page: chrome,
                    header: header,
                    language: language), "complaints")
        }
        return WebController.htmlResponse(ByteBuffer(string: html), cache: "none")
    }

    func render(_ model: Any, _ template: String) throws -> String {
        guard let html = templates.render(model, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template '\(template)' is missing")
        }
        return html
    }

    static func nominator(_ nomination: Nomination, parties: [String: String]) -> String {
        nomination.kind == .party ? parties[nomination.id] ?? nomination.id : nomination.id
    }

    static func memberRow(_ member: CommissionMember, parties: [String: String], language: Language) -> CompositionPage.Model.MemberRow {
        .init(
            name: member.name[language], position: Strings.of(member.position)[language],
            nomination: nominator(member.nomination, parties: parties), appointedBy: member.appointedBy.id,
            decision: member.appointingDecision,
            term: "\(member.termStart) – \(member.termEnd)", interim: member.interim)
    }

    static func composition(
        _ report: CommissionCompositionReport, history: [MembershipHistoryEntry], parties: [String: String], page: PageChrome,
        header: WorkHeader,
        language: Language
    ) -> CompositionPage.Model {
        let composition = report.composition
        return CompositionPage.Model(
            page: page, header: header, date: report.date.description,
            statutory: language.format(composition.statutoryMembers), seated: language.format(composition.votingMembers.count),
            vacancies: language.format(composition.vacancies), majorityParty: report.balance.majorityParty.map { parties[$0] ?? $0 },
            noMajority: report.balance.majorityParty == nil,
            members: composition.votingMembers.map { memberRow($0, parties: parties, language: language) },
            representatives: composition.consultativeMembers.map { memberRow($0, parties: parties, language: language) },
            hasRepresentatives: !composition.consultativeMembers.isEmpty,
            shares: report.balance.shares.map {
                .init(
                    nominator: nominator($0.nomination, parties: parties), members: language.format($0.members),
                    share: language.percent($0.share), width: String(format: "%.2f", $0.share * 100))
            },
            history: history.map {
                .init(
                    date: $0.date.description, act: Strings.of($0.kind)[language], summary: $0.event.description,
                    log: LogLink($0.logIndex, language: language))
            },
            refusals: report.refusals.map {
                .init(
                    date: $0.refusal.date.description, party: parties[$0.refusal.partyID] ?? $0.refusal.partyID,
                    person: $0.refusal.personName[language], reason: $0.refusal.reason, log: LogLink($0.logIndex, language: language))
            }, hasRefusals: !report.refusals.isEmpty)
    }

    static func names(_ members: [StoredMember], language: Language) -> [String: String] {
        Dictionary(members.map { ($0.member.id, $0.member.name[language]) }) { first, _ in first }
    }

    static func sessions(_ sessions: [StoredSession], members: [StoredMember], page: PageChrome, header: WorkHeader, language: Language)
        -> SessionsPage.Model
    {
        SessionsPage.Model(
            page: page, header: header,
            sessions: sessions.map { stored in
                let quorum = stored.quorum
                return .init(
                    id: stored.session.id, opensAt: stored.session.opensAt.description,
                    notice: stored.session.noticePublishedAt.description,
                    agenda: stored.session.agenda.map { .init(number: String($0.number), title: $0.title[language]) },
                    present: quorum.map { "\(language.format($0.present)) / \(language.format($0.statutoryMembers))" } ?? "—",
                    quorum: quorum.map { language.format($0.required) } ?? "—", quorumMet: quorum?.met == true,
                    quorumNotMet: quorum?.met != true,
                    log: LogLink(stored.logIndex, language: language))
            }, empty: sessions.isEmpty)
    }

    static func decisions(
        _ decisions: [PublishedDecision], members: [StoredMember], page: PageChrome, header: WorkHeader, language: Language
    )
        -> DecisionsPage.Model
    {
        let names = names(members, language: language)
        return DecisionsPage.Model(
            page: page, header: header,
            decisions: decisions.map { published in
                let decision = published.decision
                var numbers: [String] = []
                for provision in decision.texts.kk + decision.texts.ru + (decision.texts.en ?? []) where !numbers.contains(provision.number)
                {
                    numbers.append(provision.number)
                }
                func text(_ provisions: [Provision]?, _ number: String) -> String {
                    provisions?.first { $0.number == number }?.text ?? "—"
                }
                let tally = published.tally.map {
                    "\(language.format($0.inFavour)) \(Strings.inFavour[language]), \(language.format($0.against)) \(Strings.against[language]), "
                        + "\(language.format($0.abstained)) \(Strings.abstain[language]) (\(language.format($0.required)) / \(language.format($0.quorum.statutoryMembers)))"
                }
                return .init(
                    number: decision.number, published: decision.publishedAt?.description ?? "—", session: decision.sessionID,
                    complaint: decision.complaintID,
                    provisions: numbers.map {
                        .init(number: $0, kk: text(decision.texts.kk, $0), ru: text(decision.texts.ru, $0), en: text(decision.texts.en, $0))
                    },
                    votes: decision.votes.map {
                        .init(member: names[$0.memberID] ?? $0.memberID, choice: Strings.of($0.choice)[language])
                    },
                    tally: tally ?? "—",
                    dissents: decision.dissents.map {
                        .init(member: names[$0.memberID] ?? $0.memberID, language: $0.language.rawValue, text: $0.text)
                    },
                    hasDissents: !decision.dissents.isEmpty, agree: published.textProblems.isEmpty,
                    mismatch: published.textProblems.isEmpty
                        ? nil : published.textProblems.map { Strings.problem($0, language) }.joined(separator: "; "),
                    log: LogLink(published.logIndex, language: language))
            }, empty: decisions.isEmpty)
    }

    static func complaints(
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
