import Foundation
import HattamaCore
import HattamaInterchange
import HattamaTestSupport
import Testing

/// A six-station file in the izbirkom layout: two regions, three territorial commissions, one
/// TIK name with a comma (quoted), and the 2012 file's real column names.
enum IzbirkomFixture {
    static let lineColumns = [
        "Число избирателей, включенных в список избирателей",
        "Число избирательных бюллетеней, полученных участковой избирательной комиссией",
        "Число избирательных бюллетеней, выданных избирателям, проголосовавшим досрочно",
        "Число избирательных бюллетеней, выданных в помещении для голосования в день голосования",
        "Число избирательных бюллетеней, выданных вне помещения для голосования в день голосования",
        "Число погашенных избирательных бюллетеней",
        "Число избирательных бюллетеней в переносных ящиках для голосования",
        "Число бюллетеней в стационарных ящиках для голосования",
        "Число недействительных избирательных бюллетеней",
        "Число действительных избирательных бюллетеней",
        "Число полученных открепительных  удостоверений",  // double space, as in the 2012 file
        "Число открепительных удостоверений, выданных избирателям на избирательном участке",
        "Число избирателей, проголосовавших по открепительным удостоверениям",
        "Число неиспользованных открепительных удостоверений",
        "Число открепительных удостоверений, выданных избирателям ТИК",
        "Число утраченных открепительных удостоверений",
        "Число утраченных избирательных бюллетеней",
        "Число избирательных бюллетеней, не учтенных при получении",
    ]
    static let candidateColumns = [
        "Жириновский Владимир Вольфович", "Зюганов Геннадий Андреевич", "Миронов Сергей Михайлович",
        "Прохоров Михаил Дмитриевич", "Путин Владимир Владимирович",
    ]
    static let candidateIDs = [
        "zhirinovskiy-vladimir-volfovich", "zyuganov-gennadiy-andreevich", "mironov-sergey-mikhaylovich",
        "prokhorov-mikhail-dmitrievich", "putin-vladimir-vladimirovich",
    ]
    static let regionA = "Республика Адыгея (Адыгея)"
    static let regionB = "Республика Башкортостан"

