import Foundation
import HattamaCore
import HattamaStore

/// What `DemoVoterActivity.load` did, for the command's summary line and for tests.
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

extension DemoVoterActivity {
    /// The register at work for the demo, deterministic from the seed and the imported register,
    /// reproducing what the report discusses: voters moved to hospital and other special lists (one
    /// taken back), absentee certificates produced by the CEC and passed down to stations, issued,
    /// redeemed in another settlement and voided, inclusion and correction requests decided the
    /// same day (one refused with its reason), election-day additions with one station far above
    /// the others, every list finalised with its commitment logged, and a few stations' devices
    /// marking ballots (one short of its protocol, one voter marked twice). Every act goes through
    /// the same checked methods an operator uses (the store's public API, nothing else), so the
    /// demo passes every rule.
    @discardableResult
    public static func load(into store: HattamaStore, election: String? = nil, seed: UInt64, by principal: Principal) async throws
        -> DemoVoterActivity
    {
        var latest: String?
        if election == nil { latest = try await store.structure.latestElection()?.id }
        guard let electionID = election ?? latest else { throw StoreError.notFound("election (import an election structure first)") }
        let structure = try await store.structure.electionStructure(election: electionID)
        let profile = try await store.structure.profile(forElection: electionID)
        guard let day = CivilDate(parsing: structure.election.electionDay),
            let book = AbsenteeCertificateBook(structure: structure, profile: profile)
        else { throw StoreError.invalid("election '\(electionID)' has no central commission or election day") }
        let voterActs = store.voterActs
        let calendar = profile.calendar
        let specialKinds = Set(profile.specialStationKinds.map(\.id)).subtracting([PrecinctKind.abroadID])
        var rng = SeededGenerator(seed: seed ^ 0x1157_5ABE)
        var done = DemoVoterActivity()
        let at = { (days: Int, time: String) in CivilDateTime(date: day.adding(days: -days), time: time) ?? CivilDateTime(startOf: day) }
        let children = Dictionary(grouping: structure.commissions.filter { $0.parentID != nil }, by: { $0.parentID! })
        let precinctByID = Dictionary(uniqueKeysWithValues: structure.precincts.map { ($0.id, $0) })
        let ordinary = structure.precincts.filter { $0.kind == PrecinctKind.ordinaryID }
        var used = Set<String>()

        /// The first voters of a home list, in IIN order, active and not yet used by the demo.
        func voters(at precinct: String, count: Int) async throws -> [IIN] {
            var result: [IIN] = []
            for entry in try await store.voters.voterList(precinct: precinct, election: electionID, by: principal)
            where result.count < count && entry.status == .active && !used.contains(entry.iin.digits) {
                used.insert(entry.iin.digits)
                result.append(entry.iin)
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
                    try await store.voters.lookupPollingStation(iin: iin.digits) == nil
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
                try await voterActs.moveToSpecialStation(
                    iin: iin.digits, specialStation: special.id, election: electionID, at: at(moveDay, "11:00"), by: principal)
                done.specialStationInclusions += 1
            }
            if i % 4 == 0, let first = moved.first {
                try await voterActs.undoSpecialStation(
                    iin: first.digits, reason: "discharged from hospital before election day", election: electionID,
                    at: at(moveDay - 1, "09:30"), by: principal)
                done.specialStationUndos += 1
            }
        }

        // 2. Absentee certificates: the CEC produces a batch and passes it down through two
        // regions to four stations each; stations issue some in the window and void one.
        var issued: [(serial: Int, iin: IIN, home: Precinct)] = []
        let regions = (children[structure.commissions.first { $0.parentID == nil }?.id ?? ""] ?? []).prefix(2)
        // Within each region's cap (the profile's share of its voters).
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
            // What each station was handed: the lowest blank serials its district held.
            var handed: [String: [Int]] = [:]
            let range = try await voterActs.produceCertificates(
                count: chains.reduce(0) { $0 + $1.count }, election: electionID, by: principal)
            done.certificatesProduced = range.count
            for (path, count) in chains {
                var from = root.id
                for to in path {
                    handed[to] = try await voterActs.allocateCertificates(
                        count: count, from: from, to: to, election: electionID, by: principal)
                    from = to
                }
            }
            let window = book.issuingWindow
            for (path, count) in chains {
                guard let station = precinctByID[path[2]] else { continue }
                let serials = handed[station.id] ?? []
                let holders = try await voters(at: station.id, count: count - 1)
                for (serial, iin) in zip(serials, holders) {
                    let time = window.from.date.adding(days: 3 + Int(rng.next() % 8))
                    try await voterActs.issueCertificate(
                        serial: serial, iin: iin.digits, precinct: station.id, election: electionID,
                        at: CivilDateTime(date: time, time: "15:00") ?? CivilDateTime(startOf: time), by: principal)
                    issued.append((serial, iin, station))
                    done.certificatesIssued += 1
                }
                if let spoiled = serials.last, serials.count > holders.count {
                    try await voterActs.voidCertificate(
                        serial: spoiled, holder: station.id, reason: "form damaged when filling in", election: electionID,
                        by: principal)
                    done.certificatesVoided += 1
                }
            }
        }

