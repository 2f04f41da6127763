import BookModel
import Claims
import Foundation
import Tangling
import Testing

/// Where the fixture chapters are.
let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

/// Everything the tangler says about one fixture chapter: the loader's diagnostics
/// and, when the chapter loads, those of tangling its library and examples.
func diagnose(_ name: String) -> [Diagnostic] {
    let (chapter, problems) = ChapterLoader.load(file: "Chapters/\(name)", url: fixtures.appendingPathComponent("chapters/\(name)"))
    guard let chapter, !problems.hasErrors else { return problems }
    return problems + Tangler.library(chapter).1 + Tangler.examples(chapter).1
}

/// A broken chapter and the one diagnostic it must get.
struct Broken: Sendable, CustomTestStringConvertible {
    var file: String
    var id: DiagnosticID
    var line: Int
    var column: Int
    var says: String
    var testDescription: String { "\(file) → \(id)" }
}

@Suite("Bad input gets one clear diagnostic at the right place")
struct BadInputTests {
    static let cases: [Broken] = [
        Broken(file: "01-unknown-role.md", id: .blockUnknownRole, line: 3, column: 10, says: "did you mean `example`?"),
        Broken(file: "02-no-name.md", id: .blockNoName, line: 3, column: 1, says: "needs a name"),
        Broken(file: "03-unparsable.md", id: .claimUnparsable, line: 5, column: 7, says: "cannot read the expected value `abc`"),
        Broken(file: "04-two-operators.md", id: .claimTwoOperators, line: 5, column: 3, says: "two operators"),
        Broken(file: "05-no-solution.md", id: .exerciseNoSolution, line: 3, column: 1, says: "no reference solution"),
        Broken(file: "06-no-check.md", id: .exerciseNoCheck, line: 3, column: 1, says: "has no checks"),
        Broken(file: "07-no-title.md", id: .chapterNoTitle, line: 1, column: 1, says: "no title"),
        Broken(file: "08-mixed-indentation.md", id: .blockMixedIndentation, line: 6, column: 1, says: "both tabs and spaces"),
        Broken(file: "09-not-utf8.md", id: .chapterNotUTF8, line: 3, column: 20, says: "not valid UTF-8"),
        Broken(file: "11-not-expression.md", id: .claimNotExpression, line: 4, column: 29, says: "a claim must be an expression"),
        // Nesting past what SwiftParser can take (a stack overflow at 3,000 `[`, doubling time per `[`).
        Broken(file: "12-deep-code.md", id: .blockTooDeep, line: 6, column: 19, says: "square brackets nest more than 10 deep"),
        Broken(file: "13-deep-expected.md", id: .claimUnparsable, line: 4, column: 11, says: "square brackets nest more than 10 deep"),
        Broken(file: "14-doubling.md", id: .blockTooDeep, line: 6, column: 19, says: "square brackets nest more than 10 deep"),
        Broken(file: "15-deep-interpolation.md", id: .blockTooDeep, line: 4, column: 64, says: "brackets nest more than 48 deep"),
        // Blocks and claims that would silently not count.
        Broken(file: "16-capital-swift.md", id: .blockUnknownLanguage, line: 3, column: 4, says: "`Swift` is not `swift`"),
        Broken(file: "17-misspelled-swift.md", id: .blockUnknownLanguage, line: 3, column: 4, says: "`swfit` is not `swift`"),
        Broken(file: "18-string-tolerance.md", id: .claimBoundTolerance, line: 4, column: 13, says: "`± tolerance` compares numbers"),
        // What the compiler or the linker would report in generated files, naming no chapter.
        Broken(file: "19-own-source-location.md", id: .blockStructure, line: 4, column: 1, says: "no `#sourceLocation`"),
        Broken(file: "20-main.md", id: .blockStructure, line: 4, column: 2, says: "cannot hold `@main`"),
        Broken(file: "21-open-brace.md", id: .blockStructure, line: 5, column: 1, says: "a `{` opened in this block is not closed"),
        Broken(file: "22-extra-brace.md", id: .blockStructure, line: 5, column: 1, says: "this `}` closes nothing"),
        Broken(file: "23-open-if.md", id: .blockStructure, line: 5, column: 1, says: "a `#if` opened in this block is not closed"),
    ]