    static func quoted(_ field: String) -> String {
        field.contains(",") || field.contains("\"") || field.contains("\n")
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    static var header: String {
        (["region", "tik", "uik"] + lineColumns + candidateColumns + ["url"]).map(quoted).joined(separator: ",")
    }

    /// (region, tik, uik, 18 line figures, 5 candidate figures)
    static let rows: [(String, String, String, [Int], [Int])] = [
        // All controls hold (the first two rows of the real file).
        (
            regionA, "1 Адыгейская", "1", [2383, 2147, 0, 1513, 77, 557, 77, 1513, 19, 1571, 24, 13, 8, 11, 1, 0, 0, 0],
            [24, 382, 28, 71, 1066]
        ),
        (
            regionA, "1 Адыгейская", "2", [2865, 2586, 0, 1764, 98, 724, 98, 1762, 29, 1831, 27, 27, 1, 0, 1, 0, 0, 0],
            [51, 453, 49, 104, 1174]
        ),
        // RU-W2 fails (60 ballots in mobile boxes, 50 issued outside): accepted with a warning.
        (regionA, "2 Гиагинская", "3", [1000, 900, 0, 600, 50, 250, 60, 580, 10, 630, 10, 5, 5, 5, 0, 0, 0, 0], [30, 100, 20, 80, 400]),
        (
            regionB, "53 Уфа, Демская", "10", [1500, 1400, 10, 900, 40, 450, 40, 910, 20, 930, 20, 10, 8, 10, 2, 0, 0, 0],
            [50, 200, 30, 50, 600]
        ),
        // RU-4 fails (515 valid, 465 for the candidates): quarantined.
        (regionB, "53 Уфа, Демская", "11", [800, 700, 0, 500, 20, 180, 20, 500, 5, 515, 0, 0, 0, 0, 0, 0, 0, 0], [10, 100, 5, 50, 300]),
        // Number 1 again, but in another region: a different station.
        (
            regionB, "53 Уфа, Демская", "1", [2000, 1800, 0, 1200, 100, 500, 100, 1200, 30, 1270, 5, 5, 0, 0, 0, 0, 0, 0],
            [70, 300, 50, 150, 700]
        ),
    ]

    static func row(_ r: (String, String, String, [Int], [Int])) -> String {
        ([r.0, r.1, r.2] + r.3.map(String.init) + r.4.map(String.init) + ["http://www.vybory.izbirkom.ru/region/izbirkom?action=show&vrn=1"])
            .map(quoted).joined(separator: ",")
    }

    /// The file as lines (header first), to be edited by the malformed cases.
    static var lines: [String] { [header] + rows.map(row) }

    static var csv: String { lines.joined(separator: "\n") + "\n" }

    static func profile() throws -> LawProfile { try LawProfile.bundled("ru-2012") }

    static func importer(_ profile: LawProfile) -> IzbirkomImport {
        IzbirkomImport(
            profile: profile, electionID: "ru-2012-presidential",
            electionName: LocalizedText(kk: "Ресей 2012", ru: "Выборы Президента РФ 2012", en: "Russia 2012"), electionDay: "2012-03-04")
    }

    /// Replaces field `column` (0-based) of line `line` (1-based, header = 1).
    static func editing(line: Int, column: Int, to value: String) -> String {
        var all = lines
        var fields = splitQuoted(all[line - 1])
        fields[column] = value
        all[line - 1] = fields.joined(separator: ",")
        return all.joined(separator: "\n") + "\n"
    }

    /// Splits a line of this fixture into raw (still quoted) fields.
    static func splitQuoted(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        for c in line {
            if c == "\"" { inQuotes.toggle() }
            if c == ",", !inQuotes {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}

@Suite("Izbirkom import")
struct IzbirkomImportTests {
    typealias F = IzbirkomFixture

    @Test("the fixture becomes a valid four-level structure with one protocol per station")
    func fixtureStructure() throws {
        let profile = try F.profile()
        let result = try F.importer(profile).run(csv: F.csv)
        let structure = result.structure
        try structure.validate(against: profile)

        #expect(structure.election.profileID == "ru-2012")
        #expect(structure.election.id == "ru-2012-presidential")
        #expect(structure.parties.isEmpty)
        #expect(structure.candidates.map(\.id) == F.candidateIDs)
        #expect(structure.candidates.map(\.name.ru) == F.candidateColumns)
        #expect(structure.candidates.map(\.name.kk) == F.candidateColumns)
        #expect(structure.candidates.map(\.name.en).last == "Putin Vladimir Vladimirovich")
        #expect(structure.candidates.map(\.ballotOrder) == [1, 2, 3, 4, 5])

        #expect(
            structure.commissions.map(\.id) == [
                "ru-cec", "ru-r1", "ru-r2", "ru-r1-t1", "ru-r1-t2", "ru-r2-t1",
                "ru-uik-1-1", "ru-uik-1-2", "ru-uik-1-3", "ru-uik-2-10", "ru-uik-2-11", "ru-uik-2-1",
            ])
        #expect(
            structure.commissions.map(\.level) == [
                "cec", "regional", "regional", "territorial", "territorial", "territorial",
                "precinct", "precinct", "precinct", "precinct", "precinct", "precinct",
            ])
        #expect(
            structure.commissions.map(\.parentID) == [
                nil, "ru-cec", "ru-cec", "ru-r1", "ru-r1", "ru-r2",
                "ru-r1-t1", "ru-r1-t1", "ru-r1-t2", "ru-r2-t1", "ru-r2-t1", "ru-r2-t1",
            ])
        #expect(structure.commissions[0].name == profile.topLevel.names)
        #expect(structure.commissions[1].name.ru == F.regionA)
        #expect(structure.commissions[1].name.en == "Respublika Adygeya (Adygeya)")
        #expect(structure.commissions[5].name.ru == "53 Уфа, Демская")
        #expect(structure.commissions[5].name.en == "53 Ufa, Demskaya")
        #expect(structure.commissions[6].name == LocalizedText(kk: "УСК 1", ru: "УИК 1", en: "PEC 1"))

        #expect(structure.precincts.map(\.number) == [1, 2, 3, 10, 11, 1])
        #expect(structure.precincts.map(\.registeredVoters) == [2383, 2865, 1000, 1500, 800, 2000])
        #expect(
            structure.precincts.map(\.tabulatingCommissionID) == ["ru-r1-t1", "ru-r1-t1", "ru-r1-t2", "ru-r2-t1", "ru-r2-t1", "ru-r2-t1"])
        #expect(structure.precincts.allSatisfy { $0.kind == "ordinary" })
        #expect(structure.precincts[3].settlement.ru == "53 Уфа, Демская")
        #expect(structure.precincts[3].address.ru == "Республика Башкортостан, 53 Уфа, Демская")
        #expect(Set(structure.precincts.map(\.id)) == Set(structure.commissions.filter { $0.level == "precinct" }.map(\.id)))
    }

