import Foundation
import HattamaCore
import HattamaDemo
import Testing

@Suite("Canonical protocol encoding")
struct CanonicalProtocolTests {
    static let example = ResultsProtocol(
        electionID: "kz-2011-presidential", precinctID: "pec-akm-1",
        lines: ["voters_on_list": 1000, "ballots_cast": 798, "invalid_ballots": 10],
        candidateVotes: ["nazarbayev": 700, "kasymov": 50, "akhmetbekov": 20, "yeleusizov": 18])

    @Test func exactBytesOfASmallExample() {
        let expected =
            #"{"candidateVotes":{"akhmetbekov":20,"kasymov":50,"nazarbayev":700,"yeleusizov":18},"#
            + #""electionID":"kz-2011-presidential","format":"hattama-protocol/1","#
            + #""lines":{"ballots_cast":798,"invalid_ballots":10,"voters_on_list":1000},"precinctID":"pec-akm-1"}"#
        #expect(Self.example.canonicalBytes() == Array(expected.utf8))
        #expect(ResultsProtocol.canonicalFormat == "hattama-protocol/1")
    }

    /// Escapes, negative figures, non-ASCII keys in code point order (U+FFFF before U+1F600,
    /// unlike UTF-16 order), U+007F unescaped: the bytes Python's json.dumps gives for the same object.
    @Test func exactBytesWithEscapesAndUnicode() throws {
        let resultsProtocol = ResultsProtocol(
            electionID: "e", precinctID: "Алматы \"№1\"\\\r\u{8}\u{C}\u{0}",
            lines: ["Z": -5, "a": 0, "é": 1, "ä": 2, "éx": 3, "😀": 4, "\u{FFFF}": 5, "b\"\\\n\t\u{1}\u{1F}\u{7F}": 6], candidateVotes: [:])
        let expected: [UInt8] = [
            123, 34, 99, 97, 110, 100, 105, 100, 97, 116, 101, 86, 111, 116, 101, 115, 34, 58, 123, 125, 44, 34, 101, 108, 101, 99, 116,
            105, 111, 110, 73, 68, 34, 58, 34, 101, 34, 44, 34, 102, 111, 114, 109, 97, 116, 34, 58, 34, 104, 97, 116, 116, 97, 109, 97,
            45, 112, 114, 111, 116, 111, 99, 111, 108, 47, 49, 34, 44, 34, 108, 105, 110, 101, 115, 34, 58, 123, 34, 90, 34, 58, 45, 53,
            44, 34, 97, 34, 58, 48, 44, 34, 98, 92, 34, 92, 92, 92, 110, 92, 116, 92, 117, 48, 48, 48, 49, 92, 117, 48, 48, 49, 102, 127,
            34, 58, 54, 44, 34, 195, 164, 34, 58, 50, 44, 34, 195, 169, 34, 58, 49, 44, 34, 195, 169, 120, 34, 58, 51, 44, 34, 239, 191,
            191, 34, 58, 53, 44, 34, 240, 159, 152, 128, 34, 58, 52, 125, 44, 34, 112, 114, 101, 99, 105, 110, 99, 116, 73, 68, 34, 58,
            34, 208, 144, 208, 187, 208, 188, 208, 176, 209, 130, 209, 139, 32, 92, 34, 226, 132, 150, 49, 92, 34, 92, 92, 92, 114, 92,
            98, 92, 102, 92, 117, 48, 48, 48, 48, 34, 125,
        ]
        #expect(resultsProtocol.canonicalBytes() == expected)
        #expect(try ResultsProtocol(canonicalBytes: expected) == resultsProtocol)
    }

    @Test("Dictionary order never changes the bytes", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func shuffledDictionaries(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let lines = (0..<40).map { ("line_\($0)", Int.random(in: -5...100_000, using: &rng)) }
        let votes = (0..<12).map { ("candidate-\($0)", Int.random(in: 0...100_000, using: &rng)) }
        let reference = ResultsProtocol(
            electionID: "e", precinctID: "p", lines: Dictionary(uniqueKeysWithValues: lines),
            candidateVotes: Dictionary(uniqueKeysWithValues: votes)
        ).canonicalBytes()
        for attempt in 0..<20 {
            // Different insertion orders and capacities give different iteration orders.
            var shuffledLines = [String: Int](minimumCapacity: attempt * 7)
            for (key, value) in lines.shuffled(using: &rng) { shuffledLines[key] = value }
            var shuffledVotes = [String: Int](minimumCapacity: attempt * 3)
            for (key, value) in votes.shuffled(using: &rng) { shuffledVotes[key] = value }
            let again = ResultsProtocol(electionID: "e", precinctID: "p", lines: shuffledLines, candidateVotes: shuffledVotes)
            #expect(again.canonicalBytes() == reference)
        }
    }

    @Test func canonicallyEquivalentTextGivesTheSameBytes() throws {
        // "é" precomposed and as "e" + combining acute are the same Swift string, so they must
        // give the same bytes: NFC is written.
        let composed = ResultsProtocol(electionID: "e", precinctID: "Esil-\u{E9}", lines: ["\u{E9}": 1], candidateVotes: ["K\u{E9}": 2])
        let decomposed = ResultsProtocol(
            electionID: "e", precinctID: "Esil-e\u{301}", lines: ["e\u{301}": 1], candidateVotes: ["Ke\u{301}": 2])
        #expect(composed == decomposed)
        #expect(composed.canonicalBytes() == decomposed.canonicalBytes())
        #expect(!composed.canonicalBytes().contains(0xCC))  // no combining mark bytes
        let parsed = try ResultsProtocol(canonicalBytes: decomposed.canonicalBytes())
        #expect(parsed == decomposed)
    }

    @Test("Random protocols survive the round trip", arguments: [11, 12, 13, 14] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let alphabet: [Character] = [
            "a", "Z", "_", "-", "0", "é", "ә", "Қ", "\"", "\\", "\n", "\u{0}", "\u{7F}", "😀", " ", "/", "\u{2028}",
        ]
        func text() -> String { String((0..<Int.random(in: 1...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }) }
        func figure() -> Int {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: Int.min
            case 1: Int.max
            case 2: 0
            default: Int.random(in: -1_000_000...1_000_000, using: &rng)
            }
        }
        for _ in 0..<100 {
            var lines: [String: Int] = [:]
            for _ in 0..<Int.random(in: 0...12, using: &rng) { lines[text()] = figure() }
            var votes: [String: Int] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &rng) { votes[text()] = figure() }
            let original = ResultsProtocol(electionID: text(), precinctID: text(), lines: lines, candidateVotes: votes)
            let bytes = original.canonicalBytes()
            let parsed = try ResultsProtocol(canonicalBytes: bytes)
            #expect(parsed == original)
            #expect(parsed.canonicalBytes() == bytes)
            #expect(String(validating: bytes, as: UTF8.self) != nil)
            #expect(!bytes.contains { $0 < 0x20 }, "control bytes must be escaped")
        }
    }

