import CMark
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Markdown front end: the only file that talks to cmark's C API.
/// Every node it creates is freed before it returns.
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

    struct Heading {
        var level: Int
        var text: String
        var line: Int
        var column: Int
    }

    struct Outline {
        var headings: [Heading] = []
        var codeBlocks: [CodeBlock] = []
    }

    /// Reads the blocks that tangling needs: headings and code blocks, with positions.
    static func outline(of text: String) -> Outline {
        var outline = Outline()
        withDocument(text) { root in
            guard let iter = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iter) }
            while true {
                let event = cmark_iter_next(iter)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
                switch cmark_node_get_type(node) {
                case CMARK_NODE_CODE_BLOCK:
                    outline.codeBlocks.append(CodeBlock(
                        info: string(cmark_node_get_fence_info(node)),
                        literal: string(cmark_node_get_literal(node)),
                        line: Int(cmark_node_get_start_line(node)),
                        column: Int(cmark_node_get_start_column(node)),
                        endLine: Int(cmark_node_get_end_line(node))))
                case CMARK_NODE_HEADING:
                    outline.headings.append(Heading(
                        level: Int(cmark_node_get_heading_level(node)),
                        text: plainText(of: node),
                        line: Int(cmark_node_get_start_line(node)),
                        column: Int(cmark_node_get_start_column(node))))
                default:
                    break
                }
            }
        }
        return outline
    }

    /// Parses `text` and hands the document to `body`; the tree is freed afterwards.
    static func withDocument(_ text: String, _ body: (OpaquePointer) -> Void) {
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

    /// The text of a node's inline children (text and code spans), as a reader sees it.
    static func plainText(of node: OpaquePointer) -> String {
        var result = ""
        guard let iter = cmark_iter_new(node) else { return result }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iter) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: result += string(cmark_node_get_literal(child))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: result += " "
            default: break
            }
        }
        return result
    }

    /// A heading as rendered: its level, text and anchor.
    struct RenderedHeading {
        var level: Int
        var text: String
        var id: String
    }

    /// Renders Markdown as HTML with cmark's safe defaults (raw HTML is omitted).
    /// Top-level code blocks are rendered by `codeBlock` (given the info string and
    /// the code) when it returns HTML; headings get anchors; pipe tables become `<table>`s.
    static func html(_ text: String, codeBlock: (String, String) -> String?) -> (String, [RenderedHeading]) {
        var out = ""
        var headings: [RenderedHeading] = []
        var used: Set<String> = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        withDocument(text) { root in
            var child = cmark_node_first_child(root)
            while let node = child {
                child = cmark_node_next(node)
                let line = Int(cmark_node_get_start_line(node))
                switch cmark_node_get_type(node) {
                case CMARK_NODE_CODE_BLOCK:
                    out += codeBlock(string(cmark_node_get_fence_info(node)), string(cmark_node_get_literal(node))) ?? render(node)
                case CMARK_NODE_HEADING:
                    let level = Int(cmark_node_get_heading_level(node))
                    let plain = plainText(of: node)
                    var id = HTML.slug(plain), n = 2
                    while used.contains(id) { id = HTML.slug(plain) + "-\(n)"; n += 1 }
                    used.insert(id)
                    headings.append(RenderedHeading(level: level, text: plain, id: id))
                    var inner = render(node).trimmingSuffix("\n")
                    let open = "<h\(level)>", close = "</h\(level)>"
                    if inner.hasPrefix(open) && inner.hasSuffix(close) {
                        inner = String(inner.dropFirst(open.count).dropLast(close.count))
                    }
                    out += "<h\(level) id=\"\(id)\">\(inner) <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a></h\(level)>\n"
                case CMARK_NODE_PARAGRAPH:
                    let end = Int(cmark_node_get_end_line(node))
                    let raw = line >= 1 && end <= lines.count ? lines[(line - 1)..<end].map(String.init) : []
                    out += table(raw) ?? render(node)
                default:
                    out += render(node)
                }
            }
        }
        return (out, headings)
    }

    /// cmark's HTML for one node, safe mode.
    static func render(_ node: OpaquePointer) -> String {
        guard let p = cmark_render_html(node, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(p) }
        return String(cString: p)
    }

    /// Inline Markdown (a table cell) as HTML, without the paragraph around it.
    static func inline(_ text: String) -> String {
        var html = ""
        withDocument(text) { root in html = render(root) }
        html = html.trimmingSuffix("\n")
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
        return html
    }

    /// A GitHub-style pipe table (header row, delimiter row, body rows) as HTML;
    /// nil if the lines are not one. Plain cmark has no tables, so the book reads them here.
    static func table(_ lines: [String]) -> String? {
        let rows = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        guard rows.count >= 2, rows.allSatisfy({ $0.hasPrefix("|") }) else { return nil }
        let cells = rows.map(splitRow)
        let delimiter = cells[1]
        guard !delimiter.isEmpty, delimiter.allSatisfy({ cell in
            let t = cell.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && t.allSatisfy { $0 == "-" || $0 == ":" } && t.contains("-")
        }) else { return nil }
        let align = delimiter.map { cell -> String in
            let t = cell.trimmingCharacters(in: .whitespaces)
            switch (t.hasPrefix(":"), t.hasSuffix(":")) {
            case (true, true): return " style=\"text-align:center\""
            case (false, true): return " style=\"text-align:right\""
            default: return ""
            }
        }
        func row(_ cs: [String], _ tag: String) -> String {
            "<tr>" + cs.indices.map { i in
                "<\(tag)\(i < align.count ? align[i] : "")>\(inline(cs[i].trimmingCharacters(in: .whitespaces)))</\(tag)>"
            }.joined() + "</tr>\n"
        }
        var html = "<div class=\"table\"><table>\n<thead>\n" + row(cells[0], "th") + "</thead>\n<tbody>\n"
        for r in cells.dropFirst(2) { html += row(r, "td") }
        return html + "</tbody>\n</table></div>\n"
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

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var s = self
        while s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        return s
    }
}
