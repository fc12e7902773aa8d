import Foundation
import HattamaCore
import HattamaDemo
import SQLKit

/// What `loadDemoVoterActivity` did, for the command's summary line and for tests.
public struct DemoVoterActivity: Codable, Equatable, Sendable {
    public var specialStationInclusions = 0
    public var specialStationUndos = 0
    public var certificatesProduced = 0
    public var certificatesIssued = 0
    public var certificatesRedeemed = 0
    public var certificatesVoided = 0
    public var requestsGranted = 0
    public var requestsRefused = 0
    public var electionDayAdditions = 0
    public var listsFinalised = 0
    public var ballotsMarked = 0
    public var doubleVotes = 0

    public init() {}
}

extension VoterActsStore {
    /// The register at work for the demo, deterministic from the seed and the imported register,
    /// reproducing what the report discusses: voters moved to hospital and other special lists (one
    /// taken back), absentee certificates produced by the CEC and passed down to stations, issued,
    /// redeemed in another settlement and voided, inclusion and correction requests decided the
    /// same day (one refused with its reason), election-day additions with one station far above
    /// the others, every list finalised with its commitment logged, and a few stations' devices
    /// marking ballots (one short of its protocol, one voter marked twice). Every act goes through
    /// the same checked methods an operator uses, so the demo passes every rule.
    @discardableResult
    public func loadDemoVoterActivity(election: String? = nil, seed: UInt64, by principal: Principal) async throws -> DemoVoterActivity {
        let context = try await voterContext(election)
        let structure = try await self.context.electionStructure(election: context.electionID)
        let day = context.electionDay
        let calendar = context.profile.calendar
        let specialKinds = Set(context.profile.specialStationKinds.map(\.id)).subtracting([PrecinctKind.abroadID])
        var rng = SeededGenerator(seed: seed ^ 0x1157_5ABE)
        var done = DemoVoterActivity()
        let at = { (days: Int, time: String) in CivilDateTime(date: day.adding(days: -days), time: time) ?? CivilDateTime(startOf: day) }
        let children = Dictionary(grouping: structure.commissions.filter { $0.parentID != nil }, by: { $0.parentID! })
        let precinctByID = Dictionary(uniqueKeysWithValues: structure.precincts.map { ($0.id, $0) })
        let ordinary = structure.precincts.filter { $0.kind == PrecinctKind.ordinaryID }
        var used = Set<Int64>()

        /// The first voters of a home list, in IIN order, active and not yet used by the demo.
        func voters(at precinct: String, count: Int) async throws -> [IIN] {
            let limit = count + used.count
            let keys = try await self.context.backend.withDatabase { db in
                try await db.raw(
                    """
                    SELECT iin FROM voters WHERE home_precinct_id = \(bind: precinct) AND home_status = 'active'
                    AND election_day_addition = 0 ORDER BY iin LIMIT \(unsafeRaw: String(limit))
                    """
                ).all().map { try $0.decode(column: "iin", as: Int64.self) }
            }
            var result: [IIN] = []
            for key in keys where result.count < count && !used.contains(key) {
                guard let iin = try? IIN(Self.iinText(key)) else { continue }
                used.insert(key)
                result.append(iin)
            }
            return result
        }
        // New people (inclusion requests, election-day additions): serials far above any the
        // synthetic register gives out on a birth date, and checked against the register anyway.
        var newcomer = 0
        func newRecord(at precinct: Precinct) async throws -> VoterRecord? {
            while newcomer < 20_000 {
                newcomer += 1
                guard
                    let iin = IIN.make(
                        year: day.year - 30, month: 1 + newcomer % 12, day: 1 + (newcomer / 12) % 28,
                        sex: newcomer % 2 == 0 ? .female : .male, serial: 9_000 + newcomer / 336),
                    let birthDate = CivilDate(year: iin.birthYear, month: iin.birthMonth, day: iin.birthDay),
                    try await self.context.backend.withDatabase({ try await Self.voter($0, iin) }) == nil
                else { continue }
                let settlement = precinct.settlement[.ru]
                return try? VoterRecord(
                    iin: iin, surname: "Новиков", givenName: newcomer % 2 == 0 ? "Анна" : "Олжас", patronymic: "",
                    birthDate: birthDate, settlement: settlement, address: "\(settlement), ул. Новая, \(newcomer)",
                    homePrecinctID: precinct.id)
            }
            return nil
        }

        // 1. Special stations: voters of an ordinary station of the same district go on a special
        // list before it is finalised; one in four stations takes one back.
        let moveDay = calendar.specialListFinalisedDaysBefore + 3
        for (i, special) in structure.precincts.filter({ specialKinds.contains($0.kind) }).prefix(40).enumerated() {
            guard let home = ordinary.first(where: { $0.tabulatingCommissionID == special.tabulatingCommissionID }) else { continue }
            let moved = try await voters(at: home.id, count: 3 + Int(rng.next() % 6))
            for iin in moved {
                try await moveToSpecialStation(
                    iin: iin.digits, specialStation: special.id, election: context.electionID, at: at(moveDay, "11:00"), by: principal)
                done.specialStationInclusions += 1
            }
            if i % 4 == 0, let first = moved.first {
                try await undoSpecialStation(
                    iin: first.digits, reason: "discharged from hospital before election day", election: context.electionID,
                    at: at(moveDay - 1, "09:30"), by: principal)
                done.specialStationUndos += 1
            }
        }

        // 2. Absentee certificates: the CEC produces a batch and passes it down through two
        // regions to four stations each; stations issue some in the window and void one.
        var issued: [(serial: Int, iin: IIN, home: Precinct)] = []
        let regions = (children[structure.commissions.first { $0.parentID == nil }?.id ?? ""] ?? []).prefix(2)
        // Within each region's cap (the profile's share of its voters).
        let book = try await absenteeBook(context)
        var chains: [(path: [String], count: Int)] = []
        for region in regions {
            var stations: [[String]] = []
            for district in (children[region.id] ?? []).prefix(2) {
                let ordinaryStations = (children[district.id] ?? []).filter { precinctByID[$0.id]?.kind == PrecinctKind.ordinaryID }
                for station in ordinaryStations.prefix(2) { stations.append([region.id, district.id, station.id]) }
            }
            guard !stations.isEmpty else { continue }
            let perStation = min(8, (book.caps[region.id] ?? 0) / stations.count)
            if perStation > 1 { chains += stations.map { ($0, perStation) } }
        }
        if !chains.isEmpty, let root = structure.commissions.first(where: { $0.parentID == nil }) {
            let range = try await produceCertificates(
                count: chains.reduce(0) { $0 + $1.count }, election: context.electionID, by: principal)
            done.certificatesProduced = range.count
            for (path, count) in chains {
                var from = root.id
                for to in path {
                    try await allocateCertificates(count: count, from: from, to: to, election: context.electionID, by: principal)
                    from = to
                }
            }
            let window = try await absenteeBook(context).issuingWindow
            for (path, count) in chains {
                guard let station = precinctByID[path[2]] else { continue }
                let serials = try await self.context.backend.withDatabase { db in
                    try await db.raw(
                        """
                        SELECT serial FROM absentee_certificates WHERE election_id = \(bind: context.electionID)
                        AND holder_id = \(bind: station.id) AND state = 'held' ORDER BY serial
                        """
                    ).all().map { try $0.int("serial") }
                }
                let holders = try await voters(at: station.id, count: count - 1)
                for (serial, iin) in zip(serials, holders) {
                    let time = window.from.date.adding(days: 3 + Int(rng.next() % 8))
                    try await issueCertificate(
                        serial: serial, iin: iin.digits, precinct: station.id, election: context.electionID,
                        at: CivilDateTime(date: time, time: "15:00") ?? CivilDateTime(startOf: time), by: principal)
                    issued.append((serial, iin, station))
                    done.certificatesIssued += 1
                }
                if let spoiled = serials.last, serials.count > holders.count {
                    try await voidCertificate(
                        serial: spoiled, holder: station.id, reason: "form damaged when filling in", election: context.electionID,
                        by: principal)
                    done.certificatesVoided += 1
                }
            }
        }

        // 3. Requests during public scrutiny, decided by the PEC the same day.
        let requestDay = max(1, calendar.voterListDisplayDaysBefore - 3)
        for (i, station) in ordinary.prefix(6).enumerated() {
            if i == 2, let iin = try await voters(at: station.id, count: 1).first,
                let current = try await self.context.backend.withDatabase({ try await Self.voter($0, iin) }),
                let birthDate = CivilDate(parsing: current.birthDate)
            {
                let corrected = try VoterRecord(
                    iin: iin, surname: current.surname, givenName: current.givenName, patronymic: current.patronymic,
                    birthDate: birthDate, settlement: current.settlement, address: "\(current.settlement), ул. Абая, \(12 + i)",
                    homePrecinctID: station.id)
                let id = try await fileRequest(
                    .correction, record: corrected, proof: "certificate of address registration", at: at(requestDay, "10:15"),
                    by: principal)
                try await decideRequest(id: id, grant: true, reason: nil, at: at(requestDay, "16:40"), by: principal)
                done.requestsGranted += 1
                continue
            }
            guard let record = try await newRecord(at: station) else { continue }
            let refused = i == 1
            let id = try await fileRequest(
                .inclusion, record: record, proof: refused ? "a letter from a neighbour" : "identity card with registered address",
                at: at(requestDay, "10:00"), by: principal)
            try await decideRequest(
                id: id, grant: !refused,
                reason: refused ? "no proof of residence in the precinct: the letter does not show a registered address" : nil,
                at: at(requestDay, "17:00"), by: principal)
            if refused { done.requestsRefused += 1 } else { done.requestsGranted += 1 }
        }

        // 4. Lists finalised on the profile's finalisation day (kz-2011: the day before election
        // day), in the evening, after the certificates' issuing window; each commitment logged.
        for precinct in structure.precincts {
            try await VotersStore(context: self.context).finaliseList(
                precinct: precinct.id, election: context.electionID, at: at(calendar.specialListFinalisedDaysBefore, "20:00"),
                by: principal)
            done.listsFinalised += 1
        }

        // 5. Election day: certificates redeemed at a station of another settlement, additions on
        // proof of residence (one station far above the others), and devices marking ballots.
        for (n, (serial, iin, home)) in issued.prefix(issued.count * 2 / 3).enumerated() {
            let elsewhere = ordinary.filter { $0.settlement != home.settlement && $0.tabulatingCommissionID != home.tabulatingCommissionID }
            guard !elsewhere.isEmpty else { continue }
            let away = elsewhere[(n * 7) % min(elsewhere.count, 20)]
            try await redeemCertificate(
                serial: serial, iin: iin.digits, precinct: away.id, election: context.electionID, at: at(0, "12:00"), by: principal)
            done.certificatesRedeemed += 1
        }
        let adding = ordinary.suffix(12)
        for (i, station) in adding.enumerated() {
            // About 1 in 200 of the list, and at one station 1 in 10: the flag shows it.
            let count = i == min(7, adding.count - 1) ? max(3, station.registeredVoters / 10) : 1 + station.registeredVoters / 200
            for _ in 0..<count {
                guard let record = try await newRecord(at: station) else { break }
                try await addOnElectionDay(
                    record, proof: "identity card with registered address", election: context.electionID, at: at(0, "14:00"),
                    by: principal)
                done.electionDayAdditions += 1
            }
        }
        let counted = try await countedBallotsIssued(context)
        let marking = ordinary.filter { counted[$0.id] != nil }.prefix(3)
        for (i, station) in marking.enumerated() {
            let target = min(counted[station.id] ?? 0, 3_000) - (i == 1 ? 2 : 0)
            let rows = try await self.context.backend.withDatabase { db in
                try await db.raw(
                    """
                    SELECT iin FROM voters WHERE home_precinct_id = \(bind: station.id) AND home_status = 'active'
                    ORDER BY iin LIMIT \(unsafeRaw: String(max(0, target)))
                    """
                ).all().map { try $0.decode(column: "iin", as: Int64.self) }
            }
            for key in rows {
                try await markBallotIssued(
                    iin: Self.iinText(key), precinct: station.id, election: context.electionID, at: at(0, "10:00"),
                    by: principal)
                done.ballotsMarked += 1
            }
            // One voter of the first station also turns up at the second: a double vote.
            if i == 1,
                let twice = try await self.context.backend.withDatabase({ db in
                    try await db.raw(
                        """
                        SELECT m.iin FROM ballot_marks m JOIN voters v ON v.iin = m.iin
                        WHERE m.election_id = \(bind: context.electionID) AND m.precinct_id = \(bind: marking[marking.startIndex].id)
                        ORDER BY m.iin LIMIT 1
                        """
                    ).first()?.decode(column: "iin", as: Int64.self)
                })
            {
                let report = try await markBallotIssued(
                    iin: Self.iinText(twice), precinct: station.id, election: context.electionID, at: at(0, "16:20"),
                    by: principal)
                if report.eligibilityProblem != nil { done.doubleVotes += 1 }
            }
        }
        await self.context.signTreeHeadAfterBatch()
        return done
    }

    /// The ballots-issued line of each station's counted protocol.
    private func countedBallotsIssued(_ context: VoterContext) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for size in try await VotersStore(context: self.context).listSizes(election: context.electionID) {
            if let issued = size.protocolBallotsIssued { result[size.precinctID] = issued }
        }
        return result
    }
}
