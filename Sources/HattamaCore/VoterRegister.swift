import Foundation

/// How a voter stands on one precinct's list.
public enum VoterListStatus: Hashable, Sendable {
    /// On their home list and entitled to a ballot there.
    case active
    /// Home list: temporarily excluded because the voter is on the list of special station `precinctID`.
    case excludedForSpecialStation(precinctID: String)
    /// Home list: the voter took absentee certificate `serial`, and cannot get a ballot here.
    case absenteeCertificateIssued(serial: Int)
    /// Special station list: included from home list `homePrecinctID`.
    case includedFromHomeList(homePrecinctID: String)
    /// Added on election day on presenting absentee certificate `serial`.
    case addedByAbsenteeCertificate(serial: Int, homePrecinctID: String)
    /// Added on election day on proof of residence (counted separately).
    case addedOnElectionDay

    /// Whether a ballot may be issued to the voter at the station of this list.
    public var mayReceiveBallot: Bool {
        switch self {
        case .active, .includedFromHomeList, .addedByAbsenteeCertificate, .addedOnElectionDay: true
        case .excludedForSpecialStation, .absenteeCertificateIssued: false
        }
    }
}

public struct VoterListEntry: Hashable, Sendable {
    public var iin: IIN
    public var status: VoterListStatus

    public init(iin: IIN, status: VoterListStatus) {
        self.iin = iin
        self.status = status
    }
}

/// Why the register refused an act. Nothing changes when one is thrown.
public enum VoterRegisterRefusal: Error, Equatable, Sendable {
    case unknownPrecinct(String)
    case unknownVoter(String)
    case notASpecialStation(precinctID: String, kind: String)
    case alreadyOnSpecialList(precinctID: String)
    case notOnSpecialList(precinctID: String)
    case specialListFinalised(precinctID: String)
    /// Additions and undos end with the finalisation day (profile `specialListFinalisedDaysBefore`).
    case specialListDeadlinePassed(lastDay: CivilDate)
    case finalisationTooEarly(from: CivilDate)
    case notOnThisList(precinctID: String)
    case excludedForSpecialStation(precinctID: String)
    case absenteeCertificateIssued(serial: Int)
    case alreadyOnList(precinctID: String)
    case ballotAlreadyIssued(precinctID: String)
    case notElectionDay
    case homeListNotEligible(precinctID: String)
}

/// An IIN of a delivered list that is already on another precinct's list (or differs from what
/// this precinct's list holds): reported, never silently moved.
public struct VoterListConflict: Equatable, Sendable, CustomStringConvertible {
    public var iin: String
    public var line: Int?
    public var listedAt: String
    public var attemptedAt: String
    /// True when the voter is already on the same list with different particulars.
    public var differentParticulars: Bool

    public init(iin: String, line: Int?, listedAt: String, attemptedAt: String, differentParticulars: Bool) {
        self.iin = iin
        self.line = line
        self.listedAt = listedAt
        self.attemptedAt = attemptedAt
        self.differentParticulars = differentParticulars
    }

    public var description: String {
        let place = line.map { "line \($0): " } ?? ""
        return differentParticulars
            ? "\(place)IIN \(iin) is already on the list of \(listedAt) with different particulars"
            : "\(place)IIN \(iin) is already on the list of \(listedAt); not moved to \(attemptedAt)"
    }
}

public struct VoterListConflicts: Error, Equatable, Sendable {
    public var conflicts: [VoterListConflict]

    public init(conflicts: [VoterListConflict]) { self.conflicts = conflicts }
}

/// A recorded act on the lists: the trail of inclusions, exclusions, undos and additions.
public struct VoterListEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case includedInSpecialList(specialPrecinctID: String, homePrecinctID: String)
        case specialInclusionUndone(specialPrecinctID: String, homePrecinctID: String, reason: String)
        case specialListFinalised(precinctID: String)
        case addedOnElectionDay(precinctID: String, proofOfResidence: String)
        case absenteeCertificateIssued(serial: Int, homePrecinctID: String)
        case addedByAbsenteeCertificate(serial: Int, precinctID: String)
    }
    public var iin: String?
    public var at: CivilDateTime
    public var kind: Kind
}

