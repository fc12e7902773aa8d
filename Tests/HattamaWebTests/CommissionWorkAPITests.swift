import Foundation
import HattamaCore
import HattamaDemo
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

/// Members seated in a precinct commission and its district commission of the small demo, with
/// a secretary for the district and one for an unrelated precinct.
enum WorkAPIFixture {
    static let election = DemoGenerator.electionID
    static let precinct = smallDemo.commissions.first { $0.level == "precinct" && $0.parentID?.hasPrefix("tec-") == true }!
    static let district = smallDemo.commissions.first { $0.id == precinct.parentID }!
    static let otherPrecinct = smallDemo.commissions.first {
        $0.level == "precinct" && $0.parentID != precinct.parentID && $0.parentID != "cec"
    }!

    static func member(_ id: String, of commissionID: String, position: MemberPosition = .member, party: String, name: LocalizedText? = nil)
        -> CommissionMember
    {
        CommissionMember(
            id: id, commissionID: commissionID, name: name ?? LocalizedText("Member \(id)"), position: position, nomination: .party(party),
            appointedBy: AppointingBody(kind: "district-maslikhat", id: "maslikhat"), appointingDecision: "maslikhat decision 3/1",
            termStart: CivilDate(parsing: "2011-02-01")!, termEnd: CivilDate(parsing: "2015-12-31")!)
    }

    static func seat(_ store: HattamaStore, _ commissionID: String, hostileName: Bool = false) async throws {
        let positions: [MemberPosition] = [.chair, .deputyChair, .secretary, .member, .member, .member, .member]
        for (i, position) in positions.enumerated() {
            let name = hostileName && i == 0 ? LocalizedText("<script>alert(1)</script> & \"Chair\"") : nil
            try await store.commissionWork.appointMember(
                member(
                    "\(commissionID)-m\(i + 1)", of: commissionID, position: position, party: i == 6 ? "ak-zhol" : "nur-otan", name: name),
                election: election, by: .system)
        }
    }

    static func session(_ id: String, of commissionID: String, complaintID: String? = nil) -> [String: Any] {
        [
            "id": id, "commissionID": commissionID, "opensAt": "2011-03-20T10:00", "noticePublishedAt": "2011-03-19T09:00",
            "agenda": [
                ["number": 1, "title": ["kk": "Шағымды қарау", "ru": "О рассмотрении жалобы", "en": "Hearing a complaint"]]
                    .merging(complaintID.map { ["complaintID": $0] } ?? [:]) { a, _ in a }
            ],
            "present": (1...6).map { "\(commissionID)-m\($0)" }, "convenedBy": ["chair": ["memberID": "\(commissionID)-m1"]],
        ]
    }

    static func decision(_ id: String, of commissionID: String, complaintID: String? = nil, russian: [[String: String]]? = nil) -> [String:
        Any]
    {
        var decision: [String: Any] = [
            "id": id, "commissionID": commissionID, "sessionID": "s1", "number": "\(id)/2011", "agendaItem": 1,
            "texts": [
                "kk": [["number": "1", "text": "Шағым қанағаттандырылмасын."], ["number": "2", "text": "Шешім жариялансын."]],
                "ru": russian ?? [["number": "1", "text": "В жалобе отказать."], ["number": "2", "text": "Решение опубликовать."]],
            ],
            "votes": (1...5).map { ["memberID": "\(commissionID)-m\($0)", "choice": "for"] } + [
                ["memberID": "\(commissionID)-m6", "choice": "against"]
            ],
            "dissents": [["memberID": "\(commissionID)-m6", "language": "ru", "text": "Жалобу следовало удовлетворить"]],
        ]
        decision["complaintID"] = complaintID
        return ["decision": decision, "publishedAt": "2011-03-20T12:00"]
    }
}

@Suite struct CommissionWorkAPITests {
    typealias F = WorkAPIFixture

