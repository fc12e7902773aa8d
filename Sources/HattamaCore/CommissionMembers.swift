import Foundation

/// Office a member holds within the commission; the first session elects the chair, deputy chair
/// and secretary from among the members.
public enum MemberPosition: String, Codable, CaseIterable, Sendable {
    case chair
    case deputyChair = "deputy-chair"
    case secretary
    case member
}

/// Whether a member decides, or is a party representative with a consultative vote: present at
/// sessions, with the same access to documents, but never counted for quorum or majority.
public enum VotingRight: String, Codable, CaseIterable, Sendable {
    case deciding
    case consultative
}

/// Who proposed a member: a political party (by party id) or another body, such as a public
/// association, a higher commission or a meeting of voters.
public struct Nomination: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, Comparable {
        case party
        case body

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    public static func party(_ id: String) -> Nomination { Nomination(kind: .party, id: id) }
    public static func body(_ id: String) -> Nomination { Nomination(kind: .body, id: id) }

    public var description: String { "\(kind.rawValue):\(id)" }

    public static func < (lhs: Nomination, rhs: Nomination) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
}

/// A body that appoints members. `kind` is what the law profile names (`formedBy`,
/// `substitutions[].appointingBodies`, `interimBodies`: "district-maslikhat", "district-commission",
/// "president", …); `id` names the particular body (the Esil district maslikhat of Astana, a
/// commission's id) for the public record.
public struct AppointingBody: Codable, Hashable, Sendable {
    public var kind: String
    public var id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// Why a member left the commission before the end of the term.
public struct LeavingReason: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case resignation
        /// Declared not to be available on election day: the usual reason ODIHR saw in 2011.
        case unavailable
        case incompatibleOffice = "incompatible-office"
        case conviction
        case incapacity
        case death
        /// Recalled by the body that formed the commission.
        case recalled
        /// An interim appointee whose seat the entitled body has now filled.
        case supersededByEntitledBody = "superseded-by-entitled-body"
        case other
    }

    public var kind: Kind
    /// Free text; required when `kind` is `other`.
    public var detail: String

    public init(_ kind: Kind, detail: String = "") {
        self.kind = kind
        self.detail = detail
    }
}

/// Whether a member is still in office, or left on a day for a recorded reason.
public enum MemberStatus: Codable, Hashable, Sendable {
    case active
    case left(on: CivilDate, reason: LeavingReason)
}

/// A member of an election commission: voting member or consultative party representative.
public struct CommissionMember: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var commissionID: String
    public var name: LocalizedText
    public var position: MemberPosition
    public var votingRight: VotingRight
    public var nomination: Nomination
    /// The body that appointed the member (for a party representative: the party that sent them).
    public var appointedBy: AppointingBody
    /// Reference of the appointing act, e.g. "Esil district maslikhat decision No. 31/4 of 10.02.2011".
    public var appointingDecision: String
    public var termStart: CivilDate
    public var termEnd: CivilDate
    public var status: MemberStatus
    /// The member whose seat this one filled, for a replacement.
    public var replaces: String?
    /// Appointed by an interim body until the entitled body acts.
    public var interim: Bool

    public init(
        id: String, commissionID: String, name: LocalizedText, position: MemberPosition = .member, votingRight: VotingRight = .deciding,
        nomination: Nomination, appointedBy: AppointingBody, appointingDecision: String, termStart: CivilDate, termEnd: CivilDate,
        status: MemberStatus = .active, replaces: String? = nil, interim: Bool = false
    ) {
        self.id = id
        self.commissionID = commissionID
        self.name = name
        self.position = position
        self.votingRight = votingRight
        self.nomination = nomination
        self.appointedBy = appointedBy
        self.appointingDecision = appointingDecision
        self.termStart = termStart
        self.termEnd = termEnd
        self.status = status
        self.replaces = replaces
        self.interim = interim
    }

    /// In office on `date`: within the term and not yet left (a member who leaves on a day no
    /// longer sits that day).
    public func isInOffice(on date: CivilDate) -> Bool {
        guard termStart <= date, date <= termEnd else { return false }
        if case .left(let leftOn, _) = status { return date < leftOn }
        return true
    }

    public var leftOn: CivilDate? {
        if case .left(let day, _) = status { return day }
        return nil
    }
}

