import BookModel
import Claims
import Foundation
import Verifying

/// One chapter as HTML: prose from the model's Markdown tree, math for KaTeX, code
/// highlighted by the Swift classifier with each claim's computed value beside its
/// line, figures as inline SVG, exercises with their hints and solution folded away.
struct ChapterPage {
    let chapter: Chapter
    let verification: Verification
    /// The book's numbers and cross-reference targets.
    let numbering: Numbering
    private(set) var figureCount = 0

    init(chapter: Chapter, verification: Verification, numbering: Numbering? = nil) {
        self.chapter = chapter
        self.verification = verification
        self.numbering = numbering ?? Numbering([chapter])
        self.figureCount = self.numbering.figures[chapter.file]?.count ?? 0
    }

    /// What rendering one page has seen so far: hints numbered, figures drawn.
    final class State {
        var hintNumber: [String: Int] = [:]
        var drawn: Set<String> = []
        var captioned: Set<String> = []
    }

    func render() -> String {
        let state = State()
        let html = ChapterPage.html(chapter.document, headings: numbering.headings[chapter.file],
                                    equations: numbering.equations[chapter.file] ?? [:]) { i in self.render(self.chapter.blocks[i], state) }
        return numbering.link(InlineHTML.restore(html, chapter: chapter, verification: verification), page: chapter.pageName)
    }

    /// A document's blocks as HTML: headings with anchors, the rest as CommonMark
    /// renders it, code blocks by `code`, formulas restored for KaTeX.
    /// `headings` (a chapter's, from `Numbering`) gives each heading its id and number;
    /// `equations` numbers the labelled display formulas.
    static func html(_ document: MarkdownDocument, headings: [Int: (id: String, number: String)]? = nil,
                     equations: [String: String] = [:], code: @escaping (Int) -> String) -> String {
        var out = ""
        var used: Set<String> = []
        for node in document.blocks {
            if case .heading(let level) = node.kind {
                let numbered = headings?[node.line]
                let id = numbered?.id ?? Numbering.uniqueSlug(node.plainText, &used)
                let number = numbered.map { $0.number.isEmpty ? "" : "<span class=\"secnum\">\($0.number)</span> " } ?? ""
                out += "<h\(level) id=\"\(id)\">\(number)\(MarkdownHTML.render(node.inlines, formulas: document.formulas)) <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a></h\(level)>\n"
            } else {
                out += MarkdownHTML.render(node, formulas: document.formulas, code: code)
            }
        }
        return MathHTML.restore(out, document.formulas, numbers: equations)
    }

