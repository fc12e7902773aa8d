import Foundation

/// An absentee voting certificate (открепительное удостоверение) with a central serial number.
public struct AbsenteeCertificate: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        /// Blank, held by `holderID`.
        case held
        case issued(iin: String, at: CivilDateTime)
        case redeemed(iin: String, issuedAt: CivilDateTime, precinctID: String, at: CivilDateTime)
        case void(reason: String)
    }

    public let serial: Int
    /// Commissions the certificate passed through, from the CEC down to its current holder.
    public internal(set) var chain: [String]
    public internal(set) var state: State

    public var holderID: String { chain[chain.count - 1] }
}

/// Why an act on absentee certificates was refused. Nothing changes when one is thrown.
public enum AbsenteeRefusal: Error, Equatable, Sendable {
    case unknownCommission(String)
    case unknownPrecinct(String)
    case notProducedByCentralCommission(String)
    case notAChildCommission(from: String, to: String)
    case notAPrecinctCommission(String)
    case invalidCount(Int)
    /// No certificate with this serial was ever produced.
    case unallocatedSerial(Int)
    /// The serial exists but was not allocated to the commission that tried to use it.
    case notHeldBy(serial: Int, holderID: String, commissionID: String)
    case voidSerial(Int)
    case alreadyIssued(Int)
    case notIssued(Int)
    /// Second use.
    case alreadyUsed(serial: Int, precinctID: String)
    case issuedToAnotherVoter(serial: Int)
    /// Not valid for another precinct in the voter's home settlement.
    case homeSettlement(precinctID: String)
    /// Issuing is allowed from `from` (inclusive) until `until` (exclusive).
    case outsideIssuingWindow(from: CivilDateTime, until: CivilDateTime)
    case overCap(unitID: String, cap: Int, alreadyAllocated: Int, requested: Int)
    case notEnoughHeld(commissionID: String, held: Int, requested: Int)
    case notElectionDay
    case voter(VoterRegisterRefusal)
}

/// Allocated / issued / redeemed / unused / void for one commission's subtree.
public struct AbsenteeAccount: Equatable, Sendable {
    public var commissionID: String
    /// Certificates received into this subtree (for the central commission: produced).
    public var allocated = 0
    /// Issued to voters by PECs of this subtree, whether used or not.
    public var issued = 0
    /// Of those issued here, used at a polling station (anywhere).
    public var redeemed = 0
    /// Blank certificates still held within this subtree.
    public var unused = 0
    public var void = 0
    /// Certificates used at stations of this subtree, wherever they were issued.
    public var redeemedAtStations = 0

    public init(commissionID: String) { self.commissionID = commissionID }

    public var balances: Bool { allocated == issued + unused + void && redeemed <= issued }
}

/// Central accounting of absentee certificates: serials produced for the CEC, passed down
/// CEC → regional TEC → district TEC → PEC within the profile's cap, issued by the voter's home
/// PEC in the profile's window, redeemed once outside the voter's home settlement.
public struct AbsenteeCertificateBook: Sendable {
    public let electionDay: CivilDate
    public let calendar: LawProfile.Calendar
    public let centralCommissionID: String
    let precinctLevel: String
    let commissions: [String: Commission]
    let commissionOrder: [String]
    let children: [String: [String]]
    let precincts: [String: Precinct]
    /// Voters of each cap unit (a commission directly below the CEC, i.e. a region, or a station
    /// abroad that reports straight to the CEC).
    public let unitVoters: [String: Int]
    public let caps: [String: Int]
    /// Whether a certificate may be used at another precinct of the voter's home settlement
    /// (Kazakhstan: no). Stands in for the proposed profile key `absenteeValidInHomeSettlement`.
    public let validInHomeSettlement: Bool
    public private(set) var certificates: [AbsenteeCertificate] = []
    var allocatedToUnit: [String: Int] = [:]
    var stock: [String: [Int]] = [:]

