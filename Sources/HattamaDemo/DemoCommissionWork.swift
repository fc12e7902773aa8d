import Foundation
import HattamaCore

/// Commissions at work for the demo, deterministic from a seed, reproducing what ODIHR saw in
/// 2011: one party's nominees holding the majority of most commissions, four opposition parties
/// with about six per cent of all members, members leaving shortly before election day and being
/// replaced, a refused party representative, decisions in Kazakh and Russian, and complaints in
/// every state of their lifecycle.
public struct DemoCommissionWork: Sendable {
    /// One act after the commissions are formed, in order.
    public enum Step: Sendable {
        case substitute(Substitution)
        case registerRepresentative(CommissionMember)
        case refuseRepresentative(RepresentativeRefusal)
        case schedule(Session)
        case decide(Decision, publishedAt: CivilDateTime)
        case file(
            id: String, complainant: Complainant, subject: ComplaintSubject, route: ComplaintRoute, summary: String, at: CivilDateTime)
        case register(id: String, at: CivilDateTime, courtNumber: String?)
        case scheduleComplaint(id: String, sessionID: String)
        case hearing(id: String, at: CivilDateTime)
        case decideComplaint(id: String, decisionID: String, outcome: ComplaintOutcome, at: CivilDateTime)
        case courtRuling(id: String, reference: String, outcome: ComplaintOutcome, at: CivilDateTime)
        case publish(id: String, at: CivilDateTime)
        case appeal(id: String, appealID: String, summary: String, at: CivilDateTime)
    }

    public static let dominantParty = "nur-otan"
    /// The four parties whose nominees ODIHR counted together at "only six per cent".
    public static let oppositionParties = ["ak-zhol", "osdp", "cppk", "azat"]
    /// Opposition nominees per commission seat; with seven seats, about 0.42 per commission.
    public static let oppositionShare = 0.06

    /// Voting members appointed when the commissions were formed, in order (chair, deputy, secretary first).
    public private(set) var members: [CommissionMember] = []
    public private(set) var steps: [Step] = []

