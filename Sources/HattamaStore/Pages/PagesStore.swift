import Foundation
import HattamaCore

/// What each public page shows, read in one call.
///
/// The site asks this area once per page, so that what a page reads is written down in one
/// place, and no page loops over the store (one query per page, issue 11). The answers are data,
/// never presentation: the web layer turns them into a page in the visitor's language. The reads
/// go through the other areas' public reads and the in-memory tabulation, never their helpers.
public struct PagesStore: Sendable {
    let context: StoreContext

    private var structure: StructureStore { StructureStore(context: context) }
    private var results: ResultsStore { ResultsStore(context: context) }
    private var log: LogStore { LogStore(context: context) }
    private var commissionWork: CommissionWorkStore { CommissionWorkStore(context: context) }

    /// Every stored election, the latest first, with what a listing of it needs.
    func listings() async throws -> [ElectionListing] {
        var listings: [ElectionListing] = []
        for election in try await context.elections().reversed() {
            listings.append(
                ElectionListing(
                    election: election, rootCommission: try await context.rootCommission(election: election.id),
                    profile: try await context.profile(forElection: election.id)))
        }
        return listings
    }

    /// The home page: every election, and the latest one's top commission, regions, results,
    /// turnout and per-station figures, with the state of the log.
    public func home() async throws -> HomePageData {
        let elections = try await listings()
        var data = HomePageData(elections: elections, parties: try await context.parties(), latest: nil, log: nil)
        // `listings` is latest first only by storage order; the latest election is the law's.
        guard let latest = try await context.latestElection(), let listing = elections.first(where: { $0.election.id == latest.id })
        else { return data }
        let top = try await structure.commission(listing.rootCommission)
        let view = try await results.results(election: latest.id, commission: top.commission.id, children: top.children.map(\.id))
        data.latest = HomePageData.Latest(
            listing: listing, candidates: try await context.candidates(election: latest.id), top: top, results: view,
            turnout: try? await results.turnout(election: latest.id),
            stations: view.summary.progress.received > 0 ? try await results.stationSummaries(election: latest.id) : [])
        data.log = try await logStatus()
        return data
    }

    /// A commission's or polling station's page: its place in the structure and, in its own
    /// election (the latest it serves), its results or its protocol with every version.
    public func commission(_ id: String) async throws -> CommissionPageData {
        let detail = try await structure.commission(id)
        var data = CommissionPageData(detail: detail)
        guard let election = try await structure.election(ofCommission: id) else { return data }
        data.election = election
        data.profile = try await context.profile(forElection: election.id)
        if detail.precinct != nil {
            // No protocol yet is the normal state of a station before the count.
            if let record = try? await results.protocolRecord(election: election.id, precinct: id) {
                data.protocolRecord = record
                data.candidates = try await context.candidates(election: election.id)
                data.leafHashes = try await log.leafHashes(at: record.history.compactMap(\.logIndex))
            }
        } else if let view = try? await results.results(election: election.id, commission: id, children: detail.children.map(\.id)),
            view.summary.progress.received > 0
        {
            data.results = view
            data.stations = try await results.stationSummaries(election: election.id, under: id)
        }
        data.turnout = try? await results.turnout(election: election.id, commission: id)
        return data
    }

    /// The national composition page: the party balance of every commission of the latest
    /// election, with the names its groups need.
    public func nationalComposition() async throws -> NationalCompositionPageData? {
        guard let election = try await context.latestElection() else { return nil }
        let report = try await commissionWork.nationalComposition(election: election.id)
        let profile = try await context.profile(forElection: election.id)
        let levels = Set(profile.commissionLevels.map(\.id))
        let regions = report.byRegion.map(\.group).filter { !levels.contains($0) }
        return NationalCompositionPageData(
            election: election, profile: profile, report: report, parties: try await context.parties(),
            regionNames: try await structure.names(ofCommissions: regions))
    }

