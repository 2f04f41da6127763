import ArgumentParser
import BookModel
import Claims
import DescentExamples
import Foundation
import Mutating
import Verifying
import Weaving

// The command line: each subcommand runs the stages it needs, in order:
// load (BookModel) → verify (Verifying, the tangled registry) → weave (Weaving) → write.

@main
struct BookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "The executable textbook: build its site, check its claims.",
        subcommands: [Build.self, Check.self, Lint.self, Mutants.self, Serve.self, ExerciseCommand.self, RunExamples.self],
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

/// How the examples are run: limits, parallelism, the cache.
struct RunOptions: ParsableArguments {
    // 300 s: the limit stops a hang, and the slowest example, chapter 10's batch-norm-training
    // (two trainings of 1000 epochs for each of 100 seeds), takes about two minutes on one core.
    @Option(help: "Seconds one example, solution or figure may run before it is stopped.")
    var timeLimit: Double = 300

    @Option(help: "The examples' memory limit, in MiB (0: none).")
    var memoryLimit: Int = 4096

    @Option(help: "Chapters run at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Run every example, ignoring results kept in .build/book-cache.")
    var noCache = false

    /// Verifies `book`: each chapter's results from the cache when its key is there,
    /// otherwise by running its examples out of process (then kept for next time).
    func verify(_ book: Book, root: URL, executable: URL = selfExecutable()) -> (Verification, ran: Int) {
        let runner = IsolatedRunner(executable: executable, timeLimit: timeLimit,
                                    memoryLimit: memoryLimit > 0 ? memoryLimit : nil, jobs: jobs)
        return ResultCache(root: root).verify(book, runner: runner, identity: BuildIdentity.current(flags: Registry.buildFlags),
                                              reuse: !noCache)
    }
}

/// This executable, to start again as the examples' runner.
func selfExecutable() -> URL {
    let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    if FileManager.default.isExecutableFile(atPath: proc.path), proc.path != "/proc/self/exe" { return proc }
    return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
}

/// `book run-examples`: the child the isolated runner starts, one per chapter.
struct RunExamples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-examples", abstract: "Run one chapter's examples and report on descriptor 3 (started by `book` itself).",
        shouldDisplay: false)

    @Option(help: "The chapter, as Chapters/NN-slug.md.") var chapter: String
    @Option(help: "Runs already done, as kind:name, comma-separated.") var skip: String = ""
    @Option(help: "Memory limit in MiB.") var memoryLimit: Int?

    func run() throws {
        guard let entry = Registry.chapters.first(where: { $0.file == chapter }) else {
            printError("error: \(chapter) is not in the built registry; run `swift run book` (it rebuilds first)")
            throw ExitCode(2)
        }
        let status = ExampleHost.serve(entry, libraryFingerprint: Registry.libraryFingerprint,
                                       skip: Set(skip.split(separator: ",").map(String.init)), memoryLimit: memoryLimit)
        if status != 0 { throw ExitCode(status) }
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
    @OptionGroup var running: RunOptions

    @Option(help: "Where to write the site.")
    var output: String = "site"

    @Option(help: "Also print the whole book (the site's print.html) to this PDF file, with headless Chromium.")
    var pdf: String?

    func run() throws {
        let start = Date()
        guard let book = options.loadBook() else { throw ExitCode(1) }
        let site = URL(fileURLWithPath: output, relativeTo: options.rootURL).standardizedFileURL
        do { try SiteWriter.check(site) } catch {
            printError("\(error)")   // refused before any example runs
            throw ExitCode(1)
        }
        let (verification, chaptersRun) = running.verify(book, root: options.rootURL)
        let ran = Date()
        let result = Weaver.weave(book: book, verification: verification, title: options.title,
                                  mutants: MutationRunner.cached(book: book, root: options.rootURL, chapter: nil))
        let rendered = Date()
        for c in result.chapters {
            let status = c.failed == 0 ? "✓" : "✗ \(c.failed) failed"
            print("  \(c.file)  \(c.claims) claims \(status)\(c.figures > 0 ? ", \(c.figures) figure\(c.figures == 1 ? "" : "s")" : "")")
        }
        do {
            try SiteWriter.write(result.files, to: site)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        for d in verification.diagnostics { printError(d.description) }
        // Numbers nobody backs are the author's to fix; `book lint`, `check` and `swift test` fail on them.
        for d in result.unbackedNumbers { printError(d.description) }
        let seconds = Date().timeIntervalSince(start)
        print("\(verification.summary). Wrote \(result.files.count) pages to \(output)/ in \(String(format: "%.2f", seconds)) s "
              + "(loading and examples \(String(format: "%.2f", ran.timeIntervalSince(start))) s, \(chaptersRun) of \(book.chapters.count) chapters run, the rest from .build/book-cache; rendering \(String(format: "%.2f", rendered.timeIntervalSince(ran))) s).")
        if !verification.diagnostics.isEmpty { throw ExitCode(1) }
        if let pdf { try printPDF(site.appendingPathComponent("print.html"), to: URL(fileURLWithPath: pdf, relativeTo: options.rootURL)) }
    }

    /// `chromium --headless --print-to-pdf`: the book as a reader's browser prints it.
    func printPDF(_ page: URL, to file: URL) throws {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        let names = ["chromium", "chromium-browser", "google-chrome"]
        guard let browser = names.lazy.compactMap({ name in path.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) } }).first else {
            printError("\(file.path): error: --pdf prints with headless Chromium, which is not installed (`apt-get install chromium`); or open \(page.path) in a browser and print it")
            throw ExitCode(1)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                             "--virtual-time-budget=20000", "--print-to-pdf=\(file.path)", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: file.path) else {
            printError("\(file.path): error: Chromium could not print \(page.path) (exit status \(process.terminationStatus))")
            throw ExitCode(1)
        }
        print("Printed the book to \(file.path).")
    }
}

