import BookModel
import Claims
import Exercises
import Foundation
import Testing
import Verifying

/// A stand-in for `book run-examples`: a real Swift program whose examples trap,
/// loop for ever and allocate without bound, between two that are fine. Compiled
/// against the built Claims runtime, run by the same `IsolatedRunner` as the book.
private let childSource = #"""
import Claims
import Foundation

let file = "Chapters/01-hostile.md"
func spec(_ line: Int) -> ClaimSpec {
    ClaimSpec(file: file, line: line, column: 1, expression: "x", expectation: Expectation(.equal, .number("1")))
}
@inline(never) func index(_ xs: [Int], _ i: Int) -> Int { xs[i] }
nonisolated(unsafe) var sink: [[UInt8]] = []
let entry = ChapterEntry(number: 1, file: file, title: "Hostile", examples: [
    Example(name: "fine", kind: .example, file: file, line: 3, claims: [spec(4)]) { c in _ = 1 ⟼ c[0] },
    Example(name: "traps", kind: .example, file: file, line: 10, claims: [spec(11)]) { c in _ = index([], 1) ⟼ c[0] },
    Example(name: "hangs", kind: .example, file: file, line: 20, claims: [spec(21)]) { c in
        var i = 0
        while i >= 0 { i = (i &+ 1) % 7 }
        _ = i ⟼ c[0]
    },
    Example(name: "allocates", kind: .example, file: file, line: 30, claims: [spec(31)]) { c in
        while true { sink.append([UInt8](repeating: 1, count: 1 << 24)) }
    },
    Example(name: "after", kind: .example, file: file, line: 40, claims: [spec(41)]) { c in _ = 1 ⟼ c[0] },
], codeFingerprint: "code")

