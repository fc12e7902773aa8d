import Foundation

/// The figures of one precinct election commission's results protocol, as entered from the
/// signed paper form: the fixed lines of the profile's form by line id, and the votes of every
/// registered candidate by candidate id.
///
/// Only figures live here; who entered them, when, and the scan are the store's business. A
/// protocol must pass `validate(profile:candidates:)` before it is assessed or tabulated.
public struct ResultsProtocol: Codable, Hashable, Sendable {
    public var electionID: String
    public var precinctID: String
    /// Line id → figure, one entry per line of `LawProfile.protocolForm.lines`.
    public var lines: [String: Int]
    /// Candidate id → votes, one entry per registered candidate of the election.
    public var candidateVotes: [String: Int]

    public init(electionID: String, precinctID: String, lines: [String: Int], candidateVotes: [String: Int]) {
        self.electionID = electionID
        self.precinctID = precinctID
        self.lines = lines
        self.candidateVotes = candidateVotes
    }

    /// Longest election or precinct id accepted; the same bound the structure puts on commission ids.
    public static let maximumIDLength = 64
}

/// Why a protocol was refused: a short stable code (for programs and translations), the field
/// it concerns (`lines.ballots_cast`, `candidateVotes.kasymov`, `precinctID`, …) and an English
/// message naming the rule that was broken.
public struct ProtocolRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Codable, CaseIterable, Sendable {
        case missingLine = "missing-line"
        case unknownLine = "unknown-line"
        case missingCandidate = "missing-candidate"
        case unknownCandidate = "unknown-candidate"
        case negativeFigure = "negative-figure"
        case figureTooLarge = "figure-too-large"
        case emptyID = "empty-id"
        case idTooLong = "id-too-long"
        case controlCharacters = "control-characters"
        /// The candidates given belong to another election than the one the protocol names.
        case wrongElection = "wrong-election"
        /// The precinct is not part of the structure being tabulated.
        case unknownPrecinct = "unknown-precinct"
    }

    public let code: Code
    public let field: String
    public let message: String

    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code.rawValue) (\(field)): \(message)" }
}

/// What every protocol of one election must hold, worked out once per election: the form's lines
/// and the election's candidates, both as `validate` checks them and in canonical key order.
///
/// `validate(layout:)` and `canonicalBytes(layout:)` use it to check and encode a well-formed
/// protocol without building a message, a set or a sorted key list; anything else (a protocol with
/// a problem, a profile or candidate list with duplicate ids) takes the general path. The results,
/// errors and bytes alike, are therefore exactly those of `validate(profile:candidates:)` and
/// `canonicalBytes()`.
public struct ProtocolLayout: Sendable {
    /// One figure's key: the id to look up and the bytes written before its value (`"id":`).
    struct Key: Sendable {
        let id: String
        let written: [UInt8]
    }

    /// Keys in canonical order; nil when two keys would be written alike.
    struct CanonicalOrder: Sendable {
        let lines: [Key]
        let candidates: [Key]
        /// The election id as a JSON string.
        let electionID: [UInt8]
        /// Bytes of everything but the figures' digits and the precinct id, for one allocation.
        let capacity: Int
    }

    public let electionID: String
    let profile: LawProfile
    let candidates: [Candidate]
    /// The form's line ids, in form order.
    let lineIDs: [String]
    /// Ids of the candidates of `electionID`.
    let candidateIDs: [String]
    /// False when the form or the candidates repeat an id, or no candidate is of this election
    /// although some are given: then every protocol is validated the general way.
    let quickValidation: Bool
    let canonicalOrder: CanonicalOrder?

    public init(electionID: String, profile: LawProfile, candidates: [Candidate]) {
        self.electionID = electionID
        self.profile = profile
        self.candidates = candidates
        lineIDs = profile.protocolForm.lines.map(\.id)
        candidateIDs = candidates.filter { $0.electionID == electionID }.map(\.id)
        quickValidation =
            Set(lineIDs).count == lineIDs.count && Set(candidateIDs).count == candidateIDs.count
            && !(candidateIDs.isEmpty && !candidates.isEmpty)
        func keys(_ ids: [String]) -> [Key]? {
            let sorted = ids.map { (id: $0, utf8: CanonicalJSON.normalizedUTF8($0)) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.utf8 == b.utf8 { return nil }
            return sorted.map { entry in
                var written: [UInt8] = []
                CanonicalJSON.appendStringBytes(entry.utf8, to: &written)
                written.append(UInt8(ascii: ":"))
                return Key(id: entry.id, written: written)
            }
        }
        if let lines = keys(lineIDs), let votes = keys(candidateIDs) {
            var election: [UInt8] = []
            CanonicalJSON.appendString(electionID, to: &election)
            let fixed =
                CanonicalJSON.openingKey.count + CanonicalJSON.electionKey.count + CanonicalJSON.formatAndLinesKey.count
                + CanonicalJSON.precinctKey.count + election.count + 8
            let perFigure = (lines + votes).reduce(0) { $0 + $1.written.count + 8 }
            canonicalOrder = CanonicalOrder(lines: lines, candidates: votes, electionID: election, capacity: fixed + perFigure)
        } else {
            canonicalOrder = nil
        }
    }
}

extension ResultsProtocol {
    /// `validate(profile:candidates:)` with the layout's profile and candidates, without
    /// allocating for a protocol that has no problem. Throws exactly what that method throws.
    public func validate(layout: ProtocolLayout) throws(ProtocolRejection) {
        if layout.quickValidation, isWellFormed(layout) { return }
        try validate(profile: layout.profile, candidates: layout.candidates)
    }

