import Foundation

/// The outcome of one control rule on one protocol: both sides' values, so that a commission
/// and an observer see by how much it failed, and the article it comes from.
public struct ControlCheckResult: Codable, Hashable, Sendable {
    public var ruleID: String
    public var expression: String
    public var severity: LawProfile.ControlRule.Severity
    public var left: Int
    public var right: Int
    public var tolerance: Int
    public var article: String
    public var messages: LocalizedText
    public var passed: Bool

    public init(
        ruleID: String, expression: String, severity: LawProfile.ControlRule.Severity, left: Int, right: Int, tolerance: Int,
        article: String, messages: LocalizedText, passed: Bool
    ) {
        self.ruleID = ruleID
        self.expression = expression
        self.severity = severity
        self.left = left
        self.right = right
        self.tolerance = tolerance
        self.article = article
        self.messages = messages
        self.passed = passed
    }
}

/// What happens to a protocol after its controls were checked.
public enum ProtocolOutcome: String, Codable, CaseIterable, Sendable {
    /// Every control holds: the figures go into the summaries.
    case accepted
    /// Only warning-level controls failed: the figures count, the warnings are published with them.
    case acceptedWithWarnings = "accepted-with-warnings"
    /// An error-level control failed: the protocol is received but kept out of every total until
    /// a corrected version replaces it.
    case quarantined

    /// Whether the protocol's figures count in the summaries.
    public var counts: Bool { self != .quarantined }
}

/// All failed controls of one protocol and the outcome they lead to.
public struct ProtocolAssessment: Codable, Hashable, Sendable {
    public var outcome: ProtocolOutcome
    /// Failed controls in the profile's order.
    public var failures: [ControlCheckResult]

    /// The outcome follows from the failures: quarantined iff an error-level control failed.
    public init(failures: [ControlCheckResult]) {
        let failed = failures.filter { !$0.passed }
        self.failures = failed
        if failed.contains(where: { $0.severity == .error }) {
            outcome = .quarantined
        } else if failed.isEmpty {
            outcome = .accepted
        } else {
            outcome = .acceptedWithWarnings
        }
    }

    public static let accepted = ProtocolAssessment(failures: [])
}

/// An arithmetic term of the profile, compiled to a postfix program over line indices so that
/// evaluating it needs no dictionary look-ups and no allocation.
public struct CompiledTerm: Hashable, Sendable {
    enum Op: Hashable, Sendable {
        case constant(Int)
        case line(Int)
        case candidateSum
        case add, subtract, multiply
    }

    let ops: [Op]
    let stackDepth: Int

    init(_ term: ControlExpression.Term, lineIndex: [String: Int]) throws(CompiledProfile.Problem) {
        var ops: [Op] = []
        var depth = 0
        var maximum = 0
        func emit(_ term: ControlExpression.Term) throws(CompiledProfile.Problem) {
            switch term {
            case .constant(let value):
                ops.append(.constant(value))
                depth += 1
            case .line(let id):
                guard let index = lineIndex[id] else { throw CompiledProfile.Problem(message: "refers to unknown line '\(id)'") }
                ops.append(.line(index))
                depth += 1
            case .candidateSum:
                ops.append(.candidateSum)
                depth += 1
            case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b):
                try emit(a)
                try emit(b)
                switch term {
                case .add: ops.append(.add)
                case .subtract: ops.append(.subtract)
                default: ops.append(.multiply)
                }
                depth -= 1
            }
            maximum = max(maximum, depth)
        }
        try emit(term)
        self.ops = ops
        stackDepth = max(maximum, 1)
    }

    /// Value over line figures in form order. Wrapping arithmetic, like `ControlExpression`, so
    /// that absurd figures give an absurd value rather than a crash.
    public func evaluate(lines: UnsafeBufferPointer<Int>, candidateSum: Int) -> Int {
        // The common term is a single line: skip the stack.
        if ops.count == 1 {
            switch ops[0] {
            case .line(let i): return lines[i]
            case .constant(let c): return c
            case .candidateSum: return candidateSum
            default: break
            }
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: stackDepth) { stack in
            var top = 0
            for op in ops {
                switch op {
                case .constant(let c):
                    stack[top] = c
                    top += 1
                case .line(let i):
                    stack[top] = lines[i]
                    top += 1
                case .candidateSum:
                    stack[top] = candidateSum
                    top += 1
                case .add:
                    top -= 1
                    stack[top - 1] = stack[top - 1] &+ stack[top]
                case .subtract:
                    top -= 1
                    stack[top - 1] = stack[top - 1] &- stack[top]
                case .multiply:
                    top -= 1
                    stack[top - 1] = stack[top - 1] &* stack[top]
                }
            }
            return stack[0]
        }
    }

    public func evaluate(lines: [Int], candidateSum: Int) -> Int {
        lines.withUnsafeBufferPointer { evaluate(lines: $0, candidateSum: candidateSum) }
    }
}

/// A law profile with every expression parsed and resolved to line indices once, to be reused
/// for every protocol of the election (the assessment of a protocol then costs one dictionary
/// look-up per line and a few dozen integer operations).
public struct CompiledProfile: Sendable {
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public struct CompiledControl: Sendable {
        public let rule: LawProfile.ControlRule
        public let left: CompiledTerm
        public let relation: ControlExpression.Relation
        public let right: CompiledTerm
    }

    public let profile: LawProfile
    /// Line ids in form order; line figures are handled as arrays in this order.
    public let lineIDs: [String]
    public let lineIndex: [String: Int]
    public let controls: [CompiledControl]
    public let registeredVoters: CompiledTerm
    public let ballotsIssued: CompiledTerm
    public let ballotsCast: CompiledTerm
    public let invalidBallots: CompiledTerm
    public let validVotes: CompiledTerm
    public let turnout: CompiledTerm
    public let winnerBasis: CompiledTerm

