import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaTestSupport
import Testing

/// Synthetic but consistent kz-2011 protocols and helpers to read an exported CDF document.
enum NISTFixture {
    static let generatedAt = Date(timeIntervalSince1970: 1_301_846_400)  // 2011-04-03T16:00:00Z

    /// One consistent protocol per precinct whose index `included` accepts: every control of the
    /// kz-2011 form holds (ballot balance, issued ≤ list, cast ≤ issued, invalid + votes = cast).
    static func protocols(_ structure: ElectionStructure, included: (Int) -> Bool = { _ in true }) -> [ResultsProtocol] {
        let candidates = structure.candidates.sorted { $0.ballotOrder < $1.ballotOrder }
        var result: [ResultsProtocol] = []
        for (i, precinct) in structure.precincts.enumerated() where included(i) {
            let registered = precinct.registeredVoters
            let received = registered + registered / 100
            let issued = registered * (55 + i % 40) / 100
            let spoiled = min(i % 4, received - issued)
            let cast = issued - min(issued, i % 3)
            let invalid = cast / (40 + i % 20)
            let valid = cast - invalid
            let weights = candidates.indices.map { $0 == candidates.count - 1 ? 30 + i % 10 : 1 + ($0 + i) % 3 }
            let totalWeight = weights.reduce(0, +)
            var votes = weights.map { valid * $0 / totalWeight }
            votes[votes.count - 1] += valid - votes.reduce(0, +)
            result.append(
                ResultsProtocol(
                    electionID: structure.election.id, precinctID: precinct.id,
                    lines: [
                        "voters_on_list": registered, "ballots_received": received, "ballots_issued": issued,
                        "ballots_spoiled": spoiled, "ballots_unused": received - issued - spoiled, "ballots_cast": cast,
                        "invalid_ballots": invalid,
                    ],
                    candidateVotes: Dictionary(uniqueKeysWithValues: zip(candidates.map(\.id), votes))))
        }
        return result
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every JSON object of the document, depth first.
    static func objects(_ value: Any) -> [[String: Any]] {
        var found: [[String: Any]] = []
        var stack: [Any] = [value]
        while let next = stack.popLast() {
            if let object = next as? [String: Any] {
                found.append(object)
                stack.append(contentsOf: object.values)
            } else if let array = next as? [Any] {
                stack.append(contentsOf: array)
            }
        }
        return found
    }

    /// Ids referenced by `…Id` / `…Ids` properties (VendorApplicationId is a name, not a reference).
    static func references(_ value: Any) -> [(key: String, id: String)] {
        var found: [(key: String, id: String)] = []
        for object in objects(value) {
            for (key, value) in object where key != "VendorApplicationId" {
                if key.hasSuffix("Ids"), let ids = value as? [String] {
                    found += ids.map { (key, $0) }
                } else if key.hasSuffix("Id"), let id = value as? String {
                    found.append((key, id))
                }
            }
        }
        return found
    }

    static func definedIDs(_ value: Any) -> [String] { objects(value).compactMap { $0["@id"] as? String } }

    static func languages(_ text: Any?) -> [String: String] {
        let strings = (text as? [String: Any])?["Text"] as? [[String: Any]] ?? []
        var result: [String: String] = [:]
        for string in strings {
            if let language = string["Language"] as? String { result[language] = string["Content"] as? String }
        }
        return result
    }

    static func election(_ report: [String: Any]) throws -> [String: Any] {
        let elections = try #require(report["Election"] as? [[String: Any]])
        try #require(elections.count == 1)
        return elections[0]
    }

    static func contest(_ report: [String: Any]) throws -> [String: Any] {
        let contests = try #require(try election(report)["Contest"] as? [[String: Any]])
        try #require(contests.count == 1)
        return contests[0]
    }
}

/// Runs scripts/validate-nist.py on a document. Missing python3 or jsonschema is recorded as an
/// issue (CI installs both), never skipped; a missing schema skips the tests (`requirement`).
enum NISTValidator {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repositoryRoot.appendingPathComponent("scripts/validate-nist.py")
    static let schema = SharedData.standard.nistSchema

