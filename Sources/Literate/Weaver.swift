import Claims
import Foundation

/// Renders the book as a static site: a page per chapter with every computed result
/// beside the claim that states it, figures drawn from the chapters' own code, math
/// for KaTeX, an index and a report of every claim. Pure: it returns the files; the
/// site writer puts them in place.
/// A figure drawn, or why it could not be.
enum FigureOutcome {
    case drawn(Figure)
    case failed(String)
}

public enum Weaver {
    /// One file of the site.
    public struct File: Sendable {
        public var path: String
        public var contents: Data
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
        /// Every claim of the book with what it computed, in book order.
        public var outcomes: [ClaimOutcome]
        public var examples: Int
        /// `Chapters/x.md:L:C: error: …` for every failed claim, thrown example or broken figure.
        public var failures: [String]
        public var summary: String
        /// Seconds spent running the examples and drawing the figures, and rendering pages.
        public var runSeconds: Double
        public var renderSeconds: Double
    }

    /// What running the registry found, before anything is rendered.
    public struct Verification: Sendable {
        /// Every claim with what it computed, in book order.
        public var outcomes: [ClaimOutcome]
        /// `Chapters/x.md:L:C: error: …` for every failed claim, thrown example or broken figure.
        public var failures: [String]
        public var examples: Int
        public var summary: String
        var figures: [String: FigureOutcome]
    }

    /// Runs every example (not the starters) and draws every figure: what `book check`
    /// needs, and the first half of weaving.
    public static func verify(_ registry: [ChapterEntry]) -> Verification {
        var ordered: [ClaimOutcome] = []
        var failures: [String] = []
        var exampleCount = 0
        for entry in registry {
            for example in entry.examples where example.kind != .starter {
                let report = example.run()
                if example.kind == .example { exampleCount += 1 }
                if let error = report.error { failures.append("\(example.file):\(example.line):1: error: \(error)") }
                for o in report.outcomes {
                    ordered.append(o)
                    if !o.holds { failures.append(o.diagnostic) }
                }
            }
        }
        var figures: [String: FigureOutcome] = [:]
        for entry in registry {
            for fig in entry.figures {
                do { figures[fig.name] = .drawn(try fig.make()) } catch {
                    figures[fig.name] = .failed("\(error)")
                    failures.append("\(fig.file):\(fig.line):1: error: figure `\(fig.name)` threw \(error)")
                }
            }
        }
        let failed = ordered.filter { !$0.holds }.count
        let summary = failed == 0 && failures.isEmpty
            ? "\(ordered.count) claims in \(exampleCount) worked examples, all verified"
            : "\(failed) of \(ordered.count) claims in \(exampleCount) worked examples failed"
                + (failures.count > failed ? "; \(failures.count - failed) other problem\(failures.count - failed == 1 ? "" : "s")" : "")
        return Verification(outcomes: ordered, failures: failures, examples: exampleCount, summary: summary, figures: figures)
    }

    /// Weaves `book` (the parsed chapters) with `registry` (the tangled, compiled examples).
    public static func weave(book: Book, registry: [ChapterEntry], title: String) -> Result {
        let started = Date()
        let verified = verify(registry)
        let ran = Date()
        let (ordered, failures, summary, figures) = (verified.outcomes, verified.failures, verified.summary, verified.figures)
        var outcomes: [String: ClaimOutcome] = [:]
        for o in ordered { outcomes[o.spec.location] = o }

        var files: [File] = []
        var summaries: [ChapterSummary] = []
        let chapters = book.chapters
        for (k, chapter) in chapters.enumerated() {
            let page = ChapterPage(chapter: chapter, outcomes: outcomes, figures: figures)
            let body = page.render() + pager(chapters, current: k)
            let nav = navigation(chapters, current: k)
            let html = document(title: "\(chapter.title) · \(title)", bookTitle: title, nav: nav, main: body)
            files.append(File(path: pageName(chapter), contents: Data(html.utf8)))
            let claimed = ordered.filter { $0.spec.file == chapter.file }
            summaries.append(ChapterSummary(file: chapter.file, title: chapter.title, claims: claimed.count,
                                            failed: claimed.filter { !$0.holds }.count, figures: page.figureCount))
        }
        files.append(File(path: "index.html", contents: Data(index(chapters, summaries, title: title, summary: summary, ok: failures.isEmpty).utf8)))
        files.append(File(path: "claims.html", contents: Data(claimsPage(chapters, ordered, title: title, summary: summary).utf8)))
        return Result(files: files, chapters: summaries, outcomes: ordered, examples: verified.examples,
                      failures: failures, summary: summary,
                      runSeconds: ran.timeIntervalSince(started), renderSeconds: Date().timeIntervalSince(ran))
    }

    /// `02-chain-rule.html`.
    public static func pageName(_ c: Chapter) -> String {
        let stem = (c.file as NSString).lastPathComponent
        return (stem.hasSuffix(".md") ? String(stem.dropLast(3)) : stem) + ".html"
    }