    public init(structure: ElectionStructure, profile: LawProfile, seed: UInt64) {
        var rng = SeededGenerator(seed: seed ^ 0xC0_3315_5105)
        guard let electionDay = CivilDate(parsing: structure.election.electionDay) else { return }
        let termStart = electionDay.adding(days: -75)
        let termEnd = electionDay.adding(days: 5 * 365)
        let byID = Dictionary(uniqueKeysWithValues: structure.commissions.map { ($0.id, $0) })
        var nameIndex = 0
        func name() -> LocalizedText {
            let given = Self.givenNames[nameIndex % Self.givenNames.count]
            let family = Self.familyNames[(nameIndex / Self.givenNames.count + nameIndex * 7) % Self.familyNames.count]
            nameIndex += 1
            return LocalizedText(kk: "\(given.kk) \(family.kk)", ru: "\(given.ru) \(family.ru)", en: "\(given.en) \(family.en)")
        }
        func body(_ commission: Commission) -> AppointingBody? {
            guard let level = profile.level(commission.level) else { return nil }
            return AppointingBody(kind: level.formedBy, id: "\(level.formedBy)-\(commission.parentID ?? commission.id)")
        }
        for commission in structure.commissions {
            guard let level = profile.level(commission.level), let appointer = body(commission) else { continue }
            let seats = level.statutoryMembers
            // Most commissions: the dominant party's nominees hold a majority; the rest come from
            // public associations and, here and there, one opposition nominee.
            let dominant = rng.unit() < 0.85 ? seats / 2 + 1 + (rng.unit() < 0.4 ? 1 : 0) : seats / 2
            let opposition = rng.unit() < Self.oppositionShare * Double(seats) ? 1 : 0
            var nominations: [Nomination] = Array(repeating: .party(Self.dominantParty), count: dominant)
            if opposition > 0 { nominations.append(.party(Self.oppositionParties[Int(rng.next() % 4)])) }
            var association = 0
            while nominations.count < seats {
                nominations.append(.body(Self.associations[association % Self.associations.count]))
                association += 1
            }
            let positions: [MemberPosition] = [.chair, .deputyChair, .secretary]
            for (i, nomination) in nominations.enumerated() {
                members.append(
                    CommissionMember(
                        id: "\(commission.id)-m\(i + 1)", commissionID: commission.id, name: name(),
                        position: i < 3 ? positions[i] : .member,
                        nomination: nomination, appointedBy: appointer,
                        appointingDecision: "\(appointer.kind) decision \(i < 3 ? 1 : 2)/\(termStart.month) of \(termStart)",
                        termStart: termStart,
                        termEnd: termEnd))
            }
        }
        guard let cec = structure.commissions.first(where: { $0.parentID == nil }),
            let district = structure.commissions.first(where: { c in
                c.parentID != nil && c.level != profile.precinctLevel.id
                    && structure.commissions.contains { $0.parentID == c.id && $0.level == profile.precinctLevel.id }
            }),
            let regional = district.parentID.flatMap({ byID[$0] })
        else { return }
        let precincts = structure.commissions.filter { $0.parentID == district.id && $0.level == profile.precinctLevel.id }
        let dayBefore = { (days: Int) in electionDay.adding(days: -days) }
        let at = { (day: CivilDate, time: String) in CivilDateTime(date: day, time: time) ?? CivilDateTime(startOf: day) }

        // Members who declared they would not be available on election day, replaced by the maslikhat.
        for (i, precinct) in precincts.prefix(6).enumerated() {
            guard let appointer = body(precinct) else { continue }
            let leftOn = dayBefore(12 - i)
            let leaving = "\(precinct.id)-m\(5 + i % 2)"
            guard let departed = members.first(where: { $0.id == leaving }) else { continue }
            steps.append(
                .substitute(
                    Substitution(
                        leavingMemberID: leaving, leftOn: leftOn, reason: LeavingReason(.unavailable),
                        replacement: CommissionMember(
                            id: "\(precinct.id)-r\(i + 1)", commissionID: precinct.id, name: name(), nomination: departed.nomination,
                            appointedBy: appointer, appointingDecision: "\(appointer.kind) decision 7/\(leftOn.month) of \(leftOn)",
                            termStart: leftOn, termEnd: termEnd))))
        }
        // Consultative representatives of opposition parties, and the CEC's refusal of one.
        for (i, commission) in [cec, regional, district].enumerated() {
            let party = Self.oppositionParties[i]
            steps.append(
                .registerRepresentative(
                    CommissionMember(
                        id: "\(commission.id)-rep-\(party)", commissionID: commission.id, name: name(), votingRight: .consultative,
                        nomination: .party(party), appointedBy: AppointingBody(kind: "party", id: party),
                        appointingDecision: "letter of \(party) of \(termStart)", termStart: termStart.adding(days: 10), termEnd: termEnd)))
        }
        steps.append(
            .refuseRepresentative(
                RepresentativeRefusal(
                    commissionID: cec.id, partyID: "osdp", personName: name(), date: dayBefore(30),
                    reason: "registration refused on the opinion of the Prosecutor General's Office",
                    decisionReference: "CEC decision 12/201")))

        // Sessions and decisions of the CEC and of the district commission that hears complaints.
        let title = { (kk: String, ru: String, en: String) in LocalizedText(kk: kk, ru: ru, en: en) }
        let allPresent = { (commission: Commission, count: Int) in (1...count).map { "\(commission.id)-m\($0)" } }
        let cecSession = Session(
            id: "cec-s1", commissionID: cec.id, opensAt: at(dayBefore(20), "10:00"), noticePublishedAt: at(dayBefore(21), "09:00"),
            agenda: [
                AgendaItem(
                    number: 1,
                    title: title(
                        "Сайлау комиссияларының жұмысы туралы нұсқаулық", "Об инструкции о работе избирательных комиссий",
                        "Guidelines for election commissions"))
            ], present: allPresent(cec, 7), convenedBy: .chair(memberID: "\(cec.id)-m1"))
        steps.append(.schedule(cecSession))
        steps.append(
            .decide(
                Decision(
                    id: "cec-d1", commissionID: cec.id, sessionID: cecSession.id, number: "12/203", agendaItem: 1,
                    texts: DecisionTexts(
                        kk: [
                            Provision("1", "Учаскелік сайлау комиссияларының жұмысы туралы нұсқаулық бекітілсін."),
                            Provision("2", "Бақылаушылар дауыстарды санау кезінде бюллетеньдерді көруге құқылы."),
                        ],
                        ru: [
                            Provision("1", "Утвердить инструкцию о работе участковых избирательных комиссий."),
                            Provision("2", "Наблюдатели вправе видеть бюллетени при подсчёте голосов."),
                        ],
                        en: [
                            Provision("1", "The guidelines for precinct election commissions are approved."),
                            Provision("2", "Observers may see the ballots during the count."),
                        ]),
                    votes: allPresent(cec, 7).map { RecordedVote($0, .inFavour) }), publishedAt: at(dayBefore(20), "15:00")))

        // Complaints about acts of the precincts go to the district commission.
        let complainants: [Complainant] = [
            Complainant(kind: .observer, name: "Observer of the OSCE/ODIHR-accredited mission", reference: "obs-0117"),
            Complainant(kind: .party, name: "OSDP", reference: "osdp"),
            Complainant(kind: .candidate, name: "Gani Kasymov", reference: "kasymov"),
            Complainant(kind: .proxy, name: "Proxy of Zhambyl Akhmetbekov", reference: "akhmetbekov"),
            Complainant(kind: .voter, name: "A voter"),
            Complainant(kind: .observer, name: "Domestic observer", reference: "obs-2231"),
        ]
        let subjects = [
            "observer not admitted to the count", "voter list not shown to observers", "campaign material removed",
            "ballots counted without showing them", "members replaced without a maslikhat decision", "results protocol not posted",
        ]
        let received = dayBefore(9)
        var filed: [String] = []
        for (i, complainant) in complainants.enumerated() {
            let id = "complaint-\(i + 1)"
            let precinct = precincts.isEmpty ? district : precincts[i % precincts.count]
            steps.append(
                .file(
                    id: id, complainant: complainant, subject: .act(commissionID: precinct.id, reference: subjects[i]), route: .commission,
                    summary: "Complaint: \(subjects[i])", at: at(received, String(format: "%02d:00", 9 + i))))
            filed.append(id)
        }
        // complaint-1 stays received; 2 is registered; 3 scheduled; 4 decided; 5 published; 6 appealed.
        for (i, id) in filed.enumerated() where i >= 1 {
            steps.append(.register(id: id, at: at(received, "17:00"), courtNumber: nil))
        }
        let hearing = Session(
            id: "\(district.id)-s1", commissionID: district.id, opensAt: at(dayBefore(7), "10:00"),
            noticePublishedAt: at(dayBefore(8), "09:00"),
            agenda: [3, 4, 5].map {
                AgendaItem(
                    number: $0 - 2, title: title("№\($0) шағымды қарау", "О рассмотрении жалобы №\($0)", "Hearing complaint No. \($0)"),
                    complaintID: filed[$0])
            }, present: allPresent(district, 6), convenedBy: .chair(memberID: "\(district.id)-m1"))
        let later = Session(
            id: "\(district.id)-s2", commissionID: district.id, opensAt: at(dayBefore(2), "10:00"),
            noticePublishedAt: at(dayBefore(3), "09:00"),
            agenda: [
                AgendaItem(
                    number: 1, title: title("№3 шағымды қарау", "О рассмотрении жалобы №3", "Hearing complaint No. 3"),
                    complaintID: filed[2])
            ],
            present: allPresent(district, 7), convenedBy: .chair(memberID: "\(district.id)-m1"))
        // A session without quorum: it is recorded, and can adopt nothing.
        let thin = Session(
            id: "\(district.id)-s0", commissionID: district.id, opensAt: at(dayBefore(8), "18:00"),
            noticePublishedAt: at(dayBefore(8), "10:00"),
            agenda: [AgendaItem(number: 1, title: title("Ағымдағы мәселелер", "Текущие вопросы", "Current matters"))],
            present: allPresent(district, 3), convenedBy: .chair(memberID: "\(district.id)-m1"))
        steps.append(.schedule(thin))
        steps.append(.schedule(hearing))
        steps.append(.schedule(later))
        for index in [2, 3, 4, 5] {
            steps.append(.scheduleComplaint(id: filed[index], sessionID: index == 2 ? later.id : hearing.id))
        }
        let outcomes: [ComplaintOutcome] = [.rejected, .partlyUpheld, .rejected]
        for (item, index) in [3, 4, 5].enumerated() {
            let decisionID = "\(district.id)-d\(item + 1)"
            let upheld = outcomes[item] != .rejected
            steps.append(
                .decide(
                    Decision(
                        id: decisionID, commissionID: district.id, sessionID: hearing.id, number: "\(item + 4)/\(received.month)",
                        agendaItem: item + 1, complaintID: filed[index],
                        texts: DecisionTexts(
                            kk: [
                                Provision("1", upheld ? "Шағым ішінара қанағаттандырылсын." : "Шағым қанағаттандырусыз қалдырылсын."),
                                Provision("2", "Шешім жарияланып, шағым берушіге жіберілсін."),
                            ],
                            ru: [
                                Provision("1", upheld ? "Жалобу удовлетворить частично." : "Жалобу оставить без удовлетворения."),
                                Provision("2", "Решение опубликовать и направить заявителю."),
                            ]),
                        votes: allPresent(district, 5).map { RecordedVote($0, .inFavour) } + [RecordedVote("\(district.id)-m6", .against)],
                        dissents: [
                            DissentingOpinion(
                                memberID: "\(district.id)-m6", language: .ru,
                                text: "Доводы заявителя подтверждены наблюдателями и не опровергнуты.")
                        ]), publishedAt: at(dayBefore(7), "14:00")))
            steps.append(.decideComplaint(id: filed[index], decisionID: decisionID, outcome: outcomes[item], at: at(dayBefore(7), "14:00")))
        }
        for index in [4, 5] { steps.append(.publish(id: filed[index], at: at(dayBefore(7), "16:00"))) }
        steps.append(
            .appeal(id: filed[5], appealID: "\(filed[5])-appeal", summary: "Appeal to the higher commission", at: at(dayBefore(6), "11:00"))
        )

        // A court case, decided by ruling; a voter-list complaint on election day, overdue.
        let court = "\(district.id)-court"
        steps.append(
            .file(
                id: "complaint-court-1", complainant: complainants[2], subject: .body(commissionID: district.id), route: .court(court),
                summary: "Refusal to register a proxy", at: at(dayBefore(10), "12:00")))
        steps.append(.register(id: "complaint-court-1", at: at(dayBefore(10), "15:00"), courtNumber: "2-\(received.day)/2011"))
        steps.append(.hearing(id: "complaint-court-1", at: at(dayBefore(8), "10:00")))
        steps.append(
            .courtRuling(
                id: "complaint-court-1", reference: "ruling 2-\(received.day)/2011", outcome: .upheld, at: at(dayBefore(8), "16:00")))
        if let precinct = precincts.first {
            steps.append(
                .file(
                    id: "complaint-voter-list-1", complainant: Complainant(kind: .voter, name: "A voter of the precinct"),
                    subject: .voterList(commissionID: precinct.id), route: .commission,
                    summary: "Not on the voter list at the home precinct",
                    at: at(electionDay, "08:30")))
        }
    }

