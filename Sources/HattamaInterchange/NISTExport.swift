import Foundation
import HattamaCore

/// Export of an election's precinct results as a NIST SP 1500-100 version 2 "Election Results
/// Reporting Common Data Format" (CDF) JSON document, the format observers and aggregators
/// read without knowing Hattama.
///
/// The document is a precinct-level `ElectionResults.ElectionReport`:
///
/// - `GpUnit`: one `ElectionResults.ReportingUnit` per commission. Precinct commissions are the
///   polling stations themselves (Type `precinct`, `Number` = the precinct number); the central
///   commission is Type `country`; the levels in between are Type `other` with `OtherType` = the
///   profile's level id (e.g. `regional`, `district`) unless the caller maps them to a CDF type
///   such as `state` or `county` (`levelTypes`). `ComposingGpUnitIds` follows the *tabulating*
///   hierarchy, the one results are summed along: a precinct is listed under
///   `Precinct.tabulatingCommissionID` (the stations abroad under the Esil district commission of
///   Astana), every other commission under its parent. Summing the precinct counts along
///   `ComposingGpUnitIds` therefore gives each commission's summary protocol.
/// - `Party`, `Person` (top level) and, inside the `Election`, `Candidate` and one
///   `ElectionResults.CandidateContest` (the whole country, one vote per ballot) with one
///   `CandidateSelection` per candidate in ballot order.
/// - Counts only for precincts whose protocol is given, never for commissions (that is what
///   "precinct-level" means; a reader adds them up): per candidate selection one `VoteCounts`
///   (`Type` `total`) per precinct, and per precinct one `Election.BallotCounts` with
///   `BallotsCast` = the profile's `ballotsCast` and `BallotsRejected` = the profile's
///   `invalidBallots` (ballots found invalid at the count: the CDF has no closer field, and its
///   over- and under-votes are not on the protocol form). Precinct reporting units also carry
///   `VotersRegistered` (the profile's `registeredVoters` from the protocol, or the voter list
///   sent to the precinct while no protocol is in) and `VotersParticipated` (the profile's
///   `turnout` numerator, Kazakhstan: voters who received ballots).
/// - Progress: `Status` is `unofficial-complete` when every precinct has a protocol and
///   `unofficial-partial` otherwise; every reporting unit and the contest carry `CountStatus`
///   (`completed` / `in-process` / `not-processed`) and, above precincts, `SubUnitsReported` /
///   `TotalSubUnits` (precincts with a protocol / all precincts below).
///
/// Every object with an `@id` gets an id built by `ID` from its Hattama id with a prefix per kind
/// (`gpunit-cec`, `party-nur-otan`, `candidate-kasymov`, …), so that ids are unique across kinds,
/// and carries the Hattama id itself as an `ExternalIdentifier` of `OtherType` `hattama`. Every id
/// referenced (`…Id`, `…Ids`) is defined in the document; the schema cannot check that, and
/// `scripts/validate-nist.py` does.
///
/// Keys are sorted and the output is compact, so that the same input always gives the same bytes.
public enum NISTExport {
    /// The CDF's `ReportingUnitType` values.
    public enum ReportingUnitType: String, CaseIterable, Codable, Sendable {
        case ballotBatch = "ballot-batch"
        case ballotStyleArea = "ballot-style-area"
        case borough, city
        case cityCouncil = "city-council"
        case combinedPrecinct = "combined-precinct"
        case congressional, country, county
        case countyCouncil = "county-council"
        case dropBox = "drop-box"
        case judicial, municipality, other
        case pollingPlace = "polling-place"
        case precinct, school, special
        case splitPrecinct = "split-precinct"
        case state
        case stateHouse = "state-house"
        case stateSenate = "state-senate"
        case town, township, utility, village
        case voteCenter = "vote-center"
        case ward, water
    }

    /// The CDF's `ElectionType` values. An early (snap) election called outside the regular
    /// calendar, such as Kazakhstan's presidential election of 3 April 2011, is `special`.
    public enum ElectionType: String, CaseIterable, Codable, Sendable {
        case general, other
        case partisanPrimaryClosed = "partisan-primary-closed"
        case partisanPrimaryOpen = "partisan-primary-open"
        case primary, runoff, special
    }

    /// Why an export was refused: what it concerns and what is wrong. Nothing is written.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public let subject: String
        public let problem: String

