import Claims
import Foundation
import SwiftParser
import SwiftSyntax

/// A `⟦…⟧` span as the front end found it in prose, before it is read.
public struct RawSpan: Sendable {
    public var line: Int
    /// The UTF-8 column of `⟦`.
    public var column: Int
    /// What is between the brackets.
    public var text: String
    /// As written, brackets included (for an unclosed span, the rest of its line).
    public var source: String
    public var closed: Bool
    /// Inside a `$…$` or `$$…$$` formula.
    public var inMath = false
}

/// A span of prose that the book checks or computes, written between `⟦` and `⟧`:
///
/// - `⟦losses.last ≈ 0.044⟧`: an inline claim, with the operators of block claims
///   (`→ ≈ ≤ < ≥ >`, `± tol`); the reader sees the number as written (`0.044`).
/// - `⟦gd.last < adam.last → true⟧`: a claim the sentence rests on; the reader sees a mark.
/// - `⟦losses.last :.3g⟧`: a computed value, written into the text (`.3g` three
///   significant digits, `.4f` four decimals, `.2e` scientific).
/// - `⟦@example-name expr …⟧`: evaluated in the named example, not the nearest above.
/// - `… for this seed` / `… for 9 of 10 seeds`: in an example with a `let seed`, whether
///   the claim is a fact of the seed shown or of the method.
/// - `⟦"2014"⟧`: a number that is not a result (a year, a number quoted from the notes):
///   exempt from the lint, shown as written.
public struct InlineSpan: Sendable {
    public enum Kind: Sendable, Equatable { case claim, computed, exempt, invalid }
    public var kind: Kind
    /// Its place among the chapter's spans: the placeholder `BOOKSPAN{index}Q` in the text.
    public var index: Int
    /// Where `⟦` is.
    public var location: SourceLocation
    /// The UTF-8 column just past `⟧`.
    public var endColumn: Int
    /// As written, brackets included.
    public var source: String
    public var inMath: Bool
    /// The example named with `@`, or nil for the nearest above.
    public var exampleName: String?
    public var expression: String = ""
    /// Where the expression starts: the claim's key, and where the compiler reports.
    public var expressionLocation: SourceLocation
    public var expectation: Expectation?
    public var seeds: SeedRule?
    /// The example it is evaluated in, and after how many of that example's blocks
    /// (set by `InlineSpans.resolve`).
    public var scope: (example: String, afterBlocks: Int)?

    /// What the reader sees in place of the span: the expected value as written, the
    /// exempt text; empty for a claim whose value is not a number (a `→ true`).
    public var written: String {
        switch kind {
        case .exempt: return expression
        case .claim:
            if case .number(let t)? = expectation?.value { return t }
            return ""
        case .computed, .invalid: return ""
        }
    }

    /// The claim the tangler emits for this span.
    public var claim: Claim? {
        guard kind == .claim || kind == .computed, let expectation else { return nil }
        return Claim(location: expressionLocation, expression: expression, expectation: expectation,
                     insertionOffset: 0, comment: source, commentLine: location.line, seeds: seeds, spanIndex: index)
    }
}

public enum InlineSpans {
    public static let prefix = "BOOKSPAN"
    public static func placeholder(_ i: Int) -> String { "\(prefix)\(i)Q" }

