import Foundation

/// One item of a session's agenda; an item that hears a complaint names it.
public struct AgendaItem: Codable, Hashable, Sendable {
    public var number: Int
    /// Kazakh and Russian are required; English may be empty.
    public var title: LocalizedText
    public var complaintID: String?

    public init(number: Int, title: LocalizedText, complaintID: String? = nil) {
        self.number = number
        self.title = title
        self.complaintID = complaintID
    }
}

/// Who called a session (Kazakhstan Art. 20: the chair, or at least a third of the members; the
/// first session by the chair of the higher commission).
public enum SessionConvener: Codable, Hashable, Sendable {
    /// The chair, or the deputy chair acting for them.
    case chair(memberID: String)
    /// At least the profile's `convene` share of the statutory membership.
    case members([String])
    /// The first session of a new commission, called by the higher commission.
    case higherCommission(String)
}

/// A session of a commission: when it was announced and opened, what it was to decide, who came.
public struct Session: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var commissionID: String
    public var opensAt: CivilDateTime
    /// When the public notice of the session was published.
    public var noticePublishedAt: CivilDateTime
    public var agenda: [AgendaItem]
    /// Members present, voting and consultative.
    public var present: [String]
    public var convenedBy: SessionConvener

    public init(
        id: String, commissionID: String, opensAt: CivilDateTime, noticePublishedAt: CivilDateTime, agenda: [AgendaItem], present: [String],
        convenedBy: SessionConvener
    ) {
        self.id = id
        self.commissionID = commissionID
        self.opensAt = opensAt
        self.noticePublishedAt = noticePublishedAt
        self.agenda = agenda
        self.present = present
        self.convenedBy = convenedBy
    }

    public var date: CivilDate { opensAt.date }
}

/// The quorum of a session, counted against the statutory membership, never against who is seated.
public struct SessionQuorum: Codable, Hashable, Sendable {
    public var statutoryMembers: Int
    public var seated: Int
    public var vacancies: Int
    /// Voting members present; consultative members never count.
    public var present: Int
    /// `decisionRules.quorum` of the statutory membership, rounded up.
    public var required: Int
    public var met: Bool { present >= required }

    public init(statutoryMembers: Int, seated: Int, present: Int, quorum: Fraction) {
        self.statutoryMembers = statutoryMembers
        self.seated = seated
        vacancies = max(0, statutoryMembers - seated)
        self.present = present
        required = quorum.atLeast(of: statutoryMembers)
    }
}

public enum VoteChoice: String, Codable, CaseIterable, Sendable {
    case inFavour = "for"
    case against
    case abstain
}

/// One member's open vote on a decision.
public struct RecordedVote: Codable, Hashable, Sendable {
    public var memberID: String
    public var choice: VoteChoice

    public init(_ memberID: String, _ choice: VoteChoice) {
        self.memberID = memberID
        self.choice = choice
    }
}

/// A member's written dissent, attached to the minutes (and sent to the higher commission).
public struct DissentingOpinion: Codable, Hashable, Sendable {
    public var memberID: String
    public var language: Language
    public var text: String

    public init(memberID: String, language: Language, text: String) {
        self.memberID = memberID
        self.language = language
        self.text = text
    }
}

/// A numbered provision of a decision's text ("1", "2", "2-1", "3.1").
public struct Provision: Codable, Hashable, Sendable {
    public var number: String
    public var text: String

    public init(_ number: String, _ text: String) {
        self.number = number
        self.text = text
    }
}

/// The language versions of a decision: Kazakh and Russian required, English optional. All
/// versions must carry the same provision numbers.
public struct DecisionTexts: Codable, Hashable, Sendable {
    public var kk: [Provision]
    public var ru: [Provision]
    public var en: [Provision]?

    public init(kk: [Provision], ru: [Provision], en: [Provision]? = nil) {
        self.kk = kk
        self.ru = ru
        self.en = en
    }

    public subscript(language: Language) -> [Provision]? {
        switch language {
        case .kk: kk
        case .ru: ru
        case .en: en
        }
    }