/// A party's request for a consultative representative that the commission refused, kept with
/// its reason (ODIHR 2011: the CEC refused the OSDP's representative on a prosecutor's opinion).
public struct RepresentativeRefusal: Codable, Hashable, Sendable {
    public var commissionID: String
    public var partyID: String
    public var personName: LocalizedText
    public var date: CivilDate
    public var reason: String
    /// Reference of the commission's refusing decision, when there was one.
    public var decisionReference: String?

    public init(
        commissionID: String, partyID: String, personName: LocalizedText, date: CivilDate, reason: String, decisionReference: String? = nil
    ) {
        self.commissionID = commissionID
        self.partyID = partyID
        self.personName = personName
        self.date = date
        self.reason = reason
        self.decisionReference = decisionReference
    }
}

/// A member leaves with a reason and a replacement is appointed for the rest of the term.
public struct Substitution: Codable, Hashable, Sendable {
    public var leavingMemberID: String
    public var leftOn: CivilDate
    public var reason: LeavingReason
    /// The new member; `replaces`, `interim` and `termEnd` are set from the vacancy.
    public var replacement: CommissionMember

    public init(leavingMemberID: String, leftOn: CivilDate, reason: LeavingReason, replacement: CommissionMember) {
        self.leavingMemberID = leavingMemberID
        self.leftOn = leftOn
        self.reason = reason
        self.replacement = replacement
    }
}

/// Membership rules that the law profile does not (yet) carry; proposed profile keys in brackets.
public struct MembershipRules: Codable, Hashable, Sendable {
    /// Most voting members one party may nominate to one commission (Kazakhstan Art. 10: one).
    /// [commissionMembership.nomineesPerParty]
    public var nomineesPerParty: Int?
    /// A party may send a consultative representative only where it has no voting member
    /// (Kazakhstan Art. 20 §6). [commissionMembership.representativeOnlyWithoutMember]
    public var representativeOnlyWithoutMember: Bool

    public init(nomineesPerParty: Int? = nil, representativeOnlyWithoutMember: Bool = false) {
        self.nomineesPerParty = nomineesPerParty
        self.representativeOnlyWithoutMember = representativeOnlyWithoutMember
    }
}

/// How a body may fill a vacancy under a substitution rule.
public enum AppointingAuthority: String, Codable, Sendable {
    /// One of the bodies the law entitles to appoint.
    case entitled
    /// May fill an open vacancy until an entitled body acts.
    case interim
}

extension LawProfile.SubstitutionRule {
    /// What the rule lets a body of `kind` do, or nil if it may not appoint at all.
    public func authority(of kind: String) -> AppointingAuthority? {
        if appointingBodies.contains(kind) { return .entitled }
        if interimBodies.contains(kind) { return .interim }
        return nil
    }

    /// The rule in words, for refusals: level, entitled and interim bodies, article.
    public var statement: String {
        var text = "members of \(level)-level commissions are appointed by \(appointingBodies.joined(separator: " or "))"
        if !interimBodies.isEmpty {
            text += "; \(interimBodies.joined(separator: " or ")) may fill a vacancy only while it is open and no entitled body has acted"
        }
        return text + " (\(article))"
    }
}

/// Why a membership act was refused: a stable code, the field, an English message naming the
/// rule, and the substitution rule itself when one was broken.
public struct CommissionMemberError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Codable, CaseIterable, Sendable {
        case invalidText = "invalid-text"
        case invalidID = "invalid-id"
        case unknownLevel = "unknown-level"
        case wrongCommission = "wrong-commission"
        case duplicateMember = "duplicate-member"
        case unknownMember = "unknown-member"
        case termOutOfOrder = "term-out-of-order"
        case commissionFull = "commission-full"
        case positionTaken = "position-taken"
        case nomineeLimit = "nominee-limit"
        case unentitledAppointingBody = "unentitled-appointing-body"
        case noSubstitutionRule = "no-substitution-rule"
        case notInOffice = "not-in-office"
        case vacancyNotOpen = "vacancy-not-open"
        case notRestOfTerm = "not-rest-of-term"
        case beforeVacancy = "before-vacancy"
        case representativeNotAllowed = "representative-not-allowed"
        case missingReason = "missing-reason"
    }

    public let code: Code
    public let field: String
    public let message: String
    /// The substitution rule that was broken, for `unentitledAppointingBody`.
    public let rule: LawProfile.SubstitutionRule?

    public init(code: Code, field: String, message: String, rule: LawProfile.SubstitutionRule? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.rule = rule
    }

    public var description: String { "\(code.rawValue) (\(field)): \(message)" }
}

