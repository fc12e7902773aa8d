import Foundation
import HattamaCore

// MARK: - The izbirkom layout

/// The layout of per-polling-station result tables published from the Russian CEC's site
/// (vybory.izbirkom.ru) as scraped by Shpilkin and Kobak: one CSV row per precinct commission,
///
///     region,tik,uik,<one column per protocol line>,<one column per candidate>,url
///
/// Only the three structural columns and the ignored `url` column are named here. Which column
/// holds which protocol line comes from the law profile (`ProtocolLine.sourceColumn`, compared
/// after collapsing runs of whitespace), and every other column is a candidate named by its
/// header. Another election of the same shape is read by changing only the profile.
///
/// The four commission levels of the profile are filled as: the first level is one central
/// commission for the whole file, the second has one commission per `region`, the third one per
/// (`region`, `tik`), and the last one per row (`uik`, the precinct number).
public enum IzbirkomLayout {
    /// Name of the federal subject; its commission is at the profile's second level.
    public static let regionColumn = "region"
    /// Name of the territorial commission (TIK) within the region; third level.
    public static let territorialColumn = "tik"
    /// Number of the precinct commission (UIK), unique within its region; last level.
    public static let precinctColumn = "uik"
    /// Columns read past and discarded (the source page of each row).
    public static let ignoredColumns: Set<String> = ["url"]
    /// Commission levels the layout fills: central, region, territorial, precinct.
    public static let commissionLevelCount = 4
}

// MARK: - Public API

/// Reads an izbirkom-layout CSV (already unzipped) into an election structure and one results
/// protocol per polling station, all or nothing: a file with any malformed row is refused as a
/// whole, with up to `maximumErrors` problems each naming its line, column and rule.
///
/// The CSV is RFC 4180 (fields may be quoted, with `""` for a quote and commas or line breaks
/// inside quotes), UTF-8 with an optional byte-order mark, with LF, CRLF or CR line ends. Blank
/// lines are skipped. Line numbers are physical lines, the header being line 1; a problem in a
/// row names the line the row starts on.
public struct IzbirkomImport: Sendable {
    public let profile: LawProfile
    public let election: Election
    /// Problems listed before the import stops listing (it still counts them).
    public var maximumErrors: Int = 20
    /// Rows between two calls of the progress callback.
    public var progressInterval: Int = 5_000
    /// How much of the result `ElectionStructure.validate(against:)` checks before it is returned.
    public var structureCheck: StructureCheck = .representative

    public enum StructureCheck: Sendable {
        /// None: the caller validates (the store does before writing).
        case none
        /// The election, the candidates, every commission above the precincts and the first
        /// station of each territorial commission. What differs between the stations of one
        /// territorial commission (id, number, registered voters) the import guarantees itself, so
        /// this refuses what the full check would, at a fraction of its cost (over a second for
        /// 95,000 stations).
        case representative
        /// The whole structure.
        case full
    }

    public init(profile: LawProfile, electionID: String, electionName: LocalizedText, electionDay: String) {
        self.profile = profile
        self.election = Election(id: electionID, name: electionName, profileID: profile.id, electionDay: electionDay)
    }

    /// Imports CSV bytes. `progress` is called every `progressInterval` rows and once at the end
    /// with the rows read so far and the bytes consumed so far.
    public func run(
        csv data: Data, progress: ((_ rowsDone: Int, _ bytesConsumed: Int) -> Void)? = nil
    ) throws(IzbirkomImportError) -> IzbirkomImportResult {
        let outcome = data.withUnsafeBytes { raw -> Result<IzbirkomImportResult, IzbirkomImportError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            return Result { () throws(IzbirkomImportError) -> IzbirkomImportResult in
                try self.run(bytes: bytes, progress: progress)
            }
        }
        return try outcome.get()
    }

    /// Imports CSV text (e.g. a test fixture).
    public func run(
        csv text: String, progress: ((_ rowsDone: Int, _ bytesConsumed: Int) -> Void)? = nil
    ) throws(IzbirkomImportError) -> IzbirkomImportResult {
        try run(csv: Data(text.utf8), progress: progress)
    }
}