    /// Replaces each closed `⟦…⟧` of one stretch of prose (lines from `firstLine`, no
    /// fenced code) by its placeholder; code spans and backslash escapes are skipped.
    static func extract(_ s: String, firstLine: Int, into spans: inout [RawSpan]) -> String {
        guard s.contains("⟦") else { return s }
        let c = Array(s)
        var out = ""
        var i = 0, line = firstLine, column = 1
        func advance(_ ch: Character) {
            if ch == "\n" { line += 1; column = 1 } else { column += ch.utf8.count }
        }
        func copy(_ range: Range<Int>) {
            for k in range { out.append(c[k]); advance(c[k]) }
        }
        while i < c.count {
            let ch = c[i]
            if ch == "\\" && i + 1 < c.count { copy(i..<(i + 2)); i += 2; continue }
            if ch == "`" {
                let end = Math.codeSpanEnd(c, at: i)
                copy(i..<end); i = end; continue
            }
            if ch == "⟦" {
                var j = i + 1
                while j < c.count && c[j] != "⟧" && c[j] != "\n" && c[j] != "⟦" { j += 1 }
                if j < c.count && c[j] == "⟧" {
                    spans.append(RawSpan(line: line, column: column, text: String(c[(i + 1)..<j]),
                                         source: String(c[i...j]), closed: true))
                    out += placeholder(spans.count - 1)
                    for k in i...j { advance(c[k]) }
                    i = j + 1
                    continue
                }
                spans.append(RawSpan(line: line, column: column, text: "", source: String(c[i..<j]), closed: false))
            }
            out.append(ch); advance(ch); i += 1
        }
        return out
    }

    /// Replaces each placeholder below `count` by `replacement(index)`, in one pass.
    public static func substitute(_ text: String, count: Int, _ replacement: (Int) -> String) -> String {
        Math.replacePlaceholders(in: text, prefix: prefix, count: count) { i, _ in replacement(i) }
    }

    // MARK: Reading a span

    /// Reads one span: what kind it is, its example, expression, expectation and seeds.
    static func read(_ raw: RawSpan, index: Int, file: String) -> (InlineSpan, [Diagnostic]) {
        let at = SourceLocation(file: file, line: raw.line, column: raw.column)
        var span = InlineSpan(kind: .invalid, index: index, location: at,
                              endColumn: raw.column + raw.source.utf8.count, source: raw.source,
                              inMath: raw.inMath, expressionLocation: at)
        guard raw.closed else {
            return (span, [Diagnostic(.inlineUnclosed, at: at, "this `⟦` is not closed on its line; end the span with `⟧`")])
        }
        var body = Substring(raw.text)
        var column = raw.column + "⟦".utf8.count
        func skipSpaces() {
            let spaces = body.prefix { $0 == " " }
            column += spaces.utf8.count
            body = body.dropFirst(spaces.count)
        }
        skipSpaces()
        while body.last == " " { body = body.dropLast() }
        func problem(_ id: DiagnosticID, _ message: String) -> (InlineSpan, [Diagnostic]) {
            (span, [Diagnostic(id, at: SourceLocation(file: file, line: raw.line, column: column), message)])
        }
        if body.first == "\"" {
            guard body.count >= 2, body.last == "\"" else {
                return problem(.inlineUnparsable, "an exempt span is text in quotes, `⟦\"2014\"⟧`; close the quotes")
            }
            span.kind = .exempt
            span.expression = String(body.dropFirst().dropLast())
            return (span, [])
        }
        if body.first == "@" {
            let name = body.dropFirst().prefix { !$0.isWhitespace }
            guard !name.isEmpty, ChapterLoader.isValidName(String(name)) else {
                return problem(.inlineUnparsable, "`@` names an example: `⟦@example-name expression ≈ 0.5⟧`")
            }
            span.exampleName = String(name)
            column += 1 + name.utf8.count
            body = body.dropFirst(1 + name.count)
            skipSpaces()
        }
        // `for this seed`, `for 9 of 10 seeds`
        if let r = body.range(of: " for ", options: .backwards) {
            let tail = body[r.upperBound...].split(separator: " ")
            if tail == ["this", "seed"] {
                span.seeds = .shown
                body = body[..<r.lowerBound]
            } else if tail.count == 4, tail[1] == "of", tail[3] == "seeds", let k = Int(tail[0]), let n = Int(tail[2]) {
                guard n >= 1, n <= 100, k >= 1, k <= n else {
                    return problem(.inlineSeeds, "`for K of N seeds` needs 1 ≤ K ≤ N ≤ 100")
                }
                span.seeds = .method(hold: k, of: n)
                body = body[..<r.lowerBound]
            }
            while body.last == " " { body = body.dropLast() }
        }
        span.expressionLocation = SourceLocation(file: file, line: raw.line, column: column)
        var expression: Substring
        if let r = body.range(of: " :", options: .backwards),
           body[r.upperBound...].range(of: #"^\.[0-9]{1,2}[gfe]$"#, options: .regularExpression) != nil {
            span.kind = .computed
            span.expectation = Expectation(.computed, .string(String(body[r.upperBound...])))
            expression = body[..<r.lowerBound]
        } else {
            guard let (op, opRange) = lastOperator(in: body) else {
                return problem(.inlineUnparsable,
                    "a span states a claim (`⟦expr ≈ 0.31⟧`, `⟦expr → true⟧`), a computed value (`⟦expr :.3g⟧`) or an exempt number (`⟦\"2014\"⟧`); this one has no operator")
            }
            switch ClaimReader.expectation(op, body[opRange.upperBound...]) {
            case .failure(let why): return problem(why.id, why.message)
            case .success(let e): span.expectation = e
            }
            span.kind = .claim
            expression = body[..<opRange.lowerBound]
        }
        while expression.last == " " { expression = expression.dropLast() }
        span.expression = String(expression)
        if expression.isEmpty { span.kind = .invalid; return problem(.inlineUnparsable, "the span claims no expression; write one before the operator") }
        if let excess = NestingLimit.check(span.expression) {
            span.kind = .invalid
            return problem(.inlineUnparsable, "cannot read the expression: \(excess.message)")
        }
        let tree = NestingLimit.parse(span.expression)
        guard !tree.hasError, tree.statements.count == 1, tree.statements.first?.item.is(ExprSyntax.self) == true else {
            span.kind = .invalid
            return problem(.inlineUnparsable, "`\(span.expression)` is not one Swift expression")
        }
        return (span, [])
    }

