import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaTestSupport
import SQLKit
import Testing

@testable import HattamaStore

/// `VoterFixture`'s structure (region A: stations 1, 2 and a hospital (4) in Aksu, station 3 in
/// Birlik; region B: station 1 in Oral; station numbers repeat across regions, as in the real
/// lists), with addresses that name the settlement, so that a look-up shows which station it found.
enum VoterStoreFixture {
    static let electionDay = VoterFixture.electionDay
    static let aksu = VoterFixture.aksu

    static func precinct(_ id: String, _ number: Int, _ kind: String, _ settlement: LocalizedText, _ voters: Int, _ district: String)
        -> Precinct
    {
        namingSettlement(VoterFixture.precinct(id, number, kind, settlement, voters, district))
    }

    private static func namingSettlement(_ precinct: Precinct) -> Precinct {
        var precinct = precinct
        precinct.address = LocalizedText("School \(precinct.number), \(precinct.settlement.en)")
        return precinct
    }

    static let structure: ElectionStructure = {
        var structure = VoterFixture.structure
        structure.precincts = structure.precincts.map(namingSettlement)
        return structure
    }()

    /// Distinct valid IINs for n < 800,000: the date from n, four candidate serials per (date, n / 336).
    static func iin(_ n: Int) -> IIN {
        for serial in (n / 336 * 4)..<(n / 336 * 4 + 4) {
            if let iin = IIN.make(year: 1970, month: 1 + n % 12, day: 1 + (n / 12) % 28, sex: .male, serial: serial) { return iin }
        }
        fatalError("no IIN for \(n)")
    }

    static func record(_ n: Int, at precinct: String) -> VoterRecord {
        let iin = iin(n)
        return try! VoterRecord(
            iin: iin, surname: "Ахметов", givenName: "Айдар", patronymic: "",
            birthDate: CivilDate(year: iin.birthYear, month: iin.birthMonth, day: iin.birthDay)!, settlement: "Аксу",
            address: "ул. Абая, \(n)", homePrecinctID: precinct)
    }

    /// A list in delivery format: voters `range`, at precinct numbers cycling through `numbers`.
    static func csv(_ range: Range<Int>, numbers: [Int] = [1, 2, 3]) -> String {
        VoterListCSV.header + range.map { n in VoterListCSV.line(record(n, at: "x"), precinctNumber: numbers[n % numbers.count]) }.joined()
    }

    static func at(_ day: Int, _ time: String = "10:00") -> CivilDateTime {
        CivilDateTime(date: electionDay.adding(days: day), time: time)!
    }

    static func load(_ store: HattamaStore) async throws {
        try await store.structure.importStructure(structure, profile: kzProfile, by: .system)
    }
}

@Suite("Voter register in the store")
struct VoterStoreTests {
    typealias F = VoterStoreFixture

