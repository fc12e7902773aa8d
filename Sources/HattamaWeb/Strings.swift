import Foundation
import HattamaCore
import HattamaStore

/// Every interface string of the site, in Kazakh, Russian and English, in one table (the law's
/// own words come from the profile, never from here). Templates read it as `page.t.<name>`; Swift
/// reads `Strings.<name>[language]`. A `{name}` in a text is filled by `filled(_:_:)`.
enum Strings: String, CaseIterable, Sendable {
    // Layout, home, commission, search, open data and voter lookup pages.
    case siteTitle, siteTagline, elections, electionDay, candidates, otherElections, ballotOrder, nominatedBy, selfNominated
    case commissions, commission, level, precincts, registeredVoters, specialPrecincts, abroadPrecincts, precinctNumber, kind
    case settlement, address, tabulatedBy, formedUnder, search, searchPlaceholder, noResults, openData, api, home, language
    case children, results, votes, share, turnout, protocolsReceived, protocolsAccepted, protocolsQuarantined, protocolsExpected
    case outcomeAtRisk, outcomeSettled, resultsProtocol, controlChecks, allChecksPassed, hash, signature, versions, version
    case reason, submittedAt, outcome, leader, noProtocolYet, line, turnoutThroughDay, closingFromProtocols, turnoutVsShare
    case turnoutVsShareNote, stationsShown, time, lastUpdate, treeHead, treeSize, rootHash, signedAt, logKey, logIndex, leafHash
    case inclusionProof, noTreeHead, whatChanged, firstVersion, noChange, decisionReference, publicKey, checkHolds, checkFails
    case checkWarns, controlRelation, reasonOriginal, reasonRecount, reasonCommissionDecision, reasonCourtDecision
    case outcomeAccepted, outcomeAcceptedWithWarnings, outcomeQuarantined, openDataIntro, file, format, fileSize, sha256
    case levelData, nistReport, nistDescription, sortBy, compositionPage, sessionsPage, decisionsPage, complaintsPage
    case voterLookup, voterLookupIntro, iinLabel, iinHint, lookupButton, yourStation, notOnAnyList, listsOpenOn, invalidIIN
    case tooManyLookups, holdsAbsenteeCertificate
    // Commissions at work: composition, sessions, decisions, complaints, national composition.
    case statutory, seated, vacancies, majorityParty, noMajorityParty, votingMembers, representatives, position, appointedBy
    case appointingDecision, term, interim, partyShares, members, history, date, act, refusals, party, person, refusalReason
    case opensAt, notice, agenda, present, quorum, quorumMet, quorumNotMet, noSessions, number, published, provisions, dissents
    case tally, textsAgree, textsDiffer, noDecisions, statistics, received, decidedCollegially, pending, overdue, upheld
    case partlyUpheld, rejected, registrationNumber, complainant, subject, venue, deadline, state, complaintOutcome
    case noComplaints, all, logEntry, chair, deputyChair, secretary, member, inFavour, against, abstain, appointed, left
    case replaced, representativeRegistered, representativeRefused, filterState, overdueOnly, nationalComposition
    case commissionCount, withMajorityParty, byLevel, byRegion, group, largestNominator
    // One line of a commission's membership history, and why a member left.
    case eventAppointed, eventReplacing, eventInterim, eventLeft, eventRefused
    case leftResignation, leftUnavailable, leftIncompatibleOffice, leftConviction, leftIncapacity, leftDeath, leftRecalled
    case leftSuperseded, leftOther
    // Values shown on those pages: station kinds, complaint states, complainants, venues,
    // deadlines, language versions of a decision.
    case ordinaryStation, stateReceived, stateRegistered, stateScheduled, stateDecided, statePublished, stateAppealed
    case complainantVoter, complainantCandidate, complainantParty, complainantObserver, complainantProxy, voterListSubject
    case venueCommission, venueCourt, deadlineSameDay, deadlineImmediate, deadlineDays, languageKazakh, languageRussian
    case languageEnglish, textMissing, textUnnumbered, textEmptyProvision, textDuplicateNumber, textLacksProvisions
    // Why an IIN cannot be one.
    case iinNotTwelveDigits, iinCenturyDigit, iinBirthDate, iinNeverIssued, iinCheckDigit
    // Error pages.
    case errorNotFound, errorRequestFailed, errorTooManyRequests, errorUnavailable, errorServer

