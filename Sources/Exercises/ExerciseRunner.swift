import BookModel
import Claims
import Foundation
import Verifying

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
        let specs = exercise.checks.flatMap(\.claims)
        let ran = try runChecks(program, in: root, timeLimit: timeLimit)
        let (parsed, thrown, done) = ExerciseHarness.parse(ran.report, secret: ran.secret, claims: specs.count)
        let lines = parsed.map { p -> CheckLine in
            let c = specs[p.index]
            return CheckLine(expression: c.expression, expected: c.expectation.display, value: p.value,
                             holds: p.holds, location: c.location)
        }
        let here = SourceLocation(file: file)
        if ran.timedOut {
            return Result(status: .timedOut, lines: lines, diagnostics: [Diagnostic(.exerciseTimedOut, at: here,
                "the checks did not finish within \(Int(timeLimit)) s, so the program was stopped. Does a loop in your code never end? (Raise the limit with --time-limit.)")])
        }
        if ran.overflowed {
            return Result(status: .crashed, lines: lines, diagnostics: [Diagnostic(.exerciseCrashed, at: here,
                "your code printed more than \(ExerciseRunner.outputCap / (1024 * 1024)) MiB, so the program was stopped. Is a print inside a loop that never ends?")])
        }
        if !done {
            let said = ran.output.split(separator: "\n").map(String.init)
            var report = (said.last { $0.contains("Fatal error") || $0.contains("error:") }.map { [$0] } ?? Array(said.suffix(4)))
                .joined(separator: "\n")
            if report.isEmpty {
                report = ran.ending == .signaled(SIGSEGV) || ran.ending == .signaled(SIGBUS)
                    ? "(nothing: a stack overflow, from recursion that never stops, ends a program without a word)"
                    : "(nothing)"
            }
            let how: String
            switch ran.ending {
            case .signaled(let signal): how = "your code crashed while the checks ran (signal \(signal))"
            case .exited(let status): how = "the program ended (status \(status)) before the checks finished: does your code call exit()?"
            }
            return Result(status: .crashed, lines: lines, diagnostics: [Diagnostic(.exerciseCrashed, at: here,
                "\(how), so this exercise fails. The program said:\n\(report)\nLook for an index out of range, a force-unwrapped nil, or a division of integers by zero.")])
        }
        if let thrown {
            return Result(status: .failed, lines: lines, diagnostics: [Diagnostic(.exerciseThrew, at: SourceLocation(file: file), thrown)])
        }
        let allHold = !lines.isEmpty && lines.count == specs.count && lines.allSatisfy(\.holds)
        return Result(status: allHold ? .passed : .failed, lines: lines, diagnostics: [])
    }

    /// What a check program may print: past this it is stopped.
    public static let outputCap: UInt64 = 4 * 1024 * 1024

    struct Run {
        var report: String
        var secret: String
        var output: String
        var ending: ChildProcess.Ending
        var timedOut: Bool
        var overflowed: Bool
    }

    /// Runs the check program in its own process group (ended whole at the time limit),
    /// gives it the run's secret on standard input, and collects its report from
    /// descriptor 3 and what it printed (capped).
    static func runChecks(_ program: URL, in directory: URL, timeLimit: TimeInterval) throws -> Run {
        let secret = UUID().uuidString
        // Swift's backtracer would print pages of addresses; the fatal error's own line says it all.
        let child = try ChildProcess([program.path], in: directory,
                                     environment: ["SWIFT_BACKTRACE": "enable=no"], channel: true,
                                     input: Data((secret + "\n").utf8))
        let deadline = Date().addingTimeInterval(timeLimit)
        var report: [UInt8] = []
        var timedOut = false, overflowed = false
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { timedOut = true; child.killGroup(); break }
            if child.outputSize() > outputCap || report.count > Int(outputCap) { overflowed = true; child.killGroup(); break }
            guard let bytes = child.read(timeout: min(remaining, 0.2)) else { continue }
            if bytes.isEmpty { break }
            report += bytes
        }
        let ending = child.wait()
        return Run(report: String(decoding: report, as: UTF8.self), secret: secret,
                   output: child.output(last: 64 * 1024), ending: ending, timedOut: timedOut, overflowed: overflowed)
    }

    /// The compiler's errors as diagnostics, with a plain-words one for the common
    /// case of a file that does not define what the checks call.
    static func explainCompileErrors(_ output: String, exercise: Exercise, file: String) -> [Diagnostic] {
        var diagnostics = Diagnostic.compilerErrors(in: output, id: .exerciseCompile)
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
