import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

@Suite struct StructureStoreTests {
    @Test(arguments: TestBackend.available)
    func importsTheSmallDemoWithCountsAndTabulation(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let top = try await store.structure.commission("cec")
            #expect(top.counts.precincts == smallDemo.precincts.count)
            #expect(top.counts.registeredVoters == smallDemo.precincts.reduce(0) { $0 + $1.registeredVoters })
            #expect(top.counts.abroadPrecincts == 3)
            #expect(top.children.map(\.id) == ["tec-ast", "tec-akm", "tec-mng"], "children keep the structure's order")
            #expect(top.breadcrumb.isEmpty)
            // Children's totals add up to the parent's: abroad stations are counted once, in Esil.
            #expect(top.children.reduce(0) { $0 + $1.counts.precincts } == top.counts.precincts)

            let esil = try #require(smallDemo.commissions.first { $0.name.en == "Esil district territorial election commission" })
            let detail = try await store.structure.commission(esil.id)
            #expect(detail.counts.abroadPrecincts == 3)
            #expect(detail.children.filter { $0.precinctKind == "abroad" }.count == 3)
            #expect(detail.breadcrumb.map(\.id) == ["cec", "tec-ast"])

            let abroad = try #require(smallDemo.precincts.first { $0.kind == "abroad" })
            let station = try await store.structure.commission(abroad.id)
            #expect(station.precinct == abroad)
            #expect(station.commission.parentID == "cec", "formed under the CEC")
            #expect(station.breadcrumb.map(\.id) == ["cec", "tec-ast", esil.id], "tabulated by Esil")
            #expect(try await store.structure.commissionChain(abroad.id) == [abroad.id, "cec"])

            #expect(try await store.structure.elections().map(\.id) == [DemoGenerator.electionID])
            #expect(
                try await store.structure.candidates(election: DemoGenerator.electionID).map(\.id) == DemoGenerator.candidates.map(\.id))
            #expect(try await store.structure.profile(forElection: DemoGenerator.electionID) == kzProfile)
            let audit = try await store.accounts.auditLog()
            #expect(audit.count == 1)
            #expect(audit.first?.action == "import-structure")
            #expect(audit.first?.details["precincts"] == String(smallDemo.precincts.count))
        }
    }

    @Test(arguments: TestBackend.available)
    func secondImportIsRefusedAndChangesNothing(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let before = try await snapshot(store)
            await #expect(throws: StoreError.conflict("election 'kz-2011-presidential' already exists")) { try await loadSmallDemo(store) }
            var other = smallDemo
            other.election.id = "another-election"
            for i in other.candidates.indices { other.candidates[i].electionID = "another-election" }
            await #expect(throws: StoreError.conflict("commission 'cec' already exists")) {
                try await store.structure.importStructure(other, profile: kzProfile, by: .system)
            }
            #expect(try await snapshot(store) == before)
        }
    }

    /// Structures that break a rule are refused before anything is written.
    static let hostileStructures: [(String, @Sendable (inout ElectionStructure) -> Void)] = [
        ("unknown precinct kind", { $0.precincts[0].kind = "casino" }),
        ("negative voters", { $0.precincts[1].registeredVoters = -5 }),
        ("absurd voters", { $0.precincts[1].registeredVoters = 10_000_000 }),
        ("unknown tabulating commission", { $0.precincts[2].tabulatingCommissionID = "nowhere" }),
        ("duplicate commission", { $0.commissions.append($0.commissions[3]) }),
        (
            "orphan commission",
            { $0.commissions.append(Commission(id: "x", level: "district", parentID: "missing", name: LocalizedText("x"))) }
        ),
        ("empty Kazakh name", { $0.commissions[1].name.kk = "  " }),
        ("unknown party", { $0.candidates[0].partyID = "no-such-party" }),
        ("wrong profile", { $0.election.profileID = "ru-2012" }),
        ("bad election day", { $0.election.electionDay = "2011-13-40" }),
        ("precinct without commission", { $0.commissions.removeLast() }),
    ]

    @Test(arguments: TestBackend.available, hostileStructures.indices)
    func hostileStructureIsRefusedAndNothingIsWritten(backend: TestBackend, index: Int) async throws {
        let (name, mutate) = Self.hostileStructures[index]
        var structure = smallDemo
        mutate(&structure)
        try await withStore(backend) { store async throws in
            do {
                try await store.structure.importStructure(structure, profile: kzProfile, by: .system)
                Issue.record("\(name): accepted")
            } catch let error as StoreError {
                guard case .invalid(let message) = error else {
                    Issue.record("\(name): unexpected \(error)")
                    return
                }
                #expect(!message.isEmpty)
            }
            #expect(try await snapshot(store).values.allSatisfy { $0 == 0 }, "\(name) left rows behind")
        }
    }

    struct Interrupted: Error {}

    @Test(arguments: TestBackend.available)
    func aWriteThatFailsHalfwayLeavesNothingBehind(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let before = try await snapshot(store)
            // The act writes rows, then fails: neither its rows nor its audit record may survive.
            await #expect(throws: Interrupted.self) {
                try await store.context.write(by: .system, action: "test", subject: "partial") { db in
                    try await db.raw("INSERT INTO parties (id, name_kk, name_ru, name_en) VALUES ('p', 'p', 'p', 'p')").run()
                    throw Interrupted()
                }
            }
            // A database constraint (foreign key) failing after earlier statements of the same act.
            await #expect(throws: (any Error).self) {
                try await store.context.write(by: .system, action: "test", subject: "constraint") { db in
                    try await db.raw("INSERT INTO parties (id, name_kk, name_ru, name_en) VALUES ('q', 'q', 'q', 'q')").run()
                    try await db.raw(
                        "INSERT INTO commissions (id, level, depth, parent_id, ordinal, name_kk, name_ru, name_en) VALUES ('z', 'district', 2, 'missing', 0, 'z', 'z', 'z')"
                    ).run()
                }
            }
            #expect(try await snapshot(store) == before)
            #expect(try await store.structure.parties().map(\.id).contains("p") == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func duplicateBallotPositionIsRefused(backend: TestBackend) async throws {
        var structure = smallDemo
        structure.candidates[1].ballotOrder = structure.candidates[0].ballotOrder
        try await withStore(backend) { store async throws in
            await #expect(throws: StoreError.invalid("candidate yeleusizov: ballot position 1 is taken by another candidate")) {
                try await store.structure.importStructure(structure, profile: kzProfile, by: .system)
            }
            #expect(try await snapshot(store).values.allSatisfy { $0 == 0 })
        }
    }

    @Test(arguments: TestBackend.available)
    func hostileTextIsStoredVerbatim(backend: TestBackend) async throws {
        var structure = smallDemo
        let evil = "'); DROP TABLE commissions; -- <script>alert(1)</script> Ωμέγα «ҚазақСтан» 🗳"
        structure.commissions[1].name.en = evil
        try await withStore(backend) { store async throws in
            try await store.structure.importStructure(structure, profile: kzProfile, by: .system)
            #expect(try await store.structure.commission(structure.commissions[1].id).commission.name.en == evil)
        }
    }

    @Test(arguments: TestBackend.available)
    func controlCharactersAreRefusedOnBothBackends(backend: TestBackend) async throws {
        // NUL cannot be stored in PostgreSQL text and SQLite would cut the string at it.
        var structure = smallDemo
        structure.commissions[1].name.en = "Esil\u{0}district"
        try await withStore(backend) { store async throws in
            await #expect(throws: StoreError.invalid("commission tec-ast: name in 'en' contains control characters")) {
                try await store.structure.importStructure(structure, profile: kzProfile, by: .system)
            }
            #expect(try await snapshot(store).values.allSatisfy { $0 == 0 })
        }
    }

    @Test(arguments: TestBackend.available)
    func findsPrecinctsByNumberAndSettlement(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await loadSmallDemo(store)
            let target = smallDemo.precincts[10]
            let byNumber = try await store.structure.findPrecincts("№\(target.number)")
            #expect(byNumber.contains { $0.precinct.id == target.id })
            #expect(byNumber.allSatisfy { $0.precinct.number == target.number })
            let bySettlement = try await store.structure.findPrecincts(String(target.settlement.en.prefix(4)).lowercased())
            #expect(bySettlement.contains { $0.precinct.settlement.en == target.settlement.en })
            #expect(try await store.structure.findPrecincts("%").isEmpty, "wildcards are not a query")
            #expect(try await store.structure.findPrecincts("").isEmpty)
            #expect(try await store.structure.findPrecincts("'; DROP TABLE precincts; --").isEmpty)
            #expect(try await store.structure.commission("cec").counts.precincts == smallDemo.precincts.count)
        }
    }

    @Test(arguments: TestBackend.available)
    func unknownCommissionIsNotFound(backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            await #expect(throws: StoreError.notFound("commission 'nope'")) { _ = try await store.structure.commission("nope") }
            await #expect(throws: StoreError.notFound("election 'nope'")) { _ = try await store.structure.profile(forElection: "nope") }
        }
    }
}

