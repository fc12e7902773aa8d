import ArgumentParser
import Foundation
import HattamaCore
import HattamaDemo
import HattamaInterchange
import HattamaStore
import ZIPFoundation

/// Builds a whole election — structure and protocols — from a published polling-station table in
/// the layout of the Russian CEC's data (region, territorial commission, precinct, the protocol's
/// lines, one column per candidate). Column names come from the law profile only.
struct ImportElection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "election",
        abstract: "Import an election's structure and precinct protocols from a CEC results table (CSV or a zip holding one).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Law profile id or file (e.g. ru-2012).") var profile: String
    @Option(help: "The CSV file, or a .zip holding exactly one .csv.") var izbirkomCsv: String
    @Option(help: "Election id (default: <profile>-election).") var election: String?
    @Option(help: "Election name (all three languages).") var name: String?
    @Option(help: "Election day YYYY-MM-DD.") var day: String?
    @Option(help: "Seed of the demo keys the transcriptions are signed with.") var seed: UInt64 = DemoGenerator.defaultSeed

    func run() async throws {
        let started = ContinuousClock.now
        let lawProfile = try reportingProfileErrors { try LawProfile.named(profile) }
        let csv = try Self.readCSV(izbirkomCsv)
        let electionID = election ?? "\(lawProfile.id)-election"
        let importer = IzbirkomImport(
            profile: lawProfile, electionID: electionID, electionName: LocalizedText(name ?? lawProfile.name.en),
            electionDay: day ?? Self.defaultDay(for: lawProfile))
        let progress = ProgressLine(total: max(csv.count, 1), label: "reading")
        let result: IzbirkomImportResult
        do {
            result = try importer.run(csv: csv) { _, bytes in progress.set(bytes) }
        } catch {
            throw Failure(message: "\(izbirkomCsv): \(error.description)")
        }
        progress.finish()
        say(result.summary.description)

        let store = try await reportingErrors { try await database.open(signing: true) }
        do {
            try await reportingErrors {
                try await store.structure.importStructure(result.structure, profile: lawProfile, by: .commandLine())
            }
            // Published tables carry no commission signatures: each transcription is signed with
            // the precinct's demo key (derived from the seed, kept nowhere), whose public half is
            // registered for it, and says so.
            let keys = DemoKeys(seed: seed)
            try await reportingErrors { try await keys.registerMissing(in: store, by: .commandLine()) }
            let submissions = try result.protocols.map { try keys.submission($0) }
            let stored = try await reportingErrors { try await store.results.submitProtocols(submissions, by: .commandLine()) }
            let results = try await store.results.results(election: electionID)
            await store.close()
            say(
                "stored \(stored.count) protocols for \(result.structure.precincts.count) stations; "
                    + "counted \(results.summary.progress.accepted), quarantined \(results.summary.progress.quarantined); "
                    + "registered voters \(results.summary.progress.registeredVoters) "
                    + "(\((ContinuousClock.now - started).formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))))")
        } catch {
            await store.close()
            throw error
        }
    }

    static func defaultDay(for profile: LawProfile) -> String {
        // The year in the profile id (ru-2012) with 1 January when no day is given.
        let year = profile.id.split(separator: "-").last.flatMap { Int($0) } ?? 2000
        return String(format: "%04d-01-01", year)
    }

    static func readCSV(_ path: String) throws -> Data {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path) does not exist") }
        guard path.lowercased().hasSuffix(".zip") else {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return data
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure(message: "\(path): not a readable zip archive (\(error))")
        }
        let csvEntries = archive.filter { $0.type == .file && $0.path.lowercased().hasSuffix(".csv") }
        guard csvEntries.count == 1, let entry = csvEntries.first else {
            throw Failure(message: "\(path): expected exactly one .csv inside, found \(csvEntries.count)")
        }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(chunk) }
        } catch {
            throw Failure(message: "\(path): cannot extract \(entry.path) (\(error))")
        }
        return data
    }
}

func reportingProfileErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as LawProfileError {
        throw Failure(message: error.description)
    }
}
