import Claims
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import BookModel
import Exercises
import Verifying
@testable import Weaving
import Testing

/// Chapters parsed from text, for weaving without a compiled registry.
private func chapter(_ file: String, _ text: String) throws -> Chapter {
    let (c, ds) = ChapterLoader.load(file: file, data: Data(text.utf8))
    #expect(ds.isEmpty, "\(ds)")
    return try #require(c)
}

private func page(_ result: Weaver.Result, _ path: String) -> String {
    result.files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
}

private let hostile = """
# Escapes <script>alert("title")</script>

Prose with <script>alert("prose")</script>, math $a < b$ and code `$x$ <b>`.

```swift example hostile
let s = "<script>alert(1)</script>" // → "<script>alert(1)</script>"
let n = 2 + 2 // → 5
```
"""

/// The example above, as the tangler would register it.
private let hostileEntry = ChapterEntry(number: 1, file: "Chapters/01-hostile.md", title: "Escapes", examples: [
    Example(name: "hostile", kind: .example, file: "Chapters/01-hostile.md", line: 5, claims: [
        ClaimSpec(file: "Chapters/01-hostile.md", line: 6, column: 9, expression: "\"<script>alert(1)</script>\"",
                  expectation: Expectation(.equal, .string("<script>alert(1)</script>"))),
        ClaimSpec(file: "Chapters/01-hostile.md", line: 7, column: 9, expression: "2 + 2",
                  expectation: Expectation(.equal, .number("5"))),
    ], body: { claims in
        _ = "<script>alert(1)</script>" ⟼ claims[0]
        _ = 2 + 2 ⟼ claims[1]
    }),
])

@Suite("The weaver")
struct WeaverTests {
    @Test("everything from a chapter or a computed value is escaped")
    func escaping() throws {
        let book = Book(chapters: [try chapter("Chapters/01-hostile.md", hostile)])
        let result = Weaver.weave(book: book, verification: Verifier.verify([hostileEntry]), title: "T")
        let html = page(result, "01-hostile.html")
        #expect(!html.contains("<script>alert"), "raw script from the chapter reached the page")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))           // in code and in the result
        #expect(html.contains("\\(a &lt; b\\)"))                                   // math, escaped, for KaTeX
        #expect(html.contains("<code>$x$ &lt;b&gt;</code>"))                       // dollars in code untouched
        #expect(!page(result, "index.html").contains("<script>alert"))
        #expect(!page(result, "claims.html").contains("<script>alert"))
    }

    @Test("claim rows show the computed value, ✓ or ✗ with the expectation")
    func claimRows() throws {
        let book = Book(chapters: [try chapter("Chapters/01-hostile.md", hostile)])
        let result = Weaver.weave(book: book, verification: Verifier.verify([hostileEntry]), title: "T")
        let html = page(result, "01-hostile.html")
        #expect(html.contains("<span class=\"res ok\" title=\"holds: → &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;\">&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; ✓</span>"))
        #expect(html.contains(">4 ✗ expected → 5</span>"))
        #expect(html.contains("id=\"L7\""))
        let verification = Verifier.verify([hostileEntry])
        #expect(verification.diagnostics.map(\.description) == ["Chapters/01-hostile.md:7:9: error: claim `2 + 2` → 5 failed: computed 4, expected → 5 [claim.failed]"])
        #expect(verification.summary == "1 of 2 claims in 1 worked examples failed")
        let report = page(result, "claims.html")
        #expect(report.contains("<a href=\"01-hostile.html#L7\" title=\"Chapters/01-hostile.md:7:"))
        #expect(report.contains(">Ch. 1, line 7</a>"))
        #expect(report.contains("<h1>Every claim: 1 failing</h1>"))
    }

    @Test("values are shown with the digits a claim states")
    func formatting() {
        #expect(ValueFormat.format(.real(0.05.squareRoot()), for: Expectation(.approximately, .number("0.2236"))) == "0.2236…")
        #expect(ValueFormat.format(.real(0.5), for: Expectation(.approximately, .number("0.50"))) == "0.50")
        // `→` holds within its tolerance: the digits stated are shown (the full value is on hover).
        #expect(ValueFormat.format(.real(0.1 + 0.2), for: Expectation(.equal, .number("0.3"))) == "0.3")
        #expect(ValueFormat.format(.real(0.1 + 0.2), for: Expectation(.equal, .number("0.30000000000000004"))) == "0.30000000000000004")
        #expect(ValueFormat.format(.real(3.2189e-11), for: Expectation(.atMost, .number("1e-8"))) == "3.22e-11")
        #expect(ValueFormat.format(.array([.real(-18), .real(0)]), for: Expectation(.equal, .array([.number("-18"), .number("0")]))) == "[-18, 0]")
    }