        public init(subject: String, problem: String) {
            self.subject = subject
            self.problem = problem
        }

        public var description: String { "\(subject): \(problem)" }
    }

    /// The `@id` of each kind of object, from the Hattama id.
    public enum ID {
        /// Reporting unit of a commission; a precinct commission and its precinct share one.
        public static func gpUnit(_ commissionID: String) -> String { "gpunit-" + commissionID }
        public static func party(_ partyID: String) -> String { "party-" + partyID }
        public static func person(_ candidateID: String) -> String { "person-" + candidateID }
        public static func candidate(_ candidateID: String) -> String { "candidate-" + candidateID }
        public static func contest(_ electionID: String) -> String { "contest-" + electionID }
        public static func selection(_ candidateID: String) -> String { "selection-" + candidateID }
    }

    /// The vendor application id written into every report.
    public static let vendorApplicationID = "Hattama"

    /// A precinct-level CDF `ElectionReport` of the election, as UTF-8 JSON with sorted keys.
    ///
    /// - Parameters:
    ///   - structure: the election's structure; it is validated against `profile` first.
    ///   - profile: the law profile the election runs under; its `protocolForm` expressions give
    ///     ballots cast, invalid ballots, registered voters and participants.
    ///   - protocols: the counted protocols, at most one per precinct (the current accepted one);
    ///     each must pass `ResultsProtocol.validate(profile:candidates:)` and belong to the
    ///     structure's election and precincts. Precincts without one have no counts.
    ///   - generatedAt: the report's `GeneratedDate` (written in UTC, whole seconds).
    ///   - issuer: `Issuer`, the body publishing the report.
    ///   - issuerAbbreviation: `IssuerAbbreviation`; the issuer itself when nil.
    ///   - sequence: this report's number in a series of reports (`SequenceStart` and
    ///     `SequenceEnd`), from 1.
    ///   - electionType: the CDF election type (`general` unless told otherwise; the structure does
    ///     not say whether an election is regular or early).
    ///   - levelTypes: CDF types for profile commission levels, by level id. Unmapped levels: the
    ///     top level is `country`, the precinct level `precinct`, the others `other` with
    ///     `OtherType` = the level id. Mapping a level to `other` also writes the level id.
    ///   - isTest: written as `IsTest` when true (e.g. demo data).
    /// - Throws: `NISTExport.Problem` for a structure, protocol or parameter that cannot be
    ///   exported, naming the precinct or commission concerned.
    public static func electionReport(
        structure: ElectionStructure, profile: LawProfile, protocols: [ResultsProtocol], generatedAt: Date,
        issuer: String = "Hattama", issuerAbbreviation: String? = nil, sequence: Int = 1, electionType: ElectionType = .general,
        levelTypes: [String: ReportingUnitType] = [:], isTest: Bool = false
    ) throws(Problem) -> Data {
        let report = try Builder(
            structure: structure, profile: profile, protocols: protocols, generatedAt: generatedAt, issuer: issuer,
            issuerAbbreviation: issuerAbbreviation, sequence: sequence, electionType: electionType, levelTypes: levelTypes,
            isTest: isTest
        ).report()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(report)
        } catch {
            throw Problem(subject: "report", problem: "could not be encoded: \(error)")
        }
    }

    /// `GeneratedDate` as the CDF's `DateTimeWithZone` wants it: `YYYY-MM-DDThh:mm:ssZ`.
    static func dateTime(_ date: Date) -> String {
        var calendar = Foundation.Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let v = value ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        let year = String(c.year ?? 0)
        let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
        return "\(paddedYear)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }
}

// MARK: - Building

extension NISTExport {
    private struct Builder {
        let structure: ElectionStructure
        let profile: LawProfile
        let compiled: CompiledProfile
        let candidates: [Candidate]
        let protocolOf: [String: ResultsProtocol]
        let generatedAt: Date
        let issuer: String
        let issuerAbbreviation: String
        let sequence: Int
        let electionType: ElectionType
        let levelTypes: [String: ReportingUnitType]
        let isTest: Bool

