import Foundation
import HattamaCore
import HattamaStore
import HattamaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HattamaWeb

@Suite struct AuthTests {
    @Test func tokenGrantsIdentityAndAdminCanAddUsers() async throws {
        try await withApp { store, client async throws in
            try await store.accounts.addUser(username: "admin", password: password, role: .cecAdmin, commissionID: "cec", by: .system)
            let bearer = try await token(client, "admin")
            try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(bearer)"]) {
                response async throws in
                #expect(response.status == .ok)
                #expect(try response.json()["username"] as? String == "admin")
            }
            let pec = smallDemo.precincts[0].id
            try await client.execute(
                uri: "/api/v1/users", method: .post, headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"],
                body: jsonBody(["username": "secretary1", "password": password, "role": "commission-secretary", "commissionID": pec])
            ) { response async throws in
                #expect(response.status == .created)
                let json = try response.json()
                #expect(json["commissionID"] as? String == pec)
                #expect(json["role"] as? String == "commission-secretary")
                #expect(json["passwordHash"] == nil && !response.text.contains("$2"), "no hash in responses")
            }
            #expect(try await store.accounts.users(commissionID: pec).map(\.username) == ["secretary1"])
            #expect(try await store.accounts.auditLog(limit: 1).first?.actor == "user:admin")
        }
    }

    @Test func protectedEndpointsNeedAValidToken() async throws {
        try await withApp { _, client async throws in
            try await client.execute(uri: "/api/v1/users/me", method: .get) { response async throws in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer htm_forged"]) {
                response async throws in
                #expect(response.status == .unauthorized)
                let json = try response.json()
                #expect(json["error"] != nil)
            }
        }
    }

    @Test(arguments: [
        (#"{"username":"admin","password":"wrong password!"}"#, HTTPResponse.Status.unauthorized),
        (#"{"username":"ghost","password":"correct horse battery"}"#, .unauthorized),
        (#"{"username":"admin"}"#, .badRequest),
        (#"{"username":1,"password":2}"#, .badRequest),
        (#"not json"#, .badRequest),
        (#""#, .badRequest),
        (#"[]"#, .badRequest),
    ])
    func badLoginsAreRefused(body: String, status: HTTPResponse.Status) async throws {
        try await withApp { store, client async throws in
            try await store.accounts.addUser(username: "admin", password: password, role: .cecAdmin, commissionID: "cec", by: .system)
            let before = try await store.accounts.auditLog().count
            try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
            ) { response async throws in
                #expect(response.status == status)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["status"] as? Int == Int(status.code))
            }
            #expect(try await store.accounts.auditLog().count == before, "a refused login writes nothing")
        }
    }

    /// Hostile user-creation requests: each is refused with a clear status and leaves the users unchanged.
    nonisolated(unsafe) static let hostileNewUsers: [(String, [String: Any], HTTPResponse.Status, String)] = [
        (
            "unknown role", ["username": "eve1", "password": password, "role": "dictator", "commissionID": "cec"], .unprocessableContent,
            "role"
        ),
        (
            "short password", ["username": "eve1", "password": "x", "role": "observer", "commissionID": "cec"], .unprocessableContent,
            "password"
        ),
        (
            "bad username", ["username": "<script>", "password": password, "role": "observer", "commissionID": "cec"],
            .unprocessableContent, "username"
        ),
        (
            "unknown commission", ["username": "eve1", "password": password, "role": "observer", "commissionID": "atlantis"], .notFound,
            "atlantis"
        ),
        ("missing field", ["username": "eve1", "password": password, "role": "observer"], .badRequest, "commissionID"),
        ("wrong type", ["username": ["a"], "password": password, "role": "observer", "commissionID": "cec"], .badRequest, "username"),
        ("duplicate", ["username": "admin", "password": password, "role": "observer", "commissionID": "cec"], .conflict, "taken"),
        (
            "admin below CEC", ["username": "eve1", "password": password, "role": "cec-admin", "commissionID": "tec-ast"],
            .unprocessableContent, "cec-admin"
        ),
    ]

    @Test(arguments: hostileNewUsers.indices)
    func hostileNewUsersAreRefused(index: Int) async throws {
        let (name, fields, status, mention) = Self.hostileNewUsers[index]
        let body = jsonBody(fields)
        try await withApp { store, client async throws in
            try await store.accounts.addUser(username: "admin", password: password, role: .cecAdmin, commissionID: "cec", by: .system)
            let bearer = try await token(client, "admin")
            let before = try await store.accounts.users()
            try await client.execute(
                uri: "/api/v1/users", method: .post, headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"],
                body: body
            ) { response async throws in
                #expect(response.status == status, "\(name)")
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect((error["message"] as? String)?.contains(mention) == true, "\(name): \(response.text)")
            }
            #expect(try await store.accounts.users() == before, "\(name) changed the users")
        }
    }

    @Test func usersCannotActOutsideTheirCommission() async throws {
        try await withApp { store, client async throws in
            let pecs = smallDemo.precincts.filter { $0.kind == "ordinary" }
            try await store.accounts.addUser(
                username: "sec", password: password, role: .commissionSecretary, commissionID: pecs[0].id, by: .system)
            try await store.accounts.addUser(username: "obs", password: password, role: .observer, commissionID: "cec", by: .system)
            for (user, target, role) in [
                ("sec", pecs[1].id, "commission-member"), ("sec", "cec", "cec-admin"), ("obs", pecs[0].id, "observer"),
            ] {
                let bearer = try await token(client, user)
                let before = try await store.accounts.users()
                try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"],
                    body: jsonBody(["username": "newbie", "password": password, "role": role, "commissionID": target])
                ) { response async throws in
                    #expect(response.status == .forbidden, "\(user) adding \(role) at \(target)")
                }
                #expect(try await store.accounts.users() == before)
            }
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await withApp { store, client async throws in
            let huge = ByteBuffer(string: #"{"username":""# + String(repeating: "a", count: 2 << 20) + #"","password":"x"}"#)
            try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"], body: huge) {
                response async throws in
                #expect(response.status == .contentTooLarge)
            }
            #expect(try await store.accounts.auditLog().count == 1, "only the demo import")
        }
    }
}