/// One public act of a commission or about one, in the shape the transparency log will take:
/// every membership change, session, decision and complaint step yields exactly one of these,
/// so that there is a single place where acts are recorded.
public struct CommissionAct: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case memberAppointed = "member-appointed"
        case memberLeft = "member-left"
        case replacementAppointed = "replacement-appointed"
        case representativeRegistered = "representative-registered"
        case representativeRefused = "representative-refused"
        case decisionPublished = "decision-published"
        case complaintReceived = "complaint-received"
        case complaintRegistered = "complaint-registered"
        case complaintScheduled = "complaint-scheduled"
        case complaintDecided = "complaint-decided"
        case complaintPublished = "complaint-published"
        case complaintAppealed = "complaint-appealed"
    }

    public var kind: Kind
    /// The commission the act belongs to (for a complaint, the deciding commission, or the court).
    public var commissionID: String
    /// Id of the member, decision or complaint the act is about.
    public var subject: String
    public var date: CivilDate
    /// Time of day, when the act has one.
    public var time: CivilDateTime?
    public var summary: String

    public init(kind: Kind, commissionID: String, subject: String, date: CivilDate, time: CivilDateTime? = nil, summary: String) {
        self.kind = kind
        self.commissionID = commissionID
        self.subject = subject
        self.date = date
        self.time = time
        self.summary = summary
    }

    public init(kind: Kind, commissionID: String, subject: String, at time: CivilDateTime, summary: String) {
        self.init(kind: kind, commissionID: commissionID, subject: subject, date: time.date, time: time, summary: summary)
    }
}

/// Who sits on a commission on one day.
public struct Composition: Codable, Hashable, Sendable {
    public var commissionID: String
    public var level: String
    public var date: CivilDate
    public var statutoryMembers: Int
    /// Members with a deciding vote in office that day.
    public var votingMembers: [CommissionMember]
    /// Party representatives with a consultative vote in office that day.
    public var consultativeMembers: [CommissionMember]

    public init(
        commissionID: String, level: String, date: CivilDate, statutoryMembers: Int, votingMembers: [CommissionMember],
        consultativeMembers: [CommissionMember] = []
    ) {
        self.commissionID = commissionID
        self.level = level
        self.date = date
        self.statutoryMembers = statutoryMembers
        self.votingMembers = votingMembers
        self.consultativeMembers = consultativeMembers
    }

    /// Statutory seats without a voting member: they count against every quorum and majority.
    public var vacancies: Int { max(0, statutoryMembers - votingMembers.count) }

    public func member(_ id: String) -> CommissionMember? {
        votingMembers.first { $0.id == id } ?? consultativeMembers.first { $0.id == id }
    }

    public func holder(of position: MemberPosition) -> CommissionMember? {
        position == .member ? nil : votingMembers.first { $0.position == position }
    }
}

/// The membership of one commission with its full public history: appointments, departures,
/// substitutions and party representatives (registered or refused). Every act is validated
/// against the law profile and either applied with its `CommissionAct` or refused with the roll
/// unchanged.
public struct CommissionRoll: Codable, Hashable, Sendable {
    public let commission: Commission
    public let level: CommissionLevel
    /// The profile's rule for this level; nil when the profile has none (substitutions refused).
    public let substitutionRule: LawProfile.SubstitutionRule?
    public let rules: MembershipRules
    /// Every member ever appointed or registered, in the order of the acts.
    public private(set) var members: [CommissionMember] = []
    public private(set) var refusals: [RepresentativeRefusal] = []
    public private(set) var history: [CommissionAct] = []