        init(
            structure: ElectionStructure, profile: LawProfile, protocols: [ResultsProtocol], generatedAt: Date, issuer: String,
            issuerAbbreviation: String?, sequence: Int, electionType: ElectionType, levelTypes: [String: ReportingUnitType],
            isTest: Bool
        ) throws(Problem) {
            do {
                try structure.validate(against: profile)
            } catch {
                throw Problem(subject: error.subject, problem: error.problem)
            }
            do {
                compiled = try CompiledProfile(profile)
            } catch {
                throw Problem(subject: "profile \(profile.id)", problem: error.message)
            }
            let trimmedIssuer = issuer.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmedIssuer.isEmpty else { throw Problem(subject: "issuer", problem: "is empty") }
            let abbreviation = (issuerAbbreviation ?? issuer).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !abbreviation.isEmpty else { throw Problem(subject: "issuer abbreviation", problem: "is empty") }
            guard sequence >= 1 else { throw Problem(subject: "sequence", problem: "\(sequence) is not a report number; the first is 1") }
            let levels = Set(profile.commissionLevels.map(\.id))
            for level in levelTypes.keys.sorted() where !levels.contains(level) {
                throw Problem(
                    subject: "level type '\(level)'",
                    problem:
                        "is not a commission level of profile \(profile.id) (\(profile.commissionLevels.map(\.id).joined(separator: ", ")))"
                )
            }

            let electionID = structure.election.id
            let candidates = structure.candidates.filter { $0.electionID == electionID }.sorted { $0.ballotOrder < $1.ballotOrder }
            let precinctIDs = Set(structure.precincts.map(\.id))
            var protocolOf: [String: ResultsProtocol] = [:]
            protocolOf.reserveCapacity(protocols.count)
            for resultsProtocol in protocols {
                let subject = "protocol of precinct '\(resultsProtocol.precinctID)'"
                guard resultsProtocol.electionID == electionID else {
                    throw Problem(subject: subject, problem: "is for election '\(resultsProtocol.electionID)', not '\(electionID)'")
                }
                guard precinctIDs.contains(resultsProtocol.precinctID) else {
                    throw Problem(subject: subject, problem: "the precinct is not part of election '\(electionID)'")
                }
                do {
                    try resultsProtocol.validate(profile: profile, candidates: candidates)
                } catch {
                    throw Problem(subject: subject, problem: error.description)
                }
                guard protocolOf.updateValue(resultsProtocol, forKey: resultsProtocol.precinctID) == nil else {
                    throw Problem(subject: subject, problem: "given twice; pass only the precinct's current protocol")
                }
            }

            self.structure = structure
            self.profile = profile
            self.candidates = candidates
            self.protocolOf = protocolOf
            self.generatedAt = generatedAt
            self.issuer = trimmedIssuer
            self.issuerAbbreviation = abbreviation
            self.sequence = sequence
            self.electionType = electionType
            self.levelTypes = levelTypes
            self.isTest = isTest
        }

        func text(_ localized: LocalizedText) -> CDFText {
            CDFText(text: Language.allCases.map { CDFLanguageString(content: localized[$0], language: $0.rawValue) })
        }

        func hattamaID(_ id: String) -> [CDFExternalIdentifier] {
            [CDFExternalIdentifier(type: "other", otherType: "hattama", value: id)]
        }

        func countStatus(reported: Int, total: Int) -> [CDFCountStatus] {
            let status = reported == 0 ? "not-processed" : reported == total ? "completed" : "in-process"
            return [CDFCountStatus(status: status, type: "total")]
        }

