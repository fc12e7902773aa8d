import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import Mustache

/// The four pages of a commission at work, at `/{lang}/commissions/{id}/{part}`.
enum CommissionWorkPart: String, CaseIterable {
    case composition, sessions, decisions, complaints

    var title: UIText {
        switch self {
        case .composition: .compositionPage
        case .sessions: .sessionsPage
        case .decisions: .decisionsPage
        case .complaints: .complaintsPage
        }
    }
}

/// Strings of these pages only (the links to them are `UIText`).
enum WorkText: String, CaseIterable {
    case statutory, seated, vacancies, majorityParty, noMajorityParty, votingMembers, representatives, position, nominatedBy
    case appointedBy, appointingDecision, term, interim, partyShares, members, share, history, date, act, refusals, party, person, reason
    case opensAt, notice, agenda, present, quorum, quorumMet, quorumNotMet, noSessions, number, published, provisions, votes, dissents
    case tally, textsAgree, textsDiffer, noDecisions, statistics, received, decidedCollegially, pending, overdue, upheld, partlyUpheld
    case rejected, registrationNumber, complainant, subject, venue, deadline, state, outcome, noComplaints, all, logEntry, chair
    case deputyChair, secretary, member, inFavour, against, abstain, appointed, left, replaced, representativeRegistered
    case representativeRefused, commission, filterState, overdueOnly, nationalComposition, commissions, withMajorityParty, byLevel
    case byRegion, group, largestNominator