    public init(commission: Commission, profile: LawProfile, rules: MembershipRules = MembershipRules()) throws(CommissionMemberError) {
        guard let level = profile.level(commission.level) else {
            throw CommissionMemberError(
                code: .unknownLevel, field: "commission.level",
                message: "level '\(commission.level)' of commission '\(commission.id)' is not in profile \(profile.id)")
        }
        self.commission = commission
        self.level = level
        substitutionRule = profile.substitutions.first { $0.level == commission.level }
        self.rules = rules
    }

    /// A roll rebuilt from stored members and refusals (in the order of their acts), which were
    /// checked when they were recorded; `history` starts empty.
    public init(
        restoring commission: Commission, profile: LawProfile, rules: MembershipRules = MembershipRules(), members: [CommissionMember],
        refusals: [RepresentativeRefusal]
    ) throws(CommissionMemberError) {
        try self.init(commission: commission, profile: profile, rules: rules)
        self.members = members
        self.refusals = refusals
    }

    public func member(_ id: String) -> CommissionMember? { members.first { $0.id == id } }

    public func composition(on date: CivilDate) -> Composition {
        let sitting = members.filter { $0.isInOffice(on: date) }
        return Composition(
            commissionID: commission.id, level: commission.level, date: date, statutoryMembers: level.statutoryMembers,
            votingMembers: sitting.filter { $0.votingRight == .deciding },
            consultativeMembers: sitting.filter { $0.votingRight == .consultative })
    }

    // MARK: Acts

    /// Appoints a voting member when the commission is formed: the appointing body must be the
    /// level's `formedBy` or one of the substitution rule's entitled bodies.
    @discardableResult
    public mutating func appoint(_ member: CommissionMember) throws(CommissionMemberError) -> CommissionAct {
        try checkNewMember(member, field: "member")
        guard member.votingRight == .deciding else {
            throw CommissionMemberError(
                code: .representativeNotAllowed, field: "member.votingRight",
                message: "party representatives are registered with registerRepresentative, not appointed")
        }
        guard member.replaces == nil, !member.interim else {
            throw CommissionMemberError(
                code: .vacancyNotOpen, field: "member.replaces", message: "replacements are appointed with fillVacancy or substitute")
        }
        let kind = member.appointedBy.kind
        guard kind == level.formedBy || substitutionRule?.authority(of: kind) == .entitled else {
            var entitled = [level.formedBy]
            for body in substitutionRule?.appointingBodies ?? [] where !entitled.contains(body) { entitled.append(body) }
            throw CommissionMemberError(
                code: .unentitledAppointingBody, field: "member.appointedBy",
                message: "'\(member.appointedBy.id)' (\(kind)) may not appoint members of \(level.id)-level commission '\(commission.id)': "
                    + "it is formed by \(entitled.joined(separator: " or "))" + (substitutionRule.map { " (\($0.article))" } ?? ""),
                rule: substitutionRule)
        }
        try checkSeat(for: member, field: "member")
        members.append(member)
        return record(
            .memberAppointed, member.id, member.termStart,
            "\(member.name.en) appointed by \(member.appointedBy.id) (\(member.appointingDecision))")
    }

    /// Records that a member left on `date` for `reason`; the seat stays vacant until filled.
    @discardableResult
    public mutating func recordDeparture(of memberID: String, on date: CivilDate, reason: LeavingReason) throws(CommissionMemberError)
        -> CommissionAct
    {
        guard let index = members.firstIndex(where: { $0.id == memberID }) else {
            throw CommissionMemberError(
                code: .unknownMember, field: "memberID", message: "'\(memberID)' is not a member of commission '\(commission.id)'")
        }
        guard members[index].isInOffice(on: date) else {
            throw CommissionMemberError(
                code: .notInOffice, field: "date", message: "member '\(memberID)' is not in office on \(date) and cannot leave that day")
        }
        try Self.checkReason(reason, field: "reason")
        members[index].status = .left(on: date, reason: reason)
        let detail = reason.detail.isEmpty ? "" : ": \(reason.detail)"
        return record(.memberLeft, memberID, date, "\(members[index].name.en) left (\(reason.kind.rawValue)\(detail))")
    }