    @Test func theEncodingIsJSON() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.example.canonicalBytes())) as? [String: Any])
        #expect(object["format"] as? String == "hattama-protocol/1")
        #expect((object["lines"] as? [String: Int])?["ballots_cast"] == 798)
        #expect(object.count == 5)
    }

    static let canonical = String(decoding: example.canonicalBytes(), as: UTF8.self)

    /// Texts that are (nearly) the example but not its canonical form, with the reason.
    static let nonCanonical: [(String, String)] = [
        ("space after a colon", canonical.replacingOccurrences(of: "\"format\":", with: "\"format\": ")),
        ("trailing newline", canonical + "\n"),
        ("leading byte-order mark", "\u{FEFF}" + canonical),
        (
            "keys out of order",
            canonical.replacingOccurrences(
                of: "\"ballots_cast\":798,\"invalid_ballots\":10", with: "\"invalid_ballots\":10,\"ballots_cast\":798")
        ),
        ("figure with a fraction", canonical.replacingOccurrences(of: ":798", with: ":798.0")),
        ("figure with an exponent", canonical.replacingOccurrences(of: ":1000", with: ":1e3")),
        ("leading zero", canonical.replacingOccurrences(of: ":10,", with: ":010,")),
        ("plus sign", canonical.replacingOccurrences(of: ":10,", with: ":+10,")),
        ("minus zero", canonical.replacingOccurrences(of: ":700", with: ":-0")),
        ("figure as a string", canonical.replacingOccurrences(of: ":798", with: ":\"798\"")),
        ("duplicate line", canonical.replacingOccurrences(of: "\"ballots_cast\":798", with: "\"ballots_cast\":798,\"ballots_cast\":798")),
        ("unnecessary escape", canonical.replacingOccurrences(of: "pec-akm-1", with: "pec\\u002dakm-1")),
        ("escaped slash", canonical.replacingOccurrences(of: "hattama-protocol/1", with: "hattama-protocol\\/1")),
        ("other format version", canonical.replacingOccurrences(of: "hattama-protocol/1", with: "hattama-protocol/2")),
        ("missing format", canonical.replacingOccurrences(of: "\"format\":\"hattama-protocol/1\",", with: "")),
        ("extra key", canonical.replacingOccurrences(of: "{\"candidateVotes\"", with: "{\"a\":\"b\",\"candidateVotes\"")),
        ("decomposed text", canonical.replacingOccurrences(of: "pec-akm-1", with: "pec-e\u{301}")),
        ("array instead of object", "[" + canonical + "]"),
        ("figure too large", canonical.replacingOccurrences(of: ":798", with: ":92233720368547758080")),
        ("truncated", String(canonical.dropLast())),
        ("empty", ""),
    ]

    @Test("Non-canonical bytes are refused", arguments: nonCanonical)
    func nonCanonicalIsRefused(reason: String, text: String) {
        #expect(text != Self.canonical, "\(reason): the edit did not apply")
        let error = #expect(throws: CanonicalFormError.self, "\(reason)") { try ResultsProtocol(canonicalBytes: Array(text.utf8)) }
        #expect(error?.message.isEmpty == false)
        #expect((error?.offset ?? -1) >= 0 && (error?.offset ?? .max) <= text.utf8.count)
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Self.example.canonicalBytes()
        let index = bytes.firstIndex(of: UInt8(ascii: "k"))!
        bytes[index] = 0xFF
        #expect(throws: CanonicalFormError.self) { try ResultsProtocol(canonicalBytes: bytes) }
    }

    @Test func extremeFiguresAreExact() throws {
        let resultsProtocol = ResultsProtocol(electionID: "e", precinctID: "p", lines: ["max": .max, "min": .min], candidateVotes: [:])
        let text = String(decoding: resultsProtocol.canonicalBytes(), as: UTF8.self)
        #expect(text.contains("\"max\":9223372036854775807,\"min\":-9223372036854775808"))
        #expect(try ResultsProtocol(canonicalBytes: resultsProtocol.canonicalBytes()) == resultsProtocol)
    }
}