    /// Runs a test only where the schema is, saying why not elsewhere.
    static let requirement = ConditionTrait.enabled(
        if: SharedData.standard.has(\.nistSchema), Comment(rawValue: SharedData.standard.skipReason(\.nistSchema)))

    struct Run {
        let status: Int32
        let output: String
    }

    static func run(_ document: Data, sourceLocation: SourceLocation = #_sourceLocation) throws -> Run? {
        guard FileManager.default.fileExists(atPath: schema.path) else {
            Issue.record(
                "NIST schema not found at \(schema.path) (shared/ must be a sibling of the repository)", sourceLocation: sourceLocation)
            return nil
        }
        let file = temporaryURL("nist.json")
        try document.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, file.path, schema.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            Issue.record("cannot run python3 through /usr/bin/env to validate the NIST export: \(error)", sourceLocation: sourceLocation)
            return nil
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 127:
            Issue.record("python3 is not installed; it is needed to validate the NIST export: \(output)", sourceLocation: sourceLocation)
            return nil
        case 3:
            Issue.record(
                "the Python package jsonschema is missing (python3 -m pip install jsonschema); it is needed to validate the NIST export: \(output)",
                sourceLocation: sourceLocation)
            return nil
        default:
            return Run(status: process.terminationStatus, output: output)
        }
    }
}

@Suite struct NISTExportTests {
    let structure = DemoGenerator(scale: .small).generate()
    let profile: LawProfile

    init() throws { profile = try LawProfile.bundled("kz-2011") }

    func export(
        _ protocols: [ResultsProtocol], electionType: NISTExport.ElectionType = .special,
        levelTypes: [String: NISTExport.ReportingUnitType] = [:]
    ) throws -> Data {
        try NISTExport.electionReport(
            structure: structure, profile: profile, protocols: protocols, generatedAt: NISTFixture.generatedAt, sequence: 3,
            electionType: electionType, levelTypes: levelTypes)
    }

    /// Two precincts in three have a protocol.
    var partialProtocols: [ResultsProtocol] { NISTFixture.protocols(structure) { $0 % 3 != 1 } }

    @Test func syntheticProtocolsAreConsistent() throws {
        let compiled = try CompiledProfile(profile)
        for resultsProtocol in NISTFixture.protocols(structure) {
            try resultsProtocol.validate(profile: profile, candidates: structure.candidates)
            #expect(compiled.assess(resultsProtocol).outcome == .accepted, "\(resultsProtocol.precinctID)")
        }
    }

    @Test func reportHeader() throws {
        let report = try NISTFixture.object(export(partialProtocols))
        #expect(report["@type"] as? String == "ElectionResults.ElectionReport")
        #expect(report["Format"] as? String == "precinct-level")
        #expect(report["Status"] as? String == "unofficial-partial")
        #expect(report["GeneratedDate"] as? String == "2011-04-03T16:00:00Z")
        #expect(report["Issuer"] as? String == "Hattama")
        #expect(report["IssuerAbbreviation"] as? String == "Hattama")
        #expect(report["VendorApplicationId"] as? String == "Hattama")
        #expect(report["SequenceStart"] as? Int == 3)
        #expect(report["SequenceEnd"] as? Int == 3)
        #expect(report["IsTest"] == nil)

        let election = try NISTFixture.election(report)
        #expect(election["Type"] as? String == "special")
        #expect(election["StartDate"] as? String == "2011-04-03")
        #expect(election["EndDate"] as? String == "2011-04-03")
        #expect(election["ElectionScopeId"] as? String == NISTExport.ID.gpUnit("cec"))
        #expect(
            NISTFixture.languages(election["Name"]) == [
                "kk": structure.election.name.kk, "ru": structure.election.name.ru, "en": structure.election.name.en,
            ])