    /// One part of a commission at work (composition, sessions, decisions or complaints), in the
    /// election the commission serves. Nil for an unknown commission.
    public func commissionWork(_ commission: String, part: CommissionWorkPageData.Part) async throws -> CommissionWorkPageData? {
        guard let election = try await structure.election(ofCommission: commission) else { return nil }
        let name = try await structure.names(ofCommissions: [commission])[commission] ?? LocalizedText(commission)
        let parties = try await context.parties()
        let content: CommissionWorkPageData.Content
        switch part {
        case .composition:
            content = .composition(
                try await commissionWork.composition(election: election.id, commission: commission),
                history: try await commissionWork.membershipHistory(election: election.id, commission: commission))
        case .sessions:
            content = .sessions(
                try await commissionWork.sessions(election: election.id, commission: commission),
                members: try await commissionWork.commissionMembers(election: election.id, commission: commission))
        case .decisions:
            content = .decisions(
                try await commissionWork.decisions(election: election.id, commission: commission),
                members: try await commissionWork.commissionMembers(election: election.id, commission: commission))
        case .complaints(let state, let overdueOnly, let time):
            content = .complaints(
                try await commissionWork.complaints(
                    election: election.id, filter: ComplaintFilter(venue: commission, state: state, overdueOnly: overdueOnly), at: time),
                statistics: try await commissionWork.complaintStatistics(election: election.id, venue: commission, at: time))
        }
        return CommissionWorkPageData(election: election, name: name, parties: parties, content: content)
    }

    /// The open-data page: every election, the latest first, with the profile that names its files.
    public func openData() async throws -> [ElectionListing] { try await listings() }

    /// How far the log has grown and its newest signed head.
    func logStatus() async throws -> LogStatus {
        let size = try await context.logSize()
        let newest = size > 0 ? try await log.logEntries(start: size - 1, end: size).first : nil
        return LogStatus(size: size, newestEntryAt: newest?.loggedAt, treeHead: try await log.latestTreeHead())
    }
}

/// An election as the site lists it.
public struct ElectionListing: Sendable {
    public var election: Election
    /// The commission at the top of its structure.
    public var rootCommission: String
    /// The profile the election was created with (level names, the files of its open data).
    public var profile: LawProfile
}

/// The state of the transparency log shown on the home page.
public struct LogStatus: Sendable {
    public var size: Int
    /// When the newest entry was logged (ISO 8601); nil for an empty log.
    public var newestEntryAt: String?
    public var treeHead: LogTreeHead?
}

public struct HomePageData: Sendable {
    /// The latest election's figures.
    public struct Latest: Sendable {
        public var listing: ElectionListing
        public var candidates: [Candidate]
        /// Its top commission, with the regions under it.
        public var top: CommissionDetail
        public var results: ResultsView
        /// Nil when the turnout cannot be tabulated.
        public var turnout: TurnoutSummary?
        /// Every station's summary protocol, for the turnout and share histogram; empty until a
        /// protocol is in.
        public var stations: [CommissionSummaryProtocol]
    }

    /// Every election, the latest first.
    public var elections: [ElectionListing]
    public var parties: [Party]
    public var latest: Latest?
    /// Nil when no election is stored.
    public var log: LogStatus?
}

public struct CommissionPageData: Sendable {
    public var detail: CommissionDetail
    /// The election the commission serves (the latest of them); nil when it serves none.
    public var election: Election?
    public var profile: LawProfile?
    /// For a polling station: the election's candidates, when its protocol is in.
    public var candidates: [Candidate] = []
    /// For a polling station: its protocol with every version; nil until one is submitted.
    public var protocolRecord: ProtocolRecord?
    /// The leaf hash of each version's log entry, by log index.
    public var leafHashes: [Int: String] = [:]
    /// Above the stations: the results, once a protocol is in.
    public var results: ResultsView?
    /// Above the stations: the summary protocol of every station it tabulates, once a protocol is in.
    public var stations: [CommissionSummaryProtocol] = []
    public var turnout: TurnoutSummary?

    public init(detail: CommissionDetail) { self.detail = detail }
}

public struct NationalCompositionPageData: Sendable {
    public var election: Election
    public var profile: LawProfile
    public var report: NationalComposition
    public var parties: [Party]
    /// Names of the regions the report groups by (groups that are not a level of the profile).
    public var regionNames: [String: LocalizedText]
}

public struct CommissionWorkPageData: Sendable {
    /// Which part of the commission's work a page shows.
    public enum Part: Sendable {
        case composition, sessions, decisions
        /// The complaints the commission decides: `state` and `overdueOnly` filter, overdue at `time`.
        case complaints(state: ComplaintState?, overdueOnly: Bool, at: CivilDateTime)
    }

    public enum Content: Sendable {
        case composition(CommissionCompositionReport, history: [MembershipHistoryEntry])
        case sessions([StoredSession], members: [StoredMember])
        case decisions([PublishedDecision], members: [StoredMember])
        case complaints([StoredComplaint], statistics: [ComplaintStatistics])
    }

    public var election: Election
    public var name: LocalizedText
    public var parties: [Party]
    public var content: Content
}
