import Foundation
import HattamaConfig
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

@Suite struct VoterAPITests {
    /// Five synthetic voters of the small demo's first region.
    static func importVoters(_ store: HattamaStore) async throws -> [VoterListRow] {
        let register = try #require(SyntheticRegister(structure: smallDemo))
        var rows: [VoterListRow] = []
        register.stream(limit: 5) { rows.append($0) }
        let region = try #require(smallDemo.commissions.first { $0.level == "regional" }?.id)
        let csv = VoterListCSV.header + rows.map(VoterListCSV.line).joined()
        try await store.voters.importVoterList(Array(csv.utf8), commission: region, by: .system)
        return rows
    }

    @Test func lookupAnswersTheStationAndNothingPersonal() async throws {
        try await withApp { store, client async throws in
            let rows = try await Self.importVoters(store)
            let voter = rows[0].record
            try await client.execute(
                uri: "/api/v1/voters/lookup?iin=\(voter.iin.digits)", method: .get, headers: [.init("X-Forwarded-For")!: "10.0.0.1"]
            ) { response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["precinctNumber"] as? Int == rows[0].precinctNumber)
                #expect(Set(json.keys) == ["precinctNumber", "settlement", "address", "holdsAbsenteeCertificate"])
                for secret in [voter.iin.digits, voter.surname, voter.givenName, voter.birthDate.description, voter.address] {
                    #expect(!response.text.contains(secret), "lookup leaks \(secret)")
                }
            }
            for (query, status) in [
                ("iin=123", HTTPResponse.Status.unprocessableContent), ("", .badRequest), ("iin=000000000000", .unprocessableContent),
            ] {
                try await client.execute(
                    uri: "/api/v1/voters/lookup?\(query)", method: .get, headers: [.init("X-Forwarded-For")!: "10.0.0.2"]
                ) { response async throws in
                    #expect(response.status == status, "\(query)")
                }
            }
            // A valid IIN on no list.
            let stranger = try #require(
                IIN.make(year: 1950, month: 5, day: 5, sex: .male, serial: 9990)
                    ?? IIN.make(year: 1950, month: 5, day: 5, sex: .male, serial: 9991))
            try await client.execute(
                uri: "/api/v1/voters/lookup?iin=\(stranger.digits)", method: .get, headers: [.init("X-Forwarded-For")!: "10.0.0.3"]
            ) { response async throws in
                #expect(response.status == .notFound)
                #expect(!response.text.contains(stranger.digits))
            }
            // Public reports and the log never carry voters' data either.
            let entries = try await store.log.logEntries(start: 0, end: try await store.log.logSize())
            for entry in entries { #expect(!entry.payload.contains(voter.iin.digits) && !entry.payload.contains(voter.surname)) }
        }
    }

    @Test func lookupIsRateLimitedPerClient() async throws {
        try await withApp { store, client async throws in
            let rows = try await Self.importVoters(store)
            var statuses: [HTTPResponse.Status] = []
            // The bucket holds 10 and refills one every 5 s; a loaded machine may be slow enough
            // between requests for a refill, so the bound allows for the time taken.
            let started = ContinuousClock.now
            for _ in 0..<20 {
                try await client.execute(
                    uri: "/api/v1/voters/lookup?iin=\(rows[1].record.iin.digits)", method: .get,
                    headers: [.init("X-Forwarded-For")!: "192.0.2.7"]
                ) { response async throws in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests { #expect(response.headers[.retryAfter] != nil) }
                }
            }
            let elapsed = ContinuousClock.now - started
            let refills = Int((Double(elapsed.components.seconds) / 5).rounded(.down)) + 1
            #expect(statuses.prefix(10).allSatisfy { $0 == .ok })
            #expect(statuses.filter { $0 == .ok }.count <= 10 + refills, "\(statuses) in \(elapsed)")
            #expect(statuses.contains(.tooManyRequests) || refills >= 10)
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .tooManyRequests })
            // Another client is not held back.
            try await client.execute(
                uri: "/api/v1/voters/lookup?iin=\(rows[1].record.iin.digits)", method: .get,
                headers: [.init("X-Forwarded-For")!: "192.0.2.8"]
            ) { response async throws in
                #expect(response.status == .ok)
            }
        }
    }

    /// The limit is the configuration's, not a constant of the controller.
    @Test func lookupLimitComesFromTheConfiguration() async throws {
        var configuration = HattamaConfiguration.testing
        configuration.voterLookup = .init(burst: 2, perMinute: 0.01)
        try await withApp(configuration: configuration) { store, client async throws in
            let rows = try await Self.importVoters(store)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                try await client.execute(
                    uri: "/api/v1/voters/lookup?iin=\(rows[1].record.iin.digits)", method: .get,
                    headers: [.init("X-Forwarded-For")!: "192.0.2.9"]
                ) { response async throws in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests {
                        // One lookup per 100 minutes: the next one in about 6,000 s.
                        #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 5_000)
                    }
                }
            }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
        }
    }

    @Test func reportsAreForCommissionStaff() async throws {
        try await withApp { store, client async throws in
            _ = try await Self.importVoters(store)
            try await store.voterActs.produceCertificates(count: 3, by: .system)
            try await store.accounts.addUser(username: "obs", password: password, role: .observer, commissionID: "cec", by: .system)
            try await store.accounts.addUser(username: "admin", password: password, role: .cecAdmin, commissionID: "cec", by: .system)
            for path in ["/api/v1/voters/lists", "/api/v1/absentee-certificates/report"] {
                try await client.execute(uri: path, method: .get) { response async throws in #expect(response.status == .unauthorized) }
                let observer = try await token(client, "obs")
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(observer)"]) {
                    response async throws in
                    #expect(response.status == .forbidden)
                }
            }
            let admin = try await token(client, "admin")
            try await client.execute(
                uri: "/api/v1/absentee-certificates/report", method: .get, headers: [.authorization: "Bearer \(admin)"]
            ) {
                response async throws in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect((json["commission"] as? [String: Any])?["allocated"] as? Int == 3)
                #expect((json["problems"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/voters/lists", method: .get, headers: [.authorization: "Bearer \(admin)"]) {
                response async throws in
                #expect(response.status == .ok)
                let precincts = try #require(try response.json()["precincts"] as? [[String: Any]])
                #expect(precincts.reduce(0) { $0 + ($1["homeEntries"] as? Int ?? 0) } == 5)
            }
        }
    }
}