    /// Everything that keeps the texts from publication, by language in `Language` order: a
    /// required version missing, unnumbered, duplicated or empty provisions, and provisions one
    /// version has and another lacks (ODIHR 2011: the Russian guidelines silently dropped a
    /// provision of the Kazakh ones).
    public func problems() -> [DecisionTextProblem] {
        var found: [DecisionTextProblem] = []
        let versions = Language.allCases.compactMap { language in self[language].map { (language, $0) } }
        var allNumbers: [String] = []
        for (_, provisions) in versions {
            for provision in provisions {
                let number = Self.normalized(provision.number)
                if !number.isEmpty, !allNumbers.contains(number) { allNumbers.append(number) }
            }
        }
        for (language, provisions) in versions {
            let name = Self.languageName(language)
            if provisions.isEmpty, language != .en {
                found.append(
                    DecisionTextProblem(code: .missingLanguage, language: language, numbers: [], message: "the \(name) text is missing"))
                continue
            }
            var seen: [String] = []
            var duplicates: [String] = []
            for provision in provisions {
                let number = Self.normalized(provision.number)
                if number.isEmpty {
                    found.append(
                        DecisionTextProblem(
                            code: .unnumberedProvision, language: language, numbers: [], message: "a \(name) provision has no number"))
                } else if seen.contains(number) {
                    if !duplicates.contains(number) { duplicates.append(number) }
                } else {
                    seen.append(number)
                }
                if provision.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                    || !LocalizedText(provision.text).languagesWithControlCharacters.isEmpty
                {
                    found.append(
                        DecisionTextProblem(
                            code: .emptyProvision, language: language, numbers: number.isEmpty ? [] : [number],
                            message: "\(name) provision \(number) is empty or contains control characters"))
                }
            }
            if !duplicates.isEmpty {
                found.append(
                    DecisionTextProblem(
                        code: .duplicateNumber, language: language, numbers: duplicates,
                        message: "the \(name) text numbers more than one provision \(duplicates.joined(separator: ", "))"))
            }
            let missing = allNumbers.filter { !seen.contains($0) }
            if !missing.isEmpty {
                let others = versions.filter { other in
                    other.0 != language && other.1.contains { missing.contains(Self.normalized($0.number)) }
                }
                found.append(
                    DecisionTextProblem(
                        code: .missingProvisions, language: language, numbers: missing,
                        message: "the \(name) text lacks provision\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) "
                            + "of the \(others.map { Self.languageName($0.0) }.joined(separator: " and ")) text"))
            }
        }
        return found
    }

    static func normalized(_ number: String) -> String {
        var text = number.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasSuffix(".") || text.hasSuffix(")") { text.removeLast() }
        return text
    }

    static func languageName(_ language: Language) -> String {
        switch language {
        case .kk: "Kazakh"
        case .ru: "Russian"
        case .en: "English"
        }
    }
}

/// Why the texts of a decision may not be published yet.
public struct DecisionTextProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Codable, CaseIterable, Sendable {
        case missingLanguage = "missing-language"
        case unnumberedProvision = "unnumbered-provision"
        case emptyProvision = "empty-provision"
        case duplicateNumber = "duplicate-number"
        case missingProvisions = "missing-provisions"
    }

    public var code: Code
    public var language: Language
    /// The provision numbers concerned (for `missingProvisions`: those this language lacks).
    public var numbers: [String]
    public var message: String

    public var description: String { "\(code.rawValue) (\(language.rawValue)): \(message)" }
}

/// A decision of a commission, put to an open vote at a session.
public struct Decision: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var commissionID: String
    public var sessionID: String
    /// Number under which the commission registers the decision, e.g. "12/45".
    public var number: String
    public var agendaItem: Int
    /// The complaint this decision resolves, if any; must be the agenda item's complaint.
    public var complaintID: String?
    public var texts: DecisionTexts
    public var votes: [RecordedVote]
    public var dissents: [DissentingOpinion]
    public private(set) var publishedAt: CivilDateTime?

    public init(
        id: String, commissionID: String, sessionID: String, number: String, agendaItem: Int, complaintID: String? = nil,
        texts: DecisionTexts,
        votes: [RecordedVote], dissents: [DissentingOpinion] = []
    ) {
        self.id = id
        self.commissionID = commissionID
        self.sessionID = sessionID
        self.number = number
        self.agendaItem = agendaItem
        self.complaintID = complaintID
        self.texts = texts
        self.votes = votes
        self.dissents = dissents
        publishedAt = nil
    }
}