    func render(_ block: Block, _ state: State) -> String {
        switch block.role {
        case .library:
            return code(block, caption: "Library code · part of <code>import Descent</code>", cls: "library")
        case .example(let name):
            // The first block of an example carries its number and the anchor `@ex:name` links to.
            let first = !state.captioned.contains(name)
            state.captioned.insert(name)
            let number = numbering.examples[chapter.file]?[name].map { "Example \($0) · " } ?? "Example "
            let source = "<a class=\"source-link\" href=\"\(HTML.escape(SourcePage.name(chapter)))#L\(block.fence.line)\" title=\"\(HTML.escape(chapter.file)):\(block.fence.line)\">source, line \(block.fence.line)</a>"
            return code(block, caption: "\(number)<code>\(HTML.escape(name))</code>\(source)", cls: "example", claims: true,
                        id: first ? "example-\(HTML.escape(name))" : nil)
        case .exercise(let name):
            return code(block, caption: "Exercise <code>\(HTML.escape(name))</code> · starter code (<code>swift run book exercise start \(HTML.escape(name))</code>)", cls: "starter")
        case .check(let name):
            return code(block, caption: "Checks for <code>\(HTML.escape(name))</code> · the values shown are the reference solution's", cls: "check", claims: true)
        case .decoy(let name):
            return "<details class=\"decoy\"><summary>A tempting wrong solution for <code>\(HTML.escape(name))</code>, which the checks reject</summary>\n"
                + code(block, caption: nil, cls: "decoy") + "</details>\n"
        case .solution(let name):
            return "<details class=\"solution\"><summary>Reference solution for <code>\(HTML.escape(name))</code></summary>\n"
                + code(block, caption: nil, cls: "solution") + "</details>\n"
        case .hint(let name):
            state.hintNumber[name, default: 0] += 1
            let document = block.hint ?? MarkdownDocument(blocks: [], formulas: [], code: [])
            let html = ChapterPage.html(document) { i in ChapterPage.plainCode(document.code[i]) }
            return "<details class=\"hint\"><summary>Hint \(state.hintNumber[name]!) for <code>\(HTML.escape(name))</code></summary>\n\(html)</details>\n"
        case .figure(let name):
            var s = ""
            if !state.drawn.contains(name) {
                state.drawn.insert(name)
                switch verification.figures[name] {
                case .drawn(let figure)?:
                    let number = numbering.figures[chapter.file]?[name] ?? "\(chapter.number)"
                    let explorable = figure.parameters.isEmpty ? "" : " explorable"
                    s += "<figure class=\"plot\(explorable)\" id=\"figure-\(HTML.escape(name))\">\n\(SVGPlot.controls(figure, id: HTML.slug(name)))\(SVGPlot.svg(figure, id: HTML.slug(name)))\n\(SVGPlot.legend(figure))"
                    s += "<figcaption><span class=\"label\">Figure \(number).</span> \(HTML.escape(figure.title))</figcaption>\n</figure>\n"
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
    func code(_ block: Block, caption: String?, cls: String, claims: Bool = false, id: String? = nil) -> String {
        var results: [Int: [ClaimOutcome?]] = [:]
        var specs: [Int: [Claim]] = [:]
        if claims {
            for c in block.claims {
                results[c.commentLine, default: []].append(verification.outcomeAt[c.location])
                specs[c.commentLine, default: []].append(c)
            }
        }
        var s = "<figure class=\"code \(cls)\"\(id.map { " id=\"\($0)\"" } ?? "")>\n"
        if let caption { s += "<figcaption>\(caption)</figcaption>\n" }
        s += "<pre><code>"
        // A wrapped line continues two columns right of its own indentation.
        let indents: [Int] = block.code.components(separatedBy: "\n").map { line in line.prefix(while: { $0 == " " }).count }
        for (i, line) in Highlighter.lines(block.code, tree: block.syntax).enumerated() {
            let number = block.firstLine + i
            let indent = i < indents.count && indents[i] > 0 ? " style=\"--i: \(indents[i])\"" : ""
            s += "<span class=\"line\" id=\"L\(number)\"><span class=\"src\"\(indent)>\(line.isEmpty ? " " : line)</span>"
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
        let value = outcome.shownText
        let times = outcome.values.count > 1 ? " <span class=\"times\">×\(outcome.values.count)</span>" : ""
        let full = outcome.values.count == 1 && outcome.shown?.display != value ? "; computed \(outcome.shown!.display)" : ""
        if outcome.holds {
            return "<span class=\"res ok\" title=\"holds: \(HTML.escape(claim.expectation.display))\(HTML.escape(full))\">\(HTML.escape(value))\(times) ✓</span>"
        }
        return "<span class=\"res bad\" title=\"\(HTML.escape(outcome.failure ?? ""))\">\(HTML.escape(value))\(times) ✗ expected \(HTML.escape(claim.expectation.display))</span>"
    }

    /// A code block inside a hint, as CommonMark renders one.
    static func plainCode(_ code: MarkdownCode) -> String {
        let language = code.info.prefix { $0 != " " && $0 != "\t" && $0 != "\n" }
        let open = language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(MarkdownHTML.escape(String(language)))\">"
        return open + MarkdownHTML.escape(code.literal) + "</code></pre>\n"
    }
}
