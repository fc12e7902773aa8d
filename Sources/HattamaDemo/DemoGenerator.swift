import Foundation
import HattamaCore

/// Builds the national demo: the 2011 Kazakhstan commission structure with synthetic precincts,
/// deterministic from a seed. Region names, candidates and parties are real; precinct counts,
/// sizes and settlements are synthetic but calibrated to the public 2011 figures.
public enum DemoScale: String, CaseIterable, Sendable {
    /// The whole country: 16 regional TECs, 208 district/city TECs, 9,700 PECs (35 abroad).
    case kz2011
    /// Three regions and a few hundred PECs, for tests.
    case small
}

public struct DemoGenerator: Sendable {
    public static let defaultSeed: UInt64 = 2011
    public static let electionID = "kz-2011-presidential"

    /// Registered voters implied by the print order: 9,191,977 ballots were printed for the
    /// voters plus a 1% reserve (ODIHR interim report 2), so voters ≈ 9,191,977 / 1.01.
    public static let nationalRegisteredVoters = 9_100_967
    /// 35 stations abroad with about 14,000 voters (law brief §1.4).
    public static let abroadPrecincts = 35
    public static let abroadVoters = 14_000
    public static let nationalPrecincts = 9_700

    public let scale: DemoScale
    public let seed: UInt64

    public init(scale: DemoScale = .kz2011, seed: UInt64 = defaultSeed) {
        self.scale = scale
        self.seed = seed
    }

    struct Region {
        let code: String
        let name: LocalizedText
        let centre: LocalizedText
        /// Approximate precinct count and voters (thousands) around 2011; rescaled to the totals.
        let precincts: Int
        let voters: Int
        /// City districts with real names, for the two cities of republican significance.
        let cityDistricts: [LocalizedText]
        let ruralDistricts: Int
    }

    static func oblast(_ kk: String, _ ru: String, _ en: String) -> LocalizedText {
        LocalizedText(kk: "\(kk) облысы", ru: "\(ru) область", en: "\(en) Region")
    }

