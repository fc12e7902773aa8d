import Foundation
import HTTPTypes
import HattamaCore
import HattamaStore
import Hummingbird
import HummingbirdAuth

struct ProtocolSubmissionRequest: Decodable {
    var precinctID: String
    var lines: [String: Int]
    var candidateVotes: [String: Int]
    /// Base64 Ed25519 signature over the `ProtocolStatement` of this version (figures, reason, decision reference, version, previous hash).
    var signature: String
    var reason: String?
    var decisionReference: String?
}

extension ProtocolVersion: ResponseEncodable {}
extension ProtocolRecord: ResponseEncodable {}
extension ResultsView: ResponseEncodable {}
extension CommissionKey: ResponseEncodable {}
extension TurnoutSummary: ResponseEncodable {}

struct TurnoutRequest: Decodable {
    var precinctID: String
    var time: String
    var voters: Int
}

/// Election night: signed protocols in, results out.
struct ResultsController {
    let results: ResultsStore
    let structure: StructureStore
    /// For the page cache's stamp.
    let log: LogStore
    /// Results answers are cached like pages (see `PageCache`): they change only with the log.
    let cache: PageCache

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.post(SiteURL.Route.apiProtocols, use: submit)
        router.get(SiteURL.Route.apiProtocol, use: record)
        router.get(SiteURL.Route.apiResults, use: resultsView)
        router.get(SiteURL.Route.apiCommissionKey, use: key)
        router.post(SiteURL.Route.apiTurnout, use: reportTurnout)
        router.get(SiteURL.Route.apiTurnout, use: turnout)
    }

    @Sendable func submit(_ request: Request, context: HattamaRequestContext) async throws -> EditedResponse<ProtocolVersion> {
        let user = try context.requireIdentity()
        let election = try context.parameters.require("election")
        let body = try await request.decode(as: ProtocolSubmissionRequest.self, context: context)
        guard let signature = Data(base64Encoded: body.signature) else {
            throw StoreError.invalid("field 'signature': not base64")
        }
        let reason: ProtocolVersionReason
        if let text = body.reason {
            guard let parsed = ProtocolVersionReason(rawValue: text) else {
                throw StoreError.invalid(
                    "field 'reason': '\(text)' is not one of \(ProtocolVersionReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            reason = parsed
        } else {
            reason = .original
        }
        let submission = ProtocolSubmission(
            resultsProtocol: ResultsProtocol(
                electionID: election, precinctID: body.precinctID, lines: body.lines, candidateVotes: body.candidateVotes),
            signature: signature, reason: reason, decisionReference: body.decisionReference)
        let version = try await results.submitProtocol(submission, by: .user(user))
        return EditedResponse(
            status: .created, headers: [.location: SiteURL.api(.protocolRecord(election: election, precinct: body.precinctID)).path],
            response: version)
    }

    @Sendable func record(_ request: Request, context: HattamaRequestContext) async throws -> ProtocolRecord {
        try await results.protocolRecord(
            election: try context.parameters.require("election"), precinct: try context.parameters.require("precinct"))
    }

    @Sendable func resultsView(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let commission = request.uri.queryParameters["commission"].map(String.init)
        let election = try context.parameters.require("election")
        let results = self.results
        let stamp = try await cache.stamp(log)
        let key = "results \(election) \(commission ?? "")"
        let (entry, source) = try await cache.lookup(key, stamp: stamp) {
            let view = try await results.results(election: election, commission: commission)
            return PageCache.Entry(
                stamp: stamp, body: ByteBuffer(data: try JSONEncoder().encode(view)), contentType: "application/json; charset=utf-8")
        }
        return Response(
            status: .ok, headers: [.contentType: entry.contentType, HTTPField.Name("X-Hattama-Cache")!: source.rawValue],
            body: .init(byteBuffer: entry.body))
    }

    @Sendable func key(_ request: Request, context: HattamaRequestContext) async throws -> CommissionKey {
        try await structure.commissionKey(try context.parameters.require("commission"))
    }

    @Sendable func reportTurnout(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let election = try context.parameters.require("election")
        let body = try await request.decode(as: TurnoutRequest.self, context: context)
        try await results.reportTurnout(
            [TurnoutReport(electionID: election, precinctID: body.precinctID, time: body.time, voters: body.voters)], by: .user(user))
        return Response(status: .noContent)
    }

    @Sendable func turnout(_ request: Request, context: HattamaRequestContext) async throws -> TurnoutSummary {
        let commission = request.uri.queryParameters["commission"].map(String.init)
        return try await results.turnout(election: try context.parameters.require("election"), commission: commission)
    }
}
