import Foundation
import HattamaConfig
import HattamaCore
import HattamaTestSupport
import Testing

@testable import HattamaStore

@Suite struct UserStoreTests {
    static let password = "correct horse battery"

    @Test(arguments: TestBackend.available)
    func addsUsersIssuesTokensAndAudits(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let admin = try await store.accounts.addUser(
                username: "admin", password: Self.password, role: .cecAdmin, commissionID: "cec", by: .commandLine("test"))
            #expect(admin.role == .cecAdmin)
            let (token, user) = try await store.accounts.issueToken(username: "admin", password: Self.password)
            #expect(user == admin)
            #expect(token.hasPrefix("htm_") && token.count > 40)
            #expect(try await store.accounts.user(forToken: token) == admin)
            #expect(try await store.accounts.user(forToken: token + "x") == nil)
            #expect(try await store.accounts.user(forToken: String(repeating: "a", count: 10_000)) == nil)
            // Only the hash of the token is stored.
            let stored = try await store.backend.withDatabase { db in
                try await db.raw("SELECT token_hash FROM tokens").all().map { try $0.string("token_hash") }
            }
            #expect(stored == [AccountsStore.tokenHash(token)])
            let actions = try await store.accounts.auditLog().map(\.action)
            #expect(actions == ["issue-token", "add-user", "import-structure"])
            #expect(try await store.accounts.auditLog().first { $0.action == "add-user" }?.actor == "cli:test")
        }
    }

    /// The bcrypt cost of new hashes is the configuration's (the hash names its cost: `$2b$05$…`).
    @Test(arguments: TestBackend.available)
    func bcryptCostComesFromTheConfiguration(backend: TestBackend) async throws {
        var configuration = HattamaConfiguration.testing
        configuration.security.bcryptCost = 5
        try await withStore(backend, configuration: configuration) { store async throws in
            try await loadSmallDemo(store)
            try await store.accounts.addUser(username: "ann", password: Self.password, role: .observer, commissionID: "cec", by: .system)
            let hash = try await store.backend.withDatabase { db in
                try await db.raw("SELECT password_hash FROM users").first().map { try $0.string("password_hash") }
            }
            #expect(hash?.split(separator: "$").dropFirst().first == "05", "\(hash ?? "no hash")")
            #expect(try await store.accounts.issueToken(username: "ann", password: Self.password).1.username == "ann")
        }
    }

    @Test func anUnusableConfigurationIsRefusedBeforeTheDatabaseIsOpened() async throws {
        var configuration = HattamaConfiguration.testing
        configuration.security.bcryptCost = 40
        await #expect(throws: StoreError.self) {
            _ = try await HattamaStore.open(.sqliteInMemory, configuration: configuration, logger: quietLogger)
        }
    }

    @Test(arguments: TestBackend.available)
    func wrongPasswordsAndUnknownUsersAreRefused(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            try await store.accounts.addUser(username: "ann", password: Self.password, role: .observer, commissionID: "cec", by: .system)
            let before = try await snapshot(store)
            await #expect(throws: StoreError.unauthenticated) {
                _ = try await store.accounts.issueToken(username: "ann", password: "wrong password")
            }
            await #expect(throws: StoreError.unauthenticated) {
                _ = try await store.accounts.issueToken(username: "nobody", password: Self.password)
            }
            await #expect(throws: StoreError.unauthenticated) {
                _ = try await store.accounts.issueToken(username: "' OR 1=1 --", password: "' OR 1=1 --")
            }
            #expect(try await snapshot(store) == before)
        }
    }

    static let hostileUsers: [(username: String, password: String, role: Role, commission: String, expected: String)] = [
        ("ab", password, .observer, "cec", "username 'ab'"),
        ("Robert'); DROP TABLE users;--", password, .observer, "cec", "username"),
        ("ann", "short", .observer, "cec", "password: at least"),
        ("ann", String(repeating: "x", count: 80), .observer, "cec", "password: at most 72 bytes"),
        ("ann", password, .observer, "no-such-commission", "commission 'no-such-commission' not found"),
        ("ann", password, .cecAdmin, "tec-ast", "role cec-admin: only at the central commission"),
    ]

    @Test(arguments: TestBackend.available, hostileUsers.indices)
    func hostileUsersAreRefusedAndNothingIsWritten(backend: TestBackend, index: Int) async throws {
        let bad = Self.hostileUsers[index]
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let before = try await snapshot(store)
            do {
                try await store.accounts.addUser(
                    username: bad.username, password: bad.password, role: bad.role, commissionID: bad.commission, by: .system)
                Issue.record("accepted \(bad.username)")
            } catch let error as StoreError {
                #expect(error.description.contains(bad.expected), "\(error)")
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: TestBackend.available)
    func duplicateUsernameIsAConflict(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            try await store.accounts.addUser(username: "ann", password: Self.password, role: .observer, commissionID: "cec", by: .system)
            let before = try await snapshot(store)
            await #expect(throws: StoreError.conflict("username 'ann' is taken")) {
                try await store.accounts.addUser(
                    username: "ann", password: Self.password, role: .observer, commissionID: "tec-ast", by: .system)
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: TestBackend.available)
    func usersActOnlyWithinTheirCommission(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let pecs = smallDemo.precincts.filter { $0.kind == "ordinary" }
            let (mine, other) = (pecs[0], pecs[1])
            let district = try #require(smallDemo.commissions.first { $0.id == mine.tabulatingCommissionID })
            let secretary = try await store.accounts.addUser(
                username: "sec", password: Self.password, role: .commissionSecretary, commissionID: mine.id, by: .system)
            let districtSecretary = try await store.accounts.addUser(
                username: "dsec", password: Self.password, role: .commissionSecretary, commissionID: district.id, by: .system)
            let observer = try await store.accounts.addUser(
                username: "obs", password: Self.password, role: .observer, commissionID: "cec", by: .system)
            let admin = try await store.accounts.addUser(
                username: "root", password: Self.password, role: .cecAdmin, commissionID: "cec", by: .system)

            try await store.accounts.authorize(secretary, .submitProtocol, at: mine.id)
            await #expect(throws: StoreError.self) { try await store.accounts.authorize(secretary, .submitProtocol, at: other.id) }
            await #expect(throws: StoreError.self) { try await store.accounts.authorize(districtSecretary, .submitProtocol, at: mine.id) }
            try await store.accounts.authorize(districtSecretary, .manageUsers, at: mine.id)
            await #expect(throws: StoreError.self) { try await store.accounts.authorize(observer, .submitProtocol, at: mine.id) }
            try await store.accounts.authorize(observer, .observe, at: mine.id)
            try await store.accounts.authorize(admin, .manageStructure, at: other.id)
            await #expect(throws: StoreError.notFound("commission 'ghost'")) {
                try await store.accounts.authorize(admin, .observe, at: "ghost")
            }

            // Granting follows the same rules, and nobody hands out more than they hold.
            let before = try await snapshot(store)
            await #expect(throws: StoreError.self) {
                try await store.accounts.addUser(
                    username: "member1", password: Self.password, role: .commissionMember, commissionID: other.id, by: .user(secretary))
            }
            await #expect(throws: StoreError.self) {
                try await store.accounts.addUser(
                    username: "member2", password: Self.password, role: .observer, commissionID: mine.id, by: .user(observer))
            }
            await #expect(throws: StoreError.self) {
                try await store.accounts.addUser(
                    username: "member3", password: Self.password, role: .cecAdmin, commissionID: "cec", by: .user(districtSecretary))
            }
            #expect(try await snapshot(store) == before)
            let member = try await store.accounts.addUser(
                username: "member4", password: Self.password, role: .commissionMember, commissionID: mine.id, by: .user(districtSecretary))
            #expect(member.commissionID == mine.id)
            #expect(try await store.accounts.auditLog(limit: 1).first?.actor == "user:dsec")
            #expect(try await store.accounts.users(commissionID: mine.id).map(\.username) == ["member4", "sec"])
        }
    }
}