    /// True only when `rejections` would find nothing: valid ids, exactly the form's lines and
    /// exactly the election's candidates (the counts match and every id is present, and the ids are
    /// distinct), every figure in 0...maximum.
    private func isWellFormed(_ layout: ProtocolLayout) -> Bool {
        guard electionID == layout.electionID, lines.count == layout.lineIDs.count,
            candidateVotes.count == layout.candidateIDs.count,
            Self.idProblem(precinctID, name: "precinct id") == nil, Self.idProblem(electionID, name: "election id") == nil
        else { return false }
        let maximum = layout.profile.protocolForm.maximumLineValue
        for id in layout.lineIDs {
            guard let value = lines[id], value >= 0, value <= maximum else { return false }
        }
        for id in layout.candidateIDs {
            guard let value = candidateVotes[id], value >= 0, value <= maximum else { return false }
        }
        return true
    }
}

extension ResultsProtocol {
    /// Refuses a protocol that does not fit the profile's form or the election's candidates.
    /// Throws the first problem, in a fixed order: ids, then lines in form order, then unknown
    /// lines, then candidates in ballot order, then unknown candidates. Never traps, whatever
    /// the figures.
    public func validate(profile: LawProfile, candidates: [Candidate]) throws(ProtocolRejection) {
        if let first = rejections(profile: profile, candidates: candidates, stopAtFirst: true).first { throw first }
    }

    /// Every problem of the protocol, in the order `validate` reports them, so that a data-entry
    /// screen can show them all at once.
    public func rejections(profile: LawProfile, candidates: [Candidate]) -> [ProtocolRejection] {
        rejections(profile: profile, candidates: candidates, stopAtFirst: false)
    }

    private func rejections(profile: LawProfile, candidates: [Candidate], stopAtFirst: Bool) -> [ProtocolRejection] {
        var found: [ProtocolRejection] = []
        func reject(_ code: ProtocolRejection.Code, _ field: String, _ message: String) -> Bool {
            found.append(ProtocolRejection(code: code, field: field, message: message))
            return stopAtFirst
        }

        if let problem = Self.idProblem(precinctID, name: "precinct id") {
            if reject(problem.code, "precinctID", problem.message) { return found }
        }
        if let problem = Self.idProblem(electionID, name: "election id") {
            if reject(problem.code, "electionID", problem.message) { return found }
        }
        // Candidates of other elections are not this protocol's candidates; if none is of this
        // election, the protocol names the wrong election rather than lacking every candidate.
        let ours = candidates.filter { $0.electionID == electionID }.sorted { $0.ballotOrder < $1.ballotOrder }
        if ours.isEmpty, let other = candidates.first {
            let message = "the protocol is for election '\(electionID)' but the candidates are of election '\(other.electionID)'"
            if reject(.wrongElection, "electionID", message) { return found }
        }

        let maximum = profile.protocolForm.maximumLineValue
        func checkFigure(_ value: Int, field: String, what: String) -> Bool {
            if value < 0 {
                return reject(.negativeFigure, field, "\(what): \(value) is negative; every figure on the protocol counts something")
            }
            if value > maximum {
                return reject(
                    .figureTooLarge, field,
                    "\(what): \(value) is above \(maximum), the largest figure a line may hold under profile \(profile.id)")
            }
            return false
        }

        for line in profile.protocolForm.lines {
            let field = "lines.\(line.id)"
            let what = "line \(line.number) '\(line.id)'"
            guard let value = lines[line.id] else {
                if reject(.missingLine, field, "\(what) of the \(profile.id) form is missing; every line must be filled in, with 0 if none")
                {
                    return found
                }
                continue
            }
            if checkFigure(value, field: field, what: what) { return found }
        }
        let formLines = Set(profile.protocolForm.lines.map(\.id))
        for id in lines.keys.sorted() where !formLines.contains(id) {
            if reject(.unknownLine, "lines.\(id)", "line '\(id)' is not on the \(profile.id) protocol form") { return found }
        }

        for candidate in ours {
            let field = "candidateVotes.\(candidate.id)"
            let what = "votes for candidate '\(candidate.id)'"
            guard let value = candidateVotes[candidate.id] else {
                if reject(.missingCandidate, field, "\(what) are missing; every registered candidate needs a line, with 0 if none") {
                    return found
                }
                continue
            }
            if checkFigure(value, field: field, what: what) { return found }
        }
        if !ours.isEmpty || candidates.isEmpty {
            let known = Set(ours.map(\.id))
            for id in candidateVotes.keys.sorted() where !known.contains(id) {
                if reject(.unknownCandidate, "candidateVotes.\(id)", "'\(id)' is not a registered candidate of election '\(electionID)'") {
                    return found
                }
            }
        }
        return found
    }

    static func idProblem(_ id: String, name: String) -> (code: ProtocolRejection.Code, message: String)? {
        // One pass without Foundation: this runs for every protocol recorded. ASCII is decided
        // from the byte; other scalars from their Unicode properties.
        var blank = true
        var control = false
        for scalar in id.unicodeScalars {
            if scalar.isASCII {
                let byte = scalar.value
                let whitespace = byte == 0x20 || (0x09...0x0D).contains(byte)
                if !whitespace { blank = false }
                if byte < 0x20 || byte == 0x7F { control = true }
            } else {
                let properties = scalar.properties
                if !properties.isWhitespace { blank = false }
                if properties.generalCategory == .control { control = true }
            }
        }
        if blank { return (.emptyID, "the \(name) is empty") }
        // A string never has more characters than UTF-8 bytes, so counting is rarely needed.
        if id.utf8.count > maximumIDLength, id.count > maximumIDLength {
            return (.idTooLong, "the \(name) has \(id.count) characters; at most \(maximumIDLength) are allowed")
        }
        // NUL and other control characters are never part of a real id, and PostgreSQL cannot store NUL.
        if control { return (.controlCharacters, "the \(name) contains control characters") }
        return nil
    }
}
