// Mutating — mutation testing of the textbook's library (`book mutants`). Generates the
// mutants of every ```swift block with SwiftSyntax and writes them, all at once, behind a
// runtime switch (a mutant schema, as Stryker does): one extra build runs them all. Then
// runs each mutant against the examples that execute it and reports which claims catch it.

import BookModel
import Claims
import SwiftOperators
import SwiftParser
import SwiftSyntax

/// One mutant: a small change to one place of the library.
public struct Mutant: Sendable, Hashable, Codable {
    public var id: Int
    /// Where the mutated code is, in the chapter.
    public var location: Claims.SourceLocation
    /// The kind of change: `arithmetic`, `relational`, `logical`, `literal`, `unary-minus`,
    /// `square-root`, `drop-term`, `remove-statement`, `ternary`, `min-max`, `boolean`.
    public var kind: String
    public var original: String
    public var mutated: String
    /// The reason the chapter gives (`// equivalent: …` on the mutated line) why no result can
    /// tell this mutant from the library as written.
    public var equivalent: String? = nil
}

/// The library with every mutant behind a switch: `(__on(7) ? a - b : a + b)`. The
/// mutated branch holds the original code of its operands (only one mutant is active
/// at a time), so the schema grows with the code, not exponentially with its nesting;
/// every line keeps its number.
public enum MutantSchema {
    /// The schema of one library block and its mutants, numbered from `firstID`; mutants
    /// in `excluded` (found unviable by an earlier compile) are left out, their numbers kept.
    public static func schema(of block: Block, firstID: Int, excluded: Set<Int>) -> (code: String, mutants: [Mutant], nextID: Int) {
        guard let tree = block.syntax else { return (block.code, [], firstID) }
        let folded = OperatorTable.standardOperators.foldAll(tree) { _ in }
        let converter = SourceLocationConverter(fileName: block.fence.file, tree: tree)
        let rewriter = SchemaRewriter(block: block, converter: converter, firstID: firstID, excluded: excluded)
        let rewritten = rewriter.rewrite(folded)
        return (rewritten.description, rewriter.mutants, rewriter.nextID)
    }

    /// What a mark covers: every mutant on its line, or only those of the kinds it names
    /// (`relational`) and those whose mutated code it quotes (`` `x > 0` ``).
    public struct Mark: Sendable {
        public var kinds: Set<String> = []
        public var mutated: Set<String> = []
        public var reason: String

        func covers(_ m: Mutant) -> Bool {
            (kinds.isEmpty && mutated.isEmpty) || kinds.contains(m.kind) || mutated.contains(m.mutated)
        }
    }

    /// The chapter lines of a block marked `// equivalent: reason` (every mutant on the line),
    /// `// equivalent (kind, …): reason` or `` // equivalent (`mutated code`, …): reason ``.
    public static func equivalenceMarks(_ block: Block) -> [Int: Mark] {
        var marks: [Int: Mark] = [:]
        for (i, line) in block.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let r = line.range(of: "// equivalent") else { continue }
            var rest = line[r.upperBound...].drop { $0 == " " }
            var mark = Mark(reason: "")
            if rest.first == "(" {
                // Kinds and `quoted code`, up to the first `)` outside backticks.
                var i = rest.index(after: rest.startIndex), word = ""
                func flush() {
                    let kind = word.trimmingCharacters(in: .whitespaces)
                    if !kind.isEmpty { mark.kinds.insert(kind) }
                    word = ""
                }
                while i < rest.endIndex, rest[i] != ")" {
                    if rest[i] == "`", let end = rest[rest.index(after: i)...].firstIndex(of: "`") {
                        mark.mutated.insert(String(rest[rest.index(after: i)..<end]))
                        i = rest.index(after: end)
                        continue
                    }
                    if rest[i] == "," { flush() } else { word.append(rest[i]) }
                    i = rest.index(after: i)
                }
                flush()
                guard i < rest.endIndex else { continue }
                rest = rest[rest.index(after: i)...].drop { $0 == " " }
            }
            guard rest.first == ":" else { continue }
            mark.reason = rest.dropFirst().trimmingCharacters(in: .whitespaces)
            marks[block.firstLine + i] = mark
        }
        return marks
    }

    /// The reason a mark gives for this mutant, if one covers it.
    public static func equivalence(of m: Mutant, marks: [Int: Mark]) -> String? {
        guard let mark = marks[m.location.line], mark.covers(m) else { return nil }
        return mark.reason
    }

    /// The declarations the schema calls: the active mutant (from `BOOK_MUTANT`) and the
    /// record of which mutation points ran.
    public static func runtime(count: Int) -> String {
        """
        import Foundation
        /// The active mutant: 0 runs the library as written. Set once, before anything runs.
        nonisolated(unsafe) public var __mutant: Int = 0
        /// One byte per mutant, set when its place runs (written from any thread; a byte store).
        nonisolated(unsafe) public var __hits: UnsafeMutablePointer<UInt8> = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        /// Records that mutant `k`'s place ran, and says whether `k` is the active mutant.
        @inline(__always) public func __on(_ k: Int) -> Bool {
            __hits[k] = 1
            return __mutant == k
        }
        public let __mutantCount = \(count)

        """
    }
}

