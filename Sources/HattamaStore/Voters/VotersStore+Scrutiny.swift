import Foundation
import HattamaCore
import SQLKit

/// The public-scrutiny dates of an election's lists, from its law profile and election day.
public struct VoterListCalendar: Codable, Equatable, Sendable {
    public var electionID: String
    public var electionDay: CivilDate
    /// Ordinary stations' lists are open for scrutiny from this day.
    public var displayFrom: CivilDate
    /// Special stations' lists from this day.
    public var specialDisplayFrom: CivilDate
    /// The last day inclusion and correction requests are taken.
    public var requestsUntil: CivilDate
    /// Election-day additions above this share of a list are flagged (percent).
    public var electionDayAdditionAlertPercent: Double
}

/// What the public lookup may say about an IIN: the station, nothing else.
public enum PublicLookupAnswer: Hashable, Sendable {
    case station(PollingStationLookup)
    /// Valid IIN, on no list.
    case notListed
    /// Asked before the list is open for public scrutiny; nothing about the IIN was read.
    case listsNotOpen(opensOn: CivilDate)
}

extension VotersStore {
    public func voterListCalendar(election: String? = nil) async throws -> VoterListCalendar {
        Self.listCalendar(try await voterContext(election))
    }

    static func listCalendar(_ context: VoterContext) -> VoterListCalendar {
        let profile = context.profile
        let day = context.electionDay
        return VoterListCalendar(
            electionID: context.electionID, electionDay: day,
            displayFrom: profile.listDisplayDate(stationKind: PrecinctKind.ordinaryID, electionDay: day),
            specialDisplayFrom: day.adding(days: -profile.calendar.specialListDisplayDaysBefore),
            requestsUntil: profile.listRequestsLastDay(electionDay: day),
            electionDayAdditionAlertPercent: profile.calendar.electionDayAdditionAlertPercent)
    }

    /// The voter self-service lookup as the public gets it: only from the display date of the
    /// station's list (ordinary and special stations differ), the station's number and address
    /// only. Before any list is open nothing is read, so a refusal says nothing about the IIN.
    /// An IIN that cannot exist is refused (`invalid`) whatever the date: that is about the input.
    public func publicLookup(iin text: String, election: String? = nil, at time: CivilDateTime) async throws -> PublicLookupAnswer {
        let iin = try Self.parseIIN(text)
        let context = try await voterContext(election)
        let calendar = Self.listCalendar(context)
        if time.date < min(calendar.displayFrom, calendar.specialDisplayFrom) { return .listsNotOpen(opensOn: calendar.displayFrom) }
        guard let (station, kind) = try await self.context.backend.withDatabase({ try await Self.pollingStation($0, iin) }) else {
            return .notListed
        }
        let opens = context.profile.listDisplayDate(stationKind: kind, electionDay: context.electionDay)
        return time.date < opens ? .listsNotOpen(opensOn: opens) : .station(station)
    }

}