    static let regions: [Region] = [
        Region(
            code: "akm", name: oblast("Ақмола", "Акмолинская", "Akmola"), centre: .init(kk: "Көкшетау", ru: "Кокшетау", en: "Kokshetau"),
            precincts: 646, voters: 520, cityDistricts: [], ruralDistricts: 18),
        Region(
            code: "akt", name: oblast("Ақтөбе", "Актюбинская", "Aktobe"), centre: .init(kk: "Ақтөбе", ru: "Актобе", en: "Aktobe"),
            precincts: 437, voters: 480, cityDistricts: [], ruralDistricts: 12),
        Region(
            code: "alr", name: oblast("Алматы", "Алматинская", "Almaty"),
            centre: .init(kk: "Талдықорған", ru: "Талдыкорган", en: "Taldykorgan"), precincts: 1015, voters: 1120, cityDistricts: [],
            ruralDistricts: 18),
        Region(
            code: "atr", name: oblast("Атырау", "Атырауская", "Atyrau"), centre: .init(kk: "Атырау", ru: "Атырау", en: "Atyrau"),
            precincts: 275, voters: 320, cityDistricts: [], ruralDistricts: 7),
        Region(
            code: "vko", name: oblast("Шығыс Қазақстан", "Восточно-Казахстанская", "East Kazakhstan"),
            centre: .init(kk: "Өскемен", ru: "Усть-Каменогорск", en: "Oskemen"), precincts: 1052, voters: 1020, cityDistricts: [],
            ruralDistricts: 20),
        Region(
            code: "zhm", name: oblast("Жамбыл", "Жамбылская", "Zhambyl"), centre: .init(kk: "Тараз", ru: "Тараз", en: "Taraz"),
            precincts: 500, voters: 640, cityDistricts: [], ruralDistricts: 10),
        Region(
            code: "zko", name: oblast("Батыс Қазақстан", "Западно-Казахстанская", "West Kazakhstan"),
            centre: .init(kk: "Орал", ru: "Уральск", en: "Oral"), precincts: 476, voters: 430, cityDistricts: [], ruralDistricts: 12),
        Region(
            code: "krg", name: oblast("Қарағанды", "Карагандинская", "Karaganda"),
            centre: .init(kk: "Қарағанды", ru: "Караганда", en: "Karaganda"), precincts: 777, voters: 980, cityDistricts: [],
            ruralDistricts: 17),
        Region(
            code: "kst", name: oblast("Қостанай", "Костанайская", "Kostanay"),
            centre: .init(kk: "Қостанай", ru: "Костанай", en: "Kostanay"), precincts: 758, voters: 650, cityDistricts: [],
            ruralDistricts: 19),
        Region(
            code: "kzl", name: oblast("Қызылорда", "Кызылординская", "Kyzylorda"),
            centre: .init(kk: "Қызылорда", ru: "Кызылорда", en: "Kyzylorda"), precincts: 335, voters: 410, cityDistricts: [],
            ruralDistricts: 7),
        Region(
            code: "mng", name: oblast("Маңғыстау", "Мангистауская", "Mangystau"), centre: .init(kk: "Ақтау", ru: "Актау", en: "Aktau"),
            precincts: 214, voters: 300, cityDistricts: [], ruralDistricts: 5),
        Region(
            code: "pvl", name: oblast("Павлодар", "Павлодарская", "Pavlodar"),
            centre: .init(kk: "Павлодар", ru: "Павлодар", en: "Pavlodar"), precincts: 580, voters: 550, cityDistricts: [],
            ruralDistricts: 12),
        Region(
            code: "sko", name: oblast("Солтүстік Қазақстан", "Северо-Казахстанская", "North Kazakhstan"),
            centre: .init(kk: "Петропавл", ru: "Петропавловск", en: "Petropavl"), precincts: 724, voters: 440, cityDistricts: [],
            ruralDistricts: 13),
        Region(
            code: "yko", name: oblast("Оңтүстік Қазақстан", "Южно-Казахстанская", "South Kazakhstan"),
            centre: .init(kk: "Шымкент", ru: "Шымкент", en: "Shymkent"), precincts: 957, voters: 1380, cityDistricts: [], ruralDistricts: 14
        ),
        Region(
            code: "ast", name: .init(kk: "Астана қаласы", ru: "г. Астана", en: "Astana (capital)"),
            centre: .init(kk: "Астана", ru: "Астана", en: "Astana"),
            precincts: 203, voters: 410,
            cityDistricts: [
                .init(kk: "Алматы ауданы", ru: "Алматинский район", en: "Almaty district"),
                .init(kk: "Сарыарқа ауданы", ru: "район Сарыарка", en: "Saryarka district"),
                .init(kk: "Есіл ауданы", ru: "Есильский район", en: "Esil district"),
            ], ruralDistricts: 0),
        Region(
            code: "alm", name: .init(kk: "Алматы қаласы", ru: "г. Алматы", en: "Almaty (city)"),
            centre: .init(kk: "Алматы", ru: "Алматы", en: "Almaty"),
            precincts: 516, voters: 1040,
            cityDistricts: [
                .init(kk: "Алатау ауданы", ru: "Алатауский район", en: "Alatau district"),
                .init(kk: "Алмалы ауданы", ru: "Алмалинский район", en: "Almaly district"),
                .init(kk: "Әуезов ауданы", ru: "Ауэзовский район", en: "Auezov district"),
                .init(kk: "Бостандық ауданы", ru: "Бостандыкский район", en: "Bostandyk district"),
                .init(kk: "Жетісу ауданы", ru: "Жетысуский район", en: "Zhetysu district"),
                .init(kk: "Медеу ауданы", ru: "Медеуский район", en: "Medeu district"),
                .init(kk: "Түрксіб ауданы", ru: "Турксибский район", en: "Turksib district"),
            ], ruralDistricts: 0),
    ]

    static let villages: [LocalizedText] = [
        .init(kk: "Ақсу", ru: "Аксу", en: "Aksu"), .init(kk: "Бірлік", ru: "Бирлик", en: "Birlik"),
        .init(kk: "Жаңаталап", ru: "Жанаталап", en: "Zhanatalap"), .init(kk: "Көктөбе", ru: "Коктобе", en: "Koktobe"),
        .init(kk: "Қызылжар", ru: "Кызылжар", en: "Kyzylzhar"), .init(kk: "Достық", ru: "Достык", en: "Dostyk"),
        .init(kk: "Береке", ru: "Береке", en: "Bereke"), .init(kk: "Алғабас", ru: "Алгабас", en: "Algabas"),
        .init(kk: "Қарабұлақ", ru: "Карабулак", en: "Karabulak"), .init(kk: "Сарыөзек", ru: "Сарыозек", en: "Saryozek"),
        .init(kk: "Ынтымақ", ru: "Ынтымак", en: "Yntymak"), .init(kk: "Жаңажол", ru: "Жанажол", en: "Zhanazhol"),
        .init(kk: "Ақтоғай", ru: "Актогай", en: "Aktogay"), .init(kk: "Шұбаркөл", ru: "Шубарколь", en: "Shubarkol"),
        .init(kk: "Талапты", ru: "Талапты", en: "Talapty"), .init(kk: "Көкжар", ru: "Кокжар", en: "Kokzhar"),
        .init(kk: "Байтерек", ru: "Байтерек", en: "Baiterek"), .init(kk: "Қараой", ru: "Караой", en: "Karaoy"),
        .init(kk: "Жаңаауыл", ru: "Жанаауыл", en: "Zhanaauyl"), .init(kk: "Орнек", ru: "Орнек", en: "Ornek"),
    ]

