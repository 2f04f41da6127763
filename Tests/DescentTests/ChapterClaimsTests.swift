import BookModel
import Claims
import DescentExamples
import Foundation
import Testing
import Verifying

// One parameterized test over every example the chapters define: a claim that
// stops holding is recorded at its chapter's file, line and column, and each test
// case is named after its example. The examples run out of process, exactly as
// `swift run book` runs them (the built `book` executable, one child per chapter,
// results from .build/book-cache when the chapter's code is unchanged), so an
// example that traps or hangs fails its own test case and no other.

extension Example: CustomTestStringConvertible {
    public var testDescription: String {
        switch kind {
        case .example: return name
        case .solution: return "exercise \(name) (reference solution)"
        case .starter: return "exercise \(name) (starter code)"
        case .decoy: return "exercise \(name) (decoy)"
        }
    }
}

/// The package root, from this file's place in it.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A Swift Testing location inside a chapter, so failures point at the Markdown line.
private func chapterLocation(_ location: Claims.SourceLocation) -> Testing.SourceLocation {
    Testing.SourceLocation(
        fileID: "DescentExamples/" + (location.file as NSString).lastPathComponent,
        filePath: packageRoot.appendingPathComponent(location.file).path,
        line: max(1, location.line), column: max(1, location.column))
}

/// The built `book` beside this test bundle (`swift test` builds every product).
private let bookExecutable: URL? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("book")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}()

/// Every chapter verified once, out of process, shared by all test cases.
private let verification: Result<Verification, SetupFailure> = {
    guard let exe = bookExecutable else { return .failure(SetupFailure(description: "the `book` executable was not found beside the tests; run `swift build`")) }
    let (book, diagnostics) = Book.load(root: packageRoot)
    if diagnostics.hasErrors { return .failure(SetupFailure(description: diagnostics.map(\.description).joined(separator: "\n"))) }
    // The same cache and runner as `swift run book`.
    let (v, _) = ResultCache(root: packageRoot).verify(book, runner: IsolatedRunner(executable: exe),
                                                        identity: BuildIdentity.current(flags: Registry.buildFlags))
    return .success(v)
}()

@Suite("The book's claims")
struct ChapterClaimsTests {
    @Test("The registry holds the book", .tags(.book))
    func registryIsNotEmpty() {
        #expect(!Registry.chapters.isEmpty, "no chapter was tangled")
        #expect(Registry.chapters.map(\.number) == Registry.chapters.map(\.number).sorted())
    }

    @Test("Every chapter's examples ran against this chapter's code, and every figure draws", .tags(.book))
    func notStale() throws {
        let v = try verification.get()
        for d in v.diagnostics where [.registryStale, .examplesProcess, .figureFailed].contains(d.id) || d.message.hasPrefix("figure `") {
            Issue.record(Comment(rawValue: d.description), sourceLocation: chapterLocation(d.location))
        }
    }

    @Test("Every claim of every example holds", .tags(.book), arguments: Registry.examples)
    func claimsHold(_ example: Example) throws {
        let v = try verification.get()
        let run = try #require(v.results.first { $0.file == example.file }?.runs.first { $0.kind == example.kind && $0.name == example.name },
                               "`\(example.name)` did not run")
        switch example.kind {
        case .example, .solution:
            #expect(!example.claims.isEmpty || example.kind == .example, "a solution with no claims checks nothing")
            for d in v.diagnostics(file: example.file, kind: example.kind, name: example.name) {
                Issue.record(Comment(rawValue: d.description), sourceLocation: chapterLocation(d.location))
            }
        case .starter, .decoy:
            // An exercise that passes untouched teaches nothing; a wrong solution the checks
            // accept is a hole in the checks.
            let allHold = run.crash == nil && run.error == nil && zip(run.values, run.failures).allSatisfy { !$0.0.isEmpty && $0.1 == nil }
            #expect(!allHold, example.kind == .starter
                        ? "the starter code of exercise `\(example.name)` already passes every check"
                        : "the decoy `\(example.name)` (a wrong solution) passes every check: the checks must reject it",
                    sourceLocation: chapterLocation(example.location))
        }
    }
}

