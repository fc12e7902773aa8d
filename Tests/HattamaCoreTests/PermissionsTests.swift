import HattamaCore
import Testing

/// Ancestor chains in a CEC → region → district → precinct tree.
private enum Chain {
    static let cec = ["cec"]
    static let region = ["tec-r", "cec"]
    static let district = ["tec-d", "tec-r", "cec"]
    static let precinct = ["pec-1", "tec-d", "tec-r", "cec"]
    static let otherRegion = ["tec-r2", "cec"]
    static let otherPrecinct = ["pec-7", "tec-d2", "tec-r2", "cec"]
}

@Suite("Permissions")
struct PermissionsTests {
    /// Acts a higher commission may perform on lower ones (Art. 14: review of lower commissions).
    static let subtreeActions: Set<Action> = [.manageStructure, .manageUsers, .observe, .readPersonalData]
    /// Acts of a commission's own session, never done for another commission.
    static let ownCommissionActions: Set<Action> = [.submitProtocol, .recordDecision, .castVote]

    @Test func actionsArePartitioned() {
        #expect(Self.subtreeActions.union(Self.ownCommissionActions) == Set(Action.allCases))
        #expect(Self.subtreeActions.isDisjoint(with: Self.ownCommissionActions))
    }

    @Test("The CEC administrator may do everything at the CEC", arguments: Action.allCases)
    func cecAdminAtOwnCommission(action: Action) {
        #expect(Permissions.allows(role: .cecAdmin, userCommission: "cec", action: action, targetChain: Chain.cec))
    }

    @Test("The CEC administrator reaches the whole tree for subtree acts only", arguments: Action.allCases)
    func cecAdminInSubtree(action: Action) {
        let reaches = Self.subtreeActions.contains(action)
        for chain in [Chain.region, Chain.district, Chain.precinct, Chain.otherPrecinct] {
            #expect(Permissions.allows(role: .cecAdmin, userCommission: "cec", action: action, targetChain: chain) == reaches, "\(chain)")
        }
    }

    @Test func cecAdminHeldAtALowerCommissionDoesNotReachUpOrSideways() {
        for action in Action.allCases {
            #expect(Permissions.allows(role: .cecAdmin, userCommission: "tec-r", action: action, targetChain: Chain.region))
            #expect(!Permissions.allows(role: .cecAdmin, userCommission: "tec-r", action: action, targetChain: Chain.cec))
            #expect(!Permissions.allows(role: .cecAdmin, userCommission: "tec-r", action: action, targetChain: Chain.otherRegion))
        }
    }

    @Test func secretarySubmitsProtocolOnlyForOwnCommission() {
        #expect(
            Permissions.allows(role: .commissionSecretary, userCommission: "pec-1", action: .submitProtocol, targetChain: Chain.precinct))
        #expect(
            Permissions.allows(role: .commissionSecretary, userCommission: "tec-d", action: .submitProtocol, targetChain: Chain.district))
        // Not for a child, a parent or a stranger.
        #expect(
            !Permissions.allows(role: .commissionSecretary, userCommission: "tec-d", action: .submitProtocol, targetChain: Chain.precinct))
        #expect(
            !Permissions.allows(role: .commissionSecretary, userCommission: "pec-1", action: .submitProtocol, targetChain: Chain.district))
        #expect(
            !Permissions.allows(
                role: .commissionSecretary, userCommission: "pec-1", action: .submitProtocol, targetChain: Chain.otherPrecinct))
    }

    @Test func secretaryManagesUsersInSubtree() {
        for chain in [Chain.district, Chain.precinct] {
            #expect(Permissions.allows(role: .commissionSecretary, userCommission: "tec-d", action: .manageUsers, targetChain: chain))
        }
        for chain in [Chain.region, Chain.cec, Chain.otherPrecinct] {
            #expect(!Permissions.allows(role: .commissionSecretary, userCommission: "tec-d", action: .manageUsers, targetChain: chain))
        }
        #expect(
            !Permissions.allows(role: .commissionSecretary, userCommission: "tec-d", action: .manageStructure, targetChain: Chain.district))
    }

    @Test("What each role may do at its own commission", arguments: Role.allCases)
    func grantsAtOwnCommission(role: Role) {
        let expected: Set<Action> =
            switch role {
            case .cecAdmin: Set(Action.allCases)
            case .commissionSecretary: [.manageUsers, .submitProtocol, .recordDecision, .castVote, .readPersonalData, .observe]
            case .commissionMember: [.castVote, .readPersonalData, .observe]
            case .observer, .mediaMonitor: [.observe]
            }
        let allowed = Set(
            Action.allCases.filter { Permissions.allows(role: role, userCommission: "tec-d", action: $0, targetChain: Chain.district) })
        #expect(allowed == expected)
    }

    @Test("Observers cannot submit, decide or vote", arguments: [Role.observer, .mediaMonitor])
    func observersOnlyObserve(role: Role) {
        for action in Self.ownCommissionActions {
            #expect(!Permissions.allows(role: role, userCommission: "pec-1", action: action, targetChain: Chain.precinct))
        }
        #expect(!Permissions.allows(role: role, userCommission: "pec-1", action: .readPersonalData, targetChain: Chain.precinct))
        #expect(Permissions.allows(role: role, userCommission: "tec-d", action: .observe, targetChain: Chain.precinct))
        #expect(!Permissions.allows(role: role, userCommission: "tec-d", action: .observe, targetChain: Chain.otherPrecinct))
    }

    @Test func memberVotesOnlyInOwnCommission() {
        #expect(Permissions.allows(role: .commissionMember, userCommission: "tec-d", action: .castVote, targetChain: Chain.district))
        #expect(!Permissions.allows(role: .commissionMember, userCommission: "tec-d", action: .castVote, targetChain: Chain.precinct))
        #expect(
            Permissions.allows(role: .commissionMember, userCommission: "tec-d", action: .readPersonalData, targetChain: Chain.precinct))
    }

    @Test("An empty target chain allows nothing", arguments: Role.allCases)
    func emptyChain(role: Role) {
        for action in Action.allCases {
            #expect(!Permissions.allows(role: role, userCommission: "cec", action: action, targetChain: []))
        }
    }

    @Test("Roles that may be granted", arguments: Role.allCases)
    func mayGrant(granter: Role) {
        let grantable = Set(Role.allCases.filter { Permissions.mayGrant($0, by: granter) })
        switch granter {
        case .cecAdmin: #expect(grantable == Set(Role.allCases))
        case .commissionSecretary: #expect(grantable == [.commissionSecretary, .commissionMember, .observer, .mediaMonitor])
        case .commissionMember, .observer, .mediaMonitor: #expect(grantable.isEmpty)
        }
    }

    @Test func rawValuesAreStable() {
        #expect(Role.allCases.map(\.rawValue) == ["cec-admin", "commission-secretary", "commission-member", "observer", "media-monitor"])
        #expect(Role(rawValue: "cec-admin") == .cecAdmin)
        #expect(Action(rawValue: "submit-protocol") == .submitProtocol)
        #expect(Action.allCases.count == 7)
    }
}