    static let abroadCities: [LocalizedText] = [
        .init(kk: "Мәскеу", ru: "Москва", en: "Moscow"), .init(kk: "Санкт-Петербург", ru: "Санкт-Петербург", en: "Saint Petersburg"),
        .init(kk: "Минск", ru: "Минск", en: "Minsk"), .init(kk: "Киев", ru: "Киев", en: "Kyiv"),
        .init(kk: "Бішкек", ru: "Бишкек", en: "Bishkek"),
        .init(kk: "Ташкент", ru: "Ташкент", en: "Tashkent"), .init(kk: "Душанбе", ru: "Душанбе", en: "Dushanbe"),
        .init(kk: "Баку", ru: "Баку", en: "Baku"), .init(kk: "Тбилиси", ru: "Тбилиси", en: "Tbilisi"),
        .init(kk: "Ереван", ru: "Ереван", en: "Yerevan"),
        .init(kk: "Ашхабад", ru: "Ашхабад", en: "Ashgabat"), .init(kk: "Анкара", ru: "Анкара", en: "Ankara"),
        .init(kk: "Стамбул", ru: "Стамбул", en: "Istanbul"),
        .init(kk: "Берлин", ru: "Берлин", en: "Berlin"), .init(kk: "Франкфурт", ru: "Франкфурт", en: "Frankfurt"),
        .init(kk: "Лондон", ru: "Лондон", en: "London"),
        .init(kk: "Париж", ru: "Париж", en: "Paris"), .init(kk: "Рим", ru: "Рим", en: "Rome"), .init(kk: "Вена", ru: "Вена", en: "Vienna"),
        .init(kk: "Варшава", ru: "Варшава", en: "Warsaw"), .init(kk: "Прага", ru: "Прага", en: "Prague"),
        .init(kk: "Брюссель", ru: "Брюссель", en: "Brussels"),
        .init(kk: "Гаага", ru: "Гаага", en: "The Hague"), .init(kk: "Стокгольм", ru: "Стокгольм", en: "Stockholm"),
        .init(kk: "Вашингтон", ru: "Вашингтон", en: "Washington"),
        .init(kk: "Нью-Йорк", ru: "Нью-Йорк", en: "New York"), .init(kk: "Оттава", ru: "Оттава", en: "Ottawa"),
        .init(kk: "Пекин", ru: "Пекин", en: "Beijing"),
        .init(kk: "Үрімші", ru: "Урумчи", en: "Urumqi"), .init(kk: "Токио", ru: "Токио", en: "Tokyo"),
        .init(kk: "Сеул", ru: "Сеул", en: "Seoul"),
        .init(kk: "Дели", ru: "Дели", en: "New Delhi"), .init(kk: "Тегеран", ru: "Тегеран", en: "Tehran"),
        .init(kk: "Абу-Даби", ru: "Абу-Даби", en: "Abu Dhabi"),
        .init(kk: "Каир", ru: "Каир", en: "Cairo"),
    ]

    /// Share of precincts of each special kind (the rest are ordinary), and their relative size.
    static let specialKinds: [(kind: String, share: Double, size: ClosedRange<Double>)] = [
        ("hospital", 0.028, 0.03...0.15), ("rest-home", 0.003, 0.03...0.10), ("remote-area", 0.015, 0.02...0.12),
        ("pre-trial-detention", 0.005, 0.03...0.15), ("ship", 0.0005, 0.01...0.03), ("military-unit", 0.010, 0.10...0.40),
    ]

    public static let parties: [Party] = [
        Party(
            id: "nur-otan",
            name: .init(
                kk: "«Нұр Отан» Халықтық-демократиялық партиясы", ru: "Народно-демократическая партия «Нур Отан»",
                en: "Nur Otan People's Democratic Party")),
        Party(
            id: "patriots",
            name: .init(kk: "Қазақстан патриоттары партиясы", ru: "Партия патриотов Казахстана", en: "Party of Patriots of Kazakhstan")),
        Party(
            id: "cppk",
            name: .init(
                kk: "Қазақстан коммунистік халық партиясы", ru: "Коммунистическая народная партия Казахстана",
                en: "Communist People's Party of Kazakhstan")),
    ]

