import BookModel
import Claims
import Exercises
import Foundation
import Tangling
import Testing
import Verifying
@testable import Weaving

/// The fixture chapter with claims in its prose, loaded, tangled, compiled, run and woven once.
private struct ProseFixture: Sendable {
    let chapter: Chapter
    let results: ChapterResults
    let verification: Verification
    let page: String

    static let file = "Chapters/01-prose.md"
    static let source = try! String(contentsOf: fixtures.appendingPathComponent("prose/Chapters/01-prose.md"), encoding: .utf8)

    static let shared: Result<ProseFixture, SetupFailure> = {
        let (loaded, problems) = ChapterLoader.load(file: file, data: Data(source.utf8))
        guard let chapter = loaded, !problems.hasErrors else { return .failure(SetupFailure("\(problems)")) }
        guard let toolchain = SwiftToolchain.near(URL(fileURLWithPath: CommandLine.arguments[0])) else {
            return .failure(SetupFailure("the toolchain was not found"))
        }
        do {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prose-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let main = """
                import Claims
                import Foundation
                let entry = ChapterEntry(number: 1, file: \(Tangler.literal(file)), title: "Prose",
                                         examples: __Chapter_01.examples, figures: __Chapter_01.figures,
                                         codeFingerprint: __Chapter_01.codeFingerprint)
                FileHandle.standardOutput.write(try! ResultsCoding.encoder().encode(ExampleHost.results(entry, libraryFingerprint: "")))
                """
            let sources = [("library.swift", Tangler.library(chapter).0),
                           ("examples.swift", Tangler.examples(chapter).0.replacingOccurrences(of: "import Descent\n", with: "")),
                           ("main.swift", main)]
            for (name, text) in sources { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            let exe = dir.appendingPathComponent("prose")
            let compiled = try toolchain.compile(sources.map { dir.appendingPathComponent($0.0).path }, chapters: [], into: exe, in: dir)
            guard compiled.status == 0 else { return .failure(SetupFailure(compiled.output)) }
            let ran = try SwiftToolchain.run([exe.path], in: dir, timeLimit: 60)
            guard ran.status == 0 else { return .failure(SetupFailure(ran.output)) }
            let results = try ResultsCoding.decoder().decode(ChapterResults.self, from: Data(ran.output.utf8))
            let verification = Verification(results: [results], book: Book(chapters: [chapter]))
            let page = ChapterPage(chapter: chapter, verification: verification).render()
            return .success(ProseFixture(chapter: chapter, results: results, verification: verification, page: page))
        } catch {
            return .failure(SetupFailure("\(error)"))
        }
    }()

    /// The span whose source contains `text`.
    func span(_ text: String) throws -> InlineSpan {
        try #require(chapter.spans.first { $0.source.contains(text) }, "no span `\(text)`")
    }

    func outcome(_ text: String) throws -> ClaimOutcome {
        let s = try span(text)
        return try #require(verification.outcomeAt[s.expressionLocation], "`\(text)` was not run")
    }
}

struct SetupFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The 1-based line and UTF-8 column of the first `needle` in the fixture after `after`.
private func position(of needle: String, after: String = "") -> (line: Int, column: Int) {
    let s = ProseFixture.source
    let from = after.isEmpty ? s.startIndex : s.range(of: after)!.upperBound
    let r = s.range(of: needle, range: from..<s.endIndex)!
    let before = s[..<r.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let lineStart = before.lastIndex(of: "\n").map { s.index(after: $0) } ?? s.startIndex
    return (line, s[lineStart..<r.lowerBound].utf8.count + 1)
}

@Suite("Claims in prose")
struct ProseTests {
    @Test("spans are read in prose, display math and table cells; a code span is never one")
    func reading() throws {
        let f = try ProseFixture.shared.get()
        let kinds = f.chapter.spans.map(\.kind)
        #expect(kinds.filter { $0 == .claim }.count == 13)
        #expect(kinds.filter { $0 == .computed }.count == 2)
        #expect(kinds.filter { $0 == .exempt }.count == 2)
        #expect(!f.chapter.spans.contains { $0.source.contains("twice(x) → 3") })
        #expect(try f.span("twice(x) + 1 → 4").inMath)
        #expect(try f.span("x ≈ 1.5").inMath == false)
        // Each claim's place is its expression's, at the chapter's UTF-8 column.
        let p = position(of: "y ≈ 4.1")
        #expect(try f.span("y ≈ 4.1").expressionLocation == SourceLocation(file: ProseFixture.file, line: p.line, column: p.column))
        #expect(try f.span("@doubling").scope?.example == "doubling")
        #expect(try f.span("z → 7").scope?.example == "other")
    }

    @Test("an inline claim that holds, one that fails at its span, one in display math, one in a table cell, one naming an example")
    func outcomes() throws {
        let f = try ProseFixture.shared.get()
        #expect(try f.outcome("y → 4").holds)
        #expect(try f.outcome("y > x → true").holds)
        #expect(try f.outcome("twice(x) + 1 → 4").holds)
        #expect(try f.outcome("x ≈ 1.5").holds)
        #expect(try f.outcome("@doubling y - x").holds)
        #expect(try f.outcome("z → 7").holds)
        let failing = try f.outcome("y ≈ 4.1")
        #expect(!failing.holds)
        let p = position(of: "y ≈ 4.1")
        #expect(failing.diagnostic.description.hasPrefix("\(ProseFixture.file):\(p.line):\(p.column): error: claim `y` ≈ 4.1 failed: computed 4"),
                "\(failing.diagnostic)")
        #expect(f.verification.diagnostics.map(\.id).filter { $0 == .claimFailed }.count == 2, "\(f.verification.diagnostics)")
        #expect(try f.outcome("x :.2f").shownText == "1.50")
        #expect(f.verification.summary.contains("in prose"), "\(f.verification.summary)")
    }

    @Test("a claim about the method runs the example on seeds 1…N; a fact of the seed shown runs once")
    func seeds() throws {
        let f = try ProseFixture.shared.get()
        #expect(try f.outcome("seed → 3 for this seed").holds)
        #expect(try f.outcome("u < 1 for 10 of 10 seeds").holds)
        #expect(try f.outcome("u < 1 for 10 of 10 seeds").seedsHeld == 10)
        #expect(try f.outcome("seed ≤ 5 for 5 of 10 seeds").holds)
        let six = try f.outcome("seed ≤ 5 for 6 of 10 seeds")
        #expect(six.failure?.hasPrefix("held for 5 of 10 seeds, but the claim needs 6") == true, "\(six.failure ?? "")")
        // The seed shown is the one the block declares: `seed ≤ 5` holds for it, yet the claim fails.
        #expect(six.values == [.integer(3)])
        #expect(six.seedsHeld == 5)
    }

    @Test("the reader sees the written number with a mark, the computed value on hover; a failing one shows ✗")
    func woven() throws {
        let f = try ProseFixture.shared.get()
        #expect(f.page.contains("title=\"✓ checked: `y` → 4; computed 4\">4</span>"), "\(f.page)")
        #expect(f.page.contains(">4.1<span class=\"inline-computed\"> ✗ computed 4.0</span></span>"))
        #expect(f.page.contains("<span class=\"inline-value\" title=\"computed by `x`: 1.5\">1.50</span>"))
        #expect(f.page.contains("<code>twice(x) → 3</code>"))
        #expect(f.page.contains("\\htmlData{computed=4}{\\htmlClass{inline-claim ok}{4}}"))
        #expect(f.page.contains("Kingma and Ba (2015)"))
        #expect(!f.page.contains("BOOKSPAN"))
        #expect(!f.page.contains("⟦"))
        // The table cell holds the claim; the pipe table is still a table.
        let cell = position(of: "x ≈ 1.5")
        #expect(f.page.contains("<td><span class=\"inline-claim ok\" id=\"C\(cell.line)-\(cell.column)\" title=\"✓ checked: `x` ≈ 1.5; computed 1.5\">1.5</span></td>"))
        // A mark written on the next line is joined to its word, with no space to break at.
        #expect(f.page.contains("with its word\u{2060}<span class=\"inline-claim ok mark\""))
        // Claims in math carry their anchor for claims.html.
        let math = position(of: "twice(x) + 1 → 4")
        #expect(f.page.contains("\\htmlId{C\(math.line)-\(math.column)}{\\htmlData{computed=4}"))
    }

    @Test("the lint finds one number of each class, and the unbacked one at its place")
    func lint() throws {
        let f = try ProseFixture.shared.get()
        let numbers = NumberLint.numbers(in: f.chapter)
        for c in NumberLint.Class.allCases {
            #expect(numbers.contains { $0.class == c }, "no \(c) number")
        }
        let unbacked = NumberLint.diagnostics(numbers)
        #expect(unbacked.count == 1, "\(unbacked)")
        let p = position(of: "42.25")
        #expect(unbacked.first?.description.hasPrefix("\(ProseFixture.file):\(p.line):\(p.column): error: the number 42.25 is backed by no claim") == true)
        let at = { (needle: String, after: String) in numbers.first { n in
            let q = position(of: needle, after: after); return n.location.line == q.line && n.location.column == q.column } }
        #expect(at("1.5", "The lint: the input ")?.class == .given)
        #expect(at("2.5", "bound above and backed here (")?.class == .backed)
        #expect(at("30", "chapter ")?.class == .structural)
        #expect(numbers.contains { $0.class == .exempt && $0.text == "2015" })

        // A count is backed by the claim that follows it in its sentence, and by no other.
        #expect(at("13", "it is odd on ")?.class == .backed)
        let apart = ProseFixture.source.replacingOccurrences(of: "odd on 13 of them⟦", with: "odd on 13 of them. ⟦")
        let (c, _) = ChapterLoader.load(file: ProseFixture.file, data: Data(apart.utf8))
        let q = position(of: "13", after: "it is odd on ")
        let far = NumberLint.numbers(in: try #require(c)).first { $0.location.line == q.line && $0.location.column == q.column }
        #expect(far?.class == .unbacked)
    }

    @Test("changing any digit of a bound or backed number makes it fail at that number's line")
    func everyDigitMatters() throws {
        let f = try ProseFixture.shared.get()
        let numbers = NumberLint.numbers(in: f.chapter).filter { $0.class == .backed || $0.class == .bound }
        let lines = ProseFixture.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var mutants = 0
        for n in numbers {
            let line = lines[n.location.line - 1]
            var bytes = Array(line.utf8)
            // The digits of the number as written (a bound one's are in its span).
            let span = f.chapter.spans.first { $0.location == n.location }
            if let span, span.kind != .claim || ![ClaimOperator.equal, .approximately].contains(span.expectation?.op) { continue }
            let start = n.location.column - 1
            let end = span.map { start + $0.source.utf8.count } ?? start + n.text.utf8.count
            let written = span.map { s in
                s.source.range(of: s.written, options: .backwards).map { start + s.source[..<$0.lowerBound].utf8.count } ?? start
            } ?? start
            for k in written..<end where bytes[k] >= UInt8(ascii: "0") && bytes[k] <= UInt8(ascii: "9") {
                let original = bytes[k]
                bytes[k] = original == UInt8(ascii: "9") ? UInt8(ascii: "0") : original + 1
                var mutated = lines
                mutated[n.location.line - 1] = String(decoding: bytes, as: UTF8.self)
                bytes[k] = original
                let (c, _) = ChapterLoader.load(file: ProseFixture.file, data: Data(mutated.joined(separator: "\n").utf8))
                let chapter = try #require(c)
                mutants += 1
                if let span {
                    // The same claim with the mutated value, against what the code computed.
                    let changed = try #require(chapter.spans.first { $0.location == span.location }?.expectation)
                    let values = try #require(f.verification.outcomeAt[span.expressionLocation]?.values)
                    #expect(values.contains { !changed.check($0).holds }, "`\(mutated[n.location.line - 1])` still holds")
                } else {
                    let again = NumberLint.numbers(in: chapter).first { $0.location == n.location }
                    #expect(again?.class == .unbacked, "`\(mutated[n.location.line - 1])` is still \(again?.class.rawValue ?? "?")")
                    #expect(NumberLint.diagnostics(NumberLint.numbers(in: chapter)).contains { $0.location.line == n.location.line })
                }
            }
        }
        #expect(mutants >= 10)
    }

    @Test("a span referring to nothing, to an unknown example, unclosed, without an operator, or about a seeded example without saying which")
    func badSpans() throws {
        func load(_ body: String) -> [Diagnostic] {
            ChapterLoader.load(file: "Chapters/01-bad.md", data: Data(("# Bad\n\n" + body).utf8)).1.filter { $0.severity == .error }
        }
        let example = "```swift example e\nlet seed = 4\nlet v = seed * 2\n```\n\n"
        let cases: [(String, DiagnosticID, Int, Int, String)] = [
            ("Before any example: ⟦v → 8⟧.\n\n" + example, .inlineNoExample, 3, 21, "refers to no example"),
            (example + "⟦@f v → 8 for this seed⟧\n", .inlineUnknownExample, 8, 1, "there is no example `f`"),
            (example + "Open ⟦v → 8\n", .inlineUnclosed, 8, 6, "not closed"),
            (example + "⟦v⟧\n", .inlineUnparsable, 8, 4, "has no operator"),
            (example + "⟦v → 8⟧\n", .inlineSeeds, 8, 1, "for this seed"),
            (example + "⟦v → (⟧\n", .claimUnparsable, 8, 4, "cannot read the expected value"),
            ("```swift example d\nlet v = draw(seed: 4)\n```\n\n⟦v → 8⟧\n", .inlineSeeds, 7, 1, "a seed written as a literal (`seed: 4` at line 4)"),
            ("```swift example d\nlet shuffleSeed = 4\nlet v = shuffleSeed * 2\n```\n\n⟦v → 8⟧\n", .inlineSeeds, 8, 1, "(`let shuffleSeed = 4` at line 4)"),
        ]
        for (text, id, line, column, says) in cases {
            let ds = load(text)
            #expect(ds.count == 1, "\(ds)")
            #expect(ds.first?.id == id, "\(ds)")
            #expect(ds.first?.location.line == line && ds.first?.location.column == column, "\(ds)")
            #expect(ds.first?.message.contains(says) == true, "\(ds)")
        }
    }

    @Test("a variable not yet defined is the compiler's error at the span's line and column")
    func undefinedName() throws {
        let text = "# Early\n\n```swift example e\nlet a = 1\n```\n\nToo early: ⟦b → 2⟧.\n\n```swift example e\nlet b = 2\n```\n"
        let (c, ds) = ChapterLoader.load(file: "Chapters/01-early.md", data: Data(text.utf8))
        #expect(!ds.hasErrors, "\(ds)")
        let (code, _) = Tangler.examples(try #require(c))
        let compiler = try #require(TestCompiler.find())
        let checked = try compiler.typecheck([code.replacingOccurrences(of: "import Descent\n", with: "")])
        #expect(checked.status != 0)
        // `Too early: ⟦` is 11 + 3 bytes: the expression starts at column 15.
        #expect(checked.output.contains("Chapters/01-early.md:7:15: error: use of local variable 'b' before its declaration"), "\(checked.output)")
    }
}
