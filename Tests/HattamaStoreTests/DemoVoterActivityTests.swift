import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// The demo's register at work runs every act through the checked store methods: it must pass
/// every rule, leave the books reconciled and the log verified, and show what it claims to show.
@Suite struct DemoVoterActivityTests {
    typealias F = VoterStoreFixture

    @Test(arguments: TestBackend.available)
    func theRegisterAtWorkPassesEveryRuleAndShowsEachFeature(_ backend: TestBackend) async throws {
        try await withStore(backend) { store async throws in
            try await F.load(store)
            _ = try await store.voters.importVoterList(Array(F.csv(0..<900).utf8), commission: "tec-a", by: .system)
            _ = try await store.voters.importVoterList(Array(F.csv(900..<1_000, numbers: [1]).utf8), commission: "tec-b", by: .system)
            let done = try await DemoVoterActivity.load(into: store, seed: 7, by: .system)

            #expect(done.specialStationInclusions >= 3 && done.specialStationUndos == 1)
            // Region A's cap is 1% of its 1,000 voters: 10 certificates for its two stations.
            #expect(done.certificatesProduced == 10 + 5)
            #expect(done.certificatesIssued > 0 && done.certificatesRedeemed > 0 && done.certificatesVoided > 0)
            #expect(done.requestsGranted == 3 && done.requestsRefused == 1)
            #expect(done.listsFinalised == F.structure.precincts.count)
            #expect(done.electionDayAdditions > 0)

            let sizes = try await store.voters.listSizes()
            #expect(sizes.first { $0.precinctID == "pec-h" }?.includedFromHomeLists == done.specialStationInclusions - 1)
            #expect(sizes.reduce(0) { $0 + $1.excludedForSpecialStation } == done.specialStationInclusions - 1)
            #expect(sizes.contains { $0.additionsFlagged })
            #expect(sizes.reduce(0) { $0 + $1.addedByAbsenteeCertificate } == done.certificatesRedeemed)
            let report = try await store.voterActs.absenteeReport()
            #expect(report.problems.isEmpty)
            #expect(report.commission.issued == done.certificatesIssued && report.commission.void == done.certificatesVoided)
            #expect(report.commission.redeemed == done.certificatesRedeemed)
            #expect(try await store.log.verifyLog().isValid)
        }
    }
}
