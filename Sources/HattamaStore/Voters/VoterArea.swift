import Foundation
import HattamaCore
import SQLKit

/// What the register needs of an election: its id, election day and profile.
struct VoterContext: Sendable {
    var electionID: String
    var electionDay: CivilDate
    var profile: LawProfile
}

/// The two types of the voters area, `VotersStore` (the register and its lists) and
/// `VoterActsStore` (acts on the lists), share the election's register context, IIN handling,
/// who may change lists, the voter row and the list-event record. In this area a local `context`
/// is usually the election's `VoterContext`, so the store's is written `self.context`.
protocol VoterArea: Sendable {
    var context: StoreContext { get }
}

extension VoterArea {
    /// The election the register serves: `id`, or the one with the latest election day. A public
    /// lookup starts here, so an election's context is read once (elections are insert-only) and
    /// only "which is the latest" is asked each time.
    func voterContext(_ id: String?) async throws -> VoterContext {
        let electionID: String
        if let id {
            electionID = id
        } else {
            guard let latest = try await self.context.latestElection() else {
                throw StoreError.notFound("election (import an election structure first)")
            }
            electionID = latest.id
        }
        if let cached = self.context.voterContexts.withLock({ $0[electionID] }) { return cached }
        let election = try await self.context.election(electionID)
        guard let day = CivilDate(parsing: election.electionDay) else {
            throw StoreError.invalid("election '\(electionID)': election day '\(election.electionDay)' is not a date")
        }
        let context = VoterContext(
            electionID: electionID, electionDay: day, profile: try await self.context.profile(forElection: electionID))
        self.context.voterContexts.withLock { $0[electionID] = context }
        return context
    }

    /// The IIN as the register keys it: 12 digits as one 64-bit integer (leading zeros of
    /// 2000s births are restored by `iinText`).
    static func iinKey(_ iin: IIN) -> Int64 { iin.digits.utf8.reduce(Int64(0)) { $0 * 10 + Int64($1 - 48) } }

    static func iinText(_ key: Int64) -> String {
        let digits = String(key)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    static func parseIIN(_ text: String) throws -> IIN {
        do {
            return try IIN(text.trimmingCharacters(in: .whitespaces))
        } catch {
            let rule =
                switch error {
                case .notTwelveDigits: "must be exactly 12 digits"
                case .unassignedCenturyDigit(let d): "century/sex digit \(d) is not assigned"
                case .invalidBirthDate: "does not start with a valid date YYMMDD"
                case .neverIssued: "cannot exist (both check-digit passes give 10)"
                case .wrongCheckDigit(let e, let f): "check digit is \(f), expected \(e)"
                }
            throw StoreError.invalid("IIN \(rule)")
        }
    }

    /// List writes: the CEC administrator anywhere below, or the commission's own secretary.
    func authorizeListWrite(_ principal: Principal, at commissionID: String) async throws {
        guard let user = principal.user else { return }
        let chain = try await self.context.commissionChain(commissionID)
        guard !chain.isEmpty else { throw StoreError.notFound("commission '\(commissionID)'") }
        if Permissions.allows(role: user.role, userCommission: user.commissionID, action: .manageStructure, targetChain: chain)
            || Permissions.allows(role: user.role, userCommission: user.commissionID, action: .recordDecision, targetChain: chain)
        {
            return
        }
        throw StoreError.forbidden(
            "\(user.username) (\(user.role.rawValue) at \(user.commissionID)) may not change voter lists at \(commissionID)")
    }

    static var voterColumns: String {
        "iin, surname, given_name, patronymic, birth_date, settlement, address, home_precinct_id, home_status, away_precinct_id, election_day_addition"
    }

    static func voterDetails(_ row: any SQLRow) throws -> VoterDetails {
        VoterDetails(
            iin: iinText(try row.decode(column: "iin", as: Int64.self)), surname: try row.string("surname"),
            givenName: try row.string("given_name"), patronymic: try row.string("patronymic"), birthDate: try row.string("birth_date"),
            settlement: try row.string("settlement"), address: try row.string("address"),
            homePrecinctID: try row.string("home_precinct_id"), homeStatus: try row.string("home_status"),
            awayPrecinctID: try row.optionalString("away_precinct_id"), addedOnElectionDay: try row.int("election_day_addition") == 1)
    }

    static func voter(_ db: any SQLDatabase, _ iin: IIN) async throws -> VoterDetails? {
        try await db.raw("SELECT \(unsafeRaw: voterColumns) FROM voters WHERE iin = \(bind: iinKey(iin))").first().map(voterDetails)
    }

    func precinctKind(_ id: String) async throws -> String {
        guard
            let kind = try await self.context.backend.withDatabase({ db in
                try await db.raw("SELECT kind FROM precincts WHERE id = \(bind: id)").first()?.string("kind")
            })
        else { throw StoreError.notFound("precinct '\(id)'") }
        return kind
    }

    // MARK: - Events and the log

    /// Records an act on the lists; when `logged`, its public part (never the IIN or the detail)
    /// goes to the transparency log in the same transaction.
    @discardableResult
    static func recordListEvent(
        _ db: any SQLDatabase, _ log: LogAppender, election: String?, iin: IIN?, kind: String, precinct: String?,
        other: String? = nil, serial: Int? = nil, count: Int? = nil, detail: String, by principal: Principal, logged: Bool
    ) async throws -> Int? {
        var index: Int?
        if logged {
            let entry = LogEntry(
                type: LogEntryType.voterListEvent, subject: "\(election ?? "-")/\(precinct ?? "-")/\(kind)",
                payload: VotersStore.voterListEventPayload(
                    election: election, kind: kind, precinct: precinct, other: other, serial: serial, count: count))
            index = try await log.append([entry]).first
        }
        try await db.insertRows(
            "voter_list_events",
            [
                "election_id", "iin", "kind", "precinct_id", "other_precinct_id", "serial", "count", "detail", "recorded_by", "recorded_at",
                "log_index",
            ],
            [[election, iin.map(iinKey), kind, precinct, other, serial, count, detail, principal.name, Timestamp.now(), index]])
        return index
    }

    // MARK: - Refusals

    static func refusal(_ refusal: VoterRegisterRefusal) -> StoreError {
        switch refusal {
        case .unknownPrecinct(let p): .notFound("precinct '\(p)'")
        case .unknownVoter: .notFound("voter with this IIN")
        case .notASpecialStation(let p, let kind): .invalid("precinct '\(p)' is a \(kind) station, not a special one")
        case .alreadyOnSpecialList(let p): .conflict("the voter is already on the list of special station '\(p)'")
        case .notOnSpecialList: .conflict("the voter is on no special station's list")
        case .specialListFinalised(let p): .conflict("the list of '\(p)' is finalised")
        case .specialListDeadlinePassed(let day): .conflict("special lists take changes only until \(day)")
        case .finalisationTooEarly(let day): .conflict("a special list may be finalised from \(day) on")
        case .notOnThisList(let p): .conflict("the voter is not on the list of '\(p)'")
        case .excludedForSpecialStation(let p):
            .conflict("the voter is temporarily excluded from this list: they are on the list of special station '\(p)'")
        case .absenteeCertificateIssued(let serial): .conflict("the voter took absentee certificate \(serial)")
        case .alreadyOnList(let p): .conflict("the voter is already on the list of '\(p)'")
        case .ballotAlreadyIssued(let p): .conflict("a ballot was already issued to the voter at '\(p)'")
        case .notElectionDay: .conflict("only on election day")
        case .homeListNotEligible(let p): .conflict("the voter was added on election day at '\(p)'")
        }
    }
}
