import Foundation
import HTTPTypes
import HattamaCore
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

/// The voter self-service page and the lookup API around the lists' display date.
@Suite struct VoterLookupPageTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @discardableResult
    static func post(
        _ client: some TestClientProtocol, _ language: String = "en", iin: String, from address: String,
        _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws -> HTTPResponse.Status {
        var headers = form
        headers[HTTPField.Name("X-Forwarded-For")!] = address
        let body = "iin=" + (iin.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try await client.execute(
            uri: "/\(language)/voter-lookup", method: .post, headers: headers, body: ByteBuffer(string: body)
        ) { response async throws -> HTTPResponse.Status in
            try await check(response)
            return response.status
        }
    }

    /// Nothing of the voter but the station: not the IIN, names, birth date or home address.
    static func expectNothingPersonal(_ text: String, _ voter: VoterRecord) {
        for secret in [voter.iin.digits, voter.surname, voter.givenName, voter.birthDate.description, voter.address]
        where !secret.isEmpty {
            #expect(!text.contains(secret), "the page leaks \(secret)")
        }
    }

    @Test func formInEveryLanguageLinkedFromTheHeader() async throws {
        try await withApp { _, client async throws in
            for (language, title) in [("kk", "Сайлау учаскеңізді біліңіз"), ("ru", "Где я голосую"), ("en", "Find your polling station")] {
                try await client.execute(uri: "/\(language)/voter-lookup", method: .get) { response async throws in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("<h1>\(title)</h1>"))
                    #expect(response.text.contains(#"<label for="iin">"#) && response.text.contains(#"method="post""#))
                    #expect(response.text.contains(#"<html lang="\#(language)">"#))
                }
                try await client.execute(uri: "/\(language)/", method: .get) { response async throws in
                    #expect(response.text.contains(#"href="/\#(language)/voter-lookup""#))
                }
            }
            #expect(SiteURL.voterLookupPage(.ru).path == "/ru/voter-lookup")
            #expect(SiteURL.voterLookupPage(.kk).inLanguage(.en) == .voterLookupPage(.en))
        }
    }

    /// Blanks around a typed or pasted IIN are no part of it: the page finds the station.
    @Test func blanksAroundTheIINAreIgnored() async throws {
        try await withApp { store, client async throws in
            let rows = try await VoterAPITests.importVoters(store)
            let voter = rows[0].record
            let station = try #require(smallDemo.precincts.first { $0.id == voter.homePrecinctID })
            try await Self.post(client, iin: "  \(voter.iin.digits) ", from: "10.1.9.1") { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("№\(station.number)"))
            }
        }
    }

    @Test func answersTheStationOnlyAndRefusesWithTheRule() async throws {
        try await withApp { store, client async throws in
            let rows = try await VoterAPITests.importVoters(store)
            let voter = rows[0].record
            let station = try #require(smallDemo.precincts.first { $0.id == voter.homePrecinctID })
            for language in Language.allCases {
                try await Self.post(client, language.rawValue, iin: voter.iin.digits, from: "10.1.0.\(language.hashValue & 0xff)") {
                    response async throws in
                    #expect(response.status == .ok)
                    #expect(response.headers[.cacheControl] == "no-store")
                    #expect(response.text.contains("№\(station.number)"))
                    #expect(response.text.contains(Escape.html(station.address[language])))
                    #expect(response.text.contains(Escape.html(station.settlement[language])))
                    Self.expectNothingPersonal(response.text, voter)
                }
            }
            // Invalid IINs: which rule, announced, and the input not shown back.
            let wrongCheck = String(voter.iin.digits.dropLast()) + String((Int(String(voter.iin.digits.last!))! + 1) % 10)
            for (iin, words) in [
                ("12345", "exactly 12 digits"), (wrongCheck, "check"), ("701301300017", "date of birth"),
                ("<script>alert(1)</script>", "exactly 12 digits"), ("", "exactly 12 digits"),
            ] {
                try await Self.post(client, iin: iin, from: "10.2.0.1") { response async throws in
                    #expect(response.status == .unprocessableContent, "\(iin)")
                    #expect(response.text.contains(words), "\(iin)")
                    #expect(response.text.contains(#"role="alert""#) && response.text.contains(#"aria-invalid="true""#))
                    #expect(iin.isEmpty || !response.text.contains(iin), "the page shows the input back")
                }
            }
            try await Self.post(client, "ru", iin: "12345", from: "10.2.0.2") { response async throws in
                #expect(response.text.contains("ровно из 12 цифр"))
            }
            let stranger = try #require(
                IIN.make(year: 1950, month: 5, day: 5, sex: .male, serial: 9990)
                    ?? IIN.make(year: 1950, month: 5, day: 5, sex: .male, serial: 9991))
            try await Self.post(client, iin: stranger.digits, from: "10.2.0.3") { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("on no voter list"))
                #expect(!response.text.contains(stranger.digits))
            }
            // A hostile body: too large, or not form-encoded, never a crash.
            try await client.execute(
                uri: "/en/voter-lookup", method: .post, headers: Self.form,
                body: ByteBuffer(string: String(repeating: "iin=1&", count: 1000))
            ) { response async throws in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/xx/voter-lookup", method: .post, headers: Self.form, body: ByteBuffer(string: "iin=1")) {
                response async throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func beforeTheDisplayDateTheListsAreClosed() async throws {
        // 2011-03-18: the day before the lists of the 3 April 2011 election open (D-15).
        let clock = CivilClock.fixed(CivilDateTime(parsing: "2011-03-18T23:59")!)
        try await withApp(clock: clock) { store, client async throws in
            let rows = try await VoterAPITests.importVoters(store)
            let stranger = try #require(IIN.make(year: 1950, month: 5, day: 5, sex: .male, serial: 9990))
            for iin in [rows[0].record.iin.digits, stranger.digits] {
                try await client.execute(
                    uri: "/api/v1/voters/lookup?iin=\(iin)", method: .get, headers: [.init("X-Forwarded-For")!: "10.3.0.1"]
                ) { response async throws in
                    #expect(response.status == .forbidden)
                    #expect(response.text.contains("2011-03-19"))
                }
                for (language, date) in [("en", "19 Mar 2011"), ("ru", "19.03.2011"), ("kk", "19.03.2011")] {
                    try await Self.post(client, language, iin: iin, from: "10.3.0.2") { response async throws in
                        #expect(response.status == .forbidden)
                        #expect(response.text.contains(#"<time datetime="2011-03-19">\#(date)</time>"#))
                        #expect(!response.text.contains("№"), "no station before the display date")
                    }
                }
            }
            // The rule about the input still applies before the date.
            try await client.execute(
                uri: "/api/v1/voters/lookup?iin=123", method: .get, headers: [.init("X-Forwarded-For")!: "10.3.0.3"]
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
            }
        }
        // From the display date on, the same lookup answers.
        try await withApp(clock: .fixed(CivilDateTime(parsing: "2011-03-19T00:00")!)) { store, client async throws in
            let rows = try await VoterAPITests.importVoters(store)
            try await client.execute(
                uri: "/api/v1/voters/lookup?iin=\(rows[0].record.iin.digits)", method: .get,
                headers: [.init("X-Forwarded-For")!: "10.3.0.4"]
            ) { response async throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func thePageIsRateLimitedWithTheAPI() async throws {
        try await withApp { store, client async throws in
            let rows = try await VoterAPITests.importVoters(store)
            let iin = rows[1].record.iin.digits
            var statuses: [HTTPResponse.Status] = []
            let started = ContinuousClock.now
            // Five through the API and the rest through the page: one bucket per client.
            for i in 0..<20 {
                if i < 5 {
                    try await client.execute(
                        uri: "/api/v1/voters/lookup?iin=\(iin)", method: .get, headers: [.init("X-Forwarded-For")!: "198.51.100.9"]
                    ) { response async throws in statuses.append(response.status) }
                } else {
                    let status = try await Self.post(client, iin: iin, from: "198.51.100.9") { response async throws in
                        if response.status == .tooManyRequests {
                            #expect(response.headers[.retryAfter] != nil)
                            #expect(response.text.contains("Too many lookups") && response.text.contains(#"role="alert""#))
                            #expect(!response.text.contains("№"))
                        }
                    }
                    statuses.append(status)
                }
            }
            let elapsed = ContinuousClock.now - started
            let refills = Int((Double(elapsed.components.seconds) / 5).rounded(.down)) + 1
            #expect(statuses.prefix(10).allSatisfy { $0 == .ok })
            #expect(statuses.filter { $0 == .ok }.count <= 10 + refills, "\(statuses) in \(elapsed)")
            #expect(statuses.contains(.tooManyRequests) || refills >= 10)
        }
    }
}

/// Inclusion and correction requests through the API: only during scrutiny, decided the same day.
@Suite struct VoterRequestAPITests {
    static func json(_ object: [String: Any], token: String) -> (HTTPFields, ByteBuffer) {
        ([.contentType: "application/json", .authorization: "Bearer \(token)"], jsonBody(object))
    }

    @Test func requestsOnlyDuringScrutinyAndDecidedTheSameDay() async throws {
        // Ten days before the 3 April 2011 election: ordinary lists are open.
        try await withApp(clock: .fixed(CivilDateTime(parsing: "2011-03-24T10:00")!)) { store, client async throws in
            let precinct = try #require(smallDemo.precincts.first { $0.kind == PrecinctKind.ordinaryID })
            try await store.accounts.addUser(
                username: "sec", password: password, role: .commissionSecretary, commissionID: precinct.id, by: .system)
            try await store.accounts.addUser(username: "obs", password: password, role: .observer, commissionID: "cec", by: .system)
            let secretary = try await token(client, "sec")
            let observer = try await token(client, "obs")
            try await client.execute(uri: "/api/v1/voters/calendar", method: .get) { response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["displayFrom"] as? String == "2011-03-19" && json["specialDisplayFrom"] as? String == "2011-03-29")
                #expect(json["requestsUntil"] as? String == "2011-04-03" && json["electionDayAdditionAlertPercent"] as? Double == 5)
            }
            let iin = try #require(IIN.make(year: 1950, month: 5, day: 5, sex: .male, serial: 9990))
            func filing(at: String?) -> [String: Any] {
                var body: [String: Any] = [
                    "kind": "inclusion", "precinctID": precinct.id, "proof": "address registration certificate",
                    "voter": [
                        "iin": iin.digits, "surname": "Сейтов", "givenName": "Ерлан", "birthDate": "1950-05-05", "settlement": "Астана",
                        "address": "ул. Кенесары, 40",
                    ],
                ]
                if let at { body["at"] = at }
                return body
            }
            // Not a commission member of this station, or not signed in.
            for token in [observer, ""] {
                let (headers, body) = Self.json(filing(at: nil), token: token)
                try await client.execute(uri: "/api/v1/voters/requests", method: .post, headers: headers, body: body) {
                    response async throws in
                    #expect(response.status == (token.isEmpty ? .unauthorized : .forbidden))
                }
            }
            // Before the display date, after election day, a bad date: refused, nothing stored.
            for (at, status, words) in [
                ("2011-03-18T23:59", HTTPResponse.Status.conflict, "2011-03-19"), ("2011-04-04T08:00", .conflict, "until 2011-04-03"),
                ("2011-02-30T10:00", .badRequest, "at"), ("yesterday", .badRequest, "at"),
            ] {
                let (headers, body) = Self.json(filing(at: at), token: secretary)
                try await client.execute(uri: "/api/v1/voters/requests", method: .post, headers: headers, body: body) {
                    response async throws in
                    #expect(response.status == status, "\(at)")
                    #expect(response.text.contains(words), "\(at): \(response.text)")
                }
            }
            #expect(try await store.voterActs.requests(precinct: precinct.id, by: .system).isEmpty)
            let (headers, body) = Self.json(filing(at: nil), token: secretary)
            let id = try await client.execute(uri: "/api/v1/voters/requests", method: .post, headers: headers, body: body) {
                response async throws -> Int in
                #expect(response.status == .created)
                return try #require(try response.json()["id"] as? Int)
            }
            // Decisions: before the filing, on a later day, a refusal without its reason.
            for (decision, status, words) in [
                (["grant": true, "at": "2011-03-24T09:59"], HTTPResponse.Status.unprocessableContent, "cannot precede"),
                (["grant": true, "at": "2011-03-25T08:00"], .conflict, "same day"),
                (["grant": false, "at": "2011-03-24T12:00"], .unprocessableContent, "reason"),
                (["grant": false, "reason": "   ", "at": "2011-03-24T12:00"], .unprocessableContent, "reason"),
            ] as [([String: Any], HTTPResponse.Status, String)] {
                let (headers, body) = Self.json(decision, token: secretary)
                try await client.execute(uri: "/api/v1/voters/requests/\(id)/decision", method: .post, headers: headers, body: body) {
                    response async throws in
                    #expect(response.status == status, "\(decision)")
                    #expect(response.text.contains(words), "\(decision): \(response.text)")
                }
            }
            // The next day it is listed as overdue.
            let auth: HTTPFields = [.authorization: "Bearer \(secretary)"]
            try await client.execute(
                uri: "/api/v1/voters/requests?precinct=\(precinct.id)&overdue=true&at=2011-03-25T09:00", method: .get, headers: auth
            ) { response async throws in
                #expect(response.status == .ok)
                let requests = try #require(try response.json()["requests"] as? [[String: Any]])
                #expect(requests.map { $0["id"] as? Int } == [id] && requests.first?["overdue"] as? Bool == true)
                #expect(requests.first?["decideBy"] as? String == "2011-03-24")
            }
            try await client.execute(uri: "/api/v1/voters/requests?precinct=\(precinct.id)", method: .get, headers: auth) {
                response async throws in
                #expect(try response.json()["requests"].map { ($0 as? [[String: Any]])?.first?["overdue"] as? Bool } == false)
            }
            try await client.execute(
                uri: "/api/v1/voters/requests?precinct=\(precinct.id)", method: .get, headers: [.authorization: "Bearer \(observer)"]
            ) { response async throws in
                #expect(response.status == .forbidden)
            }
            // Refused the same day: the reason and where to appeal.
            let (h2, b2) = Self.json(["grant": false, "reason": "no proof of residence in this precinct"], token: secretary)
            try await client.execute(uri: "/api/v1/voters/requests/\(id)/decision", method: .post, headers: h2, body: b2) {
                response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["decision"] as? String == "refused" && json["reason"] as? String == "no proof of residence in this precinct")
                #expect((json["appeal"] as? String)?.contains("higher election commission or the court") == true)
                #expect((json["appealTo"] as? [String: Any])?["kk"] as? String == "жоғары тұрған сайлау комиссиясына немесе сотқа")
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response async throws in
                let paths = try #require(try response.json()["paths"] as? [String: Any])
                for path in ["/api/v1/voters/calendar", "/api/v1/voters/requests", "/api/v1/voters/requests/{id}/decision"] {
                    #expect(paths[path] != nil, "\(path) is not documented")
                }
            }
        }
    }
}