/// Why an import was refused: every problem found (up to the limit), in file order after any
/// problem of the profile itself.
public struct IzbirkomImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        /// Physical line of the CSV (header = 1); nil for a problem of the profile or the
        /// election rather than of the file.
        public let line: Int?
        /// Column header the problem is in, if it is about one column.
        public let column: String?
        public let message: String

        public init(line: Int?, column: String?, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        public var description: String {
            var place = line.map { "line \($0)" } ?? "profile"
            if let column { place += ", column '\(column)'" }
            return "\(place): \(message)"
        }
    }

    /// The problems listed, at most `IzbirkomImport.maximumErrors`.
    public let problems: [Problem]
    /// Further problems found but not listed.
    public let unlisted: Int

    public init(problems: [Problem], unlisted: Int = 0) {
        self.problems = problems
        self.unlisted = unlisted
    }

    public var description: String {
        var text = problems.map(\.description).joined(separator: "\n")
        if unlisted > 0 { text += "\n… and \(unlisted) more problem\(unlisted == 1 ? "" : "s")" }
        return text
    }
}

public struct IzbirkomImportResult: Sendable {
    public var structure: ElectionStructure
    /// One protocol per polling station, in file order (the order of `structure.precincts`).
    public var protocols: [ResultsProtocol]
    /// The control-check assessment of each protocol, in the same order.
    public var assessments: [ProtocolAssessment]
    public var summary: IzbirkomImportSummary
}

/// What was imported, for a report: sizes, totals and the control-check outcomes.
public struct IzbirkomImportSummary: Equatable, Sendable, CustomStringConvertible {
    public struct CandidateTotal: Equatable, Sendable {
        public var candidateID: String
        /// The candidate's name as in the file's header.
        public var name: String
        /// Votes over every station of the file.
        public var votes: Int
        /// Votes over the stations whose protocol counts (not quarantined).
        public var countedVotes: Int
    }

    public struct ControlFailures: Equatable, Sendable {
        public var ruleID: String
        public var severity: LawProfile.ControlRule.Severity
        /// Stations whose protocol fails this control.
        public var stations: Int
    }

    public var stations: Int
    public var regions: Int
    public var territorialCommissions: Int
    public var registeredVoters: Int
    /// Line id → sum over every station, for each line of the profile's form.
    public var lineTotals: [String: Int]
    /// In ballot (column) order.
    public var candidateTotals: [CandidateTotal]
    public var accepted: Int
    public var acceptedWithWarnings: Int
    public var quarantined: Int
    /// Every control of the profile, in the profile's order, with the stations failing it.
    public var controlFailures: [ControlFailures]

    /// Control id → stations failing it, for the controls that failed somewhere.
    public var failedControlCounts: [String: Int] {
        Dictionary(uniqueKeysWithValues: controlFailures.filter { $0.stations > 0 }.map { ($0.ruleID, $0.stations) })
    }

    public var description: String {
        var text = """
            \(stations) stations in \(regions) regions and \(territorialCommissions) territorial commissions, \
            \(registeredVoters) registered voters
            outcomes: \(accepted) accepted, \(acceptedWithWarnings) accepted with warnings, \(quarantined) quarantined
            """
        for failure in controlFailures {
            text += "\n  \(failure.ruleID) (\(failure.severity.rawValue)): \(failure.stations) stations fail"
        }
        for total in candidateTotals {
            text += "\n  \(total.candidateID) \(total.name): \(total.votes) votes (\(total.countedVotes) counted)"
        }
        return text
    }
}

// MARK: - Import

extension IzbirkomImport {
    /// Where a column's values go.
    enum Role {
        case region, territorial, precinct, ignored
        case line(Int)
        case candidate(Int)
    }

    /// Collects problems up to the limit and counts the rest.
    struct Problems {
        let limit: Int
        var listed: [IzbirkomImportError.Problem] = []
        var unlisted = 0

        mutating func add(_ line: Int?, _ column: String?, _ message: String) {
            if listed.count < limit {
                listed.append(.init(line: line, column: column, message: message))
            } else {
                unlisted += 1
            }
        }

        var isEmpty: Bool { listed.isEmpty && unlisted == 0 }
        var error: IzbirkomImportError { IzbirkomImportError(problems: listed, unlisted: unlisted) }
    }

    struct Header {
        var names: [String]
        var roles: [Role]
        var regionColumn = -1
        var territorialColumn = -1
        var precinctColumn = -1
        /// Column of each form line, in form order.
        var lineColumns: [Int]
        var candidateColumns: [Int] = []
    }

