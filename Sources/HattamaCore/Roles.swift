import Foundation

/// What a user may be, always scoped to exactly one commission.
public enum Role: String, Codable, CaseIterable, Sendable {
    case cecAdmin = "cec-admin"
    case commissionSecretary = "commission-secretary"
    case commissionMember = "commission-member"
    case observer
    case mediaMonitor = "media-monitor"
}

/// Acts that need authorization. Each says how far below the user's own commission it reaches.
public enum Action: String, Codable, CaseIterable, Sendable {
    case manageStructure = "manage-structure"
    case manageUsers = "manage-users"
    case submitProtocol = "submit-protocol"
    case recordDecision = "record-decision"
    case castVote = "cast-vote"
    case readPersonalData = "read-personal-data"
    case observe

    /// Whether the act may reach commissions below the user's own (e.g. a higher commission
    /// reviews and may cancel decisions of lower ones, Art. 14), or only the user's own commission.
    var reachesSubtree: Bool {
        switch self {
        case .manageStructure, .manageUsers, .observe, .readPersonalData: true
        case .submitProtocol, .recordDecision, .castVote: false
        }
    }
}

public struct Permissions: Sendable {
    static let granted: [Role: Set<Action>] = [
        .cecAdmin: Set(Action.allCases),
        .commissionSecretary: [.manageUsers, .submitProtocol, .recordDecision, .castVote, .readPersonalData, .observe],
        .commissionMember: [.castVote, .readPersonalData, .observe],
        .observer: [.observe],
        .mediaMonitor: [.observe],
    ]

    /// Whether `role`, held at commission `userCommission`, may do `action` on `target`.
    /// `targetChain` is the target commission followed by all its ancestors up to the CEC.
    public static func allows(
        role: Role, userCommission: String, action: Action, targetChain: [String]
    ) -> Bool {
        guard granted[role, default: []].contains(action), let target = targetChain.first else { return false }
        if target == userCommission { return true }
        return action.reachesSubtree && targetChain.contains(userCommission)
    }

    /// Roles a user may hand out: never more than they hold themselves.
    public static func mayGrant(_ role: Role, by granter: Role) -> Bool {
        switch granter {
        case .cecAdmin: true
        case .commissionSecretary: role != .cecAdmin
        default: false
        }
    }
}