@Suite struct NationalDemoTests {
    /// The acceptance figures of the foundation issue, on each backend.
    @Test(arguments: TestBackend.available)
    func nationalDemoHasThe2011Shape(backend: TestBackend) async throws {
        let national = DemoGenerator(scale: .kz2011).generate()
        try await withStore(backend) { store async throws in
            try await store.structure.importStructure(national, profile: kzProfile, by: .system)
            let top = try await store.structure.commission("cec")
            #expect(top.children.count == 16)
            #expect(top.children.allSatisfy { $0.level == "regional" })
            #expect((9_600...9_800).contains(top.counts.precincts))
            #expect(top.counts.abroadPrecincts == 35)
            #expect((9_000_000...9_200_000).contains(top.counts.registeredVoters))
            let esil = try #require(national.commissions.first { $0.name.en == "Esil district territorial election commission" })
            #expect(try await store.structure.commission(esil.id).counts.abroadPrecincts == 35)
            let abroad = national.precincts.filter { $0.kind == "abroad" }
            for precinct in abroad.prefix(5) {
                #expect(try await store.structure.commission(precinct.id).breadcrumb.last?.id == esil.id)
            }
            // Ballots printed for the voters plus the profile's reserve match the report's print order.
            let printed = Double(top.counts.registeredVoters) * (1 + kzProfile.calendar.ballotReservePercent / 100)
            #expect(abs(printed - 9_191_977) < 100)
        }
    }
}