    @Test("previous and next links, and the table of contents")
    func navigation() throws {
        let one = try chapter("Chapters/01-one.md", "# One\n\nText.\n")
        let two = try chapter("Chapters/02-two.md", "# Two\n\n| a | b |\n|---|--:|\n| *x* | 2 |\n")
        let result = Weaver.weave(book: Book(chapters: [one, two]), verification: Verifier.verify([]), title: "T")
        let first = page(result, "01-one.html"), second = page(result, "02-two.html")
        #expect(first.contains("<a rel=\"next\" href=\"02-two.html\">Two →</a>"))
        #expect(second.contains("<a rel=\"prev\" href=\"01-one.html\">← One</a>"))
        #expect(second.contains("<a href=\"02-two.html\" aria-current=\"page\">"))
        #expect(page(result, "index.html").contains("<a href=\"01-one.html\"><span class=\"num\">1</span> One</a>"))
        // Pipe tables become tables, inline Markdown rendered in cells.
        #expect(second.contains("<th>a</th><th style=\"text-align:right\">b</th>"))
        #expect(second.contains("<td><em>x</em></td>"))
        #expect(Verifier.verify([]).summary == "0 claims in 0 worked examples, all verified")
    }

    @Test("a figure is a valid SVG with one group per series, contours under them")
    func figure() throws {
        var plot = Figure(title: "A <plot>", xLabel: "iteration", yLabel: "gap", yScale: .log)
        plot.line("GD", points: (1...20).map { (Double($0), 1 / Double($0)) })
        plot.scatter("SGD", points: (1...20).map { (Double($0), 2 / Double($0)) })
        plot.line("constant", points: [(1, 0.5), (20, 0.5)])
        let svg = SVGPlot.svg(plot, id: "p")
        #expect(svg.components(separatedBy: "class=\"series\"").count - 1 == 3)
        #expect(svg.contains("A &lt;plot&gt;"))
        #expect(svg.contains(">10⁻¹</text>"))     // log ticks at powers of ten, written as printed
        #expect(SVGPlot.legend(plot).components(separatedBy: "<li>").count - 1 == 3)   // the legend is HTML, under the plot
        #expect(try isWellFormedXML(svg))

        var contour = Figure(title: "f(x) = 0.1x₁² + 2x₂²")
        contour.contour({ x, y in 0.1 * x * x + 2 * y * y }, x: -6...6, y: -3...3, levels: [1, 4, 9])
        contour.path("momentum", points: [(-5, -2), (-3, 1), (-1, -0.2), (0, 0)])
        let drawn = SVGPlot.svg(contour, id: "c")
        #expect(drawn.components(separatedBy: "<path d=\"M").count - 1 >= 4)   // 3 levels + the path
        #expect(drawn.components(separatedBy: "class=\"series\"").count - 1 == 1)
        #expect(try isWellFormedXML(drawn))
    }

    @Test("drawing never traps on a log axis at zero (refused earlier, but the plotter holds too)")
    func logAxisTicks() {
        var plot = Figure(title: "gap", yScale: .log)
        plot.line("a", points: [(0, 1), (1, 0)])
        plot.yRange = 0...1
        #expect(SVGPlot.svg(plot, id: "z").hasSuffix("</svg>"))
    }

    @Test("stopped between any two steps (as a kill would), the site is the old one or the new one, whole; the next run cleans up",
          arguments: SiteWriter.Step.allCases)
    func interruptedWrite(_ step: SiteWriter.Step) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("site-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let katex = try fakeKaTeX(in: root)
        let site = root.appendingPathComponent("site")
        func page(_ text: String) -> [Weaver.File] { [Weaver.File(path: "index.html", contents: Data(text.utf8))] }
        try SiteWriter.write(page("one"), to: site, katex: katex)
        try SiteWriter.write(page("two"), to: site, katex: katex, stopAfter: step)
        let shown = FileManager.default.contents(atPath: site.appendingPathComponent("index.html").path).map { String(decoding: $0, as: UTF8.self) }
        #expect(shown == "one" || shown == "two", "site/index.html is \(shown ?? "missing") after stopping at \(step)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".book-site").path))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("assets/katex/katex.min.js").path))
        try SiteWriter.write(page("three"), to: site, katex: katex)
        #expect(FileManager.default.contents(atPath: site.appendingPathComponent("index.html").path) == Data("three".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["katex", "site"])
    }