    /// Collapses runs of whitespace to one space and trims, so that a header with a double space
    /// (as the 2012 file has in line 11) matches the profile's text.
    static func normalizedHeader(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    func checkProfile(_ problems: inout Problems) -> CompiledProfile? {
        let compiled: CompiledProfile
        do {
            compiled = try CompiledProfile(profile)
        } catch {
            problems.add(nil, nil, "profile \(profile.id) does not compile: \(error.message)")
            return nil
        }
        if profile.commissionLevels.count != IzbirkomLayout.commissionLevelCount {
            problems.add(
                nil, nil,
                "the izbirkom layout fills \(IzbirkomLayout.commissionLevelCount) commission levels (central, region, "
                    + "territorial, precinct) but profile \(profile.id) has \(profile.commissionLevels.count)")
        }
        var seen: [String: String] = [:]
        for line in profile.protocolForm.lines {
            guard let source = line.sourceColumn, !Self.normalizedHeader(source).isEmpty else {
                problems.add(nil, nil, "line \(line.number) '\(line.id)' of profile \(profile.id) has no sourceColumn to find it by")
                continue
            }
            let key = Self.normalizedHeader(source)
            if let other = seen[key] {
                problems.add(nil, source, "lines '\(other)' and '\(line.id)' of profile \(profile.id) have the same sourceColumn")
            }
            seen[key] = line.id
            if Self.structuralOrIgnored(key) {
                problems.add(nil, source, "line '\(line.id)' of profile \(profile.id) names a column the izbirkom layout reserves")
            }
        }
        return problems.isEmpty ? compiled : nil
    }

    static func structuralOrIgnored(_ name: String) -> Bool {
        name == IzbirkomLayout.regionColumn || name == IzbirkomLayout.territorialColumn || name == IzbirkomLayout.precinctColumn
            || IzbirkomLayout.ignoredColumns.contains(name)
    }

    func readHeader(_ names: [String], line: Int, _ problems: inout Problems) -> Header? {
        let form = profile.protocolForm.lines
        var header = Header(names: names, roles: [], lineColumns: Array(repeating: -1, count: form.count))
        var lineOfSource: [String: Int] = [:]
        for (i, line) in form.enumerated() {
            if let source = line.sourceColumn { lineOfSource[Self.normalizedHeader(source)] = i }
        }
        var columnOf: [String: Int] = [:]
        for (c, name) in names.enumerated() {
            let key = Self.normalizedHeader(name)
            if key.isEmpty {
                problems.add(line, "#\(c + 1)", "column \(c + 1) has no name")
                header.roles.append(.ignored)
                continue
            }
            if let first = columnOf[key] {
                problems.add(line, name, "column '\(name)' appears twice (columns \(first + 1) and \(c + 1))")
                header.roles.append(.ignored)
                continue
            }
            columnOf[key] = c
            switch key {
            case IzbirkomLayout.regionColumn:
                header.regionColumn = c
                header.roles.append(.region)
            case IzbirkomLayout.territorialColumn:
                header.territorialColumn = c
                header.roles.append(.territorial)
            case IzbirkomLayout.precinctColumn:
                header.precinctColumn = c
                header.roles.append(.precinct)
            case _ where IzbirkomLayout.ignoredColumns.contains(key):
                header.roles.append(.ignored)
            default:
                if let i = lineOfSource[key] {
                    header.lineColumns[i] = c
                    header.roles.append(.line(i))
                } else {
                    header.roles.append(.candidate(header.candidateColumns.count))
                    header.candidateColumns.append(c)
                }
            }
        }
        for (column, name) in [
            (header.regionColumn, IzbirkomLayout.regionColumn), (header.territorialColumn, IzbirkomLayout.territorialColumn),
            (header.precinctColumn, IzbirkomLayout.precinctColumn),
        ] where column < 0 {
            problems.add(line, name, "missing column '\(name)' of the izbirkom layout")
        }
        for (i, column) in header.lineColumns.enumerated() where column < 0 {
            let formLine = form[i]
            problems.add(
                line, formLine.sourceColumn,
                "missing column for line \(formLine.number) '\(formLine.id)' of profile \(profile.id)")
        }
        if header.candidateColumns.isEmpty {
            problems.add(
                line, nil,
                "no candidate columns: every column other than \(IzbirkomLayout.regionColumn), "
                    + "\(IzbirkomLayout.territorialColumn), \(IzbirkomLayout.precinctColumn), "
                    + "\(IzbirkomLayout.ignoredColumns.sorted().joined(separator: ", ")) and the profile's "
                    + "\(form.count) line columns is a candidate, and there is none")
        }
        return problems.isEmpty ? header : nil
    }

    struct Region {
        let name: String
        let id: String
        let texts: LocalizedText
    }

    struct Territorial {
        let id: String
        let texts: LocalizedText
        let address: LocalizedText
        let parentID: String
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    func run(
        bytes: UnsafeBufferPointer<UInt8>, progress: ((Int, Int) -> Void)?
    ) throws(IzbirkomImportError) -> IzbirkomImportResult {
        var problems = Problems(limit: max(maximumErrors, 1))
        guard let compiled = checkProfile(&problems) else { throw problems.error }
        let form = profile.protocolForm
        let maximum = form.maximumLineValue
        let levels = profile.commissionLevels

        var scanner = IzbirkomCSVScanner(bytes)
        var record = IzbirkomCSVScanner.Record()

        // Header: the first non-blank record.
        headerScan: while true {
            switch scanner.next(into: &record) {
            case .end:
                problems.add(1, nil, "the file is empty; expected a header row naming the columns")
                throw problems.error
            case .unterminatedQuote(let line, _):
                problems.add(line, nil, "a quoted header field is never closed")
                throw problems.error
            case .record:
                if !record.isBlank { break headerScan }
            }
        }
        let headerLine = record.line
        var names: [String] = []
        for (c, field) in record.fields.enumerated() {
            guard let text = scanner.string(field) else {
                problems.add(headerLine, "#\(c + 1)", "column \(c + 1) of the header is not valid UTF-8")
                names.append("")
                continue
            }
            names.append(text.trimmingCharacters(in: .whitespaces))
        }
        if let malformed = record.problem {
            problems.add(headerLine, names[malformed.field], malformed.message)
        }
        guard problems.isEmpty, let header = readHeader(names, line: headerLine, &problems) else { throw problems.error }

        // Candidates, in column order (the header has no name twice).
        let candidateNames = header.candidateColumns.map { header.names[$0] }
        let candidateIDs = IzbirkomNames.candidateIDs(for: candidateNames)
        let candidates = candidateNames.enumerated().map { k, name in
            Candidate(
                id: candidateIDs[k], electionID: election.id,
                name: LocalizedText(kk: name, ru: name, en: IzbirkomNames.transliterated(name)), partyID: nil,
                ballotOrder: k + 1)
        }

        // Templates whose values are indices; `mapValues` keeps their hash layout, so each
        // protocol's dictionaries are built without hashing a key.
        let lineTemplate = Dictionary(uniqueKeysWithValues: form.lines.enumerated().map { ($1.id, $0) })
        let candidateTemplate = Dictionary(uniqueKeysWithValues: candidateIDs.enumerated().map { ($1, $0) })

        let country = String(IzbirkomNames.slug(profile.country).prefix(8))
        let prefix = country.isEmpty ? "x" : country
        let centralID = "\(prefix)-\(levels[0].id)"
        var regionIndex: [String: Int] = [:]
        var regions: [Region] = []
        var territorialIndex: [String: Int] = [:]  // "<region index>\n<tik name>"
        var territorials: [Territorial] = []
        var territorialCount: [Int] = []  // per region, for the TIK's index within it
        var firstStationOfTerritorial: [Int] = []  // index in `precincts`
        var stationLine: [Int: Int] = [:]  // region index << 32 | uik → line
        stationLine.reserveCapacity(1 << 17)

        var precincts: [Precinct] = []
        var precinctCommissions: [Commission] = []
        var protocols: [ResultsProtocol] = []
        var assessments: [ProtocolAssessment] = []
        var lineTotals = [Int](repeating: 0, count: form.lines.count)
        var candidateTotals = [Int](repeating: 0, count: candidates.count)
        var countedTotals = [Int](repeating: 0, count: candidates.count)
        var controlFailures = [Int](repeating: 0, count: profile.controls.count)
        let controlPosition = Dictionary(uniqueKeysWithValues: profile.controls.enumerated().map { ($1.id, $0) })
        var outcomes: [ProtocolOutcome: Int] = [:]
        var registeredTotal = 0

        var lineValues = [Int](repeating: 0, count: form.lines.count)
        var candidateValues = [Int](repeating: 0, count: candidates.count)
        let precinctAbbreviations = levels[levels.count - 1].abbreviations
        let columnCount = header.names.count
        var rows = 0
        var lastRegionField: IzbirkomCSVScanner.Field?
        var lastRegion = -1
        var lastTerritorialField: IzbirkomCSVScanner.Field?
        var lastTerritorial = -1

        rowLoop: while true {
            switch scanner.next(into: &record) {
            case .end:
                break rowLoop
            case .unterminatedQuote(let line, let field):
                let column = field < columnCount ? header.names[field] : nil
                problems.add(line, column, "a quoted field opened on this line is never closed (missing closing quote)")
                break rowLoop
            case .record:
                break
            }
            if record.isBlank { continue }
            rows += 1
            if let progress, rows % max(progressInterval, 1) == 0 { progress(rows, scanner.position) }
            let line = record.line
            if let malformed = record.problem {
                problems.add(line, malformed.field < columnCount ? header.names[malformed.field] : nil, malformed.message)
                continue
            }
            guard record.fields.count == columnCount else {
                problems.add(line, nil, "expected \(columnCount) fields as in the header, found \(record.fields.count)")
                continue
            }
            var failed = false
            func fail(_ column: Int, _ message: String) {
                problems.add(line, header.names[column], message)
                failed = true
            }
            func figure(_ column: Int) -> Int {
                switch scanner.figure(record.fields[column]) {
                case .value(let value):
                    if value > maximum {
                        fail(column, "\(value) is above \(maximum), the largest figure a line may hold under profile \(profile.id)")
                    }
                    return value
                case .empty:
                    fail(column, "is empty; expected a whole number (0 if none)")
                case .negative(let value):
                    fail(column, "\(value) is negative; every figure counts something")
                case .invalid:
                    fail(column, "'\(scanner.excerpt(record.fields[column]))' is not a whole number")
                }
                return 0
            }
            func name(_ column: Int) -> String {
                guard let text = scanner.string(record.fields[column]) else {
                    fail(column, "is not valid UTF-8")
                    return ""
                }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    fail(column, "is empty; every station needs its \(header.names[column])")
                } else if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    fail(column, "contains control characters")
                }
                return trimmed
            }

            // Rows come grouped by region and TIK: a name with the same bytes as on the previous
            // row is neither decoded nor looked up again.
            let regionField = record.fields[header.regionColumn]
            let territorialField = record.fields[header.territorialColumn]
            let regionCached = lastRegionField.map { scanner.sameBytes($0, regionField) } ?? false
            let territorialCached = regionCached && (lastTerritorialField.map { scanner.sameBytes($0, territorialField) } ?? false)
            let regionName = regionCached ? regions[lastRegion].name : name(header.regionColumn)
            let territorialName = territorialCached ? "" : name(header.territorialColumn)
            var number = 0
            switch scanner.figure(record.fields[header.precinctColumn]) {
            case .value(let value) where value > 0 && value <= Int(Int32.max):
                number = value
            case .empty:
                fail(header.precinctColumn, "is empty; every station needs its precinct number")
            default:
                fail(
                    header.precinctColumn,
                    "'\(scanner.excerpt(record.fields[header.precinctColumn]))' is not a precinct number (a positive whole number)")
            }
            for (i, column) in header.lineColumns.enumerated() { lineValues[i] = figure(column) }
            for (k, column) in header.candidateColumns.enumerated() { candidateValues[k] = figure(column) }
            if failed { continue }

            let registered = lineValues.withUnsafeBufferPointer {
                compiled.registeredVoters.evaluate(lines: $0, candidateSum: 0)
            }
            if registered < 0 || registered > maximum {
                problems.add(line, nil, "registered voters (\(form.registeredVoters)) come to \(registered), outside 0…\(maximum)")
                continue
            }

            // Region and territorial commission, created on first sight.
            let r: Int
            if regionCached {
                r = lastRegion
            } else {
                if let known = regionIndex[regionName] {
                    r = known
                } else {
                    r = regions.count
                    regionIndex[regionName] = r
                    regions.append(
                        Region(
                            name: regionName, id: "\(prefix)-r\(r + 1)",
                            texts: LocalizedText(kk: regionName, ru: regionName, en: IzbirkomNames.transliterated(regionName))))
                    territorialCount.append(0)
                }
                lastRegionField = regionField
                lastRegion = r
                lastTerritorialField = nil
            }
            let key = (UInt64(r) << 32) | UInt64(number)
            if let first = stationLine[Int(bitPattern: UInt(key))] {
                problems.add(
                    line, header.names[header.precinctColumn],
                    "station \(number) of \(header.names[header.regionColumn]) '\(regionName)' appears twice (first on line \(first))")
                continue
            }
            stationLine[Int(bitPattern: UInt(key))] = line
            let t: Int
            if territorialCached {
                t = lastTerritorial
            } else {
                let territorialKey = "\(r)\n\(territorialName)"
                if let known = territorialIndex[territorialKey] {
                    t = known
                } else {
                    t = territorials.count
                    territorialIndex[territorialKey] = t
                    firstStationOfTerritorial.append(precincts.count)
                    territorialCount[r] += 1
                    let region = regions[r]
                    let texts = LocalizedText(
                        kk: territorialName, ru: territorialName, en: IzbirkomNames.transliterated(territorialName))
                    territorials.append(
                        Territorial(
                            id: "\(region.id)-t\(territorialCount[r])", texts: texts,
                            address: LocalizedText(
                                kk: "\(region.texts.kk), \(texts.kk)", ru: "\(region.texts.ru), \(texts.ru)",
                                en: "\(region.texts.en), \(texts.en)"),
                            parentID: region.id))
                }
                lastTerritorialField = territorialField
                lastTerritorial = t
            }
            if !problems.isEmpty { continue }  // refused anyway: only keep checking

            let territorial = territorials[t]
            let id = "\(prefix)-\(IzbirkomLayout.precinctColumn)-\(r + 1)-\(number)"
            precinctCommissions.append(
                Commission(
                    id: id, level: levels[levels.count - 1].id, parentID: territorial.id,
                    name: LocalizedText(
                        kk: "\(precinctAbbreviations.kk) \(number)", ru: "\(precinctAbbreviations.ru) \(number)",
                        en: "\(precinctAbbreviations.en) \(number)")))
            precincts.append(
                Precinct(
                    id: id, number: number, kind: PrecinctKind.ordinaryID, settlement: territorial.texts, address: territorial.address,
                    registeredVoters: registered, tabulatingCommissionID: territorial.id))
            let resultsProtocol = ResultsProtocol(
                electionID: election.id, precinctID: id, lines: lineTemplate.mapValues { lineValues[$0] },
                candidateVotes: candidateTemplate.mapValues { candidateValues[$0] })
            let assessment = compiled.assess(resultsProtocol)
            protocols.append(resultsProtocol)
            assessments.append(assessment)

            registeredTotal += registered
            for i in lineValues.indices { lineTotals[i] += lineValues[i] }
            for k in candidateValues.indices { candidateTotals[k] += candidateValues[k] }
            if assessment.outcome.counts {
                for k in candidateValues.indices { countedTotals[k] += candidateValues[k] }
            }
            outcomes[assessment.outcome, default: 0] += 1
            for failure in assessment.failures {
                if let position = controlPosition[failure.ruleID] { controlFailures[position] += 1 }
            }
        }
        progress?(rows, scanner.position)

        if problems.isEmpty && rows == 0 {
            problems.add(headerLine, nil, "the file has a header but no stations")
        }
        if !problems.isEmpty { throw problems.error }

        var commissions: [Commission] = []
        commissions.reserveCapacity(1 + regions.count + territorials.count + precinctCommissions.count)
        commissions.append(Commission(id: centralID, level: levels[0].id, parentID: nil, name: levels[0].names))
        for region in regions {
            commissions.append(Commission(id: region.id, level: levels[1].id, parentID: centralID, name: region.texts))
        }
        for territorial in territorials {
            commissions.append(Commission(id: territorial.id, level: levels[2].id, parentID: territorial.parentID, name: territorial.texts))
        }
        commissions.append(contentsOf: precinctCommissions)
        let structure = ElectionStructure(
            election: election, parties: [], candidates: candidates, commissions: commissions, precincts: precincts)
        let checked: ElectionStructure?
        switch structureCheck {
        case .none:
            checked = nil
        case .full:
            checked = structure
        case .representative:
            var sample = structure
            sample.commissions.removeLast(precinctCommissions.count)
            sample.commissions += firstStationOfTerritorial.map { precinctCommissions[$0] }
            sample.precincts = firstStationOfTerritorial.map { precincts[$0] }
            checked = sample
        }
        do {
            try checked?.validate(against: profile)
        } catch {
            throw IzbirkomImportError(problems: [.init(line: nil, column: nil, message: "the imported structure is invalid: \(error)")])
        }

        let summary = IzbirkomImportSummary(
            stations: precincts.count, regions: regions.count, territorialCommissions: territorials.count,
            registeredVoters: registeredTotal,
            lineTotals: Dictionary(uniqueKeysWithValues: form.lines.enumerated().map { ($1.id, lineTotals[$0]) }),
            candidateTotals: candidates.enumerated().map { k, candidate in
                .init(candidateID: candidate.id, name: candidateNames[k], votes: candidateTotals[k], countedVotes: countedTotals[k])
            },
            accepted: outcomes[.accepted, default: 0], acceptedWithWarnings: outcomes[.acceptedWithWarnings, default: 0],
            quarantined: outcomes[.quarantined, default: 0],
            controlFailures: profile.controls.enumerated().map { i, rule in
                .init(ruleID: rule.id, severity: rule.severity, stations: controlFailures[i])
            })
        return IzbirkomImportResult(structure: structure, protocols: protocols, assessments: assessments, summary: summary)
    }
}

