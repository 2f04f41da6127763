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
        case .starter:
            // An exercise that passes untouched teaches nothing.
            let allHold = run.crash == nil && run.error == nil && zip(run.values, run.failures).allSatisfy { !$0.0.isEmpty && $0.1 == nil }
            #expect(!allHold, "the starter code of exercise `\(example.name)` already passes every check",
                    sourceLocation: chapterLocation(example.location))
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