    @Test("a file, a symbolic link or a folder it did not write is refused before anything is written")
    func refusals() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("site-refuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("site-file")
        try Data("x".utf8).write(to: file)
        #expect(throws: Diagnostic.self) { try SiteWriter.check(file) }
        let target = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let link = root.appendingPathComponent("site-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let error = #expect(throws: Diagnostic.self) { try SiteWriter.check(link) }
        #expect(error?.message.contains("symbolic link") == true)
        #expect(throws: Never.self) { try SiteWriter.check(root.appendingPathComponent("not-yet")) }
    }

    @Test("two weaves of the same chapters are byte-identical")
    func deterministic() throws {
        let book = Book(chapters: [try chapter("Chapters/01-hostile.md", hostile)])
        let a = Weaver.weave(book: book, verification: Verifier.verify([hostileEntry]), title: "T")
        let b = Weaver.weave(book: book, verification: Verifier.verify([hostileEntry]), title: "T")
        #expect(a.files.map(\.path) == b.files.map(\.path))
        #expect(a.files.map(\.contents) == b.files.map(\.contents))
    }

    @Test("the site is replaced whole, and a folder the weaver did not write is refused")
    func siteWriter() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let katex = root.appendingPathComponent("katex")
        for name in ["katex.min.js", "katex.min.css", "contrib/auto-render.js", "fonts/KaTeX_Main-Regular.woff2"] {
            let url = katex.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(name.utf8).write(to: url)
        }
        let site = root.appendingPathComponent("site")
        try SiteWriter.write([Weaver.File(path: "index.html", contents: Data("one".utf8))], to: site, katex: katex)
        try SiteWriter.write([Weaver.File(path: "index.html", contents: Data("two".utf8))], to: site, katex: katex)
        #expect(FileManager.default.contents(atPath: site.appendingPathComponent("index.html").path) == Data("two".utf8))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("assets/katex/fonts/KaTeX_Main-Regular.woff2").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["katex", "site"])

        let mine = root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("my notes".utf8).write(to: mine.appendingPathComponent("notes.txt"))
        #expect(throws: Diagnostic.self) {
            try SiteWriter.write([], to: mine, katex: katex)
        }
        #expect(FileManager.default.contents(atPath: mine.appendingPathComponent("notes.txt").path) == Data("my notes".utf8))
    }
}

/// A stand-in for Debian's KaTeX files.
private func fakeKaTeX(in root: URL) throws -> URL {
    let katex = root.appendingPathComponent("katex")
    for name in ["katex.min.js", "katex.min.css", "contrib/auto-render.js", "fonts/KaTeX_Main-Regular.woff2"] {
        let url = katex.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(name.utf8).write(to: url)
    }
    return katex
}

private func isWellFormedXML(_ text: String) throws -> Bool {
    let parser = XMLParser(data: Data(text.utf8))
    return parser.parse()
}