@Suite struct CivilClockTests {
    /// "Now" is read in the configured zone: Kiribati's Line Islands are fourteen hours ahead
    /// of UTC all year (a minute may turn between the two readings).
    @Test func theWallClockReadsTheConfiguredZone() throws {
        let lineIslands = try #require(TimeZone(identifier: "Pacific/Kiritimati"))
        let utc = CivilClock.utc.now()
        let ahead = CivilClock.wallClock(in: lineIslands).now()
        #expect((14 * 60...14 * 60 + 1).contains(utc.minutes(until: ahead)), "\(utc) → \(ahead)")
    }
}

@Suite struct RateLimiterTests {
    @Test func bucketEmptiesThenRefillsAtItsRate() {
        let limiter = RateLimiter(capacity: 3, perSecond: 0.5)
        let t0 = ContinuousClock.now
        #expect((0..<3).map { _ in limiter.take("a", now: t0) } == [nil, nil, nil])
        #expect(limiter.take("a", now: t0) == 2, "next token in 2 s")
        #expect(limiter.take("b", now: t0) == nil, "another client has its own bucket")
        #expect(limiter.take("a", now: t0 + .milliseconds(1_900)) != nil)
        #expect(limiter.take("a", now: t0 + .milliseconds(2_100)) == nil)
        #expect(limiter.take("a", now: t0 + .milliseconds(2_100)) != nil)
        // Never more than the capacity, however long the client was away.
        let later = t0 + .seconds(3_600)
        #expect((0..<4).map { _ in limiter.take("a", now: later) == nil } == [true, true, true, false])
    }
}
