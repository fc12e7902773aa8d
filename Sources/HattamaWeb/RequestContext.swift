import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import HummingbirdAuth
import NIOCore

/// Request context: the signed-in user (if any) and JSON with stable key order.
public struct HattamaRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: User?
    /// The peer's address (for per-client rate limits); nil in router tests.
    public var remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Small JSON bodies only: nothing the API accepts today comes near this.
    public var maxUploadSize: Int { 1 << 20 }

    /// The page's language from the `{lang}` path segment; any other segment is no page at all.
    func language() throws -> Language {
        guard let language = Language(rawValue: parameters.get("lang") ?? "") else {
            throw HTTPError(.notFound, message: "no such page")
        }
        return language
    }
}

/// Resolves `Authorization: Bearer …` to a user.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = HattamaRequestContext
    let accounts: AccountsStore

    func authenticate(request: Request, context: Context) async throws -> User? {
        guard let bearer = request.headers.bearer else { return nil }
        guard let user = try await accounts.user(forToken: bearer.token) else {
            throw HTTPError(.unauthorized, message: "the bearer token is unknown or expired")
        }
        return user
    }
}