    /// Appoints a replacement for the rest of the term of `vacancyOf`, who must have left. An
    /// entitled body may always fill an open vacancy, and replaces an interim appointee; an
    /// interim body only while the vacancy is open and no entitled body has acted. Any other body
    /// is refused with the rule named.
    @discardableResult
    public mutating func fillVacancy(of vacancyOf: String, with replacement: CommissionMember) throws(CommissionMemberError)
        -> CommissionAct
    {
        var copy = self
        let act = try copy.applyFill(of: vacancyOf, with: replacement)
        self = copy
        return act
    }

    /// A departure and the replacement's appointment as one act: both or neither.
    @discardableResult
    public mutating func substitute(_ substitution: Substitution) throws(CommissionMemberError) -> [CommissionAct] {
        var copy = self
        let left = try copy.recordDeparture(of: substitution.leavingMemberID, on: substitution.leftOn, reason: substitution.reason)
        let filled = try copy.applyFill(of: substitution.leavingMemberID, with: substitution.replacement)
        self = copy
        return [left, filled]
    }

    /// Registers a party representative with a consultative vote.
    @discardableResult
    public mutating func registerRepresentative(_ member: CommissionMember) throws(CommissionMemberError) -> CommissionAct {
        try checkNewMember(member, field: "representative")
        guard member.votingRight == .consultative, member.nomination.kind == .party, member.position == .member,
            member.replaces == nil, !member.interim
        else {
            throw CommissionMemberError(
                code: .representativeNotAllowed, field: "representative",
                message: "a representative has a consultative vote, is sent by a party and holds no office in the commission")
        }
        let party = member.nomination.id
        let sitting = composition(on: member.termStart)
        let overlapping = members.contains {
            $0.votingRight == .consultative && $0.nomination == member.nomination && $0.termStart <= member.termEnd
                && member.termStart <= ($0.leftOn.map { $0.adding(days: -1) } ?? $0.termEnd)
        }
        if overlapping {
            throw CommissionMemberError(
                code: .representativeNotAllowed, field: "representative.nomination",
                message: "party '\(party)' already has a representative on commission '\(commission.id)'")
        }
        if rules.representativeOnlyWithoutMember, sitting.votingMembers.contains(where: { $0.nomination == member.nomination }) {
            throw CommissionMemberError(
                code: .representativeNotAllowed, field: "representative.nomination",
                message: "party '\(party)' has a voting member on commission '\(commission.id)' and so no representative")
        }
        members.append(member)
        return record(.representativeRegistered, member.id, member.termStart, "representative of \(party) \(member.name.en) registered")
    }

