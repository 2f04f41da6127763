import Claims
import Foundation
import SwiftParser

/// One chapter as HTML: prose by cmark, math for KaTeX, code highlighted by the
/// Swift classifier with each claim's computed value beside its line, figures as
/// inline SVG, exercises with their hints and solution folded away.
struct ChapterPage {
    let chapter: Chapter
    /// Claim outcomes by `file:line:column` of the claimed expression.
    let outcomes: [String: ClaimOutcome]
    let figures: [String: FigureOutcome]
    private(set) var figureCount = 0

    init(chapter: Chapter, outcomes: [String: ClaimOutcome], figures: [String: FigureOutcome]) {
        self.chapter = chapter
        self.outcomes = outcomes
        self.figures = figures
        self.figureCount = chapter.blocks.reduce(into: Set<String>()) { set, b in
            if case .figure(let n) = b.role { set.insert(n) }
        }.count
    }

    func render() -> String {
        let codeLines = chapter.blocks.map { $0.fence.line...max($0.fence.line, $0.endLine) }
        let (protected, formulas) = Math.protect(chapter.source, codeLines: codeLines)
        // Math protection may join lines, so blocks are matched by their text, in order.
        var unused = chapter.blocks
        var hintNumber: [String: Int] = [:]
        var drawn: Set<String> = []
        let (html, _) = Markdown.html(protected) { info, code in
            guard let i = unused.firstIndex(where: { $0.info == info && $0.code == code }) else { return nil }
            let block = unused.remove(at: i)
            return self.render(block, hintNumber: &hintNumber, drawn: &drawn)
        }
        return Math.restore(html, formulas)
    }

    func render(_ block: Block, hintNumber: inout [String: Int], drawn: inout Set<String>) -> String {
        switch block.role {
        case .library:
            return code(block, caption: "Library code · part of <code>import Descent</code>", cls: "library")
        case .example(let name):
            return code(block, caption: "Example <code>\(HTML.escape(name))</code>", cls: "example", claims: true)
        case .exercise(let name):
            return code(block, caption: "Exercise <code>\(HTML.escape(name))</code> · starter code (<code>swift run book exercise start \(HTML.escape(name))</code>)", cls: "starter")
        case .check(let name):
            return code(block, caption: "Checks for <code>\(HTML.escape(name))</code> · the values shown are the reference solution's", cls: "check", claims: true)
        case .solution(let name):
            return "<details class=\"solution\"><summary>Reference solution for <code>\(HTML.escape(name))</code></summary>\n"
                + code(block, caption: nil, cls: "solution") + "</details>\n"
        case .hint(let name):
            hintNumber[name, default: 0] += 1
            let (prose, formulas) = Math.protect(block.code, codeLines: [])
            let (html, _) = Markdown.html(prose) { _, _ in nil }
            return "<details class=\"hint\"><summary>Hint \(hintNumber[name]!) for <code>\(HTML.escape(name))</code></summary>\n\(Math.restore(html, formulas))</details>\n"
        case .figure(let name):
            var s = ""
            if !drawn.contains(name) {
                drawn.insert(name)
                switch figures[name] {
                case .drawn(let figure)?:
                    s += "<figure class=\"plot\" id=\"figure-\(HTML.escape(name))\">\n\(SVGPlot.svg(figure, id: HTML.slug(name)))\n<figcaption>\(HTML.escape(figure.title))</figcaption>\n</figure>\n"
                case .failed(let why)?:
                    s += "<p class=\"figure-error\">✗ Figure <code>\(HTML.escape(name))</code> could not be drawn: \(HTML.escape(why))</p>\n"
                case nil:
                    s += "<p class=\"figure-error\">✗ Figure <code>\(HTML.escape(name))</code> was not tangled; rebuild.</p>\n"
                }
            }
            return s + "<details class=\"figure-code\"><summary>The code that computes this figure</summary>\n"
                + code(block, caption: nil, cls: "figure") + "</details>\n"
        case .illustration:
            if block.language == "swift" {
                return code(block, caption: nil, cls: "illustration")
            }
            let lines = block.code.split(separator: "\n", omittingEmptySubsequences: true).map { HTML.escape(String($0)) }
            let lang = block.language.isEmpty ? "" : " data-lang=\"\(HTML.escape(block.language))\""
            return "<pre class=\"illustration\"\(lang)><code>\(lines.joined(separator: "\n"))</code></pre>\n"
        }
    }

    /// Highlighted code, a line per row, with the claim results in a column beside.
    func code(_ block: Block, caption: String?, cls: String, claims: Bool = false) -> String {
        var results: [Int: [ClaimOutcome?]] = [:]
        var specs: [Int: [Claim]] = [:]
        let tree = Parser.parse(source: block.code)
        if claims {
            for c in ClaimReader.claims(in: block, tree: tree).0 {
                results[c.commentLine, default: []].append(outcomes[c.location.description])
                specs[c.commentLine, default: []].append(c)
            }
        }
        var s = "<figure class=\"code \(cls)\">\n"
        if let caption { s += "<figcaption>\(caption)</figcaption>\n" }
        s += "<pre><code>"
        for (i, line) in Highlighter.lines(block.code, tree: tree).enumerated() {
            let number = block.firstLine + i
            s += "<span class=\"line\" id=\"L\(number)\"><span class=\"src\">\(line.isEmpty ? " " : line)</span>"
            for (k, outcome) in (results[number] ?? []).enumerated() {
                let claim = specs[number]![k]
                s += result(outcome, claim)
            }
            s += "</span>"
        }
        return s + "</code></pre>\n</figure>\n"
    }

    func result(_ outcome: ClaimOutcome?, _ claim: Claim) -> String {
        guard let outcome else {
            return "<span class=\"res bad\" title=\"this claim was not run; rebuild the examples\">✗ not run</span>"
        }
        let value = outcome.shown.map { Weaver.format($0, for: claim.expectation) } ?? "—"
        let times = outcome.values.count > 1 ? " <span class=\"times\">×\(outcome.values.count)</span>" : ""
        if outcome.holds {
            return "<span class=\"res ok\" title=\"holds: \(HTML.escape(claim.expectation.display))\">\(HTML.escape(value))\(times) ✓</span>"
        }
        return "<span class=\"res bad\" title=\"\(HTML.escape(outcome.failure ?? ""))\">\(HTML.escape(value))\(times) ✗ expected \(HTML.escape(claim.expectation.display))</span>"
    }
}