    /// The text in every language.
    var text: LocalizedText {
        switch self {
        case .siteTitle: .init(kk: "Хаттама", ru: "Хаттама", en: "Hattama")
        case .siteTagline:
            .init(kk: "Сайлау нәтижелерінің ашықтығы", ru: "Прозрачность итогов выборов", en: "Election results transparency")
        case .elections: .init(kk: "Сайлаулар", ru: "Выборы", en: "Elections")
        case .electionDay: .init(kk: "Дауыс беру күні", ru: "День голосования", en: "Election day")
        case .candidates: .init(kk: "Кандидаттар", ru: "Кандидаты", en: "Candidates")
        case .otherElections: .init(kk: "Басқа сайлаулар", ru: "Другие выборы", en: "Other elections")
        case .ballotOrder: .init(kk: "Бюллетеньдегі реті", ru: "Порядок в бюллетене", en: "Ballot order")
        case .nominatedBy: .init(kk: "Ұсынған", ru: "Выдвинут", en: "Nominated by")
        case .selfNominated: .init(kk: "Өзін-өзі ұсынған", ru: "Самовыдвижение", en: "Self-nominated")
        case .commissions: .init(kk: "Сайлау комиссиялары", ru: "Избирательные комиссии", en: "Election commissions")
        case .commission: .init(kk: "Комиссия", ru: "Комиссия", en: "Commission")
        case .level: .init(kk: "Деңгей", ru: "Уровень", en: "Level")
        case .precincts: .init(kk: "Сайлау учаскелері", ru: "Избирательные участки", en: "Polling stations")
        case .registeredVoters: .init(kk: "Тізімдегі сайлаушылар", ru: "Избирателей в списках", en: "Registered voters")
        case .specialPrecincts: .init(kk: "Арнайы учаскелер", ru: "Специальные участки", en: "Special stations")
        case .abroadPrecincts: .init(kk: "Шет елдегі учаскелер", ru: "Участки за рубежом", en: "Stations abroad")
        case .precinctNumber: .init(kk: "Учаске нөмірі", ru: "Номер участка", en: "Station number")
        case .kind: .init(kk: "Түрі", ru: "Вид", en: "Kind")
        case .settlement: .init(kk: "Елді мекен", ru: "Населённый пункт", en: "Settlement")
        case .address: .init(kk: "Мекенжайы", ru: "Адрес", en: "Address")
        case .tabulatedBy: .init(kk: "Нәтижелерін есептейтін комиссия", ru: "Итоги подводит", en: "Tabulated by")
        case .formedUnder: .init(kk: "Құрған комиссия", ru: "Образован при", en: "Formed under")
        case .search: .init(kk: "Іздеу", ru: "Поиск", en: "Search")
        case .searchPlaceholder:
            .init(kk: "Учаске нөмірі немесе елді мекен", ru: "Номер участка или населённый пункт", en: "Station number or settlement")
        case .noResults: .init(kk: "Ештеңе табылмады", ru: "Ничего не найдено", en: "Nothing found")
        case .openData: .init(kk: "Ашық деректер", ru: "Открытые данные", en: "Open data")
        case .api: .init(kk: "API", ru: "API", en: "API")
        case .home: .init(kk: "Басты бет", ru: "Главная", en: "Home")
        case .language: .init(kk: "Тіл", ru: "Язык", en: "Language")
        case .children: .init(kk: "Бағынышты комиссиялар", ru: "Нижестоящие комиссии", en: "Subordinate commissions")
        case .results: .init(kk: "Дауыс беру нәтижелері", ru: "Итоги голосования", en: "Results")
        case .votes: .init(kk: "Дауыстар", ru: "Голоса", en: "Votes")
        case .share: .init(kk: "Үлесі", ru: "Доля", en: "Share")
        case .turnout: .init(kk: "Сайлаушылардың келуі", ru: "Явка", en: "Turnout")
        case .protocolsReceived: .init(kk: "Келіп түскен хаттамалар", ru: "Получено протоколов", en: "Protocols received")
        case .protocolsAccepted: .init(kk: "Қабылданған", ru: "Принято", en: "Accepted")
        case .protocolsQuarantined: .init(kk: "Карантинде", ru: "На карантине", en: "Quarantined")
        case .protocolsExpected: .init(kk: "Күтілетін", ru: "Ожидается", en: "Expected")
        case .outcomeAtRisk:
            .init(
                kk: "Әлі есептелмеген учаскелер нәтижені өзгертуі мүмкін", ru: "Неучтённые участки ещё могут изменить итог",
                en: "Stations not yet counted could still change the outcome")
        case .outcomeSettled:
            .init(
                kk: "Есептелмеген учаскелер нәтижені өзгерте алмайды", ru: "Неучтённые участки уже не могут изменить итог",
                en: "Stations not yet counted can no longer change the outcome")
        case .resultsProtocol:
            .init(kk: "Дауыс беру нәтижелері туралы хаттама", ru: "Протокол об итогах голосования", en: "Results protocol")
        case .controlChecks: .init(kk: "Бақылау қатынастары", ru: "Контрольные соотношения", en: "Control checks")
        case .allChecksPassed:
            .init(kk: "Барлық бақылау қатынастары орындалды", ru: "Все контрольные соотношения выполнены", en: "All control checks hold")
        case .hash: .init(kk: "SHA-256 хэші", ru: "Хэш SHA-256", en: "SHA-256 hash")
        case .signature: .init(kk: "Комиссияның қолтаңбасы", ru: "Подпись комиссии", en: "Commission's signature")
        case .versions: .init(kk: "Нұсқалар тарихы", ru: "История версий", en: "Version history")
        case .version: .init(kk: "Нұсқа", ru: "Версия", en: "Version")
        case .reason: .init(kk: "Негізі", ru: "Основание", en: "Reason")
        case .submittedAt: .init(kk: "Уақыты", ru: "Время", en: "Submitted")
        case .outcome: .init(kk: "Нәтижесі", ru: "Статус", en: "Outcome")
        case .leader: .init(kk: "Көшбасшы", ru: "Лидер", en: "Leader")
        case .noProtocolYet: .init(kk: "Хаттама әлі келіп түскен жоқ", ru: "Протокол ещё не поступил", en: "No protocol received yet")
        case .line: .init(kk: "Жол", ru: "Строка", en: "Line")
        case .turnoutThroughDay:
            .init(kk: "Күн бойғы сайлаушылардың келуі", ru: "Явка в течение дня", en: "Turnout through the day")
        case .closingFromProtocols:
            .init(kk: "Қорытынды (хаттамалар бойынша)", ru: "Итог (по протоколам)", en: "Close (from the protocols)")
        case .turnoutVsShare:
            .init(
                kk: "Учаскелер: келу және көшбасшының үлесі", ru: "Участки: явка и доля лидера",
                en: "Stations: turnout against the leader's share")
        case .turnoutVsShareNote:
            .init(
                kk: "Әр ұяшық — 5 %-дық аралықтағы учаскелер саны; неғұрлым қою болса, соғұрлым көп.",
                ru: "Каждая клетка — число участков в интервале 5 %; чем темнее, тем больше.",
                en: "Each cell counts the stations in a 5% band; the darker, the more.")
        case .stationsShown: .init(kk: "Учаскелер", ru: "Участков", en: "Stations")
        case .time: .init(kk: "Уақыт", ru: "Время", en: "Time")
        case .lastUpdate: .init(kk: "Соңғы жаңарту", ru: "Последнее обновление", en: "Last update")
        case .treeHead: .init(kk: "Ашықтық журналы", ru: "Журнал прозрачности", en: "Transparency log")
        case .treeSize: .init(kk: "Жазбалар", ru: "Записей", en: "Entries")
        case .rootHash: .init(kk: "Түбір хэші", ru: "Корневой хэш", en: "Root hash")
        case .signedAt: .init(kk: "Қол қойылды", ru: "Подписан", en: "Signed")
        case .logKey: .init(kk: "Кілт идентификаторы", ru: "Идентификатор ключа", en: "Key id")
        case .logIndex: .init(kk: "Журналдағы нөмірі", ru: "Номер в журнале", en: "Log index")
        case .leafHash: .init(kk: "Жапырақ хэші", ru: "Хэш листа", en: "Leaf hash")
        case .inclusionProof: .init(kk: "Енгізу дәлелі", ru: "Доказательство включения", en: "Inclusion proof")
        case .noTreeHead:
            .init(kk: "Журналдың қолтаңбалы басы әлі жоқ", ru: "Подписанной вершины журнала ещё нет", en: "No signed tree head yet")
        case .whatChanged: .init(kk: "Не өзгерді", ru: "Что изменилось", en: "What changed")
        case .firstVersion: .init(kk: "Алғашқы нұсқа", ru: "Первая версия", en: "First version")
        case .noChange: .init(kk: "Сандар өзгерген жоқ", ru: "Цифры не изменились", en: "No figure changed")
        case .decisionReference: .init(kk: "Шешім", ru: "Решение", en: "Decision")
        case .publicKey: .init(kk: "Комиссияның ашық кілті", ru: "Открытый ключ комиссии", en: "Commission's public key")
        case .checkHolds: .init(kk: "орындалды", ru: "выполнено", en: "holds")
        case .checkFails: .init(kk: "бұзылды", ru: "нарушено", en: "fails")
        case .checkWarns: .init(kk: "ескерту", ru: "предупреждение", en: "warning")
        case .controlRelation: .init(kk: "Қатынас", ru: "Соотношение", en: "Relation")
        case .reasonOriginal: .init(kk: "Алғашқы хаттама", ru: "Первичный протокол", en: "Original protocol")
        case .reasonRecount: .init(kk: "Қайта санау", ru: "Пересчёт", en: "Recount")
        case .reasonCommissionDecision:
            .init(kk: "Жоғары комиссияның шешімі", ru: "Решение вышестоящей комиссии", en: "Decision of a higher commission")
        case .reasonCourtDecision: .init(kk: "Сот шешімі", ru: "Решение суда", en: "Court decision")
        case .outcomeAccepted: .init(kk: "қабылданды", ru: "принят", en: "accepted")
        case .outcomeAcceptedWithWarnings:
            .init(kk: "ескертулермен қабылданды", ru: "принят с предупреждениями", en: "accepted with warnings")
        case .outcomeQuarantined: .init(kk: "карантинде", ru: "на карантине", en: "quarantined")
        case .openDataIntro:
            .init(
                kk:
                    "Нәтижелер әр деңгей бойынша CSV және JSON форматында, учаскелер бойынша NIST SP 1500-100 форматында. Әр файлдың өлшемі мен SHA-256 хэші көрсетілген.",
                ru:
                    "Итоги по каждому уровню комиссий в CSV и JSON, по участкам — в формате NIST SP 1500-100. Для каждого файла указаны размер и хэш SHA-256.",
                en:
                    "Results for every commission level as CSV and JSON, and per polling station as NIST SP 1500-100. Each file is listed with its size and SHA-256."
            )
        case .file: .init(kk: "Файл", ru: "Файл", en: "File")
        case .format: .init(kk: "Пішімі", ru: "Формат", en: "Format")
        case .fileSize: .init(kk: "Өлшемі", ru: "Размер", en: "Size")
        case .sha256: .init(kk: "SHA-256", ru: "SHA-256", en: "SHA-256")
        case .levelData: .init(kk: "Деңгей", ru: "Уровень", en: "Level")
        case .nistReport: .init(kk: "NIST SP 1500-100 есебі", ru: "Отчёт NIST SP 1500-100", en: "NIST SP 1500-100 report")
        case .nistDescription:
            .init(
                kk: "Учаскелер бойынша, есептелген хаттамалар", ru: "По участкам, учтённые протоколы",
                en: "Per polling station, counted protocols")
        case .sortBy: .init(kk: "Сұрыптау", ru: "Сортировать", en: "Sort by")
        case .compositionPage: .init(kk: "Комиссия құрамы", ru: "Состав комиссии", en: "Composition")
        case .sessionsPage: .init(kk: "Отырыстар күнтізбесі", ru: "Календарь заседаний", en: "Sessions")
        case .decisionsPage: .init(kk: "Шешімдер", ru: "Решения", en: "Decisions")
        case .complaintsPage: .init(kk: "Шағымдар тізілімі", ru: "Реестр жалоб", en: "Complaints register")
        case .voterLookup: .init(kk: "Сайлау учаскеңізді біліңіз", ru: "Где я голосую", en: "Find your polling station")
        case .voterLookupIntro:
            .init(
                kk: "ЖСН бойынша тек учаске нөмірі мен мекенжайы көрсетіледі; басқа дербес деректер көрсетілмейді.",
                ru: "По ИИН показываются только номер и адрес участка; другие персональные данные не показываются.",
                en: "For an IIN, only the polling station's number and address are shown; no other personal data.")
        case .iinLabel:
            .init(
                kk: "ЖСН (жеке сәйкестендіру нөмірі)", ru: "ИИН (индивидуальный идентификационный номер)",
                en: "IIN (individual identification number)")
        case .iinHint:
            .init(
                kk: "12 цифр, жеке куәлігіңізде", ru: "12 цифр, указан в удостоверении личности",
                en: "12 digits, printed on your identity card")
        case .lookupButton: .init(kk: "Табу", ru: "Найти", en: "Look up")
        case .yourStation: .init(kk: "Сіздің сайлау учаскеңіз", ru: "Ваш избирательный участок", en: "Your polling station")
        case .notOnAnyList:
            .init(
                kk:
                    "Бұл ЖСН ешбір сайлаушылар тізімінде жоқ. Тізімге енгізу туралы учаскелік комиссияға тұрғылықты жеріңізді растайтын құжатпен жүгініңіз.",
                ru:
                    "Этот ИИН не включён ни в один список избирателей. Обратитесь в участковую комиссию с документом, подтверждающим место жительства.",
                en: "This IIN is on no voter list. Ask the precinct election commission to include you, with proof of residence.")
        case .listsOpenOn:
            .init(
                kk: "Сайлаушылар тізімі жалпыға танысу үшін мына күннен бастап ашық:",
                ru: "Списки избирателей представляются для ознакомления с",
                en: "The voter lists are open for checking from")
        case .invalidIIN: .init(kk: "ЖСН дұрыс емес", ru: "Неверный ИИН", en: "Invalid IIN")
        case .tooManyLookups:
            .init(
                kk: "Сұраулар тым көп. Секундтан кейін қайталаңыз:", ru: "Слишком много запросов. Повторите через секунд:",
                en: "Too many lookups. Try again in seconds:")
        case .holdsAbsenteeCertificate:
            .init(
                kk: "Сіз дауыс беру құқығын беретін есептен шығару куәлігін алдыңыз: онымен кез келген учаскеде дауыс бере аласыз.",
                ru: "Вы получили открепительное удостоверение: по нему можно голосовать на любом участке.",
                en: "You took an absentee certificate: you can vote with it at any polling station.")
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
        case .appointedBy: .init(kk: "Тағайындаған", ru: "Назначен", en: "Appointed by")
        case .appointingDecision: .init(kk: "Тағайындау туралы шешім", ru: "Решение о назначении", en: "Appointing decision")
        case .term: .init(kk: "Өкілеттік мерзімі", ru: "Срок полномочий", en: "Term")
        case .interim: .init(kk: "уақытша", ru: "временно", en: "interim")
        case .partyShares: .init(kk: "Партиялардың үлесі", ru: "Доли партий", en: "Party shares")
        case .members: .init(kk: "Мүшелер", ru: "Членов", en: "Members")
        case .history: .init(kk: "Құрамның өзгеру тарихы", ru: "История изменений состава", en: "Membership history")
        case .date: .init(kk: "Күні", ru: "Дата", en: "Date")
        case .act: .init(kk: "Акт", ru: "Акт", en: "Act")
        case .refusals:
            .init(kk: "Өкілдерді тіркеуден бас тарту", ru: "Отказы в регистрации представителей", en: "Refused representatives")
        case .party: .init(kk: "Партия", ru: "Партия", en: "Party")
        case .person: .init(kk: "Адам", ru: "Лицо", en: "Person")
        case .refusalReason: .init(kk: "Себебі", ru: "Причина", en: "Reason")
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
        case .complaintOutcome: .init(kk: "Нәтижесі", ru: "Результат", en: "Outcome")
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
        case .filterState: .init(kk: "Күйі бойынша сүзгі", ru: "Фильтр по состоянию", en: "Filter by state")
        case .overdueOnly: .init(kk: "Тек мерзімі өткендер", ru: "Только просроченные", en: "Overdue only")
        case .nationalComposition:
            .init(
                kk: "Барлық комиссиялардың партиялық құрамы", ru: "Партийный состав всех комиссий", en: "Party balance of all commissions")
        case .commissionCount: .init(kk: "Комиссиялар", ru: "Комиссий", en: "Commissions")
        case .withMajorityParty:
            .init(
                kk: "Бір партия көпшілік құрайтын комиссиялар", ru: "Комиссий с большинством одной партии", en: "With a one-party majority")
        case .byLevel: .init(kk: "Деңгейлер бойынша", ru: "По уровням", en: "By level")
        case .byRegion: .init(kk: "Өңірлер бойынша", ru: "По регионам", en: "By region")
        case .group: .init(kk: "Топ", ru: "Группа", en: "Group")
        case .largestNominator: .init(kk: "Ең көп ұсынған", ru: "Больше всего выдвинул", en: "Largest nominator")
        case .eventAppointed:
            .init(
                kk: "{name} ({nominator}) тағайындалды: {body}, {decision}", ru: "{name} ({nominator}) назначен(а): {body}, {decision}",
                en: "{name} ({nominator}) appointed by {body} ({decision})")
        case .eventReplacing:
            .init(
                kk: "{member} орнына, өкілеттік мерзімінің соңына дейін", ru: "вместо {member} до конца срока полномочий",
                en: "for the rest of the term of {member}")
        case .eventInterim: .init(kk: "{member} орнына уақытша", ru: "временно вместо {member}", en: "in the interim for {member}")
        case .eventLeft:
            .init(kk: "{name} комиссия құрамынан шықты: {reason}", ru: "{name} выбыл(а) из состава: {reason}", en: "{name} left: {reason}")
        case .eventRefused:
            .init(
                kk: "{party} өкілі {name} тіркелмеді: {reason}", ru: "представитель {party} {name} не зарегистрирован(а): {reason}",
                en: "representative {name} of {party} refused: {reason}")
        case .leftResignation: .init(kk: "өз еркімен", ru: "по собственному желанию", en: "resignation")
        case .leftUnavailable:
            .init(kk: "дауыс беру күні қатыса алмайды", ru: "не может работать в день голосования", en: "unavailable on election day")
        case .leftIncompatibleOffice: .init(kk: "үйлеспейтін лауазым", ru: "несовместимая должность", en: "incompatible office")
        case .leftConviction: .init(kk: "соттың айыптау үкімі", ru: "обвинительный приговор суда", en: "conviction")
        case .leftIncapacity: .init(kk: "әрекетке қабілетсіздік", ru: "недееспособность", en: "incapacity")
        case .leftDeath: .init(kk: "қайтыс болды", ru: "смерть", en: "death")
        case .leftRecalled: .init(kk: "тағайындаған орган кері шақырды", ru: "отозван(а) назначившим органом", en: "recalled")
        case .leftOther: .init(kk: "басқа себеп", ru: "иная причина", en: "other")
        case .leftSuperseded:
            .init(
                kk: "орнын уәкілетті орган толтырды", ru: "место замещено уполномоченным органом",
                en: "superseded by the entitled body")
        case .ordinaryStation: .init(kk: "Қарапайым", ru: "Обычный", en: "Ordinary")
        case .stateReceived: .init(kk: "түсті", ru: "поступила", en: "received")
        case .stateRegistered: .init(kk: "тіркелді", ru: "зарегистрирована", en: "registered")
        case .stateScheduled: .init(kk: "отырысқа шығарылды", ru: "назначена к рассмотрению", en: "scheduled")
        case .stateDecided: .init(kk: "шешілді", ru: "решена", en: "decided")
        case .statePublished: .init(kk: "шешім жарияланды", ru: "решение опубликовано", en: "published")
        case .stateAppealed: .init(kk: "шағымданылды", ru: "обжалована", en: "appealed")
        case .complainantVoter: .init(kk: "сайлаушы", ru: "избиратель", en: "voter")
        case .complainantCandidate: .init(kk: "кандидат", ru: "кандидат", en: "candidate")
        case .complainantParty: .init(kk: "партия", ru: "партия", en: "party")
        case .complainantObserver: .init(kk: "байқаушы", ru: "наблюдатель", en: "observer")
        case .complainantProxy: .init(kk: "сенім білдірілген адам", ru: "доверенное лицо", en: "proxy")
        case .voterListSubject: .init(kk: "сайлаушылар тізімі", ru: "список избирателей", en: "voter list")
        case .venueCommission: .init(kk: "{id} комиссиясы", ru: "комиссия {id}", en: "commission '{id}'")
        case .venueCourt: .init(kk: "{name} соты", ru: "суд {name}", en: "court '{name}'")
        case .deadlineSameDay: .init(kk: "сол күні", ru: "в тот же день", en: "same-day")
        case .deadlineImmediate: .init(kk: "дереу", ru: "незамедлительно", en: "immediate")
        case .deadlineDays: .init(kk: "күнтізбелік күндер", ru: "в календарных днях", en: "days")
        case .languageKazakh: .init(kk: "қазақ", ru: "казахский", en: "Kazakh")
        case .languageRussian: .init(kk: "орыс", ru: "русский", en: "Russian")
        case .languageEnglish: .init(kk: "ағылшын", ru: "английский", en: "English")
        case .textMissing: .init(kk: "{language} мәтіні жоқ", ru: "{language} текст отсутствует", en: "the {language} text is missing")
        case .textUnnumbered:
            .init(
                kk: "{language} мәтінінде нөмірі жоқ тармақ бар", ru: "{language} текст: у пункта нет номера",
                en: "a {language} provision has no number")
        case .textEmptyProvision:
            .init(
                kk: "{language} мәтінінің {numbers} тармағы бос", ru: "{language} текст: пункт {numbers} пуст",
                en: "{language} provision {numbers} is empty or contains control characters")
        case .textDuplicateNumber:
            .init(
                kk: "{language} мәтінінде {numbers} нөмірі бірнеше тармаққа берілген",
                ru: "{language} текст: номер {numbers} дан нескольким пунктам",
                en: "the {language} text numbers more than one provision {numbers}")
        case .textLacksProvisions:
            .init(
                kk: "{language} мәтінінде {numbers} тармағы жоқ", ru: "{language} текст: нет пункта {numbers}",
                en: "the {language} text lacks provision {numbers}")
        case .iinNotTwelveDigits:
            .init(kk: "ЖСН дәл 12 цифрдан тұруы керек", ru: "ИИН должен состоять ровно из 12 цифр", en: "an IIN is exactly 12 digits")
        case .iinCenturyDigit:
            .init(
                kk: "7-ші цифр (ғасыр мен жыныс) {digit} бола алмайды", ru: "7-я цифра (век и пол) не может быть {digit}",
                en: "the 7th digit (century and sex) cannot be {digit}")
        case .iinBirthDate:
            .init(
                kk: "алғашқы 6 цифр туған күн болуы керек (ЖЖААКК)", ru: "первые 6 цифр должны быть датой рождения (ГГММДД)",
                en: "the first 6 digits must be a date of birth (YYMMDD)")
        case .iinNeverIssued: .init(kk: "мұндай ЖСН берілмейді", ru: "такой ИИН не выдаётся", en: "no such IIN is ever issued")
        case .iinCheckDigit:
            .init(
                kk: "соңғы (бақылау) цифры сәйкес келмейді — қате терілген болуы мүмкін",
                ru: "последняя (контрольная) цифра не сходится — возможно, опечатка",
                en: "the last (check) digit does not match — probably a typo")
        case .errorNotFound: .init(kk: "Бет табылмады", ru: "Страница не найдена", en: "Not Found")
        case .errorRequestFailed: .init(kk: "Сұрау орындалмады", ru: "Запрос не выполнен", en: "Request failed")
        case .errorTooManyRequests: .init(kk: "Сұраулар тым көп", ru: "Слишком много запросов", en: "Too many requests")
        case .errorUnavailable: .init(kk: "Қызмет уақытша қолжетімсіз", ru: "Сервис временно недоступен", en: "Service unavailable")
        case .errorServer: .init(kk: "Сервер қатесі", ru: "Ошибка сервера", en: "Server error")
        }
    }