    public init?(structure: ElectionStructure, profile: LawProfile, validInHomeSettlement: Bool = false) {
        guard let day = CivilDate(parsing: structure.election.electionDay),
            let top = structure.commissions.first(where: { $0.parentID == nil })
        else { return nil }
        electionDay = day
        calendar = profile.calendar
        centralCommissionID = top.id
        precinctLevel = profile.precinctLevel.id
        var byID: [String: Commission] = [:]
        var kids: [String: [String]] = [:]
        for c in structure.commissions {
            byID[c.id] = c
            if let p = c.parentID { kids[p, default: []].append(c.id) }
        }
        commissions = byID
        commissionOrder = structure.commissions.map(\.id)
        children = kids
        var stations: [String: Precinct] = [:]
        var voters: [String: Int] = [:]
        for p in structure.precincts {
            stations[p.id] = p
            if let unit = Self.capUnit(of: p.id, commissions: byID, top: top.id) { voters[unit, default: 0] += p.registeredVoters }
        }
        precincts = stations
        unitVoters = voters
        let percent = profile.calendar.absenteeCapPercent
        // Clamped so that no profile value can make the conversion trap.
        self.validInHomeSettlement = validInHomeSettlement
        caps = voters.mapValues { Int(min(max(Double($0) * percent / 100 + 1e-9, 0), Double($0)).rounded(.down)) }
    }

    static func capUnit(of id: String, commissions: [String: Commission], top: String) -> String? {
        var current = id
        var steps = 0
        while let parent = commissions[current]?.parentID, steps <= commissions.count {
            if parent == top { return current }
            current = parent
            steps += 1
        }
        return nil
    }

    public func capUnit(of commissionID: String) -> String? {
        Self.capUnit(of: commissionID, commissions: commissions, top: centralCommissionID)
    }

    public func certificate(_ serial: Int) -> AbsenteeCertificate? {
        serial >= 1 && serial <= certificates.count ? certificates[serial - 1] : nil
    }

    /// Blank certificates `commissionID` holds itself, ascending.
    public func held(by commissionID: String) -> [Int] { stock[commissionID] ?? [] }

    /// First moment of issuing (start of D-absenteeIssueFromDaysBefore) and the first moment
    /// after it (absenteeIssueUntilTime on D-absenteeIssueUntilDaysBefore): "until 18:00" means
    /// a certificate dated 18:00 is too late.
    public var issuingWindow: (from: CivilDateTime, until: CivilDateTime) {
        let from = CivilDateTime(startOf: electionDay.adding(days: -calendar.absenteeIssueFromDaysBefore))
        let lastDay = electionDay.adding(days: -calendar.absenteeIssueUntilDaysBefore)
        let until = CivilDateTime(date: lastDay, time: calendar.absenteeIssueUntilTime) ?? CivilDateTime.endOf(lastDay)
        return (from, until)
    }

    // MARK: - Production and allocation

    /// Produces `count` new serials for the central commission, within the sum of all caps.
    @discardableResult
    public mutating func produce(count: Int) throws(AbsenteeRefusal) -> ClosedRange<Int> {
        let totalCap = caps.values.reduce(0, +)
        guard count > 0 else { throw .invalidCount(count) }
        guard count <= totalCap - certificates.count else {
            throw .overCap(unitID: centralCommissionID, cap: totalCap, alreadyAllocated: certificates.count, requested: count)
        }
        let first = certificates.count + 1
        for serial in first..<(first + count) {
            certificates.append(AbsenteeCertificate(serial: serial, chain: [centralCommissionID], state: .held))
        }
        stock[centralCommissionID, default: []].append(contentsOf: first..<(first + count))
        return first...(first + count - 1)
    }