    /// The last claim operator outside brackets and string literals, with a space
    /// before it: `a < b → true` is `→`, `x < 1e-10` is `<`.
    static func lastOperator(in s: Substring) -> (ClaimOperator, Range<Substring.Index>)? {
        var depth = 0, inString = false
        var found: (ClaimOperator, Range<Substring.Index>)?
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            if inString {
                if ch == "\\" { i = s.index(after: i); if i < s.endIndex { i = s.index(after: i) }; continue }
                if ch == "\"" { inString = false }
            } else if ch == "\"" { inString = true }
            else if "([{".contains(ch) { depth += 1 }
            else if ")]}".contains(ch) { depth -= 1 }
            else if depth == 0, i > s.startIndex, s[s.index(before: i)] == " " {
                for (spelling, op) in ClaimOperator.spellings where s[i...].hasPrefix(spelling) {
                    let end = s.index(i, offsetBy: spelling.count)
                    if end == s.endIndex || s[end] == " " { found = (op, i..<end) }
                    break
                }
            }
            i = s.index(after: i)
        }
        return found
    }

    // MARK: Scope

    /// Gives each claim and computed value its example: the one named, or the nearest
    /// example above the span; it is evaluated after that example's blocks above it.
    static func resolve(_ spans: inout [InlineSpan], blocks: [Block]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var examples: [String: [Block]] = [:]
        for b in blocks { if case .example(let n) = b.role { examples[n, default: []].append(b) } }
        for i in spans.indices where spans[i].kind == .claim || spans[i].kind == .computed {
            let line = spans[i].location.line
            let name: String
            if let named = spans[i].exampleName {
                guard examples[named] != nil else {
                    let known = examples.keys.sorted()
                    problems.append(Diagnostic(.inlineUnknownExample, at: spans[i].location,
                        "there is no example `\(named)` in this chapter" + (Suggestion.nearest(to: named, in: known, limit: 1).first.map { "; did you mean `\($0)`?" } ?? "")))
                    spans[i].kind = .invalid
                    continue
                }
                name = named
            } else {
                guard let above = blocks.last(where: { $0.endLine < line && $0.role.kind == .example })?.role.name else {
                    problems.append(Diagnostic(.inlineNoExample, at: spans[i].location,
                        "this span refers to no example: there is none above it in the chapter; move it below the example it is about, or name one with `⟦@name …⟧`"))
                    spans[i].kind = .invalid
                    continue
                }
                name = above
            }
            let own = examples[name] ?? []
            let before = own.filter { $0.endLine < line }.count
            spans[i].scope = (name, before == 0 ? own.count : before)
            let seeded = own.contains { $0.seedLiteral != nil }
            if spans[i].kind == .claim, !seeded, spans[i].seeds == nil, let literal = own.lazy.compactMap(\.literalSeed).first {
                // Drawing from a seed written as a literal is as stochastic as `let seed`, but
                // cannot be varied: the claim must say it is a fact of this seed.
                problems.append(Diagnostic(.inlineSeeds, at: spans[i].location,
                    "example `\(name)` draws from a seed written as a literal (`\(literal.text)` at line \(literal.line)); say that this claim holds `for this seed`, or declare the seed as `let seed = …` to claim it `for K of N seeds`"))
            }
            if spans[i].kind == .claim, seeded, spans[i].seeds == nil {
                problems.append(Diagnostic(.inlineSeeds, at: spans[i].location,
                    "example `\(name)` draws random numbers from its `let seed`; say whether this is a fact of the seed shown (`… for this seed⟧`) or of the method (`… for 9 of 10 seeds⟧`)"))
            }
            if case .method? = spans[i].seeds, !seeded {
                problems.append(Diagnostic(.inlineSeeds, at: spans[i].location,
                    "`for K of N seeds` runs example `\(name)` on other seeds, but it declares no `let seed = <integer>` to vary"))
                spans[i].kind = .invalid
            }
        }
        return problems
    }
}