/// A "ballot issued" mark sent by a PEC device.
public struct BallotMark: Hashable, Sendable {
    public var iin: String
    public var precinctID: String
    public var at: CivilDateTime

    public init(iin: String, precinctID: String, at: CivilDateTime) {
        self.iin = iin
        self.precinctID = precinctID
        self.at = at
    }
}

/// What recording a device's mark found.
public struct BallotMarkReport: Equatable, Sendable {
    public var mark: BallotMark
    /// Earlier marks of the same voter at other stations: a double vote, detected at once.
    public var marksElsewhere: [BallotMark]
    /// Why this station should not have issued the ballot, if it should not have.
    public var eligibilityProblem: VoterRegisterRefusal?

    public var isDoubleMark: Bool { !marksElsewhere.isEmpty }

    public init(mark: BallotMark, marksElsewhere: [BallotMark], eligibilityProblem: VoterRegisterRefusal?) {
        self.mark = mark
        self.marksElsewhere = marksElsewhere
        self.eligibilityProblem = eligibilityProblem
    }
}

/// What a voter's self-service lookup returns: the polling station, nothing personal.
public struct PollingStationLookup: Hashable, Sendable {
    public var precinctNumber: Int
    public var settlement: LocalizedText
    public var address: LocalizedText
    /// The voter took an absentee certificate and has not used it: they vote elsewhere with it.
    public var holdsAbsenteeCertificate: Bool

    public init(precinctNumber: Int, settlement: LocalizedText, address: LocalizedText, holdsAbsenteeCertificate: Bool = false) {
        self.precinctNumber = precinctNumber
        self.settlement = settlement
        self.address = address
        self.holdsAbsenteeCertificate = holdsAbsenteeCertificate
    }
}

/// Election-day additions at one precinct, flagged when unusually many.
public struct ElectionDayAdditionAlert: Equatable, Sendable {
    public var precinctID: String
    public var additions: Int
    /// Voters on the list before election day.
    public var listSize: Int
    public var percent: Double

    public init(precinctID: String, additions: Int, listSize: Int, percent: Double) {
        self.precinctID = precinctID
        self.additions = additions
        self.listSize = listSize
        self.percent = percent
    }
}

/// The voter register in memory: one voter, one list. The pure rules that the store enforces
/// again with constraints; every refused act leaves the state unchanged.
public struct VoterRegisterState: Sendable {
    struct Voter: Sendable {
        var record: VoterRecord
        var specialPrecinctID: String?
        var absenteeSerial: Int?
        /// Precinct that added the voter on election day with an absentee certificate.
        var absenteePrecinctID: String?
        var addedOnElectionDay = false
    }

    public let electionDay: CivilDate
    public let calendar: LawProfile.Calendar
    public let specialKinds: Set<String>
    public let precinctsByID: [String: Precinct]
    var voters: [String: Voter] = [:]
    var members: [String: Set<String>] = [:]
    var finalisedSpecialLists: Set<String> = []
    var electionDayAdditions: [String: Int] = [:]
    var marks: [String: [BallotMark]] = [:]
    var marksPerPrecinct: [String: Int] = [:]
    public private(set) var events: [VoterListEvent] = []
    public private(set) var doubleMarks: [String: [BallotMark]] = [:]

    public init(precincts: [Precinct], profile: LawProfile, electionDay: CivilDate) {
        self.electionDay = electionDay
        calendar = profile.calendar
        specialKinds = Set(profile.specialStationKinds.map(\.id))
        var byID: [String: Precinct] = [:]
        for p in precincts { byID[p.id] = p }
        precinctsByID = byID
    }

    /// Nil when the structure's election day is not a date.
    public init?(structure: ElectionStructure, profile: LawProfile) {
        guard let day = CivilDate(parsing: structure.election.electionDay) else { return nil }
        self.init(precincts: structure.precincts, profile: profile, electionDay: day)
    }

    // MARK: - Queries

    public var voterCount: Int { voters.count }

    public func record(_ iin: IIN) -> VoterRecord? { voters[iin.digits]?.record }

    /// The voter's entry on `precinctID`'s list, if they are on it.
    public func status(of iin: IIN, on precinctID: String) -> VoterListStatus? {
        guard let voter = voters[iin.digits] else { return nil }
        return Self.status(voter, on: precinctID)
    }

