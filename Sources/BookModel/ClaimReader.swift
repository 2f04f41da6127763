import Claims
import Foundation
import SwiftParser
import SwiftSyntax

/// A claim found in a block: a statement whose line ends in a result comment.
public struct Claim: Sendable {
    /// Where the claimed expression starts, in the chapter.
    public var location: SourceLocation
    /// The claimed expression's text.
    public var expression: String
    public var expectation: Expectation
    /// The UTF-8 offset in the block's code right after the claimed expression,
    /// where the tangler appends ` ⟼ __claims[i]`.
    public var insertionOffset: Int
    /// When the value is an `if` or `switch` expression (which no operator may follow),
    /// what it was bound or assigned to: the tangler appends `; _ = NAME ⟼ __claims[i]`
    /// after the statement instead.
    public var recordsName: String? = nil
    /// The result comment, as written.
    public var comment: String
    /// The chapter line the result comment is on.
    public var commentLine: Int
    /// For a claim in prose: of the seed shown or of the method.
    public var seeds: SeedRule? = nil
    /// For a claim in prose (`⟦…⟧`): its span's index in the chapter; nil in a block.
    public var spanIndex: Int? = nil

    /// The claim as the registry states it.
    public var spec: ClaimSpec {
        ClaimSpec(file: location.file, line: location.line, column: location.column,
                  expression: expression, expectation: expectation, seeds: seeds)
    }
}

/// Reads claims with SwiftParser: the result comment is trailing trivia of the
/// statement's last token, so a `//` inside a string literal is never a claim.
public enum ClaimReader {
    /// The claims of one block, read from its syntax tree (the loader parses each
    /// block once and keeps the tree), and the problems found reading them.
    static func claims(in block: Block, tree: SourceFileSyntax) -> ([Claim], [Diagnostic]) {
        let converter = SourceLocationConverter(fileName: block.fence.file, tree: tree)
        var claims: [Claim] = []
        var problems: [Diagnostic] = []

        for token in tree.tokens(viewMode: .sourceAccurate) {
            // A result comment on a line of its own is leading trivia: it claims nothing.
            var offset = token.position
            for piece in token.leadingTrivia {
                defer { offset = offset + piece.sourceLength }
                guard case .lineComment(let text) = piece else { continue }
                let l = converter.location(for: offset)
                let at = block.location(line: l.line, column: l.column)
                if resultComment(text) != nil {
                    problems.append(Diagnostic(.warning, .claimAlone, at: at,
                        "this result comment is on a line of its own, so it claims nothing; put it after the expression whose value it states"))
                } else if let look = lookalike(text) {
                    problems.append(Diagnostic(.warning, .claimLookalike, at: at, look))
                }
            }
            for piece in token.trailingTrivia {
                if case .lineComment(let text) = piece, resultComment(text) == nil, let look = lookalike(text) {
                    let start = token.endPositionBeforeTrailingTrivia
                        + token.trailingTrivia.prefix { $0 != piece }.reduce(SourceLength.zero) { $0 + $1.sourceLength }
                    let l = converter.location(for: start)
                    problems.append(Diagnostic(.warning, .claimLookalike, at: block.location(line: l.line, column: l.column), look))
                }
                guard case .lineComment(let text) = piece, let (op, rest) = resultComment(text) else { continue }
                let commentStart = token.endPositionBeforeTrailingTrivia
                    + token.trailingTrivia.prefix { $0 != piece }.reduce(SourceLength.zero) { $0 + $1.sourceLength }
                let commentLoc = converter.location(for: commentStart)
                let at = block.location(line: commentLoc.line, column: commentLoc.column)
                switch expectation(op, rest) {
                case .failure(let why):
                    problems.append(Diagnostic(why.id, at: at, why.message))
                case .success(let expected):
                    switch claimedExpression(endingAt: token) {
                    case .failure(let why):
                        problems.append(Diagnostic(why.id, at: at, why.message))
                    case .success(let expr):
                        let l = converter.location(for: expr.start)
                        claims.append(Claim(
                            location: block.location(line: l.line, column: l.column),
                            expression: expr.text,
                            expectation: expected,
                            insertionOffset: token.endPositionBeforeTrailingTrivia.utf8Offset,
                            recordsName: expr.name,
                            comment: text, commentLine: at.line))
                    }
                }
            }
        }
        return (claims, problems)
    }

    struct Problem: Error {
        var id: DiagnosticID
        var message: String
    }

    /// `// ≈ 0.2236` → (≈, "0.2236"); a comment that states no result → nil.
    static func resultComment(_ text: String) -> (ClaimOperator, Substring)? {
        guard text.hasPrefix("//"), !text.hasPrefix("///") else { return nil }
        let body = text.dropFirst(2).drop { $0 == " " || $0 == "\t" }
        for (spelling, op) in ClaimOperator.spellings where body.hasPrefix(spelling) {
            return (op, body.dropFirst(spelling.count))
        }
        return nil
    }