/// Rewrites a folded tree into its schema, collecting the mutants as it goes.
final class SchemaRewriter: SyntaxRewriter {
    let block: Block
    let converter: SourceLocationConverter
    let excluded: Set<Int>
    var nextID: Int
    var mutants: [Mutant] = []

    init(block: Block, converter: SourceLocationConverter, firstID: Int, excluded: Set<Int>) {
        self.block = block
        self.converter = converter
        self.excluded = excluded
        self.nextID = firstID
        super.init(viewMode: .sourceAccurate)
    }

    func location(_ p: AbsolutePosition) -> SourceLocation {
        let l = converter.location(for: p)
        return block.location(line: l.line, column: l.column)
    }

    /// A node's code on one line, comments dropped: what a mutated branch repeats.
    static func flat(_ node: some SyntaxProtocol) -> String {
        var out = ""
        func trivia(_ t: Trivia) {
            for piece in t {
                switch piece {
                case .spaces, .tabs: out += Trivia(pieces: [piece]).description
                case .newlines, .carriageReturns, .carriageReturnLineFeeds, .lineComment, .blockComment, .docLineComment, .docBlockComment:
                    if !out.hasSuffix(" ") { out += " " }
                default: break
                }
            }
        }
        let tokens = Array(node.tokens(viewMode: .sourceAccurate))
        for (i, t) in tokens.enumerated() {
            if i > 0 { trivia(t.leadingTrivia) }
            out += t.text
            if i < tokens.count - 1 { trivia(t.trailingTrivia) }
        }
        return out
    }

    /// Numbers a mutant (its number is kept even when it is excluded).
    func add(_ kind: String, at position: AbsolutePosition, original: String, mutated: String) -> Int? {
        let id = nextID
        nextID += 1
        guard !excluded.contains(id) else { return nil }
        mutants.append(Mutant(id: id, location: location(position), kind: kind, original: original, mutated: mutated))
        return id
    }

    /// `(__on(a) ? A : __on(b) ? B : schematized)`, keeping the node's trivia.
    func wrap(_ original: some SyntaxProtocol, _ schematized: ExprSyntax, _ alternatives: [(Int, String)]) -> ExprSyntax {
        guard !alternatives.isEmpty else { return schematized }
        var text = "("
        for (id, alt) in alternatives { text += "__on(\(id)) ? (\(alt)) : " }
        text += "(" + schematized.trimmedDescription + "))"
        var parser = Parser(text)
        let expr = ExprSyntax.parse(from: &parser)
        return expr.with(\.leadingTrivia, schematized.leadingTrivia).with(\.trailingTrivia, schematized.trailingTrivia)
    }

    static let arithmetic: [String: [String]] = ["+": ["-", "*"], "-": ["+"], "*": ["/", "+"], "/": ["*"]]
    static let relational: [String: [String]] = ["<": ["<=", ">="], "<=": ["<", ">"], ">": [">=", "<="], ">=": [">", "<"], "==": ["!="], "!=": ["=="]]
    static let logical: [String: [String]] = ["&&": ["||"], "||": ["&&"]]
    static let compound: [String: [String]] = ["+=": ["-="], "-=": ["+="], "*=": ["/="], "/=": ["*="]]