    static func status(_ voter: Voter, on precinctID: String) -> VoterListStatus? {
        if voter.record.homePrecinctID == precinctID {
            if voter.addedOnElectionDay { return .addedOnElectionDay }
            if let serial = voter.absenteeSerial { return .absenteeCertificateIssued(serial: serial) }
            if let special = voter.specialPrecinctID { return .excludedForSpecialStation(precinctID: special) }
            return .active
        }
        if voter.specialPrecinctID == precinctID { return .includedFromHomeList(homePrecinctID: voter.record.homePrecinctID) }
        if voter.absenteePrecinctID == precinctID, let serial = voter.absenteeSerial {
            return .addedByAbsenteeCertificate(serial: serial, homePrecinctID: voter.record.homePrecinctID)
        }
        return nil
    }

    /// Every entry of a precinct's list, sorted by IIN.
    public func list(_ precinctID: String) -> [VoterListEntry] {
        (members[precinctID] ?? []).sorted().compactMap { digits in
            guard let voter = voters[digits], let status = Self.status(voter, on: precinctID) else { return nil }
            return VoterListEntry(iin: voter.record.iin, status: status)
        }
    }

    /// Entries on the list, whatever their status.
    public func listSize(_ precinctID: String) -> Int { members[precinctID]?.count ?? 0 }

    /// The voter self-service answer: where the voter votes (the special station while included
    /// there, the station that added them with a certificate, else home) — number and address
    /// only, never names or other personal data. A voter holding an unused certificate is shown
    /// their home station with `holdsAbsenteeCertificate` set. Nil for an IIN on no list.
    public func pollingStation(for iin: IIN) -> PollingStationLookup? {
        guard let voter = voters[iin.digits] else { return nil }
        let id = voter.absenteePrecinctID ?? voter.specialPrecinctID ?? voter.record.homePrecinctID
        guard let precinct = precinctsByID[id] else { return nil }
        return PollingStationLookup(
            precinctNumber: precinct.number, settlement: precinct.settlement, address: precinct.address,
            holdsAbsenteeCertificate: voter.absenteeSerial != nil && voter.absenteePrecinctID == nil)
    }

    public func isSpecialListFinalised(_ precinctID: String) -> Bool { finalisedSpecialLists.contains(precinctID) }

    /// Last day additions to special lists are accepted (and the day they are finalised).
    public var specialListFinalisationDay: CivilDate { electionDay.adding(days: -calendar.specialListFinalisedDaysBefore) }

    // MARK: - Import

    /// Adds a delivered list, all or nothing. An IIN already listed elsewhere is a conflict and is
    /// never moved; a row identical to what its own list holds is accepted unchanged (a re-delivery).
    /// Returns the number of voters added.
    @discardableResult
    public mutating func register(_ rows: [VoterListRow]) throws(VoterListConflicts) -> Int {
        try register(rows.map { ($0.record, $0.line) })
    }

    @discardableResult
    public mutating func register(_ records: [VoterRecord]) throws(VoterListConflicts) -> Int {
        try register(records.map { ($0, nil) })
    }

    private mutating func register(_ records: [(VoterRecord, Int?)]) throws(VoterListConflicts) -> Int {
        var conflicts: [VoterListConflict] = []
        var fresh: [String: String] = [:]
        for (record, line) in records {
            let digits = record.iin.digits
            if precinctsByID[record.homePrecinctID] == nil {
                conflicts.append(
                    VoterListConflict(
                        iin: digits, line: line, listedAt: "(no such precinct)", attemptedAt: record.homePrecinctID,
                        differentParticulars: false))
                continue
            }
            if let existing = voters[digits] {
                if existing.record.homePrecinctID != record.homePrecinctID {
                    conflicts.append(
                        VoterListConflict(
                            iin: digits, line: line, listedAt: existing.record.homePrecinctID, attemptedAt: record.homePrecinctID,
                            differentParticulars: false))
                } else if existing.record != record {
                    conflicts.append(
                        VoterListConflict(
                            iin: digits, line: line, listedAt: existing.record.homePrecinctID, attemptedAt: record.homePrecinctID,
                            differentParticulars: true))
                }
            } else if let other = fresh[digits] {
                conflicts.append(
                    VoterListConflict(
                        iin: digits, line: line, listedAt: other, attemptedAt: record.homePrecinctID,
                        differentParticulars: other == record.homePrecinctID))
            } else {
                fresh[digits] = record.homePrecinctID
            }
        }
        guard conflicts.isEmpty else { throw VoterListConflicts(conflicts: conflicts) }
        var added = 0
        for (record, _) in records where voters[record.iin.digits] == nil {
            voters[record.iin.digits] = Voter(record: record)
            members[record.homePrecinctID, default: []].insert(record.iin.digits)
            added += 1
        }
        return added
    }