        func report() -> CDFReport {
            let election = structure.election
            let precinctIDs = Set(structure.precincts.map(\.id))
            let topLevel = profile.topLevel.id
            let precinctLevel = profile.precinctLevel.id

            // Tabulating children and precinct counts (all / with a protocol) of every commission.
            var parentOf: [String: String] = [:]
            var children: [String: [String]] = [:]
            for commission in structure.commissions where !precinctIDs.contains(commission.id) {
                if let parent = commission.parentID {
                    parentOf[commission.id] = parent
                    children[parent, default: []].append(commission.id)
                }
            }
            var total: [String: Int] = [:]
            var reported: [String: Int] = [:]
            for precinct in structure.precincts {
                children[precinct.tabulatingCommissionID, default: []].append(precinct.id)
                let counted = protocolOf[precinct.id] != nil
                var commission: String? = precinct.tabulatingCommissionID
                while let id = commission {
                    total[id, default: 0] += 1
                    if counted { reported[id, default: 0] += 1 }
                    commission = parentOf[id]
                }
            }

            let precinctByID = Dictionary(uniqueKeysWithValues: structure.precincts.map { ($0.id, $0) })
            var gpUnits: [CDFReportingUnit] = []
            gpUnits.reserveCapacity(structure.commissions.count)
            var precinctUnits: [CDFReportingUnit] = []
            precinctUnits.reserveCapacity(structure.precincts.count)
            for commission in structure.commissions {
                let mapped = levelTypes[commission.level]
                let type: ReportingUnitType
                if let mapped {
                    type = mapped
                } else if commission.level == topLevel {
                    type = .country
                } else if commission.level == precinctLevel {
                    type = .precinct
                } else {
                    type = .other
                }
                var unit = CDFReportingUnit(
                    id: ID.gpUnit(commission.id), type: type.rawValue, otherType: type == .other ? commission.level : nil,
                    name: text(commission.name), externalIdentifier: hattamaID(commission.id))
                if let precinct = precinctByID[commission.id] {
                    unit.number = String(precinct.number)
                    if let resultsProtocol = protocolOf[precinct.id] {
                        let (lines, sum) = figures(resultsProtocol)
                        unit.votersRegistered = compiled.registeredVoters.evaluate(lines: lines, candidateSum: sum)
                        unit.votersParticipated = compiled.turnout.evaluate(lines: lines, candidateSum: sum)
                        unit.countStatus = countStatus(reported: 1, total: 1)
                    } else {
                        unit.votersRegistered = precinct.registeredVoters
                        unit.countStatus = countStatus(reported: 0, total: 1)
                    }
                    precinctUnits.append(unit)
                } else {
                    let below = total[commission.id] ?? 0
                    let counted = reported[commission.id] ?? 0
                    unit.composingGpUnitIds = (children[commission.id] ?? []).map(ID.gpUnit)
                    unit.totalSubUnits = below
                    unit.subUnitsReported = counted
                    unit.countStatus = countStatus(reported: counted, total: below)
                    gpUnits.append(unit)
                }
            }
            gpUnits += precinctUnits

            // Counts, precincts in structure order.
            var votes: [[CDFVoteCounts]] = Array(repeating: [], count: candidates.count)
            var ballotCounts: [CDFBallotCounts] = []
            ballotCounts.reserveCapacity(protocolOf.count)
            for precinct in structure.precincts {
                guard let resultsProtocol = protocolOf[precinct.id] else { continue }
                let gpUnit = ID.gpUnit(precinct.id)
                for (c, candidate) in candidates.enumerated() {
                    votes[c].append(
                        CDFVoteCounts(count: resultsProtocol.candidateVotes[candidate.id] ?? 0, gpUnitId: gpUnit, type: "total"))
                }
                let (lines, sum) = figures(resultsProtocol)
                ballotCounts.append(
                    CDFBallotCounts(
                        ballotsCast: compiled.ballotsCast.evaluate(lines: lines, candidateSum: sum),
                        ballotsRejected: compiled.invalidBallots.evaluate(lines: lines, candidateSum: sum), gpUnitId: gpUnit,
                        type: "total"))
            }

            let cec = structure.commissions.first { $0.parentID == nil }!
            let contest = CDFCandidateContest(
                id: ID.contest(election.id), ballotTitle: text(election.name),
                contestSelection: candidates.enumerated().map { c, candidate in
                    CDFCandidateSelection(
                        id: ID.selection(candidate.id), candidateIds: [ID.candidate(candidate.id)], sequenceOrder: candidate.ballotOrder,
                        voteCounts: votes[c])
                },
                countStatus: countStatus(reported: protocolOf.count, total: structure.precincts.count),
                electionDistrictId: ID.gpUnit(cec.id), externalIdentifier: hattamaID(election.id), name: election.name.en,
                numberElected: 1, subUnitsReported: protocolOf.count, totalSubUnits: structure.precincts.count, votesAllowed: 1)

            let cdfElection = CDFElection(
                ballotCounts: ballotCounts,
                candidate: candidates.map { candidate in
                    CDFCandidate(
                        id: ID.candidate(candidate.id), ballotName: text(candidate.name), externalIdentifier: hattamaID(candidate.id),
                        partyId: candidate.partyID.map(ID.party), personId: ID.person(candidate.id))
                },
                contest: [contest], countStatus: countStatus(reported: protocolOf.count, total: structure.precincts.count),
                electionScopeId: ID.gpUnit(cec.id), endDate: election.electionDay, externalIdentifier: hattamaID(election.id),
                name: text(election.name), startDate: election.electionDay, type: electionType.rawValue)

            return CDFReport(
                election: [cdfElection], format: "precinct-level", generatedDate: NISTExport.dateTime(generatedAt), gpUnit: gpUnits,
                isTest: isTest ? true : nil, issuer: issuer, issuerAbbreviation: issuerAbbreviation,
                party: structure.parties.map { party in
                    CDFParty(id: ID.party(party.id), externalIdentifier: hattamaID(party.id), name: text(party.name))
                },
                person: candidates.map { candidate in
                    CDFPerson(id: ID.person(candidate.id), fullName: text(candidate.name), partyId: candidate.partyID.map(ID.party))
                },
                sequenceEnd: sequence, sequenceStart: sequence,
                status: protocolOf.count == structure.precincts.count ? "unofficial-complete" : "unofficial-partial",
                vendorApplicationId: NISTExport.vendorApplicationID)
        }

