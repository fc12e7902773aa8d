import Foundation
import HattamaCore

/// Interface strings (the law's own words come from the profile, never from here).
enum UIText: String, CaseIterable {
    case siteTitle, siteTagline, elections, electionDay, candidates, ballotOrder, nominatedBy, selfNominated
    case commissions, commission, level, precincts, registeredVoters, specialPrecincts, abroadPrecincts
    case precinctNumber, kind, settlement, address, tabulatedBy, formedUnder, search, searchPlaceholder, noResults
    case openData, api, home, language, children
    case results, votes, share, turnout, protocolsReceived, protocolsAccepted, protocolsQuarantined, protocolsExpected
    case outcomeAtRisk, outcomeSettled, resultsProtocol, controlChecks, allChecksPassed, hash, signature, versions, version, reason
    case submittedAt, outcome, leader, noProtocolYet, line
    case turnoutThroughDay, closingFromProtocols, turnoutVsShare, turnoutVsShareNote, stationsShown, time
    case lastUpdate, treeHead, treeSize, rootHash, signedAt, logKey, logIndex, leafHash, inclusionProof, noTreeHead
    case whatChanged, firstVersion, noChange, decisionReference, publicKey, checkHolds, checkFails, checkWarns, controlRelation
    case reasonOriginal, reasonRecount, reasonCommissionDecision, reasonCourtDecision
    case outcomeAccepted, outcomeAcceptedWithWarnings, outcomeQuarantined
    case openDataIntro, file, format, fileSize, sha256, levelData, nistReport, nistDescription, sortBy
    case compositionPage, sessionsPage, decisionsPage, complaintsPage
    case voterLookup, voterLookupIntro, iinLabel, iinHint, lookupButton, yourStation, notOnAnyList, listsOpenOn, invalidIIN
    case tooManyLookups, holdsAbsenteeCertificate, otherElections

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
        }
    }
}

extension Language {
    /// Name of the language in itself, for the switch.
    var endonym: String {
        switch self {
        case .kk: "Қазақша"
        case .ru: "Русский"
        case .en: "English"
        }
    }

    /// Groups thousands as each language writes them: 9 100 967 (kk, ru) and 9,100,967 (en).
    func format(_ value: Int) -> String {
        let separator = self == .en ? "," : "\u{00A0}"
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return value < 0 ? "−" + out : out
    }

    /// Picks the best language from an Accept-Language header; Kazakh, the state language, by default.
    static func preferred(acceptLanguage: String?) -> Language {
        guard let header = acceptLanguage else { return .kk }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (String(tag.prefix(2)), q)
        }.sorted { $0.1 > $1.1 }
        return ranked.lazy.compactMap { Language(rawValue: $0.0) }.first ?? .kk
    }
}

extension Language {
    /// A moment as each language writes it, in UTC: 27.11.2026, 03:58 UTC (kk, ru) or 27 Nov 2026, 03:58 UTC (en).
    func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = String(format: "%02d:%02d:%02d UTC", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        switch self {
        case .en:
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(c.day ?? 1) \(months[((c.month ?? 1) - 1) % 12]) \(c.year ?? 0), \(time)"
        case .kk, .ru:
            return String(format: "%02d.%02d.%04d, ", c.day ?? 1, c.month ?? 1, c.year ?? 0) + time
        }
    }

    /// An ISO 8601 timestamp from the store (with or without fractional seconds), formatted; the
    /// text as it is if it does not parse.
    func dateTime(iso text: String) -> String {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text) { return dateTime(date) }
        return text
    }

    /// A calendar date: 19.03.2011 (kk, ru) or 19 Mar 2011 (en).
    func date(_ day: CivilDate) -> String {
        let text = day.description
        let parts = text.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month) else { return text }
        switch self {
        case .en:
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(Int(parts[2]) ?? 0) \(months[month - 1]) \(parts[0])"
        case .kk, .ru: return "\(parts[2]).\(parts[1]).\(parts[0])"
        }
    }

    /// A file size: 1 234 B, 12,3 KB, 4,5 MB (decimal units, the language's decimal mark).
    func fileSize(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1_000_000, "MB"), (1_000, "KB")]
        for (size, unit) in units where Double(bytes) >= size {
            let text = String(format: "%.1f", Double(bytes) / size)
            return (self == .en ? text : text.replacingOccurrences(of: ".", with: ",")) + "\u{00A0}" + unit
        }
        return format(bytes) + "\u{00A0}B"
    }

    /// A share as a percentage with two decimals, in the language's style (89,98 % or 89.98%).
    func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        let text = String(format: "%.2f", share * 100)
        return self == .en ? text + "%" : text.replacingOccurrences(of: ".", with: ",") + "\u{00A0}%"
    }
}
