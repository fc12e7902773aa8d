import Foundation

/// Why a protocol version exists: the first count, or a correction with its grounds.
public enum ProtocolVersionReason: String, Codable, CaseIterable, Sendable {
    case original
    case recount
    case commissionDecision = "commission-decision"
    case courtDecision = "court-decision"

    /// The grounds a correction may name: every reason but `original`.
    public static var corrections: [ProtocolVersionReason] { allCases.filter { $0 != .original } }
}

/// The latest stored version of a precinct's protocol, as much of it as the version rule needs.
public struct ProtocolVersionHead: Codable, Hashable, Sendable {
    public var version: Int
    /// SHA-256 of its canonical bytes, hex: the protocol's identity.
    public var hash: String

    public init(version: Int, hash: String) {
        self.version = version
        self.hash = hash
    }
}

/// Why a submission cannot become the next version of a precinct's protocol.
public enum ProtocolVersionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A correction's decision reference is longer than `ProtocolVersionChain.decisionReferenceLimit`.
    case decisionReferenceTooLong(length: Int, limit: Int)
    /// Byte for byte the version that is current: there is nothing to correct.
    case identicalToCurrent(precinctID: String, version: Int)
    /// Version 1 is the count itself; a correction needs something to correct.
    case firstNotOriginal(precinctID: String, reason: ProtocolVersionReason)
    /// A later version replaces a published one, so it names its grounds.
    case correctionWithoutReason(precinctID: String, version: Int)

    /// A stable name for API clients.
    public var code: String {
        switch self {
        case .decisionReferenceTooLong: "decision-reference-too-long"
        case .identicalToCurrent: "identical-to-current"
        case .firstNotOriginal: "first-not-original"
        case .correctionWithoutReason: "correction-without-reason"
        }
    }

    /// The submission is well-formed but repeats what is stored (a store `conflict`); every other
    /// case is a bad input (`invalid`).
    public var isConflict: Bool {
        if case .identicalToCurrent = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .decisionReferenceTooLong(_, let limit):
            "decision reference: at most \(limit) characters"
        case .identicalToCurrent(let precinctID, let version):
            "precinct '\(precinctID)': identical to the current version \(version)"
        case .firstNotOriginal(let precinctID, let reason):
            "precinct '\(precinctID)': the first protocol is an original, not a \(reason.rawValue)"
        case .correctionWithoutReason(let precinctID, let version):
            "precinct '\(precinctID)': version \(version) is a correction; name its reason ("
                + ProtocolVersionReason.corrections.map(\.rawValue).joined(separator: ", ") + ")"
        }
    }
}

/// The rule of a precinct's protocol versions: version 1 is the original count; every later
/// version is a correction that names its grounds (a recount, a commission's or a court's
/// decision) and differs from the version it replaces. Versions are numbered 1, 2, … without
/// gaps, and nothing is ever overwritten: the history stays public.
public enum ProtocolVersionChain {
    /// Longest decision reference a correction may carry, in characters.
    public static let decisionReferenceLimit = 200

    /// What a submission says about itself, checked before any stored version is read. Only a
    /// correction's decision reference is limited: an original carries none that counts.
    public static func checkSubmission(reason: ProtocolVersionReason, decisionReference: String?) throws(ProtocolVersionError) {
        let length = decisionReference?.count ?? 0
        if reason != .original, length > decisionReferenceLimit {
            throw .decisionReferenceTooLong(length: length, limit: decisionReferenceLimit)
        }
    }

    /// The version number a submission with `hash` and `reason` becomes after `previous` (the
    /// precinct's latest stored version; nil when it has none), or why it cannot.
    public static func nextVersion(
        precinctID: String, hash: String, reason: ProtocolVersionReason, after previous: ProtocolVersionHead?
    ) throws(ProtocolVersionError) -> Int {
        if let previous, previous.hash == hash {
            throw .identicalToCurrent(precinctID: precinctID, version: previous.version)
        }
        let version = (previous?.version ?? 0) + 1
        if version == 1, reason != .original { throw .firstNotOriginal(precinctID: precinctID, reason: reason) }
        if version > 1, reason == .original { throw .correctionWithoutReason(precinctID: precinctID, version: version) }
        return version
    }

    /// Both checks, in the order the store makes them.
    public static func admit(
        precinctID: String, hash: String, reason: ProtocolVersionReason, decisionReference: String?, after previous: ProtocolVersionHead?
    ) throws(ProtocolVersionError) -> Int {
        try checkSubmission(reason: reason, decisionReference: decisionReference)
        return try nextVersion(precinctID: precinctID, hash: hash, reason: reason, after: previous)
    }
}
