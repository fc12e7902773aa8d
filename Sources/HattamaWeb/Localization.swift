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

    var text: LocalizedText {
        switch self {
        case .siteTitle: .init(kk: "Хаттама", ru: "Хаттама", en: "Hattama")
        case .siteTagline:
            .init(kk: "Сайлау нәтижелерінің ашықтығы", ru: "Прозрачность итогов выборов", en: "Election results transparency")
        case .elections: .init(kk: "Сайлаулар", ru: "Выборы", en: "Elections")
        case .electionDay: .init(kk: "Дауыс беру күні", ru: "День голосования", en: "Election day")
        case .candidates: .init(kk: "Кандидаттар", ru: "Кандидаты", en: "Candidates")
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
    /// A share as a percentage with two decimals, in the language's style (89,98 % or 89.98%).
    func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        let text = String(format: "%.2f", share * 100)
        return self == .en ? text + "%" : text.replacingOccurrences(of: ".", with: ",") + "\u{00A0}%"
    }
}