    /// Compiles a profile. A profile loaded by `LawProfile.load`/`bundled` always compiles; a
    /// hand-built one may not, and is refused with the key path of the bad expression.
    public init(_ profile: LawProfile) throws(Problem) {
        self.profile = profile
        lineIDs = profile.protocolForm.lines.map(\.id)
        var index: [String: Int] = [:]
        for (i, id) in lineIDs.enumerated() {
            guard index.updateValue(i, forKey: id) == nil else {
                throw Problem(message: "protocolForm.lines: line '\(id)' is declared twice")
            }
        }
        lineIndex = index
        func term(_ source: String, _ keyPath: String) throws(Problem) -> CompiledTerm {
            do {
                return try CompiledTerm(try ControlExpression.parseTerm(source), lineIndex: index)
            } catch let error as ControlExpression.ParseError {
                throw Problem(message: "\(keyPath): \(error.description)")
            } catch let error as Problem {
                throw Problem(message: "\(keyPath): \(error.message)")
            } catch {
                throw Problem(message: "\(keyPath): \(error)")
            }
        }
        let form = profile.protocolForm
        registeredVoters = try term(form.registeredVoters, "protocolForm.registeredVoters")
        ballotsIssued = try term(form.ballotsIssued, "protocolForm.ballotsIssued")
        ballotsCast = try term(form.ballotsCast, "protocolForm.ballotsCast")
        invalidBallots = try term(form.invalidBallots, "protocolForm.invalidBallots")
        validVotes = try term(form.validVotes, "protocolForm.validVotes")
        turnout = try term(form.turnout, "protocolForm.turnout")
        winnerBasis = try term(profile.winner.basis, "winner.basis")
        var controls: [CompiledControl] = []
        for (i, rule) in profile.controls.enumerated() {
            let keyPath = "controls[\(i)].expression"
            do {
                let expression = try rule.parsed()
                controls.append(
                    CompiledControl(
                        rule: rule, left: try CompiledTerm(expression.left, lineIndex: index), relation: expression.relation,
                        right: try CompiledTerm(expression.right, lineIndex: index)))
            } catch let error as ControlExpression.ParseError {
                throw Problem(message: "\(keyPath): \(error.description)")
            } catch let error as Problem {
                throw Problem(message: "\(keyPath): \(error.message)")
            } catch {
                throw Problem(message: "\(keyPath): \(error)")
            }
        }
        self.controls = controls
    }

    /// The protocol's line figures in form order; a missing line reads as 0, as in
    /// `ControlExpression.evaluate` (validation refuses missing lines before this matters).
    public func lineValues(of resultsProtocol: ResultsProtocol) -> [Int] {
        lineIDs.map { resultsProtocol.lines[$0] ?? 0 }
    }

    /// Every control of the profile on the protocol, in the profile's order.
    public func check(_ resultsProtocol: ResultsProtocol) -> [ControlCheckResult] {
        let lines = lineValues(of: resultsProtocol)
        let candidateSum = resultsProtocol.candidateVotes.values.reduce(0, &+)
        return check(lines: lines, candidateSum: candidateSum)
    }

    /// Every control on figures already in form order, e.g. a commission's summed figures.
    public func check(lines: [Int], candidateSum: Int) -> [ControlCheckResult] {
        check(lines: lines, candidateSum: candidateSum, failuresOnly: false)
    }

    /// Checks all controls and decides the protocol's outcome.
    public func assess(_ resultsProtocol: ResultsProtocol) -> ProtocolAssessment {
        let lines = lineValues(of: resultsProtocol)
        let candidateSum = resultsProtocol.candidateVotes.values.reduce(0, &+)
        return ProtocolAssessment(failures: check(lines: lines, candidateSum: candidateSum, failuresOnly: true))
    }

    /// Most protocols pass every control, so the assessment only builds records for failures.
    func check(lines: [Int], candidateSum: Int, failuresOnly: Bool) -> [ControlCheckResult] {
        lines.withUnsafeBufferPointer { buffer in
            var results: [ControlCheckResult] = []
            for control in controls {
                let left = control.left.evaluate(lines: buffer, candidateSum: candidateSum)
                let right = control.right.evaluate(lines: buffer, candidateSum: candidateSum)
                let tolerance = control.rule.tolerance ?? 0
                let passed = Self.holds(control.relation, left: left, right: right, tolerance: tolerance)
                if passed && failuresOnly { continue }
                results.append(
                    ControlCheckResult(
                        ruleID: control.rule.id, expression: control.rule.expression, severity: control.rule.severity, left: left,
                        right: right, tolerance: tolerance, article: control.rule.article, messages: control.rule.messages,
                        passed: passed))
            }
            return results
        }
    }

    /// Like `ControlExpression.holds`, but never traps on absurd (overflowing) figures.
    static func holds(_ relation: ControlExpression.Relation, left: Int, right: Int, tolerance: Int) -> Bool {
        switch relation {
        case .equal:
            let (difference, overflow) = left.subtractingReportingOverflow(right)
            return !overflow && difference.magnitude <= UInt(max(tolerance, 0))
        case .lessOrEqual:
            let (bound, overflow) = right.addingReportingOverflow(tolerance)
            return overflow ? tolerance > 0 : left <= bound
        case .greaterOrEqual:
            let (raised, overflow) = left.addingReportingOverflow(tolerance)
            return overflow ? tolerance > 0 : raised >= right
        }
    }
}
