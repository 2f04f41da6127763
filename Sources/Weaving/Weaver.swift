// Weaving — the weave stage. Renders the site from the model (the Markdown value tree,
// each block's syntax tree and claims) and a `Verification`: pages, highlighting
// (SwiftIDEUtils), SVG figures, math for KaTeX, the site writer. Its stylesheet and
// script are `Resources/` files.

import BookModel
import Claims
import Foundation
import Mutating
import Verifying

/// The weave stage: renders the book as a static site, given the parsed chapters
/// and what verifying them found. A page per chapter with every computed result
/// beside the claim that states it, figures drawn from the chapters' own code, math
/// for KaTeX, an index and a report of every claim. Pure: it returns the files;
/// the site writer puts them in place.
public enum Weaver {
    /// One file of the site.
    public struct File: Sendable {
        public var path: String
        public var contents: Data

        public init(path: String, contents: Data) {
            self.path = path
            self.contents = contents
        }
    }

    /// What one chapter contributed.
    public struct ChapterSummary: Sendable {
        public var file: String
        public var title: String
        public var claims: Int
        public var failed: Int
        public var figures: Int
    }

    public struct Result: Sendable {
        public var files: [File]
        public var chapters: [ChapterSummary]
        /// The prose's unbacked numbers (`book lint`), as warnings: found while counting the
        /// numbers for `claims.html`, so the build need not read them again.
        public var unbackedNumbers: [Diagnostic] = []
    }

    /// Weaves `book` (the parsed chapters) with `verification` (what running them found).
    public static func weave(book: Book, verification: Verification, title: String, mutants: MutationReport? = nil) -> Result {
        let ordered = verification.outcomes
        let summary = verification.summary
        var files: [File] = []
        var summaries: [ChapterSummary] = []
        let chapters = book.chapters
        let numbering = Numbering(chapters)
        // Pages are rendered in parallel, then assembled in book order.
        let rendered = parallelMap(chapters.count) { k in
            let page = ChapterPage(chapter: chapters[k], verification: verification, numbering: numbering)
            return (page.render(), page.figureCount)
        }
        var search: [SearchIndex.Document] = []
        var printBook: [(Chapter, String)] = []
        for (k, chapter) in chapters.enumerated() {
            let (pageHTML, figureCount) = rendered[k]
            search += SearchIndex.documents(of: chapter, html: pageHTML)
            let body = pageHTML + pager(chapters, current: k)
            let nav = navigation(chapters, current: k)
            let html = document(title: "\(chapter.title) · \(title)", bookTitle: title, nav: nav, main: body,
                                outline: outline(chapter, numbering))
            files.append(File(path: chapter.pageName, contents: Data(html.utf8)))
            files.append(File(path: SourcePage.name(chapter), contents: Data(SourcePage.html(chapter, bookTitle: title).utf8)))
            printBook.append((chapter, pageHTML))
            let claimed = ordered.filter { $0.spec.file == chapter.file }
            summaries.append(ChapterSummary(file: chapter.file, title: chapter.title, claims: claimed.count,
                                            failed: claimed.filter { !$0.holds }.count, figures: figureCount))
        }
        files.append(File(path: "assets/search-data.js", contents: SearchIndex.script(search)))
        files.append(File(path: "print.html", contents: Data(PrintBook.html(printBook, title: title, summary: summary).utf8)))
        files.append(File(path: "index.html", contents: Data(index(chapters, summaries, title: title, summary: summary, ok: verification.diagnostics.isEmpty).utf8)))
        let numbers = parallelMap(chapters.count) { NumberLint.numbers(in: chapters[$0]) }
        files.append(File(path: "claims.html", contents: Data(claimsPage(chapters, ordered, title: title, summary: summary,
                                                                          verification: verification, numbers: numbers).utf8)))
        files.append(File(path: "mutants.html", contents: Data(document(title: "Mutants · \(title)", bookTitle: title,
            nav: navigation(chapters, current: nil), main: MutantsPage.html(chapters, mutants)).utf8)))
        return Result(files: files, chapters: summaries,
                      unbackedNumbers: numbers.flatMap { NumberLint.diagnostics($0, severity: .warning) })
    }