    // MARK: - Special stations

    /// Puts a voter on a special station's list; they stay visible on their home list, excluded.
    public mutating func includeInSpecialList(_ iin: IIN, precinctID: String, at time: CivilDateTime) throws(VoterRegisterRefusal) {
        guard let precinct = precinctsByID[precinctID] else { throw .unknownPrecinct(precinctID) }
        guard specialKinds.contains(precinct.kind) else { throw .notASpecialStation(precinctID: precinctID, kind: precinct.kind) }
        guard var voter = voters[iin.digits] else { throw .unknownVoter(iin.digits) }
        try checkSpecialListOpen(precinctID, at: time)
        if let special = voter.specialPrecinctID { throw .alreadyOnSpecialList(precinctID: special) }
        if voter.record.homePrecinctID == precinctID { throw .alreadyOnList(precinctID: precinctID) }
        if let serial = voter.absenteeSerial { throw .absenteeCertificateIssued(serial: serial) }
        if let mark = marks[iin.digits]?.first { throw .ballotAlreadyIssued(precinctID: mark.precinctID) }
        voter.specialPrecinctID = precinctID
        voters[iin.digits] = voter
        members[precinctID, default: []].insert(iin.digits)
        events.append(
            VoterListEvent(
                iin: iin.digits, at: time,
                kind: .includedInSpecialList(specialPrecinctID: precinctID, homePrecinctID: voter.record.homePrecinctID))
        )
    }

    /// Takes a voter off a special list and restores them on their home list; recorded.
    public mutating func undoSpecialInclusion(_ iin: IIN, at time: CivilDateTime, reason: String) throws(VoterRegisterRefusal) {
        guard var voter = voters[iin.digits] else { throw .unknownVoter(iin.digits) }
        guard let special = voter.specialPrecinctID else { throw .notOnSpecialList(precinctID: voter.record.homePrecinctID) }
        try checkSpecialListOpen(special, at: time)
        voter.specialPrecinctID = nil
        voters[iin.digits] = voter
        members[special]?.remove(iin.digits)
        events.append(
            VoterListEvent(
                iin: iin.digits, at: time,
                kind: .specialInclusionUndone(specialPrecinctID: special, homePrecinctID: voter.record.homePrecinctID, reason: reason)))
    }

    private func checkSpecialListOpen(_ precinctID: String, at time: CivilDateTime) throws(VoterRegisterRefusal) {
        if finalisedSpecialLists.contains(precinctID) { throw .specialListFinalised(precinctID: precinctID) }
        if time.date > specialListFinalisationDay { throw .specialListDeadlinePassed(lastDay: specialListFinalisationDay) }
    }

    /// Finalises a special station's list on or after the profile's finalisation day; no
    /// additions or undos after. Returns the list's commitment for the transparency log.
    @discardableResult
    public mutating func finaliseSpecialList(
        _ precinctID: String, at time: CivilDateTime, salt: [UInt8], hash: ([UInt8]) -> [UInt8] = PortableSHA256.hash
    ) throws(VoterRegisterRefusal) -> VoterListCommitment {
        guard let precinct = precinctsByID[precinctID] else { throw .unknownPrecinct(precinctID) }
        guard specialKinds.contains(precinct.kind) else { throw .notASpecialStation(precinctID: precinctID, kind: precinct.kind) }
        if finalisedSpecialLists.contains(precinctID) { throw .specialListFinalised(precinctID: precinctID) }
        if time.date < specialListFinalisationDay { throw .finalisationTooEarly(from: specialListFinalisationDay) }
        guard let commitment = try? commitment(for: precinctID, salt: salt, hash: hash) else {
            throw .unknownPrecinct(precinctID)
        }
        finalisedSpecialLists.insert(precinctID)
        events.append(VoterListEvent(iin: nil, at: time, kind: .specialListFinalised(precinctID: precinctID)))
        return commitment
    }

