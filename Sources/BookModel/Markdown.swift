import CMark
import Foundation

/// The Markdown front end: the only file that talks to cmark's C API. It parses a
/// text once and converts cmark's tree into the value tree (`MarkdownBlock`,
/// `Inline`) that every later stage walks; every node it creates is freed before
/// it returns.
enum Markdown {
    /// A fenced or indented code block as cmark read it.
    struct CodeBlock {
        /// The info string after the opening fence (empty for indented blocks).
        var info: String
        var literal: String
        /// 1-based line and column of the block's first line (the opening fence).
        var line: Int
        var column: Int
        var endLine: Int
    }

    /// Parses `text` into blocks; code blocks are numbered in document order and
    /// returned beside the tree. Paragraphs that are pipe tables become tables.
    static func parse(_ text: String) -> (blocks: [MarkdownBlock], code: [CodeBlock]) {
        var code: [CodeBlock] = []
        var blocks: [MarkdownBlock] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        withDocument(text) { root in
            blocks = children(of: root) { convert($0, lines: lines, code: &code) }
        }
        return (blocks, code)
    }

    /// Parses `text` and hands the document to `body`; the tree is freed afterwards.
    private static func withDocument(_ text: String, _ body: (OpaquePointer) -> Void) {
        var text = text
        let root: OpaquePointer? = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT)
            }
        }
        guard let root else { return }
        defer { cmark_node_free(root) }
        body(root)
    }

    private static func children<T>(of node: OpaquePointer, _ each: (OpaquePointer) -> T?) -> [T] {
        var out: [T] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            if let v = each(c) { out.append(v) }
            child = cmark_node_next(c)
        }
        return out
    }

    private static func convert(_ node: OpaquePointer, lines: [Substring], code: inout [CodeBlock]) -> MarkdownBlock? {
        let line = Int(cmark_node_get_start_line(node)), endLine = Int(cmark_node_get_end_line(node))
        func block(_ kind: MarkdownBlock.Kind, children: [MarkdownBlock] = [], inlines: [Inline] = []) -> MarkdownBlock {
            MarkdownBlock(kind: kind, children: children, inlines: inlines, line: line, endLine: endLine)
        }
        func nested() -> [MarkdownBlock] {
            var inner: [MarkdownBlock] = []
            var child = cmark_node_first_child(node)
            while let c = child {
                if let b = convert(c, lines: lines, code: &code) { inner.append(b) }
                child = cmark_node_next(c)
            }
            return inner
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_BLOCK_QUOTE:
            return block(.blockQuote, children: nested())
        case CMARK_NODE_LIST:
            return block(.list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                               start: Int(cmark_node_get_list_start(node)),
                               tight: cmark_node_get_list_tight(node) != 0), children: nested())
        case CMARK_NODE_ITEM:
            return block(.item, children: nested())
        case CMARK_NODE_HEADING:
            return block(.heading(level: Int(cmark_node_get_heading_level(node))), inlines: inlines(of: node))
        case CMARK_NODE_PARAGRAPH:
            let raw = line >= 1 && endLine <= lines.count && line <= endLine ? lines[(line - 1)..<endLine].map(String.init) : []
            if let t = table(raw) { return block(.table(t)) }
            return block(.paragraph, inlines: inlines(of: node))
        case CMARK_NODE_CODE_BLOCK:
            code.append(CodeBlock(
                info: string(cmark_node_get_fence_info(node)),
                literal: string(cmark_node_get_literal(node)),
                line: line, column: Int(cmark_node_get_start_column(node)), endLine: endLine))
            return block(.code(code.count - 1))
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_CUSTOM_BLOCK:
            return block(.html)
        case CMARK_NODE_THEMATIC_BREAK:
            return block(.thematicBreak)
        default:
            return nil
        }
    }

    private static func inlines(of node: OpaquePointer) -> [Inline] {
        children(of: node) { c -> Inline? in
            switch cmark_node_get_type(c) {
            case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(c)))
            case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(c)))
            case CMARK_NODE_SOFTBREAK: return .softBreak
            case CMARK_NODE_LINEBREAK: return .lineBreak
            case CMARK_NODE_EMPH: return .emphasis(inlines(of: c))
            case CMARK_NODE_STRONG: return .strong(inlines(of: c))
            case CMARK_NODE_LINK:
                return .link(url: string(cmark_node_get_url(c)), title: string(cmark_node_get_title(c)), inlines(of: c))
            case CMARK_NODE_IMAGE:
                return .image(url: string(cmark_node_get_url(c)), title: string(cmark_node_get_title(c)), inlines(of: c))
            case CMARK_NODE_HTML_INLINE, CMARK_NODE_CUSTOM_INLINE: return .html(string(cmark_node_get_literal(c)))
            default: return nil
            }
        }
    }

    /// A GitHub-style pipe table (header row, delimiter row, body rows); nil if the
    /// lines are not one. Each cell is parsed as Markdown of its own.
    static func table(_ lines: [String]) -> Table? {
        let rows = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        guard rows.count >= 2, rows.allSatisfy({ $0.hasPrefix("|") }) else { return nil }
        let cells = rows.map(splitRow)
        let delimiter = cells[1]
        guard !delimiter.isEmpty, delimiter.allSatisfy({ cell in
            let t = cell.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && t.allSatisfy { $0 == "-" || $0 == ":" } && t.contains("-")
        }) else { return nil }
        let alignments = delimiter.map { cell -> Table.Alignment in
            let t = cell.trimmingCharacters(in: .whitespaces)
            switch (t.hasPrefix(":"), t.hasSuffix(":")) {
            case (true, true): return .center
            case (false, true): return .right
            case (true, false): return .left
            default: return .none
            }
        }
        func cell(_ text: String) -> [MarkdownBlock] {
            var ignored: [CodeBlock] = []
            var out: [MarkdownBlock] = []
            let t = text.trimmingCharacters(in: .whitespaces)
            let ls = t.split(separator: "\n", omittingEmptySubsequences: false)
            withDocument(t) { root in out = children(of: root) { convert($0, lines: ls, code: &ignored) } }
            return out
        }
        return Table(alignments: alignments, header: cells[0].map(cell), rows: cells.dropFirst(2).map { $0.map(cell) })
    }

    /// `| a | b \| c |` → ["a", "b | c"], respecting backslash-escaped pipes.
    static func splitRow(_ row: String) -> [String] {
        var body = Substring(row)
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") && !body.hasSuffix("\\|") { body = body.dropLast() }
        var cells: [String] = [], current = "", escaped = false, inCode = false
        for c in body {
            if escaped { current.append(c == "|" ? "|" : "\\\(c)"); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "`" { inCode.toggle() }
            if c == "|" && !inCode { cells.append(current); current = ""; continue }
            current.append(c)
        }
        cells.append(current)
        return cells
    }

    static func string(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }
}
