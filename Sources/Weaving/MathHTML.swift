import BookModel

/// Puts each formula the model protected back into the page, escaped, in a span
/// KaTeX's auto-render will typeset (one pass over the page, however many formulas).
enum MathHTML {
    /// `numbers`: each labelled display formula's number, set as its `\tag`.
    static func restore(_ html: String, _ formulas: [Formula], numbers: [String: String] = [:]) -> String {
        Math.substitute(html, formulas) { span($0, number: $0.label.flatMap { numbers[$0] }) }
    }

    static func span(_ f: Formula, number: String? = nil) -> String {
        if f.display, let label = f.label, let number {
            return "<span class=\"math display\" id=\"eq-\(HTML.escape(label))\">\\[\(HTML.escape(f.tex)) \\tag{\(number)}\\]</span>"
        }
        return f.display
            ? "<span class=\"math display\">\\[\(HTML.escape(f.tex))\\]</span>"
            : "<span class=\"math inline\">\\(\(HTML.escape(f.tex))\\)</span>"
    }
}
