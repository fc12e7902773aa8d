import Foundation

/// One election run under one law profile.
public struct Election: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var name: LocalizedText
    public var profileID: String
    /// Election day in the country's calendar, "YYYY-MM-DD".
    public var electionDay: String

    public init(id: String, name: LocalizedText, profileID: String, electionDay: String) {
        self.id = id
        self.name = name
        self.profileID = profileID
        self.electionDay = electionDay
    }
}

public struct Party: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var name: LocalizedText

    public init(id: String, name: LocalizedText) {
        self.id = id
        self.name = name
    }
}

public struct Candidate: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var electionID: String
    public var name: LocalizedText
    /// Nominating party; nil for a self-nominated candidate.
    public var partyID: String?
    /// Position on the ballot (state-language alphabetical order in Kazakhstan).
    public var ballotOrder: Int

    public init(id: String, electionID: String, name: LocalizedText, partyID: String?, ballotOrder: Int) {
        self.id = id
        self.electionID = electionID
        self.name = name
        self.partyID = partyID
        self.ballotOrder = ballotOrder
    }
}

/// An election commission at any level, from the CEC down to a precinct commission (PEC).
public struct Commission: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    /// Level id from the law profile (e.g. "cec", "regional", "district", "precinct").
    public var level: String
    /// Geographic parent; nil only for the central commission.
    public var parentID: String?
    public var name: LocalizedText

    public init(id: String, level: String, parentID: String?, name: LocalizedText) {
        self.id = id
        self.level = level
        self.parentID = parentID
        self.name = name
    }
}

/// The polling station served by a precinct commission.
public struct Precinct: Codable, Hashable, Sendable, Identifiable {
    /// Same id as the precinct commission that runs it.
    public var id: String
    /// Number of the precinct as printed on documents.
    public var number: Int
    /// "ordinary" or one of the profile's special kinds.
    public var kind: String
    public var settlement: LocalizedText
    public var address: LocalizedText
    public var registeredVoters: Int
    /// Commission whose summary protocol includes this precinct. Usually the geographic parent,
    /// but e.g. the 35 stations abroad are tabulated by the Esil district commission of Astana.
    public var tabulatingCommissionID: String

    public init(
        id: String, number: Int, kind: String, settlement: LocalizedText, address: LocalizedText,
        registeredVoters: Int, tabulatingCommissionID: String
    ) {
        self.id = id
        self.number = number
        self.kind = kind
        self.settlement = settlement
        self.address = address
        self.registeredVoters = registeredVoters
        self.tabulatingCommissionID = tabulatingCommissionID
    }

    public var isSpecial: Bool { kind != PrecinctKind.ordinaryID }
}

/// A whole election structure, as a generator or an import produces it, checked
/// before anything is written.
public struct ElectionStructure: Sendable {
    public var election: Election
    public var parties: [Party]
    public var candidates: [Candidate]
    /// Parents always come before their children.
    public var commissions: [Commission]
    public var precincts: [Precinct]

    public init(election: Election, parties: [Party], candidates: [Candidate], commissions: [Commission], precincts: [Precinct]) {
        self.election = election
        self.parties = parties
        self.candidates = candidates
        self.commissions = commissions
        self.precincts = precincts
    }

    public struct Problem: Error, Equatable, CustomStringConvertible, Sendable {
        public let subject: String
        public let problem: String
        public var description: String { "\(subject): \(problem)" }
    }