    var text: LocalizedText {
        switch self {
        case .statutory: .init(kk: "Заң бойынша мүшелер саны", ru: "Установленный законом состав", en: "Statutory members")
        case .seated: .init(kk: "Мүшелер", ru: "Членов в составе", en: "Seated")
        case .vacancies: .init(kk: "Бос орындар", ru: "Вакансии", en: "Vacancies")
        case .majorityParty:
            .init(
                kk: "Бір партия ұсынғандар шешім қабылдауға жеткілікті көпшілікті құрайды",
                ru: "Выдвиженцы одной партии составляют большинство, достаточное для принятия решений",
                en: "Nominees of one party hold the majority that adopts decisions")
        case .noMajorityParty:
            .init(kk: "Бірде-бір партияда көпшілік жоқ", ru: "Ни одна партия не имеет большинства", en: "No party holds a majority")
        case .votingMembers: .init(kk: "Шешуші дауыс құқығы бар мүшелер", ru: "Члены с правом решающего голоса", en: "Voting members")
        case .representatives:
            .init(
                kk: "Кеңесші дауыс құқығы бар партия өкілдері", ru: "Представители партий с совещательным голосом",
                en: "Party representatives (consultative)")
        case .position: .init(kk: "Лауазымы", ru: "Должность", en: "Position")
        case .nominatedBy: .init(kk: "Ұсынған", ru: "Выдвинут", en: "Nominated by")
        case .appointedBy: .init(kk: "Тағайындаған", ru: "Назначен", en: "Appointed by")
        case .appointingDecision: .init(kk: "Тағайындау туралы шешім", ru: "Решение о назначении", en: "Appointing decision")
        case .term: .init(kk: "Өкілеттік мерзімі", ru: "Срок полномочий", en: "Term")
        case .interim: .init(kk: "уақытша", ru: "временно", en: "interim")
        case .partyShares: .init(kk: "Партиялардың үлесі", ru: "Доли партий", en: "Party shares")
        case .members: .init(kk: "Мүшелер", ru: "Членов", en: "Members")
        case .share: .init(kk: "Үлесі", ru: "Доля", en: "Share")
        case .history: .init(kk: "Құрамның өзгеру тарихы", ru: "История изменений состава", en: "Membership history")
        case .date: .init(kk: "Күні", ru: "Дата", en: "Date")
        case .act: .init(kk: "Акт", ru: "Акт", en: "Act")
        case .refusals:
            .init(kk: "Өкілдерді тіркеуден бас тарту", ru: "Отказы в регистрации представителей", en: "Refused representatives")
        case .party: .init(kk: "Партия", ru: "Партия", en: "Party")
        case .person: .init(kk: "Адам", ru: "Лицо", en: "Person")
        case .reason: .init(kk: "Себебі", ru: "Причина", en: "Reason")
        case .opensAt: .init(kk: "Басталуы", ru: "Начало", en: "Opens")
        case .notice: .init(kk: "Хабарлама жарияланды", ru: "Извещение опубликовано", en: "Notice published")
        case .agenda: .init(kk: "Күн тәртібі", ru: "Повестка дня", en: "Agenda")
        case .present: .init(kk: "Қатысқандар", ru: "Присутствовали", en: "Present")
        case .quorum: .init(kk: "Кворум", ru: "Кворум", en: "Quorum")
        case .quorumMet: .init(kk: "кворум бар", ru: "кворум есть", en: "quorum met")
        case .quorumNotMet: .init(kk: "кворум жоқ", ru: "кворума нет", en: "no quorum")
        case .noSessions: .init(kk: "Отырыстар жоқ", ru: "Заседаний нет", en: "No sessions")
        case .number: .init(kk: "Нөмірі", ru: "Номер", en: "Number")
        case .published: .init(kk: "Жарияланды", ru: "Опубликовано", en: "Published")
        case .provisions: .init(kk: "Тармақтар", ru: "Пункты", en: "Provisions")
        case .votes: .init(kk: "Дауыстар", ru: "Голоса", en: "Votes")
        case .dissents: .init(kk: "Ерекше пікірлер", ru: "Особые мнения", en: "Dissenting opinions")
        case .tally: .init(kk: "Дауыс беру қорытындысы", ru: "Итоги голосования", en: "Tally")
        case .textsAgree:
            .init(
                kk: "Қазақ және орыс мәтіндерінің тармақтары сәйкес", ru: "Пункты казахского и русского текстов совпадают",
                en: "Language versions agree")
        case .textsDiffer: .init(kk: "Мәтіндер сәйкес емес", ru: "Тексты расходятся", en: "Language versions differ")
        case .noDecisions: .init(kk: "Шешімдер жоқ", ru: "Решений нет", en: "No decisions")
        case .statistics: .init(kk: "Статистика", ru: "Статистика", en: "Statistics")
        case .received: .init(kk: "Түсті", ru: "Поступило", en: "Received")
        case .decidedCollegially: .init(kk: "Алқалы шешілді", ru: "Решено коллегиально", en: "Decided collegially")
        case .pending: .init(kk: "Қаралуда", ru: "На рассмотрении", en: "Pending")
        case .overdue: .init(kk: "Мерзімі өтті", ru: "Просрочено", en: "Overdue")
        case .upheld: .init(kk: "Қанағаттандырылды", ru: "Удовлетворено", en: "Upheld")
        case .partlyUpheld: .init(kk: "Ішінара қанағаттандырылды", ru: "Удовлетворено частично", en: "Partly upheld")
        case .rejected: .init(kk: "Қанағаттандырусыз қалдырылды", ru: "Отказано", en: "Rejected")
        case .registrationNumber: .init(kk: "Тіркеу нөмірі", ru: "Регистрационный номер", en: "Registration number")
        case .complainant: .init(kk: "Шағым беруші", ru: "Заявитель", en: "Complainant")
        case .subject: .init(kk: "Шағым нысаны", ru: "Предмет жалобы", en: "Subject")
        case .venue: .init(kk: "Қарайтын орган", ru: "Рассматривает", en: "Decided by")
        case .deadline: .init(kk: "Қарау мерзімі", ru: "Срок рассмотрения", en: "Deadline")
        case .state: .init(kk: "Күйі", ru: "Состояние", en: "State")
        case .outcome: .init(kk: "Нәтижесі", ru: "Результат", en: "Outcome")
        case .noComplaints: .init(kk: "Шағымдар жоқ", ru: "Жалоб нет", en: "No complaints")
        case .all: .init(kk: "Барлығы", ru: "Все", en: "All")
        case .logEntry: .init(kk: "Журнал жазбасы", ru: "Запись журнала", en: "Log entry")
        case .chair: .init(kk: "Төраға", ru: "Председатель", en: "Chair")
        case .deputyChair: .init(kk: "Төрағаның орынбасары", ru: "Заместитель председателя", en: "Deputy chair")
        case .secretary: .init(kk: "Хатшы", ru: "Секретарь", en: "Secretary")
        case .member: .init(kk: "Мүше", ru: "Член комиссии", en: "Member")
        case .inFavour: .init(kk: "жақтады", ru: "за", en: "for")
        case .against: .init(kk: "қарсы", ru: "против", en: "against")
        case .abstain: .init(kk: "қалыс қалды", ru: "воздержался", en: "abstained")
        case .appointed: .init(kk: "Тағайындалды", ru: "Назначен", en: "Appointed")
        case .left: .init(kk: "Шықты", ru: "Выбыл", en: "Left")
        case .replaced: .init(kk: "Орнына тағайындалды", ru: "Назначен на освободившееся место", en: "Appointed to a vacancy")
        case .representativeRegistered: .init(kk: "Өкіл тіркелді", ru: "Представитель зарегистрирован", en: "Representative registered")
        case .representativeRefused:
            .init(kk: "Өкілді тіркеуден бас тартылды", ru: "Отказ в регистрации представителя", en: "Representative refused")
        case .commission: .init(kk: "Комиссия", ru: "Комиссия", en: "Commission")
        case .filterState: .init(kk: "Күйі бойынша сүзгі", ru: "Фильтр по состоянию", en: "Filter by state")
        case .overdueOnly: .init(kk: "Тек мерзімі өткендер", ru: "Только просроченные", en: "Overdue only")
        case .nationalComposition:
            .init(
                kk: "Барлық комиссиялардың партиялық құрамы", ru: "Партийный состав всех комиссий", en: "Party balance of all commissions")
        case .commissions: .init(kk: "Комиссиялар", ru: "Комиссий", en: "Commissions")
        case .withMajorityParty:
            .init(
                kk: "Бір партия көпшілік құрайтын комиссиялар", ru: "Комиссий с большинством одной партии", en: "With a one-party majority")
        case .byLevel: .init(kk: "Деңгейлер бойынша", ru: "По уровням", en: "By level")
        case .byRegion: .init(kk: "Өңірлер бойынша", ru: "По регионам", en: "By region")
        case .group: .init(kk: "Топ", ru: "Группа", en: "Group")
        case .largestNominator: .init(kk: "Ең көп ұсынған", ru: "Больше всего выдвинул", en: "Largest nominator")
        }
    }

