import HattamaCore
import HattamaTestSupport
import Testing

@Suite("Absentee certificates")
struct AbsenteeCertificateTests {
    typealias F = VoterFixture

    /// Caps: region A 1,000 voters → 10, region B 500 → 5. Ten serials to A, passed down to pec-1
    /// (4), pec-2 (2) and pec-3 (2), two kept by the district TEC; three to B, two to pec-b.
    static func book() throws -> AbsenteeCertificateBook {
        var book = try #require(AbsenteeCertificateBook(structure: F.structure, profile: F.profile))
        try book.produce(count: 15)
        try book.allocate(count: 10, from: "cec", to: "tec-a")
        try book.allocate(count: 10, from: "tec-a", to: "tec-a-1")
        try book.allocate(count: 4, from: "tec-a-1", to: "pec-1")
        try book.allocate(count: 2, from: "tec-a-1", to: "pec-2")
        try book.allocate(count: 2, from: "tec-a-1", to: "pec-3")
        try book.allocate(count: 3, from: "cec", to: "tec-b")
        try book.allocate(count: 3, from: "tec-b", to: "tec-b-1")
        try book.allocate(count: 2, from: "tec-b-1", to: "pec-b")
        return book
    }

    @Test func capsAreOnePercentOfTheRegionsVoters() throws {
        let book = try #require(AbsenteeCertificateBook(structure: F.structure, profile: F.profile))
        #expect(book.caps == ["tec-a": 10, "tec-b": 5])
        #expect(book.unitVoters == ["tec-a": 1000, "tec-b": 500])
        #expect(book.capUnit(of: "pec-h") == "tec-a")
    }