var args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let skip = Set((option("--skip") ?? "").split(separator: ",").map(String.init))
exit(ExampleHost.serve(entry, libraryFingerprint: "library", skip: skip, memoryLimit: option("--memory-limit").flatMap { Int($0) }))
"""#

@Suite("Examples run in isolation")
struct IsolationTests {
    @Test("a trap, a hang and a runaway allocation each cost only their own example")
    func hostileExamples() throws {
        let toolchain = try #require(SwiftToolchain.near(URL(fileURLWithPath: CommandLine.arguments[0])))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("isolation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let main = dir.appendingPathComponent("main.swift")
        try childSource.write(to: main, atomically: true, encoding: .utf8)
        let exe = dir.appendingPathComponent("child")
        let compiled = try toolchain.compile([main.path], chapters: [], into: exe, in: dir)
        try #require(compiled.status == 0, "\(compiled.output)")

        let started = Date()
        let results = IsolatedRunner(executable: exe, timeLimit: 2, memoryLimit: 512, jobs: 1).run(chapter: "Chapters/01-hostile.md")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(results.problem == nil)
        #expect(results.runs.map(\.name) == ["fine", "traps", "hangs", "allocates", "after"])
        let v = Verification(results: [results], book: nil)
        #expect(v.diagnostics.map(\.id) == [.exampleCrashed, .exampleTimedOut, .exampleCrashed], "\(v.diagnostics)")
        #expect(v.diagnostics.map(\.location.line) == [10, 20, 30])
        #expect(v.diagnostics.first?.description.hasPrefix("Chapters/01-hostile.md:10:1: error: example `traps` crashed: Fatal error") == true,
                "\(v.diagnostics.first?.description ?? "")")
        #expect(v.diagnostics.first?.message.contains("Index out of range") == true)
        #expect(v.diagnostics.dropFirst().first?.message == "example `hangs` ran past 2 s and was stopped")
        #expect(v.diagnostics.last?.message.hasPrefix("example `allocates` ran out of memory (Fatal error: failed to allocate") == true,
                "\(v.diagnostics.last?.message ?? "")")
        #expect(v.diagnostics.last?.message.hasSuffix("at most 512 MiB, --memory-limit)") == true)
        // The examples before and after still ran and hold; the three are ✗ on the page.
        #expect(v.outcomeAt[SourceLocation(file: "Chapters/01-hostile.md", line: 4, column: 1)]?.holds == true)
        #expect(v.outcomeAt[SourceLocation(file: "Chapters/01-hostile.md", line: 41, column: 1)]?.holds == true)
        #expect(v.outcomes.filter { !$0.holds }.map(\.spec.line) == [11, 21, 31])
        #expect(v.summary == "3 of 5 claims in 5 worked examples failed; 3 other problems")
    }
}

@Suite("The results cache")
struct ResultCacheTests {
    private func book(_ one: String, _ two: String) throws -> Book {
        let (a, da) = ChapterLoader.load(file: "Chapters/01-a.md", data: Data(one.utf8))
        let (b, db) = ChapterLoader.load(file: "Chapters/02-b.md", data: Data(two.utf8))
        #expect(da.isEmpty && db.isEmpty, "\(da + db)")
        return Book(chapters: [try #require(a), try #require(b)])
    }

    private let one = "# One\n\nProse.\n\n```swift\npublic func double(_ x: Double) -> Double { 2 * x }\n```\n\n```swift example d\ndouble(2) // → 4\n```\n"
    private let two = "# Two\n\n```swift example t\nlet y = 3 // → 3\n```\n"

    @Test("a library edit misses for every chapter; a prose edit hits; an example edit misses for its chapter only")
    func keys() throws {
        let base = try book(one, two)
        let keys = base.chapters.map { ResultCache.key($0, in: base, identity: "toolchain") }

        let library = try book(one.replacingOccurrences(of: "{ 2 * x }", with: "{ x + x }"), two)
        let libraryKeys = library.chapters.map { ResultCache.key($0, in: library, identity: "toolchain") }
        #expect(libraryKeys[0] != keys[0])
        #expect(libraryKeys[1] != keys[1])   // chapter two uses no function of chapter one's, but imports the library

        let prose = try book(one.replacingOccurrences(of: "Prose.\n", with: "Prose, longer,\nover two lines.\n"), two)
        #expect(prose.chapters.map { ResultCache.key($0, in: prose, identity: "toolchain") } == keys)

        let example = try book(one, two.replacingOccurrences(of: "let y = 3 // → 3", with: "let y = 4 // → 4"))
        let exampleKeys = example.chapters.map { ResultCache.key($0, in: example, identity: "toolchain") }
        #expect(exampleKeys[0] == keys[0])
        #expect(exampleKeys[1] != keys[1])

        #expect(base.chapters.map { ResultCache.key($0, in: base, identity: "another toolchain") } != keys)
    }

    @Test("kept results come back under their key, with their claims moved to where the prose moved them")
    func roundTrip() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let base = try book(one, two)
        let chapter = base.chapters[1]
        let spec = ClaimSpec(file: chapter.file, line: 4, column: 9, expression: "3", expectation: Expectation(.equal, .number("3")))
        let results = ChapterResults(file: chapter.file, codeFingerprint: chapter.codeFingerprint, libraryFingerprint: base.libraryFingerprint,
                                     runs: [RunResult(name: "t", kind: .example, location: SourceLocation(file: chapter.file, line: 3),
                                                      specs: [spec], values: [[.integer(3)]], failures: [nil])])
        let cache = ResultCache(root: root)
        let key = ResultCache.key(chapter, in: base, identity: "t")
        cache.store(results, key)
        let back = try #require(cache.load(key))
        #expect(back.runs.first?.values == [[.integer(3)]])
        #expect(cache.load(ResultCache.key(chapter, in: base, identity: "u")) == nil)

        // Two lines of prose later, the same results join the claim at its new place.
        let moved = try book(one, two.replacingOccurrences(of: "# Two\n", with: "# Two\n\nA new paragraph.\n"))
        #expect(ResultCache.key(moved.chapters[1], in: moved, identity: "t") == key)
        let v = Verification(results: [back], book: moved)
        #expect(v.diagnostics.isEmpty, "\(v.diagnostics)")
        #expect(v.outcomeAt[SourceLocation(file: chapter.file, line: 6, column: 9)]?.holds == true)
    }
}

@Suite("A claim that did not run")
struct NotRunTests {
    @Test("is counted as failed, in the summary and the exit status, never as verified")
    func notRun() throws {
        let text = "# Two\n\n```swift example t\nlet y = 3 // → 3\n```\n"
        let (chapter, ds) = ChapterLoader.load(file: "Chapters/02-b.md", data: Data(text.utf8))
        #expect(ds.isEmpty)
        let book = Book(chapters: [try #require(chapter)])
        let c = book.chapters[0]
        let results = ChapterResults(file: c.file, codeFingerprint: c.codeFingerprint, libraryFingerprint: book.libraryFingerprint, runs: [])
        let v = Verification(results: [results], book: book)
        #expect(v.diagnostics.map(\.id) == [.claimFailed])
        #expect(v.diagnostics.first?.location == SourceLocation(file: "Chapters/02-b.md", line: 4, column: 9))
        #expect(v.diagnostics.first?.message.contains("not run") == true)
        #expect(v.summary == "1 of 1 claims in 0 worked examples failed")
    }
}