    /// The salted commitment to a precinct's list as it stands now.
    public func commitment(for precinctID: String, salt: [UInt8], hash: ([UInt8]) -> [UInt8] = PortableSHA256.hash)
        throws(VoterListCommitment.Problem) -> VoterListCommitment
    {
        try VoterListCommitment(precinctID: precinctID, entries: list(precinctID), salt: salt, hash: hash)
    }

    // MARK: - Election day

    /// Adds a voter who is on no list, on proof of residence; counted separately per precinct.
    public mutating func addOnElectionDay(_ record: VoterRecord, at time: CivilDateTime, proofOfResidence: String)
        throws(VoterRegisterRefusal)
    {
        let precinctID = record.homePrecinctID
        guard precinctsByID[precinctID] != nil else { throw .unknownPrecinct(precinctID) }
        guard time.date == electionDay else { throw .notElectionDay }
        if let existing = voters[record.iin.digits] { throw .alreadyOnList(precinctID: existing.record.homePrecinctID) }
        var voter = Voter(record: record)
        voter.addedOnElectionDay = true
        voters[record.iin.digits] = voter
        members[precinctID, default: []].insert(record.iin.digits)
        electionDayAdditions[precinctID, default: 0] += 1
        events.append(
            VoterListEvent(
                iin: record.iin.digits, at: time, kind: .addedOnElectionDay(precinctID: precinctID, proofOfResidence: proofOfResidence)))
    }

    public func electionDayAdditions(_ precinctID: String) -> Int { electionDayAdditions[precinctID] ?? 0 }

    /// Precincts whose election-day additions exceed `thresholdPercent` of the list as it stood
    /// before election day (voters added with absentee certificates are not counted either way).
    public func unusualElectionDayAdditions(thresholdPercent: Double) -> [ElectionDayAdditionAlert] {
        electionDayAdditions.keys.sorted().compactMap { precinctID in
            let additions = electionDayAdditions[precinctID] ?? 0
            let size =
                (members[precinctID] ?? []).filter { digits in
                    guard let voter = voters[digits] else { return false }
                    return !voter.addedOnElectionDay && voter.absenteePrecinctID != precinctID
                }
                .count
            let percent = size == 0 ? Double.infinity : Double(additions) * 100 / Double(size)
            guard additions > 0, percent > thresholdPercent else { return nil }
            return ElectionDayAdditionAlert(precinctID: precinctID, additions: additions, listSize: size, percent: percent)
        }
    }

    /// Whether the station of `precinctID` may issue the voter a ballot now.
    public func checkBallotIssue(_ iin: IIN, at precinctID: String) throws(VoterRegisterRefusal) {
        guard precinctsByID[precinctID] != nil else { throw .unknownPrecinct(precinctID) }
        guard let voter = voters[iin.digits] else { throw .unknownVoter(iin.digits) }
        if let mark = marks[iin.digits]?.first { throw .ballotAlreadyIssued(precinctID: mark.precinctID) }
        guard let status = Self.status(voter, on: precinctID) else { throw .notOnThisList(precinctID: precinctID) }
        switch status {
        case .excludedForSpecialStation(let special): throw .excludedForSpecialStation(precinctID: special)
        case .absenteeCertificateIssued(let serial): throw .absenteeCertificateIssued(serial: serial)
        default: break
        }
    }

    /// Issues a ballot: checks eligibility and records the mark, or refuses and records nothing.
    public mutating func issueBallot(_ iin: IIN, at precinctID: String, time: CivilDateTime) throws(VoterRegisterRefusal) {
        guard time.date == electionDay else { throw .notElectionDay }
        try checkBallotIssue(iin, at: precinctID)
        marks[iin.digits, default: []].append(BallotMark(iin: iin.digits, precinctID: precinctID, at: time))
        marksPerPrecinct[precinctID, default: 0] += 1
    }

