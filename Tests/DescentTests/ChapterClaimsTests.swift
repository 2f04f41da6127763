import Claims
import DescentExamples
import Foundation
import Testing

// One parameterized test over every example the chapters define: a claim that
// stops holding is recorded at its chapter's file, line and column, and each test
// case is named after its example.

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
private func chapterLocation(_ file: String, _ line: Int, _ column: Int) -> Testing.SourceLocation {
    Testing.SourceLocation(
        fileID: "DescentExamples/" + (file as NSString).lastPathComponent,
        filePath: packageRoot.appendingPathComponent(file).path,
        line: line, column: column)
}

@Suite("The book's claims")
struct ChapterClaimsTests {
    @Test("The registry holds the book", .tags(.book))
    func registryIsNotEmpty() {
        #expect(!Registry.chapters.isEmpty, "no chapter was tangled")
        #expect(Registry.chapters.map(\.number) == Registry.chapters.map(\.number).sorted())
    }

    @Test("Every claim of every example holds", .tags(.book), arguments: Registry.examples)
    func claimsHold(_ example: Example) {
        let report = example.run()
        switch example.kind {
        case .example, .solution:
            #expect(!example.claims.isEmpty || example.kind == .example, "a solution with no claims checks nothing")
            for d in report.diagnostics {
                Issue.record(Comment(rawValue: d.description),
                             sourceLocation: chapterLocation(d.location.file, d.location.line, d.location.column))
            }
        case .starter:
            // An exercise that passes untouched teaches nothing.
            #expect(!report.allHold, "the starter code of exercise `\(example.name)` already passes every check",
                    sourceLocation: chapterLocation(example.file, example.line, 1))
        }
    }
}

extension Tag {
    @Tag static var book: Self
}
