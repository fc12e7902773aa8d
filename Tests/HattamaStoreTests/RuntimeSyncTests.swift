import Foundation
import HattamaCore
import HattamaDemo
import HattamaTestSupport
import Testing

@testable import HattamaStore

/// A server and a command-line import share one database: the server's in-memory tabulation must
/// follow what the other process writes, and equal a fresh load.
@Suite struct RuntimeSyncTests {
    @Test(arguments: TestBackend.available)
    func anotherProcessesProtocolsAndTurnoutReachTheServersTabulation(backend: TestBackend) async throws {
        try await withDatabase(backend) { location async throws in
            let server = try await HattamaStore.open(location, logSigner: testLogSigner, logger: quietLogger)
            let importer = try await HattamaStore.open(location, logSigner: testLogSigner, logger: quietLogger)
            do {
                let (_, precincts) = try await prepareElection(server)
                let election = DemoGenerator.electionID
                // The server has built its tabulation before the other process writes.
                try await server.results.submitProtocol(try await signed(server, kzProtocol(precincts[0])), by: .system)
                #expect(try await server.results.results(election: election).summary.progress.received == 1)

                try await importer.results.submitProtocols(
                    try await precincts[1...4].asyncMap { try await signed(importer, kzProtocol($0)) }, by: .system)
                try await importer.results.submitProtocol(
                    try await signed(importer, kzProtocol(precincts[0], nazarbayev: 0.7), reason: .recount), by: .system)
                try await importer.results.reportTurnout(
                    [TurnoutReport(electionID: election, precinctID: precincts[1].id, time: "10:00", voters: 50)], by: .system)

                let followed = try await server.results.results(election: election)
                #expect(followed.summary.progress.received == 5)
                let fresh = try await HattamaStore.open(location, logSigner: testLogSigner, logger: quietLogger)
                let loaded = try await fresh.results.results(election: election)
                let freshTurnout = try await fresh.results.turnout(election: election)
                await fresh.close()
                #expect(followed == loaded, "the followed tabulation equals a fresh load, recount included")
                #expect(try await server.results.turnout(election: election) == freshTurnout)
                #expect(freshTurnout.points.first?.voters == 50)

                // The server's own writes after that continue from there.
                try await server.results.submitProtocol(try await signed(server, kzProtocol(precincts[5])), by: .system)
                #expect(try await server.results.results(election: election).summary.progress.received == 6)
            } catch {
                await importer.close()
                await server.close()
                throw error
            }
            await importer.close()
            await server.close()
        }
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