/// The count of a vote, against the statutory membership: vacancies and absences count against.
public struct VoteTally: Codable, Hashable, Sendable {
    public var quorum: SessionQuorum
    public var inFavour: Int
    public var against: Int
    public var abstained: Int
    /// Voting members present who cast no vote.
    public var notVoting: Int
    /// Seated voting members not present.
    public var absent: Int
    /// More than `decisionRules.adoptionMoreThan` of the statutory membership.
    public var required: Int
    public var adopted: Bool { quorum.met && inFavour >= required }
}

/// Why a session or a decision was refused.
public struct DecisionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Codable, CaseIterable, Sendable {
        case invalidID = "invalid-id"
        case invalidText = "invalid-text"
        case wrongCommission = "wrong-commission"
        case wrongDate = "wrong-date"
        case wrongSession = "wrong-session"
        case noticeAfterOpening = "notice-after-opening"
        case noticeTooShort = "notice-too-short"
        case agendaNumbering = "agenda-numbering"
        case unknownAgendaItem = "unknown-agenda-item"
        case duplicateAttendance = "duplicate-attendance"
        /// Not a member of this commission on the day: members act only in their own commission.
        case notAMember = "not-a-member"
        case convenerNotEntitled = "convener-not-entitled"
        case noQuorum = "no-quorum"
        case consultativeVote = "consultative-vote"
        case absentVoter = "absent-voter"
        case duplicateVote = "duplicate-vote"
        case invalidDissent = "invalid-dissent"
        case notAdopted = "not-adopted"
        case textsDiffer = "texts-differ"
        case alreadyPublished = "already-published"
        case publishedBeforeSession = "published-before-session"
    }

    public let code: Code
    public let field: String
    public let message: String
    /// For `textsDiffer`: every problem of the texts.
    public let textProblems: [DecisionTextProblem]

    public init(code: Code, field: String, message: String, textProblems: [DecisionTextProblem] = []) {
        self.code = code
        self.field = field
        self.message = message
        self.textProblems = textProblems
    }

    public var description: String { "\(code.rawValue) (\(field)): \(message)" }
}