    /// A comment that looks like a result comment but is none (`// ≠ 2`, `// => 2`).
    static func lookalike(_ text: String) -> String? {
        guard text.hasPrefix("//"), !text.hasPrefix("///") else { return nil }
        let body = text.dropFirst(2).drop { $0 == " " || $0 == "\t" }
        for mark in ["≠", "=>", "==", "!=", "⇒", "≅", "≃", "=~"] where body.hasPrefix(mark) {
            let rest = body.dropFirst(mark.count).drop { $0 == " " }
            guard let first = rest.first, first.isNumber || first == "-" || first == "[" || first == "\"" || first == "." else { return nil }
            return "`\(mark)` is not a claim operator, so this comment claims nothing; a claim states `→`, `≈`, `≤`, `<`, `≥` or `>` (or `->`, `~=`, `<=`, `>=`)"
        }
        return nil
    }

    /// Reads the expected value (and `± tol`) after the operator.
    static func expectation(_ op: ClaimOperator, _ text: Substring) -> Result<Expectation, Problem> {
        var valueText = text.trimmingCharacters(in: .whitespaces)
        var toleranceText: String?
        for mark in ["±", "+-", "+/-"] {
            if let r = valueText.range(of: mark), !insideString(valueText, r.lowerBound) {
                toleranceText = valueText[r.upperBound...].trimmingCharacters(in: .whitespaces)
                valueText = valueText[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                break
            }
        }
        if valueText.isEmpty {
            return .failure(Problem(id: .claimNoValue, message: "the result comment `\(op.rawValue)` states no value; write e.g. `\(op.rawValue) 3.5`"))
        }
        let value: ExpectedValue
        switch literal(valueText) {
        case .failure(let p): return .failure(p)
        case .success(let v): value = v
        }
        var tolerance: String?
        if let toleranceText {
            guard op == .equal || op == .approximately else {
                return .failure(Problem(id: .claimBoundTolerance, message: "a bound (`\(op.rawValue)`) takes no `± tolerance`"))
            }
            guard isNumeric(value) else {
                return .failure(Problem(id: .claimBoundTolerance, message: "`± tolerance` compares numbers, but `\(valueText)` is not a number or an array of numbers"))
            }
            guard case .success(.number(let t)) = literal(toleranceText), Double(t).map({ $0 >= 0 }) == true else {
                return .failure(Problem(id: .claimUnparsable, message: "cannot read the tolerance `\(toleranceText)`; write a non-negative number, e.g. `± 1e-12`"))
            }
            tolerance = t
        }
        if op != .equal, !isNumeric(value) {
            return .failure(Problem(id: .claimNotNumeric, message: "`\(op.rawValue)` compares numbers, but `\(valueText)` is not a number or an array of numbers"))
        }
        return .success(Expectation(op, value, tolerance: tolerance))
    }

    static func isNumeric(_ v: ExpectedValue) -> Bool {
        switch v {
        case .number: return true
        case .array(let xs): return xs.allSatisfy(isNumeric)
        default: return false
        }
    }

    static func insideString(_ s: String, _ i: String.Index) -> Bool {
        s[..<i].filter { $0 == "\"" }.count % 2 == 1
    }

    /// Parses an expected value with SwiftParser: a number (with an optional sign),
    /// `true`/`false`, a string literal without interpolation, or an array of these.
    static func literal(_ text: String) -> Result<ExpectedValue, Problem> {
        if let excess = NestingLimit.check(text) {
            return .failure(Problem(id: .claimUnparsable, message: "cannot read the expected value: \(excess.message)"))
        }
        let tree = NestingLimit.parse(text)
        let twoOperators = tree.tokens(viewMode: .sourceAccurate).contains { token in
            switch token.tokenKind {
            case .arrow: return true
            case .binaryOperator(let o), .prefixOperator(let o), .postfixOperator(let o):
                return ClaimOperator.spellings.contains { $0.0 == o }
            default: return false
            }
        }
        if twoOperators {
            return .failure(Problem(id: .claimTwoOperators, message: "the result comment has two operators (`\(text)` after the first); state one relation per claim"))
        }
        let unreadable = Problem(id: .claimUnparsable,
            message: "cannot read the expected value `\(text)`; write a number, `true` or `false`, a string in quotes, or an array of them")
        guard !tree.hasError, tree.statements.count == 1,
              let expr = tree.statements.first?.item.as(ExprSyntax.self),
              let value = literal(expr) else { return .failure(unreadable) }
        return .success(value)
    }

    static func literal(_ expr: ExprSyntax) -> ExpectedValue? {
        if let i = expr.as(IntegerLiteralExprSyntax.self) { return .number(i.literal.text.replacingOccurrences(of: "_", with: "")) }
        if let f = expr.as(FloatLiteralExprSyntax.self) { return .number(f.literal.text.replacingOccurrences(of: "_", with: "")) }
        if let b = expr.as(BooleanLiteralExprSyntax.self) { return .bool(b.literal.tokenKind == .keyword(.true)) }
        if let p = expr.as(PrefixOperatorExprSyntax.self), ["-", "+"].contains(p.operator.text),
           case .number(let n)? = literal(p.expression) {
            return .number(p.operator.text == "-" ? "-" + n : n)
        }
        if let s = expr.as(StringLiteralExprSyntax.self) {
            var out = ""
            for segment in s.segments {
                guard let text = segment.as(StringSegmentSyntax.self) else { return nil }
                out += unescape(text.content.text)
            }
            return .string(out)
        }
        if let a = expr.as(ArrayExprSyntax.self) {
            var xs: [ExpectedValue] = []
            for element in a.elements {
                guard let v = literal(element.expression) else { return nil }
                xs.append(v)
            }
            return .array(xs)
        }
        return nil
    }

    static func unescape(_ s: String) -> String {
        var out = "", escaping = false
        for c in s {
            if escaping {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "0": out.append("\0")
                default: out.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The expression a result comment after `token` claims: the statement's value,
    /// a `let`/`var`'s initial value, or an assignment's right-hand side.
    static func claimedExpression(endingAt token: TokenSyntax) -> Result<Claimed, Problem> {
        var node = Syntax(token)
        while let parent = node.parent {
            if let item = parent.as(CodeBlockItemSyntax.self) {
                guard item.lastToken(viewMode: .sourceAccurate) == token else { break }
                return expression(of: item)
            }
            if parent.is(MemberBlockItemSyntax.self) { break }
            node = parent
        }
        return .failure(Problem(id: .claimNotStatement,
            message: "a result comment must end a statement of an example (it claims that statement's value)"))
    }

    /// Where a claimed expression starts, and its text.
    struct Claimed {
        var start: AbsolutePosition
        var text: String
        /// For an `if`/`switch` value: the name it is bound or assigned to.
        var name: String?
        init(_ e: some SyntaxProtocol, name: String? = nil) {
            start = e.positionAfterSkippingLeadingTrivia; text = e.trimmedDescription; self.name = name
        }
        init(_ es: ArraySlice<ExprSyntax>) {
            start = es.first!.positionAfterSkippingLeadingTrivia
            text = es.map(\.trimmedDescription).joined(separator: " ")
        }
    }

    /// `if` and `switch` expressions: valid values, but no operator may follow them.
    static func isBranching(_ e: ExprSyntax) -> Bool {
        e.is(IfExprSyntax.self) || e.is(SwitchExprSyntax.self)
    }

    static func expression(of item: CodeBlockItemSyntax) -> Result<Claimed, Problem> {
        let notAnExpression = Problem(id: .claimNotExpression,
            message: "a claim must be an expression, a `let`/`var` with one initial value, or an assignment; put the value on its own line to claim it")
        if let decl = item.item.as(VariableDeclSyntax.self) {
            guard decl.bindings.count == 1, let binding = decl.bindings.first, let value = binding.initializer?.value else {
                return .failure(notAnExpression)
            }
            if isBranching(value) {
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else {
                    return .failure(Problem(id: .claimNotExpression,
                        message: "to claim an `if` or `switch` value, bind it to one name: `let v = if …`"))
                }
                return .success(Claimed(value, name: name))
            }
            return .success(Claimed(value))
        }
        guard let expr = item.item.as(ExprSyntax.self) else { return .failure(notAnExpression) }
        if let seq = expr.as(SequenceExprSyntax.self) {
            let elements = Array(seq.elements)
            if elements.contains(where: { e in
                guard let op = e.as(BinaryOperatorExprSyntax.self) else { return false }
                let t = op.operator.text
                return t.count >= 2 && t.hasSuffix("=") && !["==", "!=", "<=", ">=", "===", "!=="].contains(t)
            }) {
                return .failure(Problem(id: .claimCompoundAssignment,
                    message: "a claim on a compound assignment is ambiguous; claim the variable on its own line"))
            }
            if let i = elements.firstIndex(where: { $0.is(AssignmentExprSyntax.self) }) {
                let rhs = elements[(i + 1)...]
                guard !rhs.isEmpty else { return .failure(notAnExpression) }
                if rhs.count == 1, let only = rhs.first, isBranching(only) {
                    return .success(Claimed(only, name: elements[..<i].map(\.trimmedDescription).joined(separator: " ")))
                }
                return .success(Claimed(rhs))
            }
        }
        return .success(Claimed(expr))
    }
}