@Suite("The book's prose")
struct ChapterProseTests {
    static let book: Book? = {
        let (book, diagnostics) = Book.load(root: packageRoot)
        return diagnostics.hasErrors ? nil : book
    }()

    @Test("Every number in a chapter's prose is bound, given, backed, exempt or structural", .tags(.book),
          arguments: Registry.chapters.map(\.file))
    func noUnbackedNumber(_ file: String) throws {
        let chapter = try #require(Self.book?.chapters.first { $0.file == file }, "the chapters do not load")
        for d in NumberLint.diagnostics(NumberLint.numbers(in: chapter)) {
            Issue.record(Comment(rawValue: d.description), sourceLocation: chapterLocation(d.location))
        }
    }

    /// The digits of a number as written: each is replaced by the next (9 by 0).
    static func mutants(of text: String) -> [String] {
        let chars = Array(text)
        return chars.indices.compactMap { k in
            guard let d = chars[k].wholeNumberValue, chars[k].isASCII else { return nil }
            var m = chars
            m[k] = Character(String((d + 1) % 10))
            return String(m)
        }
    }

    @Test("Changing any digit of a bound or backed number in the prose makes it fail at its place", .tags(.book),
          arguments: Registry.chapters.map(\.file))
    func everyDigitMatters(_ file: String) throws {
        let chapter = try #require(Self.book?.chapters.first { $0.file == file }, "the chapters do not load")
        let v = try verification.get()
        let context = NumberLint.Context(chapter)
        for n in NumberLint.numbers(in: chapter) where n.class == .backed || n.class == .bound {
            if n.class == .backed, n.reason.hasPrefix("its claim") {
                // A count backed by the seed claim that follows it: changed in one digit, the lint fails there.
                let lines = chapter.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                var bytes = Array(lines[n.location.line - 1].utf8)
                for k in (n.location.column - 1)..<(n.location.column - 1 + n.text.utf8.count) {
                    let original = bytes[k]
                    bytes[k] = original == UInt8(ascii: "9") ? UInt8(ascii: "0") : original + 1
                    var mutated = lines
                    mutated[n.location.line - 1] = String(decoding: bytes, as: UTF8.self)
                    bytes[k] = original
                    let (changed, _) = ChapterLoader.load(file: chapter.file, data: Data(mutated.joined(separator: "\n").utf8))
                    let again = NumberLint.numbers(in: try #require(changed)).first { $0.location == n.location }
                    #expect(again?.class == .unbacked, "the prose's count \(n.text) changed in one digit is still \(again?.class.rawValue ?? "?")",
                            sourceLocation: chapterLocation(n.location))
                }
            } else if n.class == .backed {
                // A backed number changed in one digit is backed no longer (and not given): the lint fails there.
                for m in Self.mutants(of: n.written) {
                    guard let value = Double(m).map(abs) else { continue }
                    let (c, why) = context.classify(value, written: m)
                    #expect(c == .unbacked, "the prose's \(n.text) changed to \(m) is still \(c.rawValue) (\(why)): the digits written are more than the claim decides",
                            sourceLocation: chapterLocation(n.location))
                }
                continue
            }
            // A bound number is the expected value of an inline claim: changed, the claim fails for what the code computed.
            guard let span = chapter.spans.first(where: { $0.location == n.location }), span.kind == .claim,
                  let e = span.expectation, e.op == .equal || e.op == .approximately, case .number(let t) = e.value,
                  let values = v.outcomeAt[span.expressionLocation]?.values, !values.isEmpty else { continue }
            for m in Self.mutants(of: t) {
                let changed = Expectation(e.op, .number(m), tolerance: e.tolerance)
                #expect(values.contains { !changed.check($0).holds },
                        "`\(span.source)` with \(m) for \(t) still holds: its tolerance is wider than its digits",
                        sourceLocation: chapterLocation(span.location))
            }
        }
    }
}

extension Tag {
    @Tag static var book: Self
}

/// Why the book could not be verified at all.
struct SetupFailure: Error, CustomStringConvertible {
    var description: String
}
