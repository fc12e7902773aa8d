import Crypto
import Foundation
import HattamaCore
import HattamaInterchange
import HattamaLedger
import HattamaStore
import Hummingbird
import Mustache

/// One open-data export: summary protocols of a commission level as CSV or JSON (as
/// `hattama export results` writes them), or the precinct-level NIST SP 1500-100 v2 report.
enum OpenDataFile: Hashable, Sendable {
    case results(level: String, json: Bool)
    case nist

    var name: String {
        switch self {
        case .results(let level, let json): "results-\(level).\(json ? "json" : "csv")"
        case .nist: "results-nist.json"
        }
    }

    var contentType: String {
        switch self {
        case .results(_, false): "text/csv; charset=utf-8"
        default: "application/json"
        }
    }

    init?(name: String, profile: LawProfile) {
        if name == "results-nist.json" {
            self = .nist
            return
        }
        guard name.hasPrefix("results-") else { return nil }
        let rest = name.dropFirst("results-".count)
        for (suffix, json) in [(".csv", false), (".json", true)] where rest.hasSuffix(suffix) {
            let level = String(rest.dropLast(suffix.count))
            guard profile.level(level) != nil else { return nil }
            self = .results(level: level, json: json)
            return
        }
        return nil
    }

    /// Every file of an election, top level first, the NIST report last.
    static func all(_ profile: LawProfile) -> [OpenDataFile] {
        profile.commissionLevels.flatMap { [OpenDataFile.results(level: $0.id, json: false), .results(level: $0.id, json: true)] } + [.nist]
    }
}

/// Builds export files; the same content as the CLI's `export results`.
struct OpenDataExporter {
    let structure: StructureStore
    let results: ResultsStore
    let log: LogStore

    func build(_ file: OpenDataFile, election: String) async throws -> Data {
        let profile = try await structure.profile(forElection: election)
        switch file {
        case .nist:
            let electionStructure = try await structure.electionStructure(election: election)
            // Stamped with the newest log entry's time, so that one state of the log always gives
            // the same bytes (and the same SHA-256).
            let size = try await log.logSize()
            let newest = size > 0 ? try await log.logEntries(start: size - 1, end: size).first?.loggedAt : nil
            let generatedAt = newest.flatMap(Self.parseDate) ?? Date(timeIntervalSince1970: 0)
            return try NISTExport.electionReport(
                structure: electionStructure, profile: profile, protocols: try await results.countedProtocols(election: election),
                generatedAt: generatedAt)
        case .results(let level, json: true):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(try await results.summaries(election: election, level: level))
        case .results(let level, json: false):
            let candidates = try await structure.candidates(election: election)
            let summaries = try await results.summaries(election: election, level: level)
            let lineIDs = profile.protocolForm.lines.map(\.id)
            var rows = [
                (["commission_id", "registered_voters", "expected", "received", "accepted", "quarantined"] + lineIDs + candidates.map(\.id))
                    .joined(separator: ",")
            ]
            for s in summaries {
                var fields = [
                    Self.csvField(s.commissionID), "\(s.progress.registeredVoters)", "\(s.progress.expected)", "\(s.progress.received)",
                    "\(s.progress.accepted)", "\(s.progress.quarantined)",
                ]
                fields += lineIDs.map { "\(s.lines[$0] ?? 0)" }
                fields += candidates.map { "\(s.candidateVotes[$0.id] ?? 0)" }
                rows.append(fields.joined(separator: ","))
            }
            return Data((rows.joined(separator: "\n") + "\n").utf8)
        }
    }

    /// RFC 4180 quoting for a field that needs it.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func parseDate(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }
}

/// `/{lang}/open-data` and the files it links to, `/open-data/{election}/{file}`.
struct OpenDataController {
    let pages: PagesStore
    let exporter: OpenDataExporter
    let templates: MustacheLibrary
    let cache: PageCache

    func addRoutes(to router: Router<HattamaRequestContext>) {
        router.get(SiteURL.Route.openDataPage, use: page)
        router.get(SiteURL.Route.openDataFile, use: file)
    }

    /// A file from the cache, built when the log has changed since.
    func entry(_ file: OpenDataFile, election: String, stamp: Int) async throws -> PageCache.Entry {
        let key = SiteURL.openDataFile(election: election, file: file.name).path
        let exporter = self.exporter
        return try await cache.entry(key, stamp: stamp) {
            let data = try await exporter.build(file, election: election)
            return PageCache.Entry(
                stamp: stamp, body: ByteBuffer(bytes: data), contentType: file.contentType, etag: OpenDataExporter.sha256(data))
        }.entry
    }

    @Sendable func file(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let election = try context.parameters.require("election")
        let name = try context.parameters.require("file")
        guard try await exporter.structure.elections().contains(where: { $0.id == election }) else {
            throw HTTPError(.notFound, message: "no election '\(election)'")
        }
        let profile = try await exporter.structure.profile(forElection: election)
        guard let file = OpenDataFile(name: name, profile: profile) else { throw HTTPError(.notFound, message: "no file '\(name)'") }
        let entry = try await entry(file, election: election, stamp: try await cache.stamp(exporter.log))
        let etag = "\"\(entry.etag ?? "")\""
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: [.eTag: etag]) }
        return Response(
            status: .ok,
            headers: [
                .contentType: entry.contentType, .eTag: etag,
                .contentDisposition: "inline; filename=\"\(election)-\(file.name)\"",
            ],
            body: .init(byteBuffer: entry.body))
    }

    @Sendable func page(_ request: Request, context: HattamaRequestContext) async throws -> Response {
        let language = try context.language()
        let stamp = try await cache.stamp(exporter.log)
        let key = SiteURL.openDataPage(language).path
        if let hit = cache.get(key, stamp: stamp) { return WebController.htmlResponse(hit.body, cache: "hit") }
        var sections: [OpenDataPage.Model.ElectionFiles] = []
        // Every election stays downloadable after the next one, the newest listed first.
        for listing in try await pages.openData() {
            let (election, profile) = (listing.election, listing.profile)
            var files: [OpenDataPage.Model.FileRow] = []
            for file in OpenDataFile.all(profile) {
                let entry = try await entry(file, election: election.id, stamp: stamp)
                let description: String
                let format: String
                switch file {
                case .results(let level, let json):
                    description = profile.level(level)?.names[language] ?? level
                    format = json ? "JSON" : "CSV"
                case .nist:
                    description = "\(Strings.nistReport[language]) — \(Strings.nistDescription[language])"
                    format = "NIST JSON"
                }
                files.append(
                    .init(
                        name: file.name, description: description, format: format,
                        href: SiteURL.openDataFile(election: election.id, file: file.name).path,
                        size: language.fileSize(entry.body.readableBytes), sha256: entry.etag ?? ""))
            }
            sections.append(
                .init(
                    id: election.id, name: election.name[language],
                    electionDay: CivilDate(parsing: election.electionDay).map { language.date($0) } ?? election.electionDay,
                    files: files))
        }
        let model = OpenDataPage.Model(
            page: PageChrome(language: language, title: Strings.openData[language], url: .openDataPage(language)),
            elections: sections)
        guard let html = templates.render(model, withTemplate: "open-data") else {
            throw HTTPError(.internalServerError, message: "template 'open-data' is missing")
        }
        let body = ByteBuffer(string: html)
        cache.put(key, .init(stamp: stamp, body: body, contentType: "text/html; charset=utf-8", etag: nil))
        return WebController.htmlResponse(body, cache: "miss")
    }
}
