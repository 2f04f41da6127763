import Foundation
import BookModel
import Claims
@testable import Exercises
import Testing

/// The book's own chapters (the author's guarantees are about them).
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private let book: Book = {
    let (book, diagnostics) = Book.load(root: packageRoot)
    precondition(!diagnostics.contains { $0.severity == .error }, "the book has errors: \(diagnostics)")
    return book
}()

private let exercises = Exercise.all(in: book)

extension Exercise: CustomTestStringConvertible {
    public var testDescription: String { name }
}

/// A scratch copy of the package root's view for one student: `Chapters/` is not
/// needed, only a folder for `Exercises/`.
private func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("student-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private let toolchain = SwiftToolchain.near(URL(fileURLWithPath: CommandLine.arguments[0]))

/// Writes `text` as the student's file for `exercise` and checks it the way
/// `book exercise check` does.
private func studentCheck(_ exercise: Exercise, _ text: String, timeLimit: Double = 10) throws -> ExerciseRunner.Result {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let workspace = ExerciseWorkspace(root: root)
    try FileManager.default.createDirectory(at: workspace.folder, withIntermediateDirectories: true)
    try text.write(to: workspace.file(for: exercise.name), atomically: true, encoding: .utf8)
    let tc = try #require(toolchain, "the built library was not found next to the test bundle")
    return try ExerciseRunner.check(exercise, file: workspace.relativePath(for: exercise.name), root: root,
                                    chapters: book.chapters.map(\.file), toolchain: tc, timeLimit: timeLimit)
}

@Suite("Exercises: the author's guarantees and the student's workflow")
struct ExerciseTests {
    @Test("every chapter with code has its exercises (the rule `book check` reports), each with a starter, a solution, a decoy, checks and a hint")
    func complete() {
        // An appendix without code (the course notes) has no exercises.
        for d in ExerciseRules.problems(book) { Issue.record(Comment(rawValue: d.description)) }
        for e in exercises {
            #expect(!e.chapter.blocks(.decoy(e.name)).isEmpty, "\(e.name) has no decoy")
        }
        for e in exercises {
            #expect(!e.starter.isEmpty && !e.solution.isEmpty && !e.hints.isEmpty, "\(e.name)")
            #expect(!e.checks.flatMap(\.claims).isEmpty, "\(e.name) has no claims in its checks")
        }
    }

    @Test("the reference solution, as a student's file, passes every check", arguments: exercises)
    func solutionPasses(_ e: Exercise) throws {
        let solution = "import Descent\nimport Foundation\n" + e.solution.map(\.code).joined(separator: "\n")
        let result = try studentCheck(e, solution)
        #expect(result.status == .passed, "\(result.message) \(result.lines.filter { !$0.holds }.map(\.expression))")
    }

    @Test("the starter, untouched, compiles and fails at least one check", arguments: exercises)
    func starterFails(_ e: Exercise) throws {
        let result = try studentCheck(e, e.starterFile)
        #expect(result.status == .failed, "\(result.message)")
        #expect(result.lines.contains { !$0.holds })
    }

    @Test("a file that defines the wrong name is told which name the checks need")
    func wrongName() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let result = try studentCheck(e, "import Descent\nfunc gradientStp(_ x: [Double]) -> [Double] { x }\n")
        #expect(result.status == .compileError)
        #expect(result.diagnostics.contains { $0.id == .exerciseMissingName && $0.location.file == "Exercises/gd-step.swift"
            && $0.message.contains("must define `gradientStep`") }, "\(result.message)")
    }

    @Test("a compile error points at the student's file and line")
    func compileError() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let result = try studentCheck(e, "import Descent\n\nfunc gradientStep( -> [Double] {\n")
        #expect(result.status == .compileError)
        #expect(result.message.contains("Exercises/gd-step.swift:3:"), "\(result.message)")
    }

    @Test("a crash is this exercise failing, not the checker crashing")
    func crash() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let result = try studentCheck(e, "import Descent\nfunc gradientStep(_ x: [Double], gradient g: [Double], learningRate eta: Double) -> [Double] { [x[7]] }\n")
        #expect(result.status == .crashed)
        #expect(result.message.contains("Index out of range"), "\(result.message)")
    }

    @Test("a loop that never ends is stopped at the time limit")
    func timeLimit() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let started = Date()
        let result = try studentCheck(e, "import Descent\nfunc gradientStep(_ x: [Double], gradient g: [Double], learningRate eta: Double) -> [Double] { var i = 0; while i >= 0 { i = (i + 1) % 10 }; return x }\n", timeLimit: 1)
        #expect(result.status == .timedOut)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.message.contains("did not finish within 1 s"))
    }

    @Test("start never overwrites; reset keeps every version as a backup; progress is readable")
    func workspace() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let w = ExerciseWorkspace(root: root)
        let e = try #require(exercises.first)
        #expect(try w.start(e) == .created)
        try "mine".write(to: w.file(for: e.name), atomically: true, encoding: .utf8)
        #expect(try w.start(e) == .alreadyThere)
        #expect(try String(contentsOf: w.file(for: e.name), encoding: .utf8) == "mine")
        let first = try w.reset(e)
        try "mine again".write(to: w.file(for: e.name), atomically: true, encoding: .utf8)
        let second = try w.reset(e)
        #expect(first?.lastPathComponent == "\(e.name).swift.backup")
        #expect(second?.lastPathComponent == "\(e.name).swift.backup-2")
        #expect(try String(contentsOf: try #require(first), encoding: .utf8) == "mine")
        #expect(try String(contentsOf: try #require(second), encoding: .utf8) == "mine again")
        #expect(try String(contentsOf: w.file(for: e.name), encoding: .utf8) == e.starterFile)

        var p = ExerciseWorkspace.Progress()
        p.done = ["b", "a", "a"]
        p.failing = ["a", "c"]
        p.hintsShown = ["c": 1]
        try w.save(p)
        let back = try w.loadProgress()
        #expect(back.done == ["a", "b"])
        #expect(back.failing == ["c"])
        #expect(w.status(of: "a", back) == .done)
        #expect(w.status(of: "c", back) == .failing)
        #expect(w.status(of: e.name, back) == .started)
        #expect(w.status(of: "zzz", back) == .notStarted)
        let text = try String(contentsOf: w.progressFile, encoding: .utf8)
        #expect(text.contains("\"done\" : [\n    \"a\",\n    \"b\"\n  ]"))

        try "{ not json".write(to: w.progressFile, atomically: true, encoding: .utf8)
        #expect(throws: Diagnostic.self) { try w.loadProgress() }
    }
}