    @Test("protocols carry every line and candidate, keyed by profile line id and candidate id")
    func fixtureProtocols() throws {
        let profile = try F.profile()
        let result = try F.importer(profile).run(csv: F.csv)
        #expect(result.protocols.count == 6)
        #expect(result.protocols.map(\.precinctID) == result.structure.precincts.map(\.id))
        for (protocolRecord, row) in zip(result.protocols, F.rows) {
            #expect(protocolRecord.electionID == "ru-2012-presidential")
            #expect(profile.protocolForm.lines.map { protocolRecord.lines[$0.id] } == row.3)
            #expect(F.candidateIDs.map { protocolRecord.candidateVotes[$0] } == row.4)
            #expect(protocolRecord.lines.count == 18 && protocolRecord.candidateVotes.count == 5)
            try protocolRecord.validate(profile: profile, candidates: result.structure.candidates)
        }
        #expect(result.protocols[0].lines["voters_on_list"] == 2383)
        #expect(result.protocols[0].lines["avc_received"] == 24)  // the double-space column
        #expect(result.protocols[5].candidateVotes["putin-vladimir-vladimirovich"] == 700)
    }

    @Test("summary: totals and control-check outcomes")
    func fixtureSummary() throws {
        let result = try F.importer(try F.profile()).run(csv: F.csv)
        let summary = result.summary
        #expect(summary.stations == 6)
        #expect(summary.regions == 2)
        #expect(summary.territorialCommissions == 3)
        #expect(summary.registeredVoters == 10_548)
        #expect(summary.lineTotals["voters_on_list"] == 10_548)
        #expect(summary.candidateTotals.map(\.candidateID) == F.candidateIDs)
        #expect(summary.candidateTotals.map(\.name) == F.candidateColumns)
        #expect(summary.candidateTotals.map(\.votes) == [235, 1535, 182, 505, 4240])
        #expect(summary.candidateTotals.map(\.countedVotes) == [225, 1435, 177, 455, 3940])
        #expect(summary.accepted == 4)
        #expect(summary.acceptedWithWarnings == 1)
        #expect(summary.quarantined == 1)
        #expect(summary.failedControlCounts == ["RU-4": 1, "RU-W2": 1])
        #expect(summary.controlFailures.map(\.ruleID) == ["RU-1", "RU-2", "RU-3", "RU-4", "RU-5", "RU-W1", "RU-W2"])
        #expect(result.assessments.map(\.outcome) == [.accepted, .accepted, .acceptedWithWarnings, .accepted, .quarantined, .accepted])
        #expect(summary.description.contains("4 accepted, 1 accepted with warnings, 1 quarantined"))
    }

    @Test("a byte-order mark, CRLF or CR line ends and a missing final newline read the same")
    func lineEndsAndBOM() throws {
        let profile = try F.profile()
        let plain = try F.importer(profile).run(csv: F.csv)
        let variants = [
            "\u{FEFF}" + F.csv,
            F.csv.replacingOccurrences(of: "\n", with: "\r\n"),
            "\u{FEFF}" + F.csv.replacingOccurrences(of: "\n", with: "\r\n"),
            F.csv.replacingOccurrences(of: "\n", with: "\r"),
            String(F.csv.dropLast()),
            F.csv + "\n\n",
        ]
        for variant in variants {
            let result = try F.importer(profile).run(csv: variant)
            #expect(result.protocols == plain.protocols)
            #expect(result.structure.commissions == plain.structure.commissions)
            #expect(result.structure.precincts == plain.structure.precincts)
            #expect(result.structure.candidates == plain.structure.candidates)
            #expect(result.summary == plain.summary)
        }
        // The BOM is not part of the first column's name.
        let bom = try F.importer(profile).run(csv: "\u{FEFF}" + F.csv)
        #expect(bom.structure.commissions[1].name.ru == F.regionA)
    }