    static func navigation(_ chapters: [Chapter], current: Int?) -> String {
        var s = "<nav class=\"toc\" aria-label=\"Chapters\">\n<a class=\"home\" href=\"index.html\">Contents</a>\n<ol>\n"
        for (k, c) in chapters.enumerated() {
            let here = k == current ? " aria-current=\"page\"" : ""
            s += "<li><a href=\"\(pageName(c))\"\(here)><span class=\"num\">\(c.number)</span> \(HTML.escape(c.title))</a></li>\n"
        }
        s += "</ol>\n<a class=\"report\" href=\"claims.html\">Every claim, verified</a>\n</nav>\n"
        return s
    }

    /// Previous and next chapter links, for the foot of a chapter page.
    static func pager(_ chapters: [Chapter], current k: Int) -> String {
        var s = "<nav class=\"pager\" aria-label=\"Previous and next chapter\">"
        s += k > 0 ? "<a rel=\"prev\" href=\"\(pageName(chapters[k - 1]))\">← \(HTML.escape(chapters[k - 1].title))</a>" : "<a href=\"index.html\">← Contents</a>"
        if k + 1 < chapters.count { s += "<a rel=\"next\" href=\"\(pageName(chapters[k + 1]))\">\(HTML.escape(chapters[k + 1].title)) →</a>" }
        return s + "</nav>\n"
    }

    static func document(title: String, bookTitle: String, nav: String, main: String) -> String {
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
        <div class="layout">
        \(nav)<main>
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
            main += "<li><a href=\"\(pageName(c))\"><span class=\"num\">\(c.number)</span> \(HTML.escape(c.title))</a> <span class=\"count\">\(s.claims) claims\(s.failed > 0 ? ", \(s.failed) failed" : "")\(s.figures > 0 ? ", \(s.figures) figure\(s.figures == 1 ? "" : "s")" : "")</span></li>\n"
        }
        main += "</ol>\n"
        return document(title: title, bookTitle: title, nav: navigation(chapters, current: nil), main: main)
    }

    static func claimsPage(_ chapters: [Chapter], _ outcomes: [ClaimOutcome], title: String, summary: String) -> String {
        let pages = Dictionary(chapters.map { ($0.file, pageName($0)) }, uniquingKeysWith: { a, _ in a })
        var main = "<h1>Every claim, verified</h1>\n<p class=\"verification \(outcomes.allSatisfy(\.holds) ? "ok" : "bad")\">\(HTML.escape(summary)).</p>\n"
        main += "<div class=\"table\"><table class=\"claims\">\n<thead><tr><th>Where</th><th>Expression</th><th>Expected</th><th>Computed</th><th>Status</th></tr></thead>\n<tbody>\n"
        for o in outcomes {
            let page = pages[o.spec.file] ?? "index.html"
            let computed = o.shown.map { format($0, for: o.spec.expectation) } ?? "—"
            main += "<tr class=\"\(o.holds ? "ok" : "bad")\"><td><a href=\"\(page)#L\(o.spec.line)\">\(HTML.escape(o.spec.file)):\(o.spec.line)</a></td>"
            main += "<td><code>\(HTML.escape(o.spec.expression))</code></td><td><code>\(HTML.escape(o.spec.expectation.display))</code></td>"
            main += "<td><code>\(HTML.escape(computed))</code>\(o.values.count > 1 ? " <span class=\"times\">(\(o.values.count) evaluations)</span>" : "")</td>"
            main += "<td>\(o.holds ? "✓" : "✗ " + HTML.escape(o.failure ?? ""))</td></tr>\n"
        }
        main += "</tbody>\n</table></div>\n"
        return document(title: "Every claim · \(title)", bookTitle: title, nav: navigation(chapters, current: nil), main: main)
    }

    /// A computed value as a reader should see it: as many digits as an `≈` claim
    /// states, three significant digits beside a bound, otherwise the shortest
    /// digits that round-trip.
    public static func format(_ value: ClaimValue, for e: Expectation) -> String {
        format(value, e.op, e.value)
    }

    static func format(_ value: ClaimValue, _ op: ClaimOperator, _ expected: ExpectedValue?) -> String {
        switch value {
        case .array(let xs):
            var elements: [ExpectedValue?] = Array(repeating: nil, count: xs.count)
            if case .array(let es)? = expected, es.count == xs.count { elements = es }
            else if case .number? = expected { elements = Array(repeating: expected, count: xs.count) }
            let shown = zip(xs, elements).prefix(12).map { format($0, op, $1) }
            return "[" + shown.joined(separator: ", ") + (xs.count > 12 ? ", … (\(xs.count))" : "") + "]"
        case .real, .single:
            guard let x = value.number, x.isFinite else { return value.display }
            switch op {
            case .approximately:
                guard case .number(let text)? = expected else { return value.display }
                let decimals = text.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
                if text.contains("e") || text.contains("E") {
                    return String(format: "%.\(max(decimals, 2))e", x)
                }
                let s = String(format: "%.\(decimals)f", x)
                return Double(s) == x ? s : s + "…"
            case .atMost, .lessThan, .atLeast, .greaterThan:
                return x == 0 ? "0" : String(format: "%.3g", x)
            case .equal:
                return value.display
            }
        default:
            return value.display
        }
    }
}