    /// Every structural rule the store relies on; a structure that passes can be written atomically.
    public func validate(against profile: LawProfile) throws(Problem) {
        func fail(_ subject: String, _ problem: String) -> Problem { Problem(subject: subject, problem: problem) }
        func requireText(_ text: LocalizedText, _ subject: String, _ field: String, allowEmpty: Bool = false) throws(Problem) {
            if !allowEmpty, let empty = text.emptyLanguages.first { throw fail(subject, "\(field) in '\(empty.rawValue)' is empty") }
            if let bad = text.languagesWithControlCharacters.first {
                throw fail(subject, "\(field) in '\(bad.rawValue)' contains control characters")
            }
        }
        guard election.profileID == profile.id else {
            throw fail("election \(election.id)", "uses profile '\(election.profileID)' but '\(profile.id)' was given")
        }
        guard Self.isDate(election.electionDay) else {
            throw fail("election \(election.id)", "election day '\(election.electionDay)' is not a date YYYY-MM-DD")
        }
        let levels = profile.commissionLevels.map(\.id)
        var rankOf = [String: Int]()
        for (i, level) in levels.enumerated() { rankOf[level] = i }
        var commissionLevel = [String: Int]()
        for commission in commissions {
            guard !commission.id.isEmpty, commission.id.count <= 64 else {
                throw fail("commission '\(commission.id)'", "id must be 1–64 characters")
            }
            guard commissionLevel[commission.id] == nil else { throw fail("commission \(commission.id)", "appears twice") }
            guard let rank = rankOf[commission.level] else {
                throw fail("commission \(commission.id)", "level '\(commission.level)' is not in profile \(profile.id)")
            }
            if let parent = commission.parentID {
                guard let parentRank = commissionLevel[parent] else {
                    throw fail("commission \(commission.id)", "parent '\(parent)' is unknown or listed after it")
                }
                guard parentRank < rank else {
                    throw fail("commission \(commission.id)", "parent '\(parent)' is not at a higher level")
                }
            } else if rank != 0 {
                throw fail("commission \(commission.id)", "only the \(levels[0]) level may have no parent")
            }
            try requireText(commission.name, "commission \(commission.id)", "name")
            commissionLevel[commission.id] = rank
        }
        guard commissions.filter({ $0.parentID == nil }).count == 1 else {
            throw fail("structure", "must have exactly one central commission")
        }
        let precinctRank = levels.count - 1
        let kinds = Set(profile.specialStationKinds.map(\.id) + [PrecinctKind.ordinaryID])
        var seen = Set<String>()
        for precinct in precincts {
            let subject = "precinct \(precinct.number) (\(precinct.id))"
            guard commissionLevel[precinct.id] == precinctRank else {
                throw fail(subject, "has no precinct-level commission with the same id")
            }
            guard seen.insert(precinct.id).inserted else { throw fail(subject, "appears twice") }
            guard precinct.number > 0 else { throw fail(subject, "number must be positive") }
            try requireText(precinct.settlement, subject, "settlement")
            try requireText(precinct.address, subject, "address", allowEmpty: true)
            guard kinds.contains(precinct.kind) else {
                throw fail(subject, "kind '\(precinct.kind)' is not a kind of profile \(profile.id)")
            }
            guard precinct.registeredVoters >= 0, precinct.registeredVoters <= profile.protocolForm.maximumLineValue else {
                throw fail(subject, "registered voters \(precinct.registeredVoters) outside 0…\(profile.protocolForm.maximumLineValue)")
            }
            guard let tabRank = commissionLevel[precinct.tabulatingCommissionID], tabRank < precinctRank else {
                throw fail(subject, "tabulating commission '\(precinct.tabulatingCommissionID)' is not a known higher commission")
            }
        }
        guard seen.count == commissionLevel.values.filter({ $0 == precinctRank }).count else {
            throw fail("structure", "every precinct commission needs its polling station")
        }
        var partyIDs = Set<String>()
        try requireText(election.name, "election \(election.id)", "name")
        for party in parties {
            guard partyIDs.insert(party.id).inserted else { throw fail("party \(party.id)", "appears twice") }
            try requireText(party.name, "party \(party.id)", "name")
        }
        var candidateIDs = Set<String>()
        var ballotOrders = Set<Int>()
        for candidate in candidates {
            guard candidateIDs.insert(candidate.id).inserted else { throw fail("candidate \(candidate.id)", "appears twice") }
            guard ballotOrders.insert(candidate.ballotOrder).inserted else {
                throw fail("candidate \(candidate.id)", "ballot position \(candidate.ballotOrder) is taken by another candidate")
            }
            guard candidate.electionID == election.id else { throw fail("candidate \(candidate.id)", "belongs to another election") }
            if let party = candidate.partyID, !partyIDs.contains(party) {
                throw fail("candidate \(candidate.id)", "nominating party '\(party)' is unknown")
            }
            try requireText(candidate.name, "candidate \(candidate.id)", "name")
        }
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            text.unicodeScalars.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return false }
        return (1900...2200).contains(y) && (1...12).contains(m) && (1...IIN.daysIn(month: m, year: y)).contains(d)
    }
}

extension ElectionStructure {
    /// The precincts run by `commissionID` itself or by any PEC below it, in structure order.
    public func precincts(under commissionID: String) -> [Precinct] {
        var parent: [String: String] = [:]
        for commission in commissions { if let p = commission.parentID { parent[commission.id] = p } }
        return precincts.filter { precinct in
            var current: String? = precinct.id
            var steps = 0
            while let id = current, steps <= commissions.count {
                if id == commissionID { return true }
                current = parent[id]
                steps += 1
            }
            return false
        }
    }
}
