import Claims
import SwiftSyntax

/// A chapter of the book: a CommonMark file whose fenced Swift blocks are the
/// textbook's code. Its first `#` heading is its title; the number prefix of its
/// file name (`02-chain-rule.md`) is its place in the book.
///
/// The loader parses it once: cmark reads the Markdown into `document` (a value
/// tree whose code nodes point into `blocks`), SwiftParser reads each Swift block
/// into its `syntax` and `claims`. Every later stage walks these values.
public struct Chapter: Sendable {
    /// Relative to the package root: `Chapters/02-chain-rule.md`.
    public var file: String
    public var number: Int
    /// The number prefix as written (`02`), unique in the book.
    public var numberText: String
    /// The rest of the file name: `chain-rule`.
    public var slug: String
    public var title: String
    public var source: String
    public var blocks: [Block]
    /// The prose and its structure, parsed once.
    public var document: MarkdownDocument
    /// The `⟦…⟧` spans of the prose, in order: the text holds `BOOKSPAN{i}Q` in their place.
    public var spans: [InlineSpan] = []
    /// The `{#eq:…}` and `{#sec:…}` labels of the prose, and its `@kind:name` references.
    public var labels: [CrossReferences.Label] = []
    public var references: [CrossReferences.Reference] = []

    /// Blocks of one role, in order: one example's blocks, one exercise's checks.
    public func blocks(_ role: Block.Role) -> [Block] {
        blocks.filter { $0.role == role }
    }

    /// The chapter's page in the site: `02-chain-rule.html`.
    public var pageName: String {
        let stem = file.split(separator: "/").last.map(String.init) ?? file
        return (stem.hasSuffix(".md") ? String(stem.dropLast(3)) : stem) + ".html"
    }
}

/// A fenced code block, with what its info string makes of it.
public struct Block: Sendable {
    /// The kinds of block, as the info string names them.
    public enum Kind: String, Sendable, Hashable, CustomStringConvertible {
        case library, example, exercise, solution, decoy, check, figure, hint, illustration
        public var description: String { rawValue }
    }

    public enum Role: Sendable, Hashable {
        /// ```` ```swift ````: the library's public API.
        case library
        /// ```` ```swift example NAME ````: a worked example; same NAME, same scope.
        case example(String)
        /// ```` ```swift exercise NAME ````: the starter code a student begins from.
        case exercise(String)
        /// ```` ```swift solution NAME ````: the reference solution.
        case solution(String)
        /// ```` ```swift decoy NAME ````: a plausible wrong solution, which the checks must reject.
        case decoy(String)
        /// ```` ```swift check NAME ````: the claims a solution must satisfy.
        case check(String)
        /// ```` ```swift figure NAME ````: code that returns a figure.
        case figure(String)
        /// ```` ```hint NAME ````: a hint for an exercise, in Markdown.
        case hint(String)
        /// ```` ```swift illustration ````, another language, or no info string:
        /// shown, never compiled.
        case illustration

        /// The NAME of a named role.
        public var name: String? {
            switch self {
            case .example(let n), .exercise(let n), .solution(let n), .decoy(let n), .check(let n), .figure(let n), .hint(let n):
                return n
            case .library, .illustration:
                return nil
            }
        }

        /// What the block is, without its name.
        public var kind: Kind {
            switch self {
            case .library: return .library
            case .example: return .example
            case .exercise: return .exercise
            case .solution: return .solution
            case .decoy: return .decoy
            case .check: return .check
            case .figure: return .figure
            case .hint: return .hint
            case .illustration: return .illustration
            }
        }

        /// The word the info string uses for the role.
        public var word: String {
            switch self {
            case .library: return "swift"
            case .example: return "example"
            case .exercise: return "exercise"
            case .solution: return "solution"
            case .decoy: return "decoy"
            case .check: return "check"
            case .figure: return "figure"
            case .hint: return "hint"
            case .illustration: return "illustration"
            }
        }

        /// Whether the block is Swift that gets compiled.
        public var isTangled: Bool {
            switch self {
            case .library, .example, .exercise, .solution, .decoy, .check, .figure: return true
            case .hint, .illustration: return false
            }
        }
    }

    public var role: Role
    /// The info string's first word: `swift`, `python`, `hint`, or empty.
    public var language: String
    public var info: String
    /// The block's content, as cmark read it.
    public var code: String
    /// Where the opening fence is.
    public var fence: SourceLocation
    /// The chapter line of the content's first line.
    public var firstLine: Int
    /// For each content line, how many UTF-8 bytes of the chapter's line precede
    /// it (the fence's indentation, a list item's, a block quote's `> `).
    public var columnOffsets: [Int]
    /// The chapter line of the block's last line (its closing fence, if any).
    public var endLine: Int
    /// A Swift block's syntax tree, parsed once (nil for other languages, and for a
    /// block nested past the limit `NestingLimit` sets).
    public var syntax: SourceFileSyntax?
    /// The claims a Swift block states, read once from `syntax`, and the problems
    /// found reading them (reported by whichever stage needs the claims).
    public var claims: [Claim] = []
    public var claimProblems: [Diagnostic] = []
    /// A hint's Markdown, parsed once.
    public var hint: MarkdownDocument?

    /// The chapter location of a 1-based line and column inside `code`.
    public func location(line: Int, column: Int) -> SourceLocation {
        let offset = line - 1 < columnOffsets.count && line >= 1 ? columnOffsets[line - 1] : 0
        return SourceLocation(file: fence.file, line: firstLine + line - 1, column: column + offset)
    }
}
