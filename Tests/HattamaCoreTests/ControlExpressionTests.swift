import HattamaCore
import Testing

@Suite("Control expressions")
struct ControlExpressionTests {
    typealias Term = ControlExpression.Term

    @Test func multiplicationBindsTighterThanAddition() throws {
        let expression = try ControlExpression(parsing: "a + b * c = 0")
        #expect(expression.left == .add(.line("a"), .multiply(.line("b"), .line("c"))))
        #expect(expression.relation == .equal)
        #expect(expression.right == .constant(0))
    }

    @Test func subtractionIsLeftAssociative() throws {
        let expression = try ControlExpression(parsing: "a - b - c >= 0")
        #expect(expression.left == .subtract(.subtract(.line("a"), .line("b")), .line("c")))
        #expect(expression.evaluate(lines: ["a": 10, "b": 3, "c": 2], candidateVotes: []).left == 5)
    }

    @Test func parenthesesOverridePrecedence() throws {
        let expression = try ControlExpression(parsing: "(a + b) * c <= 2 * (c - a)")
        #expect(expression.left == .multiply(.add(.line("a"), .line("b")), .line("c")))
        #expect(expression.right == .multiply(.constant(2), .subtract(.line("c"), .line("a"))))
        #expect(expression.relation == .lessOrEqual)
        let values = expression.evaluate(lines: ["a": 1, "b": 2, "c": 4], candidateVotes: [])
        #expect(values.left == 12)
        #expect(values.right == 6)
    }

    @Test func candidateSum() throws {
        let expression = try ControlExpression(parsing: "invalid_ballots + sum(candidates) = ballots_cast")
        #expect(expression.left == .add(.line("invalid_ballots"), .candidateSum))
        #expect(expression.lineIDs == ["invalid_ballots", "ballots_cast"])
        let values = expression.evaluate(lines: ["invalid_ballots": 10, "ballots_cast": 798], candidateVotes: [700, 50, 20, 18])
        #expect(values == (798, 798) as (Int, Int))
        #expect(expression.evaluate(lines: [:], candidateVotes: []).left == 0)
    }

    @Test func whitespaceIsFree() throws {
        let spaced = try ControlExpression(parsing: "  valid  =  sum ( candidates )  ")
        let tight = try ControlExpression(parsing: "valid=sum(candidates)")
        #expect(spaced.left == tight.left)
        #expect(spaced.right == .candidateSum)
        #expect(spaced.relation == tight.relation)
        #expect(try ControlExpression(parsing: "a\t>=\nb").relation == .greaterOrEqual)
    }

    @Test func identifiersAndNumbers() throws {
        let expression = try ControlExpression(parsing: "Line_2 + sumx = 007")
        #expect(expression.left == .add(.line("Line_2"), .line("sumx")))
        #expect(expression.right == .constant(7))
        #expect(expression.lineIDs == ["Line_2", "sumx"])
        #expect(try ControlExpression(parsing: "x = 1000000000").right == .constant(1_000_000_000))
    }

    @Test func sourceIsKeptAsDescription() throws {
        let source = "ballots_cast <= ballots_issued"
        let expression = try ControlExpression(parsing: source)
        #expect(expression.source == source)
        #expect(expression.description == source)
    }

    @Test func missingLinesCountAsZero() throws {
        let expression = try ControlExpression(parsing: "a + b = c")
        #expect(expression.evaluate(lines: ["a": 4], candidateVotes: []) == (4, 0) as (Int, Int))
    }

    @Test func parseTermReadsAnExpressionWithoutRelation() throws {
        let term = try ControlExpression.parseTerm("ballots_cast - invalid_ballots")
        #expect(term == .subtract(.line("ballots_cast"), .line("invalid_ballots")))
        #expect(ControlExpression.lineIDs(in: term) == ["ballots_cast", "invalid_ballots"])
        #expect(ControlExpression.evaluate(term, lines: ["ballots_cast": 798, "invalid_ballots": 10], candidateVotes: []) == 788)
        #expect(throws: ControlExpression.ParseError.self) { try ControlExpression.parseTerm("a = b") }
        #expect(throws: ControlExpression.ParseError.self) { try ControlExpression.parseTerm("") }
    }

    struct BadExpression: Sendable, CustomTestStringConvertible {
        let source: String
        let position: Int
        let message: String
        var testDescription: String { "'\(source)'" }
    }