// MARK: - CSV scanning

/// An RFC 4180 scanner over raw bytes: fields are byte ranges, decoded only when needed.
struct IzbirkomCSVScanner {
    struct Field {
        var start: Int
        var end: Int
        /// The field contains `""`, to be unescaped when decoded.
        var escapedQuotes: Bool
        var quoted: Bool
    }

    struct Record {
        /// Physical line the record starts on.
        var line = 0
        var fields: [Field] = []
        /// First syntax problem of the record that does not stop the scan (a stray quote).
        var problem: (field: Int, message: String)?

        var isBlank: Bool { fields.count == 1 && fields[0].start == fields[0].end && !fields[0].quoted }
    }

    enum Step {
        case record
        case end
        /// A quoted field that is never closed; the rest of the input cannot be read.
        case unterminatedQuote(line: Int, field: Int)
    }

    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    private(set) var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    mutating func next(into record: inout Record) -> Step {
        let n = bytes.count
        guard position < n else { return .end }
        record.fields.removeAll(keepingCapacity: true)
        record.line = line
        record.problem = nil
        while true {
            var field = Field(start: position, end: position, escapedQuotes: false, quoted: false)
            if position < n, bytes[position] == Self.quote {
                let openLine = line
                position += 1
                field.start = position
                field.quoted = true
                var closed = false
                while position < n {
                    let b = bytes[position]
                    if b == Self.quote {
                        if position + 1 < n, bytes[position + 1] == Self.quote {
                            field.escapedQuotes = true
                            position += 2
                            continue
                        }
                        field.end = position
                        position += 1
                        closed = true
                        break
                    }
                    if b == Self.lf || (b == Self.cr && !(position + 1 < n && bytes[position + 1] == Self.lf)) { line += 1 }
                    position += 1
                }
                if !closed { return .unterminatedQuote(line: openLine, field: record.fields.count) }
                if position < n, !Self.endsField(bytes[position]) {
                    if record.problem == nil {
                        record.problem = (record.fields.count, "unexpected text after the closing quote of a quoted field")
                    }
                    while position < n, !Self.endsField(bytes[position]) { position += 1 }
                }
            } else {
                while position < n {
                    let b = bytes[position]
                    if Self.endsField(b) { break }
                    if b == Self.quote, record.problem == nil {
                        record.problem = (
                            record.fields.count, "a quote inside an unquoted field (quote the whole field and double the quote)"
                        )
                    }
                    position += 1
                }
                field.end = position
            }
            record.fields.append(field)
            guard position < n else { return .record }
            let b = bytes[position]
            position += 1
            if b == Self.comma { continue }
            if b == Self.cr, position < n, bytes[position] == Self.lf { position += 1 }
            line += 1
            return .record
        }
    }

