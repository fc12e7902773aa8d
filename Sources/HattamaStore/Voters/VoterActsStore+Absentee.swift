import Foundation
import HattamaCore
import SQLKit

/// The absentee certificate accounts of one commission and (for a report) its direct subordinates.
public struct AbsenteeReport: Codable, Equatable, Sendable {
    public struct Line: Codable, Equatable, Sendable {
        public var commissionID: String
        public var allocated: Int
        public var issued: Int
        public var redeemed: Int
        public var unused: Int
        public var void: Int
        /// Certificates used at stations of this subtree, wherever they were issued.
        public var redeemedAtStations: Int
        /// Cap of the region (for commissions directly below the CEC), else nil.
        public var cap: Int?
    }

    public var electionID: String
    public var commission: Line
    public var subordinates: [Line]
    /// Every way the books fail to balance; empty when they reconcile.
    public var problems: [String]
}

extension VoterActsStore {
    /// The profile's rules for certificates (caps, window, cap units) from the core book.
    func absenteeBook(_ context: VoterContext) async throws -> AbsenteeCertificateBook {
        let structure = try await self.context.electionStructure(election: context.electionID)
        guard let book = AbsenteeCertificateBook(structure: structure, profile: context.profile) else {
            throw StoreError.invalid("election '\(context.electionID)' has no central commission or election day")
        }
        return book
    }

    static func refusal(_ absentee: AbsenteeRefusal) -> StoreError {
        switch absentee {
        case .unknownCommission(let c): .notFound("commission '\(c)'")
        case .unknownPrecinct(let p): .notFound("precinct '\(p)'")
        case .notProducedByCentralCommission(let c): .invalid("certificates are produced by the central commission, not '\(c)'")
        case .notAChildCommission(let from, let to): .invalid("'\(to)' is not directly below '\(from)'")
        case .notAPrecinctCommission(let c): .invalid("'\(c)' is not a precinct commission")
        case .invalidCount(let n): .invalid("count \(n): must be positive")
        case .unallocatedSerial(let s): .conflict("certificate \(s) was never produced")
        case .notHeldBy(let s, let holder, let c): .conflict("certificate \(s) is held by '\(holder)', not '\(c)'")
        case .voidSerial(let s): .conflict("certificate \(s) is void")
        case .alreadyIssued(let s): .conflict("certificate \(s) was already issued")
        case .notIssued(let s): .conflict("certificate \(s) was never issued to a voter")
        case .alreadyUsed(let s, let p): .conflict("certificate \(s) was already used at '\(p)'")
        case .issuedToAnotherVoter(let s): .conflict("certificate \(s) was issued to another voter")
        case .homeSettlement(let p): .conflict("a certificate is not valid at '\(p)', in the voter's home settlement")
        case .outsideIssuingWindow(let from, let until): .conflict("certificates are issued from \(from) until before \(until)")
        case .overCap(let unit, let cap, let already, let requested):
            .conflict("'\(unit)': \(already) + \(requested) certificates exceed the cap of \(cap)")
        case .notEnoughHeld(let c, let held, let requested): .conflict("'\(c)' holds \(held) blank certificates, not \(requested)")
        case .notElectionDay: .conflict("only on election day")
        case .voter(let r): Self.refusal(r)
        }
    }

