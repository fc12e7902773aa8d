import Foundation
import HattamaCore
import HattamaStore

/// A precinct's protocol as published: every line, every control check explained, the hash,
/// signature and place in the transparency log, and the history of versions with what changed.
struct ProtocolBlock {
    struct Line {
        var number: String
        var label: String
        var value: String
    }
    struct Check {
        var ruleID: String
        var expression: String
        var values: String
        var article: String
        var message: String
        /// `holds`, `error` or `warning` (a CSS class).
        var state: String
        var stateText: String
        var failed: Bool
    }
    struct Change {
        var label: String
        var from: String
        var to: String
    }
    struct VersionRow {
        var version: Int
        var reason: String
        var outcome: String
        var submittedAt: String
        var hash: String
        var decisionReference: String?
        var logIndex: String?
        var proofHref: String?
        var changes: [Change]
        var hasChanges: Bool
        var isFirst: Bool
        var unchanged: Bool
    }

    var lines: [Line]
    var checks: [Check]
    var allPassed: Bool
    var outcome: String
    var outcomeClass: String
    var hash: String
    var signature: String
    var publicKey: String
    var logIndex: String?
    var leafHash: String?
    var proofHref: String?
    var versions: [VersionRow]
}

extension ProtocolBlock {
    /// `leafHashes`: leaf hash (hex) by log index, for the versions that are in the log.
    init(_ record: ProtocolRecord, profile: LawProfile, candidates: [Candidate], leafHashes: [Int: String], language: Language) {
        let shown = record.counted ?? record.latest
        let ordered = candidates.sorted { $0.ballotOrder < $1.ballotOrder }
        // Every line with its label, candidates after the profile's lines.
        var labelled: [(number: String, label: String, value: (ResultsProtocol) -> Int)] = profile.protocolForm.lines.map { line in
            (line.number, line.labels[language], { $0.lines[line.id] ?? 0 })
        }
        let first = profile.protocolForm.candidateLines.firstNumber
        for (i, candidate) in ordered.enumerated() {
            labelled.append(
                (
                    first.map { String($0 + i) } ?? "",
                    "\(profile.protocolForm.candidateLines.labels[language]): \(candidate.name[language])",
                    { $0.candidateVotes[candidate.id] ?? 0 }
                ))
        }
        lines = labelled.map { Line(number: $0.number, label: $0.label, value: language.format($0.value(shown.figures))) }
        // Every control of the profile on the latest version (the one whose outcome is shown).
        let results = (try? CompiledProfile(profile).check(record.latest.figures)) ?? record.latest.failures
        checks = results.map {
            let state = $0.passed ? "holds" : $0.severity.rawValue
            let stateText: Strings = $0.passed ? .checkHolds : ($0.severity == .error ? .checkFails : .checkWarns)
            return Check(
                ruleID: $0.ruleID, expression: $0.expression,
                values: "\(language.format($0.left)) / \(language.format($0.right))"
                    + ($0.tolerance > 0 ? " (±\(language.format($0.tolerance)))" : ""),
                article: $0.article, message: $0.messages[language], state: state, stateText: stateText[language],
                failed: !$0.passed)
        }
        allPassed = record.latest.failures.isEmpty
        outcome = Strings.of(record.latest.outcome)[language]
        outcomeClass = record.latest.outcome.rawValue
        hash = shown.hash
        signature = shown.signature
        publicKey = record.publicKey ?? ""
        logIndex = shown.logIndex.map { language.format($0) }
        leafHash = shown.logIndex.flatMap { leafHashes[$0] }
        proofHref = leafHash.map { SiteURL.api(.logInclusionAtHead(hash: $0)).path }
        var rows: [VersionRow] = []
        var previous: ProtocolVersion?
        for version in record.history {
            let changes =
                previous.map { before in
                    labelled.compactMap { line -> Change? in
                        let (old, new) = (line.value(before.figures), line.value(version.figures))
                        guard old != new else { return nil }
                        return Change(
                            label: line.number.isEmpty ? line.label : "\(line.number). \(line.label)", from: language.format(old),
                            to: language.format(new))
                    }
                } ?? []
            let leaf = version.logIndex.flatMap { leafHashes[$0] }
            rows.append(
                VersionRow(
                    version: version.version, reason: Strings.of(version.reason)[language],
                    outcome: Strings.of(version.outcome)[language], submittedAt: language.dateTime(iso: version.submittedAt),
                    hash: version.hash, decisionReference: version.decisionReference,
                    logIndex: version.logIndex.map { language.format($0) },
                    proofHref: leaf.map { SiteURL.api(.logInclusionAtHead(hash: $0)).path }, changes: changes, hasChanges: !changes.isEmpty,
                    isFirst: previous == nil,
                    unchanged: previous != nil && changes.isEmpty))
            previous = version
        }
        versions = rows.reversed()
    }
}