extension Session {
    /// Checks the session against the commission's composition on its day and counts the quorum.
    /// Refuses a notice after the opening (or shorter than `minimumNoticeMinutes`, a rule the
    /// profile does not carry yet: proposed `decisionRules.minimumNoticeHours`), a bad agenda,
    /// anyone present who is not a member of this commission that day, and a convener the law
    /// does not entitle. A session without quorum is valid but can adopt nothing.
    public func quorum(composition: Composition, profile: LawProfile, minimumNoticeMinutes: Int? = nil) throws(DecisionError)
        -> SessionQuorum
    {
        try Decision.checkID(id, field: "session.id")
        guard composition.commissionID == commissionID else {
            throw DecisionError(
                code: .wrongCommission, field: "session.commissionID",
                message: "session '\(id)' is of commission '\(commissionID)', the composition of '\(composition.commissionID)'")
        }
        guard composition.date == date else {
            throw DecisionError(
                code: .wrongDate, field: "composition.date",
                message: "session '\(id)' opens on \(date), the composition is of \(composition.date)")
        }
        guard noticePublishedAt < opensAt else {
            throw DecisionError(
                code: .noticeAfterOpening, field: "session.noticePublishedAt",
                message: "the notice of \(noticePublishedAt) is not before the opening at \(opensAt)")
        }
        if let minimum = minimumNoticeMinutes, noticePublishedAt.minutes(until: opensAt) < minimum {
            throw DecisionError(
                code: .noticeTooShort, field: "session.noticePublishedAt",
                message: "the notice of \(noticePublishedAt) is less than \(minimum) minutes before the opening at \(opensAt)")
        }
        var numbers = Set<Int>()
        for (i, item) in agenda.enumerated() {
            guard item.number > 0, numbers.insert(item.number).inserted else {
                throw DecisionError(
                    code: .agendaNumbering, field: "session.agenda[\(i)].number",
                    message: "agenda item number \(item.number) is not new and positive")
            }
            for language in [Language.kk, .ru] where item.title[language].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw DecisionError(
                    code: .invalidText, field: "session.agenda[\(i)].title", message: "the agenda item has no \(language.rawValue) title")
            }
            if !item.title.languagesWithControlCharacters.isEmpty {
                throw DecisionError(
                    code: .invalidText, field: "session.agenda[\(i)].title", message: "the agenda item title contains control characters")
            }
        }
        var seen = Set<String>()
        for (i, memberID) in present.enumerated() {
            guard seen.insert(memberID).inserted else {
                throw DecisionError(code: .duplicateAttendance, field: "session.present[\(i)]", message: "'\(memberID)' is listed twice")
            }
            guard composition.member(memberID) != nil else {
                throw DecisionError(
                    code: .notAMember, field: "session.present[\(i)]",
                    message: "'\(memberID)' is not a member of commission '\(commissionID)' on \(date)")
            }
        }
        try checkConvener(composition: composition, profile: profile)
        let votingPresent = composition.votingMembers.filter { seen.contains($0.id) }.count
        return SessionQuorum(
            statutoryMembers: composition.statutoryMembers, seated: composition.votingMembers.count, present: votingPresent,
            quorum: profile.decisionRules.quorum)
    }

    private func checkConvener(composition: Composition, profile: LawProfile) throws(DecisionError) {
        switch convenedBy {
        case .chair(let memberID):
            guard let member = composition.member(memberID), member.votingRight == .deciding,
                member.position == .chair || member.position == .deputyChair
            else {
                throw DecisionError(
                    code: .convenerNotEntitled, field: "session.convenedBy",
                    message: "'\(memberID)' is not the chair or deputy chair of commission '\(commissionID)' on \(date)")
            }
        case .members(let ids):
            let conveners = Set(ids)
            let valid = composition.votingMembers.filter { conveners.contains($0.id) }.count
            let needed = profile.decisionRules.convene.atLeast(of: composition.statutoryMembers)
            guard valid == conveners.count, valid >= needed else {
                throw DecisionError(
                    code: .convenerNotEntitled, field: "session.convenedBy",
                    message: "\(valid) voting members of commission '\(commissionID)' called the session; "
                        + "\(needed) (\(profile.decisionRules.convene) of \(composition.statutoryMembers)) are needed "
                        + "(\(profile.decisionRules.article))")
            }
        case .higherCommission(let id):
            try Decision.checkID(id, field: "session.convenedBy")
        }
    }
}