    func post(
        _ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], token: String?, expect status: HTTPResponse.Status,
        contains text: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: jsonBody(body)) { response async throws in
            #expect(response.status == status, "\(uri): \(response.text)", sourceLocation: sourceLocation)
            if let text { #expect(response.text.contains(text), "\(response.text)", sourceLocation: sourceLocation) }
            return (try? response.json()) ?? [:]
        }
    }

    @Test func membersCompositionSessionsDecisionsAndComplaints() async throws {
        try await withApp { store, client async throws in
            let d = F.district.id
            let p = F.precinct.id
            try await F.seat(store, d)
            try await F.seat(store, p)
            try await store.accounts.addUser(
                username: "sec-d", password: password, role: .commissionSecretary, commissionID: d, by: .system)
            try await store.accounts.addUser(
                username: "sec-other", password: password, role: .commissionSecretary, commissionID: F.otherPrecinct.id, by: .system)
            let secretary = try await token(client, "sec-d")
            let other = try await token(client, "sec-other")
            let base = "/api/v1/elections/\(F.election)/commissions/\(d)"
            let e = "/api/v1/elections/\(F.election)"

            try await client.execute(uri: "\(base)/members", method: .get) { response async throws in
                #expect(response.status == .ok)
                let members = try #require(try response.json()["members"] as? [[String: Any]])
                #expect(members.count == 7)
                #expect(members.allSatisfy { $0["logIndex"] is Int })
            }
            try await client.execute(uri: "\(base)/composition", method: .get) { response async throws in
                let balance = try #require(try response.json()["balance"] as? [String: Any])
                #expect(balance["majorityParty"] as? String == "nur-otan")
            }
            try await client.execute(uri: "\(e)/composition", method: .get) { response async throws in
                let json = try response.json()
                #expect(json["seated"] as? Int == 14)
                #expect(json["commissionsWithMajorityParty"] as? Int == 2)
            }

            // A complaint about the precinct goes to the district commission.
            let filed = try await post(
                client, "\(e)/complaints",
                [
                    "id": "c1", "complainant": ["kind": "observer", "name": "An observer", "reference": "obs-17"],
                    "subject": ["kind": "act", "commissionID": p, "reference": "observer removed"], "summary": "Removed from the count",
                    "receivedAt": "2011-03-18T09:00",
                ], token: secretary, expect: .created)
            #expect((filed["complaint"] as? [String: Any])?["state"] as? String == "received")
            _ = try await post(
                client, "\(e)/complaints/c1/register", ["at": "2011-03-18T10:00"], token: secretary, expect: .created,
                contains: "\(d)/2011/0001")
            _ = try await post(client, "\(base)/sessions", F.session("s1", of: d, complaintID: "c1"), token: secretary, expect: .created)
            // Another commission's secretary cannot act here; nobody acts without a token.
            _ = try await post(client, "\(base)/sessions", F.session("s2", of: d), token: other, expect: .forbidden)
            _ = try await post(client, "\(base)/sessions", F.session("s2", of: d), token: nil, expect: .unauthorized)
            _ = try await post(client, "\(e)/complaints/c1/schedule", ["sessionID": "s1"], token: secretary, expect: .created)
            // A complaint is decided only by a session decision.
            _ = try await post(
                client, "\(e)/complaints/c1/decide", ["outcome": "rejected", "at": "2011-03-20T12:00"], token: secretary,
                expect: .unprocessableContent, contains: "decided only by a decision")
            // A draft's language versions are checked before the vote; the Russian lacks provision 2.
            let check = try await post(
                client, "\(base)/decisions/check",
                ["kk": [["number": "1", "text": "Бір"], ["number": "2", "text": "Екі"]], "ru": [["number": "1", "text": "Один"]]],
                token: nil,
                expect: .ok, contains: "missing-provisions")
            #expect(check["publishable"] as? Bool == false)
            // Language versions that differ are refused before publication.
            _ = try await post(
                client, "\(base)/decisions",
                F.decision("d1", of: d, complaintID: "c1", russian: [["number": "1", "text": "В жалобе отказать."]]),
                token: secretary, expect: .unprocessableContent, contains: "texts-differ")
            let published = try await post(
                client, "\(base)/decisions", F.decision("d1", of: d, complaintID: "c1"), token: secretary, expect: .created)
            #expect(published["logIndex"] is Int)
            _ = try await post(
                client, "\(e)/complaints/c1/decide", ["decisionID": "d1", "outcome": "rejected", "at": "2011-03-20T12:30"],
                token: secretary,
                expect: .created)
            _ = try await post(client, "\(e)/complaints/c1/publish", ["at": "2011-03-20T13:00"], token: secretary, expect: .created)
            // Forbidden transition: a published complaint cannot be decided again.
            _ = try await post(
                client, "\(e)/complaints/c1/decide", ["decisionID": "d1", "outcome": "upheld", "at": "2011-03-20T14:00"], token: secretary,
                expect: .unprocessableContent, contains: "forbidden-transition")

            try await client.execute(uri: "\(base)/decisions", method: .get) { response async throws in
                let decisions = try #require(try response.json()["decisions"] as? [[String: Any]])
                #expect(decisions.count == 1)
                #expect(decisions[0]["logIndex"] as? Int == published["logIndex"] as? Int)
            }
            try await client.execute(uri: "\(e)/complaints?state=published&at=2011-04-04T00:00", method: .get) { response async throws in
                let json = try response.json()
                #expect((json["complaints"] as? [[String: Any]])?.count == 1)
                let statistics = try #require(json["statistics"] as? [[String: Any]])
                #expect(statistics.first?["decidedCollegially"] as? Int == 1)
            }
            try await client.execute(uri: "\(e)/complaints?state=nonsense", method: .get) { response async throws in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "\(e)/complaints/statistics", method: .get) { response async throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response async throws in
                let paths = try #require(try response.json()["paths"] as? [String: Any])
                for path in [
                    "\("/api/v1/elections/{election}/commissions/{commission}")/decisions",
                    "/api/v1/elections/{election}/complaints/{complaint}/decide",
                ] {
                    #expect(paths[path] != nil, "\(path)")
                }
            }
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test func pagesShowCompositionSessionsDecisionsAndComplaintsEscaped() async throws {
        try await withApp { store, client async throws in
            let d = F.district.id
            try await F.seat(store, d, hostileName: true)
            try await store.commissionWork.refuseRepresentative(
                RepresentativeRefusal(
                    commissionID: d, partyID: "osdp", personName: LocalizedText("<b>Refused</b>"), date: CivilDate(parsing: "2011-03-02")!,
                    reason: "prosecutor's <opinion>"), election: F.election, by: .system)
            try await store.commissionWork.recordDeparture(
                of: "\(d)-m7", commission: d, on: CivilDate(parsing: "2011-03-01")!, reason: LeavingReason(.unavailable),
                election: F.election,
                by: .system)
            let session = try JSONSerialization.data(withJSONObject: F.session("s1", of: d))
            try await store.commissionWork.scheduleSession(
                try JSONDecoder().decode(Session.self, from: session), election: F.election, by: .system)
            for language in Language.allCases {
                for part in CommissionWorkPart.allCases {
                    try await client.execute(uri: "/\(language.rawValue)/commissions/\(d)/\(part.rawValue)", method: .get) {
                        response async throws in
                        #expect(response.status == .ok, "\(part)")
                        #expect(!response.text.contains("<script>"), "\(part)")
                        #expect(!response.text.contains("<b>Refused"), "\(part)")
                        #expect(!response.text.contains("{{"), "\(part)")
                    }
                }
            }
            try await client.execute(uri: "/en/commissions/\(d)/composition", method: .get) { response async throws in
                #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(response.text.contains("id=\"majority-flag\""))
                #expect(response.text.contains("&lt;b&gt;Refused&lt;/b&gt;"))
                #expect(response.text.contains("Left"))
            }
            try await client.execute(uri: "/ru/commissions/\(d)/sessions", method: .get) { response async throws in
                #expect(response.text.contains("кворум есть"))
            }
            for language in Language.allCases {
                try await client.execute(uri: "/\(language.rawValue)/composition", method: .get) { response async throws in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("id=\"majority-count\">1<"))
                    #expect(!response.text.contains("<script>"))
                }
            }
            try await client.execute(uri: "/en/commissions/\(d)/nonsense", method: .get) { response async throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/en/commissions/\(d)", method: .get) { response async throws in
                #expect(response.text.contains("/en/commissions/\(d)/composition"))
            }
        }
    }
}
