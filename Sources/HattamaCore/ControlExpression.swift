import Foundation

/// A control relation between protocol lines, written in a law profile as a small expression
/// such as `ballots_received = ballots_issued + ballots_spoiled + ballots_unused` or
/// `valid = sum(candidates)`.
///
/// Grammar (whitespace is free):
/// ```
/// relation := sum ('=' | '<=' | '>=') sum
/// sum      := product (('+' | '-') product)*
/// product  := atom ('*' atom)*
/// atom     := INTEGER | LINE_ID | 'sum(candidates)' | '(' sum ')'
/// ```
public struct ControlExpression: Hashable, Sendable, CustomStringConvertible {
    public enum Relation: String, Sendable {
        case equal = "="
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
    }

    public indirect enum Term: Hashable, Sendable {
        case constant(Int)
        case line(String)
        case candidateSum
        case add(Term, Term)
        case subtract(Term, Term)
        case multiply(Term, Term)
    }

    public let left: Term
    public let relation: Relation
    public let right: Term
    public let source: String

    public var description: String { source }

    /// Line ids the expression reads (without the candidate sum).
    public var lineIDs: Set<String> {
        Self.lineIDs(in: left).union(Self.lineIDs(in: right))
    }

    public static func lineIDs(in term: Term) -> Set<String> {
        switch term {
        case .constant, .candidateSum: []
        case .line(let id): [id]
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b):
            lineIDs(in: a).union(lineIDs(in: b))
        }
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public let position: Int
        public let message: String
        public var description: String { "at character \(position + 1): \(message)" }
    }

    public init(parsing source: String) throws(ParseError) {
        var parser = Parser(Array(source.unicodeScalars))
        let (left, relation, right) = try parser.parseRelation()
        self.left = left
        self.relation = relation
        self.right = right
        self.source = source
    }

    /// Values of both sides, given the figures of a protocol.
    public func evaluate(lines: [String: Int], candidateVotes: [Int]) -> (left: Int, right: Int) {
        (
            Self.evaluate(left, lines: lines, candidateVotes: candidateVotes),
            Self.evaluate(right, lines: lines, candidateVotes: candidateVotes)
        )
    }

    /// Whether the relation holds, allowing `tolerance` in the direction that matters.
    public func holds(left: Int, right: Int, tolerance: Int) -> Bool {
        switch relation {
        case .equal: abs(left - right) <= tolerance
        case .lessOrEqual: left <= right + tolerance
        case .greaterOrEqual: left + tolerance >= right
        }
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var index = 0

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        mutating func skipSpace() {
            while index < chars.count, chars[index].properties.isWhitespace { index += 1 }
        }

        func fail(_ message: String) -> ParseError { ParseError(position: index, message: message) }

        mutating func parseRelation() throws(ParseError) -> (Term, Relation, Term) {
            let left = try parseSum()
            skipSpace()
            let relation: Relation
            if consume("<=") {
                relation = .lessOrEqual
            } else if consume(">=") {
                relation = .greaterOrEqual
            } else if consume("=") {
                relation = .equal
            } else if index >= chars.count {
                throw fail("expected a relation '=', '<=' or '>=' but the expression ended")
            } else {
                throw fail("expected a relation '=', '<=' or '>=', found '\(chars[index])'")
            }
            let right = try parseSum()
            skipSpace()
            if index < chars.count { throw fail("unexpected '\(chars[index])' after the relation") }
            return (left, relation, right)
        }

        mutating func consume(_ token: String) -> Bool {
            skipSpace()
            let scalars = Array(token.unicodeScalars)
            guard index + scalars.count <= chars.count, Array(chars[index..<index + scalars.count]) == scalars
            else { return false }
            index += scalars.count
            return true
        }

        mutating func parseSum() throws(ParseError) -> Term {
            var term = try parseProduct()
            while true {
                if consume("+") {
                    term = .add(term, try parseProduct())
                } else if consume("-") {
                    term = .subtract(term, try parseProduct())
                } else {
                    return term
                }
            }
        }

        mutating func parseProduct() throws(ParseError) -> Term {
            var term = try parseAtom()
            while consume("*") { term = .multiply(term, try parseAtom()) }
            return term
        }

        mutating func parseAtom() throws(ParseError) -> Term {
            skipSpace()
            guard index < chars.count else { throw fail("expected a line id, a number or '(' but the expression ended") }
            if consume("(") {
                let inner = try parseSum()
                guard consume(")") else { throw fail("expected ')'") }
                return inner
            }
            let start = index
            if chars[index].properties.numericType != nil, ("0"..."9").contains(chars[index]) {
                while index < chars.count, ("0"..."9").contains(chars[index]) { index += 1 }
                let text = String(String.UnicodeScalarView(chars[start..<index]))
                guard let value = Int(text), value <= 1_000_000_000 else {
                    index = start
                    throw fail("number \(text) is too large")
                }
                return .constant(value)
            }
            while index < chars.count, Self.isIdentifier(chars[index]) { index += 1 }
            guard index > start else { throw fail("unexpected '\(chars[index])'") }
            let name = String(String.UnicodeScalarView(chars[start..<index]))
            if name == "sum" {
                guard consume("("), consume("candidates"), consume(")") else {
                    throw fail("the only sum allowed is 'sum(candidates)'")
                }
                return .candidateSum
            }
            return .line(name)
        }

        static func isIdentifier(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
        }
    }
}

extension ControlExpression {
    /// Parses a single arithmetic term (no relation), e.g. a profile's `validVotes`.
    public static func parseTerm(_ source: String) throws(ParseError) -> Term {
        let relation = try ControlExpression(parsing: source + " = 0")
        return relation.left
    }

    public static func evaluate(_ term: Term, lines: [String: Int], candidateVotes: [Int]) -> Int {
        switch term {
        case .constant(let c): return c
        case .line(let id): return lines[id] ?? 0
        case .candidateSum: return candidateVotes.reduce(0, &+)
        case .add(let a, let b):
            return evaluate(a, lines: lines, candidateVotes: candidateVotes)
                &+ evaluate(b, lines: lines, candidateVotes: candidateVotes)
        case .subtract(let a, let b):
            return evaluate(a, lines: lines, candidateVotes: candidateVotes)
                &- evaluate(b, lines: lines, candidateVotes: candidateVotes)
        case .multiply(let a, let b):
            return evaluate(a, lines: lines, candidateVotes: candidateVotes)
                &* evaluate(b, lines: lines, candidateVotes: candidateVotes)
        }
    }
}