extension Block {
    /// A seed written as an integer literal other than a top-level `let seed`: an argument
    /// whose label names a seed (`SplitMix64(seed: 42)`, `shuffleSeed: 99`), or a constant
    /// whose name does (`let shuffleSeed = 99`). A random draw the example cannot vary.
    public var literalSeed: (text: String, line: Int)? {
        guard role.kind == .example, let syntax else { return nil }
        let converter = SourceLocationConverter(fileName: "", tree: syntax)
        func found(_ name: String, _ literal: IntegerLiteralExprSyntax) -> (text: String, line: Int) {
            let l = converter.location(for: literal.positionAfterSkippingLeadingTrivia)
            return ("\(name)\(name.hasPrefix("let") ? " =" : ":") \(literal.literal.text)", location(line: l.line, column: l.column).line)
        }
        for token in syntax.tokens(viewMode: .sourceAccurate) where token.text.lowercased().hasSuffix("seed") {
            if let argument = token.parent?.as(LabeledExprSyntax.self), argument.label?.id == token.id,
               let literal = argument.expression.as(IntegerLiteralExprSyntax.self) {
                return found(token.text, literal)
            }
            if token.text != "seed", let pattern = token.parent?.as(IdentifierPatternSyntax.self),
               let binding = pattern.parent?.as(PatternBindingSyntax.self),
               let literal = binding.initializer?.value.as(IntegerLiteralExprSyntax.self) {
                return found("let \(token.text)", literal)
            }
        }
        return nil
    }

    /// The UTF-8 range in `code` of the integer literal of a top-level `let seed = 42`
    /// (or `let seed: UInt64 = 42`): what a sweep over seeds replaces.
    public var seedLiteral: Range<Int>? {
        guard role.kind == .example, let syntax else { return nil }
        for item in syntax.statements {
            guard let decl = item.item.as(VariableDeclSyntax.self), decl.bindings.count == 1,
                  let binding = decl.bindings.first,
                  binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text == "seed",
                  let literal = binding.initializer?.value.as(IntegerLiteralExprSyntax.self) else { continue }
            return literal.positionAfterSkippingLeadingTrivia.utf8Offset..<literal.endPositionBeforeTrailingTrivia.utf8Offset
        }
        return nil
    }
}
