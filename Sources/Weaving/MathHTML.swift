import BookModel

/// Puts each formula the model protected back into the page, escaped, in a span
/// KaTeX's auto-render will typeset (one pass over the page, however many formulas).
enum MathHTML {
    /// `numbers`: each labelled display formula's number, set as its `\tag`.
    static func restore(_ html: String, _ formulas: [Formula], numbers: [String: String] = [:]) -> String {
        let restored = Math.substitute(html, formulas) { span($0, number: $0.label.flatMap { numbers[$0] }) }
        // Punctuation (or a claim's ✓) right after inline math stays on its line: a word joiner
        // (U+2060) forbids the break a browser would otherwise allow after the typeset formula.
        return restored.replacingOccurrences(of: #"(<span class="math inline">[^<]*</span>)(?=[,.;:!?)\-’']|\#(InlineSpans.prefix))"#,
                                             with: "$1\u{2060}", options: .regularExpression)
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