/// `book check`: validates every chapter and runs every example, writing nothing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every chapter and every claim; write nothing.")

    @OptionGroup var options: BookOptions
    @OptionGroup var running: RunOptions

    func run() throws {
        guard let book = options.loadBook() else { throw ExitCode(1) }
        let (result, _) = running.verify(book, root: options.rootURL)
        let unbacked = NumberLint.diagnostics(book) + ExerciseRules.problems(book)
        for d in result.diagnostics + unbacked { printError(d.description) }
        print(result.summary + (unbacked.isEmpty ? "" : "; \(unbacked.count) unbacked number\(unbacked.count == 1 ? "" : "s") in the prose"))
        if !result.diagnostics.isEmpty || !unbacked.isEmpty { throw ExitCode(1) }
    }
}

/// `book lint`: every number in the chapters' prose, headings, tables and math, classified.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Account for every number in the prose: bound, given, backed, exempt, structural or unbacked.")

    @OptionGroup var options: BookOptions

    @Flag(help: "List every number with its class and reason, not only the unbacked.")
    var all = false

    func run() throws {
        guard let book = options.loadBook() else { throw ExitCode(1) }
        var everyNumber: [NumberLint.Number] = []
        for chapter in book.chapters {
            let numbers = NumberLint.numbers(in: chapter)
            everyNumber += numbers
            if all {
                for n in numbers { print("\(n.location): \(n.class.rawValue): \(n.text)\(n.reason.isEmpty ? "" : " (\(n.reason))")") }
            }
            for d in NumberLint.diagnostics(numbers) { printError(d.description) }
            let counts = NumberLint.counts(numbers)
            print("  \(chapter.file)  " + NumberLint.Class.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        }
        let total = NumberLint.counts(everyNumber)
        let unbacked = total[.unbacked] ?? 0
        print("\(unbacked == 0 ? "✓" : "✗") " + NumberLint.Class.allCases.map { "\(total[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        if unbacked > 0 { throw ExitCode(1) }
    }
}
