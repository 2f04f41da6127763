import ArgumentParser
import Claims
import DescentExamples
import Foundation
import Literate

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
    func loadBook() -> Literate.Book? {
        let (book, diagnostics) = Literate.Book.load(root: rootURL)
        for d in diagnostics { printError(d.description) }
        return diagnostics.contains { $0.severity == .error } ? nil : book
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
        let result = Weaver.weave(book: book, registry: Registry.chapters, title: options.title)
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
        for line in result.failures { printError(line) }
        let seconds = Date().timeIntervalSince(start)
        print("\(result.summary). Wrote \(result.files.count) pages to \(output)/ in \(String(format: "%.2f", seconds)) s "
              + "(examples and figures \(String(format: "%.2f", result.runSeconds)) s, rendering \(String(format: "%.2f", result.renderSeconds)) s).")
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}

/// `book check`: validates every chapter and runs every example, writing nothing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every chapter and every claim; write nothing.")

    @OptionGroup var options: BookOptions

    func run() throws {
        guard options.loadBook() != nil else { throw ExitCode(1) }
        let result = Weaver.verify(Registry.chapters)
        for line in result.failures { printError(line) }
        print(result.summary)
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}