    /// The register serves the election with the latest day. Each election's context is read
    /// once, but which election is the latest is asked every time: a later election takes over.
    @Test(arguments: TestBackend.available)
    func aLaterElectionTakesOverTheRegister(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            let first = F.structure.election
            #expect(try await store.voters.voterListCalendar().electionID == first.id)
            let later = ElectionStructure(
                election: Election(id: "later", name: LocalizedText("Later"), profileID: first.profileID, electionDay: "2015-04-26"),
                parties: [],
                candidates: [Candidate(id: "later-c1", electionID: "later", name: LocalizedText("C1"), partyID: nil, ballotOrder: 1)],
                commissions: [
                    Commission(id: "cec-later", level: "cec", parentID: nil, name: LocalizedText("CEC")),
                    Commission(id: "tec-later", level: "regional", parentID: "cec-later", name: LocalizedText("TEC")),
                    Commission(id: "tec-later-1", level: "district", parentID: "tec-later", name: LocalizedText("TEC 1")),
                    Commission(id: "pec-later", level: "precinct", parentID: "tec-later-1", name: LocalizedText("PEC")),
                ],
                precincts: [F.precinct("pec-later", 1, "ordinary", F.aksu, 10, "tec-later-1")])
            try await store.structure.importStructure(later, profile: kzProfile, by: .system)
            #expect(try await store.voters.voterListCalendar().electionID == "later")
            #expect(try await store.voters.voterListCalendar().electionDay == CivilDate(year: 2015, month: 4, day: 26))
            #expect(try await store.voters.voterListCalendar(election: first.id).electionDay == F.electionDay)
            // Each commission stays with its own election; the top commission is the latest election's.
            #expect(try await store.structure.latestElection()?.id == "later")
            #expect(try await store.structure.election(ofCommission: "pec-1")?.id == first.id)
            #expect(try await store.structure.election(ofCommission: "tec-later")?.id == "later")
            #expect(try await store.structure.election(ofCommission: "nowhere") == nil)
            #expect(try await store.structure.rootCommission() == "cec-later")
            #expect(try await store.structure.rootCommission(election: first.id) == "cec")
        }
    }

    @Test(arguments: TestBackend.available)
    func importsAListAndLooksUpOnlyTheStation(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            let summary = try await store.voters.importVoterList(Array(F.csv(0..<30).utf8), commission: "tec-a", by: .system)
            #expect(summary.added == 30 && summary.rows == 30)
            #expect(try await store.voters.voterCount() == 30)
            let station = try #require(try await store.voters.lookupPollingStation(iin: F.iin(1).digits))
            #expect(station.precinctNumber == 2)
            #expect(station.address.en == "School 2, Aksu")
            #expect(try await store.voters.lookupPollingStation(iin: F.iin(500).digits) == nil)
            await #expect(throws: StoreError.self) { try await store.voters.lookupPollingStation(iin: "123") }
            // A re-delivery of the same rows changes nothing and is accepted.
            let again = try await store.voters.importVoterList(Array(F.csv(0..<30).utf8), commission: "tec-a", by: .system)
            #expect(again.added == 0 && again.unchanged == 30)
            let sizes = try await store.voters.listSizes(commission: "tec-a-1")
            #expect(sizes.map(\.homeEntries) == [10, 10, 10, 0])
            // Region B's station 1 is another station 1: imported through its own commission.
            let b = try await store.voters.importVoterList(Array(F.csv(30..<35, numbers: [1]).utf8), commission: "tec-b", by: .system)
            #expect(b.added == 5)
            #expect(try await store.voters.lookupPollingStation(iin: F.iin(31).digits)?.address.en == "School 1, Oral")
            // Under the CEC both stations are number 1: ambiguous, refused.
            await #expect(throws: StoreError.self) {
                try await store.voters.importVoterList(Array(F.csv(40..<41).utf8), commission: "cec", by: .system)
            }
        }
    }

    /// Each file is wrong in one way; each is refused with a line-numbered problem and leaves
    /// every table as it was. The bad line comes after thousands of good rows (written in
    /// batches before the problem is found) in the last case.
    static let malformed: [(String, String)] = {
        let good = VoterStoreFixture.csv(100..<103)
        let line = VoterListCSV.line(VoterStoreFixture.record(200, at: "x"), precinctNumber: 1)
        let iin = VoterStoreFixture.iin(200).digits
        func replacing(_ old: String, _ new: String) -> String { good + line.replacingOccurrences(of: old, with: new) }
        var lastDigit = Int(String(iin.last!))!
        lastDigit = (lastDigit + 1) % 10
        return [
            ("empty file", ""),
            ("not UTF-8", good + "\u{0}"),
            ("missing column", "iin,surname\n"),
            ("duplicate column", VoterListCSV.header.replacingOccurrences(of: "\n", with: ",iin\n")),
            ("unknown column", VoterListCSV.header.replacingOccurrences(of: "\n", with: ",phone\n")),
            ("wrong column count", good + "1,2,3\n"),
            ("unterminated quote", good + "\"" + line),
            ("IIN not 12 digits", replacing(iin, "12345")),
            ("IIN wrong check digit", replacing(iin, String(iin.dropLast()) + String(lastDigit))),
            ("IIN century digit", replacing(iin, String(iin.prefix(6)) + "9" + String(iin.dropFirst(7)))),
            ("IIN date", replacing(iin, "701399" + String(iin.dropFirst(6)))),
            ("birth date mismatch", replacing(",1970-", ",1971-")),
            ("malformed birth date", replacing(",1970-", ",70-")),
            ("under age", good + VoterListCSV.line(youngVoter(), precinctNumber: 1)),
            ("empty surname", replacing("Ахметов", "")),
            ("control character", replacing("Айдар", "Ай\u{7}дар")),
            ("duplicate IIN", good + line + line),
            ("unknown precinct", replacing(",1\n", ",99\n")),
            ("malformed precinct", replacing(",1\n", ",one\n")),
            ("field too long", replacing("Айдар", String(repeating: "я", count: 300))),
            ("bad line after many good rows", VoterStoreFixture.csv(1000..<21000) + "1,2\n"),
        ]
    }()

    static func youngVoter() -> VoterRecord {
        let iin =
            IIN.make(year: 2000, month: 1, day: 1, sex: .female, serial: 7) ?? IIN.make(
                year: 2000, month: 1, day: 1, sex: .female, serial: 8)!
        return try! VoterRecord(
            iin: iin, surname: "Ким", givenName: "Алия", patronymic: "", birthDate: CivilDate(year: 2000, month: 1, day: 1)!,
            settlement: "Аксу", address: "ул. Мира, 1", homePrecinctID: "x")
    }

    @Test(arguments: TestBackend.available)
    func malformedListsChangeNothing(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<5).utf8), commission: "tec-a", by: .system)
            let before = try await snapshot(store)
            #expect(Self.malformed.count >= 15)
            for (name, text) in Self.malformed {
                do {
                    try await store.voters.importVoterList(Array(text.utf8), commission: "tec-a", by: .system)
                    Issue.record("\(name): accepted")
                } catch let failure as VoterImportFailure {
                    guard case .problems(let error) = failure else {
                        Issue.record("\(name): \(failure)")
                        continue
                    }
                    #expect(!error.problems.isEmpty, "\(name)")
                } catch {
                    Issue.record("\(name): \(error)")
                }
                #expect(try await snapshot(store) == before, "\(name)")
            }
            // Into an empty register too (the fast path drops and rebuilds an index).
            try await store.backend.withDatabase { db in try await db.raw("DELETE FROM voters").run() }
            let cleared = try await snapshot(store)
            await #expect(throws: VoterImportFailure.self) {
                try await store.voters.importVoterList(Array((F.csv(1000..<21000) + "1,2\n").utf8), commission: "tec-a", by: .system)
            }
            #expect(try await snapshot(store) == cleared)
            // The index dropped for the fast path is back after the rollback.
            try await store.voters.importVoterList(Array(F.csv(0..<5).utf8), commission: "tec-a", by: .system)
            #expect(try await store.voters.listSizes(commission: "tec-a-1").map(\.homeEntries).reduce(0, +) == 5)
        }
    }

    @Test(arguments: TestBackend.available)
    func aVoterOnAnotherListIsReportedNotMoved(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<10).utf8), commission: "tec-a", by: .system)
            let before = try await snapshot(store)
            // Voter 4 (station 2 of region A) turns up on region B's list, line 3.
            let list =
                VoterListCSV.header + VoterListCSV.line(F.record(50, at: "x"), precinctNumber: 1)
                + VoterListCSV.line(F.record(4, at: "x"), precinctNumber: 1)
            do {
                try await store.voters.importVoterList(Array(list.utf8), commission: "tec-b", by: .system)
                Issue.record("accepted")
            } catch let failure as VoterImportFailure {
                guard case .conflicts(let conflicts) = failure else { throw failure }
                #expect(conflicts.conflicts.count == 1)
                #expect(conflicts.conflicts.first?.line == 3)
                #expect(conflicts.conflicts.first?.listedAt == "pec-2")
                #expect(conflicts.conflicts.first?.attemptedAt == "pec-b")
            }
            #expect(try await snapshot(store) == before)
            #expect(try await store.voters.lookupPollingStation(iin: F.iin(4).digits)?.precinctNumber == 2)
            // Same list, different particulars: a conflict as well.
            let changed =
                VoterListCSV.header
                + VoterListCSV.line(F.record(4, at: "x"), precinctNumber: 2).replacingOccurrences(
                    of: "Абая", with: "Мира")
            await #expect(throws: VoterImportFailure.self) {
                try await store.voters.importVoterList(Array(changed.utf8), commission: "tec-a", by: .system)
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: TestBackend.available)
    func theDatabaseRefusesASecondActiveListAndASecondMark(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<3).utf8), commission: "tec-a", by: .system)
            let key = VotersStore.iinKey(F.iin(1))
            let before = try await snapshot(store)
            let statements: [SQLQueryString] = [
                // A second membership row for the IIN, on another list.
                """
                INSERT INTO voters (iin, surname, given_name, patronymic, birth_date, settlement, address, home_precinct_id)
                VALUES (\(bind: key), 'X', 'Y', '', '1970-02-02', 'Аксу', 'a', 'pec-3')
                """,
                // On a special list while still active at home.
                "UPDATE voters SET away_precinct_id = 'pec-h' WHERE iin = \(bind: key)",
                // "Excluded" at home without being on any other list.
                "UPDATE voters SET home_status = 'special' WHERE iin = \(bind: key)",
                // A special list that is the home list itself.
                "UPDATE voters SET home_status = 'special', away_precinct_id = home_precinct_id WHERE iin = \(bind: key)",
            ]
            for statement in statements {
                await #expect(throws: (any Error).self) {
                    try await store.backend.transaction { db in try await db.raw(statement).run() }
                }
            }
            #expect(try await snapshot(store) == before)
            try await store.backend.transaction { db in
                try await db.raw(
                    "INSERT INTO ballot_marks (election_id, iin, precinct_id, marked_at, recorded_by) VALUES (\(bind: DemoGenerator.electionID), \(bind: key), 'pec-2', 't', 'x')"
                ).run()
            }
            await #expect(throws: (any Error).self) {
                try await store.backend.transaction { db in
                    try await db.raw(
                        "INSERT INTO ballot_marks (election_id, iin, precinct_id, marked_at, recorded_by) VALUES (\(bind: DemoGenerator.electionID), \(bind: key), 'pec-3', 't', 'x')"
                    ).run()
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func specialStationExcludesFromTheHomeListAndUndoRestores(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<6).utf8), commission: "tec-a", by: .system)
            let voter = F.iin(0).digits  // station 1 (pec-1)
            let other = F.iin(3).digits  // station 1 as well
            let before = try await snapshot(store)
            // Not a special station; after the finalisation day; unknown voter: refused, nothing written.
            await #expect(throws: StoreError.self) {
                try await store.voterActs.moveToSpecialStation(iin: voter, specialStation: "pec-2", at: F.at(-3), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.moveToSpecialStation(iin: voter, specialStation: "pec-h", at: F.at(0), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.moveToSpecialStation(iin: F.iin(900).digits, specialStation: "pec-h", at: F.at(-3), by: .system)
            }
            #expect(try await snapshot(store) == before)

            try await store.voterActs.moveToSpecialStation(iin: voter, specialStation: "pec-h", at: F.at(-3), by: .system)
            try await store.voterActs.moveToSpecialStation(iin: other, specialStation: "pec-h", at: F.at(-3), by: .system)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.moveToSpecialStation(iin: voter, specialStation: "pec-h", at: F.at(-3), by: .system)
            }
            #expect(try await store.voters.lookupPollingStation(iin: voter)?.precinctNumber == 4)
            // Visible on both lists.
            let home = try await store.voters.voterList(precinct: "pec-1", by: .system)
            #expect(home.first { $0.iin.digits == voter }?.status == .excludedForSpecialStation(precinctID: "pec-h"))
            let special = try await store.voters.voterList(precinct: "pec-h", by: .system)
            #expect(
                special.map(\.status) == [.includedFromHomeList(homePrecinctID: "pec-1"), .includedFromHomeList(homePrecinctID: "pec-1")])
            let sizes = try await store.voters.listSizes(commission: "tec-a-1")
            #expect(sizes.first { $0.precinctID == "pec-1" }?.excludedForSpecialStation == 2)
            #expect(sizes.first { $0.precinctID == "pec-h" }?.includedFromHomeLists == 2)

            // Undo is recorded and restores the home list.
            await #expect(throws: StoreError.self) {
                try await store.voterActs.undoSpecialStation(iin: other, reason: " ", at: F.at(-2), by: .system)
            }
            try await store.voterActs.undoSpecialStation(iin: other, reason: "discharged from hospital", at: F.at(-2), by: .system)
            #expect(try await store.voters.lookupPollingStation(iin: other)?.precinctNumber == 1)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.undoSpecialStation(iin: other, reason: "again", at: F.at(-2), by: .system)
            }

            // Finalised the day before: no more moves; the commitment is logged.
            await #expect(throws: StoreError.self) { try await store.voters.finaliseList(precinct: "pec-h", at: F.at(-2), by: .system) }
            let commitment = try await store.voters.finaliseList(precinct: "pec-h", at: F.at(-1, "20:00"), by: .system)
            #expect(commitment.entryCount == 1)
            await #expect(throws: StoreError.self) {
                try await store.voters.finaliseList(precinct: "pec-h", at: F.at(-1, "21:00"), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.undoSpecialStation(iin: voter, reason: "late", at: F.at(-1), by: .system)
            }

            // Election day: the home PEC cannot issue the ballot; the hospital's can, once.
            let marksBefore = try await snapshot(store)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.markBallotIssued(iin: voter, precinct: "pec-1", at: F.at(0), by: .system)
            }
            #expect(try await snapshot(store) == marksBefore)
            let report = try await store.voterActs.markBallotIssued(iin: voter, precinct: "pec-h", at: F.at(0), by: .system)
            #expect(!report.isDoubleMark)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.markBallotIssued(iin: voter, precinct: "pec-h", at: F.at(0, "11:00"), by: .system)
            }
            // A device at the home station reporting a ballot handed over anyway: a double vote, caught.
            let double = try await store.voterActs.markBallotIssued(iin: voter, precinct: "pec-1", at: F.at(0, "12:00"), by: .system)
            #expect(double.isDoubleMark)
            #expect(double.marksElsewhere.map(\.precinctID) == ["pec-h"])
            #expect(try await store.voterActs.doubleMarkCount() == 1)
            #expect(try await store.voters.listSizes(commission: "tec-a-1").first { $0.precinctID == "pec-h" }?.ballotsMarked == 1)

            // The log holds counts, not people; verification passes and catches a tampered commitment.
            let entries = try await store.log.logEntries(start: 0, end: try await store.log.logSize())
            for entry in entries { #expect(!entry.payload.contains(voter) && !entry.payload.contains("Ахметов")) }
            #expect(entries.contains { $0.type == LogEntryType.voterListCommitment })
            #expect(try await store.log.verifyLog().isValid)
            #expect(try await store.voters.listMatchesCommitment(precinct: "pec-h"))
            try await store.backend.transaction { db in
                try await db.raw("UPDATE voter_list_commitments SET entry_count = 2 WHERE precinct_id = 'pec-h'").run()
            }
            let verification = try await store.log.verifyLog()
            #expect(verification.problems.contains { $0.subject.contains("list commitment of pec-h") })
        }
    }

    @Test(arguments: TestBackend.available)
    func absenteeCertificateLifecycle(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<9).utf8), commission: "tec-a", by: .system)
            let voter = F.iin(0).digits  // pec-1, Aksu
            // Caps: region A 1,000 voters → 10, B 500 → 5; 15 in all.
            await #expect(throws: StoreError.self) { try await store.voterActs.produceCertificates(count: 16, by: .system) }
            #expect(try await store.voterActs.produceCertificates(count: 12, by: .system) == 1...12)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.allocateCertificates(count: 11, from: "cec", to: "tec-a", by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.allocateCertificates(count: 1, from: "cec", to: "tec-a-1", by: .system)
            }
            try await store.voterActs.allocateCertificates(count: 10, from: "cec", to: "tec-a", by: .system)
            try await store.voterActs.allocateCertificates(count: 10, from: "tec-a", to: "tec-a-1", by: .system)
            #expect(try await store.voterActs.allocateCertificates(count: 3, from: "tec-a-1", to: "pec-1", by: .system) == [1, 2, 3])

            let before = try await snapshot(store)
            // Outside the window, by a PEC not holding it, unallocated serial, a voter of another list: refused.
            await #expect(throws: StoreError.self) {
                try await store.voterActs.issueCertificate(serial: 1, iin: voter, precinct: "pec-1", at: F.at(-16), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.issueCertificate(serial: 1, iin: voter, precinct: "pec-1", at: F.at(-1, "18:00"), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.issueCertificate(serial: 4, iin: voter, precinct: "pec-1", at: F.at(-5), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.issueCertificate(serial: 99, iin: voter, precinct: "pec-1", at: F.at(-5), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.issueCertificate(serial: 1, iin: F.iin(1).digits, precinct: "pec-1", at: F.at(-5), by: .system)
            }
            #expect(try await snapshot(store) == before)

            try await store.voterActs.issueCertificate(serial: 1, iin: voter, precinct: "pec-1", at: F.at(-5), by: .system)
            #expect(try await store.voters.lookupPollingStation(iin: voter)?.holdsAbsenteeCertificate == true)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.issueCertificate(serial: 2, iin: voter, precinct: "pec-1", at: F.at(-5), by: .system)
            }
            // The home station no longer gives the voter a ballot.
            await #expect(throws: StoreError.self) {
                try await store.voterActs.markBallotIssued(iin: voter, precinct: "pec-1", at: F.at(0), by: .system)
            }
            // Void and unissued serials, the home settlement, another voter's certificate: refused.
            try await store.voterActs.voidCertificate(serial: 3, holder: "pec-1", reason: "spoiled", by: .system)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.redeemCertificate(serial: 3, iin: voter, precinct: "pec-3", at: F.at(0), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.redeemCertificate(serial: 2, iin: voter, precinct: "pec-3", at: F.at(0), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.redeemCertificate(serial: 1, iin: voter, precinct: "pec-2", at: F.at(0), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.redeemCertificate(serial: 1, iin: F.iin(1).digits, precinct: "pec-3", at: F.at(0), by: .system)
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.redeemCertificate(serial: 1, iin: voter, precinct: "pec-3", at: F.at(-1), by: .system)
            }
            try await store.voterActs.redeemCertificate(serial: 1, iin: voter, precinct: "pec-3", at: F.at(0), by: .system)
            #expect(try await store.voters.lookupPollingStation(iin: voter)?.precinctNumber == 3)
            // Second use.
            await #expect(throws: StoreError.self) {
                try await store.voterActs.redeemCertificate(serial: 1, iin: voter, precinct: "pec-b", at: F.at(0), by: .system)
            }
            try await store.voterActs.markBallotIssued(iin: voter, precinct: "pec-3", at: F.at(0), by: .system)

            let national = try await store.voterActs.absenteeReport()
            #expect(national.problems.isEmpty)
            #expect(national.commission.allocated == 12)
            #expect(national.commission.issued == 1 && national.commission.redeemed == 1)
            #expect(national.commission.void == 1 && national.commission.unused == 10)
            #expect(national.subordinates.first { $0.commissionID == "tec-a" }?.cap == 10)
            let district = try await store.voterActs.absenteeReport(commission: "tec-a-1")
            #expect(district.subordinates.first { $0.commissionID == "pec-3" }?.redeemedAtStations == 1)
            #expect(district.subordinates.first { $0.commissionID == "pec-1" }?.allocated == 3)
            let list = try await store.voters.voterList(precinct: "pec-3", by: .system)
            #expect(list.contains { $0.status == .addedByAbsenteeCertificate(serial: 1, homePrecinctID: "pec-1") })
            #expect(try await store.log.verifyLog().isValid)
        }
    }

    @Test(arguments: TestBackend.available)
    func requestsAndElectionDayAdditions(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<3).utf8), commission: "tec-a", by: .system)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.fileRequest(.inclusion, record: F.record(70, at: "pec-2"), proof: "", at: F.at(-10), by: .system)
            }
            let id = try await store.voterActs.fileRequest(
                .inclusion, record: F.record(70, at: "pec-2"), proof: "address registration", at: F.at(-10), by: .system)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.decideRequest(id: id, grant: false, reason: nil, at: F.at(-10), by: .system)
            }
            try await store.voterActs.decideRequest(id: id, grant: true, reason: nil, at: F.at(-10), by: .system)
            #expect(try await store.voters.lookupPollingStation(iin: F.iin(70).digits)?.precinctNumber == 2)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.decideRequest(id: id, grant: true, reason: nil, at: F.at(-10), by: .system)
            }
            // Inclusion of a voter already listed elsewhere: the decision is refused, nothing moves.
            let twice = try await store.voterActs.fileRequest(
                .inclusion, record: F.record(0, at: "pec-3"), proof: "lease", at: F.at(-9), by: .system)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.decideRequest(id: twice, grant: true, reason: nil, at: F.at(-9), by: .system)
            }
            try await store.voterActs.decideRequest(
                id: twice, grant: false, reason: "already on the list of station 1", at: F.at(-9), by: .system)
            let requests = try await store.voterActs.requests(precinct: "pec-3", by: .system)
            #expect(requests.first?.decision == "refused" && requests.first?.reason == "already on the list of station 1")

            await #expect(throws: StoreError.self) {
                try await store.voterActs.addOnElectionDay(
                    F.record(80, at: "pec-2"), proof: "passport registration", at: F.at(-1), by: .system)
            }
            try await store.voterActs.addOnElectionDay(F.record(80, at: "pec-2"), proof: "passport registration", at: F.at(0), by: .system)
            try await store.voterActs.addOnElectionDay(F.record(81, at: "pec-2"), proof: "passport registration", at: F.at(0), by: .system)
            await #expect(throws: StoreError.self) {
                try await store.voterActs.addOnElectionDay(F.record(1, at: "pec-3"), proof: "lease", at: F.at(0), by: .system)
            }
            let size = try #require(try await store.voters.listSizes(commission: "tec-a-1").first { $0.precinctID == "pec-2" })
            #expect(size.electionDayAdditions == 2 && size.homeEntries == 4)
            #expect(size.additionsFlagged)
        }
    }

    @Test(arguments: TestBackend.available)
    func publicLookupOnlyFromTheListsDisplayDate(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<6).utf8), commission: "tec-a", by: .system)
            try await store.voterActs.moveToSpecialStation(iin: F.iin(2).digits, specialStation: "pec-h", at: F.at(-3), by: .system)
            let calendar = try await store.voters.voterListCalendar()
            #expect(calendar.displayFrom.description == "2011-03-19" && calendar.specialDisplayFrom.description == "2011-03-29")
            #expect(calendar.requestsUntil == F.electionDay && calendar.electionDayAdditionAlertPercent == 5)
            let opens = F.electionDay.adding(days: -15)
            let stranger = F.iin(900).digits
            // Before the display date the answer is the same for a listed and an unlisted IIN.
            for iin in [F.iin(0).digits, F.iin(2).digits, stranger] {
                #expect(try await store.voters.publicLookup(iin: iin, at: F.at(-16, "23:59")) == .listsNotOpen(opensOn: opens))
                #expect(try await store.voters.publicLookup(iin: iin, at: F.at(-400)) == .listsNotOpen(opensOn: opens))
            }
            guard case .station(let station) = try await store.voters.publicLookup(iin: F.iin(0).digits, at: F.at(-15, "00:00")) else {
                Issue.record("listed voter not found on the display date")
                return
            }
            #expect(station.precinctNumber == 1 && station.address.en == "School 1, Aksu")
            #expect(try await store.voters.publicLookup(iin: stranger, at: F.at(-15)) == .notListed)
            // A special station's list opens later (D-5).
            #expect(
                try await store.voters.publicLookup(iin: F.iin(2).digits, at: F.at(-6))
                    == .listsNotOpen(opensOn: F.electionDay.adding(days: -5)))
            guard case .station(let hospital) = try await store.voters.publicLookup(iin: F.iin(2).digits, at: F.at(-5)) else {
                Issue.record("special-station voter not found from D-5")
                return
            }
            #expect(hospital.precinctNumber == 4)
            // An IIN that cannot exist is refused whatever the date.
            for bad in ["123", "000000000000", "70010130000x", ""] {
                await #expect(throws: StoreError.self) { try await store.voters.publicLookup(iin: bad, at: F.at(-20)) }
                await #expect(throws: StoreError.self) { try await store.voters.publicLookup(iin: bad, at: F.at(-1)) }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func requestsOnlyDuringScrutinyAndDecidedTheSameDay(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<3).utf8), commission: "tec-a", by: .system)
            let before = try await snapshot(store)
            // Outside the scrutiny window: before the display date, after election day, a special
            // station before its own (later) display date.
            for (record, time) in [
                (F.record(70, at: "pec-2"), F.at(-16, "23:59")), (F.record(70, at: "pec-2"), F.at(1, "00:00")),
                (F.record(70, at: "pec-2"), F.at(-3000)), (F.record(71, at: "pec-h"), F.at(-6)),
            ] {
                await #expect(throws: StoreError.self) {
                    try await store.voterActs.fileRequest(.inclusion, record: record, proof: "address registration", at: time, by: .system)
                }
            }
            #expect(try await snapshot(store) == before)
            let early = try await store.voterActs.fileRequest(
                .inclusion, record: F.record(71, at: "pec-h"), proof: "hospital admission", at: F.at(-5), by: .system)
            let id = try await store.voterActs.fileRequest(
                .inclusion, record: F.record(70, at: "pec-2"), proof: "address registration", at: F.at(-10, "10:00"), by: .system)
            let filed = try await snapshot(store)
            // A decision before the filing, or on a later day, is refused and changes nothing.
            for (time, words) in [
                (F.at(-10, "09:59"), "cannot precede"), (F.at(-11), "cannot precede"), (F.at(-9, "00:00"), "same day"),
                (F.at(3), "same day"),
            ] {
                for grant in [true, false] {
                    do {
                        try await store.voterActs.decideRequest(
                            id: id, grant: grant, reason: grant ? nil : "no proof", at: time, by: .system)
                        Issue.record("decision at \(time) accepted")
                    } catch let error as StoreError {
                        #expect(error.description.contains(words), "\(error)")
                    }
                }
            }
            do {
                try await store.voterActs.decideRequest(id: id, grant: true, reason: nil, at: F.at(-9), by: .system)
            } catch let error as StoreError {
                #expect(error.description.contains("Art. 26 §4") && error.description.contains("court"), "\(error)")
            }
            #expect(try await snapshot(store) == filed)
            // Still pending on its day; overdue from the next.
            let onTheDay = try await store.voterActs.requests(precinct: "pec-2", at: F.at(-10, "23:59"), by: .system)
            #expect(onTheDay.map(\.overdue) == [false] && onTheDay.first?.decideBy == "2011-03-24")
            let nextDay = try await store.voterActs.requests(precinct: "pec-2", at: F.at(-9), by: .system)
            #expect(nextDay.map(\.overdue) == [true] && nextDay.first?.decision == nil)
            #expect(try await store.voterActs.requests(precinct: "pec-2", at: F.at(-9), overdueOnly: true, by: .system).map(\.id) == [id])
            #expect(try await store.voterActs.requests(precinct: "pec-2", at: F.at(-10), overdueOnly: true, by: .system).isEmpty)
            // Decided the same day: a refusal carries its reason and where to appeal.
            try await store.voterActs.decideRequest(
                id: early, grant: false, reason: "not admitted to this hospital", at: F.at(-5, "18:00"), by: .system)
            let refused = try #require(try await store.voterActs.requests(precinct: "pec-h", at: F.at(-4), by: .system).first)
            #expect(refused.decision == "refused" && refused.reason == "not admitted to this hospital" && !refused.overdue)
            #expect(refused.decidedAt == "2011-03-29T18:00")
            #expect(refused.appeal?.description.contains("higher election commission or the court") == true)
            #expect(refused.appealTo?.ru == "в вышестоящую избирательную комиссию или в суд")
        }
    }

    @Test(arguments: TestBackend.available)
    func electionDayAdditionAlertIsTheProfiles(_ backend: TestBackend) async throws {
        for (percent, flagged) in [(5.0, true), (20.0, false)] {
            try await withStore(backend) { store in
                var profile = kzProfile
                profile.calendar.electionDayAdditionAlertPercent = percent
                try await store.structure.importStructure(F.structure, profile: profile, by: .system)
                try await store.voters.importVoterList(Array(F.csv(0..<30).utf8), commission: "tec-a", by: .system)
                try await store.voterActs.addOnElectionDay(
                    F.record(80, at: "pec-2"), proof: "passport registration", at: F.at(0), by: .system)
                // One addition to a list of ten: 10 %.
                let size = try #require(try await store.voters.listSizes(commission: "tec-a-1").first { $0.precinctID == "pec-2" })
                #expect(size.electionDayAdditions == 1 && size.additionsFlagged == flagged, "threshold \(percent) %")
                #expect(try await store.voters.voterListCalendar().electionDayAdditionAlertPercent == percent)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func personalDataOnlyForTheVotersCommissionChain(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            try await F.load(store)
            try await store.voters.importVoterList(Array(F.csv(0..<3).utf8), commission: "tec-a", by: .system)
            let secretary = try await store.accounts.addUser(
                username: "sec-b", password: "long enough password", role: .commissionSecretary, commissionID: "tec-b", by: .system)
            let member = try await store.accounts.addUser(
                username: "member-a", password: "long enough password", role: .commissionMember, commissionID: "tec-a", by: .system)
            let observer = try await store.accounts.addUser(
                username: "obs", password: "long enough password", role: .observer, commissionID: "cec", by: .system)
            let voter = F.iin(0).digits
            await #expect(throws: StoreError.self) { try await store.voters.voter(iin: voter, by: .user(secretary)) }
            await #expect(throws: StoreError.self) { try await store.voters.voter(iin: voter, by: .user(observer)) }
            #expect(try await store.voters.voter(iin: voter, by: .user(member)).surname == "Ахметов")
            let before = try await snapshot(store)
            await #expect(throws: StoreError.self) {
                try await store.voters.importVoterList(Array(F.csv(10..<12).utf8), commission: "tec-a", by: .user(secretary))
            }
            await #expect(throws: StoreError.self) {
                try await store.voterActs.moveToSpecialStation(iin: voter, specialStation: "pec-h", at: F.at(-3), by: .user(member))
            }
            #expect(try await snapshot(store) == before)
        }
    }
}