    /// The four registered candidates, in ballot order (Kazakh alphabetical order).
    public static let candidates: [Candidate] = [
        Candidate(
            id: "akhmetbekov", electionID: electionID,
            name: .init(kk: "Жамбыл Ахметбеков", ru: "Жамбыл Ахметбеков", en: "Zhambyl Akhmetbekov"), partyID: "cppk", ballotOrder: 1),
        Candidate(
            id: "yeleusizov", electionID: electionID, name: .init(kk: "Мэлс Елеусізов", ru: "Мэлс Елеусизов", en: "Mels Yeleusizov"),
            partyID: nil, ballotOrder: 2),
        Candidate(
            id: "kasymov", electionID: electionID, name: .init(kk: "Ғани Қасымов", ru: "Гани Касымов", en: "Gani Kasymov"),
            partyID: "patriots", ballotOrder: 3),
        Candidate(
            id: "nazarbayev", electionID: electionID,
            name: .init(kk: "Нұрсұлтан Назарбаев", ru: "Нурсултан Назарбаев", en: "Nursultan Nazarbayev"), partyID: "nur-otan",
            ballotOrder: 4),
    ]

    public static let election = Election(
        id: electionID,
        name: .init(
            kk: "Қазақстан Республикасы Президентінің кезектен тыс сайлауы, 2011 жылғы 3 сәуір",
            ru: "Внеочередные выборы Президента Республики Казахстан, 3 апреля 2011 года",
            en: "Early presidential election, Kazakhstan, 3 April 2011"),
        profileID: "kz-2011", electionDay: "2011-04-03")

