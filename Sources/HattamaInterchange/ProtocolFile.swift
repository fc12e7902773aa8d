import Foundation
import HattamaCore

/// A file of results protocols as commissions or a digitising centre deliver them:
/// JSON Lines (one object per line) or CSV (a header naming `precinct_id`, the profile's line ids,
/// the candidate ids, and optionally `signature`, `reason` and `decision_reference`).
public struct ProtocolFileEntry: Hashable, Sendable {
    /// 1-based line of the file the entry came from, for error messages.
    public var line: Int
    public var resultsProtocol: ResultsProtocol
    /// Base64 Ed25519 signature, if the file carries one.
    public var signature: String?
    public var reason: String?
    public var decisionReference: String?
}

public struct ProtocolFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public let line: Int
    public let field: String?
    public let message: String

    public var description: String { "line \(line)\(field.map { ", field '\($0)'" } ?? ""): \(message)" }
}

public enum ProtocolFile {
    public enum Format: String, CaseIterable, Sendable {
        case jsonLines = "jsonl"
        case csv
    }

    /// Guesses the format from a file name.
    public static func format(ofFileNamed name: String) -> Format? {
        let lower = name.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonLines }
        if lower.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// Parses the whole file or throws the first problem with its line number. Figures are checked
    /// against the profile later; this only checks the file's shape.
    public static func parse(_ data: Data, format: Format, electionID: String, profile: LawProfile) throws(ProtocolFileError)
        -> [ProtocolFileEntry]
    {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProtocolFileError(line: 1, field: nil, message: "the file is not UTF-8 text")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        switch format {
        case .jsonLines: return try parseJSONLines(lines, electionID: electionID)
        case .csv: return try parseCSV(lines, electionID: electionID, profile: profile)
        }
    }

    struct JSONEntry: Decodable {
        var precinctID: String
        var lines: [String: Int]
        var candidateVotes: [String: Int]
        var signature: String?
        var reason: String?
        var decisionReference: String?
    }

    static func parseJSONLines(_ lines: [Substring], electionID: String) throws(ProtocolFileError) -> [ProtocolFileEntry] {
        var entries: [ProtocolFileEntry] = []
        let decoder = JSONDecoder()
        for (i, raw) in lines.enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let entry: JSONEntry
            do {
                entry = try decoder.decode(JSONEntry.self, from: Data(trimmed.utf8))
            } catch let error as DecodingError {
                // Valid JSON that the decoder still refuses without a path holds a fractional or
                // oversized number somewhere.
                if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                    (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) is [String: Any]
                {
                    throw ProtocolFileError(line: i + 1, field: nil, message: "a figure is not a whole number")
                }
                throw ProtocolFileError(line: i + 1, field: field(of: error), message: describe(error))
            } catch {
                throw ProtocolFileError(line: i + 1, field: nil, message: "not a JSON object")
            }
            entries.append(
                ProtocolFileEntry(
                    line: i + 1,
                    resultsProtocol: ResultsProtocol(
                        electionID: electionID, precinctID: entry.precinctID, lines: entry.lines, candidateVotes: entry.candidateVotes),
                    signature: entry.signature, reason: entry.reason, decisionReference: entry.decisionReference))
        }
        guard !entries.isEmpty else { throw ProtocolFileError(line: 1, field: nil, message: "the file holds no protocols") }
        return entries
    }

    static func field(of error: DecodingError) -> String? {
        switch error {
        case .keyNotFound(let key, let context): return (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? nil : path
        @unknown default: return nil
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "is required"
        case .typeMismatch(let type, _): return type == Int.self ? "must be a whole number" : "has the wrong type"
        case .valueNotFound: return "must not be null"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not valid JSON" : context.debugDescription
        @unknown default: return "cannot be read"
        }
    }

    static let optionalColumns: Set<String> = ["signature", "reason", "decision_reference"]

    static func parseCSV(_ lines: [Substring], electionID: String, profile: LawProfile) throws(ProtocolFileError) -> [ProtocolFileEntry] {
        guard let headerLine = lines.first, !headerLine.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProtocolFileError(line: 1, field: nil, message: "the header is missing")
        }
        let header = try splitCSV(String(headerLine.trimmingPrefix("\u{FEFF}")), line: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let precinctColumn = header.firstIndex(of: "precinct_id") else {
            throw ProtocolFileError(line: 1, field: "precinct_id", message: "the header has no precinct_id column")
        }
        var seen = Set<String>()
        for name in header {
            guard !name.isEmpty else { throw ProtocolFileError(line: 1, field: nil, message: "a column has no name") }
            guard seen.insert(name).inserted else { throw ProtocolFileError(line: 1, field: name, message: "column appears twice") }
        }
        let lineIDs = Set(profile.protocolForm.lines.map(\.id))
        for id in profile.protocolForm.lines.map(\.id) where !seen.contains(id) {
            throw ProtocolFileError(line: 1, field: id, message: "the header lacks protocol line '\(id)' of profile \(profile.id)")
        }
        var entries: [ProtocolFileEntry] = []
        for (i, raw) in lines.enumerated().dropFirst() {
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = try splitCSV(String(raw), line: i + 1)
            guard fields.count == header.count else {
                throw ProtocolFileError(line: i + 1, field: nil, message: "has \(fields.count) fields, the header has \(header.count)")
            }
            var figures: [String: Int] = [:]
            var votes: [String: Int] = [:]
            var extras: [String: String] = [:]
            for (column, value) in zip(header, fields) where column != "precinct_id" {
                if optionalColumns.contains(column) {
                    extras[column] = value.isEmpty ? nil : value
                    continue
                }
                guard let number = Int(value.trimmingCharacters(in: .whitespaces)) else {
                    throw ProtocolFileError(line: i + 1, field: column, message: "'\(value)' is not a whole number")
                }
                if lineIDs.contains(column) { figures[column] = number } else { votes[column] = number }
            }
            entries.append(
                ProtocolFileEntry(
                    line: i + 1,
                    resultsProtocol: ResultsProtocol(
                        electionID: electionID, precinctID: fields[precinctColumn].trimmingCharacters(in: .whitespaces), lines: figures,
                        candidateVotes: votes),
                    signature: extras["signature"], reason: extras["reason"], decisionReference: extras["decision_reference"]))
        }
        guard !entries.isEmpty else { throw ProtocolFileError(line: 2, field: nil, message: "the file holds no protocols") }
        return entries
    }

    /// Splits one CSV record (RFC 4180 quoting; no newlines inside fields in this format).
    static func splitCSV(_ line: String, line number: Int) throws(ProtocolFileError) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))).makeIterator()
        var atFieldStart = true
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote is a literal quote; a single one ends the field.
                    var lookahead = iterator
                    if lookahead.next() == "\"" {
                        current.append("\"")
                        iterator = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if c == "," {
                fields.append(current)
                current = ""
                atFieldStart = true
            } else {
                current.append(c)
                atFieldStart = false
            }
        }
        if quoted { throw ProtocolFileError(line: number, field: nil, message: "a quoted field is not closed") }
        fields.append(current)
        return fields
    }
}
