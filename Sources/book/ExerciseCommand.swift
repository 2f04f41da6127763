import ArgumentParser
import BookModel
import Claims
import Exercises
import Foundation

/// `book exercise …`: a student's workflow, from starter code to a verified solution.
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Do the book's exercises: list, start, check, hint, watch, reset.",
        subcommands: [List.self, Start.self, CheckExercise.self, Hint.self, Watch.self, Reset.self])
}

/// The book's exercises and the student's workspace.
struct Study {
    let root: URL
    let book: Book
    let exercises: [Exercise]
    let workspace: ExerciseWorkspace

    init(_ options: BookOptions) throws {
        guard let book = options.loadBook() else { throw ExitCode(1) }
        root = options.rootURL
        self.book = book
        exercises = Exercise.all(in: book)
        workspace = ExerciseWorkspace(root: root)
    }

    /// The exercise called `name`, or an error suggesting the nearest names.
    func exercise(_ name: String) throws -> Exercise {
        if let e = exercises.first(where: { $0.name == name }) { return e }
        let names = exercises.map(\.name)
        let near = Suggestion.nearest(to: name, in: names)
        let suggestion = near.isEmpty ? "" : "; did you mean \(near.map { "`\($0)`" }.joined(separator: ", "))?"
        printError("error: there is no exercise `\(name)`\(suggestion) (`swift run book exercise list` lists them all)")
        throw ExitCode(2)
    }

    func progress() throws -> ExerciseWorkspace.Progress {
        do { return try workspace.loadProgress() } catch { printError("\(error)"); throw ExitCode(1) }
    }

    /// The reference solution, printed: after the checks pass, or when asked for.
    func showSolution(_ e: Exercise) {
        print("Reference solution (\(e.solutionLocation)):")
        for line in e.solution.map(\.code).joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            print("  \(line)")
        }
    }

    func where_(_ e: Exercise) -> String {
        "Chapter \(e.chapter.number), “\(e.chapter.title)” explains it: \(e.chapter.file) (and site/\(e.page) once `swift run book` has built the site)"
    }

    /// Checks an exercise, prints every check, records progress. True when all pass.
    func check(_ e: Exercise, timeLimit: Double) throws -> Bool {
        let path = workspace.relativePath(for: e.name)
        guard FileManager.default.fileExists(atPath: workspace.file(for: e.name).path) else {
            printError(Diagnostic(.exerciseNoFile, at: SourceLocation(file: path),
                "no such file; run `swift run book exercise start \(e.name)` first").description)
            throw ExitCode(1)
        }
        guard let toolchain = SwiftToolchain.near(URL(fileURLWithPath: CommandLine.arguments[0])) else {
            printError("error: cannot find the built textbook library next to `book`; run `swift build` first")
            throw ExitCode(1)
        }
        let started = Date()
        let result = try ExerciseRunner.check(e, file: path, root: root, chapters: book.chapters.map(\.file),
                                              toolchain: toolchain, timeLimit: timeLimit)
        for line in result.lines {
            let mark = line.holds ? "✓" : "✗"
            print("  \(mark) \(line.expression)  expected \(line.expected), yours: \(line.value)")
        }
        if !result.message.isEmpty { printError(result.message) }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        do {
            try workspace.update { p in
                if result.status == .passed {
                    p.done.append(e.name)
                    p.failing.removeAll { $0 == e.name }
                } else if !p.done.contains(e.name) {
                    p.failing.append(e.name)
                }
            }
        } catch { printError("\(error)"); throw ExitCode(1) }
        if result.status == .passed {
            print("✓ \(e.name): all \(result.lines.count) checks pass (\(seconds) s). Done!")
            print("  Compare with the reference solution (\(e.solutionLocation), folded under “Reference solution” in site/\(e.page)).")
            return true
        }
        let failed = result.lines.filter { !$0.holds }.count
        switch result.status {
        case .failed: print("✗ \(e.name): \(failed) of \(result.lines.count) checks fail (\(seconds) s). `swift run book exercise hint \(e.name)` gives a hint.")
        case .compileError: print("✗ \(e.name): \(path) does not compile.")
        case .crashed: print("✗ \(e.name): the code crashed.")
        case .timedOut: print("✗ \(e.name): out of time.")
        case .passed: break
        }
        return false
    }
}