    static func navigation(_ chapters: [Chapter], current: Int?) -> String {
        var s = "<nav class=\"toc\" aria-label=\"Chapters\">\n"
        s += "<div class=\"search\" role=\"search\"><input type=\"search\" id=\"search\" placeholder=\"Search the book\" aria-label=\"Search the book\" autocomplete=\"off\"><ol class=\"search-results\" id=\"search-results\" hidden></ol></div>\n"
        s += "<a class=\"home\" href=\"index.html\">Contents</a>\n<ol>\n"
        for (k, c) in chapters.enumerated() {
            let here = k == current ? " aria-current=\"page\"" : ""
            s += "<li><a href=\"\(HTML.escape(c.pageName))\"\(here)><span class=\"num\">\(c.number)</span> \(HTML.escape(c.title))</a></li>\n"
        }
        s += "</ol>\n<a class=\"report\" href=\"claims.html\">Every claim, verified</a>\n<a class=\"report\" href=\"mutants.html\">Mutants of the library</a>\n</nav>\n"
        return s
    }

    /// "On this page": the chapter's sections and subsections, numbered, beside the text on a
    /// wide screen and folded above it on a narrow one.
    static func outline(_ chapter: Chapter, _ numbering: Numbering) -> String {
        let headings = numbering.headings[chapter.file] ?? [:]
        var items = ""
        for node in chapter.document.blocks {
            guard case .heading(let level) = node.kind, level >= 2, level <= 3, let h = headings[node.line] else { continue }
            let text = MathHTML.restore(MarkdownHTML.render(node.inlines, formulas: chapter.document.formulas), chapter.document.formulas)
            items += "<li class=\"level\(level)\"><a href=\"#\(h.id)\"><span class=\"secnum\">\(h.number)</span> \(text)</a></li>\n"
        }
        guard !items.isEmpty else { return "" }
        return "<aside class=\"outline\" aria-label=\"On this page\"><details><summary>On this page</summary>\n<ol>\n\(items)</ol></details></aside>\n"
    }

    /// Previous and next chapter links, for the foot of a chapter page.
    static func pager(_ chapters: [Chapter], current k: Int) -> String {
        var s = "<nav class=\"pager\" aria-label=\"Previous and next chapter\">"
        s += k > 0 ? "<a rel=\"prev\" href=\"\(HTML.escape(chapters[k - 1].pageName))\">← \(HTML.escape(chapters[k - 1].title))</a>" : "<a href=\"index.html\">← Contents</a>"
        if k + 1 < chapters.count { s += "<a rel=\"next\" href=\"\(HTML.escape(chapters[k + 1].pageName))\">\(HTML.escape(chapters[k + 1].title)) →</a>" }
        return s + "</nav>\n"
    }

    static func document(title: String, bookTitle: String, nav: String, main: String, outline: String = "", wide: Bool = false) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <link rel="stylesheet" href="assets/katex/katex.min.css">
        <link rel="stylesheet" href="assets/book.css">
        <script defer src="assets/katex/katex.min.js"></script>
        <script defer src="assets/katex/contrib/auto-render.js"></script>
        <script defer src="assets/book.js"></script>
        </head>
        <body>
        <header class="masthead"><a href="index.html">\(HTML.escape(bookTitle))</a></header>
        <div class="layout\(nav.isEmpty ? " single" : outline.isEmpty ? "" : " with-outline")">
        \(nav)\(outline)<main\(wide ? " class=\"wide\"" : "")>
        \(main)</main>
        </div>
        </body>
        </html>