    override func visit(_ node: InfixOperatorExprSyntax) -> ExprSyntax {
        let rewritten = super.visit(node)
        guard let op = node.operator.as(BinaryOperatorExprSyntax.self)?.operator.text else { return rewritten }
        let l = Self.flat(node.leftOperand), r = Self.flat(node.rightOperand)
        let original = "\(l) \(op) \(r)"
        let at = node.operator.positionAfterSkippingLeadingTrivia
        var alternatives: [(Int, String)] = []
        func alt(_ kind: String, _ text: String) {
            if let id = add(kind, at: at, original: original, mutated: text) { alternatives.append((id, text)) }
        }
        if let others = Self.arithmetic[op] {
            for o in others { alt("arithmetic", "\(l) \(o) \(r)") }
            if op != "/" { alt("drop-term", l) }
            if op == "+" || op == "*" { alt("drop-term", r) }
        } else if let others = Self.relational[op] {
            for o in others { alt("relational", "\(l) \(o) \(r)") }
        } else if let others = Self.logical[op] {
            for o in others { alt("logical", "\(l) \(o) \(r)") }
        } else if let others = Self.compound[op] {
            for o in others { alt("arithmetic", "\(l) \(o) \(r)") }
        }
        return wrap(node, rewritten, alternatives)
    }

    override func visit(_ node: PrefixOperatorExprSyntax) -> ExprSyntax {
        let rewritten = super.visit(node)
        guard node.operator.text == "-" else { return rewritten }
        let inner = Self.flat(node.expression)
        guard let id = add("unary-minus", at: node.positionAfterSkippingLeadingTrivia, original: "-\(inner)", mutated: inner) else { return rewritten }
        return wrap(node, rewritten, [(id, inner)])
    }

    override func visit(_ node: FloatLiteralExprSyntax) -> ExprSyntax {
        if Self.inPattern(node) { return ExprSyntax(node) }
        let text = node.literal.text
        guard let v = Double(text.replacingOccurrences(of: "_", with: "")) else { return ExprSyntax(node) }
        var alternatives: [(Int, String)] = []
        let at = node.positionAfterSkippingLeadingTrivia
        var options: [String] = []
        if v == 0 { options = ["1.0"] } else if v == 1 { options = ["0.0", "2.0"] } else { options = ["(\(text) + 1)", "(\(text) / 2)"] }
        for o in options { if let id = add("literal", at: at, original: text, mutated: o) { alternatives.append((id, o)) } }
        return wrap(node, ExprSyntax(node), alternatives)
    }

    override func visit(_ node: IntegerLiteralExprSyntax) -> ExprSyntax {
        if Self.inPattern(node) { return ExprSyntax(node) }
        let text = node.literal.text
        // Integers in subscripts and ranges are mostly indices and sizes; mutate 0 ↔ 1 and c → c + 1.
        guard let v = Int(text.replacingOccurrences(of: "_", with: "")) else { return ExprSyntax(node) }
        let o = v == 0 ? "1" : v == 1 ? "0" : "(\(text) + 1)"
        guard let id = add("literal", at: node.positionAfterSkippingLeadingTrivia, original: text, mutated: o) else { return ExprSyntax(node) }
        return wrap(node, ExprSyntax(node), [(id, o)])
    }

    override func visit(_ node: BooleanLiteralExprSyntax) -> ExprSyntax {
        if Self.inPattern(node) { return ExprSyntax(node) }
        let text = node.literal.text
        let o = text == "true" ? "false" : "true"
        guard let id = add("boolean", at: node.positionAfterSkippingLeadingTrivia, original: text, mutated: o) else { return ExprSyntax(node) }
        return wrap(node, ExprSyntax(node), [(id, o)])
    }

    override func visit(_ node: TernaryExprSyntax) -> ExprSyntax {
        let rewritten = super.visit(node)
        let c = Self.flat(node.condition), a = Self.flat(node.thenExpression), b = Self.flat(node.elseExpression)
        let swapped = "\(c) ? \(b) : \(a)"
        guard let id = add("ternary", at: node.positionAfterSkippingLeadingTrivia, original: "\(c) ? \(a) : \(b)", mutated: swapped) else { return rewritten }
        return wrap(node, rewritten, [(id, swapped)])
    }