    public func generate() -> ElectionStructure {
        var rng = SeededGenerator(seed: seed)
        let cec = Commission(
            id: "cec", level: "cec", parentID: nil,
            name: .init(
                kk: "Қазақстан Республикасының Орталық сайлау комиссиясы", ru: "Центральная избирательная комиссия Республики Казахстан",
                en: "Central Election Commission of the Republic of Kazakhstan"))
        var commissions = [cec]
        var precincts: [Precinct] = []

        let regions: [Region]
        let domesticPrecincts: Int
        let domesticVoters: Int
        let abroadCount: Int
        let abroadVoters: Int
        switch scale {
        case .kz2011:
            regions = Self.regions
            abroadCount = Self.abroadPrecincts
            abroadVoters = Self.abroadVoters
            domesticPrecincts = Self.nationalPrecincts - abroadCount
            domesticVoters = Self.nationalRegisteredVoters - abroadVoters
        case .small:
            let byCode = Dictionary(uniqueKeysWithValues: Self.regions.map { ($0.code, $0) })
            let akmola = byCode["akm"]!
            regions = [
                byCode["ast"]!,
                Region(
                    code: akmola.code, name: akmola.name, centre: akmola.centre, precincts: 120, voters: 100, cityDistricts: [],
                    ruralDistricts: 3),
                byCode["mng"]!,
            ]
            abroadCount = 3
            abroadVoters = 1_200
            domesticPrecincts = 297
            domesticVoters = 360_000
        }
        let precinctsPerRegion = apportion(domesticPrecincts, weights: regions.map { Double($0.precincts) })
        let votersPerRegion = apportion(domesticVoters, weights: regions.map { Double($0.voters) })
        var esil: String?

        for (r, region) in regions.enumerated() {
            let regionID = "tec-\(region.code)"
            commissions.append(
                Commission(
                    id: regionID, level: "regional", parentID: cec.id,
                    name: .init(
                        kk: "\(region.name.kk) аумақтық сайлау комиссиясы",
                        ru: "Территориальная избирательная комиссия: \(region.name.ru)",
                        en: "\(region.name.en) territorial election commission")))
            // Districts: named city districts, or a regional-centre city TEC plus rural districts.
            var districts: [(id: String, name: LocalizedText, settlements: [LocalizedText], weight: Double)] = []
            if !region.cityDistricts.isEmpty {
                for (d, name) in region.cityDistricts.enumerated() {
                    districts.append(("tec-\(region.code)-\(d + 1)", name, [region.centre], 0.7 + rng.unit() * 0.6))
                }
            } else {
                districts.append(
                    (
                        "tec-\(region.code)-1",
                        .init(kk: "\(region.centre.kk) қаласы", ru: "г. \(region.centre.ru)", en: "\(region.centre.en) city"),
                        [region.centre], 1.5 + rng.unit()
                    ))
                for d in 1...region.ruralDistricts {
                    let village = Self.villages[(r * 7 + d * 3) % Self.villages.count]
                    let others = (0..<4).map { Self.villages[(r * 5 + d * 11 + $0 * 3 + 1) % Self.villages.count] }
                    districts.append(
                        (
                            "tec-\(region.code)-\(d + 1)",
                            .init(kk: "\(village.kk) ауданы", ru: "\(village.ru)ский район", en: "\(village.en) district"),
                            [village] + others, 0.6 + rng.unit() * 0.8
                        ))
                }
            }
            let precinctsPerDistrict = apportion(precinctsPerRegion[r], weights: districts.map(\.weight))
            var regionPrecincts: [(district: String, settlement: LocalizedText, kind: String, weight: Double)] = []
            for (d, district) in districts.enumerated() {
                commissions.append(
                    Commission(
                        id: district.id, level: "district", parentID: regionID,
                        name: .init(
                            kk: "\(district.name.kk) аумақтық сайлау комиссиясы",
                            ru: "Территориальная избирательная комиссия: \(district.name.ru)",
                            en: "\(district.name.en) territorial election commission")))
                if region.code == "ast", district.name.en == "Esil district" { esil = district.id }
                for p in 0..<precinctsPerDistrict[d] {
                    var kind = PrecinctKind.ordinaryID
                    var weight = 0.35 + rng.unit() * 1.3
                    var draw = rng.unit()
                    for special in Self.specialKinds {
                        if draw < special.share {
                            kind = special.kind
                            weight = special.size.lowerBound + rng.unit() * (special.size.upperBound - special.size.lowerBound)
                            break
                        }
                        draw -= special.share
                    }
                    regionPrecincts.append((district.id, district.settlements[p % district.settlements.count], kind, weight))
                }
            }
            let voters = apportion(votersPerRegion[r], weights: regionPrecincts.map(\.weight))
            for (i, p) in regionPrecincts.enumerated() {
                let number = i + 1
                let id = "pec-\(region.code)-\(number)"
                commissions.append(Commission(id: id, level: "precinct", parentID: p.district, name: Self.pecName(number)))
                precincts.append(
                    Precinct(
                        id: id, number: number, kind: p.kind, settlement: p.settlement, address: Self.address(kind: p.kind, number: number),
                        registeredVoters: voters[i], tabulatingCommissionID: p.district))
            }
        }

        // Stations abroad: formed at missions, tabulated by the Esil district commission of Astana
        // (ODIHR interim report 2, footnote 6).
        let esilID = esil ?? commissions.first { $0.level == "district" }!.id
        let abroadVoterCounts = apportion(abroadVoters, weights: (0..<abroadCount).map { _ in 0.4 + rng.unit() * 1.2 })
        for a in 0..<abroadCount {
            let number = 900 + a + 1
            let id = "pec-abroad-\(number)"
            let city = Self.abroadCities[a % Self.abroadCities.count]
            commissions.append(Commission(id: id, level: "precinct", parentID: cec.id, name: Self.pecName(number)))
            precincts.append(
                Precinct(
                    id: id, number: number, kind: PrecinctKind.abroadID, settlement: city,
                    address: .init(kk: "ҚР елшілігі, \(city.kk)", ru: "Посольство РК, \(city.ru)", en: "Embassy of Kazakhstan, \(city.en)"),
                    registeredVoters: abroadVoterCounts[a], tabulatingCommissionID: esilID))
        }

        return ElectionStructure(
            election: Self.election, parties: Self.parties, candidates: Self.candidates, commissions: commissions, precincts: precincts)
    }

    static func pecName(_ number: Int) -> LocalizedText {
        .init(
            kk: "№\(number) учаскелік сайлау комиссиясы", ru: "Участковая избирательная комиссия №\(number)",
            en: "Precinct election commission No. \(number)")
    }

    static func address(kind: String, number: Int) -> LocalizedText {
        switch kind {
        case "hospital": .init(kk: "Аудандық аурухана", ru: "Районная больница", en: "District hospital")
        case "rest-home": .init(kk: "Шипажай", ru: "Санаторий", en: "Sanatorium")
        case "remote-area": .init(kk: "Алыс жайылым", ru: "Отгонное пастбище", en: "Distant pasture")
        case "pre-trial-detention": .init(kk: "Тергеу изоляторы", ru: "Следственный изолятор", en: "Pre-trial detention centre")
        case "ship": .init(kk: "Кеме", ru: "Судно", en: "Ship")
        case "military-unit": .init(kk: "Әскери бөлім", ru: "Воинская часть", en: "Military unit")
        default:
            .init(
                kk: "№\(number % 90 + 1) мектеп-гимназия", ru: "Школа-гимназия №\(number % 90 + 1)",
                en: "School-gymnasium No. \(number % 90 + 1)")
        }
    }
}
