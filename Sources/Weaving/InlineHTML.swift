import BookModel
import Claims
import Verifying

/// Puts each `⟦…⟧` span of a chapter back into its page: in prose the number the
/// author wrote with a quiet mark that it was checked (the computed value on hover),
/// or, if the claim fails, ✗ and what was computed; a computed value as the text; an
/// exempt number as written. Inside a formula, the same as TeX for KaTeX.
enum InlineHTML {
    static func restore(_ html: String, chapter: Chapter, verification: Verification) -> String {
        let woven = InlineSpans.substitute(html, count: chapter.spans.count) { i in
            let span = chapter.spans[i]
            let outcome = verification.outcomeAt[span.expressionLocation]
            return span.inMath ? HTML.escape(tex(span, outcome)) : prose(span, outcome)
        }
        // A mark belongs to the word before it: no space, and no line break, between them.
        return woven.replacingOccurrences(of: #"\s+(<span class="inline-claim (ok|bad) mark")"#, with: "\u{2060}$1",
                                          options: .regularExpression)
    }

    /// The anchor of a claim in prose, which `claims.html` links to.
    static func anchor(_ location: SourceLocation) -> String { "C\(location.line)-\(location.column)" }

    /// What the reader is told on hover.
    static func title(_ span: InlineSpan, _ outcome: ClaimOutcome?) -> String {
        guard let expectation = span.expectation else { return "" }
        var seeds = span.seeds.map { " (\($0.display))" } ?? ""
        if case .method(_, let n)? = span.seeds, let held = outcome?.seedsHeld { seeds += "; held for \(held) of \(n) seeds" }
        guard let outcome else { return "not run: rebuild the examples" }
        let value = outcome.shown?.display ?? "—"
        if span.kind == .computed { return "computed by `\(span.expression)`: \(value)" }
        if outcome.holds {
            return "✓ checked: `\(span.expression)` \(expectation.display)\(seeds); computed \(value)\(span.seeds == nil || span.seeds == .shown ? "" : " with the seed shown")"
        }
        return "✗ `\(span.expression)` \(expectation.display)\(seeds) fails: \(outcome.failure ?? "")"
    }

    static func prose(_ span: InlineSpan, _ outcome: ClaimOutcome?) -> String {
        let t = HTML.escape(title(span, outcome))
        switch span.kind {
        case .exempt:
            return HTML.escape(span.expression)
        case .invalid:
            return "<span class=\"inline-claim bad\">\(HTML.escape(span.source))</span>"
        case .computed:
            guard let outcome, outcome.holds, let shown = outcome.shown else {
                return "<span class=\"inline-claim bad\" title=\"\(t)\">✗ \(HTML.escape(outcome?.shownText ?? "not run"))</span>"
            }
            return "<span class=\"inline-value\" title=\"\(t)\">\(proseNumber(outcome.shown.map { ValueFormat.format($0, for: span.expectation!) } ?? shown.display))</span>"
        case .claim:
            let written = span.written.isEmpty ? "" : proseNumber(span.written)
            let id = anchor(span.expressionLocation)
            let mark = written.isEmpty ? " mark" : ""
            if let outcome, outcome.holds {
                return "<span class=\"inline-claim ok\(mark)\" id=\"\(id)\" title=\"\(t)\">\(written)</span>"
            }
            let computed = outcome.map { "computed " + HTML.escape($0.shownText) } ?? "not run"
            return "<span class=\"inline-claim bad\(mark)\" id=\"\(id)\" title=\"\(t)\">\(written)<span class=\"inline-computed\"> ✗ \(computed)</span></span>"
        }
    }

    static func tex(_ span: InlineSpan, _ outcome: ClaimOutcome?) -> String {
        switch span.kind {
        case .exempt:
            return span.expression
        case .invalid:
            return "\\text{\(span.source)}"
        case .computed:
            guard let outcome, outcome.holds, let shown = outcome.shown else { return "\\htmlClass{inline-claim bad}{\\text{✗ not computed}}" }
            return "\\htmlClass{inline-value}{\(texNumber(ValueFormat.format(shown, for: span.expectation!)))}"
        case .claim:
            let written = span.written.isEmpty ? "{}^{\\checkmark}" : texNumber(span.written)
            if let outcome, outcome.holds {
                let value = attribute(outcome.shown?.display ?? "")
                return "\\htmlId{\(anchor(span.expressionLocation))}{\\htmlData{computed=\(value)}{\\htmlClass{inline-claim ok}{\(written)}}}"
            }
            let computed = outcome.map { attribute($0.shownText) } ?? "not run"
            return "\\htmlClass{inline-claim bad}{\(written)\\ \\text{✗ computed \(computed)}}"
        }
    }

    /// A value safe inside `\htmlData{key=value}` and `\text{…}`.
    static func attribute(_ s: String) -> String {
        String(s.filter { $0.isLetter || $0.isNumber || ".-+e…".contains($0) })
    }

    /// `2.78e-12` → 2.78 × 10⁻¹² (as HTML), `-0.5` → −0.5.
    static func proseNumber(_ text: String) -> String {
        var s = Substring(text)
        var sign = ""
        if s.first == "-" { sign = "−"; s = s.dropFirst() }
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return sign + HTML.escape(String(s)) }
        var exponent = String(s[s.index(after: e)...])
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        exponent = exponent.replacingOccurrences(of: "-", with: "−")
        let mantissa = s[..<e]
        return sign + (mantissa == "1" ? "" : HTML.escape(String(mantissa)) + "\u{202F}×\u{202F}") + "10<sup>\(HTML.escape(exponent))</sup>"
    }

    /// `2.78e-12` → `2.78\times 10^{-12}`.
    static func texNumber(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        var exponent = String(text[text.index(after: e)...])
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        let mantissa = text[..<e]
        return (mantissa == "1" ? "" : mantissa == "-1" ? "-" : "\(mantissa)\\times ") + "10^{\(exponent)}"
    }
}