        // 3. Requests during public scrutiny, decided by the PEC the same day.
        let requestDay = max(1, calendar.voterListDisplayDaysBefore - 3)
        for (i, station) in ordinary.prefix(6).enumerated() {
            if i == 2, let iin = try await voters(at: station.id, count: 1).first {
                // Reading a voter's particulars is audited, as for anyone.
                let current = try await store.voters.voter(iin: iin.digits, by: principal)
                guard let birthDate = CivilDate(parsing: current.birthDate) else { continue }
                let corrected = try VoterRecord(
                    iin: iin, surname: current.surname, givenName: current.givenName, patronymic: current.patronymic,
                    birthDate: birthDate, settlement: current.settlement, address: "\(current.settlement), ул. Абая, \(12 + i)",
                    homePrecinctID: station.id)
                let id = try await voterActs.fileRequest(
                    .correction, record: corrected, proof: "certificate of address registration", at: at(requestDay, "10:15"),
                    by: principal)
                try await voterActs.decideRequest(id: id, grant: true, reason: nil, at: at(requestDay, "16:40"), by: principal)
                done.requestsGranted += 1
                continue
            }
            guard let record = try await newRecord(at: station) else { continue }
            let refused = i == 1
            let id = try await voterActs.fileRequest(
                .inclusion, record: record, proof: refused ? "a letter from a neighbour" : "identity card with registered address",
                at: at(requestDay, "10:00"), by: principal)
            try await voterActs.decideRequest(
                id: id, grant: !refused,
                reason: refused ? "no proof of residence in the precinct: the letter does not show a registered address" : nil,
                at: at(requestDay, "17:00"), by: principal)
            if refused { done.requestsRefused += 1 } else { done.requestsGranted += 1 }
        }

        // 4. Lists finalised on the profile's finalisation day (kz-2011: the day before election
        // day), in the evening, after the certificates' issuing window; each commitment logged.
        for precinct in structure.precincts {
            try await store.voters.finaliseList(
                precinct: precinct.id, election: electionID, at: at(calendar.specialListFinalisedDaysBefore, "20:00"),
                by: principal)
            done.listsFinalised += 1
        }

        // 5. Election day: certificates redeemed at a station of another settlement, additions on
        // proof of residence (one station far above the others), and devices marking ballots.
        for (n, (serial, iin, home)) in issued.prefix(issued.count * 2 / 3).enumerated() {
            let elsewhere = ordinary.filter { $0.settlement != home.settlement && $0.tabulatingCommissionID != home.tabulatingCommissionID }
            guard !elsewhere.isEmpty else { continue }
            let away = elsewhere[(n * 7) % min(elsewhere.count, 20)]
            try await voterActs.redeemCertificate(
                serial: serial, iin: iin.digits, precinct: away.id, election: electionID, at: at(0, "12:00"), by: principal)
            done.certificatesRedeemed += 1
        }
        let adding = ordinary.suffix(12)
        for (i, station) in adding.enumerated() {
            // About 1 in 200 of the list, and at one station 1 in 10: the flag shows it.
            let count = i == min(7, adding.count - 1) ? max(3, station.registeredVoters / 10) : 1 + station.registeredVoters / 200
            for _ in 0..<count {
                guard let record = try await newRecord(at: station) else { break }
                try await voterActs.addOnElectionDay(
                    record, proof: "identity card with registered address", election: electionID, at: at(0, "14:00"),
                    by: principal)
                done.electionDayAdditions += 1
            }
        }
        // The ballots-issued line of each station's counted protocol.
        var counted: [String: Int] = [:]
        for size in try await store.voters.listSizes(election: electionID) {
            if let issued = size.protocolBallotsIssued { counted[size.precinctID] = issued }
        }
        let marking = ordinary.filter { counted[$0.id] != nil }.prefix(3)
        var firstMarked: IIN?
        for (i, station) in marking.enumerated() {
            let target = min(counted[station.id] ?? 0, 3_000) - (i == 1 ? 2 : 0)
            // Everyone on the station's own list who may vote there, additions included, in IIN order.
            let list = try await store.voters.voterList(precinct: station.id, election: electionID, by: principal)
            let voters = list.filter { $0.status == .active || $0.status == .addedOnElectionDay }.prefix(max(0, target))
            for entry in voters {
                try await voterActs.markBallotIssued(
                    iin: entry.iin.digits, precinct: station.id, election: electionID, at: at(0, "10:00"), by: principal)
                done.ballotsMarked += 1
            }
            if i == 0 { firstMarked = voters.first?.iin }
            // One voter of the first station also turns up at the second: a double vote.
            if i == 1, let twice = firstMarked {
                let report = try await voterActs.markBallotIssued(
                    iin: twice.digits, precinct: station.id, election: electionID, at: at(0, "16:20"), by: principal)
                if report.eligibilityProblem != nil { done.doubleVotes += 1 }
            }
        }
        // A fresh signed head over all of it, as after any batch.
        if store.log.signsTreeHeads { try await store.log.signTreeHead() }
        return done
    }
}