    /// The text in one language.
    subscript(language: Language) -> String { text[language] }

    /// The text in one language with each `{name}` replaced by `values[name]`.
    func filled(_ language: Language, _ values: [String: String]) -> String {
        var text = self[language]
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// Every string in one language by name, as templates read them; built once per language,
    /// since every page needs it.
    static func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    private static let tables: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            (language, Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0[language]) }))
        })
}

// The strings of the domain's values.
extension Strings {
    static func of(_ position: MemberPosition) -> Strings {
        switch position {
        case .chair: .chair
        case .deputyChair: .deputyChair
        case .secretary: .secretary
        case .member: .member
        }
    }

    static func of(_ kind: CommissionAct.Kind) -> Strings {
        switch kind {
        case .memberLeft: .left
        case .replacementAppointed: .replaced
        case .representativeRegistered: .representativeRegistered
        case .representativeRefused: .representativeRefused
        default: .appointed
        }
    }

    static func of(_ outcome: ComplaintOutcome) -> Strings {
        switch outcome {
        case .upheld: .upheld
        case .partlyUpheld: .partlyUpheld
        case .rejected: .rejected
        }
    }

    static func of(_ state: ComplaintState) -> Strings {
        switch state {
        case .received: .stateReceived
        case .registered: .stateRegistered
        case .scheduled: .stateScheduled
        case .decided: .stateDecided
        case .published: .statePublished
        case .appealed: .stateAppealed
        }
    }

