/// A chapter's Markdown as a value tree: what cmark read, converted once by the
/// front end (`Markdown.parse`) and then walked by every later stage, with the
/// source line of every block. Code blocks are not copied into the tree: a
/// `.code` node holds the index of its `Block` in the chapter, so the tangler and
/// the weaver see one and the same block.
public struct MarkdownDocument: Sendable {
    public var blocks: [MarkdownBlock]
    /// The `$…$` and `$$…$$` formulas, kept away from cmark; the text holds placeholders.
    public var formulas: [Formula]
    /// Every code block, in document order: what a `.code(i)` node refers to.
    public var code: [MarkdownCode]

    public init(blocks: [MarkdownBlock], formulas: [Formula], code: [MarkdownCode]) {
        self.blocks = blocks
        self.formulas = formulas
        self.code = code
    }
}

/// A code block's info string and content, as cmark read them.
public struct MarkdownCode: Sendable {
    public var info: String
    public var literal: String
}

/// One block-level node, with where it starts and ends in the chapter.
public struct MarkdownBlock: Sendable {
    public enum Kind: Sendable {
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        case heading(level: Int)
        case paragraph
        /// A GitHub-style pipe table (plain CommonMark has none; the front end reads them).
        case table(Table)
        /// A code block: the index of its `Block` in the chapter (or hint).
        case code(Int)
        /// Raw HTML: never passed through (cmark's safe default).
        case html
        case thematicBreak
    }

    public var kind: Kind
    /// Nested blocks: a quote's, a list's items, an item's.
    public var children: [MarkdownBlock]
    /// Inline content: a heading's or a paragraph's.
    public var inlines: [Inline]
    /// The chapter lines of the block's first and last lines.
    public var line: Int
    public var endLine: Int

    public init(kind: Kind, children: [MarkdownBlock] = [], inlines: [Inline] = [], line: Int, endLine: Int) {
        self.kind = kind
        self.children = children
        self.inlines = inlines
        self.line = line
        self.endLine = endLine
    }

    /// A heading's text as a reader sees it (text and code spans, breaks as spaces).
    public var plainText: String { Inline.plainText(inlines) }
}

/// A pipe table: rows of cells, each cell Markdown parsed on its own.
public struct Table: Sendable {
    public enum Alignment: Sendable { case none, left, center, right }
    public var alignments: [Alignment]
    public var header: [[MarkdownBlock]]
    public var rows: [[[MarkdownBlock]]]
}

/// Inline content, as CommonMark defines it.
public indirect enum Inline: Sendable {
    case text(String)
    case code(String)
    case softBreak
    case lineBreak
    case emphasis([Inline])
    case strong([Inline])
    case link(url: String, title: String, [Inline])
    case image(url: String, title: String, [Inline])
    /// Raw inline HTML (its text kept for an image's alt text): never passed through.
    case html(String)

    /// Text and code spans, breaks as spaces: a heading's plain text, an image's alt text.
    public static func plainText(_ inlines: [Inline]) -> String {
        var s = ""
        for i in inlines {
            switch i {
            case .text(let t), .code(let t): s += t
            case .softBreak, .lineBreak: s += " "
            case .emphasis(let xs), .strong(let xs), .link(_, _, let xs), .image(_, _, let xs): s += plainText(xs)
            case .html: break
            }
        }
        return s
    }
}
