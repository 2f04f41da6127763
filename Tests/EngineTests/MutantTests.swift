import BookModel
import Claims
import Exercises
import Foundation
import Mutating
import Testing

@Suite("Mutation testing")
struct MutantTests {
    @Test("the schema keeps every line, and names each mutant's place and change")
    func schema() throws {
        let (c, ds) = ChapterLoader.load(file: "Chapters/01-mutants.md",
                                         url: fixtures.appendingPathComponent("mutants/Chapters/01-mutants.md"))
        #expect(!ds.hasErrors, "\(ds)")
        let chapter = try #require(c)
        let block = try #require(chapter.blocks.first { $0.role == .library })
        let (code, mutants, next) = MutantSchema.schema(of: block, firstID: 1, excluded: [])
        #expect(code.split(separator: "\n", omittingEmptySubsequences: false).count
                == block.code.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(next == mutants.count + 1)
        let lessThan = try #require(mutants.first { $0.kind == "relational" && $0.mutated == "x <= 0" })
        #expect(lessThan.location == SourceLocation(file: "Chapters/01-mutants.md", line: 8, column: 53))
        #expect(mutants.contains { $0.kind == "arithmetic" && $0.original == "2 * x" && $0.mutated == "2 / x" })
        #expect(mutants.contains { $0.kind == "ternary" })
        #expect(code.contains("__on(\(lessThan.id))"))
        // Left out, a mutant keeps its number and is not in the schema.
        let (without, rest, _) = MutantSchema.schema(of: block, firstID: 1, excluded: [lessThan.id])
        #expect(!without.contains("__on(\(lessThan.id))"))
        #expect(rest.count == mutants.count - 1)
    }

    @Test("a mark covers its line, or only the kinds and mutated code it names; preconditions are never mutated")
    func marks() throws {
        let text = """
        # Marks

        ```swift
        public func f(_ x: Double) -> Double {
            precondition(x.isFinite, "a finite x")
            let a = x >= 0 ? x : 0.5 * x  // equivalent (`x > 0`): at 0 both branches give 0 (a reason (with parentheses) is read whole)
            return a * 2 + 1  // equivalent: every mutant of this line
        }
        ```

        """
        let (c, ds) = ChapterLoader.load(file: "Chapters/01-marks.md", data: Data(text.utf8))
        #expect(!ds.hasErrors, "\(ds)")
        let block = try #require(c?.blocks.first { $0.role == .library })
        let (_, mutants, _) = MutantSchema.schema(of: block, firstID: 1, excluded: [])
        let marks = MutantSchema.equivalenceMarks(block)
        #expect(!mutants.contains { $0.location.line == 5 })
        let quoted = mutants.filter { $0.location.line == 6 }
        #expect(quoted.count > 2)
        #expect(quoted.filter { MutantSchema.equivalence(of: $0, marks: marks) != nil }.map(\.mutated) == ["x > 0"])
        #expect(marks[6]?.reason == "at 0 both branches give 0 (a reason (with parentheses) is read whole)")
        let whole = mutants.filter { $0.location.line == 7 }
        #expect(!whole.isEmpty && whole.allSatisfy { MutantSchema.equivalence(of: $0, marks: marks) != nil })
    }

    @Test("one build, then each mutant against the examples that run it: the wrong double is caught, x ≤ 0 for x < 0 is missed")
    func run() throws {
        let toolchain = try #require(SwiftToolchain.near(URL(fileURLWithPath: CommandLine.arguments[0])))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mutants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("mutants/Chapters/01-mutants.md"),
                                         to: root.appendingPathComponent("Chapters/01-mutants.md"))
        let (book, ds) = Book.load(root: root)
        #expect(!ds.hasErrors, "\(ds)")
        let report = try MutationRunner(book: book, root: root, toolchain: toolchain, jobs: 2, chapter: nil).run { _ in }
        let arithmetic = try #require(report.results.first { $0.mutant.original == "2 * x" && $0.mutant.mutated == "2 / x" })
        #expect(arithmetic.status == .caught)
        #expect(arithmetic.caughtAt == SourceLocation(file: "Chapters/01-mutants.md", line: 12, column: 1))
        #expect(arithmetic.executedBy == ["Chapters/01-mutants.md|example:checks"])
        let boundary = try #require(report.results.first { $0.mutant.mutated == "x <= 0" })
        #expect(boundary.status == .missed)
        #expect(report.chapters.count == 1)
        #expect(report.caught + report.missed == report.results.filter { $0.status != .unviable }.count)
        #expect(report.score > 0 && report.score < 1)
    }
}