    static func of(_ kind: ComplainantKind) -> Strings {
        switch kind {
        case .voter: .complainantVoter
        case .candidate: .complainantCandidate
        case .party: .complainantParty
        case .observer: .complainantObserver
        case .proxy: .complainantProxy
        }
    }

    static func of(_ kind: ComplaintDeadline.Kind) -> Strings {
        switch kind {
        case .sameDay: .deadlineSameDay
        case .immediate: .deadlineImmediate
        case .days: .deadlineDays
        }
    }

    static func of(_ choice: VoteChoice) -> Strings {
        switch choice {
        case .inFavour: .inFavour
        case .against: .against
        case .abstain: .abstain
        }
    }

    static func of(_ outcome: ProtocolOutcome) -> Strings {
        switch outcome {
        case .accepted: .outcomeAccepted
        case .acceptedWithWarnings: .outcomeAcceptedWithWarnings
        case .quarantined: .outcomeQuarantined
        }
    }

    static func of(_ reason: ProtocolVersionReason) -> Strings {
        switch reason {
        case .original: .reasonOriginal
        case .recount: .reasonRecount
        case .commissionDecision: .reasonCommissionDecision
        case .courtDecision: .reasonCourtDecision
        }
    }

    /// The name of a language, as a text in `language` names it.
    static func name(of version: Language) -> Strings {
        switch version {
        case .kk: .languageKazakh
        case .ru: .languageRussian
        case .en: .languageEnglish
        }
    }

