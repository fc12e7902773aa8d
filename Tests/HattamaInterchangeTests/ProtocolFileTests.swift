import Foundation
import HattamaCore
import Testing

@testable import HattamaInterchange

@Suite struct ProtocolFileTests {
    let profile = try! LawProfile.bundled("kz-2011")
    static let header =
        "precinct_id,voters_on_list,ballots_received,ballots_issued,ballots_spoiled,ballots_unused,ballots_cast,invalid_ballots,nazarbayev,kasymov"

    func parse(_ text: String, _ format: ProtocolFile.Format) throws(ProtocolFileError) -> [ProtocolFileEntry] {
        try ProtocolFile.parse(Data(text.utf8), format: format, electionID: "e", profile: profile)
    }

    @Test func readsCSVWithOptionalColumnsAndQuotes() throws {
        let text =
            "\u{FEFF}" + Self.header + ",signature,reason\r\n" + #""pec-1",1000,1010,900,2,108,900,5,850,45,"c2ln",recount"# + "\r\n\r\n"
        let entries = try parse(text, .csv)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.line == 2)
        #expect(entry.resultsProtocol.precinctID == "pec-1")
        #expect(entry.resultsProtocol.lines["ballots_issued"] == 900)
        #expect(entry.resultsProtocol.candidateVotes == ["nazarbayev": 850, "kasymov": 45])
        #expect(entry.signature == "c2ln" && entry.reason == "recount")
    }

    @Test func readsJSONLines() throws {
        let text = """
            {"precinctID":"pec-1","lines":{"voters_on_list":10},"candidateVotes":{"a":1},"signature":"x"}

            {"precinctID":"pec-2","lines":{},"candidateVotes":{}}
            """
        let entries = try parse(text, .jsonLines)
        #expect(entries.map(\.line) == [1, 3])
        #expect(entries[0].resultsProtocol.lines == ["voters_on_list": 10])
        #expect(entries[1].signature == nil)
    }

    static let malformed: [(String, ProtocolFile.Format, Int, String?, String)] = [
        ("", .csv, 1, nil, "header is missing"),
        ("a,b\n", .csv, 1, "precinct_id", "no precinct_id"),
        ("precinct_id,voters_on_list\npec,1\n", .csv, 1, "ballots_received", "lacks protocol line"),
        (header + ",nazarbayev\n", .csv, 1, "nazarbayev", "appears twice"),
        (header + "\n", .csv, 2, nil, "no protocols"),
        (header + "\npec-1,1,2,3\n", .csv, 2, nil, "has 4 fields"),
        (header + "\npec-1,1000,1010,900,2,108,900,5,850,4.5\n", .csv, 2, "kasymov", "not a whole number"),
        (header + "\npec-1,1000,1010,900,2,108,900,5,850,45\npec-2,1000,1010,900,2,108,900,5,850,\"45\n", .csv, 3, nil, "not closed"),
        ("{not json}\n", .jsonLines, 1, nil, "not valid JSON"),
        (
            #"{"precinctID":"p","lines":{},"candidateVotes":{}}"# + "\n" + #"{"lines":{},"candidateVotes":{}}"#, .jsonLines, 2,
            "precinctID", "required"
        ),
        (#"{"precinctID":"p","lines":{"a":"x"},"candidateVotes":{}}"#, .jsonLines, 1, "lines.a", "whole number"),
        (#"{"precinctID":"p","lines":{"a":1.5},"candidateVotes":{}}"#, .jsonLines, 1, nil, "whole number"),
        ("[1,2]", .jsonLines, 1, nil, "wrong type"),
        ("\n\n", .jsonLines, 1, nil, "no protocols"),
    ]

    @Test(arguments: malformed.indices)
    func malformedFilesNameTheLineAndField(index: Int) {
        let (text, format, line, field, words) = Self.malformed[index]
        do {
            _ = try parse(text, format)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            if let field { #expect(error.field == field, "\(error)") }
            #expect(error.description.contains(words), "\(error)")
        }
    }

    @Test func formatFollowsTheFileName() {
        #expect(ProtocolFile.format(ofFileNamed: "a.CSV") == .csv)
        #expect(ProtocolFile.format(ofFileNamed: "a.jsonl") == .jsonLines)
        #expect(ProtocolFile.format(ofFileNamed: "a.xlsx") == nil)
    }
}