        let contest = try NISTFixture.contest(report)
        #expect(contest["@type"] as? String == "ElectionResults.CandidateContest")
        #expect(contest["ElectionDistrictId"] as? String == NISTExport.ID.gpUnit("cec"))
        #expect(contest["VotesAllowed"] as? Int == 1)
        #expect(contest["TotalSubUnits"] as? Int == structure.precincts.count)
        #expect(contest["SubUnitsReported"] as? Int == partialProtocols.count)

        let complete = try NISTFixture.object(export(NISTFixture.protocols(structure)))
        #expect(complete["Status"] as? String == "unofficial-complete")
    }

    @Test func gpUnitsCoverEveryCommissionAndPrecinctAlongTheTabulatingHierarchy() throws {
        let report = try NISTFixture.object(export(partialProtocols))
        let units = try #require(report["GpUnit"] as? [[String: Any]])
        var unitByID: [String: [String: Any]] = [:]
        for unit in units {
            let id = try #require(unit["@id"] as? String)
            #expect(unitByID.updateValue(unit, forKey: id) == nil, "\(id) twice")
            #expect(unit["@type"] as? String == "ElectionResults.ReportingUnit")
        }
        // Precinct commissions and their precincts share one reporting unit.
        #expect(units.count == structure.commissions.count)
        #expect(Set(unitByID.keys) == Set(structure.commissions.map { NISTExport.ID.gpUnit($0.id) }))
        #expect(Set(structure.precincts.map { NISTExport.ID.gpUnit($0.id) }).isSubset(of: unitByID.keys))

        let precincts = Dictionary(uniqueKeysWithValues: structure.precincts.map { ($0.id, $0) })
        var tabulatingParent: [String: String] = [:]
        for unit in units {
            for child in unit["ComposingGpUnitIds"] as? [String] ?? [] {
                #expect(tabulatingParent.updateValue(unit["@id"] as! String, forKey: child) == nil, "\(child) is composed twice")
            }
        }
        for commission in structure.commissions {
            let unit = try #require(unitByID[NISTExport.ID.gpUnit(commission.id)])
            #expect(
                NISTFixture.languages(unit["Name"]) == ["kk": commission.name.kk, "ru": commission.name.ru, "en": commission.name.en],
                "\(commission.id)")
            if let precinct = precincts[commission.id] {
                #expect(unit["Type"] as? String == "precinct")
                #expect(unit["Number"] as? String == String(precinct.number))
                #expect(unit["ComposingGpUnitIds"] == nil)
                #expect(tabulatingParent[NISTExport.ID.gpUnit(precinct.id)] == NISTExport.ID.gpUnit(precinct.tabulatingCommissionID))
            } else if let parent = commission.parentID {
                #expect(unit["Type"] as? String == "other")
                #expect(unit["OtherType"] as? String == commission.level)
                #expect(tabulatingParent[NISTExport.ID.gpUnit(commission.id)] == NISTExport.ID.gpUnit(parent))
            } else {
                #expect(unit["Type"] as? String == "country")
                #expect(tabulatingParent[NISTExport.ID.gpUnit(commission.id)] == nil)
                #expect(unit["TotalSubUnits"] as? Int == structure.precincts.count)
                #expect(unit["SubUnitsReported"] as? Int == partialProtocols.count)
            }
        }

        // The stations abroad hang under the CEC but are composed into the Esil district.
        let esil = try #require(structure.commissions.first { $0.name.en.hasPrefix("Esil district") })
        let abroad = structure.precincts.filter { $0.kind == PrecinctKind.abroadID }
        #expect(!abroad.isEmpty)
        let esilChildren = Set(unitByID[NISTExport.ID.gpUnit(esil.id)]?["ComposingGpUnitIds"] as? [String] ?? [])
        for precinct in abroad {
            #expect(esilChildren.contains(NISTExport.ID.gpUnit(precinct.id)))
        }
        let cecChildren = unitByID[NISTExport.ID.gpUnit("cec")]?["ComposingGpUnitIds"] as? [String] ?? []
        #expect(Set(cecChildren) == Set(structure.commissions.filter { $0.level == "regional" }.map { NISTExport.ID.gpUnit($0.id) }))
    }

    @Test func idsAreUniqueAndEveryReferenceResolves() throws {
        let report = try NISTFixture.object(export(partialProtocols))
        let ids = NISTFixture.definedIDs(report)
        #expect(Set(ids).count == ids.count)
        let defined = Set(ids)
        let references = NISTFixture.references(report)
        #expect(references.count > structure.precincts.count)
        for reference in references where !defined.contains(reference.id) {
            Issue.record("\(reference.key) '\(reference.id)' names no @id")
        }
        // Each kind of reference points at the right kind of object.
        var typeOf: [String: String] = [:]
        for object in NISTFixture.objects(report) {
            if let id = object["@id"] as? String { typeOf[id] = object["@type"] as? String }
        }
        let expected: [String: String] = [
            "GpUnitId": "ElectionResults.ReportingUnit", "ComposingGpUnitIds": "ElectionResults.ReportingUnit",
            "ElectionScopeId": "ElectionResults.ReportingUnit", "ElectionDistrictId": "ElectionResults.ReportingUnit",
            "PartyId": "ElectionResults.Party", "PersonId": "ElectionResults.Person", "CandidateIds": "ElectionResults.Candidate",
        ]
        for reference in references {
            #expect(typeOf[reference.id] == expected[reference.key], "\(reference.key) \(reference.id)")
        }
        // Candidates, persons and parties.
        let election = try NISTFixture.election(report)
        let candidates = try #require(election["Candidate"] as? [[String: Any]])
        #expect(candidates.map { $0["@id"] as? String } == DemoGenerator.candidates.map { NISTExport.ID.candidate($0.id) })
        let selfNominated = try #require(candidates.first { $0["@id"] as? String == NISTExport.ID.candidate("yeleusizov") })
        #expect(selfNominated["PartyId"] == nil)
        #expect(NISTFixture.languages(selfNominated["BallotName"])["en"] == "Mels Yeleusizov")
        #expect((report["Party"] as? [Any])?.count == structure.parties.count)
        #expect((report["Person"] as? [Any])?.count == structure.candidates.count)
    }

    @Test(arguments: [false, true])
    func voteCountsSumToTheProtocols(complete: Bool) throws {
        let protocols = complete ? NISTFixture.protocols(structure) : partialProtocols
        let report = try NISTFixture.object(export(protocols))
        let contest = try NISTFixture.contest(report)
        let selections = try #require(contest["ContestSelection"] as? [[String: Any]])
        let candidates = structure.candidates.sorted { $0.ballotOrder < $1.ballotOrder }
        #expect(selections.count == candidates.count)
        let protocolOf = Dictionary(uniqueKeysWithValues: protocols.map { (NISTExport.ID.gpUnit($0.precinctID), $0) })
        let compiled = try CompiledProfile(profile)

        var validByPrecinct: [String: Int] = [:]
        for (selection, candidate) in zip(selections, candidates) {
            #expect(selection["@type"] as? String == "ElectionResults.CandidateSelection")
            #expect(selection["CandidateIds"] as? [String] == [NISTExport.ID.candidate(candidate.id)])
            let counts = try #require(selection["VoteCounts"] as? [[String: Any]])
            #expect(counts.count == protocols.count)
            var total = 0
            var seen = Set<String>()
            for count in counts {
                let gpUnit = try #require(count["GpUnitId"] as? String)
                #expect(seen.insert(gpUnit).inserted, "\(gpUnit) counted twice for \(candidate.id)")
                #expect(count["Type"] as? String == "total")
                let votes = try #require(count["Count"] as? Int)
                let resultsProtocol = try #require(protocolOf[gpUnit], "counts for \(gpUnit), which has no protocol")
                #expect(votes == resultsProtocol.candidateVotes[candidate.id])
                validByPrecinct[gpUnit, default: 0] += votes
                total += votes
            }
            #expect(total == protocols.reduce(0) { $0 + $1.candidateVotes[candidate.id]! }, "\(candidate.id)")
        }

        let ballotCounts = try #require(try NISTFixture.election(report)["BallotCounts"] as? [[String: Any]])
        #expect(ballotCounts.count == protocols.count)
        for counts in ballotCounts {
            let gpUnit = try #require(counts["GpUnitId"] as? String)
            let resultsProtocol = try #require(protocolOf[gpUnit])
            let lines = compiled.lineValues(of: resultsProtocol)
            let sum = resultsProtocol.candidateVotes.values.reduce(0, +)
            let cast = try #require(counts["BallotsCast"] as? Int)
            let rejected = try #require(counts["BallotsRejected"] as? Int)
            #expect(cast == compiled.ballotsCast.evaluate(lines: lines, candidateSum: sum))
            #expect(rejected == compiled.invalidBallots.evaluate(lines: lines, candidateSum: sum))
            // KZ-C4: invalid + votes for the candidates = ballots cast.
            #expect(cast - rejected == validByPrecinct[gpUnit])
        }

        // Precincts without a protocol carry no counts but still their list size.
        let units = try #require(report["GpUnit"] as? [[String: Any]])
        for precinct in structure.precincts {
            let unit = try #require(units.first { $0["@id"] as? String == NISTExport.ID.gpUnit(precinct.id) })
            let status = (unit["CountStatus"] as? [[String: Any]])?.first?["Status"] as? String
            if let resultsProtocol = protocolOf[NISTExport.ID.gpUnit(precinct.id)] {
                #expect(status == "completed")
                #expect(unit["VotersRegistered"] as? Int == resultsProtocol.lines["voters_on_list"])
                #expect(unit["VotersParticipated"] as? Int == resultsProtocol.lines["ballots_issued"])
            } else {
                #expect(status == "not-processed")
                #expect(unit["VotersRegistered"] as? Int == precinct.registeredVoters)
                #expect(unit["VotersParticipated"] == nil)
            }
        }
    }

    @Test func levelTypesMapProfileLevelsToCDFTypes() throws {
        let report = try NISTFixture.object(export([], electionType: .general, levelTypes: ["regional": .state, "district": .county]))
        let units = try #require(report["GpUnit"] as? [[String: Any]])
        let types = Dictionary(grouping: units) { $0["Type"] as? String ?? "?" }.mapValues(\.count)
        #expect(types["state"] == structure.commissions.filter { $0.level == "regional" }.count)
        #expect(types["county"] == structure.commissions.filter { $0.level == "district" }.count)
        #expect(types["country"] == 1)
        #expect(types["other"] == nil)
        #expect(units.allSatisfy { $0["OtherType"] == nil })
        #expect(try NISTFixture.election(report)["Type"] as? String == "general")
        #expect(report["Status"] as? String == "unofficial-partial")
        #expect(
            try NISTFixture.contest(report)["CountStatus"].flatMap { ($0 as? [[String: Any]])?.first?["Status"] as? String }
                == "not-processed")
    }

    @Test func sameInputSameBytes() throws {
        #expect(try export(partialProtocols) == export(Array(partialProtocols.reversed())))
    }

    @Test func badInputIsRefused() throws {
        let good = NISTFixture.protocols(structure)
        func refusal(_ body: () throws -> Data) -> String? {
            do {
                _ = try body()
                return nil
            } catch let problem as NISTExport.Problem {
                return problem.description
            } catch {
                return "unexpected \(error)"
            }
        }
        var unknownPrecinct = good[0]
        unknownPrecinct.precinctID = "pec-nowhere"
        var otherElection = good[0]
        otherElection.electionID = "another-election"
        var missingLine = good[0]
        missingLine.lines["ballots_cast"] = nil
        var unknownCandidate = good[0]
        unknownCandidate.candidateVotes["someone"] = 5
        let cases: [(String, [ResultsProtocol], String)] = [
            ("unknown precinct", [unknownPrecinct], "not part of election"),
            ("other election", [otherElection], "is for election 'another-election'"),
            ("missing line", [missingLine], "missing-line"),
            ("unknown candidate", [unknownCandidate], "unknown-candidate"),
            ("twice", [good[1], good[0], good[1]], "given twice"),
        ]
        for (name, protocols, message) in cases {
            let description = refusal { try export(protocols) }
            #expect(description?.contains(message) == true, "\(name): \(description ?? "accepted")")
        }
        #expect(refusal { try export([], levelTypes: ["oblast": .state]) }?.contains("not a commission level") == true)
        let russian = try LawProfile.bundled("ru-2012")
        #expect(
            refusal {
                try NISTExport.electionReport(structure: structure, profile: russian, protocols: [], generatedAt: NISTFixture.generatedAt)
            }?.contains("profile") == true)
        #expect(
            refusal {
                try NISTExport.electionReport(
                    structure: structure, profile: profile, protocols: [], generatedAt: NISTFixture.generatedAt, sequence: 0)
            } != nil)
        #expect(
            refusal {
                try NISTExport.electionReport(
                    structure: structure, profile: profile, protocols: [], generatedAt: NISTFixture.generatedAt, issuer: " ")
            } != nil)
    }

    // MARK: Schema validation by scripts/validate-nist.py

    @Test(NISTValidator.requirement, arguments: [false, true])
    func exportIsValidAgainstTheNISTSchema(complete: Bool) throws {
        let protocols = complete ? NISTFixture.protocols(structure) : partialProtocols
        let levelTypes: [String: NISTExport.ReportingUnitType] = complete ? [:] : ["regional": .state, "district": .county]
        let data = try NISTExport.electionReport(
            structure: structure, profile: profile, protocols: protocols, generatedAt: NISTFixture.generatedAt,
            issuer: "Central Election Commission of the Republic of Kazakhstan", issuerAbbreviation: "CEC", sequence: 2,
            electionType: .special, levelTypes: levelTypes, isTest: true)
        guard let run = try NISTValidator.run(data) else { return }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("OK"), "\(run.output)")
    }

    /// The validator must catch what the schema cannot (dangling and mistyped references,
    /// duplicate ids) as well as what it can.
    @Test(
        NISTValidator.requirement,
        arguments: ["dangling GpUnitId", "mistyped CandidateIds", "duplicate @id", "unknown ReportingUnit Type", "missing Issuer"])
    func brokenDocumentIsRefusedByTheValidator(breakage: String) throws {
        var report = try NISTFixture.object(export(partialProtocols))
        var election = try NISTFixture.election(report)
        var contest = try NISTFixture.contest(report)
        var selections = try #require(contest["ContestSelection"] as? [[String: Any]])
        var units = try #require(report["GpUnit"] as? [[String: Any]])
        let expected: String
        switch breakage {
        case "dangling GpUnitId":
            var counts = try #require(selections[0]["VoteCounts"] as? [[String: Any]])
            counts[0]["GpUnitId"] = "gpunit-pec-nowhere"
            selections[0]["VoteCounts"] = counts
            expected = "'gpunit-pec-nowhere' does not name any @id"
        case "mistyped CandidateIds":
            selections[0]["CandidateIds"] = [NISTExport.ID.party("nur-otan")]
            expected = "names a ElectionResults.Party, expected ElectionResults.Candidate"
        case "duplicate @id":
            units[1]["@id"] = units[0]["@id"]
            expected = "is already used"
        case "unknown ReportingUnit Type":
            units[0]["Type"] = "province"
            expected = "$.GpUnit[0].Type: 'province' is not one of"
        default:
            report["Issuer"] = nil
            expected = "'Issuer' is a required property"
        }
        contest["ContestSelection"] = selections
        election["Contest"] = [contest]
        report["Election"] = [election]
        report["GpUnit"] = units
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        guard let run = try NISTValidator.run(data) else { return }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains(expected), "\(run.output)")
        #expect(run.output.contains("FAILED"), "\(run.output)")
    }
}