    @Test("a broken chapter", arguments: cases)
    func broken(_ c: Broken) throws {
        let errors = diagnose(c.file).filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let d = try #require(errors.first)
        #expect(d.id == c.id)
        #expect(d.location.file == "Chapters/\(c.file)")
        #expect(d.location.line == c.line)
        #expect(d.location.column == c.column)
        #expect(d.message.contains(c.says), "\(d.message)")
        #expect(d.description.hasPrefix("Chapters/\(c.file):\(c.line):\(c.column): error: "))
    }

    @Test("the same example name in two chapters")
    func duplicateNames() throws {
        let (_, ds) = Book.load(root: fixtures.appendingPathComponent("duplicate-names"))
        let d = try #require(ds.only)
        #expect(d.id == .nameDuplicate)
        #expect(d.location == SourceLocation(file: "Chapters/02-b.md", line: 5, column: 1))
        #expect(d.notes.first?.location == SourceLocation(file: "Chapters/01-a.md", line: 3, column: 1))
    }

    @Test("two chapters with the same number")
    func duplicateNumbers() throws {
        let (_, ds) = Book.load(root: fixtures.appendingPathComponent("duplicate-numbers"))
        let d = try #require(ds.only)
        #expect(d.id == .chaptersDuplicateNumber)
        #expect(d.location.file == "Chapters/01-uno.md")
        #expect(d.message.contains("Chapters/01-one.md"))
    }

    @Test("a chapter file without a number prefix")
    func noNumber() throws {
        let (_, ds) = Book.load(root: fixtures.appendingPathComponent("no-number"))
        let d = try #require(ds.only)
        #expect(d.id == .chaptersNoNumber)
        #expect(d.description.hasPrefix("Chapters/intro.md:1:1: error: "))
    }

    @Test("an empty Chapters folder, and none at all")
    func emptyFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("empty-book-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, missing) = Book.load(root: root)
        #expect(missing.only?.id == .chaptersMissing)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
        let (_, empty) = Book.load(root: root)
        #expect(empty.only?.id == .chaptersEmpty)
    }

    @Test("an info string's word is found at its column, whatever the fence", arguments: [
        ("````swift exampel a\n1\n````", 11),            // a four-backtick fence
        ("```   swift exampel a\n1\n```", 13),           // spaces after the fence
        ("```swift example a exampel\n1\n```", 20),      // the extra word, not the first `example`
        ("  ```swift exampel a\n  1\n  ```", 12),        // an indented fence
    ])
    func infoColumns(_ block: String, _ column: Int) {
        let (_, ds) = ChapterLoader.load(file: "Chapters/01-x.md", data: Data("# T\n\n\(block)\n".utf8))
        #expect(ds.count == 1, "\(ds)")
        #expect(ds.first?.location == SourceLocation(file: "Chapters/01-x.md", line: 3, column: column), "\(ds)")
    }

    @Test("result comments that claim nothing, and an unclosed fence, are warned about at their line")
    func silentlyDropped() throws {
        let text = "# Quiet\n\n```swift example c\nlet z = 3\n// → 3\nz // ≠ 4\nz // => 4\nz // → 3 // and a note\n```\n\n```swift example open\nlet w = 1 // → 1\n"
        let (chapter, loaded) = ChapterLoader.load(file: "Chapters/01-quiet.md", data: Data(text.utf8))
        let c = try #require(chapter)
        let ds = loaded + Tangler.examples(c).1
        #expect(ds.allSatisfy { $0.severity == .warning }, "\(ds)")
        #expect(ds.map(\.id) == [.blockUnclosed, .claimAlone, .claimLookalike, .claimLookalike], "\(ds)")
        #expect(ds.map(\.location.line) == [11, 5, 6, 7])
        // A second comment after the value is the claim's business no more: `→ 3` holds as written.
        #expect(c.blocks[0].claims.last?.expectation == Expectation(.equal, .number("3")))
    }