@Suite("A student's program cannot fake a pass or take the checker down")
struct HostileStudentTests {
    private let header = "import Descent\nimport Foundation\n#if canImport(Glibc)\nimport Glibc\n#endif\n"
    private let signature = "func gradientStep(_ x: [Double], gradient g: [Double], learningRate eta: Double) -> [Double]"

    @Test("printed or written CLAIM lines and an early exit(0) are not a pass")
    func forgedReport() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let forger = header + signature + """
         {
            print("CLAIM\\t0\\tok\\t[0.75, 0]\\t")
            let fake = "CLAIM\\t0\\tok\\tx\\t\\nCLAIM\\t1\\tok\\tx\\t\\nDONE\\n"
            _ = fake.withCString { write(3, $0, strlen($0)) }
            exit(0)
        }
        """
        let result = try studentCheck(e, forger)
        #expect(result.status == .crashed)
        #expect(result.lines.isEmpty)
        #expect(result.message.contains("before the checks finished: does your code call exit()?"), "\(result.message)")
    }

    @Test("a report line with a negative or huge index is ignored, not a crash of the checker")
    func badIndex() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let result = try studentCheck(e, header + signature + " { print(\"CLAIM\\t-1\\tok\\tx\\t\"); print(\"CLAIM\\t99999999999999999999\\tok\"); return x }\n")
        #expect(result.status == .failed)
    }

    @Test("a print loop is stopped at the output cap, long before the time limit")
    func printLoop() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let started = Date()
        let result = try studentCheck(e, header + signature + " { while true { print(\"spam spam spam spam\") } }\n", timeLimit: 60)
        #expect(result.status == .crashed)
        #expect(result.message.contains("printed more than 4 MiB"), "\(result.message)")
        #expect(Date().timeIntervalSince(started) < 50)
    }

    @Test("at the time limit the program's whole process group is ended")
    func grandchildren() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("grandchild-\(UUID().uuidString).pid")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let spawner = header + signature + """
         {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sleep")
            p.arguments = ["60"]
            try! p.run()
            try! String(p.processIdentifier).write(toFile: "\(pidFile.path)", atomically: true, encoding: .utf8)
            while true { usleep(1000) }
        }
        """
        let result = try studentCheck(e, spawner, timeLimit: 3)
        #expect(result.status == .timedOut)
        let pid = try #require(Int32(try String(contentsOf: pidFile, encoding: .utf8)))
        usleep(300_000)
        // Gone, or a zombie waiting for init to reap it: not running either way.
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
        #expect(state == nil || state == "Z", "the grandchild \(pid) is still running (state \(state ?? "?"))")
    }

    @Test("a stack overflow says so, not an empty report")
    func stackOverflow() throws {
        let e = try #require(exercises.first { $0.name == "gd-step" })
        let result = try studentCheck(e, header + "func deeper(_ n: Int) -> Int { n < 0 ? 0 : deeper(n + 1) + 1 }\n" + signature + " { [Double(deeper(0))] }\n")
        #expect(result.status == .crashed)
        #expect(result.message.contains("stack overflow") || result.message.contains("Fatal error"), "\(result.message)")
    }
}

@Suite("progress.json")
struct ProgressFileTests {
    @Test("a hand-edited count out of range is an error naming the field, and the file is left alone")
    func badCount() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let w = ExerciseWorkspace(root: root)
        try FileManager.default.createDirectory(at: w.folder, withIntermediateDirectories: true)
        let text = "{\"done\": [], \"failing\": [], \"hintsShown\": {\"gd-step\": -3}}"
        try text.write(to: w.progressFile, atomically: true, encoding: .utf8)
        let error = #expect(throws: Diagnostic.self) { try w.update { $0.done.append("x") } }
        #expect(error?.message.contains("`hintsShown` of `gd-step` is -3") == true, "\(String(describing: error))")
        #expect(try String(contentsOf: w.progressFile, encoding: .utf8) == text)
    }

    @Test("six updates at once lose nothing (the file is locked around read-modify-write)")
    func concurrentUpdates() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let w = ExerciseWorkspace(root: root)
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            try? w.update { p in
                usleep(20_000)                 // widen the window a lost update would need
                p.done.append("exercise-\(i)")
            }
        }
        #expect(try w.loadProgress().done == (0..<6).map { "exercise-\($0)" })
    }
}
