import BookModel
import Claims
import Foundation

/// Runs an exercise's checks against a student's file.
public enum ExerciseRunner {
    /// One check as the student sees it.
    public struct CheckLine: Sendable {
        public var expression: String
        public var expected: String
        public var value: String
        public var holds: Bool
        public var location: SourceLocation
    }

    public enum Status: Sendable, Equatable {
        case passed
        case failed
        case compileError
        case crashed
        case timedOut
    }

    public struct Result: Sendable {
        public var status: Status
        public var lines: [CheckLine]
        /// What to tell the student beyond the check lines: the compiler's errors, a
        /// crash, the time limit, what the checks threw.
        public var diagnostics: [Diagnostic]

        /// The diagnostics as printed, one per line.
        public var message: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    /// Compiles `file` (a path relative to `root`) with the exercise's checks, runs it
    /// with a time limit, and reports each check.
    public static func check(_ exercise: Exercise, file: String, root: URL, chapters: [String],
                             toolchain: SwiftToolchain, timeLimit: TimeInterval) throws -> Result {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("book-exercise-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let main = work.appendingPathComponent("main.swift")
        try ExerciseHarness.mainFile(for: exercise).write(to: main, atomically: true, encoding: .utf8)
        let program = work.appendingPathComponent("checks")

        let compiled = try toolchain.compile([file, main.path], chapters: chapters, into: program, in: root)
        if compiled.status != 0 || compiled.timedOut {
            return Result(status: .compileError, lines: [], diagnostics: explainCompileErrors(compiled.output, exercise: exercise, file: file))
        }
        // Swift's backtracer would print pages of addresses; the fatal error's own line says it all.
        let ran = try SwiftToolchain.run([program.path], in: root, timeLimit: timeLimit,
                                         environment: ["SWIFT_BACKTRACE": "enable=no"])
        let specs = exercise.checks.flatMap(\.claims)
        let (parsed, thrown) = ExerciseHarness.parse(ran.output)
        let lines = parsed.compactMap { p -> CheckLine? in
            guard p.index < specs.count else { return nil }
            let c = specs[p.index]
            return CheckLine(expression: c.expression, expected: c.expectation.display, value: p.value,
                             holds: p.holds, location: c.location)
        }
        if ran.timedOut {
            return Result(status: .timedOut, lines: lines, diagnostics: [Diagnostic(.exerciseTimedOut, at: SourceLocation(file: file),
                "the checks did not finish within \(Int(timeLimit)) s, so the program was stopped. Does a loop in your code never end? (Raise the limit with --time-limit.)")])
        }
        if ran.signal != nil || (ran.status != 0 && parsed.isEmpty) {
            let said = ran.output.split(separator: "\n").filter { !$0.hasPrefix("CLAIM\t") }
            let report = (said.filter { $0.contains("Fatal error") || $0.contains("error:") }.first.map { [$0] } ?? Array(said.suffix(4)))
                .joined(separator: "\n")
            return Result(status: .crashed, lines: lines, diagnostics: [Diagnostic(.exerciseCrashed, at: SourceLocation(file: file),
                "your code crashed while the checks ran\(ran.signal.map { " (signal \($0))" } ?? ""), so this exercise fails. The program said:\n\(report)\nLook for an index out of range, a force-unwrapped nil, or a division of integers by zero.")])
        }
        if let thrown {
            return Result(status: .failed, lines: lines, diagnostics: [Diagnostic(.exerciseThrew, at: SourceLocation(file: file), thrown)])
        }
        let allHold = !lines.isEmpty && lines.count == specs.count && lines.allSatisfy(\.holds)
        return Result(status: allHold ? .passed : .failed, lines: lines, diagnostics: [])
    }

    /// The compiler's errors as diagnostics, with a plain-words one for the common
    /// case of a file that does not define what the checks call.
    static func explainCompileErrors(_ output: String, exercise: Exercise, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for line in output.split(separator: "\n") where !line.hasPrefix(" ") {
            guard let r = line.range(of: ": error: ") else { continue }
            let place = line[..<r.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            let message = String(line[r.upperBound...])
            if place.count >= 3, let l = Int(place[place.count - 2]), let c = Int(place[place.count - 1]) {
                let path = place.dropLast(2).joined(separator: ":")
                diagnostics.append(Diagnostic(.exerciseCompile, at: SourceLocation(file: path, line: l, column: c), message))
            } else {
                diagnostics.append(Diagnostic(.exerciseCompile, at: SourceLocation(file: String(place.joined(separator: ":"))), message))
            }
        }
        if diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.exerciseCompile, at: SourceLocation(file: file),
                "does not compile:\n" + output.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let missing = diagnostics.compactMap { d -> String? in
            guard let r = d.message.range(of: "cannot find '"), let end = d.message[r.upperBound...].firstIndex(of: "'") else { return nil }
            return String(d.message[r.upperBound..<end])
        }
        if let name = missing.first, diagnostics.contains(where: { $0.location.file != file }) {
            diagnostics.append(Diagnostic(.exerciseMissingName, at: SourceLocation(file: file),
                "must define `\(name)`: the checks call it. Compare your declaration's name and labels with the starter (`swift run book exercise reset \(exercise.name)` restores it, keeping yours as a backup)."))
        }
        return diagnostics
    }
}
