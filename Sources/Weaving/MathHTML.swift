import BookModel

/// Puts each formula the model protected back into the page, escaped, in a span
/// KaTeX's auto-render will typeset (one pass over the page, however many formulas).
enum MathHTML {
    static func restore(_ html: String, _ formulas: [Formula]) -> String {
        Math.substitute(html, formulas) { span($0) }
    }

    static func span(_ f: Formula) -> String {
        f.display
            ? "<span class=\"math display\">\\[\(HTML.escape(f.tex))\\]</span>"
            : "<span class=\"math inline\">\\(\(HTML.escape(f.tex))\\)</span>"
    }
}
