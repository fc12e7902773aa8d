import Foundation

extension ResultsProtocol {
    /// Version tag written into every canonical encoding. A new version is a new tag; old
    /// encodings keep their meaning forever because their hashes are published.
    public static let canonicalFormat = "hattama-protocol/1"

    /// The protocol's figures as one exact sequence of bytes, so that anyone holding the figures
    /// (a posted copy, the published data) can recompute it and check the published hash.
    ///
    /// Format `hattama-protocol/1`: UTF-8 JSON, without byte-order mark, whitespace or trailing
    /// newline, of one object with exactly these five keys:
    ///
    /// ```
    /// {"candidateVotes":{…},"electionID":"…","format":"hattama-protocol/1","lines":{…},"precinctID":"…"}
    /// ```
    ///
    /// - `candidateVotes` and `lines` are objects mapping ids to figures; either may be `{}`.
    /// - Keys of every object are sorted by their UTF-8 bytes (the same as Unicode code point
    ///   order); there are no duplicate keys.
    /// - Figures are integers in base 10: an optional `-`, no `+`, no leading zeros (`0` itself
    ///   is `0`, never `-0`), no fraction and no exponent.
    /// - Strings (ids and keys) are first put in Unicode Normalization Form C, then written
    ///   between `"` with only these escapes: `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, and
    ///   `\u00xx` (lower-case hex) for the other characters U+0000–U+001F. Every other
    ///   character, including non-ASCII ones, is written as its UTF-8 bytes.
    ///
    /// These are exactly the bytes of Python's
    /// `json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")`
    /// for `obj` holding the five keys with every string in NFC (`unicodedata.normalize("NFC", s)`),
    /// so an observer needs no Hattama code to recompute them.
    /// Equal protocols always give equal bytes, whatever the order of their dictionaries.
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + 24 * (lines.count + candidateVotes.count))
        out.append(contentsOf: CanonicalJSON.openingKey)
        CanonicalJSON.appendFigures(candidateVotes, to: &out)
        appendMiddleAndLines(to: &out, electionBytes: nil) { CanonicalJSON.appendFigures(lines, to: &$0) }
        return out
    }

    /// The same bytes as `canonicalBytes()`, faster for a protocol whose keys are exactly the
    /// layout's (any protocol that passed `validate(layout:)`): the keys are already normalised,
    /// escaped and sorted once per election instead of on every call. Any other protocol takes the
    /// general path, so the result never depends on the layout.
    public func canonicalBytes(layout: ProtocolLayout) -> [UInt8] {
        guard let order = layout.canonicalOrder, lines.count == order.lines.count, candidateVotes.count == order.candidates.count
        else { return canonicalBytes() }
        var out: [UInt8] = []
        out.reserveCapacity(order.capacity + precinctID.utf8.count)
        out.append(contentsOf: CanonicalJSON.openingKey)
        // With as many entries as the layout and every layout key present, the keys are the layout's.
        guard CanonicalJSON.appendFigures(candidateVotes, in: order.candidates, to: &out) else { return canonicalBytes() }
        let electionBytes = electionID == layout.electionID ? order.electionID : nil
        var complete = true
        appendMiddleAndLines(to: &out, electionBytes: electionBytes) {
            complete = CanonicalJSON.appendFigures(lines, in: order.lines, to: &$0)
        }
        return complete ? out : canonicalBytes()
    }

    /// Everything after the candidate votes: election id, format, the lines (written by `lines`)
    /// and the precinct id. `electionBytes` is the election id already written as a JSON string.
    private func appendMiddleAndLines(to out: inout [UInt8], electionBytes: [UInt8]?, lines: (inout [UInt8]) -> Void) {
        out.append(contentsOf: CanonicalJSON.electionKey)
        if let electionBytes { out.append(contentsOf: electionBytes) } else { CanonicalJSON.appendString(electionID, to: &out) }
        out.append(contentsOf: CanonicalJSON.formatAndLinesKey)
        lines(&out)
        out.append(contentsOf: CanonicalJSON.precinctKey)
        CanonicalJSON.appendString(precinctID, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Reads back bytes written by `canonicalBytes()`. Only the canonical form is accepted:
    /// bytes that parse but differ from the re-encoding of what they hold (extra spaces, keys out
    /// of order, `1.0`, other escapes, non-NFC text) are refused, so one protocol has one encoding
    /// and therefore one hash.
    public init(canonicalBytes bytes: [UInt8]) throws(CanonicalFormError) {
        var parser = CanonicalJSON.Parser(bytes: bytes)
        let root = try parser.parseDocument()
        guard case .object(let members) = root else {
            throw CanonicalFormError(offset: 0, message: "expected a JSON object")
        }
        let keys = members.map(\.key)
        let expected = ["candidateVotes", "electionID", "format", "lines", "precinctID"]
        guard Set(keys) == Set(expected), keys.count == expected.count else {
            throw CanonicalFormError(
                offset: 0, message: "expected exactly the keys \(expected.joined(separator: ", ")), found \(keys.joined(separator: ", "))")
        }
        var values: [String: CanonicalJSON.Value] = [:]
        for member in members { values[member.key] = member.value }
        guard case .string(let format)? = values["format"] else {
            throw CanonicalFormError(offset: 0, message: "'format' must be a string")
        }
        guard format == Self.canonicalFormat else {
            throw CanonicalFormError(offset: 0, message: "format '\(format)' is not supported (this Hattama reads \(Self.canonicalFormat))")
        }
        guard case .string(let electionID)? = values["electionID"], case .string(let precinctID)? = values["precinctID"] else {
            throw CanonicalFormError(offset: 0, message: "'electionID' and 'precinctID' must be strings")
        }
        func figures(_ key: String) throws(CanonicalFormError) -> [String: Int] {
            guard case .object(let members)? = values[key] else {
                throw CanonicalFormError(offset: 0, message: "'\(key)' must be an object of whole numbers")
            }
            var result: [String: Int] = [:]
            for member in members {
                guard case .integer(let value) = member.value else {
                    throw CanonicalFormError(offset: 0, message: "'\(key).\(member.key)' must be a whole number")
                }
                guard result.updateValue(value, forKey: member.key) == nil else {
                    throw CanonicalFormError(offset: 0, message: "'\(key)' holds '\(member.key)' twice")
                }
            }
            return result
        }
        self.init(
            electionID: electionID, precinctID: precinctID, lines: try figures("lines"), candidateVotes: try figures("candidateVotes"))
        let again = canonicalBytes()
        if again != bytes {
            let offset = zip(again, bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(again.count, bytes.count)
            throw CanonicalFormError(offset: offset, message: "the figures are readable but not in canonical form")
        }
    }
}

/// Why bytes are not a canonical protocol encoding; `offset` is the byte where it went wrong.
public struct CanonicalFormError: Error, Hashable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "at byte \(offset): \(message)" }
}

