import Foundation
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

@Suite struct ResultsAPITests {
    static let election = DemoGenerator.electionID

    func submissionBody(_ store: HattamaStore, _ precinct: Precinct, lines: [String: Int]? = nil, signWith: String? = nil) async throws
        -> [String: Any]
    {
        let (defaultLines, votes) = consistentFigures(precinct)
        let p = ResultsProtocol(electionID: Self.election, precinctID: precinct.id, lines: lines ?? defaultLines, candidateVotes: votes)
        let statement = DemoKeys.statement(p, reason: .original, decisionReference: nil, after: nil)
        let signature = try DemoKeys().sign(statement.canonicalBytes(), as: signWith ?? precinct.id)
        return ["precinctID": precinct.id, "lines": p.lines, "candidateVotes": votes, "signature": signature.base64EncodedString()]
    }

    @Test func secretarySubmitsAndEveryoneReadsResults() async throws {
        try await withApp { store, client async throws in
            try await DemoKeys().registerMissing(in: store, by: .system)
            let precinct = try #require(smallDemo.precincts.first { $0.kind == "ordinary" && $0.registeredVoters > 100 })
            try await store.accounts.addUser(
                username: "secretary", password: password, role: .commissionSecretary, commissionID: precinct.id, by: .system)
            let bearer = try await token(client, "secretary")
            let body = try await submissionBody(store, precinct)
            try await client.execute(
                uri: "/api/v1/elections/\(Self.election)/protocols", method: .post,
                headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"], body: jsonBody(body)
            ) { response async throws in
                #expect(response.status == .created)
                let json = try response.json()
                #expect(json["outcome"] as? String == "accepted")
                #expect(json["version"] as? Int == 1)
                #expect((json["hash"] as? String)?.count == 64)
                #expect(response.headers[.location] == "/api/v1/elections/\(Self.election)/protocols/\(precinct.id)")
            }
            try await client.execute(uri: "/api/v1/elections/\(Self.election)/protocols/\(precinct.id)", method: .get) {
                response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect((json["history"] as? [Any])?.count == 1)
                #expect(json["counted"] != nil && json["publicKey"] != nil)
            }
            try await client.execute(uri: "/api/v1/elections/\(Self.election)/results", method: .get) { response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                let summary = try #require(json["summary"] as? [String: Any])
                let progress = try #require(summary["progress"] as? [String: Any])
                #expect(progress["received"] as? Int == 1)
                #expect(progress["expected"] as? Int == smallDemo.precincts.count)
                #expect((json["children"] as? [Any])?.count == 3)
                #expect((json["outcomeRisk"] as? [String: Any])?["leaderAtRisk"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/elections/\(Self.election)/results?commission=tec-ast", method: .get) {
                response async throws in
                #expect(response.status == .ok)
                #expect((try response.json()["summary"] as? [String: Any])?["commissionID"] as? String == "tec-ast")
            }
            try await client.execute(uri: "/api/v1/commissions/\(precinct.id)/key", method: .get) { response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                // Only the public half, and it is the demo key derived from the seed; no private key is held.
                #expect(json["publicKey"] as? String == DemoKeys().publicKey(for: precinct.id).base64EncodedString())
                #expect(json["heldByServer"] == nil && json.keys.sorted() == ["commissionID", "publicKey", "registeredAt"])
            }
        }
    }

    @Test func hostileSubmissionsAreRefusedWithClearStatuses() async throws {
        try await withApp { store, client async throws in
            try await DemoKeys().registerMissing(in: store, by: .system)
            let ordinary = smallDemo.precincts.filter { $0.kind == "ordinary" && $0.registeredVoters > 100 }
            let (mine, other) = (ordinary[0], ordinary[1])
            try await store.accounts.addUser(
                username: "secretary", password: password, role: .commissionSecretary, commissionID: mine.id, by: .system)
            let bearer = try await token(client, "secretary")
            let good = try await submissionBody(store, mine)
            var negative = consistentFigures(mine).lines
            negative["ballots_spoiled"] = -1
            var cases: [(String, ByteBuffer, HTTPResponse.Status, String?)] = [
                ("not JSON", ByteBuffer(string: "{"), .badRequest, nil),
                ("missing signature", jsonBody(good.filter { $0.key != "signature" }), .badRequest, nil),
                ("signature not base64", jsonBody(good.merging(["signature": "%%%"]) { $1 }), .unprocessableContent, "signature"),
                ("unknown reason", jsonBody(good.merging(["reason": "whim"]) { $1 }), .unprocessableContent, "reason"),
                ("figures as strings", jsonBody(good.merging(["lines": ["voters_on_list": "many"]]) { $1 }), .badRequest, nil),
                (
                    "negative figure", jsonBody(try await submissionBody(store, mine, lines: negative)), .unprocessableContent,
                    "ballots_spoiled"
                ),
                (
                    "another precinct's signature", jsonBody(try await submissionBody(store, mine, signWith: other.id)),
                    .unprocessableContent, "signature"
                ),
                ("another precinct", jsonBody(try await submissionBody(store, other)), .forbidden, nil),
                ("unknown precinct", jsonBody(good.merging(["precinctID": "pec-ghost-1"]) { $1 }), .notFound, nil),
            ]
            cases.append(
                ("first version as a correction", jsonBody(good.merging(["reason": "recount"]) { $1 }), .unprocessableContent, "original"))
            for (name, body, status, mention) in cases {
                try await client.execute(
                    uri: "/api/v1/elections/\(Self.election)/protocols", method: .post,
                    headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"], body: body
                ) { response async throws in
                    #expect(response.status == status, "\(name): \(response.text)")
                    if let mention { #expect(response.text.contains(mention), "\(name): \(response.text)") }
                }
            }
            try await client.execute(
                uri: "/api/v1/elections/\(Self.election)/protocols", method: .post, headers: [.contentType: "application/json"],
                body: jsonBody(good)
            ) { response async throws in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/api/v1/elections/nope/protocols", method: .post,
                headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"], body: jsonBody(good)
            ) { response async throws in
                #expect(response.status == .notFound)
            }
            #expect(try await store.results.results(election: Self.election).summary.progress.received == 0, "nothing was stored")
            // The good one goes in once; the same again is a conflict.
            for expected in [HTTPResponse.Status.created, .conflict] {
                try await client.execute(
                    uri: "/api/v1/elections/\(Self.election)/protocols", method: .post,
                    headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"], body: jsonBody(good)
                ) { response async throws in
                    #expect(response.status == expected)
                }
            }
        }
    }

    @Test func unknownProtocolsAndCommissionsAre404() async throws {
        try await withApp { _, client async throws in
            for uri in [
                "/api/v1/elections/\(Self.election)/protocols/\(smallDemo.precincts[0].id)",
                "/api/v1/elections/\(Self.election)/results?commission=nope",
                "/api/v1/elections/nope/results",
                "/api/v1/commissions/cec/key",
            ] {
                try await client.execute(uri: uri, method: .get) { response async throws in #expect(response.status == .notFound, "\(uri)")
                }
            }
        }
    }
}