        func figures(_ resultsProtocol: ResultsProtocol) -> (lines: [Int], candidateSum: Int) {
            let sum = candidates.reduce(0) { $0 &+ (resultsProtocol.candidateVotes[$1.id] ?? 0) }
            return (compiled.lineValues(of: resultsProtocol), sum)
        }
    }
}

// MARK: - CDF objects (the subset Hattama writes)

extension NISTExport {
    struct CDFReport: Encodable {
        let atType = "ElectionResults.ElectionReport"
        var election: [CDFElection]
        var format: String
        var generatedDate: String
        var gpUnit: [CDFReportingUnit]
        var isTest: Bool?
        var issuer: String
        var issuerAbbreviation: String
        var party: [CDFParty]
        var person: [CDFPerson]
        var sequenceEnd: Int
        var sequenceStart: Int
        var status: String
        var vendorApplicationId: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case election = "Election"
            case format = "Format"
            case generatedDate = "GeneratedDate"
            case gpUnit = "GpUnit"
            case isTest = "IsTest"
            case issuer = "Issuer"
            case issuerAbbreviation = "IssuerAbbreviation"
            case party = "Party"
            case person = "Person"
            case sequenceEnd = "SequenceEnd"
            case sequenceStart = "SequenceStart"
            case status = "Status"
            case vendorApplicationId = "VendorApplicationId"
        }
    }

    struct CDFLanguageString: Encodable {
        let atType = "ElectionResults.LanguageString"
        var content: String
        var language: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case content = "Content"
            case language = "Language"
        }
    }

    struct CDFText: Encodable {
        let atType = "ElectionResults.InternationalizedText"
        var text: [CDFLanguageString]

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case text = "Text"
        }
    }

    struct CDFExternalIdentifier: Encodable {
        let atType = "ElectionResults.ExternalIdentifier"
        var type: String
        var otherType: String?
        var value: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case type = "Type"
            case otherType = "OtherType"
            case value = "Value"
        }
    }

    struct CDFCountStatus: Encodable {
        let atType = "ElectionResults.CountStatus"
        var status: String
        var type: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case status = "Status"
            case type = "Type"
        }
    }

    struct CDFReportingUnit: Encodable {
        let atType = "ElectionResults.ReportingUnit"
        var id: String
        var type: String
        var otherType: String?
        var name: CDFText
        var externalIdentifier: [CDFExternalIdentifier]
        var number: String?
        var composingGpUnitIds: [String]?
        var countStatus: [CDFCountStatus]?
        var subUnitsReported: Int?
        var totalSubUnits: Int?
        var votersParticipated: Int?
        var votersRegistered: Int?

        init(id: String, type: String, otherType: String?, name: CDFText, externalIdentifier: [CDFExternalIdentifier]) {
            self.id = id
            self.type = type
            self.otherType = otherType
            self.name = name
            self.externalIdentifier = externalIdentifier
        }

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case id = "@id"
            case type = "Type"
            case otherType = "OtherType"
            case name = "Name"
            case externalIdentifier = "ExternalIdentifier"
            case number = "Number"
            case composingGpUnitIds = "ComposingGpUnitIds"
            case countStatus = "CountStatus"
            case subUnitsReported = "SubUnitsReported"
            case totalSubUnits = "TotalSubUnits"
            case votersParticipated = "VotersParticipated"
            case votersRegistered = "VotersRegistered"
        }
    }

    struct CDFParty: Encodable {
        let atType = "ElectionResults.Party"
        var id: String
        var externalIdentifier: [CDFExternalIdentifier]
        var name: CDFText

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case id = "@id"
            case externalIdentifier = "ExternalIdentifier"
            case name = "Name"
        }
    }

    struct CDFPerson: Encodable {
        let atType = "ElectionResults.Person"
        var id: String
        var fullName: CDFText
        var partyId: String?

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case id = "@id"
            case fullName = "FullName"
            case partyId = "PartyId"
        }
    }

    struct CDFCandidate: Encodable {
        let atType = "ElectionResults.Candidate"
        var id: String
        var ballotName: CDFText
        var externalIdentifier: [CDFExternalIdentifier]
        var partyId: String?
        var personId: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case id = "@id"
            case ballotName = "BallotName"
            case externalIdentifier = "ExternalIdentifier"
            case partyId = "PartyId"
            case personId = "PersonId"
        }
    }

    struct CDFVoteCounts: Encodable {
        let atType = "ElectionResults.VoteCounts"
        var count: Int
        var gpUnitId: String
        var type: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case count = "Count"
            case gpUnitId = "GpUnitId"
            case type = "Type"
        }
    }

    struct CDFBallotCounts: Encodable {
        let atType = "ElectionResults.BallotCounts"
        var ballotsCast: Int
        var ballotsRejected: Int
        var gpUnitId: String
        var type: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case ballotsCast = "BallotsCast"
            case ballotsRejected = "BallotsRejected"
            case gpUnitId = "GpUnitId"
            case type = "Type"
        }
    }

    struct CDFCandidateSelection: Encodable {
        let atType = "ElectionResults.CandidateSelection"
        var id: String
        var candidateIds: [String]
        var sequenceOrder: Int
        var voteCounts: [CDFVoteCounts]

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case id = "@id"
            case candidateIds = "CandidateIds"
            case sequenceOrder = "SequenceOrder"
            case voteCounts = "VoteCounts"
        }
    }

    struct CDFCandidateContest: Encodable {
        let atType = "ElectionResults.CandidateContest"
        var id: String
        var ballotTitle: CDFText
        var contestSelection: [CDFCandidateSelection]
        var countStatus: [CDFCountStatus]
        var electionDistrictId: String
        var externalIdentifier: [CDFExternalIdentifier]
        var name: String
        var numberElected: Int
        var subUnitsReported: Int
        var totalSubUnits: Int
        var votesAllowed: Int

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case id = "@id"
            case ballotTitle = "BallotTitle"
            case contestSelection = "ContestSelection"
            case countStatus = "CountStatus"
            case electionDistrictId = "ElectionDistrictId"
            case externalIdentifier = "ExternalIdentifier"
            case name = "Name"
            case numberElected = "NumberElected"
            case subUnitsReported = "SubUnitsReported"
            case totalSubUnits = "TotalSubUnits"
            case votesAllowed = "VotesAllowed"
        }
    }

    /// The CDF `Election` has no `@id`: nothing refers to it.
    struct CDFElection: Encodable {
        let atType = "ElectionResults.Election"
        var ballotCounts: [CDFBallotCounts]
        var candidate: [CDFCandidate]
        var contest: [CDFCandidateContest]
        var countStatus: [CDFCountStatus]
        var electionScopeId: String
        var endDate: String
        var externalIdentifier: [CDFExternalIdentifier]
        var name: CDFText
        var startDate: String
        var type: String

        enum CodingKeys: String, CodingKey {
            case atType = "@type"
            case ballotCounts = "BallotCounts"
            case candidate = "Candidate"
            case contest = "Contest"
            case countStatus = "CountStatus"
            case electionScopeId = "ElectionScopeId"
            case endDate = "EndDate"
            case externalIdentifier = "ExternalIdentifier"
            case name = "Name"
            case startDate = "StartDate"
            case type = "Type"
        }
    }
}
