import ArgumentParser
import BookModel
import Claims
import Exercises
import Foundation
import Mutating

/// `book mutants`: how many wrong versions of the library the book's claims catch.
struct Mutants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mutate the library (every ```swift block) and report which mutants the claims catch.")

    @OptionGroup var options: BookOptions

    @Option(help: "Mutate only this chapter's library code (its number).")
    var chapter: Int?

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    @Option(help: "Mutants run at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Run every mutant, ignoring the results kept in .build/mutants.")
    var noCache = false

    func run() throws {
        guard let book = options.loadBook() else { throw ExitCode(1) }
        if let chapter, !book.chapters.contains(where: { $0.number == chapter }) {
            printError("error: there is no chapter \(chapter)")
            throw ExitCode(1)
        }
        guard let toolchain = SwiftToolchain.near(selfExecutable()) else {
            printError("error: the built modules were not found beside `book`; run `swift build` first")
            throw ExitCode(1)
        }
        let runner = MutationRunner(book: book, root: options.rootURL, toolchain: toolchain, jobs: jobs, chapter: chapter)
        let report: MutationReport
        if !noCache, let kept = runner.cached() {
            report = kept
            printError("  nothing changed since the last run: its results, from \(MutationRunner.reportFile(root: options.rootURL, chapter: chapter).path)")
        } else {
            do {
                report = try runner.run { line in FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
            runner.keep(report)
        }
        for c in report.chapters {
            print("  \(c.file)  \(String(format: "%.0f", c.score * 100)) %: \(c.caught) caught (\(c.timeouts) by time-out), \(c.missed) missed, \(c.unviable) unviable, \(c.equivalent) marked equivalent")
        }
        for r in report.results where r.status == .missed {
            print("    missed \(r.mutant.location): \(r.mutant.kind) `\(r.mutant.original)` → `\(r.mutant.mutated)`"
                  + (r.executedBy.isEmpty ? " — no example executes this code" : ""))
        }
        let kinds = report.byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print("\(String(format: "%.1f", report.score * 100)) % of \(report.caught + report.missed) viable mutants caught (\(kinds)); "
              + String(format: "build %.0f s, unmutated run %.0f s, mutants %.0f s", report.buildSeconds, report.coverSeconds, report.runSeconds))
        if chapter == nil { print("`swift run book` shows these results in site/mutants.html.") }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json, relativeTo: options.rootURL))
        }
    }
}