extension ExerciseCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every exercise by chapter, with its status.")
        @OptionGroup var options: BookOptions

        func run() throws {
            let study = try Study(options)
            let p = try study.progress()
            var chapter = -1
            for e in study.exercises {
                if e.chapter.number != chapter {
                    chapter = e.chapter.number
                    print("\(e.chapter.number). \(e.chapter.title)")
                }
                let status = study.workspace.status(of: e.name, p)
                let mark = status == .done ? "✓" : status == .failing ? "✗" : status == .started ? "…" : " "
                print("   \(mark) \(e.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(status.rawValue)")
            }
            let done = study.exercises.filter { study.workspace.status(of: $0.name, p) == .done }.count
            print("\(done) of \(study.exercises.count) done")
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write an exercise's starter code into Exercises/.")
        @OptionGroup var options: BookOptions
        @Argument(help: "The exercise's name.") var name: String

        func run() throws {
            let study = try Study(options)
            let e = try study.exercise(name)
            let path = study.workspace.relativePath(for: e.name)
            switch try study.workspace.start(e) {
            case .created: print("Wrote the starter code to \(path).")
            case .alreadyThere: print("\(path) already exists; left it alone. (`swift run book exercise reset \(e.name)` restores the starter, keeping yours as a backup.)")
            }
            print(study.where_(e))
            print("When ready: swift run book exercise check \(e.name)")
        }
    }

    struct CheckExercise: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Compile your file and run the exercise's checks.")
        @OptionGroup var options: BookOptions
        @Argument(help: "The exercise's name.") var name: String
        @Option(help: "Seconds the checks may run before they are stopped.") var timeLimit: Double = 10
        @Flag(help: "Show the reference solution even if the checks fail.") var showSolution = false

        func run() throws {
            let study = try Study(options)
            let e = try study.exercise(name)
            let passed = try study.check(e, timeLimit: timeLimit)
            if passed || showSolution { study.showSolution(e) }
            if !passed { throw ExitCode(1) }
        }
    }

    struct Hint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the next hint, vague first, specific last.")
        @OptionGroup var options: BookOptions
        @Argument(help: "The exercise's name.") var name: String
        @Flag(help: "Show again every hint given so far, instead of the next one.") var all = false

        func run() throws {
            let study = try Study(options)
            let e = try study.exercise(name)
            guard !e.hints.isEmpty else { print("\(e.name) has no hints."); return }
            if all {
                let given = min(try study.progress().hintsShown[e.name] ?? 0, e.hints.count)
                if given == 0 { print("No hint of \(e.name) given yet; `swift run book exercise hint \(e.name)` gives the first.") }
                for k in 0..<given {
                    print("Hint \(k + 1) of \(e.hints.count) for \(e.name):")
                    print(e.hints[k].trimmingCharacters(in: .whitespacesAndNewlines))
                }
                return
            }
            let shown: Int
            do {
                shown = try study.workspace.update { p in
                    let next = min(max(0, p.hintsShown[e.name] ?? 0) + 1, e.hints.count)
                    p.hintsShown[e.name] = next
                    return next
                }
            } catch { printError("\(error)"); throw ExitCode(1) }
            print("Hint \(shown) of \(e.hints.count) for \(e.name):")
            print(e.hints[shown - 1].trimmingCharacters(in: .whitespacesAndNewlines))
            if shown == e.hints.count { print("(That was the last hint. \(study.where_(e)).)") }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restore the starter code (keeping your version as a backup) and the exercise's status: not started, no hints given.")
        @OptionGroup var options: BookOptions
        @Argument(help: "The exercise's name.") var name: String

        func run() throws {
            let study = try Study(options)
            let e = try study.exercise(name)
            if let backup = try study.workspace.reset(e) {
                print("Kept your version as Exercises/\(backup.lastPathComponent).")
            }
            // Starting over: not done, not failing, no hints given.
            do {
                try study.workspace.update { p in
                    p.done.removeAll { $0 == e.name }
                    p.failing.removeAll { $0 == e.name }
                    p.hintsShown[e.name] = nil
                }
            } catch { printError("\(error)"); throw ExitCode(1) }
            print("Restored the starter code in \(study.workspace.relativePath(for: e.name)).")
        }
    }

    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check whenever the file is saved; move to the next exercise when one passes.")
        @OptionGroup var options: BookOptions
        @Argument(help: "The exercise to start with (default: the first not done).") var name: String?
        @Option(help: "Seconds the checks may run before they are stopped.") var timeLimit: Double = 10
        @Option(help: "How often to look at the file, in seconds.") var interval: Double = 0.5

        func run() throws {
            let study = try Study(options)
            var current: Exercise? = try name.map { try study.exercise($0) }
                ?? study.exercises.first { study.workspace.status(of: $0.name, try study.progress()) != .done }
            while let e = current {
                if try study.workspace.start(e) == .created { print("Wrote the starter code to \(study.workspace.relativePath(for: e.name)).") }
                print("Watching \(study.workspace.relativePath(for: e.name)) — save it to check again; Ctrl-C stops.")
                flushOutput()
                var seen: Date? = nil
                while true {
                    let modified = (try? FileManager.default.attributesOfItem(atPath: study.workspace.file(for: e.name).path))?[.modificationDate] as? Date
                    if modified != seen {
                        seen = modified
                        let passed = (try? study.check(e, timeLimit: timeLimit)) == true
                        flushOutput()
                        if passed { break }
                    }
                    usleep(UInt32(interval * 1_000_000))
                }
                let p = try study.progress()
                current = study.exercises.first { study.workspace.status(of: $0.name, p) != .done }
                if let next = current { print("Next: \(next.name). \(study.where_(next))") }
            }
            print("All \(study.exercises.count) exercises are done.")
        }
    }
}

/// Flushes standard output, so a watcher's progress shows up at once in a pipe or a log.
func flushOutput() { fflush(nil) }