    static let givenNames: [LocalizedText] = [
        .init(kk: "Айгүл", ru: "Айгуль", en: "Aigul"), .init(kk: "Бауыржан", ru: "Бауыржан", en: "Bauyrzhan"),
        .init(kk: "Гүлнар", ru: "Гульнар", en: "Gulnar"), .init(kk: "Дәурен", ru: "Даурен", en: "Dauren"),
        .init(kk: "Ерлан", ru: "Ерлан", en: "Yerlan"), .init(kk: "Жанар", ru: "Жанар", en: "Zhanar"),
        .init(kk: "Қайрат", ru: "Кайрат", en: "Kairat"), .init(kk: "Ләззат", ru: "Ляззат", en: "Lyazzat"),
        .init(kk: "Марат", ru: "Марат", en: "Marat"), .init(kk: "Нұргүл", ru: "Нургуль", en: "Nurgul"),
        .init(kk: "Светлана", ru: "Светлана", en: "Svetlana"), .init(kk: "Тимур", ru: "Тимур", en: "Timur"),
    ]

    static let familyNames: [LocalizedText] = [
        .init(kk: "Әбенов", ru: "Абенов", en: "Abenov"), .init(kk: "Бекова", ru: "Бекова", en: "Bekova"),
        .init(kk: "Жұмабаев", ru: "Жумабаев", en: "Zhumabayev"), .init(kk: "Иванова", ru: "Иванова", en: "Ivanova"),
        .init(kk: "Қасымова", ru: "Касымова", en: "Kasymova"), .init(kk: "Мұхамеджанов", ru: "Мухамеджанов", en: "Mukhamedzhanov"),
        .init(kk: "Нұрланова", ru: "Нурланова", en: "Nurlanova"), .init(kk: "Оспанов", ru: "Оспанов", en: "Ospanov"),
        .init(kk: "Петров", ru: "Петров", en: "Petrov"), .init(kk: "Сәрсенбаева", ru: "Сарсенбаева", en: "Sarsenbayeva"),
        .init(kk: "Төлеуов", ru: "Тулеуов", en: "Tuleuov"), .init(kk: "Шәріпова", ru: "Шарипова", en: "Sharipova"),
        .init(kk: "Ким", ru: "Ким", en: "Kim"),
    ]

    /// Public associations that nominate the remaining members.
    static let associations = ["trade-unions", "veterans-council", "womens-league", "youth-congress", "assembly-of-peoples"]
}