@Suite("Stages")
struct StageTests {
    @Test("code blocks in lists and quotes are highlighted and get their results, joined by location")
    func nestedCode() throws {
        let text = "# Nested\n\n1. A step:\n\n   ```swift example nested\n   let n = 2 + 2 // → 4\n   ```\n\n> ```swift example quoted\n> let m = 3 // → 3\n> ```\n"
        let c = try chapter("Chapters/01-nested.md", text)
        #expect(c.blocks.flatMap(\.claims).map(\.location) == [
            SourceLocation(file: "Chapters/01-nested.md", line: 6, column: 12),
            SourceLocation(file: "Chapters/01-nested.md", line: 10, column: 11),
        ])
        let entry = ChapterEntry(number: 1, file: c.file, title: c.title, examples: [
            Example(name: "nested", kind: .example, file: c.file, line: 5, claims: [
                ClaimSpec(file: c.file, line: 6, column: 12, expression: "2 + 2", expectation: Expectation(.equal, .number("4"))),
            ], body: { claims in _ = 2 + 2 ⟼ claims[0] }),
            Example(name: "quoted", kind: .example, file: c.file, line: 9, claims: [
                ClaimSpec(file: c.file, line: 10, column: 11, expression: "3", expectation: Expectation(.equal, .number("3"))),
            ], body: { claims in _ = 3 ⟼ claims[0] }),
        ])
        let html = page(Weaver.weave(book: Book(chapters: [c]), verification: Verifier.verify([entry]), title: "T"), "01-nested.html")
        #expect(html.contains("<ol>\n<li>\n<p>A step:</p>\n<figure class=\"code example\" id=\"example-nested\">"), "\(html)")
        #expect(html.contains("<blockquote>\n<figure class=\"code example\" id=\"example-quoted\">"))
        #expect(html.contains("Example 1.1 · <code>nested</code>"))
        #expect(html.contains(">4 ✓</span>"))
        #expect(html.contains(">3 ✓</span>"))
        #expect(!html.contains("not run"))
    }

    @Test("the tangle tool's link list holds neither the weaver nor SwiftIDEUtils (the build graph, read back)")
    func tangleClosure() throws {
        let toolchain = try #require(SwiftToolchain.near(URL(fileURLWithPath: CommandLine.arguments[0])))
        let lists = ["tangle.product", "tangle-tool.product"]
            .map { toolchain.buildDirectory.appendingPathComponent("\($0)/Objects.LinkFileList") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        try #require(!lists.isEmpty, "no link file list for tangle in \(toolchain.buildDirectory.path)")
        for list in lists {
            let text = try String(contentsOf: list, encoding: .utf8)
            // `…/debug/Weaving.build/X.swift.o` (or `Weaving-tool.build` for the plugin's copy) → `Weaving`.
            let modules = Set(text.split(separator: "\n").compactMap { line -> String? in
                guard let dir = line.split(separator: "/").dropLast().last, dir.hasSuffix(".build") else { return nil }
                let name = dir.dropLast(".build".count)
                return String(name.hasSuffix("-tool") ? name.dropLast("-tool".count) : name)
            })
            #expect(modules.isSuperset(of: ["BookModel", "Tangling", "Claims", "SwiftParser"]), "\(modules.sorted())")
            #expect(modules.isDisjoint(with: ["Weaving", "SwiftIDEUtils", "Verifying", "Exercises", "ArgumentParser"]), "\(modules.sorted())")
        }
    }
}

@Suite("Odd chapters")
struct OddChapterTests {
    @Test("a formula inside a link's address or an image's alt text stays text, never markup in an attribute")
    func formulaInAttributes() throws {
        let text = "# Links\n\nSee [the $x$ page](https://example.org/$x$) and ![a $y<1$ plot](p.png \"t $z$\").\n"
        let links = try chapter("Chapters/01-links.md", text)
        let html = page(Weaver.weave(book: Book(chapters: [links]), verification: Verifier.verify([]), title: "T"), "01-links.html")
        #expect(html.contains("href=\"https://example.org/$x$\""), "\(html)")
        #expect(html.contains("alt=\"a $y&lt;1$ plot\""), "\(html)")
        #expect(html.contains("title=\"t $z$\""))
        #expect(html.contains("the <span class=\"math inline\">\\(x\\)</span> page"))   // in the link's text, math as usual
    }

    @Test("a NUL byte, a two-backtick fence and an unreadable file each get a diagnostic with the place and reason")
    func oddFiles() throws {
        let (_, nul) = ChapterLoader.load(file: "Chapters/01-nul.md", data: Data("# T\n\nab\u{0}c\n".utf8))
        #expect(nul.map(\.location) == [SourceLocation(file: "Chapters/01-nul.md", line: 3, column: 3)])
        #expect(nul.first?.message.contains("NUL byte") == true)
        let (_, short) = ChapterLoader.load(file: "Chapters/01-short.md", data: Data("# T\n\n``swift example x\nlet a = 1 // → 1\n``\n".utf8))
        #expect(short.map(\.severity) == [.warning])
        #expect(short.first?.location == SourceLocation(file: "Chapters/01-short.md", line: 3, column: 1))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let loop = dir.appendingPathComponent("01-loop.md")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        let (_, looped) = ChapterLoader.load(file: "Chapters/01-loop.md", url: loop)
        #expect(looped.first?.message.contains("symbolic links") == true, "\(looped)")
    }
}

@Suite("Cross-references")
struct CrossReferenceTests {
    static let one = """
    # One

    ## First {#sec:first}

    $$
    a = b
    $$ {#eq:ab}

    See @eq:ab, @sec:second and @ch:two, but not `@eq:ab` in code.

    """
    static let two = """
    # Two

    ## Second {#sec:second}

    Back to @eq:ab; @eq:abc is a typo.

    ## Again {#sec:first}

    """