    /// Where a complaint is decided, in `language`.
    static func venue(_ venue: ComplaintVenue, _ language: Language) -> String {
        switch venue {
        case .commission(let id): venueCommission.filled(language, ["id": id])
        case .court(let name): venueCourt.filled(language, ["name": name])
        }
    }

    /// What a complaint is against, in `language`.
    static func subject(_ subject: ComplaintSubject, _ language: Language) -> String {
        switch subject {
        case .act(let id, let reference): "\(id): \(reference)"
        case .body(let id): id
        case .voterList(let id): "\(id) (\(voterListSubject[language]))"
        }
    }

    /// Which IIN rule the input breaks, as the voter reads it.
    static func rule(_ problem: IIN.Problem, _ language: Language) -> String {
        switch problem {
        case .notTwelveDigits: iinNotTwelveDigits[language]
        case .unassignedCenturyDigit(let digit): iinCenturyDigit.filled(language, ["digit": String(digit)])
        case .invalidBirthDate: iinBirthDate[language]
        case .neverIssued: iinNeverIssued[language]
        case .wrongCheckDigit: iinCheckDigit[language]
        }
    }

    /// How the language versions of a draft decision differ, in `language`.
    static func problem(_ problem: DecisionTextProblem, _ language: Language) -> String {
        let key: Strings =
            switch problem.code {
            case .missingLanguage: .textMissing
            case .unnumberedProvision: .textUnnumbered
            case .emptyProvision: .textEmptyProvision
            case .duplicateNumber: .textDuplicateNumber
            case .missingProvisions: .textLacksProvisions
            }
        return key.filled(
            language, ["language": name(of: problem.language)[language], "numbers": problem.numbers.joined(separator: ", ")])
    }

