import Foundation
import HattamaCore
import HattamaInterchange

/// A synthetic voter register for a structure: one voter per registered voter of each precinct,
/// deterministic from a seed, with valid and unique IINs and plausible ages (18–95 on election
/// day, younger ages more frequent). Rows are streamed to a callback in structure order, so
/// the 9.1 million voters of kz2011 never sit in memory at once (only a small per-birth-date serial
/// counter does).
public struct SyntheticRegister: Sendable {
    public let precincts: [Precinct]
    public let electionDay: CivilDate
    public let seed: UInt64
    /// Language of settlement names and addresses in the rows.
    public let language: Language

    /// Nil when election day is too early for voters of age born from 1900 on (before 1919).
    public init?(precincts: [Precinct], electionDay: CivilDate, seed: UInt64 = DemoGenerator.defaultSeed, language: Language = .ru) {
        maximumAge = min(Self.oldestAge, electionDay.year - 1901)
        guard maximumAge > Self.minimumAge else { return nil }
        self.precincts = precincts
        self.electionDay = electionDay
        self.seed = seed
        self.language = language
    }

    /// Nil when the structure's election day is not a date.
    public init?(structure: ElectionStructure, seed: UInt64 = DemoGenerator.defaultSeed, language: Language = .ru) {
        guard let day = CivilDate(parsing: structure.election.electionDay) else { return nil }
        self.init(precincts: structure.precincts, electionDay: day, seed: seed, language: language)
    }

    /// Rows a full run produces.
    public var expectedCount: Int { precincts.reduce(0) { $0 + $1.registeredVoters } }

    static let minimumAge = 18
    static let oldestAge = 95
    /// Day 0 of the serial counters' keys.
    static let epoch = CivilDate(year: 1970, month: 1, day: 1)!
    /// Oldest age generated: 95, or less when 1900 would otherwise be reached.
    let maximumAge: Int

    static let surnames = [
        "Ахметов", "Жумабаев", "Садыков", "Сулейменов", "Искаков", "Касымов", "Омаров", "Нурланов", "Бекенов", "Тулегенов",
        "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Ким", "Шмидт", "Абдуллаев", "Байжанов", "Ермеков",
        "Мусин", "Сапарбаев", "Калиев", "Есенов", "Рахимов", "Токтаров", "Жакупов", "Кенжебаев", "Даулетов", "Бойко",
    ]
    static let maleNames = [
        "Айдар", "Ерлан", "Нурлан", "Серик", "Бауыржан", "Данияр", "Арман", "Ержан", "Асхат", "Марат",
        "Сергей", "Александр", "Виктор", "Дмитрий", "Андрей", "Талгат", "Ринат", "Тимур", "Алмас", "Канат",
    ]
    static let femaleNames = [
        "Айгуль", "Гульнара", "Жанар", "Сауле", "Динара", "Асель", "Алия", "Мадина", "Айжан", "Гульмира",
        "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Салтанат", "Жулдыз", "Лаура", "Камила", "Анара",
    ]
    static let fatherNames = [
        "Ахмет", "Серик", "Нурлан", "Ерлан", "Болат", "Марат", "Касым", "Омар", "Сергей", "Виктор", "Николай", "Кайрат",
    ]
    static let streets = [
        "ул. Абая", "ул. Бейбитшилик", "пр. Республики", "ул. Кенесары", "ул. Сейфуллина", "ул. Ленина", "мкр. Самал",
        "ул. Жибек жолы", "ул. Толе би", "ул. Пушкина", "ул. Мира", "ул. Гагарина", "ул. Достык", "ул. Желтоксан",
    ]