    static func table(_ language: Language) -> [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.text[language]) })
    }

    static func position(_ position: MemberPosition) -> WorkText {
        switch position {
        case .chair: .chair
        case .deputyChair: .deputyChair
        case .secretary: .secretary
        case .member: .member
        }
    }

    static func act(_ kind: CommissionAct.Kind) -> WorkText {
        switch kind {
        case .memberLeft: .left
        case .replacementAppointed: .replaced
        case .representativeRegistered: .representativeRegistered
        case .representativeRefused: .representativeRefused
        default: .appointed
        }
    }

    static func outcome(_ outcome: ComplaintOutcome) -> WorkText {
        switch outcome {
        case .upheld: .upheld
        case .partlyUpheld: .partlyUpheld
        case .rejected: .rejected
        }
    }

    static func state(_ state: ComplaintState) -> LocalizedText {
        switch state {
        case .received: .init(kk: "түсті", ru: "поступила", en: "received")
        case .registered: .init(kk: "тіркелді", ru: "зарегистрирована", en: "registered")
        case .scheduled: .init(kk: "отырысқа шығарылды", ru: "назначена к рассмотрению", en: "scheduled")
        case .decided: .init(kk: "шешілді", ru: "решена", en: "decided")
        case .published: .init(kk: "шешім жарияланды", ru: "решение опубликовано", en: "published")
        case .appealed: .init(kk: "шағымданылды", ru: "обжалована", en: "appealed")
        }
    }

    static func choice(_ choice: VoteChoice) -> WorkText {
        switch choice {
        case .inFavour: .inFavour
        case .against: .against
        case .abstain: .abstain
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
                label: $0.title.text[language], href: SiteURL.commissionWorkPage(language, commission: commission, part: $0.rawValue).path,
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
        var w: [String: String]
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
        var w: [String: String]
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
        var w: [String: String]
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
        var w: [String: String]
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
        var w: [String: String]
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

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.commissionWorkPage, use: page)
        router.get(SiteURL.Route.nationalCompositionPage, use: national)
    }

    @Sendable func national(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        guard let election = try await store.latestElection() else { throw HTTPError(.notFound, message: "no election") }
        let report = try await store.nationalComposition(election: election.id)
        let parties = Dictionary(uniqueKeysWithValues: try await store.parties().map { ($0.id, $0.name[language]) })
        let profile = try await store.profile(forElection: election.id)
        var names: [String: String] = [:]
        for level in profile.commissionLevels { names[level.id] = level.names[language] }
        for group in report.byRegion where names[group.group] == nil {
            names[group.group] = (try? await store.commission(group.group))?.commission.name[language] ?? group.group
        }
        let chrome = PageChrome(
            language: language, title: WorkText.nationalComposition.text[language], url: .nationalCompositionPage(language))
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
            page: page, w: WorkText.table(language), date: report.date.description, commissions: language.format(report.commissions),
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
        guard let election = try await store.election(ofCommission: commission) else {
            throw HTTPError(.notFound, message: "no commission '\(commission)'")
        }
        let detail = try await store.commission(commission)
        let name = detail.commission.name[language]
        let url = SiteURL.commissionWorkPage(language, commission: commission, part: part.rawValue)
        let chrome = PageChrome(language: language, title: "\(name) · \(part.title.text[language])", url: url)
        let header = WorkHeader(
            name: name, commission: commission, part: part, language: language,
            apiHref: SiteURL.api(.commissionWork(election: election.id, commission: commission, part: part.rawValue)).path)
        let parties = Dictionary(uniqueKeysWithValues: try await store.parties().map { ($0.id, $0.name[language]) })
        let html: String
        switch part {
        case .composition:
            let report = try await store.composition(election: election.id, commission: commission)
            let history = try await store.membershipHistory(election: election.id, commission: commission)
            html = try render(
                Self.composition(report, history: history, parties: parties, page: chrome, header: header, language: language),
                "composition")
        case .sessions:
            let sessions = try await store.sessions(election: election.id, commission: commission)
            let members = try await store.commissionMembers(election: election.id, commission: commission)
            html = try render(Self.sessions(sessions, members: members, page: chrome, header: header, language: language), "sessions")
        case .decisions:
            let decisions = try await store.decisions(election: election.id, commission: commission)
            let members = try await store.commissionMembers(election: election.id, commission: commission)
            html = try render(Self.decisions(decisions, members: members, page: chrome, header: header, language: language), "decisions")
        case .complaints:
            let state = request.uri.queryParameters["state"].flatMap { ComplaintState(rawValue: String($0)) }
            let overdueOnly = request.uri.queryParameters["overdue"] == "true"
            let at = try CommissionWorkController.moment(request)
            let complaints = try await store.complaints(
                election: election.id, filter: ComplaintFilter(venue: commission, state: state, overdueOnly: overdueOnly), at: at)
            let statistics = try await store.complaintStatistics(election: election.id, venue: commission, at: at)
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
            name: member.name[language], position: WorkText.position(member.position).text[language],
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
            page: page, w: WorkText.table(language), header: header, date: report.date.description,
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
                    date: $0.date.description, act: WorkText.act($0.kind).text[language], summary: $0.summary,
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
            page: page, w: WorkText.table(language), header: header,
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
            page: page, w: WorkText.table(language), header: header,
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
                    "\(language.format($0.inFavour)) \(WorkText.inFavour.text[language]), \(language.format($0.against)) \(WorkText.against.text[language]), "
                        + "\(language.format($0.abstained)) \(WorkText.abstain.text[language]) (\(language.format($0.required)) / \(language.format($0.quorum.statutoryMembers)))"
                }
                return .init(
                    number: decision.number, published: decision.publishedAt?.description ?? "—", session: decision.sessionID,
                    complaint: decision.complaintID,
                    provisions: numbers.map {
                        .init(number: $0, kk: text(decision.texts.kk, $0), ru: text(decision.texts.ru, $0), en: text(decision.texts.en, $0))
                    },
                    votes: decision.votes.map {
                        .init(member: names[$0.memberID] ?? $0.memberID, choice: WorkText.choice($0.choice).text[language])
                    },
                    tally: tally ?? "—",
                    dissents: decision.dissents.map {
                        .init(member: names[$0.memberID] ?? $0.memberID, language: $0.language.rawValue, text: $0.text)
                    },
                    hasDissents: !decision.dissents.isEmpty, agree: published.textProblems.isEmpty,
                    mismatch: published.textProblems.isEmpty ? nil : published.textProblems.map(\.message).joined(separator: "; "),
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
                label: WorkText.all.text[language], href: link(state: nil, overdueOnly: false), current: state == nil && !overdueOnly)
        ]
        filters += ComplaintState.allCases.map {
            .init(label: WorkText.state($0)[language], href: link(state: $0, overdueOnly: false), current: $0 == state)
        }
        filters.append(.init(label: WorkText.overdueOnly.text[language], href: link(state: nil, overdueOnly: true), current: overdueOnly))
        return ComplaintsPage.Model(
            page: page, w: WorkText.table(language), header: header, filters: filters,
            statistics: statistics.map {
                .init(
                    commission: $0.commissionID, received: language.format($0.received), collegial: language.format($0.decidedCollegially),
                    pending: language.format($0.pending), overdue: language.format($0.overdue), upheld: language.format($0.upheld),
                    partlyUpheld: language.format($0.partlyUpheld), rejected: language.format($0.rejected))
            },
            complaints: complaints.map { stored in
                let c = stored.complaint
                let subject: String
                switch c.subject {
                case .act(let id, let reference): subject = "\(id): \(reference)"
                case .body(let id): subject = id
                case .voterList(let id): subject = "\(id) (voter list)"
                }
                return .init(
                    number: c.registrationNumber ?? c.id, complainant: "\(c.complainant.name) (\(c.complainant.kind.rawValue))",
                    subject: subject,
                    summary: c.summary, venue: c.venue.description, received: c.receivedAt.description,
                    deadline: "\(c.deadline.lastDay) (\(c.deadline.kind.rawValue))", state: WorkText.state(c.state)[language],
                    overdue: stored.overdue,
                    outcome: c.resolution.map { WorkText.outcome($0.outcome).text[language] },
                    log: LogLink(stored.logIndex, language: language))
            }, empty: complaints.isEmpty)
    }
}