    /// Why a member left, in `language`.
    static func of(_ kind: LeavingReason.Kind) -> Strings {
        switch kind {
        case .resignation: .leftResignation
        case .unavailable: .leftUnavailable
        case .incompatibleOffice: .leftIncompatibleOffice
        case .conviction: .leftConviction
        case .incapacity: .leftIncapacity
        case .death: .leftDeath
        case .recalled: .leftRecalled
        case .supersededByEntitledBody: .leftSuperseded
        case .other: .leftOther
        }
    }

    /// One line of a commission's membership history, in `language`: names in that language,
    /// parties by name, a replaced member by name.
    static func membershipEvent(
        _ event: MembershipEvent, parties: [String: String], memberNames: [String: LocalizedText], language: Language
    ) -> String {
        func member(_ id: String) -> String { memberNames[id]?[language] ?? id }
        switch event {
        case .appointed(_, let name, _, let nomination, let appointedBy, let decision, let replaces, let interim):
            var text = eventAppointed.filled(
                language,
                [
                    "name": name[language], "nominator": CommissionWorkPart.nominator(nomination, parties: parties),
                    "body": appointedBy.id, "decision": decision,
                ])
            if let replaces {
                text += " — " + (interim ? eventInterim : eventReplacing).filled(language, ["member": member(replaces)])
            }
            return text
        case .left(_, let name, let reason):
            let why = Strings.of(reason.kind)[language] + (reason.detail.isEmpty ? "" : " (\(reason.detail))")
            return eventLeft.filled(language, ["name": name[language], "reason": why])
        case .representativeRefused(let partyID, let name, let reason, _):
            return eventRefused.filled(language, ["party": parties[partyID] ?? partyID, "name": name[language], "reason": reason])
        }
    }

    /// The heading of an error page.
    static func error(_ status: Int) -> Strings {
        switch status {
        case 404: .errorNotFound
        case 429: .errorTooManyRequests
        case 503: .errorUnavailable
        case 400..<500: .errorRequestFailed
        default: .errorServer
        }
    }
}
