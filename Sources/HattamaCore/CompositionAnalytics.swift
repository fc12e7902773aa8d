import Foundation

/// How many voting members one nominator (a party or another body) has in a set of seats.
public struct NominatorShare: Codable, Hashable, Sendable {
    public var nomination: Nomination
    public var members: Int
    /// `members` over the seated voting members of the set (0 when nobody is seated).
    public var share: Double
    /// `members` over the statutory seats of the set: the share of the votes a decision needs.
    public var shareOfStatutory: Double

    public init(nomination: Nomination, members: Int, seated: Int, statutory: Int) {
        self.nomination = nomination
        self.members = members
        share = seated > 0 ? Double(members) / Double(seated) : 0
        shareOfStatutory = statutory > 0 ? Double(members) / Double(statutory) : 0
    }
}

/// Party balance of one commission on one day.
public struct CommissionPartyBalance: Codable, Hashable, Sendable {
    public var commissionID: String
    public var level: String
    public var statutoryMembers: Int
    public var seated: Int
    public var vacancies: Int
    /// Largest first, then by nomination.
    public var shares: [NominatorShare]
    /// The party whose nominees alone reach the majority of the statutory membership that adopts
    /// a decision (`decisionRules.adoptionMoreThan`), if any.
    public var majorityParty: String?
}

/// Party balance of a group of commissions (a level, a region, the whole country).
public struct GroupPartyBalance: Codable, Hashable, Sendable {
    public var group: String
    public var commissions: Int
    public var statutoryMembers: Int
    public var seated: Int
    public var shares: [NominatorShare]
    /// Commissions of the group where one party holds a majority of the statutory membership.
    public var commissionsWithMajorityParty: Int
}

/// Party balance of commissions (ODIHR 2011: "many election commissions have a de facto majority
/// of members affiliated with the ruling party"; four parties "together represented by only six
/// per cent of all election commission members"). Only voting members count.
public enum CompositionAnalytics {
    /// One commission: shares of each nominator and the party, if any, that can adopt decisions alone.
    public static func balance(of composition: Composition, rules: LawProfile.DecisionRules) -> CommissionPartyBalance {
        let shares = shares(of: [composition])
        let needed = rules.adoptionMoreThan.moreThan(of: composition.statutoryMembers)
        let majority = shares.first { $0.nomination.kind == .party && $0.members >= needed }
        return CommissionPartyBalance(
            commissionID: composition.commissionID, level: composition.level, statutoryMembers: composition.statutoryMembers,
            seated: composition.votingMembers.count, vacancies: composition.vacancies, shares: shares,
            majorityParty: majority?.nomination.id)
    }

    /// Every commission where one party holds a majority of the statutory membership, in input order.
    public static func commissionsWithMajorityParty(_ compositions: [Composition], rules: LawProfile.DecisionRules)
        -> [CommissionPartyBalance]
    {
        compositions.map { balance(of: $0, rules: rules) }.filter { $0.majorityParty != nil }
    }

    /// Shares of each nominator over all voting members of `compositions`, largest first.
    public static func shares(of compositions: [Composition]) -> [NominatorShare] {
        var counts: [Nomination: Int] = [:]
        var seated = 0
        var statutory = 0
        for composition in compositions {
            seated += composition.votingMembers.count
            statutory += composition.statutoryMembers
            for member in composition.votingMembers { counts[member.nomination, default: 0] += 1 }
        }
        return counts.map { NominatorShare(nomination: $0.key, members: $0.value, seated: seated, statutory: statutory) }
            .sorted { ($0.members, $1.nomination) > ($1.members, $0.nomination) }
    }

    /// Share of all seated voting members nominated by any of `parties`: with the four
    /// opposition parties of 2011, the CEC's "six per cent".
    public static func nationalShare(of parties: Set<String>, in compositions: [Composition]) -> Double {
        let seated = compositions.reduce(0) { $0 + $1.votingMembers.count }
        guard seated > 0 else { return 0 }
        let nominated = compositions.reduce(0) { total, composition in
            total + composition.votingMembers.filter { $0.nomination.kind == .party && parties.contains($0.nomination.id) }.count
        }
        return Double(nominated) / Double(seated)
    }

    /// Balance per group, with groups named by `group` (nil leaves a commission out), sorted by name.
    public static func aggregate(
        _ compositions: [Composition], rules: LawProfile.DecisionRules, groupedBy group: (Composition) -> String?
    ) -> [GroupPartyBalance] {
        var groups: [String: [Composition]] = [:]
        for composition in compositions {
            if let key = group(composition) { groups[key, default: []].append(composition) }
        }
        return groups.keys.sorted().map { key in
            let members = groups[key]!
            return GroupPartyBalance(
                group: key, commissions: members.count, statutoryMembers: members.reduce(0) { $0 + $1.statutoryMembers },
                seated: members.reduce(0) { $0 + $1.votingMembers.count }, shares: shares(of: members),
                commissionsWithMajorityParty: commissionsWithMajorityParty(members, rules: rules).count)
        }
    }

    /// Groups commissions by their level.
    public static func byLevel(_ composition: Composition) -> String? { composition.level }

    /// Groups commissions by region: the ancestor at the profile's second level (the regional
    /// commission itself for that level). The central commission belongs to no region.
    public static func byRegion(commissions: [Commission], profile: LawProfile) -> @Sendable (Composition) -> String? {
        guard profile.commissionLevels.count > 1 else { return { _ in nil } }
        let regionLevel = profile.commissionLevels[1].id
        var byID: [String: Commission] = [:]
        for commission in commissions { byID[commission.id] = commission }
        var region: [String: String] = [:]
        for commission in commissions {
            var current: Commission? = commission
            var steps = 0
            while let c = current, steps <= commissions.count {
                if c.level == regionLevel {
                    region[commission.id] = c.id
                    break
                }
                current = c.parentID.flatMap { byID[$0] }
                steps += 1
            }
        }
        let regions = region
        return { regions[$0.commissionID] }
    }
}