extension Decision {
    /// Counts the open vote of this decision at `session`: only voting members present vote, each
    /// once; consultative members, absent members and members of other commissions are refused.
    /// Refused outright when the session has no quorum. Adoption needs more than the profile's
    /// `adoptionMoreThan` share of the statutory membership, so vacancies and absences count
    /// against. Dissents may only come from voting members present who did not vote in favour.
    public func tally(in session: Session, composition: Composition, profile: LawProfile) throws(DecisionError) -> VoteTally {
        try Self.checkID(id, field: "decision.id")
        try Self.checkID(number, field: "decision.number")
        guard commissionID == session.commissionID else {
            throw DecisionError(
                code: .wrongCommission, field: "decision.commissionID",
                message: "decision '\(id)' is of commission '\(commissionID)', the session of '\(session.commissionID)'")
        }
        guard sessionID == session.id else {
            throw DecisionError(
                code: .wrongSession, field: "decision.sessionID",
                message: "decision '\(id)' was taken at session '\(sessionID)', not '\(session.id)'")
        }
        let quorum = try session.quorum(composition: composition, profile: profile)
        guard let item = session.agenda.first(where: { $0.number == agendaItem }) else {
            throw DecisionError(
                code: .unknownAgendaItem, field: "decision.agendaItem", message: "session '\(session.id)' has no agenda item \(agendaItem)")
        }
        if let complaintID, item.complaintID != complaintID {
            throw DecisionError(
                code: .unknownAgendaItem, field: "decision.complaintID",
                message: "agenda item \(agendaItem) of session '\(session.id)' does not hear complaint '\(complaintID)'")
        }
        guard quorum.met else {
            throw DecisionError(
                code: .noQuorum, field: "session.present",
                message: "\(quorum.present) voting members present; the quorum is \(quorum.required) "
                    + "(\(profile.decisionRules.quorum) of the \(quorum.statutoryMembers) statutory members, \(profile.decisionRules.article))"
            )
        }
        let present = Set(session.present)
        var voted: [String: VoteChoice] = [:]
        var counts: [VoteChoice: Int] = [:]
        for (i, vote) in votes.enumerated() {
            let field = "decision.votes[\(i)]"
            guard let member = composition.member(vote.memberID) else {
                throw DecisionError(
                    code: .notAMember, field: field,
                    message: "'\(vote.memberID)' is not a member of commission '\(commissionID)' on \(session.date)")
            }
            guard member.votingRight == .deciding else {
                throw DecisionError(
                    code: .consultativeVote, field: field, message: "'\(vote.memberID)' is a representative with a consultative vote only")
            }
            guard present.contains(vote.memberID) else {
                throw DecisionError(
                    code: .absentVoter, field: field, message: "'\(vote.memberID)' is not present at session '\(session.id)'")
            }
            guard voted[vote.memberID] == nil else {
                throw DecisionError(code: .duplicateVote, field: field, message: "'\(vote.memberID)' has already voted on decision '\(id)'")
            }
            voted[vote.memberID] = vote.choice
            counts[vote.choice, default: 0] += 1
        }
        var dissenters = Set<String>()
        for (i, dissent) in dissents.enumerated() {
            let field = "decision.dissents[\(i)]"
            guard let member = composition.member(dissent.memberID), member.votingRight == .deciding, present.contains(dissent.memberID),
                voted[dissent.memberID] != .inFavour, dissenters.insert(dissent.memberID).inserted
            else {
                throw DecisionError(
                    code: .invalidDissent, field: field,
                    message: "'\(dissent.memberID)' is not a voting member present who voted against or abstained, or dissents twice")
            }
            guard !dissent.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                LocalizedText(dissent.text).languagesWithControlCharacters.isEmpty
            else {
                throw DecisionError(code: .invalidDissent, field: "\(field).text", message: "a dissenting opinion needs a written text")
            }
        }
        return VoteTally(
            quorum: quorum, inFavour: counts[.inFavour, default: 0], against: counts[.against, default: 0],
            abstained: counts[.abstain, default: 0], notVoting: quorum.present - voted.count, absent: quorum.seated - quorum.present,
            required: profile.decisionRules.adoptionMoreThan.moreThan(of: quorum.statutoryMembers))
    }

    /// Publishes an adopted decision whose language versions agree; otherwise refuses with every
    /// text problem listed, and the decision stays unpublished.
    @discardableResult
    public mutating func publish(at time: CivilDateTime, session: Session, composition: Composition, profile: LawProfile)
        throws(DecisionError)
        -> CommissionAct
    {
        guard publishedAt == nil else {
            throw DecisionError(code: .alreadyPublished, field: "decision.publishedAt", message: "decision '\(id)' is already published")
        }
        let tally = try tally(in: session, composition: composition, profile: profile)
        guard tally.adopted else {
            throw DecisionError(
                code: .notAdopted, field: "decision.votes",
                message: "\(tally.inFavour) votes in favour; adoption needs \(tally.required) "
                    + "(more than \(profile.decisionRules.adoptionMoreThan) of the \(tally.quorum.statutoryMembers) statutory members)")
        }
        let problems = texts.problems()
        guard problems.isEmpty else {
            throw DecisionError(
                code: .textsDiffer, field: "decision.texts", message: problems.map(\.message).joined(separator: "; "),
                textProblems: problems)
        }
        guard time >= session.opensAt else {
            throw DecisionError(
                code: .publishedBeforeSession, field: "publishedAt", message: "\(time) is before the session opened at \(session.opensAt)")
        }
        publishedAt = time
        return CommissionAct(
            kind: .decisionPublished, commissionID: commissionID, subject: id, at: time,
            summary: "decision \(number) published (\(tally.inFavour) for, \(tally.against) against, \(tally.abstained) abstained)")
    }

    static func checkID(_ id: String, field: String) throws(DecisionError) {
        if let problem = ResultsProtocol.idProblem(id, name: field) {
            throw DecisionError(code: .invalidID, field: field, message: problem.message)
        }
    }
}