    /// Passes the `count` lowest blank serials `from` holds to its direct subordinate `to`.
    /// What enters a region (from the CEC) counts against that region's cap.
    @discardableResult
    public mutating func allocate(count: Int, from: String, to: String) throws(AbsenteeRefusal) -> [Int] {
        guard commissions[from] != nil else { throw .unknownCommission(from) }
        guard let child = commissions[to] else { throw .unknownCommission(to) }
        guard child.parentID == from else { throw .notAChildCommission(from: from, to: to) }
        guard count > 0 else { throw .invalidCount(count) }
        let available = stock[from] ?? []
        guard available.count >= count else { throw .notEnoughHeld(commissionID: from, held: available.count, requested: count) }
        if from == centralCommissionID {
            let already = allocatedToUnit[to] ?? 0
            let cap = caps[to] ?? 0
            guard already + count <= cap else { throw .overCap(unitID: to, cap: cap, alreadyAllocated: already, requested: count) }
            allocatedToUnit[to] = already + count
        }
        let moving = Array(available.prefix(count))
        stock[from] = Array(available.dropFirst(count))
        stock[to, default: []].append(contentsOf: moving)
        stock[to]?.sort()
        for serial in moving { certificates[serial - 1].chain.append(to) }
        return moving
    }

    /// Declares a blank certificate void (spoiled, destroyed); its holder must do it.
    public mutating func void(serial: Int, by commissionID: String, reason: String) throws(AbsenteeRefusal) {
        let certificate = try blank(serial, heldBy: commissionID)
        certificates[serial - 1].state = .void(reason: reason)
        stock[certificate.holderID]?.removeAll { $0 == serial }
    }

    private func blank(_ serial: Int, heldBy commissionID: String) throws(AbsenteeRefusal) -> AbsenteeCertificate {
        guard let certificate = certificate(serial) else { throw .unallocatedSerial(serial) }
        switch certificate.state {
        case .void: throw .voidSerial(serial)
        case .issued, .redeemed: throw .alreadyIssued(serial)
        case .held: break
        }
        guard certificate.holderID == commissionID else {
            throw .notHeldBy(serial: serial, holderID: certificate.holderID, commissionID: commissionID)
        }
        return certificate
    }

    // MARK: - Issue and redemption

    /// The voter's home PEC issues certificate `serial` and marks the voter on its list.
    public mutating func issue(serial: Int, to iin: IIN, by precinctID: String, at time: CivilDateTime, register: inout VoterRegisterState)
        throws(AbsenteeRefusal)
    {
        guard let commission = commissions[precinctID] else { throw .unknownCommission(precinctID) }
        guard commission.level == precinctLevel else { throw .notAPrecinctCommission(precinctID) }
        let window = issuingWindow
        guard time >= window.from, time < window.until else { throw .outsideIssuingWindow(from: window.from, until: window.until) }
        _ = try blank(serial, heldBy: precinctID)
        do { try register.checkAbsenteeIssue(iin, homePrecinctID: precinctID) } catch { throw .voter(error) }
        certificates[serial - 1].state = .issued(iin: iin.digits, at: time)
        stock[precinctID]?.removeAll { $0 == serial }
        register.markAbsenteeIssued(iin, serial: serial, at: time)
    }

    /// On election day, a PEC outside the voter's home settlement accepts the certificate and adds
    /// the voter to its list.
    public mutating func redeem(serial: Int, iin: IIN, at precinctID: String, time: CivilDateTime, register: inout VoterRegisterState)
        throws(AbsenteeRefusal)
    {
        guard let station = precincts[precinctID] else { throw .unknownPrecinct(precinctID) }
        guard time.date == electionDay else { throw .notElectionDay }
        guard let certificate = certificate(serial) else { throw .unallocatedSerial(serial) }
        let issuedAt: CivilDateTime
        switch certificate.state {
        case .held: throw .notIssued(serial)
        case .void: throw .voidSerial(serial)
        case .redeemed(_, _, let usedAt, _): throw .alreadyUsed(serial: serial, precinctID: usedAt)
        case .issued(let holder, let at):
            guard holder == iin.digits else { throw .issuedToAnotherVoter(serial: serial) }
            issuedAt = at
        }
        guard let record = register.record(iin) else { throw .voter(.unknownVoter(iin.digits)) }
        if record.homePrecinctID == precinctID
            || (!validInHomeSettlement && precincts[record.homePrecinctID].map { $0.settlement == station.settlement } ?? false)
        {
            throw .homeSettlement(precinctID: precinctID)
        }
        do { try register.checkAbsenteeAddition(iin, precinctID: precinctID) } catch { throw .voter(error) }
        certificates[serial - 1].state = .redeemed(iin: iin.digits, issuedAt: issuedAt, precinctID: precinctID, at: time)
        register.addByAbsenteeCertificate(iin, serial: serial, precinctID: precinctID, at: time)
    }