    /// "1-100,105,107-110" for ascending serials.
    static func serialRanges(_ serials: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < serials.count {
            var j = i
            while j + 1 < serials.count, serials[j + 1] == serials[j] + 1 { j += 1 }
            parts.append(i == j ? "\(serials[i])" : "\(serials[i])-\(serials[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    private static func logAllocation(
        _ db: any SQLDatabase, _ log: LogAppender, election: String, from: String?, to: String, serials: [Int], by principal: Principal
    ) async throws {
        let ranges = serialRanges(serials)
        let index = try await log.append([
            LogEntry(
                type: LogEntryType.absenteeAllocation, subject: "\(election)/\(to)",
                payload: VotersStore.absenteeAllocationPayload(
                    election: election, from: from, to: to, serials: ranges, count: serials.count))
        ])[0]
        try await db.insertRows(
            "absentee_allocations", ["election_id", "from_id", "to_id", "serials", "count", "allocated_by", "allocated_at", "log_index"],
            [[election, from, to, ranges, serials.count, principal.name, Timestamp.now(), index]])
    }

    /// Produces `count` new certificate serials for the central commission, within the sum of
    /// the regions' caps (the profile's share of their voters). Logged.
    @discardableResult
    public func produceCertificates(count: Int, election: String? = nil, by principal: Principal) async throws -> ClosedRange<Int> {
        let context = try await voterContext(election)
        let book = try await absenteeBook(context)
        try await authorizeListWrite(principal, at: book.centralCommissionID)
        guard count > 0 else { throw Self.refusal(.invalidCount(count)) }
        let totalCap = book.caps.values.reduce(0, +)
        return try await self.context.write(
            by: principal, action: "produce-absentee-certificates", subject: "election \(context.electionID)"
        ) {
            db, log in
            let produced =
                try await db.raw("SELECT COUNT(*) AS n FROM absentee_certificates WHERE election_id = \(bind: context.electionID)").first()?
                .int("n") ?? 0
            guard produced + count <= totalCap else {
                throw Self.refusal(.overCap(unitID: book.centralCommissionID, cap: totalCap, alreadyAllocated: produced, requested: count))
            }
            let serials = Array((produced + 1)...(produced + count))
            try await db.insertRows(
                "absentee_certificates", ["election_id", "serial", "holder_id", "state"],
                serials.map { [context.electionID, $0, book.centralCommissionID, "held"] })
            try await Self.logAllocation(
                db, log, election: context.electionID, from: nil, to: book.centralCommissionID, serials: serials, by: principal)
            return (produced + 1)...(produced + count)
        }
    }

    /// Passes the `count` lowest blank serials `from` holds to its direct subordinate `to`; what
    /// enters a region from the CEC counts against the region's cap. Logged.
    @discardableResult
    public func allocateCertificates(count: Int, from: String, to: String, election: String? = nil, by principal: Principal) async throws
        -> [Int]
    {
        let context = try await voterContext(election)
        let book = try await absenteeBook(context)
        try await authorizeListWrite(principal, at: from)
        guard count > 0 else { throw Self.refusal(.invalidCount(count)) }
        let chain = try await self.context.commissionChain(to)
        guard !chain.isEmpty else { throw Self.refusal(.unknownCommission(to)) }
        guard chain.count >= 2, chain[1] == from else { throw Self.refusal(.notAChildCommission(from: from, to: to)) }
        return try await self.context.write(by: principal, action: "allocate-absentee-certificates", subject: "commission \(to)") {
            db, log in
            let held = try await db.raw(
                """
                SELECT serial FROM absentee_certificates WHERE election_id = \(bind: context.electionID) AND holder_id = \(bind: from)
                AND state = 'held' ORDER BY serial
                """
            ).all().map { try $0.int("serial") }
            guard held.count >= count else { throw Self.refusal(.notEnoughHeld(commissionID: from, held: held.count, requested: count)) }
            if from == book.centralCommissionID {
                let cap = book.caps[to] ?? 0
                let already =
                    try await db.raw(
                        """
                        SELECT COUNT(*) AS n FROM absentee_certificates c JOIN commission_ancestors a ON a.commission_id = c.holder_id
                        WHERE c.election_id = \(bind: context.electionID) AND a.ancestor_id = \(bind: to)
                        """
                    ).first()?.int("n") ?? 0
                guard already + count <= cap else {
                    throw Self.refusal(.overCap(unitID: to, cap: cap, alreadyAllocated: already, requested: count))
                }
            }
            let moving = Array(held.prefix(count))
            for chunk in moving.chunked(1000) {
                // Serials are our own integers, so they are written inline.
                try await db.raw(
                    """
                    UPDATE absentee_certificates SET holder_id = \(bind: to) WHERE election_id = \(bind: context.electionID)
                    AND holder_id = \(bind: from) AND state = 'held' AND serial IN (\(unsafeRaw: chunk.map(String.init).joined(separator: ",")))
                    """
                ).run()
            }
            try await Self.logAllocation(db, log, election: context.electionID, from: from, to: to, serials: moving, by: principal)
            return moving
        }
    }

    struct CertificateRow {
        var holder: String
        var state: String
        var iin: Int64?
        var redeemedAt: String?
    }

    static func certificate(_ db: any SQLDatabase, election: String, serial: Int) async throws -> CertificateRow? {
        try await db.raw(
            "SELECT holder_id, state, iin, redeemed_precinct_id FROM absentee_certificates WHERE election_id = \(bind: election) AND serial = \(bind: serial)"
        ).first().map {
            CertificateRow(
                holder: try $0.string("holder_id"), state: try $0.string("state"),
                iin: try $0.decodeNil(column: "iin") ? nil : try $0.decode(column: "iin", as: Int64.self),
                redeemedAt: try $0.optionalString("redeemed_precinct_id"))
        }
    }

    static func checkBlank(_ certificate: CertificateRow?, serial: Int, heldBy commission: String) throws {
        guard let certificate else { throw refusal(.unallocatedSerial(serial)) }
        switch certificate.state {
        case "void": throw refusal(.voidSerial(serial))
        case "issued", "redeemed": throw refusal(.alreadyIssued(serial))
        default: break
        }
        guard certificate.holder == commission else {
            throw refusal(.notHeldBy(serial: serial, holderID: certificate.holder, commissionID: commission))
        }
    }

    /// The voter's home PEC issues certificate `serial` within the profile's window and marks the
    /// voter on its list (no ballot there any more). Logged without the IIN.
    public func issueCertificate(
        serial: Int, iin text: String, precinct: String, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws {
        let iin = try Self.parseIIN(text)
        try await authorizeListWrite(principal, at: precinct)
        let context = try await voterContext(election)
        let book = try await absenteeBook(context)
        _ = try await precinctKind(precinct)
        let window = book.issuingWindow
        guard time >= window.from, time < window.until else {
            throw Self.refusal(.outsideIssuingWindow(from: window.from, until: window.until))
        }
        try await self.context.write(by: principal, action: "issue-absentee-certificate", subject: "precinct \(precinct)") { db, log in
            try Self.checkBlank(
                try await Self.certificate(db, election: context.electionID, serial: serial), serial: serial, heldBy: precinct)
            guard let voter = try await Self.voter(db, iin) else { throw Self.refusal(.unknownVoter(iin.digits)) }
            guard voter.homePrecinctID == precinct else { throw Self.refusal(.notOnThisList(precinctID: precinct)) }
            if voter.addedOnElectionDay { throw Self.refusal(.homeListNotEligible(precinctID: precinct)) }
            if voter.homeStatus == "absentee" { throw Self.refusal(.absenteeCertificateIssued(serial: 0)) }
            if voter.homeStatus == "special" { throw Self.refusal(.excludedForSpecialStation(precinctID: voter.awayPrecinctID ?? "")) }
            if let mark = try await Self.ballotMark(db, election: context.electionID, iin) {
                throw Self.refusal(.ballotAlreadyIssued(precinctID: mark))
            }
            try await db.raw(
                """
                UPDATE absentee_certificates SET state = 'issued', iin = \(bind: Self.iinKey(iin)), issued_at = \(bind: time.description)
                WHERE election_id = \(bind: context.electionID) AND serial = \(bind: serial) AND state = 'held'
                """
            ).run()
            try await db.raw("UPDATE voters SET home_status = 'absentee' WHERE iin = \(bind: Self.iinKey(iin)) AND home_status = 'active'")
                .run()
            try await Self.recordListEvent(
                db, log, election: context.electionID, iin: iin, kind: "absentee-issued", precinct: precinct, serial: serial, count: 1,
                detail: "", by: principal, logged: true)
        }
    }

    /// On election day a PEC outside the voter's home settlement accepts the certificate and adds
    /// the voter to its list. A second use, use in the home settlement, or a void, unissued or
    /// never-produced serial is refused. Logged without the IIN.
    public func redeemCertificate(
        serial: Int, iin text: String, precinct: String, election: String? = nil, at time: CivilDateTime, by principal: Principal
    ) async throws {
        let iin = try Self.parseIIN(text)
        try await authorizeListWrite(principal, at: precinct)
        let context = try await voterContext(election)
        let book = try await absenteeBook(context)
        _ = try await precinctKind(precinct)
        guard time.date == context.electionDay else { throw Self.refusal(VoterRegisterRefusal.notElectionDay) }
        try await self.context.write(by: principal, action: "redeem-absentee-certificate", subject: "precinct \(precinct)") { db, log in
            guard let certificate = try await Self.certificate(db, election: context.electionID, serial: serial) else {
                throw Self.refusal(.unallocatedSerial(serial))
            }
            switch certificate.state {
            case "held": throw Self.refusal(.notIssued(serial))
            case "void": throw Self.refusal(.voidSerial(serial))
            case "redeemed": throw Self.refusal(.alreadyUsed(serial: serial, precinctID: certificate.redeemedAt ?? ""))
            default: break
            }
            guard certificate.iin == Self.iinKey(iin) else { throw Self.refusal(.issuedToAnotherVoter(serial: serial)) }
            guard let voter = try await Self.voter(db, iin) else { throw Self.refusal(.unknownVoter(iin.digits)) }
            let settlements = try await db.raw(
                "SELECT id, settlement_ru FROM precincts WHERE id IN (\(bind: voter.homePrecinctID), \(bind: precinct))"
            ).all().reduce(into: [String: String]()) { $0[try $1.string("id")] = try $1.string("settlement_ru") }
            if voter.homePrecinctID == precinct
                || (!book.validInHomeSettlement && settlements[voter.homePrecinctID] == settlements[precinct])
            {
                throw Self.refusal(.homeSettlement(precinctID: precinct))
            }
            if let other = voter.awayPrecinctID { throw Self.refusal(.alreadyOnList(precinctID: other)) }
            if let mark = try await Self.ballotMark(db, election: context.electionID, iin) {
                throw Self.refusal(.ballotAlreadyIssued(precinctID: mark))
            }
            try await db.raw(
                """
                UPDATE absentee_certificates SET state = 'redeemed', redeemed_precinct_id = \(bind: precinct), redeemed_at = \(bind: time.description)
                WHERE election_id = \(bind: context.electionID) AND serial = \(bind: serial) AND state = 'issued'
                """
            ).run()
            try await db.raw("UPDATE voters SET away_precinct_id = \(bind: precinct) WHERE iin = \(bind: Self.iinKey(iin))").run()
            try await Self.recordListEvent(
                db, log, election: context.electionID, iin: iin, kind: "absentee-redeemed", precinct: precinct, serial: serial, count: 1,
                detail: "", by: principal, logged: true)
        }
    }

    /// Declares a blank certificate void (spoiled, destroyed); its holder does it. Logged.
    public func voidCertificate(
        serial: Int, holder: String, reason: String, election: String? = nil, by principal: Principal
    ) async throws {
        let reason = try Self.checkText(reason, "reason")
        try await authorizeListWrite(principal, at: holder)
        let context = try await voterContext(election)
        try await self.context.write(by: principal, action: "void-absentee-certificate", subject: "commission \(holder)") { db, log in
            try Self.checkBlank(
                try await Self.certificate(db, election: context.electionID, serial: serial), serial: serial, heldBy: holder)
            try await db.raw(
                """
                UPDATE absentee_certificates SET state = 'void', void_reason = \(bind: reason)
                WHERE election_id = \(bind: context.electionID) AND serial = \(bind: serial) AND state = 'held'
                """
            ).run()
            try await Self.recordListEvent(
                db, log, election: context.electionID, iin: nil, kind: "absentee-void", precinct: holder, serial: serial, count: 1,
                detail: reason, by: principal, logged: true)
        }
    }

    /// Allocated / issued / redeemed / unused / void for `commission` (default: the CEC, i.e.
    /// national) and each commission directly below it, with the reconciliation of the books.
    public func absenteeReport(commission: String? = nil, election: String? = nil) async throws -> AbsenteeReport {
        let context = try await voterContext(election)
        let book = try await absenteeBook(context)
        let scope = commission ?? book.centralCommissionID
        return try await self.context.backend.withDatabase { db in
            let children = try await db.raw("SELECT id FROM commissions WHERE parent_id = \(bind: scope) ORDER BY ordinal, id").all().map {
                try $0.string("id")
            }
            let ids = [scope] + children
            var lines: [String: AbsenteeReport.Line] = [:]
            for id in ids {
                lines[id] = AbsenteeReport.Line(
                    commissionID: id, allocated: 0, issued: 0, redeemed: 0, unused: 0, void: 0, redeemedAtStations: 0, cap: book.caps[id])
            }
            let list = ids.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
            for row in try await db.raw(
                """
                SELECT a.ancestor_id AS id, c.state AS state, COUNT(*) AS n FROM absentee_certificates c
                JOIN commission_ancestors a ON a.commission_id = c.holder_id
                WHERE c.election_id = \(bind: context.electionID) AND a.ancestor_id IN (\(unsafeRaw: list)) GROUP BY a.ancestor_id, c.state
                """
            ).all() {
                let id = try row.string("id")
                let n = try row.int("n")
                lines[id]?.allocated += n
                switch try row.string("state") {
                case "held": lines[id]?.unused += n
                case "void": lines[id]?.void += n
                case "issued": lines[id]?.issued += n
                default:
                    lines[id]?.issued += n
                    lines[id]?.redeemed += n
                }
            }
            for row in try await db.raw(
                """
                SELECT a.ancestor_id AS id, COUNT(*) AS n FROM absentee_certificates c
                JOIN commission_ancestors a ON a.commission_id = c.redeemed_precinct_id
                WHERE c.election_id = \(bind: context.electionID) AND a.ancestor_id IN (\(unsafeRaw: list)) GROUP BY a.ancestor_id
                """
            ).all() {
                lines[try row.string("id")]?.redeemedAtStations = try row.int("n")
            }
            var problems: [String] = []
            for id in ids {
                guard let l = lines[id] else { continue }
                if l.allocated != l.issued + l.unused + l.void || l.redeemed > l.issued {
                    problems.append("\(id): allocated \(l.allocated) ≠ issued \(l.issued) + unused \(l.unused) + void \(l.void)")
                }
                if let cap = l.cap, l.allocated > cap { problems.append("\(id): \(l.allocated) allocated over the cap of \(cap)") }
            }
            if scope == book.centralCommissionID {
                let marked =
                    try await db.raw("SELECT COUNT(*) AS n FROM voters WHERE home_status = 'absentee'").first()?.int("n") ?? 0
                let issued = lines[scope]?.issued ?? 0
                if marked != issued {
                    problems.append("register marks \(marked) voters with certificates, books show \(issued) issued")
                }
                let produced =
                    try await db.raw(
                        "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n FROM absentee_allocations WHERE election_id = \(bind: context.electionID) AND from_id IS NULL"
                    ).first()?.int("n") ?? 0
                if produced != lines[scope]?.allocated ?? 0 {
                    problems.append("national: allocated \(lines[scope]?.allocated ?? 0) ≠ produced \(produced)")
                }
            }
            return AbsenteeReport(
                electionID: context.electionID, commission: lines[scope]!, subordinates: children.compactMap { lines[$0] },
                problems: problems)
        }
    }
}