    /// Calls `body` for each voter in structure order, at most `limit` times; returns how many.
    @discardableResult
    public func stream(limit: Int = .max, _ body: (VoterListRow) throws -> Void) rethrows -> Int {
        var nextSerial: [Int: Int] = [:]
        var produced = 0
        for (index, precinct) in precincts.enumerated() {
            var rng = SeededGenerator(seed: seed ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15))
            let settlement = precinct.settlement[language]
            for _ in 0..<precinct.registeredVoters {
                guard produced < limit else { return produced }
                let row = makeRow(precinct: precinct, settlement: settlement, line: produced + 2, rng: &rng, nextSerial: &nextSerial)
                produced += 1
                try body(row)
            }
        }
        return produced
    }

    /// Writes the register in the delivery format (header first) in chunks of about
    /// `chunkRows` lines; returns the number of voter rows.
    @discardableResult
    public func writeCSV(limit: Int = .max, chunkRows: Int = 10_000, to sink: (String) throws -> Void) rethrows -> Int {
        var buffer = VoterListCSV.header
        var pending = 0
        let count = try stream(limit: limit) { row in
            buffer += VoterListCSV.line(row)
            pending += 1
            if pending >= chunkRows {
                try sink(buffer)
                buffer = ""
                pending = 0
            }
        }
        if !buffer.isEmpty { try sink(buffer) }
        return count
    }

    private func makeRow(
        precinct: Precinct, settlement: String, line: Int, rng: inout SeededGenerator, nextSerial: inout [Int: Int]
    ) -> VoterListRow {
        let sex: IIN.Sex = rng.next() & 1 == 0 ? .male : .female
        // Ages skewed towards the young: 18 + 77·u^1.4 years, then a uniform day within the year.
        let years = Self.minimumAge + Int(Double(maximumAge - Self.minimumAge) * pow(rng.unit(), 1.4))
        var birth = electionDay.adding(days: -(years * 365 + years / 4) - Int(rng.next() % 365))
        while VoterRecord.age(born: birth, on: electionDay) < Self.minimumAge { birth = birth.adding(days: -1) }
        var iin: IIN?
        while iin == nil {
            let key = Self.epoch.days(until: birth) * 2 + (sex == .male ? 0 : 1)
            var serial = nextSerial[key] ?? 1
            while serial <= 9999, iin == nil {
                iin = Self.makeIIN(birth, sex: sex, serial: serial)
                serial += 1
            }
            nextSerial[key] = serial
            if iin == nil {
                // All serials of that day are taken: another day within the age range.
                birth = electionDay.adding(days: -(Self.minimumAge * 366) - Int(rng.next() % UInt64((maximumAge - Self.minimumAge) * 365)))
            }
        }
        let surnameBase = Self.surnames[Int(rng.next() % UInt64(Self.surnames.count))]
        let surname =
            sex == .female && (surnameBase.hasSuffix("ов") || surnameBase.hasSuffix("ев") || surnameBase.hasSuffix("ин"))
            ? surnameBase + "а" : surnameBase
        let given =
            sex == .male
            ? Self.maleNames[Int(rng.next() % UInt64(Self.maleNames.count))]
            : Self.femaleNames[Int(rng.next() % UInt64(Self.femaleNames.count))]
        let father = Self.fatherNames[Int(rng.next() % UInt64(Self.fatherNames.count))]
        let patronymic: String
        switch rng.next() % 10 {
        case 0: patronymic = ""
        case 1, 2, 3: patronymic = father + (sex == .male ? "улы" : "кызы")
        default: patronymic = Self.russianPatronymic(father, sex: sex)
        }
        let street = Self.streets[Int(rng.next() % UInt64(Self.streets.count))]
        let house = 1 + Int(rng.next() % 120)
        let flat = rng.next() % 3 == 0 ? "" : ", кв. \(1 + Int(rng.next() % 200))"
        let record = try! VoterRecord(
            iin: iin!, surname: surname, givenName: given, patronymic: patronymic, birthDate: birth, settlement: settlement,
            address: "\(street), д. \(house)\(flat)", homePrecinctID: precinct.id)
        return VoterListRow(line: line, precinctNumber: precinct.number, record: record)
    }

    static func russianPatronymic(_ father: String, sex: IIN.Sex) -> String {
        if father.hasSuffix("й") { return String(father.dropLast()) + (sex == .male ? "евич" : "евна") }
        return father + (sex == .male ? "ович" : "овна")
    }

    /// A valid IIN without going through `String(format:)` (millions are made per run).
    static func makeIIN(_ date: CivilDate, sex: IIN.Sex, serial: Int) -> IIN? {
        let centuryBase = (date.year / 100 - 18) * 2 + 1
        guard (1...6).contains(centuryBase) else { return nil }
        let yy = date.year % 100
        let digits = [
            yy / 10, yy % 10, date.month / 10, date.month % 10, date.day / 10, date.day % 10,
            centuryBase + (sex == .female ? 1 : 0), serial / 1000, serial / 100 % 10, serial / 10 % 10, serial % 10,
        ]
        guard let check = IIN.checkDigit(digits) else { return nil }
        let text = String(decoding: (digits + [check]).map { UInt8(48 + $0) }, as: UTF8.self)
        return try? IIN(text)
    }
}
