import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import HummingbirdBcrypt
import SQLKit

public struct User: Codable, Hashable, Sendable {
    public var id: Int
    public var username: String
    public var displayName: String
    public var role: Role
    public var commissionID: String
}

/// Accounts: users with their roles, bearer tokens, who may do what where, and the audit log.
public struct AccountsStore: Sendable {
    let context: StoreContext
}

extension AccountsStore {
    static let minimumPasswordLength = 10

    /// Adds a user with a role scoped to one commission. The granter (if a user) must be allowed
    /// to manage users at that commission and may not hand out a role above their own.
    @discardableResult
    public func addUser(
        username: String, displayName: String? = nil, password: String, role: Role, commissionID: String, by principal: Principal
    ) async throws -> User {
        let name = username.trimmingCharacters(in: .whitespaces)
        guard name.count >= 3, name.count <= 64,
            name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) })
        else {
            throw StoreError.invalid("username '\(username)': 3–64 characters from a–z, 0–9, '.', '_' and '-'")
        }
        guard password.count >= Self.minimumPasswordLength else {
            throw StoreError.invalid("password: at least \(Self.minimumPasswordLength) characters")
        }
        guard password.utf8.count <= 72 else { throw StoreError.invalid("password: at most 72 bytes (bcrypt ignores the rest)") }
        let display = (displayName ?? name).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !display.isEmpty, display.count <= 200 else { throw StoreError.invalid("display name: 1–200 characters") }
        let chain = try await context.commissionChain(commissionID)
        guard !chain.isEmpty else { throw StoreError.notFound("commission '\(commissionID)'") }
        if role == .cecAdmin, chain.count != 1 {
            throw StoreError.invalid("role cec-admin: only at the central commission, not at '\(commissionID)'")
        }
        if let granter = principal.user {
            guard Permissions.allows(role: granter.role, userCommission: granter.commissionID, action: .manageUsers, targetChain: chain),
                Permissions.mayGrant(role, by: granter.role)
            else {
                throw StoreError.forbidden(
                    "\(granter.username) (\(granter.role.rawValue) at \(granter.commissionID)) may not add a \(role.rawValue) at \(commissionID)"
                )
            }
        }
        let hash = Bcrypt.hash(password, cost: context.bcryptCost)
        return try await context.write(
            by: principal, action: "add-user", subject: "user \(name)",
            details: ["role": role.rawValue, "commission": commissionID]
        ) { db in
            if try await db.raw("SELECT id FROM users WHERE username = \(bind: name)").first() != nil {
                throw StoreError.conflict("username '\(name)' is taken")
            }
            try await db.insertRows(
                "users", ["username", "display_name", "password_hash", "role", "commission_id", "created_at", "disabled"],
                [[name, display, hash, role.rawValue, commissionID, Timestamp.now(), 0]])
            guard let row = try await db.raw("SELECT id FROM users WHERE username = \(bind: name)").first() else {
                throw StoreError.unavailable("user row vanished")
            }
            return User(id: try row.int("id"), username: name, displayName: display, role: role, commissionID: commissionID)
        }
    }

    public func users(commissionID: String? = nil) async throws -> [User] {
        try await context.backend.withDatabase { db in
            let rows: [any SQLRow]
            if let commissionID {
                rows = try await db.raw(
                    "SELECT id, username, display_name, role, commission_id FROM users WHERE commission_id = \(bind: commissionID) ORDER BY username"
                ).all()
            } else {
                rows = try await db.raw("SELECT id, username, display_name, role, commission_id FROM users ORDER BY username").all()
            }
            return try rows.map(Self.user)
        }
    }

    static func user(_ row: any SQLRow) throws -> User {
        let roleText = try row.string("role")
        guard let role = Role(rawValue: roleText) else { throw StoreError.invalid("stored role '\(roleText)' is unknown") }
        return User(
            id: try row.int("id"), username: try row.string("username"), displayName: try row.string("display_name"), role: role,
            commissionID: try row.string("commission_id"))
    }

    /// Checks the password and issues a bearer token. Only the token's SHA-256 is stored.
    public func issueToken(username: String, password: String, lifetime: TimeInterval = 12 * 3600) async throws -> (
        token: String, user: User
    ) {
        let row = try await context.backend.withDatabase { db in
            try await db.raw(
                "SELECT id, username, display_name, role, commission_id, password_hash, disabled FROM users WHERE username = \(bind: username)"
            ).first()
        }
        // Verify against a dummy hash for unknown users so timing does not reveal who exists.
        let hash = try row?.string("password_hash") ?? "$2b$04$abcdefghijklmnopqrstuu5Yb5Yb5Yb5Yb5Yb5Yb5Yb5Yb5Yb5Yb5Yb"
        guard Bcrypt.verify(password, hash: hash), let row, try row.int("disabled") == 0 else { throw StoreError.unauthenticated }
        let user = try Self.user(row)
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let token =
            "htm_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let expires = Timestamp.string(Date().addingTimeInterval(lifetime))
        try await context.write(by: .user(user), action: "issue-token", subject: "user \(user.username)") { db in
            try await db.insertRows(
                "tokens", ["token_hash", "user_id", "created_at", "expires_at"],
                [[Self.tokenHash(token), user.id, Timestamp.now(), expires]])
        }
        return (token, user)
    }

    /// The user a bearer token belongs to, or nil when it is unknown, expired or disabled.
    public func user(forToken token: String) async throws -> User? {
        guard token.count <= 200 else { return nil }
        let hash = Self.tokenHash(token)
        let now = Timestamp.now()
        return try await context.backend.withDatabase { db in
            try await db.raw(
                """
                SELECT u.id, u.username, u.display_name, u.role, u.commission_id FROM tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.expires_at > \(bind: now) AND u.disabled = 0
                """
            ).first().map(Self.user)
        }
    }

    static func tokenHash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Throws `forbidden` unless `user` may do `action` at `commissionID`.
    public func authorize(_ user: User, _ action: Action, at commissionID: String) async throws {
        try await context.authorize(user, action, at: commissionID)
    }
}
