import ArgumentParser
import Foundation
import HattamaCore
import HattamaInterchange
import HattamaStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export open data.", subcommands: [Results.self])

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Export results: summary protocols per commission of a level (csv, json), or a precinct-level NIST SP 1500-100 v2 report (nist)."
        )
        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, nist }

        @OptionGroup var database: DatabaseOptions
        @Option(help: "csv, json or nist.") var format: Format = .csv
        @Option(help: "Commission level of the profile (csv/json; default: the precinct level).") var level: String?
        @Option(help: "Election id (default: the only election).") var election: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let store = try await reportingErrors { try await database.open() }
            let data: Data
            do {
                data = try await reportingErrors { try await export(from: store) }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: data) else {
                    throw ValidationError("cannot write \(output)")
                }
            } else {
                FileHandle.standardOutput.write(data)
            }
        }

        func export(from store: HattamaStore) async throws -> Data {
            let elections = try await store.structure.elections()
            guard let electionID = election ?? (elections.count == 1 ? elections[0].id : nil) else {
                throw ValidationError("the database holds \(elections.count) elections: name one with --election")
            }
            let profile = try await store.structure.profile(forElection: electionID)
            let candidates = try await store.structure.candidates(election: electionID)
            switch format {
            case .nist:
                let structure = try await store.structure.electionStructure(election: electionID)
                return try NISTExport.electionReport(
                    structure: structure, profile: profile, protocols: try await store.results.countedProtocols(election: electionID),
                    generatedAt: Date())
            case .json:
                let summaries = try await store.results.summaries(election: electionID, level: level ?? profile.precinctLevel.id)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                return try encoder.encode(summaries)
            case .csv:
                let summaries = try await store.results.summaries(election: electionID, level: level ?? profile.precinctLevel.id)
                let lineIDs = profile.protocolForm.lines.map(\.id)
                var rows = [
                    (["commission_id", "registered_voters", "expected", "received", "accepted", "quarantined"] + lineIDs
                        + candidates.map(\.id))
                        .joined(separator: ",")
                ]
                for s in summaries {
                    var fields = [
                        s.commissionID, "\(s.progress.registeredVoters)", "\(s.progress.expected)", "\(s.progress.received)",
                        "\(s.progress.accepted)",
                        "\(s.progress.quarantined)",
                    ]
                    fields += lineIDs.map { "\(s.lines[$0] ?? 0)" }
                    fields += candidates.map { "\(s.candidateVotes[$0.id] ?? 0)" }
                    rows.append(fields.joined(separator: ","))
                }
                return Data((rows.joined(separator: "\n") + "\n").utf8)
            }
        }
    }
}