    @Test(
        "Syntax errors give the position and what was expected",
        arguments: [
            BadExpression(source: "", position: 0, message: "expected a line id, a number or '(' but the expression ended"),
            BadExpression(source: "   ", position: 3, message: "expected a line id, a number or '(' but the expression ended"),
            BadExpression(source: "a + b", position: 5, message: "expected a relation '=', '<=' or '>=' but the expression ended"),
            BadExpression(source: "a < b", position: 2, message: "expected a relation '=', '<=' or '>=', found '<'"),
            BadExpression(source: "a = b c", position: 6, message: "unexpected 'c' after the relation"),
            BadExpression(source: "a = b = c", position: 6, message: "unexpected '=' after the relation"),
            BadExpression(source: "a == b", position: 3, message: "unexpected '='"),
            BadExpression(source: "a = $", position: 4, message: "unexpected '$'"),
            BadExpression(source: "a = -1", position: 4, message: "unexpected '-'"),
            BadExpression(source: "a = b +", position: 7, message: "expected a line id, a number or '(' but the expression ended"),
            BadExpression(source: "(a + b = c", position: 7, message: "expected ')'"),
            BadExpression(source: "sum(voters) = 0", position: 4, message: "the only sum allowed is 'sum(candidates)'"),
            BadExpression(source: "sum = 0", position: 4, message: "the only sum allowed is 'sum(candidates)'"),
            BadExpression(source: "sum(candidates = 0", position: 15, message: "the only sum allowed is 'sum(candidates)'"),
            BadExpression(source: "a = 10000000001", position: 4, message: "number 10000000001 is too large"),
            BadExpression(source: "a = 99999999999999999999", position: 4, message: "number 99999999999999999999 is too large"),
            BadExpression(source: "a = ٣", position: 4, message: "unexpected '٣'"),
            BadExpression(source: "é = 0", position: 0, message: "unexpected 'é'"),
        ])
    func syntaxError(_ bad: BadExpression) throws {
        let error = try #require(throws: ControlExpression.ParseError.self) { try ControlExpression(parsing: bad.source) }
        #expect(error.position == bad.position)
        #expect(error.message == bad.message)
        #expect(error.description == "at character \(bad.position + 1): \(bad.message)")
    }

    struct Tolerance: Sendable, CustomTestStringConvertible {
        let relation: String
        let left: Int
        let right: Int
        let tolerance: Int
        let holds: Bool
        var testDescription: String { "\(left) \(relation) \(right) ± \(tolerance) → \(holds)" }
    }

    @Test(
        "holds allows the tolerance only in the direction that matters",
        arguments: [
            Tolerance(relation: "=", left: 10, right: 10, tolerance: 0, holds: true),
            Tolerance(relation: "=", left: 10, right: 11, tolerance: 0, holds: false),
            Tolerance(relation: "=", left: 11, right: 10, tolerance: 0, holds: false),
            Tolerance(relation: "=", left: 10, right: 12, tolerance: 2, holds: true),
            Tolerance(relation: "=", left: 12, right: 10, tolerance: 2, holds: true),
            Tolerance(relation: "=", left: 13, right: 10, tolerance: 2, holds: false),
            Tolerance(relation: "=", left: 7, right: 10, tolerance: 2, holds: false),
            Tolerance(relation: "<=", left: 10, right: 10, tolerance: 0, holds: true),
            Tolerance(relation: "<=", left: 3, right: 10, tolerance: 0, holds: true),
            Tolerance(relation: "<=", left: 11, right: 10, tolerance: 0, holds: false),
            Tolerance(relation: "<=", left: 15, right: 10, tolerance: 5, holds: true),
            Tolerance(relation: "<=", left: 16, right: 10, tolerance: 5, holds: false),
            Tolerance(relation: ">=", left: 10, right: 10, tolerance: 0, holds: true),
            Tolerance(relation: ">=", left: 30, right: 10, tolerance: 0, holds: true),
            Tolerance(relation: ">=", left: 9, right: 10, tolerance: 0, holds: false),
            Tolerance(relation: ">=", left: 795, right: 800, tolerance: 5, holds: true),
            Tolerance(relation: ">=", left: 794, right: 800, tolerance: 5, holds: false),
        ])
    func holdsWithTolerance(_ check: Tolerance) throws {
        let expression = try ControlExpression(parsing: "x \(check.relation) y")
        #expect(expression.relation.rawValue == check.relation)
        #expect(expression.holds(left: check.left, right: check.right, tolerance: check.tolerance) == check.holds)
        let values = expression.evaluate(lines: ["x": check.left, "y": check.right], candidateVotes: [])
        #expect(expression.holds(left: values.left, right: values.right, tolerance: check.tolerance) == check.holds)
    }

    @Test func relationsAreRecognised() throws {
        #expect(try ControlExpression(parsing: "a=b").relation == .equal)
        #expect(try ControlExpression(parsing: "a<=b").relation == .lessOrEqual)
        #expect(try ControlExpression(parsing: "a>=b").relation == .greaterOrEqual)
    }
}
