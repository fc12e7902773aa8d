import Foundation

/// Why a profile was refused: the file, the key path inside it and what is wrong.
public struct LawProfileError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    public let keyPath: String
    public let problem: String

    public init(file: String, keyPath: String, problem: String) {
        self.file = file
        self.keyPath = keyPath
        self.problem = problem
    }

    public var description: String { "\(file): \(keyPath.isEmpty ? "(top level)" : keyPath): \(problem)" }
}

extension LawProfile {
    public static let defaultID = "kz-2011"
    public static let bundledIDs = ["kz-2011", "ru-2012"]

    /// A profile shipped with Hattama.
    public static func bundled(_ id: String = defaultID) throws -> LawProfile {
        guard bundledIDs.contains(id),
            let url = Bundle.module.url(forResource: id, withExtension: "json", subdirectory: "Profiles")
        else {
            throw LawProfileError(
                file: id, keyPath: "",
                problem: "no bundled profile named '\(id)'; bundled: \(bundledIDs.joined(separator: ", "))")
        }
        return try load(contentsOf: url)
    }

    /// A bundled profile id, or a path to a profile file.
    public static func named(_ idOrPath: String) throws -> LawProfile {
        if bundledIDs.contains(idOrPath) { return try bundled(idOrPath) }
        return try load(contentsOf: URL(fileURLWithPath: idOrPath))
    }