    @Test("nesting up to the limits parses, claims and all, on a test thread")
    func deepButAllowed() throws {
        let code = "let x = " + String(repeating: "(", count: 38) + String(repeating: "[", count: 10) + "1"
            + String(repeating: "]", count: 10) + String(repeating: ")", count: 38) + " // → [[[[[[[[[[1]]]]]]]]]]"
        let text = "# Deep\n\n```swift example deep\n\(code)\n```\n"
        let (chapter, ds) = ChapterLoader.load(file: "Chapters/01-deep.md", data: Data(text.utf8))
        #expect(ds.isEmpty, "\(ds)")
        let claims = try #require(chapter).blocks.flatMap(\.claims)
        #expect(claims.count == 1)
        #expect(claims.first?.location == SourceLocation(file: "Chapters/01-deep.md", line: 4, column: 9))
    }

    @Test("the nesting scan skips strings and comments and counts interpolations")
    func nestingScan() {
        #expect(NestingLimit.check(#"let s = "[[[[[[[[[[[[[[" // [[[[[[[[[[[[[["#) == nil)
        #expect(NestingLimit.check("/* [[[[[[[[[[[[[[ /* nested */ [[[[ */ let x = 1") == nil)
        #expect(NestingLimit.check(##"let s = #"[[[[[[[[[[[["# + """\n[[[[[[[[[[[[\n"""\n"##) == nil)
        // In an interpolation, brackets count: `let s = "\(` is 11 bytes, so the eleventh `[` is at column 22.
        let deep = NestingLimit.check("let s = \"\\(" + String(repeating: "[", count: 11) + "\")\"")
        #expect(deep?.line == 1)
        #expect(deep?.column == 22)
    }

    @Test("a chapter-scoped problem is reported once: by its chapter's command, not the index's")
    func reportedOnce() throws {
        let root = fixtures.appendingPathComponent("no-number")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: out) }
        let (_, all) = Book.load(root: root)
        #expect(all.map(\.id) == [.chaptersNoNumber])
        #expect(all.filter { $0.id.scope == .book }.isEmpty)
        #expect(TangleCommand.run(.index(output: out.path, chapters: []), root: root) == 0)
    }

    @Test("other languages are illustrations, not errors")
    func otherLanguages() {
        let (chapter, ds) = ChapterLoader.load(file: "Chapters/01-x.md", data: Data("# T\n\n```python\nprint(1) # → 2\n```\n\n```\nplain\n```\n".utf8))
        #expect(ds.isEmpty)
        #expect(chapter?.blocks.map(\.role) == [.illustration, .illustration])
    }

    @Test("the tangle tool exits non-zero on a broken chapter and writes nothing")
    func tangleExitStatus() {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID().uuidString).swift")
        let status = TangleCommand.run(["library", "--root", fixtures.path,
                                        fixtures.appendingPathComponent("chapters/01-unknown-role.md").path, out.path])
        #expect(status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}

@Suite("Chapter file names")
struct ChapterNameTests {
    @Test("a name that is not NN-slug.md is refused with a diagnostic naming the file", arguments: [
        "02-x\"><img src=x onerror=alert(1)>.md", "03-a&b.md", "04-a#b.md", "05-été.md", "06_under_score.md",
    ])
    func unsafe(_ name: String) {
        let (_, ds) = ChapterLoader.load(file: "Chapters/\(name)", data: Data("# T\n".utf8))
        #expect(ds.map(\.id) == [.chapterBadName], "\(ds)")
        #expect(ds.first?.location == SourceLocation(file: "Chapters/\(name)", line: 1, column: 1))
    }

    @Test("a chapter number too large for a place in the book is refused, not read as chapter 0")
    func hugeNumber() {
        let (_, ds) = ChapterLoader.load(file: "Chapters/99999999999999999999999-x.md", data: Data("# T\n".utf8))
        #expect(ds.map(\.id) == [.chapterBadName])
        #expect(ds.first?.message.contains("too large") == true)
    }

    @Test("hidden files (an editor's lock file) are not chapters")
    func hidden() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hidden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
        try Data("# One\n".utf8).write(to: root.appendingPathComponent("Chapters/01-one.md"))
        try Data("not a chapter".utf8).write(to: root.appendingPathComponent("Chapters/.#01-one.md"))
        let (book, ds) = Book.load(root: root)
        #expect(ds.isEmpty, "\(ds)")
        #expect(book.chapters.map(\.file) == ["Chapters/01-one.md"])
    }
}
