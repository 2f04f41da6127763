import ArgumentParser
import BookModel
import Claims
import DescentExamples
import Foundation
import Verifying
import Weaving

// The command line: each subcommand runs the stages it needs, in order:
// load (BookModel) → verify (Verifying, the tangled registry) → weave (Weaving) → write.

@main
struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "The executable textbook: build its site, check its claims.",
        subcommands: [Build.self, Check.self, ExerciseCommand.self],
        defaultSubcommand: Build.self)
}

/// Where the package is and what the book is called.
struct BookOptions: ParsableArguments {
    @Option(help: "The package root, the folder holding Chapters/.")
    var root: String = FileManager.default.currentDirectoryPath

    @Option(help: "The book's title.")
    var title: String = "Descent: the mathematics that trains neural networks"

    var rootURL: URL { URL(fileURLWithPath: root) }

    /// Loads the chapters, printing every problem; nil if any is an error.
    func loadBook() -> Book? {
        let (book, diagnostics) = Book.load(root: rootURL)
        for d in diagnostics { printError(d.description) }
        return diagnostics.hasErrors ? nil : book
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `book build` (the default): weaves the site into site/.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the book as an offline HTML site, every claim checked.")

    @OptionGroup var options: BookOptions

    @Option(help: "Where to write the site.")
    var output: String = "site"

    func run() throws {
        let start = Date()
        guard let book = options.loadBook() else { throw ExitCode(1) }
        let verification = Verifier.verify(Registry.chapters)
        let ran = Date()
        let result = Weaver.weave(book: book, verification: verification, title: options.title)
        let rendered = Date()
        for c in result.chapters {
            let status = c.failed == 0 ? "✓" : "✗ \(c.failed) failed"
            print("  \(c.file)  \(c.claims) claims \(status)\(c.figures > 0 ? ", \(c.figures) figure\(c.figures == 1 ? "" : "s")" : "")")
        }
        let site = URL(fileURLWithPath: output, relativeTo: options.rootURL).standardizedFileURL
        do {
            try SiteWriter.write(result.files, to: site)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        for d in verification.diagnostics { printError(d.description) }
        let seconds = Date().timeIntervalSince(start)
        print("\(verification.summary). Wrote \(result.files.count) pages to \(output)/ in \(String(format: "%.2f", seconds)) s "
              + "(examples and figures \(String(format: "%.2f", ran.timeIntervalSince(start))) s, rendering \(String(format: "%.2f", rendered.timeIntervalSince(ran))) s).")
        if !verification.diagnostics.isEmpty { throw ExitCode(1) }
    }
}

/// `book check`: validates every chapter and runs every example, writing nothing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every chapter and every claim; write nothing.")

    @OptionGroup var options: BookOptions

    func run() throws {
        guard options.loadBook() != nil else { throw ExitCode(1) }
        let result = Verifier.verify(Registry.chapters)
        for d in result.diagnostics { printError(d.description) }
        print(result.summary)
        if !result.diagnostics.isEmpty { throw ExitCode(1) }
    }
}