    public static func load(contentsOf url: URL) throws -> LawProfile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LawProfileError(file: url.lastPathComponent, keyPath: "", problem: "cannot be read: \(error.localizedDescription)")
        }
        return try decode(data, file: url.lastPathComponent)
    }

    /// Decodes and validates a profile. Every refusal names the file, the key path and the rule.
    public static func decode(_ data: Data, file: String) throws(LawProfileError) -> LawProfile {
        let raw: Any
        do {
            raw = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw LawProfileError(file: file, keyPath: "", problem: "is not valid JSON (\(Self.describeSyntaxError(error)))")
        }
        guard raw is [String: Any] else {
            throw LawProfileError(file: file, keyPath: "", problem: "must be a JSON object")
        }
        let profile: LawProfile
        do {
            profile = try JSONDecoder().decode(LawProfile.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                let found = Self.unrepresentableNumber(in: raw)
            {
                throw LawProfileError(file: file, keyPath: found.keyPath, problem: "expected a whole number, found \(found.number)")
            }
            throw Self.describe(error, file: file)
        } catch {
            throw LawProfileError(file: file, keyPath: "", problem: "\(error)")
        }
        if let unknown = Self.unknownKey(in: raw, known: try? JSONSerialization.jsonObject(with: JSONEncoder().encode(profile)), path: "") {
            throw LawProfileError(file: file, keyPath: unknown, problem: "unknown key (misspelt?)")
        }
        do {
            try profile.validate()
        } catch {
            throw LawProfileError(file: file, keyPath: error.keyPath, problem: error.problem)
        }
        return profile
    }

    /// Keys added to the format after profiles were already stored with elections, and the value
    /// the code used before each became data: a stored profile lacking one is read with it, so an
    /// older database keeps working (its stored bytes, which the log hashes, stay as they are).
    static func keysAddedLater() -> [(section: String, key: String, value: Any)] {
        [
            ("calendar", "voterListRequestsUntilDaysBefore", 0),
            ("calendar", "electionDayAdditionAlertPercent", 5.0),
            (
                "complaintDeadlines", "voterListAppealTo",
                [
                    "kk": "жоғары тұрған сайлау комиссиясына немесе сотқа", "ru": "в вышестоящую избирательную комиссию или в суд",
                    "en": "the higher election commission or the court",
                ]
            ),
        ]
    }

    /// `decode` for a profile stored with an election by an earlier Hattama. Profile files
    /// (`hattama profile check`, bundled profiles) must carry every key.
    public static func decodeStored(_ data: Data, file: String) throws(LawProfileError) -> LawProfile {
        guard var raw = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return try decode(data, file: file) }
        var filled = false
        for (section, key, value) in keysAddedLater() {
            guard var object = raw[section] as? [String: Any], object[key] == nil else { continue }
            object[key] = value
            raw[section] = object
            filled = true
        }
        guard filled, let data = try? JSONSerialization.data(withJSONObject: raw) else { return try decode(data, file: file) }
        return try decode(data, file: file)
    }

    struct Problem: Error {
        let keyPath: String
        let problem: String
    }

    public static let supportedFormatVersion = 1

    // swiftlint:disable:next function_body_length
    func validate() throws(Problem) {
        func require(_ condition: Bool, _ keyPath: String, _ problem: @autoclosure () -> String) throws(Problem) {
            if !condition { throw Problem(keyPath: keyPath, problem: problem()) }
        }
        func requireText(_ text: LocalizedText, _ keyPath: String) throws(Problem) {
            if let language = text.emptyLanguages.first {
                throw Problem(keyPath: "\(keyPath).\(language.rawValue)", problem: "must not be empty")
            }
        }
        func requireIdentifier(_ id: String, _ keyPath: String) throws(Problem) {
            let ok =
                !id.isEmpty
                && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            try require(ok, keyPath, "'\(id)' is not an identifier (lower-case letters, digits, '_' and '-')")
        }
        func requireTime(_ text: String, _ keyPath: String) throws(Problem) {
            try require(Self.minutes(ofTime: text) != nil, keyPath, "'\(text)' is not a time of day HH:MM")
        }

        try require(
            formatVersion == Self.supportedFormatVersion, "formatVersion",
            "format version \(formatVersion) is not supported (this Hattama reads \(Self.supportedFormatVersion))")
        try requireIdentifier(id, "id")
        try requireText(name, "name")

        try require(commissionLevels.count >= 2, "commissionLevels", "needs at least a central and a precinct level")
        var levelIDs = Set<String>()
        for (i, level) in commissionLevels.enumerated() {
            let path = "commissionLevels[\(i)]"
            try requireIdentifier(level.id, "\(path).id")
            try require(levelIDs.insert(level.id).inserted, "\(path).id", "level '\(level.id)' is declared twice")
            try requireText(level.names, "\(path).names")
            try requireText(level.abbreviations, "\(path).abbreviations")
            try require(
                level.statutoryMembers >= 1 && level.statutoryMembers <= 1000, "\(path).statutoryMembers",
                "must be between 1 and 1000, found \(level.statutoryMembers)")
        }

        let form = protocolForm
        try require(!form.lines.isEmpty, "protocolForm.lines", "a results protocol needs at least one line")
        var lineIDs = Set<String>()
        for (i, line) in form.lines.enumerated() {
            let path = "protocolForm.lines[\(i)]"
            let identifierOK =
                !line.id.isEmpty && line.id.unicodeScalars.allSatisfy { ControlExpressionIdentifier.allowed($0) }
                && !("0"..."9").contains(line.id.unicodeScalars.first!)
            try require(identifierOK, "\(path).id", "'\(line.id)' is not a line id (letters, digits and '_', not starting with a digit)")
            try require(line.id != "sum" && line.id != "candidates", "\(path).id", "'\(line.id)' is reserved")
            try require(lineIDs.insert(line.id).inserted, "\(path).id", "line '\(line.id)' is declared twice")
            try require(!line.number.isEmpty, "\(path).number", "must not be empty")
            try requireText(line.labels, "\(path).labels")
        }
        try requireText(form.candidateLines.labels, "protocolForm.candidateLines.labels")
        func requireTerm(_ text: String, _ keyPath: String) throws(Problem) {
            let term: ControlExpression.Term
            do {
                term = try ControlExpression.parseTerm(text)
            } catch {
                throw Problem(keyPath: keyPath, problem: error.description)
            }
            if let unknown = ControlExpression.lineIDs(in: term).subtracting(lineIDs).sorted().first {
                throw Problem(keyPath: keyPath, problem: "refers to unknown line '\(unknown)'")
            }
        }
        for (key, value) in [
            ("registeredVoters", form.registeredVoters), ("ballotsIssued", form.ballotsIssued),
            ("ballotsCast", form.ballotsCast), ("invalidBallots", form.invalidBallots),
            ("validVotes", form.validVotes), ("turnout", form.turnout),
        ] {
            try requireTerm(value, "protocolForm.\(key)")
        }
        try require(form.maximumLineValue > 0, "protocolForm.maximumLineValue", "must be positive")

        var controlIDs = Set<String>()
        for (i, rule) in controls.enumerated() {
            let path = "controls[\(i)]"
            try require(!rule.id.isEmpty, "\(path).id", "must not be empty")
            try require(controlIDs.insert(rule.id).inserted, "\(path).id", "control '\(rule.id)' is declared twice")
            let expression: ControlExpression
            do {
                expression = try rule.parsed()
            } catch {
                throw Problem(keyPath: "\(path).expression", problem: error.description)
            }
            if let unknown = expression.lineIDs.subtracting(lineIDs).sorted().first {
                throw Problem(keyPath: "\(path).expression", problem: "refers to unknown line '\(unknown)'")
            }
            try require((rule.tolerance ?? 0) >= 0, "\(path).tolerance", "must not be negative")
            try require(!rule.article.isEmpty, "\(path).article", "every control must cite the legal article it comes from")
            try requireText(rule.messages, "\(path).messages")
        }

        try require(decisionRules.quorum.numerator > 0, "decisionRules.quorum", "a quorum of zero is not a quorum")

        let c = calendar
        for (key, days) in [
            ("voterListsToCommissionsDaysBefore", c.voterListsToCommissionsDaysBefore),
            ("voterListDisplayDaysBefore", c.voterListDisplayDaysBefore),
            ("specialListDisplayDaysBefore", c.specialListDisplayDaysBefore),
            ("specialListFinalisedDaysBefore", c.specialListFinalisedDaysBefore),
            ("voterListRequestsUntilDaysBefore", c.voterListRequestsUntilDaysBefore),
            ("absenteeIssueFromDaysBefore", c.absenteeIssueFromDaysBefore),
            ("absenteeIssueUntilDaysBefore", c.absenteeIssueUntilDaysBefore),
        ] {
            try require(days >= 0 && days <= 366, "calendar.\(key)", "must be between 0 and 366 days, found \(days)")
        }
        try require(
            c.absenteeIssueFromDaysBefore >= c.absenteeIssueUntilDaysBefore, "calendar.absenteeIssueFromDaysBefore",
            "the issuing window ends before it starts")
        try requireTime(c.absenteeIssueUntilTime, "calendar.absenteeIssueUntilTime")
        try requireTime(c.votingOpens, "calendar.votingOpens")
        try requireTime(c.votingCloses, "calendar.votingCloses")
        try require(
            Self.minutes(ofTime: c.votingOpens)! < Self.minutes(ofTime: c.votingCloses)!, "calendar.votingCloses",
            "voting closes before it opens")
        try require(
            c.absenteeCapPercent >= 0 && c.absenteeCapPercent <= 100, "calendar.absenteeCapPercent",
            "must be a percentage between 0 and 100")
        try require(
            c.ballotReservePercent >= 0 && c.ballotReservePercent <= 100, "calendar.ballotReservePercent",
            "must be a percentage between 0 and 100")
        try require(c.countMaximumHours > 0, "calendar.countMaximumHours", "must be positive")
        try require(
            c.voterListRequestsUntilDaysBefore <= min(c.voterListDisplayDaysBefore, c.specialListDisplayDaysBefore),
            "calendar.voterListRequestsUntilDaysBefore", "requests would close before the lists are displayed")
        try require(
            c.electionDayAdditionAlertPercent.isFinite && c.electionDayAdditionAlertPercent > 0
                && c.electionDayAdditionAlertPercent <= 100, "calendar.electionDayAdditionAlertPercent",
            "must be a percentage above 0 and at most 100, found \(c.electionDayAdditionAlertPercent)")

        var kinds = Set<String>()
        for (i, kind) in specialStationKinds.enumerated() {
            try requireIdentifier(kind.id, "specialStationKinds[\(i)].id")
            try require(kind.id != PrecinctKind.ordinaryID, "specialStationKinds[\(i)].id", "'ordinary' is not a special kind")
            try require(kinds.insert(kind.id).inserted, "specialStationKinds[\(i)].id", "kind '\(kind.id)' is declared twice")
            try requireText(kind.names, "specialStationKinds[\(i)].names")
        }

        try require(complaintDeadlines.defaultDays >= 0, "complaintDeadlines.defaultDays", "must not be negative")
        try require(complaintDeadlines.immediateFromDaysBefore >= 0, "complaintDeadlines.immediateFromDaysBefore", "must not be negative")
        try requireText(complaintDeadlines.voterListAppealTo, "complaintDeadlines.voterListAppealTo")

        for (i, rule) in substitutions.enumerated() {
            try require(
                levelIDs.contains(rule.level), "substitutions[\(i)].level", "'\(rule.level)' is not a commission level of this profile")
            try require(
                !rule.appointingBodies.isEmpty, "substitutions[\(i)].appointingBodies", "at least one body must be entitled to appoint")
        }
        try requireTerm(winner.basis, "winner.basis")
        for (i, time) in turnoutReportingTimes.enumerated() {
            try requireTime(time, "turnoutReportingTimes[\(i)]")
        }
        let times = turnoutReportingTimes.compactMap(Self.minutes(ofTime:))
        try require(times == times.sorted() && Set(times).count == times.count, "turnoutReportingTimes", "times must be increasing")
    }

    /// Minutes after midnight of "HH:MM", or nil.
    public static func minutes(ofTime text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        // Int("+1") is 1, so "+1:00" would pass the length checks without the digit check.
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            text.unicodeScalars.allSatisfy({ $0 == ":" || ("0"..."9").contains($0) }),
            let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    static func describe(_ error: DecodingError, file: String) -> LawProfileError {
        func path(_ codingPath: [any CodingKey]) -> String {
            var result = ""
            for key in codingPath {
                if let index = key.intValue {
                    result += "[\(index)]"
                } else {
                    result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return result
        }
        func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
        switch error {
        case .keyNotFound(let key, let context):
            return LawProfileError(file: file, keyPath: join(path(context.codingPath), key.stringValue), problem: "is required but missing")
        case .typeMismatch(let type, let context):
            return LawProfileError(file: file, keyPath: path(context.codingPath), problem: "expected \(Self.typeName(type))")
        case .valueNotFound(let type, let context):
            return LawProfileError(file: file, keyPath: path(context.codingPath), problem: "expected \(Self.typeName(type)), found null")
        case .dataCorrupted(let context):
            return LawProfileError(file: file, keyPath: path(context.codingPath), problem: context.debugDescription)
        @unknown default:
            return LawProfileError(file: file, keyPath: "", problem: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }

    static func describeSyntaxError(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return text ?? error.localizedDescription
    }

    /// Foundation on Linux reports a number that does not fit its field (7.5 or 1e30 where a whole
    /// number is expected) as "not valid JSON" without a key path. A suspect number is to blame if
    /// decoding still fails that way once every other suspect is replaced by 0.
    static func unrepresentableNumber(in raw: Any) -> (keyPath: String, number: Double)? {
        func suspect(_ value: Any) -> Double? {
            guard let number = value as? NSNumber, Int(exactly: number.doubleValue) == nil else { return nil }
            return number.doubleValue
        }
        func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        func suspects(_ value: Any, _ path: String) -> [(keyPath: String, number: Double)] {
            if let number = suspect(value) { return [(path, number)] }
            if let object = value as? [String: Any] {
                return object.keys.sorted().flatMap { suspects(object[$0]!, child(path, $0)) }
            }
            if let array = value as? [Any] { return array.enumerated().flatMap { suspects($1, "\(path)[\($0)]") } }
            return []
        }
        func keeping(_ kept: String, _ value: Any, _ path: String) -> Any {
            if suspect(value) != nil { return path == kept ? value : 0 }
            if let object = value as? [String: Any] {
                return Dictionary(uniqueKeysWithValues: object.map { ($0, keeping(kept, $1, child(path, $0))) })
            }
            if let array = value as? [Any] { return array.enumerated().map { keeping(kept, $1, "\(path)[\($0)]") } }
            return value
        }
        for candidate in suspects(raw, "") {
            guard let data = try? JSONSerialization.data(withJSONObject: keeping(candidate.keyPath, raw, "")) else { continue }
            do {
                _ = try JSONDecoder().decode(LawProfile.self, from: data)
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                return candidate
            } catch {}
        }
        return nil
    }

    /// First key of `raw` that the decoded profile does not know, so a misspelt key is refused
    /// rather than silently ignored.
    static func unknownKey(in raw: Any, known: Any?, path: String) -> String? {
        if let object = raw as? [String: Any] {
            let knownObject = known as? [String: Any] ?? [:]
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = knownObject[key] else {
                    if object[key] is NSNull { continue }
                    return child
                }
                if let found = unknownKey(in: object[key]!, known: knownValue, path: child) { return found }
            }
        } else if let array = raw as? [Any], let knownArray = known as? [Any] {
            for (i, element) in array.enumerated() where i < knownArray.count {
                if let found = unknownKey(in: element, known: knownArray[i], path: "\(path)[\(i)]") { return found }
            }
        }
        return nil
    }
}

enum ControlExpressionIdentifier {
    static func allowed(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
    }
}
