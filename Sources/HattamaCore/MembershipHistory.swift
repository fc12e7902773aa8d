import Foundation

/// One change in who sits on a commission, as data: the web renders it in each language, the
/// public record keeps it as it happened. `description` is the English summary.
public enum MembershipEvent: Codable, Hashable, Sendable, CustomStringConvertible {
    /// A member (or, with a consultative vote, a party representative) appointed; `replaces`
    /// names the member whose seat a replacement fills, `interim` an appointment by an interim
    /// body until the entitled one acts.
    case appointed(
        memberID: String, name: LocalizedText, votingRight: VotingRight, nomination: Nomination, appointedBy: AppointingBody,
        decision: String, replaces: String?, interim: Bool)
    /// A member left before the end of the term, for a recorded reason.
    case left(memberID: String, name: LocalizedText, reason: LeavingReason)
    /// A party's representative the commission refused to register, with its reason.
    case representativeRefused(partyID: String, name: LocalizedText, reason: String, decisionReference: String?)

    /// The appointment of `member`, as the history shows it.
    public static func appointment(of member: CommissionMember) -> MembershipEvent {
        .appointed(
            memberID: member.id, name: member.name, votingRight: member.votingRight, nomination: member.nomination,
            appointedBy: member.appointedBy, decision: member.appointingDecision, replaces: member.replaces, interim: member.interim)
    }

    /// The kind of public act this is.
    public var kind: CommissionAct.Kind {
        switch self {
        case .appointed(_, _, let votingRight, _, _, _, let replaces, _):
            votingRight == .consultative ? .representativeRegistered : replaces == nil ? .memberAppointed : .replacementAppointed
        case .left: .memberLeft
        case .representativeRefused: .representativeRefused
        }
    }

    /// Whom it is about: the member's id, or the party whose representative was refused.
    public var subject: String {
        switch self {
        case .appointed(let memberID, _, _, _, _, _, _, _), .left(let memberID, _, _): memberID
        case .representativeRefused(let partyID, _, _, _): partyID
        }
    }

    public var description: String {
        switch self {
        case .appointed(_, let name, _, let nomination, let appointedBy, let decision, let replaces, let interim):
            let term = replaces.map { interim ? " in the interim for \($0)" : " for the rest of the term of \($0)" } ?? ""
            return "\(name.en) (\(nomination)) appointed by \(appointedBy.id) (\(decision))\(term)"
        case .left(_, let name, let reason):
            let detail = reason.detail.isEmpty ? "" : ": \(reason.detail)"
            return "\(name.en) left (\(reason.kind.rawValue)\(detail))"
        case .representativeRefused(let partyID, let name, let reason, _):
            return "representative \(name.en) of \(partyID) refused: \(reason)"
        }
    }
}

/// One line of a commission's membership history: the event, its day and what the caller keeps
/// about the act that recorded it (for the store: the transparency-log index).
public struct MembershipHistoryLine<Reference> {
    public var date: CivilDate
    public var event: MembershipEvent
    public var reference: Reference

    public init(date: CivilDate, event: MembershipEvent, reference: Reference) {
        self.date = date
        self.event = event
        self.reference = reference
    }
}

extension MembershipHistoryLine: Equatable where Reference: Equatable {}
extension MembershipHistoryLine: Hashable where Reference: Hashable {}
extension MembershipHistoryLine: Sendable where Reference: Sendable {}
extension MembershipHistoryLine: Encodable where Reference: Encodable {}
extension MembershipHistoryLine: Decodable where Reference: Decodable {}

/// A commission's public membership history: appointments, departures and refused
/// representatives, by date.
public enum MembershipHistory {
    /// The history of `members` (every member and representative ever on the commission, in the
    /// order they were recorded) and `refusals` (in the order recorded). Each member gives its
    /// appointment on the first day of its term, then its departure on the day it left; refusals
    /// come on their day. Lines are sorted by date; on one day they keep that order: members
    /// first, each appointment before its departure, then the refusals.
    ///
    /// `appointment` and `departure` travel with a member's two lines, `reference` with a refusal's.
    public static func build<Reference>(
        members: [(member: CommissionMember, appointment: Reference, departure: Reference)],
        refusals: [(refusal: RepresentativeRefusal, reference: Reference)]
    ) -> [MembershipHistoryLine<Reference>] {
        var lines: [MembershipHistoryLine<Reference>] = []
        lines.reserveCapacity(members.count * 2 + refusals.count)
        for (member, appointment, departure) in members {
            lines.append(MembershipHistoryLine(date: member.termStart, event: .appointment(of: member), reference: appointment))
            if case .left(let day, let reason) = member.status {
                lines.append(
                    MembershipHistoryLine(
                        date: day, event: .left(memberID: member.id, name: member.name, reason: reason), reference: departure))
            }
        }
        for (refusal, reference) in refusals {
            lines.append(
                MembershipHistoryLine(
                    date: refusal.date,
                    event: .representativeRefused(
                        partyID: refusal.partyID, name: refusal.personName, reason: refusal.reason,
                        decisionReference: refusal.decisionReference),
                    reference: reference))
        }
        // Stable: `sorted` alone does not promise to keep the order of equal days.
        return lines.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// The history with each line's reference the position of its member in `members` or of
    /// its refusal in `refusals`.
    public static func build(members: [CommissionMember], refusals: [RepresentativeRefusal]) -> [MembershipHistoryLine<Int>] {
        build(
            members: members.enumerated().map { ($0.element, $0.offset, $0.offset) },
            refusals: refusals.enumerated().map { ($0.element, $0.offset) })
    }
}