/// The small subset of JSON the canonical form uses: objects, strings and integers.
enum CanonicalJSON {
    /// The fixed parts of the document, around the figures and ids.
    static let openingKey = Array(#"{"candidateVotes":"#.utf8)
    static let electionKey = Array(#","electionID":"#.utf8)
    static let formatAndLinesKey = Array(#","format":"\#(ResultsProtocol.canonicalFormat)","lines":"#.utf8)
    static let precinctKey = Array(#","precinctID":"#.utf8)

    static func appendKey(_ key: String, to out: inout [UInt8]) {
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    static func appendFigures(_ figures: [String: Int], to out: inout [UInt8]) {
        // Sort by the bytes actually written, so the order cannot depend on how Swift compares strings.
        let entries = figures.map { (key: normalizedUTF8($0.key), value: $0.value) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        out.append(UInt8(ascii: "{"))
        for (i, entry) in entries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendStringBytes(entry.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendInteger(entry.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Writes `figures` in the precomputed order; false (with `out` partly written) when a key of
    /// the order is missing, so the caller must fall back to the general path.
    static func appendFigures(_ figures: [String: Int], in order: [ProtocolLayout.Key], to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "{"))
        for (i, key) in order.enumerated() {
            guard let value = figures[key.id] else { return false }
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: key.written)
            appendInteger(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// Base 10, `-` for negatives, no leading zeros: the same digits as `String(value)`.
    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, least significant first
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    static func appendString(_ text: String, to out: inout [UInt8]) {
        // ASCII is already NFC: written straight from the string, without a copy.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            appendStringBytes(text.utf8, to: &out)
        } else {
            appendStringBytes(normalizedUTF8(text), to: &out)
        }
    }

    /// Swift treats canonically equivalent strings as equal, so the bytes must not depend on
    /// which of the equivalent forms was typed: NFC is the one written.
    static func normalizedUTF8(_ text: String) -> [UInt8] {
        // ASCII is already NFC; skipping Foundation keeps the common case fast.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
        return Array(text.precomposedStringWithCanonicalMapping.utf8)
    }

    static func appendStringBytes<Bytes: Sequence<UInt8>>(_ utf8: Bytes, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x08: appendEscape(UInt8(ascii: "b"), to: &out)
            case 0x09: appendEscape(UInt8(ascii: "t"), to: &out)
            case 0x0A: appendEscape(UInt8(ascii: "n"), to: &out)
            case 0x0C: appendEscape(UInt8(ascii: "f"), to: &out)
            case 0x0D: appendEscape(UInt8(ascii: "r"), to: &out)
            case 0x00..<0x20:
                appendEscape(UInt8(ascii: "u"), to: &out)
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ letter: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(letter)
    }

    /// Lower-case hex digit of a nibble.
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    enum Value {
        case string(String)
        case integer(Int)
        case object([(key: String, value: Value)])
    }

    /// A strict reader: anything the writer never produces (floats, arrays, literals, `\/`,
    /// `\uXXXX` outside the control range, whitespace) is refused with its byte offset.
    struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ message: String) -> CanonicalFormError { CanonicalFormError(offset: index, message: message) }

        mutating func parseDocument() throws(CanonicalFormError) -> Value {
            let value = try parseValue(depth: 0)
            guard index == bytes.count else { throw fail("unexpected bytes after the object") }
            return value
        }

        mutating func parseValue(depth: Int) throws(CanonicalFormError) -> Value {
            guard index < bytes.count else { throw fail("the bytes ended where a value was expected") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                // The format nests two levels; anything deeper is not a protocol.
                guard depth < 2 else { throw fail("objects nest deeper than the format allows") }
                return try parseObject(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
            default: throw fail("expected an object, a string or a whole number")
            }
        }

        mutating func expect(_ byte: UInt8) throws(CanonicalFormError) {
            guard index < bytes.count, bytes[index] == byte else {
                throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
            }
            index += 1
        }

        mutating func parseObject(depth: Int) throws(CanonicalFormError) -> Value {
            try expect(UInt8(ascii: "{"))
            var members: [(key: String, value: Value)] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try parseString()
                try expect(UInt8(ascii: ":"))
                members.append((key, try parseValue(depth: depth + 1)))
                guard index < bytes.count else { throw fail("the bytes ended inside an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else {
                    try expect(UInt8(ascii: "}"))
                    return .object(members)
                }
            }
        }

        mutating func parseInteger() throws(CanonicalFormError) -> Int {
            let start = index
            let negative = bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let digitsStart = index
            var value = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                let digit = Int(bytes[index] - UInt8(ascii: "0"))
                // Accumulate negatively so that Int.min is representable.
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times.subtractingReportingOverflow(digit)
                guard !o1, !o2 else {
                    index = start
                    throw fail("number does not fit in 64 bits")
                }
                value = next
                index += 1
            }
            guard index > digitsStart else { throw fail("expected digits") }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                throw fail("figures are whole numbers, without fraction or exponent")
            }
            if negative { return value }
            guard value != Int.min else {
                index = start
                throw fail("number does not fit in 64 bits")
            }
            return -value
        }

        mutating func parseString() throws(CanonicalFormError) -> String {
            try expect(UInt8(ascii: "\""))
            var utf8: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("the bytes ended inside a string") }
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: utf8, as: UTF8.self) else {
                        throw fail("string is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { throw fail("the bytes ended inside an escape") }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): utf8.append(escaped)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] == UInt8(ascii: "0"),
                            let high = Self.hexValue(bytes[index + 2]), let low = Self.hexValue(bytes[index + 3]), high < 2
                        else { throw fail("only control characters U+0000–U+001F are written as \\u escapes") }
                        utf8.append(high << 4 | low)
                        index += 4
                    default: throw fail("escape '\\\(Character(Unicode.Scalar(escaped)))' is not used by the canonical form")
                    }
                case 0x00..<0x20: throw fail("control characters in strings must be escaped")
                default: utf8.append(byte)
                }
            }
        }

        /// Lower-case hex only: the writer never produces upper case.
        static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
    }
}
