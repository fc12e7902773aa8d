import Foundation
import HattamaCore
import HattamaStore

extension DemoCommissionWork {
    /// Loads the demo's commissions at work into `store`: every commission's members in one
    /// transaction (checked by the Core rolls first, logged as one batch), then each later act
    /// through the same public methods an operator uses, so the demo passes every rule the API
    /// enforces.
    public func load(into store: HattamaStore, election: String, by principal: Principal) async throws {
        let work = store.commissionWork
        try await work.appointMembers(members, election: election, by: principal)
        for step in steps {
            switch step {
            case .substitute(let substitution): try await work.substituteMember(substitution, election: election, by: principal)
            case .registerRepresentative(let member): try await work.registerRepresentative(member, election: election, by: principal)
            case .refuseRepresentative(let refusal): try await work.refuseRepresentative(refusal, election: election, by: principal)
            case .schedule(let session): try await work.scheduleSession(session, election: election, by: principal)
            case .decide(let decision, let publishedAt):
                try await work.recordDecision(decision, publishedAt: publishedAt, election: election, by: principal)
            case .file(let id, let complainant, let subject, let route, let summary, let at):
                try await work.fileComplaint(
                    id: id, complainant: complainant, subject: subject, route: route, summary: summary, receivedAt: at, election: election,
                    by: principal)
            case .register(let id, let at, let courtNumber):
                try await work.registerComplaint(id: id, at: at, courtNumber: courtNumber, election: election, by: principal)
            case .scheduleComplaint(let id, let sessionID):
                try await work.scheduleComplaint(id: id, session: sessionID, election: election, by: principal)
            case .hearing(let id, let at): try await work.scheduleHearing(id: id, at: at, election: election, by: principal)
            case .decideComplaint(let id, let decisionID, let outcome, let at):
                try await work.decideComplaint(
                    id: id, bySessionDecision: decisionID, outcome: outcome, at: at, election: election, by: principal)
            case .courtRuling(let id, let reference, let outcome, let at):
                try await work.recordCourtRuling(id: id, reference: reference, outcome: outcome, at: at, election: election, by: principal)
            case .publish(let id, let at): try await work.publishComplaintDecision(id: id, at: at, election: election, by: principal)
            case .appeal(let id, let appealID, let summary, let at):
                try await work.appealComplaint(id: id, appealID: appealID, summary: summary, filedAt: at, election: election, by: principal)
            }
        }
        // A fresh signed head over all of it, as after any batch.
        if store.log.signsTreeHeads { try await store.log.signTreeHead() }
    }
}
