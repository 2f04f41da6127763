import Claims
import Foundation

/// Runs chapters' examples out of process: one child per chapter (`book run-examples
/// --chapter FILE`), reporting each run as it finishes. A run that traps, exhausts
/// its memory or passes the time limit is recorded as such, the child's process
/// group is ended, and a new child goes on with the chapter's remaining runs.
///
/// Per chapter rather than per example: a process start costs ~20 ms and the book
/// has about a hundred runs, while a chapter's runs share nothing that one of them
/// could corrupt for the next except memory a trap ends anyway.
public struct IsolatedRunner: Sendable {
    /// The executable that answers `run-examples` (the `book` tool itself).
    public var executable: URL
    /// Seconds one run (example, solution, starter or figure) may take.
    public var timeLimit: TimeInterval
    /// The child's address-space limit, in MiB (nil: none).
    public var memoryLimit: Int?
    /// Chapters run at once.
    public var jobs: Int

    public init(executable: URL, timeLimit: TimeInterval = 300, memoryLimit: Int? = 4096,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.executable = executable
        self.timeLimit = timeLimit
        self.memoryLimit = memoryLimit
        self.jobs = max(1, jobs)
    }

    /// Runs each chapter (by file), `jobs` at a time; results in the order given.
    public func run(_ files: [String]) -> [ChapterResults] {
        workers(files.count, jobs: jobs) { self.run(chapter: files[$0]) }
    }

    /// Runs one chapter, starting a new child after each run that ends its process.
    public func run(chapter file: String) -> ChapterResults {
        var result = ChapterResults(file: file, codeFingerprint: "", libraryFingerprint: "")
        var skip: Set<String> = []
        let decoder = ResultsCoding.decoder()
        while true {
            var args = [executable.path, "run-examples", "--chapter", file]
            if !skip.isEmpty { args += ["--skip", skip.sorted().joined(separator: ",")] }
            if let memoryLimit { args += ["--memory-limit", String(memoryLimit)] }
            let child: ChildProcess
            do {
                child = try ChildProcess(args, environment: ["SWIFT_BACKTRACE": "enable=no"], channel: true)
            } catch {
                result.problem = "\(error)"
                return result
            }
            var pendingRun: RunResult?
            var pendingFigure: FigureResult?
            var started = Date()
            var buffer: [UInt8] = []
            var finished = false
            var timedOut = false
            reading: while true {
                let remaining = timeLimit - Date().timeIntervalSince(started)
                if remaining <= 0 {
                    timedOut = true
                    child.killGroup()
                    break
                }
                guard let bytes = child.read(timeout: remaining) else { continue }
                if bytes.isEmpty { break }   // the child closed its report: it ended
                buffer += bytes
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = Data(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    guard let message = try? decoder.decode(ExampleHost.Message.self, from: line) else { continue }
                    switch message {
                    case .header(let code, let library):
                        result.codeFingerprint = code
                        result.libraryFingerprint = library
                    case .begin(let r):
                        pendingRun = r
                        started = Date()
                    case .run(let r):
                        result.runs.append(r)
                        skip.insert(r.key)
                        pendingRun = nil
                    case .beginFigure(let f):
                        pendingFigure = f
                        started = Date()
                    case .figure(let f):
                        result.figures.append(f)
                        skip.insert(f.key)
                        pendingFigure = nil
                    case .done:
                        finished = true
                        break reading
                    }
                }
            }
            let ending = child.wait()
            if finished { return result }   // in the registry's order: a restart resumes after what was done
            var said = IsolatedRunner.explain(child.output(), ending)
            if said.contains("failed to allocate"), let memoryLimit {
                said = "ran out of memory (\(said); an example may use at most \(memoryLimit) MiB, --memory-limit)"
            }
            let why = timedOut ? "ran past \(IsolatedRunner.seconds(timeLimit)) and was stopped"
                : said.hasPrefix("ran out of memory") ? said : "crashed: \(said)"
            if var r = pendingRun {
                r.timedOut = timedOut
                r.crash = why
                r.failures = Array(repeating: nil, count: r.specs.count)
                r.values = Array(repeating: [], count: r.specs.count)
                r.error = nil
                result.runs.append(r)
                skip.insert(r.key)
            } else if var f = pendingFigure {
                f.timedOut = timedOut
                f.crash = why
                result.figures.append(f)
                skip.insert(f.key)
            } else {
                // Died outside any run: nothing to skip, so do not try again.
                result.problem = "the examples' process \(why)"
                return result
            }
        }
    }

    /// The line a reader needs from what a crashed child printed.
    static func explain(_ output: String, _ ending: ChildProcess.Ending) -> String {
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        if let fatal = lines.last(where: { $0.contains("Fatal error") || $0.contains("fatal error") }) {
            return fatal.components(separatedBy: "Fatal error").last.map { "Fatal error" + $0 } ?? fatal
        }
        if lines.contains(where: { $0.contains("allocat") || $0.contains("memory") }) {
            return "it ran out of memory"
        }
        switch ending {
        case .signaled(let s): return "it was ended by signal \(s)\(s == SIGKILL ? " (out of memory?)" : "")"
        case .exited(let c): return lines.last.map { "it exited with status \(c): \($0)" } ?? "it exited with status \(c)"
        }
    }

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
    }
}

/// `body(0)`, …, `body(count − 1)` on `jobs` threads of their own (each waits on child
/// processes, so they are threads, not the dispatch pool's), results in order.
public func workers<T: Sendable>(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let results = Locked([T?](repeating: nil, count: count))
    let next = Locked(0)
    let group = DispatchGroup()
    for _ in 0..<min(max(1, jobs), count) {
        group.enter()
        Thread.detachNewThread {
            while true {
                let i: Int = next.withLock { n in defer { n += 1 }; return n }
                guard i < count else { break }
                let r = body(i)
                results.withLock { $0[i] = r }
            }
            group.leave()
        }
    }
    group.wait()
    return results.withLock { $0.map { $0! } }
}

/// A value behind a lock, for the runners' worker threads.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    public init(_ value: Value) { self.value = value }
    public func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