    /// Records a refusal to register a party representative; the reason is required.
    @discardableResult
    public mutating func refuseRepresentative(_ refusal: RepresentativeRefusal) throws(CommissionMemberError) -> CommissionAct {
        guard refusal.commissionID == commission.id else {
            throw CommissionMemberError(
                code: .wrongCommission, field: "refusal.commissionID",
                message: "refusal is for commission '\(refusal.commissionID)', not '\(commission.id)'")
        }
        try Self.checkID(refusal.partyID, field: "refusal.partyID")
        try Self.checkText(refusal.personName, field: "refusal.personName")
        guard !refusal.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommissionMemberError(code: .missingReason, field: "refusal.reason", message: "a refusal must state its reason")
        }
        try Self.checkPlainText(refusal.reason, field: "refusal.reason")
        refusals.append(refusal)
        return record(
            .representativeRefused, refusal.partyID, refusal.date, "representative of \(refusal.partyID) refused: \(refusal.reason)")
    }

    // MARK: Validation

    private mutating func applyFill(of vacancyOf: String, with proposed: CommissionMember) throws(CommissionMemberError) -> CommissionAct {
        guard let departed = member(vacancyOf) else {
            throw CommissionMemberError(
                code: .unknownMember, field: "vacancyOf", message: "'\(vacancyOf)' is not a member of commission '\(commission.id)'")
        }
        guard let rule = substitutionRule else {
            throw CommissionMemberError(
                code: .noSubstitutionRule, field: "vacancyOf",
                message: "the law profile has no substitution rule for \(level.id)-level commissions")
        }
        guard let leftOn = departed.leftOn, departed.votingRight == .deciding else {
            throw CommissionMemberError(
                code: .vacancyNotOpen, field: "vacancyOf",
                message: "'\(vacancyOf)' has not left a voting seat of commission '\(commission.id)'")
        }
        var replacement = proposed
        replacement.replaces = vacancyOf
        let body = replacement.appointedBy
        guard let authority = rule.authority(of: body.kind) else {
            throw CommissionMemberError(
                code: .unentitledAppointingBody, field: "replacement.appointedBy",
                message: "'\(body.id)' (\(body.kind)) may not appoint members of \(level.id)-level commission '\(commission.id)': "
                    + rule.statement,
                rule: rule)
        }
        // The seat is held by whoever last filled this vacancy, while in office; once that
        // member has left too, the vacancy is theirs.
        let fills = members.indices.filter { members[$0].replaces == vacancyOf }
        let entitledActed = fills.contains { !members[$0].interim }
        var holderIndex: Int?
        if let last = fills.last {
            guard members[last].isInOffice(on: replacement.termStart) else {
                throw CommissionMemberError(
                    code: .vacancyNotOpen, field: "vacancyOf",
                    message: "the seat of '\(vacancyOf)' passed to '\(members[last].id)'; a vacancy they leave is filled as theirs")
            }
            holderIndex = last
        }
        switch authority {
        case .entitled:
            if let holderIndex, !members[holderIndex].interim {
                throw CommissionMemberError(
                    code: .vacancyNotOpen, field: "vacancyOf",
                    message: "the seat of '\(vacancyOf)' is already filled by '\(members[holderIndex].id)'")
            }
        case .interim:
            if holderIndex != nil || entitledActed {
                throw CommissionMemberError(
                    code: .unentitledAppointingBody, field: "replacement.appointedBy",
                    message: "'\(body.id)' (\(body.kind)) may no longer fill the seat of '\(vacancyOf)' on commission '\(commission.id)': "
                        + (entitledActed ? "an entitled body has acted" : "the vacancy is already filled") + "; " + rule.statement,
                    rule: rule)
            }
        }
        replacement.interim = authority == .interim
        try checkNewMember(replacement, field: "replacement")
        guard replacement.votingRight == .deciding else {
            throw CommissionMemberError(
                code: .representativeNotAllowed, field: "replacement.votingRight", message: "a voting seat is filled by a voting member")
        }
        guard replacement.termStart >= leftOn else {
            throw CommissionMemberError(
                code: .beforeVacancy, field: "replacement.termStart",
                message: "the replacement starts on \(replacement.termStart), before '\(vacancyOf)' left on \(leftOn)")
        }
        guard replacement.termEnd == departed.termEnd else {
            throw CommissionMemberError(
                code: .notRestOfTerm, field: "replacement.termEnd",
                message: "a replacement serves the rest of the term, until \(departed.termEnd), not until \(replacement.termEnd)")
        }
        var superseded: CommissionMember?
        if let holderIndex {
            // An entitled body fills a seat held in the interim: the interim member leaves that day.
            superseded = members[holderIndex]
            members[holderIndex].status = .left(on: replacement.termStart, reason: LeavingReason(.supersededByEntitledBody))
        }
        do {
            try checkSeat(for: replacement, field: "replacement")
        } catch {
            if let holderIndex, let superseded { members[holderIndex] = superseded }
            throw error
        }
        members.append(replacement)
        if let superseded {
            record(.memberLeft, superseded.id, replacement.termStart, "\(superseded.name.en) left (superseded-by-entitled-body)")
        }
        let how = replacement.interim ? "in the interim " : ""
        return record(
            .replacementAppointed, replacement.id, replacement.termStart,
            "\(replacement.name.en) appointed \(how)by \(body.id) (\(replacement.appointingDecision)) for the rest of the term of \(vacancyOf)"
        )
    }

    private func checkNewMember(_ member: CommissionMember, field: String) throws(CommissionMemberError) {
        try Self.checkID(member.id, field: "\(field).id")
        guard member.commissionID == commission.id else {
            throw CommissionMemberError(
                code: .wrongCommission, field: "\(field).commissionID",
                message: "'\(member.id)' is for commission '\(member.commissionID)', not '\(commission.id)'")
        }
        guard self.member(member.id) == nil else {
            throw CommissionMemberError(
                code: .duplicateMember, field: "\(field).id", message: "'\(member.id)' is already on the roll of '\(commission.id)'")
        }
        try Self.checkText(member.name, field: "\(field).name")
        try Self.checkID(member.nomination.id, field: "\(field).nomination.id")
        try Self.checkID(member.appointedBy.kind, field: "\(field).appointedBy.kind")
        try Self.checkID(member.appointedBy.id, field: "\(field).appointedBy.id")
        try Self.checkPlainText(member.appointingDecision, field: "\(field).appointingDecision")
        guard member.termStart <= member.termEnd else {
            throw CommissionMemberError(
                code: .termOutOfOrder, field: "\(field).termEnd",
                message: "term ends \(member.termEnd), before it starts \(member.termStart)")
        }
        guard member.status == .active else {
            throw CommissionMemberError(code: .notInOffice, field: "\(field).status", message: "a new member starts in office")
        }
    }

    /// A voting seat must be free on the first day, the office not held, the party's quota not used.
    private func checkSeat(for member: CommissionMember, field: String) throws(CommissionMemberError) {
        let sitting = composition(on: member.termStart)
        guard sitting.votingMembers.count < level.statutoryMembers else {
            throw CommissionMemberError(
                code: .commissionFull, field: field,
                message: "commission '\(commission.id)' already has its \(level.statutoryMembers) statutory members on \(member.termStart)")
        }
        if let holder = sitting.holder(of: member.position) {
            throw CommissionMemberError(
                code: .positionTaken, field: "\(field).position",
                message: "'\(holder.id)' is already \(member.position.rawValue) of commission '\(commission.id)' on \(member.termStart)")
        }
        if let limit = rules.nomineesPerParty, member.nomination.kind == .party,
            sitting.votingMembers.filter({ $0.nomination == member.nomination }).count >= limit
        {
            throw CommissionMemberError(
                code: .nomineeLimit, field: "\(field).nomination",
                message: "party '\(member.nomination.id)' already has \(limit) nominee(s) on commission '\(commission.id)'")
        }
    }

    static func checkID(_ id: String, field: String) throws(CommissionMemberError) {
        if let problem = ResultsProtocol.idProblem(id, name: field) {
            throw CommissionMemberError(code: .invalidID, field: field, message: problem.message)
        }
    }

    static func checkText(_ text: LocalizedText, field: String) throws(CommissionMemberError) {
        if let empty = text.emptyLanguages.first {
            throw CommissionMemberError(code: .invalidText, field: field, message: "\(field) in '\(empty.rawValue)' is empty")
        }
        if let bad = text.languagesWithControlCharacters.first {
            throw CommissionMemberError(
                code: .invalidText, field: field, message: "\(field) in '\(bad.rawValue)' contains control characters")
        }
    }

    static func checkReason(_ reason: LeavingReason, field: String) throws(CommissionMemberError) {
        if reason.kind == .other, reason.detail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CommissionMemberError(
                code: .missingReason, field: "\(field).detail", message: "a departure for another reason must say which")
        }
        if !reason.detail.isEmpty {
            try checkPlainText(reason.detail, field: "\(field).detail")
        }
    }

    static func checkPlainText(_ text: String, field: String) throws(CommissionMemberError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CommissionMemberError(code: .invalidText, field: field, message: "\(field) is empty")
        }
        if !LocalizedText(text).languagesWithControlCharacters.isEmpty {
            throw CommissionMemberError(code: .invalidText, field: field, message: "\(field) contains control characters")
        }
    }

    @discardableResult
    private mutating func record(_ kind: CommissionAct.Kind, _ subject: String, _ date: CivilDate, _ summary: String) -> CommissionAct {
        let act = CommissionAct(kind: kind, commissionID: commission.id, subject: subject, date: date, summary: summary)
        history.append(act)
        return act
    }
}
