/// A chapter of the book: a CommonMark file whose fenced Swift blocks are the
/// textbook's code. Its first `#` heading is its title; the number prefix of its
/// file name (`02-chain-rule.md`) is its place in the book.
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

    /// Blocks of one role, in order.
    public func blocks(where predicate: (Block.Role) -> Bool) -> [Block] {
        blocks.filter { predicate($0.role) }
    }
}

/// A fenced code block, with what its info string makes of it.
public struct Block: Sendable {
    public enum Role: Sendable, Hashable {
        /// ```` ```swift ````: the library's public API.
        case library
        /// ```` ```swift example NAME ````: a worked example; same NAME, same scope.
        case example(String)
        /// ```` ```swift exercise NAME ````: the starter code a student begins from.
        case exercise(String)
        /// ```` ```swift solution NAME ````: the reference solution.
        case solution(String)
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
            case .example(let n), .exercise(let n), .solution(let n), .check(let n), .figure(let n), .hint(let n):
                return n
            case .library, .illustration:
                return nil
            }
        }

        public var word: String {
            switch self {
            case .library: return "swift"
            case .example: return "example"
            case .exercise: return "exercise"
            case .solution: return "solution"
            case .check: return "check"
            case .figure: return "figure"
            case .hint: return "hint"
            case .illustration: return "illustration"
            }
        }

        /// Whether the block is Swift that gets compiled.
        public var isTangled: Bool {
            switch self {
            case .library, .example, .exercise, .solution, .check, .figure: return true
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

    /// The chapter location of a 1-based line and column inside `code`.
    public func location(line: Int, column: Int) -> SourceLocation {
        let offset = line - 1 < columnOffsets.count && line >= 1 ? columnOffsets[line - 1] : 0
        return SourceLocation(file: fence.file, line: firstLine + line - 1, column: column + offset)
    }
}