    @Test("labels are numbered and references become links, in the page and across pages, never in code")
    func links() throws {
        let a = try chapter("Chapters/01-one.md", Self.one), b = try chapter("Chapters/02-two.md", Self.two)
        let result = Weaver.weave(book: Book(chapters: [a, b]), verification: Verifier.verify([]), title: "T")
        let first = page(result, "01-one.html"), second = page(result, "02-two.html")
        #expect(first.contains("<h2 id=\"first\"><span class=\"secnum\">1.1</span> First"), "\(first)")
        #expect(first.contains("id=\"eq-ab\">\\[a = b \\tag{1.1}\\]</span>"))
        #expect(first.contains("See <a class=\"xref\" href=\"#eq-ab\">Eq. (1.1)</a>, <a class=\"xref\" href=\"02-two.html#second\">Section 2.1</a> and <a class=\"xref\" href=\"02-two.html\">Chapter 2</a>"))
        #expect(first.contains("<code>@eq:ab</code>"))
        #expect(second.contains("Back to <a class=\"xref\" href=\"01-one.html#eq-ab\">Eq. (1.1)</a>"))
        #expect(second.contains("<span class=\"xref-missing\""))
        #expect(!first.contains("{#"))
    }

    @Test("a reference to nothing, or a label defined twice, is an error at its chapter line and column")
    func problems() throws {
        let a = try chapter("Chapters/01-one.md", Self.one), b = try chapter("Chapters/02-two.md", Self.two)
        let problems = CrossReferences.problems([a, b]).map(\.description)
        #expect(problems.contains { $0.hasPrefix("Chapters/02-two.md:7:10: error: the label `sec:first` is already defined") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("Chapters/02-two.md:5:17: error: `@eq:abc` refers to nothing in the book; did you mean `@eq:ab`?") }, "\(problems)")
        #expect(problems.count == 2)
    }
}

@Suite("Decoys and statements")
struct DecoyTests {
    static let text = """
    # One

    **Twice.** Return twice the number.

    ```swift exercise twice
    func twice(_ x: Double) -> Double { x }
    ```

    ```swift solution twice
    func twice(_ x: Double) -> Double { 2 * x }
    ```

    ```swift decoy twice
    func twice(_ x: Double) -> Double { x + x * x }
    ```

    ```swift check twice
    twice(1)   // → 2
    twice(3)   // → 6
    ```

    ```hint twice
    Double it.
    ```

    """

    @Test("each decoy is a run of its own against the checks, which must reject it; the weaver folds it away")
    func decoyRuns() throws {
        let c = try chapter("Chapters/01-one.md", Self.text)
        let decoys = c.runs.filter { $0.kind == .decoy }
        #expect(decoys.map(\.name) == ["twice/1"])
        #expect(decoys.first?.claims.count == 2)
        #expect(Example.Kind.decoy.mustFail && Example.Kind.starter.mustFail && !Example.Kind.solution.mustFail)
        let html = page(Weaver.weave(book: Book(chapters: [c]), verification: Verifier.verify([]), title: "T"), "01-one.html")
        #expect(html.contains("<details class=\"decoy\"><summary>A tempting wrong solution for <code>twice</code>"))
    }

    @Test("the starter file opens with the exercise's statement, the paragraph above its code")
    func statement() throws {
        let c = try chapter("Chapters/01-one.md", Self.text)
        let e = try #require(Exercise.all(in: Book(chapters: [c])).first)
        #expect(e.statement == ["**Twice.** Return twice the number."])
        #expect(e.starterFile.contains("// **Twice.** Return twice the number.\n"))
    }
}

@Suite("The exercise rule")
struct ExerciseRuleTests {
    @Test("a chapter with code and fewer than three exercises is reported at its title line; one without code is not")
    func tooFew() throws {
        let withCode = try chapter("Chapters/01-one.md", DecoyTests.text)
        let prose = try chapter("Chapters/02-two.md", "Intro.\n\n# Two\n\nOnly prose.\n")
        let problems = ExerciseRules.problems(Book(chapters: [withCode, prose]))
        #expect(problems.map(\.description) == ["Chapters/01-one.md:1:1: error: the chapter has 1 exercise; a chapter with code has at least 3 (one of them substantial): add ```` ```swift exercise NAME ```` with its solution, decoy, checks and hints [exercise.too-few]"])
    }
}
