import Foundation
import HattamaCore
import HattamaStore
import Hummingbird
import HummingbirdAuth

struct ElectionsResponse: ResponseEncodable {
    struct Item: Codable {
        var id: String
        var name: LocalizedText
        var profileID: String
        var electionDay: String
        var candidates: [Candidate]
        var topCommission: String
        var links: [String: String]
    }
    var elections: [Item]
}

struct CommissionResponse: ResponseEncodable {
    var election: String
    var level: CommissionLevel?
    var commission: Commission
    var breadcrumb: [CommissionReference]
    var counts: SubtreeCounts
    var children: [CommissionSummary]
    var precinct: Precinct?
    var links: [String: String]
}

struct TokenRequest: Decodable {
    var username: String
    var password: String
}

struct TokenResponse: ResponseEncodable {
    var token: String
    var tokenType = "Bearer"
    var user: User
}

struct NewUserRequest: Decodable {
    var username: String
    var displayName: String?
    var password: String
    var role: String
    var commissionID: String
}

extension User: ResponseEncodable {}

struct HealthResponse: ResponseEncodable {
    var status: String
    var database: String
    var schemaVersion: Int
}

/// JSON API under /api/v1.
struct APIController {
    let accounts: AccountsStore
    let structure: StructureStore

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.apiElections, use: elections)
        router.get(SiteURL.Route.apiCommission, use: commission)
        router.post(SiteURL.Route.apiToken, use: token)
        router.post(SiteURL.Route.apiUsers, use: addUser)
        router.get(SiteURL.Route.apiMe, use: me)
    }

    @Sendable func elections(_ request: Request, context: HattamaRequestContext) async throws -> ElectionsResponse {
        var items: [ElectionsResponse.Item] = []
        for election in try await structure.elections() {
            let top = try await structure.rootCommission(election: election.id)
            items.append(
                .init(
                    id: election.id, name: election.name, profileID: election.profileID, electionDay: election.electionDay,
                    candidates: try await structure.candidates(election: election.id), topCommission: top,
                    links: ["topCommission": SiteURL.api(.commission(election: election.id, commission: top)).path]))
        }
        return ElectionsResponse(elections: items)
    }

    @Sendable func commission(_ request: Request, context: HattamaRequestContext) async throws -> CommissionResponse {
        let electionID = try context.parameters.require("election")
        let commissionID = try context.parameters.require("commission")
        let profile = try await structure.profile(forElection: electionID)
        let detail = try await structure.commission(commissionID)
        var links = ["self": SiteURL.api(.commission(election: electionID, commission: commissionID)).path]
        if let parent = detail.breadcrumb.last {
            links["parent"] = SiteURL.api(.commission(election: electionID, commission: parent.id)).path
        }
        return CommissionResponse(
            election: electionID, level: profile.level(detail.commission.level), commission: detail.commission,
            breadcrumb: detail.breadcrumb,
            counts: detail.counts, children: detail.children, precinct: detail.precinct, links: links)
    }

    @Sendable func token(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<TokenResponse> {
        let body = try await request.decode(as: TokenRequest.self, context: context)
        let (token, user) = try await accounts.issueToken(username: body.username, password: body.password)
        return EditedResponse(status: .created, response: TokenResponse(token: token, user: user))
    }

    @Sendable func addUser(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<User> {
        let granter = try context.requireIdentity()
        let body = try await request.decode(as: NewUserRequest.self, context: context)
        guard let role = Role(rawValue: body.role) else {
            throw StoreError.invalid("field 'role': '\(body.role)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let user = try await accounts.addUser(
            username: body.username, displayName: body.displayName, password: body.password, role: role, commissionID: body.commissionID,
            by: .user(granter))
        return EditedResponse(status: .created, response: user)
    }

    @Sendable func me(_ request: Request, context: HattamaRequestContext) async throws -> User {
        try context.requireIdentity()
    }
}