    @Test("quoted fields may hold commas, doubled quotes and line breaks; later lines keep their physical numbers")
    func quotedFields() throws {
        let profile = try F.profile()
        // A line break inside the (ignored) url of row 1 and a doubled quote in the TIK of row 2.
        var lines = F.lines
        var fields = F.splitQuoted(lines[1])
        fields[26] = "\"http://example.org/?a=1,\nsecond line\""
        lines[1] = fields.joined(separator: ",")
        fields = F.splitQuoted(lines[2])
        fields[1] = "\"1 \"\"Адыгейская\"\"\""
        lines[2] = fields.joined(separator: ",")
        let result = try F.importer(profile).run(csv: lines.joined(separator: "\n"))
        #expect(result.summary.stations == 6)
        #expect(result.summary.territorialCommissions == 4)
        #expect(result.structure.commissions.map(\.name.ru).contains("1 \"Адыгейская\""))
        #expect(result.structure.precincts[3].settlement.ru == "53 Уфа, Демская")

        // Row 1 spans lines 2–3, so row 4 starts on line 6.
        fields = F.splitQuoted(lines[4])
        fields[2] = "x"
        lines[4] = fields.joined(separator: ",")
        let error = try #require(throws: IzbirkomImportError.self) {
            try F.importer(profile).run(csv: lines.joined(separator: "\n"))
        }
        #expect(error.problems == [.init(line: 6, column: "uik", message: "'x' is not a precinct number (a positive whole number)")])
    }

    @Test("the header is matched after collapsing whitespace, and only through the profile")
    func headerMatching() throws {
        let profile = try F.profile()
        // Single space instead of the file's double space, extra spaces around a name.
        let text = F.csv
            .replacingOccurrences(of: "открепительных  удостоверений", with: "открепительных удостоверений")
            .replacingOccurrences(of: "Число погашенных избирательных бюллетеней", with: "  Число  погашенных избирательных бюллетеней ")
        let result = try F.importer(profile).run(csv: text)
        #expect(result.protocols[0].lines["avc_received"] == 24)
        #expect(result.protocols[0].lines["ballots_cancelled"] == 557)

        // A profile naming other columns reads another file of the same shape.
        var renamed = profile
        renamed.protocolForm.lines[0].sourceColumn = "Registered voters"
        let english = F.csv.replacingOccurrences(of: "\"Число избирателей, включенных в список избирателей\"", with: "Registered voters")
        let other = try F.importer(renamed).run(csv: english)
        #expect(other.summary.registeredVoters == 10_548)
        // …and refuses the original file, whose column it no longer finds.
        #expect(throws: IzbirkomImportError.self) { try F.importer(renamed).run(csv: F.csv) }
    }

    @Test("the structure is checked against the profile before it is returned")
    func structureCheck() throws {
        let profile = try F.profile()
        let badDay = IzbirkomImport(
            profile: profile, electionID: "ru-2012-presidential", electionName: LocalizedText("Russia 2012"), electionDay: "2012-13-04")
        for check in [IzbirkomImport.StructureCheck.representative, .full] {
            var importer = badDay
            importer.structureCheck = check
            let error = try #require(throws: IzbirkomImportError.self) { try importer.run(csv: F.csv) }
            #expect(error.problems.count == 1)
            #expect(error.problems[0].line == nil)
            #expect(error.problems[0].message.contains("election day '2012-13-04' is not a date"))
        }
        var unchecked = badDay
        unchecked.structureCheck = .none
        #expect(try unchecked.run(csv: F.csv).summary.stations == 6)

        // A blank election name is refused by the (default) representative check too.
        #expect(throws: IzbirkomImportError.self) {
            try IzbirkomImport(profile: profile, electionID: "e", electionName: LocalizedText(" "), electionDay: "2012-03-04")
                .run(csv: F.csv)
        }
    }

    @Test("a profile line without sourceColumn is refused before the file is read")
    func profileWithoutSourceColumn() throws {
        var profile = try F.profile()
        profile.protocolForm.lines[3].sourceColumn = nil
        let error = try #require(throws: IzbirkomImportError.self) { try F.importer(profile).run(csv: F.csv) }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].line == nil)
        #expect(error.problems[0].message.contains("'ballots_issued_in_premises'"))
        #expect(error.problems[0].message.contains("no sourceColumn"))
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        let name: String
        let csv: @Sendable () -> String
        let line: Int?
        let column: String?
        let message: String
        var testDescription: String { name }
    }

    static let malformed: [MalformedCase] = [
        MalformedCase(
            name: "empty file", csv: { "" }, line: 1, column: nil, message: "the file is empty"),
        MalformedCase(
            name: "only a byte-order mark and blank lines", csv: { "\u{FEFF}\n\r\n" }, line: 1, column: nil, message: "the file is empty"),
        MalformedCase(
            name: "header but no rows", csv: { F.header + "\n" }, line: 1, column: nil, message: "header but no stations"),
        MalformedCase(
            name: "missing line column in header",
            csv: {
                F.csv.replacingOccurrences(
                    of: "\"Число избирателей, включенных в список избирателей\"", with: "Число избирателей в списке")
            },
            line: 1, column: "Число избирателей, включенных в список избирателей",
            message: "missing column for line 1 'voters_on_list' of profile ru-2012"),
        MalformedCase(
            name: "missing structural column in header",
            csv: { F.csv.replacingOccurrences(of: "region,tik,uik,", with: "region,tik,station,") },
            line: 1, column: "uik", message: "missing column 'uik' of the izbirkom layout"),
        MalformedCase(
            name: "column twice in header",
            csv: { F.csv.replacingOccurrences(of: ",url\n", with: ",uik\n") },
            line: 1, column: "uik", message: "column 'uik' appears twice (columns 3 and 27)"),
        MalformedCase(
            name: "extra field on a row", csv: { F.lines.enumerated().map { $0 == 3 ? $1 + ",5" : $1 }.joined(separator: "\n") },
            line: 4, column: nil, message: "expected 27 fields as in the header, found 28"),
        MalformedCase(
            name: "missing field on a row",
            csv: { F.lines.enumerated().map { $0 == 2 ? String($1[..<$1.lastIndex(of: ",")!]) : $1 }.joined(separator: "\n") },
            line: 3, column: nil, message: "expected 27 fields as in the header, found 26"),
        MalformedCase(
            name: "non-numeric figure", csv: { F.editing(line: 5, column: 12, to: "12a") },
            line: 5, column: "Число действительных избирательных бюллетеней", message: "'12a' is not a whole number"),
        MalformedCase(
            name: "decimal figure", csv: { F.editing(line: 2, column: 3, to: "2383.0") },
            line: 2, column: "Число избирателей, включенных в список избирателей", message: "'2383.0' is not a whole number"),
        MalformedCase(
            name: "empty figure", csv: { F.editing(line: 6, column: 20, to: "") },
            line: 6, column: "Число избирательных бюллетеней, не учтенных при получении", message: "is empty; expected a whole number"),
        MalformedCase(
            name: "negative figure", csv: { F.editing(line: 3, column: 25, to: "-5") },
            line: 3, column: "Путин Владимир Владимирович", message: "-5 is negative"),
        MalformedCase(
            name: "figure above the profile's maximum", csv: { F.editing(line: 2, column: 3, to: "150000") },
            line: 2, column: "Число избирателей, включенных в список избирателей",
            message: "150000 is above 100000, the largest figure a line may hold under profile ru-2012"),
        MalformedCase(
            name: "duplicate station in a region", csv: { F.editing(line: 3, column: 2, to: "1") },
            line: 3, column: "uik", message: "station 1 of region 'Республика Адыгея (Адыгея)' appears twice (first on line 2)"),
        MalformedCase(
            name: "precinct number not a number", csv: { F.editing(line: 4, column: 2, to: "3a") },
            line: 4, column: "uik", message: "'3a' is not a precinct number"),
        MalformedCase(
            name: "precinct number zero", csv: { F.editing(line: 4, column: 2, to: "0") },
            line: 4, column: "uik", message: "'0' is not a precinct number"),
        MalformedCase(
            name: "empty region", csv: { F.editing(line: 7, column: 0, to: "") },
            line: 7, column: "region", message: "is empty; every station needs its region"),
        MalformedCase(
            name: "blank TIK", csv: { F.editing(line: 7, column: 1, to: "\"  \"") },
            line: 7, column: "tik", message: "is empty; every station needs its tik"),
        MalformedCase(
            name: "empty uik", csv: { F.editing(line: 7, column: 2, to: "") },
            line: 7, column: "uik", message: "is empty; every station needs its precinct number"),
        MalformedCase(
            name: "line break inside a region name", csv: { F.editing(line: 2, column: 0, to: "\"Республика\nАдыгея\"") },
            line: 2, column: "region", message: "contains control characters"),
        MalformedCase(
            name: "unterminated quote",
            csv: { F.csv.replacingOccurrences(of: "\"53 Уфа, Демская\",1,", with: "\"53 Уфа, Демская,1,") },
            line: 7, column: "tik", message: "never closed"),
        MalformedCase(
            name: "quote inside an unquoted field", csv: { F.editing(line: 3, column: 1, to: "1 Ады\"гейская") },
            line: 3, column: "tik", message: "a quote inside an unquoted field"),
        MalformedCase(
            name: "text after a closing quote", csv: { F.editing(line: 3, column: 1, to: "\"1 Адыгейская\"x") },
            line: 3, column: "tik", message: "unexpected text after the closing quote"),
    ]

    @Test("malformed files are refused naming line, column and problem", arguments: malformed)
    func malformedFile(_ c: MalformedCase) throws {
        let error = try #require(throws: IzbirkomImportError.self) { try F.importer(try F.profile()).run(csv: c.csv()) }
        let first = try #require(error.problems.first)
        #expect(first.line == c.line, "\(error)")
        #expect(first.column == c.column, "\(error)")
        #expect(first.message.contains(c.message), "\(error)")
        #expect(error.description.contains(c.message))
    }

    @Test("invalid UTF-8 in a name is refused")
    func invalidUTF8() throws {
        var data = Data(F.lines[0].utf8 + [0x0A])
        data.append(contentsOf: Array("Республика".utf8) + [0xFF, 0xFE])
        data.append(contentsOf: Array(F.lines[1].utf8.drop(while: { $0 != UInt8(ascii: ",") })) + [0x0A])
        let error = try #require(throws: IzbirkomImportError.self) { try F.importer(try F.profile()).run(csv: data) }
        #expect(error.problems == [.init(line: 2, column: "region", message: "is not valid UTF-8")])
    }

    @Test("every problem of the file is reported together, up to the limit")
    func manyProblems() throws {
        let profile = try F.profile()
        var lines = F.lines
        for i in [2, 4] {
            var fields = F.splitQuoted(lines[i])
            fields[5] = "x"
            fields[6] = "-1"
            lines[i] = fields.joined(separator: ",")
        }
        let error = try #require(throws: IzbirkomImportError.self) {
            try F.importer(profile).run(csv: lines.joined(separator: "\n"))
        }
        #expect(error.problems.map(\.line) == [3, 3, 5, 5])
        #expect(error.unlisted == 0)

        // 30 broken rows with a limit of 20: 20 listed, 10 counted.
        var many = [F.header]
        for uik in 1...30 {
            many.append(F.row((F.regionA, "1 Адыгейская", "\(uik)", [Int](repeating: 0, count: 18), [0, 0, 0, 0, 0])) + ",extra")
        }
        var importer = F.importer(profile)
        importer.maximumErrors = 20
        let limited = try #require(throws: IzbirkomImportError.self) { try importer.run(csv: many.joined(separator: "\n")) }
        #expect(limited.problems.count == 20)
        #expect(limited.unlisted == 10)
        #expect(limited.problems.map(\.line) == Array(2...21))
        #expect(limited.description.hasSuffix("… and 10 more problems"))
    }

    @Test("progress is reported every interval and once at the end")
    func progress() throws {
        var importer = F.importer(try F.profile())
        importer.progressInterval = 2
        var calls: [(Int, Int)] = []
        _ = try importer.run(csv: F.csv) { calls.append(($0, $1)) }
        #expect(calls.map(\.0) == [2, 4, 6, 6])
        #expect(calls.last?.1 == F.csv.utf8.count)
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.1 <= $1.1 })
    }

    // MARK: Real data

    /// `<repo>/../shared/external-election-data/russia-uik/2012.csv.zip`.
    static let realDataZip = SharedData.standard.russia2012

    static func unzip(_ zip: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", zip.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "unzip -p \(zip.path) failed")
        return data
    }

    @Test(
        "the 2012 presidential election: 95,415 stations, 109,860,331 voters, totals equal the columns",
        .enabled(if: SharedData.standard.has(\.russia2012), Comment(rawValue: SharedData.standard.skipReason(\.russia2012))))
    func realData2012() throws {
        let archive = Self.realDataZip
        let data = try Self.unzip(archive)
        let profile = try F.profile()
        let importer = IzbirkomImport(
            profile: profile, electionID: "ru-2012-presidential",
            electionName: LocalizedText(kk: profile.name.kk, ru: profile.name.ru, en: profile.name.en), electionDay: "2012-03-04")

        let clock = ContinuousClock()
        var progressCalls = 0
        var result: IzbirkomImportResult?
        let elapsed = try clock.measure {
            result = try importer.run(csv: data) { _, _ in progressCalls += 1 }
        }
        let imported = try #require(result)
        let summary = imported.summary
        print("izbirkom 2012: \(data.count) bytes imported in \(elapsed) (representative structure check)")
        print("izbirkom 2012: \(summary)")
        let validation = try clock.measure { try imported.structure.validate(against: profile) }
        print("izbirkom 2012: full ElectionStructure.validate took \(validation)")

        #expect(summary.stations == 95_415)
        #expect(imported.protocols.count == 95_415)
        #expect(imported.structure.precincts.count == 95_415)
        #expect(summary.registeredVoters == 109_860_331)
        #expect(imported.structure.precincts.reduce(0) { $0 + $1.registeredVoters } == 109_860_331)
        #expect(imported.structure.candidates.count == 5)
        #expect(summary.accepted + summary.acceptedWithWarnings + summary.quarantined == 95_415)
        #expect(progressCalls > 1)
        let putin = try #require(summary.candidateTotals.first { $0.name.hasPrefix("Путин") })
        #expect((45_000_000...46_000_000).contains(putin.votes))

        // Independent column sums: the url has no comma and the 23 figures precede it, so the
        // last 24 comma-separated pieces of a row are the figures and the url, whatever quoted
        // commas the names hold.
        let text = try #require(String(data: data, encoding: .utf8))
        var rows = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = rows.removeFirst().split(separator: ",", omittingEmptySubsequences: false)
        let candidateNames = header.suffix(6).dropLast().map(String.init)
        var sums = [Int](repeating: 0, count: 23)
        for row in rows {
            let pieces = row.split(separator: ",", omittingEmptySubsequences: false)
            for (k, piece) in pieces.suffix(24).dropLast().enumerated() { sums[k] += Int(piece)! }
        }
        #expect(rows.count == 95_415)
        #expect(sums[0] == 109_860_331)
        #expect(summary.candidateTotals.map(\.name) == candidateNames)
        #expect(summary.candidateTotals.map(\.votes) == Array(sums.suffix(5)))
        let lineSums = Dictionary(uniqueKeysWithValues: zip(profile.protocolForm.lines.map(\.id), sums.prefix(18)))
        #expect(summary.lineTotals == lineSums)
        print("izbirkom 2012: column sums \(sums)")
    }
}