    // MARK: - Accountability

    /// One account per commission, in structure order (the central commission's is national).
    public func accounts() -> [AbsenteeAccount] {
        var byID: [String: AbsenteeAccount] = [:]
        for id in commissionOrder { byID[id] = AbsenteeAccount(commissionID: id) }
        for certificate in certificates {
            for id in certificate.chain {
                byID[id]?.allocated += 1
                switch certificate.state {
                case .held: byID[id]?.unused += 1
                case .void: byID[id]?.void += 1
                case .issued: byID[id]?.issued += 1
                case .redeemed:
                    byID[id]?.issued += 1
                    byID[id]?.redeemed += 1
                }
            }
            if case .redeemed(_, _, let station, _) = certificate.state {
                var current: String? = station
                var steps = 0
                while let id = current, steps <= commissionOrder.count {
                    byID[id]?.redeemedAtStations += 1
                    current = commissions[id]?.parentID
                    steps += 1
                }
            }
        }
        return commissionOrder.compactMap { byID[$0] }
    }

    public func account(_ commissionID: String) -> AbsenteeAccount? { accounts().first { $0.commissionID == commissionID } }

    public var national: AbsenteeAccount { account(centralCommissionID) ?? AbsenteeAccount(commissionID: centralCommissionID) }

    /// Every way the books fail to balance (empty when they reconcile): each account's own
    /// identity, each commission's receipts against what it kept plus what it passed down, the caps,
    /// and the voter register's marks against the certificates issued and redeemed.
    public func reconcile(with register: VoterRegisterState) -> [String] {
        var problems: [String] = []
        let all = accounts()
        var byID: [String: AbsenteeAccount] = [:]
        for account in all { byID[account.commissionID] = account }
        for account in all where !account.balances {
            problems.append(
                "\(account.commissionID): allocated \(account.allocated) ≠ issued \(account.issued) + unused \(account.unused) + void \(account.void)"
                    + (account.redeemed > account.issued ? ", or redeemed \(account.redeemed) > issued" : ""))
        }
        var kept: [String: Int] = [:]
        for certificate in certificates { kept[certificate.holderID, default: 0] += 1 }
        for id in commissionOrder {
            let passedDown = (children[id] ?? []).reduce(0) { $0 + (byID[$1]?.allocated ?? 0) }
            let received = byID[id]?.allocated ?? 0
            if received != (kept[id] ?? 0) + passedDown {
                problems.append("\(id): received \(received) ≠ kept \(kept[id] ?? 0) + passed down \(passedDown)")
            }
        }
        if national.allocated != certificates.count {
            problems.append("national: allocated \(national.allocated) ≠ produced \(certificates.count)")
        }
        for (unit, allocated) in allocatedToUnit where allocated > caps[unit] ?? 0 {
            problems.append("\(unit): \(allocated) allocated over the cap of \(caps[unit] ?? 0)")
        }
        var issuedByRegister = 0
        for (_, voter) in register.voters where voter.absenteeSerial != nil { issuedByRegister += 1 }
        if issuedByRegister != national.issued {
            problems.append("register marks \(issuedByRegister) voters with certificates, books show \(national.issued) issued")
        }
        for certificate in certificates {
            switch certificate.state {
            case .issued(let iin, _), .redeemed(let iin, _, _, _):
                let voter = register.voters[iin]
                if voter?.absenteeSerial != certificate.serial {
                    problems.append("certificate \(certificate.serial): voter \(iin) is not marked with it")
                }
                if case .redeemed(_, _, let station, _) = certificate.state, voter?.absenteePrecinctID != station {
                    problems.append("certificate \(certificate.serial): voter \(iin) is not on the list of \(station)")
                }
            case .held, .void: break
            }
        }
        return problems
    }
}