    @Test func capIsEnforced() throws {
        var book = try #require(AbsenteeCertificateBook(structure: F.structure, profile: F.profile))
        #expect(throws: AbsenteeRefusal.overCap(unitID: "cec", cap: 15, alreadyAllocated: 0, requested: 16)) {
            try book.produce(count: 16)
        }
        try book.produce(count: 15)
        #expect(throws: AbsenteeRefusal.overCap(unitID: "tec-b", cap: 5, alreadyAllocated: 0, requested: 6)) {
            try book.allocate(count: 6, from: "cec", to: "tec-b")
        }
        #expect(book.held(by: "cec").count == 15)
        #expect(book.held(by: "tec-b").isEmpty)
    }

    @Test func regionalCapIsEnforcedAcrossBatches() throws {
        var book = try #require(AbsenteeCertificateBook(structure: F.structure, profile: F.profile))
        try book.produce(count: 15)
        try book.allocate(count: 3, from: "cec", to: "tec-b")
        #expect(throws: AbsenteeRefusal.overCap(unitID: "tec-b", cap: 5, alreadyAllocated: 3, requested: 3)) {
            try book.allocate(count: 3, from: "cec", to: "tec-b")
        }
        try book.allocate(count: 2, from: "cec", to: "tec-b")
        #expect(book.held(by: "tec-b") == [1, 2, 3, 4, 5])
        #expect(throws: AbsenteeRefusal.notAChildCommission(from: "cec", to: "pec-1")) {
            try book.allocate(count: 1, from: "cec", to: "pec-1")
        }
        #expect(throws: AbsenteeRefusal.notEnoughHeld(commissionID: "tec-b", held: 5, requested: 6)) {
            try book.allocate(count: 6, from: "tec-b", to: "tec-b-1")
        }
        #expect(throws: AbsenteeRefusal.invalidCount(0)) { try book.allocate(count: 0, from: "tec-b", to: "tec-b-1") }
        #expect(book.held(by: "tec-b").count == 5)
    }

    @Test func lifecycleIssueMarksHomeListAndRedemptionAddsToTheOtherList() throws {
        var book = try Self.book()
        var register = F.register()
        let voter = F.iin(2)  // pec-1, Aksu
        let serial = try #require(book.held(by: "pec-1").first)
        try book.issue(serial: serial, to: voter, by: "pec-1", at: F.at(10), register: &register)
        #expect(register.status(of: voter, on: "pec-1") == .absenteeCertificateIssued(serial: serial))
        #expect(register.pollingStation(for: voter)?.holdsAbsenteeCertificate == true)
        #expect(throws: VoterRegisterRefusal.absenteeCertificateIssued(serial: serial)) {
            try register.issueBallot(voter, at: "pec-1", time: F.at(0, "09:00"))
        }
        try book.redeem(serial: serial, iin: voter, at: "pec-3", time: F.at(0, "09:30"), register: &register)
        #expect(register.status(of: voter, on: "pec-3") == .addedByAbsenteeCertificate(serial: serial, homePrecinctID: "pec-1"))
        #expect(register.list("pec-3").contains { $0.iin == voter })
        #expect(
            register.pollingStation(for: voter)
                == PollingStationLookup(precinctNumber: 3, settlement: F.birlik, address: LocalizedText("School 3")))
        try register.issueBallot(voter, at: "pec-3", time: F.at(0, "09:31"))
        // Second use, anywhere.
        #expect(throws: AbsenteeRefusal.alreadyUsed(serial: serial, precinctID: "pec-3")) {
            try book.redeem(serial: serial, iin: voter, at: "pec-b", time: F.at(0, "10:00"), register: &register)
        }
        #expect(book.reconcile(with: register).isEmpty)
    }

    @Test func useInTheHomeSettlementIsRefused() throws {
        var book = try Self.book()
        var register = F.register()
        let voter = F.iin(3)
        let serial = book.held(by: "pec-1")[0]
        try book.issue(serial: serial, to: voter, by: "pec-1", at: F.at(5), register: &register)
        // pec-2 and the hospital are in Aksu too.
        for station in ["pec-2", "pec-h", "pec-1"] {
            #expect(throws: AbsenteeRefusal.homeSettlement(precinctID: station)) {
                try book.redeem(serial: serial, iin: voter, at: station, time: F.at(0, "10:00"), register: &register)
            }
        }
        #expect(register.status(of: voter, on: "pec-2") == nil)
        try book.redeem(serial: serial, iin: voter, at: "pec-b", time: F.at(0, "10:00"), register: &register)
    }

    @Test func aCertificateHolderCannotBePutOnASpecialList() throws {
        var book = try Self.book()
        var register = F.register()
        let serial = book.held(by: "pec-1")[0]
        try book.issue(serial: serial, to: F.iin(6), by: "pec-1", at: F.at(6), register: &register)
        #expect(throws: VoterRegisterRefusal.absenteeCertificateIssued(serial: serial)) {
            try register.includeInSpecialList(F.iin(6), precinctID: "pec-h", at: F.at(3))
        }
        #expect(register.list("pec-h").isEmpty)
    }

    @Test func homeSettlementRuleIsAParameter() throws {
        var book = try #require(AbsenteeCertificateBook(structure: F.structure, profile: F.profile, validInHomeSettlement: true))
        try book.produce(count: 1)
        try book.allocate(count: 1, from: "cec", to: "tec-a")
        try book.allocate(count: 1, from: "tec-a", to: "tec-a-1")
        try book.allocate(count: 1, from: "tec-a-1", to: "pec-1")
        var register = F.register()
        try book.issue(serial: 1, to: F.iin(3), by: "pec-1", at: F.at(5), register: &register)
        #expect(throws: AbsenteeRefusal.homeSettlement(precinctID: "pec-1")) {
            try book.redeem(serial: 1, iin: F.iin(3), at: "pec-1", time: F.at(0, "10:00"), register: &register)
        }
        try book.redeem(serial: 1, iin: F.iin(3), at: "pec-2", time: F.at(0, "10:00"), register: &register)
        #expect(book.reconcile(with: register).isEmpty)
    }

    @Test func voidAndUnallocatedSerialsAreRefused() throws {
        var book = try Self.book()
        var register = F.register()
        let serial = book.held(by: "pec-2")[0]
        try book.void(serial: serial, by: "pec-2", reason: "spoiled while filling in")
        #expect(throws: AbsenteeRefusal.voidSerial(serial)) {
            try book.issue(serial: serial, to: F.iin(21), by: "pec-2", at: F.at(5), register: &register)
        }
        #expect(throws: AbsenteeRefusal.voidSerial(serial)) { try book.void(serial: serial, by: "pec-2", reason: "again") }
        #expect(throws: AbsenteeRefusal.unallocatedSerial(999)) {
            try book.issue(serial: 999, to: F.iin(21), by: "pec-2", at: F.at(5), register: &register)
        }
        #expect(throws: AbsenteeRefusal.unallocatedSerial(999)) {
            try book.redeem(serial: 999, iin: F.iin(21), at: "pec-b", time: F.at(0, "10:00"), register: &register)
        }
        #expect(throws: AbsenteeRefusal.voidSerial(serial)) {
            try book.redeem(serial: serial, iin: F.iin(21), at: "pec-b", time: F.at(0, "10:00"), register: &register)
        }
        // A serial produced but passed to another PEC is not this PEC's to issue.
        let other = book.held(by: "pec-1")[0]
        #expect(throws: AbsenteeRefusal.notHeldBy(serial: other, holderID: "pec-1", commissionID: "pec-2")) {
            try book.issue(serial: other, to: F.iin(21), by: "pec-2", at: F.at(5), register: &register)
        }
        // Never issued: a blank one cannot be redeemed.
        #expect(throws: AbsenteeRefusal.notIssued(other)) {
            try book.redeem(serial: other, iin: F.iin(1), at: "pec-b", time: F.at(0, "10:00"), register: &register)
        }
        #expect(register.absenteeCertificate(of: F.iin(21)) == nil)
    }

    @Test func issuanceRefusals() throws {
        var book = try Self.book()
        var register = F.register()
        let serials = book.held(by: "pec-1")
        // Not the voter's home PEC.
        #expect(throws: AbsenteeRefusal.voter(.notOnThisList(precinctID: "pec-1"))) {
            try book.issue(serial: serials[0], to: F.iin(25), by: "pec-1", at: F.at(5), register: &register)
        }
        #expect(throws: AbsenteeRefusal.notAPrecinctCommission("tec-a-1")) {
            try book.issue(serial: book.held(by: "tec-a-1")[0], to: F.iin(1), by: "tec-a-1", at: F.at(5), register: &register)
        }
        try book.issue(serial: serials[0], to: F.iin(1), by: "pec-1", at: F.at(5), register: &register)
        // Not reissued (e.g. after a loss) and a serial is issued once.
        #expect(throws: AbsenteeRefusal.voter(.absenteeCertificateIssued(serial: serials[0]))) {
            try book.issue(serial: serials[1], to: F.iin(1), by: "pec-1", at: F.at(5), register: &register)
        }
        #expect(throws: AbsenteeRefusal.alreadyIssued(serials[0])) {
            try book.issue(serial: serials[0], to: F.iin(2), by: "pec-1", at: F.at(5), register: &register)
        }
        // A voter on a special list is excluded at home and cannot take one.
        try register.includeInSpecialList(F.iin(2), precinctID: "pec-h", at: F.at(5))
        #expect(throws: AbsenteeRefusal.voter(.excludedForSpecialStation(precinctID: "pec-h"))) {
            try book.issue(serial: serials[1], to: F.iin(2), by: "pec-1", at: F.at(5), register: &register)
        }
        // Someone else's certificate.
        #expect(throws: AbsenteeRefusal.issuedToAnotherVoter(serial: serials[0])) {
            try book.redeem(serial: serials[0], iin: F.iin(3), at: "pec-b", time: F.at(0, "10:00"), register: &register)
        }
        #expect(throws: AbsenteeRefusal.notElectionDay) {
            try book.redeem(serial: serials[0], iin: F.iin(1), at: "pec-b", time: F.at(1, "10:00"), register: &register)
        }
        #expect(book.reconcile(with: register).isEmpty)
    }

    struct WindowCase: Sendable, CustomTestStringConvertible {
        let daysBefore: Int
        let time: String
        let allowed: Bool
        var testDescription: String { "D-\(daysBefore) \(time): \(allowed ? "allowed" : "refused")" }
    }

    /// kz-2011: from the start of D-15 until 18:00 on D-1 (18:00 itself is too late).
    @Test(
        "Issuing window edges",
        arguments: [
            WindowCase(daysBefore: 16, time: "23:59", allowed: false),
            WindowCase(daysBefore: 15, time: "00:00", allowed: true),
            WindowCase(daysBefore: 8, time: "12:00", allowed: true),
            WindowCase(daysBefore: 1, time: "17:59", allowed: true),
            WindowCase(daysBefore: 1, time: "18:00", allowed: false),
            WindowCase(daysBefore: 0, time: "08:00", allowed: false),
        ])
    func issuingWindow(_ c: WindowCase) throws {
        var book = try Self.book()
        var register = F.register()
        let serial = book.held(by: "pec-1")[0]
        let time = F.at(c.daysBefore, c.time)
        if c.allowed {
            try book.issue(serial: serial, to: F.iin(1), by: "pec-1", at: time, register: &register)
            #expect(register.absenteeCertificate(of: F.iin(1))?.serial == serial)
        } else {
            let window = book.issuingWindow
            #expect(throws: AbsenteeRefusal.outsideIssuingWindow(from: window.from, until: window.until)) {
                try book.issue(serial: serial, to: F.iin(1), by: "pec-1", at: time, register: &register)
            }
            #expect(register.status(of: F.iin(1), on: "pec-1") == .active)
        }
    }

    @Test func accountabilityReconciles() throws {
        var book = try Self.book()
        var register = F.register()
        let p1 = book.held(by: "pec-1")
        let p3 = book.held(by: "pec-3")
        let pb = book.held(by: "pec-b")
        try book.issue(serial: p1[0], to: F.iin(1), by: "pec-1", at: F.at(10), register: &register)
        try book.issue(serial: p1[1], to: F.iin(2), by: "pec-1", at: F.at(9), register: &register)
        try book.issue(serial: p3[0], to: F.iin(31), by: "pec-3", at: F.at(3), register: &register)
        try book.issue(serial: pb[0], to: F.iin(41), by: "pec-b", at: F.at(2), register: &register)
        try book.void(serial: p1[2], by: "pec-1", reason: "spoiled")
        try book.void(serial: book.held(by: "tec-a-1")[0], by: "tec-a-1", reason: "damaged in transport")
        try book.redeem(serial: p1[0], iin: F.iin(1), at: "pec-b", time: F.at(0, "09:00"), register: &register)
        try book.redeem(serial: p3[0], iin: F.iin(31), at: "pec-1", time: F.at(0, "09:00"), register: &register)
        try book.redeem(serial: pb[0], iin: F.iin(41), at: "pec-3", time: F.at(0, "09:00"), register: &register)

        #expect(book.reconcile(with: register).isEmpty)
        let accounts = Dictionary(uniqueKeysWithValues: book.accounts().map { ($0.commissionID, $0) })
        let national = book.national
        #expect(national.allocated == 15)
        #expect(national.issued == 4)
        #expect(national.redeemed == 3)
        #expect(national.void == 2)
        #expect(national.unused == 9)
        #expect(national.redeemedAtStations == 3)
        #expect(national.allocated == national.issued + national.unused + national.void)
        let pec1 = try #require(accounts["pec-1"])
        #expect([pec1.allocated, pec1.issued, pec1.redeemed, pec1.unused, pec1.void] == [4, 2, 1, 1, 1])
        #expect(pec1.redeemedAtStations == 1)
        // Sums balance: every level is what it kept plus the sum of its subordinates.
        for account in accounts.values { #expect(account.balances, "\(account.commissionID)") }
        let cecKept = book.held(by: "cec").count
        #expect(cecKept == 2)
        for field in [\AbsenteeAccount.allocated, \.issued, \.redeemed, \.unused, \.void, \.redeemedAtStations] {
            let regions = accounts["tec-a"]![keyPath: field] + accounts["tec-b"]![keyPath: field]
            let own = field == \AbsenteeAccount.allocated || field == \AbsenteeAccount.unused ? cecKept : 0
            #expect(national[keyPath: field] == regions + own)
            let districtA = accounts["tec-a-1"]!
            let pecsA = ["pec-1", "pec-2", "pec-3", "pec-h"].reduce(0) { $0 + accounts[$1]![keyPath: field] }
            let keptA =
                switch field {
                case \AbsenteeAccount.allocated: 2
                case \AbsenteeAccount.unused, \AbsenteeAccount.void: 1
                default: 0
                }
            #expect(districtA[keyPath: field] == pecsA + keptA)
        }
        // A voter dropped from the register's marks would break reconciliation.
        let tampered = F.register()
        #expect(!book.reconcile(with: tampered).isEmpty)
    }
}