        """
    }

    static func index(_ chapters: [Chapter], _ summaries: [ChapterSummary], title: String, summary: String, ok: Bool) -> String {
        var main = "<h1>\(HTML.escape(title))</h1>\n"
        main += "<p class=\"lede\">An executable textbook on the mathematics that trains neural networks. Every number in it was computed by the code beside it when this site was built.</p>\n"
        main += "<p class=\"verification \(ok ? "ok" : "bad")\">\(ok ? "✓" : "✗") \(HTML.escape(summary)). <a href=\"claims.html\">See every claim</a>.</p>\n"
        main += "<h2 id=\"contents\">Contents</h2>\n<ol class=\"contents\">\n"
        for (c, s) in zip(chapters, summaries) {
            main += "<li><a href=\"\(HTML.escape(c.pageName))\"><span class=\"num\">\(c.number)</span> \(HTML.escape(c.title))</a> <span class=\"count\">\(s.claims) claims\(s.failed > 0 ? ", \(s.failed) failed" : "")\(s.figures > 0 ? ", \(s.figures) figure\(s.figures == 1 ? "" : "s")" : "")</span></li>\n"
        }
        main += "</ol>\n"
        return document(title: title, bookTitle: title, nav: navigation(chapters, current: nil), main: main)
    }

    static func claimsPage(_ chapters: [Chapter], _ outcomes: [ClaimOutcome], title: String, summary: String,
                           verification: Verification? = nil, numbers: [[NumberLint.Number]]? = nil) -> String {
        let pages = Dictionary(chapters.map { ($0.file, HTML.escape($0.pageName)) }, uniquingKeysWith: { a, _ in a })
        let numbersOf = Dictionary(chapters.map { ($0.file, $0.number) }, uniquingKeysWith: { a, _ in a })
        let failing = outcomes.filter { !$0.holds }.count
        let heading = failing == 0 ? "Every claim, verified" : "Every claim: \(failing) failing"
        var main = "<h1>\(heading)</h1>\n<p class=\"verification \(failing == 0 ? "ok" : "bad")\">\(HTML.escape(summary)).</p>\n"
        main += numbersTable(chapters, numbers ?? chapters.map { NumberLint.numbers(in: $0) })
        main += "<h2 id=\"claims\">Every claim</h2>\n"
        main += "<div class=\"table\"><table class=\"claims every\">\n<thead><tr><th>Where</th><th>Expression</th><th>Expected</th><th>Computed</th><th>Status</th></tr></thead>\n<tbody>\n"
        for o in outcomes {
            let page = pages[o.spec.file] ?? "index.html"
            let computed = o.shownText
            let inProse = verification?.isProse(o) == true
            let prose = inProse ? " <span class=\"times\">(prose)</span>" : ""
            let target = inProse ? InlineHTML.anchor(o.spec.location) : "L\(o.spec.line)"
            let place = numbersOf[o.spec.file].map { "Ch. \($0), line \(o.spec.line)" } ?? "\(HTML.escape(o.spec.file)):\(o.spec.line)"
            main += "<tr class=\"\(o.holds ? "ok" : "bad")\"><td><a href=\"\(page)#\(target)\" title=\"\(HTML.escape(o.spec.file)):\(o.spec.line):\(o.spec.column)\">\(place)</a>\(prose)</td>"
            main += "<td data-label=\"Expression\"><code>\(HTML.escape(o.spec.expression))</code></td><td data-label=\"Expected\"><code>\(HTML.escape(o.spec.expectation.display))</code></td>"
            main += "<td data-label=\"Computed\"><code>\(HTML.escape(computed))</code>\(o.values.count > 1 ? " <span class=\"times\">(\(o.values.count) evaluations)</span>" : "")</td>"
            main += "<td data-label=\"Status\">\(o.holds ? "✓" : "✗ " + HTML.escape(o.failure ?? ""))</td></tr>\n"
        }
        main += "</tbody>\n</table></div>\n"
        return document(title: "Every claim · \(title)", bookTitle: title, nav: navigation(chapters, current: nil), main: main, wide: true)
    }

    /// Every number of every chapter's prose, by class (`book lint`).
    static func numbersTable(_ chapters: [Chapter], _ numbers: [[NumberLint.Number]]) -> String {
        var s = "<h2 id=\"numbers\">Every number in the prose</h2>\n"
        s += "<p>Each number in the chapters' prose, headings, tables and math is <b>bound</b> (an inline claim or computed value), <b>given</b> (a literal of the chapter's code), <b>backed</b> (equal at its written digits to a claim's value), <b>exempt</b> (marked by the author as no result), <b>structural</b> (a small integer, an ordinal or a reference, by rule) or <b>unbacked</b>.</p>\n"
        s += "<div class=\"table\"><table class=\"lint\">\n<thead><tr><th>Chapter</th>" + NumberLint.Class.allCases.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        let total = NumberLint.counts(numbers.flatMap { $0 })
        for (c, chapterNumbers) in zip(chapters, numbers) {
            let counts = NumberLint.counts(chapterNumbers)
            s += "<tr><td><a href=\"\(HTML.escape(c.pageName))\">\(c.number) \(HTML.escape(c.title))</a></td>" + NumberLint.Class.allCases.map { "<td>\(counts[$0] ?? 0)</td>" }.joined() + "</tr>\n"
        }
        s += "<tr><th>Book</th>" + NumberLint.Class.allCases.map { "<th>\(total[$0] ?? 0)</th>" }.joined() + "</tr>\n"
        return s + "</tbody>\n</table></div>\n"
    }
}