    /// Whether two fields hold the same bytes (and so the same text).
    func sameBytes(_ a: Field, _ b: Field) -> Bool {
        let count = a.end - a.start
        guard count == b.end - b.start, a.escapedQuotes == b.escapedQuotes, let base = bytes.baseAddress else { return false }
        return count == 0 || memcmp(base + a.start, base + b.start, count) == 0
    }

    @inline(__always)
    static func endsField(_ b: UInt8) -> Bool { b == comma || b == lf || b == cr }

    /// The field as text, unescaped; nil if it is not valid UTF-8.
    func string(_ field: Field) -> String? {
        let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.escapedQuotes else { return String(validating: slice, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            unescaped.append(slice[i])
            i += slice[i] == Self.quote ? 2 : 1
        }
        return String(validating: unescaped, as: UTF8.self)
    }

    /// A short, printable excerpt of the field for a message.
    func excerpt(_ field: Field) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        let printable = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return printable.count > 40 ? String(printable.prefix(40)) + "…" : printable
    }

    enum Figure {
        case value(Int)
        case empty
        case negative(Int)
        case invalid
    }

    /// A whole number in plain decimal digits, spaces around it allowed. Anything with more than
    /// 18 digits is invalid rather than overflowing.
    func figure(_ field: Field) -> Figure {
        var s = field.start
        var e = field.end
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        if s == e { return .empty }
        if field.escapedQuotes { return .invalid }
        var negative = false
        if bytes[s] == UInt8(ascii: "-") {
            negative = true
            s += 1
        }
        guard s < e, e - s <= 18 else { return .invalid }
        var value = 0
        for i in s..<e {
            let digit = bytes[i] &- 0x30
            guard digit <= 9 else { return .invalid }
            value = value * 10 + Int(digit)
        }
        return negative && value > 0 ? .negative(-value) : .value(value)
    }
}