    /// Records a mark a PEC device reports (it happened: the ballot was handed over). A voter
    /// marked at two stations is reported at once, and remembered in `doubleMarks`.
    public mutating func recordBallotMark(_ iin: IIN, at precinctID: String, time: CivilDateTime) throws(VoterRegisterRefusal)
        -> BallotMarkReport
    {
        guard precinctsByID[precinctID] != nil else { throw .unknownPrecinct(precinctID) }
        guard time.date == electionDay else { throw .notElectionDay }
        var problem: VoterRegisterRefusal?
        do { try checkBallotIssue(iin, at: precinctID) } catch { problem = error }
        let mark = BallotMark(iin: iin.digits, precinctID: precinctID, at: time)
        let earlier = marks[iin.digits] ?? []
        let elsewhere = earlier.filter { $0.precinctID != precinctID }
        marks[iin.digits, default: []].append(mark)
        marksPerPrecinct[precinctID, default: 0] += 1
        if !elsewhere.isEmpty { doubleMarks[iin.digits] = marks[iin.digits] }
        return BallotMarkReport(mark: mark, marksElsewhere: elsewhere, eligibilityProblem: problem)
    }

    /// Voters marked as having received a ballot at the precinct.
    public func ballotsIssued(at precinctID: String) -> Int { marksPerPrecinct[precinctID] ?? 0 }

    /// Protocol's ballots-issued figure minus the marked count (0 when they agree).
    public func protocolDifference(precinctID: String, ballotsIssuedLine: Int) -> Int {
        ballotsIssuedLine - ballotsIssued(at: precinctID)
    }

    // MARK: - Absentee certificates (driven by `AbsenteeCertificateBook`)

    func checkAbsenteeIssue(_ iin: IIN, homePrecinctID: String) throws(VoterRegisterRefusal) {
        guard let voter = voters[iin.digits] else { throw .unknownVoter(iin.digits) }
        guard voter.record.homePrecinctID == homePrecinctID else { throw .notOnThisList(precinctID: homePrecinctID) }
        if voter.addedOnElectionDay { throw .homeListNotEligible(precinctID: homePrecinctID) }
        if let serial = voter.absenteeSerial { throw .absenteeCertificateIssued(serial: serial) }
        if let special = voter.specialPrecinctID { throw .excludedForSpecialStation(precinctID: special) }
        if let mark = marks[iin.digits]?.first { throw .ballotAlreadyIssued(precinctID: mark.precinctID) }
    }

    mutating func markAbsenteeIssued(_ iin: IIN, serial: Int, at time: CivilDateTime) {
        guard var voter = voters[iin.digits] else { return }
        voter.absenteeSerial = serial
        voters[iin.digits] = voter
        events.append(
            VoterListEvent(
                iin: iin.digits, at: time, kind: .absenteeCertificateIssued(serial: serial, homePrecinctID: voter.record.homePrecinctID)))
    }

    func checkAbsenteeAddition(_ iin: IIN, precinctID: String) throws(VoterRegisterRefusal) {
        guard precinctsByID[precinctID] != nil else { throw .unknownPrecinct(precinctID) }
        guard let voter = voters[iin.digits] else { throw .unknownVoter(iin.digits) }
        if let other = voter.absenteePrecinctID { throw .alreadyOnList(precinctID: other) }
        if let mark = marks[iin.digits]?.first { throw .ballotAlreadyIssued(precinctID: mark.precinctID) }
    }

    mutating func addByAbsenteeCertificate(_ iin: IIN, serial: Int, precinctID: String, at time: CivilDateTime) {
        guard var voter = voters[iin.digits] else { return }
        voter.absenteePrecinctID = precinctID
        voters[iin.digits] = voter
        members[precinctID, default: []].insert(iin.digits)
        events.append(VoterListEvent(iin: iin.digits, at: time, kind: .addedByAbsenteeCertificate(serial: serial, precinctID: precinctID)))
    }

    /// Serial of the certificate the voter took, if any, and where they were added with it.
    public func absenteeCertificate(of iin: IIN) -> (serial: Int, addedAt: String?)? {
        guard let voter = voters[iin.digits], let serial = voter.absenteeSerial else { return nil }
        return (serial, voter.absenteePrecinctID)
    }
}