    override func visit(_ node: FunctionCallExprSyntax) -> ExprSyntax {
        // A precondition guards against misuse: no result depends on it, and the only way to
        // observe its absence is a call that traps, which no claim can make and survive.
        if Self.isCheck(node) { return ExprSyntax(node) }
        let rewritten = super.visit(node)
        let at = node.positionAfterSkippingLeadingTrivia
        // x.squareRoot() → x
        if let member = node.calledExpression.as(MemberAccessExprSyntax.self), member.declName.baseName.text == "squareRoot",
           node.arguments.isEmpty, let base = member.base {
            let b = Self.flat(base)
            guard let id = add("square-root", at: at, original: Self.flat(node), mutated: b) else { return rewritten }
            return wrap(node, rewritten, [(id, b)])
        }
        // min ↔ max
        if let name = node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text, name == "min" || name == "max" {
            let other = name == "min" ? "max" : "min"
            let mutated = other + Self.flat(node).dropFirst(name.count)
            guard let id = add("min-max", at: at, original: Self.flat(node), mutated: mutated) else { return rewritten }
            return wrap(node, rewritten, [(id, mutated)])
        }
        return rewritten
    }

    /// Removing a statement: an assignment, a compound assignment or a call, in a body of
    /// more than one statement (a closure's lone expression is its value).
    override func visit(_ node: CodeBlockItemSyntax) -> CodeBlockItemSyntax {
        let rewritten = super.visit(node)
        guard let list = node.parent?.as(CodeBlockItemListSyntax.self), list.count > 1,
              node.parent?.parent?.is(SourceFileSyntax.self) == false,
              let expr = node.item.as(ExprSyntax.self), Self.removable(expr),
              // An initializer must set every stored property: removing that is no program.
              !Self.insideInitializer(node) else { return rewritten }
        guard let id = add("remove-statement", at: node.positionAfterSkippingLeadingTrivia, original: Self.flat(node), mutated: "") else { return rewritten }
        let text = "if !__on(\(id)) { \(rewritten.trimmedDescription) }"
        var parser = Parser(text)
        let item = CodeBlockItemSyntax(item: .stmt(StmtSyntax.parse(from: &parser)))
        return item.with(\.leadingTrivia, rewritten.leadingTrivia).with(\.trailingTrivia, rewritten.trailingTrivia)
    }

    /// A pattern (`case (true, _):`) must stay a literal for the switch to be checked exhaustive;
    /// a default argument or an enum's raw value must stay a literal too.
    static func inPattern(_ node: some SyntaxProtocol) -> Bool {
        var p = node.parent
        while let n = p {
            if n.is(SwitchCaseLabelSyntax.self) || n.is(EnumCaseElementSyntax.self) || n.is(AttributeSyntax.self)
                || n.is(MatchingPatternConditionSyntax.self) { return true }
            if n.is(CodeBlockSyntax.self) || n.is(MemberBlockSyntax.self) { return false }
            p = n.parent
        }
        return false
    }

    static func insideInitializer(_ node: some SyntaxProtocol) -> Bool {
        var p = node.parent
        while let n = p {
            if n.is(InitializerDeclSyntax.self) { return true }
            if n.is(FunctionDeclSyntax.self) || n.is(ClosureExprSyntax.self) { return false }
            p = n.parent
        }
        return false
    }

    /// `precondition(…)`, `assert(…)` and their failure forms: never mutated.
    static func isCheck(_ call: FunctionCallExprSyntax) -> Bool {
        guard let name = call.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text else { return false }
        return ["precondition", "assert", "preconditionFailure", "assertionFailure", "fatalError"].contains(name)
    }

    static func removable(_ expr: ExprSyntax) -> Bool {
        if let call = expr.as(FunctionCallExprSyntax.self) { return !isCheck(call) }
        if let infix = expr.as(InfixOperatorExprSyntax.self) {
            if infix.operator.is(AssignmentExprSyntax.self) { return true }
            if let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text, compound[op] != nil { return true }
        }
        return false
    }
}