// MARK: - Names and ids

/// Latin renderings and ids of names read from the file. The table covers the Cyrillic letters
/// of Russian, Kazakh, Ukrainian and Belarusian (a script, not any one election's data), so the
/// same code serves every profile whose data is in Cyrillic; other non-ASCII text is kept as is
/// in the English rendering and left out of ids.
enum IzbirkomNames {
    static let cyrillic: [Unicode.Scalar: String] = {
        let pairs: [(String, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "yo"), ("ж", "zh"), ("з", "z"),
            ("и", "i"), ("й", "y"), ("к", "k"), ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"),
            ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"), ("х", "kh"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "shch"),
            ("ъ", ""), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "yu"), ("я", "ya"),
            // Kazakh
            ("ә", "a"), ("ғ", "gh"), ("қ", "q"), ("ң", "ng"), ("ө", "o"), ("ұ", "u"), ("ү", "u"), ("һ", "h"), ("і", "i"),
            // Ukrainian and Belarusian
            ("є", "ye"), ("ї", "yi"), ("ґ", "g"), ("ў", "w"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (letter, latin) in pairs {
            let lower = letter.unicodeScalars.first!
            table[lower] = latin
            for upper in letter.uppercased().unicodeScalars where upper != lower {
                table[upper] = latin.prefix(1).uppercased() + latin.dropFirst()
            }
        }
        table["№"] = "No."
        table["«"] = "\""
        table["»"] = "\""
        table["–"] = "-"
        table["—"] = "-"
        return table
    }()

    /// The name in Latin letters; ASCII and unknown characters are kept.
    static func transliterated(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else if let latin = cyrillic[scalar] {
                result += latin
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Lower-case ASCII letters and digits joined by single '-', at most 48 characters.
    static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in transliterated(text).unicodeScalars {
            let lower = scalar.isASCII ? Unicode.Scalar(UInt8(scalar.value) | (("A"..."Z").contains(scalar) ? 0x20 : 0)) : scalar
            if ("a"..."z").contains(lower) || ("0"..."9").contains(lower) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(lower)
            } else {
                pendingDash = true
            }
        }
        if slug.count > 48 {
            slug = String(slug.prefix(48))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug
    }

    /// Ids for candidate names in column order: the slug of each name, or `candidate-<n>` (n the
    /// column position) when the slug is empty or would not be unique.
    static func candidateIDs(for names: [String]) -> [String] {
        let slugs = names.map(slug)
        var counts: [String: Int] = [:]
        for s in slugs { counts[s, default: 0] += 1 }
        var ids = slugs.enumerated().map { k, s in s.isEmpty || counts[s]! > 1 ? "candidate-\(k + 1)" : s }
        if Set(ids).count != ids.count { ids = names.indices.map { "candidate-\($0 + 1)" } }
        return ids
    }
}
