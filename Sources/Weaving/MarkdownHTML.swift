import BookModel

/// The model's Markdown tree as HTML, written the way cmark's own HTML renderer
/// writes it (safe mode: raw HTML omitted, dangerous URLs dropped), so the prose of a
/// page reads as CommonMark specifies. Code blocks at any depth, in lists and quotes
/// too, are rendered by the caller (`code`), so a nested example gets its
/// highlighting and results like any other.
struct MarkdownHTML {
    /// Renders one code block, given its index in the document.
    var code: (Int) -> String
    /// The document's formulas: inside an attribute (a link's address, an image's alt
    /// text) a formula's placeholder goes back to the source it replaced, never to markup.
    var formulas: [Formula]
    private var out = ""

    init(code: @escaping (Int) -> String, formulas: [Formula] = []) {
        self.code = code
        self.formulas = formulas
    }

    /// One block and everything in it, as cmark renders a node on its own.
    static func render(_ block: MarkdownBlock, formulas: [Formula] = [], code: @escaping (Int) -> String) -> String {
        var r = MarkdownHTML(code: code, formulas: formulas)
        r.block(block, tight: false)
        return r.out
    }

    /// Inline content on its own.
    static func render(_ inlines: [Inline], formulas: [Formula] = []) -> String {
        var r = MarkdownHTML(code: { _ in "" }, formulas: formulas)
        r.inlines(inlines)
        return r.out
    }

    private func source(_ s: String) -> String { Math.restoreSource(s, formulas) }

    /// A newline, unless the output is empty or already ends with one.
    private mutating func cr() {
        if let last = out.utf8.last, last != UInt8(ascii: "\n") { out += "\n" }
    }

    private mutating func block(_ b: MarkdownBlock, tight: Bool) {
        switch b.kind {
        case .blockQuote:
            cr(); out += "<blockquote>\n"
            for c in b.children { block(c, tight: false) }
            cr(); out += "</blockquote>\n"
        case .list(let ordered, let start, let isTight):
            cr()
            out += !ordered ? "<ul>\n" : start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
            for item in b.children {
                cr(); out += "<li>"
                for c in item.children { block(c, tight: isTight) }
                out += "</li>\n"
            }
            out += ordered ? "</ol>\n" : "</ul>\n"
        case .item:
            cr(); out += "<li>"
            for c in b.children { block(c, tight: false) }
            out += "</li>\n"
        case .heading(let level):
            cr(); out += "<h\(level)>"
            inlines(b.inlines)
            out += "</h\(level)>\n"
        case .paragraph:
            if tight {
                inlines(b.inlines)
            } else {
                cr(); out += "<p>"
                inlines(b.inlines)
                out += "</p>\n"
            }
        case .table(let t):
            cr(); out += MarkdownHTML.table(t, formulas: formulas)
        case .code(let i):
            cr(); out += code(i)
        case .html:
            cr(); out += "<!-- raw HTML omitted -->"; cr()
        case .thematicBreak:
            cr(); out += "<hr />\n"
        }
    }

    private mutating func inlines(_ xs: [Inline]) {
        for x in xs {
            switch x {
            case .text(let t): out += MarkdownHTML.escape(t)
            case .code(let t): out += "<code>" + MarkdownHTML.escape(t) + "</code>"
            case .softBreak: out += "\n"
            case .lineBreak: out += "<br />\n"
            case .emphasis(let c): out += "<em>"; inlines(c); out += "</em>"
            case .strong(let c): out += "<strong>"; inlines(c); out += "</strong>"
            case .link(let url, let title, let c):
                out += "<a href=\"" + MarkdownHTML.href(source(url))
                if !title.isEmpty { out += "\" title=\"" + MarkdownHTML.escape(source(title)) }
                out += "\">"
                inlines(c)
                out += "</a>"
            case .image(let url, let title, let c):
                out += "<img src=\"" + MarkdownHTML.href(source(url)) + "\" alt=\"" + MarkdownHTML.alt(c, source)
                if !title.isEmpty { out += "\" title=\"" + MarkdownHTML.escape(source(title)) }
                out += "\" />"
            case .html:
                out += "<!-- raw HTML omitted -->"
            }
        }
    }

    /// An image's alt text: its content as plain text, escaped.
    static func alt(_ xs: [Inline], _ source: (String) -> String = { $0 }) -> String {
        var s = ""
        for x in xs {
            switch x {
            case .text(let t), .code(let t), .html(let t): s += escape(source(t))
            case .softBreak, .lineBreak: s += " "
            case .emphasis(let c), .strong(let c), .link(_, _, let c), .image(_, _, let c): s += alt(c, source)
            }
        }
        return s
    }

    /// A pipe table, each cell's Markdown rendered inline (a lone paragraph unwrapped).
    static func table(_ t: Table, formulas: [Formula] = []) -> String {
        let align = t.alignments.map { a -> String in
            switch a {
            case .center: return " style=\"text-align:center\""
            case .right: return " style=\"text-align:right\""
            case .left, .none: return ""
            }
        }
        func cell(_ blocks: [MarkdownBlock]) -> String {
            var html = blocks.map { render($0, formulas: formulas, code: { _ in "" }) }.joined()
            while html.hasSuffix("\n") { html.removeLast() }
            if html.hasPrefix("<p>") && html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
            return html
        }
        func row(_ cs: [[MarkdownBlock]], _ tag: String) -> String {
            "<tr>" + cs.indices.map { i in
                "<\(tag)\(i < align.count ? align[i] : "")>\(cell(cs[i]))</\(tag)>"
            }.joined() + "</tr>\n"
        }
        var html = "<div class=\"table\"><table>\n<thead>\n" + row(t.header, "th") + "</thead>\n<tbody>\n"
        for r in t.rows { html += row(r, "td") }
        return html + "</tbody>\n</table></div>\n"
    }

    /// cmark's text escaping: `&`, `<`, `>` and `"` (not `'`).
    static func escape(_ s: String) -> String { HTML.escape(s, apostrophe: false) }

    /// A URL for an attribute, as cmark writes it: a dangerous scheme dropped,
    /// unsafe bytes percent-encoded, `&` and `'` as entities.
    static func href(_ url: String) -> String {
        let lower = url.lowercased()
        let images = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
        if ["javascript:", "vbscript:", "file:"].contains(where: { lower.hasPrefix($0) })
            || (lower.hasPrefix("data:") && !images.contains(where: { lower.hasPrefix($0) })) {
            return ""
        }
        let safe = Set("-_.+!*(),%#@?=;:/$~".utf8)
        var out = ""
        for b in url.utf8 {
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || safe.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else if b == UInt8(ascii: "&") {
                out += "&amp;"
            } else if b == UInt8(ascii: "'") {
                out += "&#x27;"
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
