import BookModel
import Claims
import Exercises
import Foundation
import Tangling
import Verifying

/// What happened to one mutant.
public struct MutantResult: Sendable, Codable {
    public enum Status: String, Sendable, Codable { case caught, missed, timeout, unviable, equivalent }
    public var mutant: Mutant
    public var status: Status
    /// The first claim that failed (for a caught mutant), or what ended the run.
    public var caughtBy: String?
    public var caughtAt: Claims.SourceLocation?
    /// The examples (and exercise solutions) that execute the mutated code.
    public var executedBy: [String]
}

/// A chapter's score: caught (timeouts included) over caught and missed.
public struct ChapterScore: Sendable, Codable {
    public var file: String
    public var caught: Int
    public var missed: Int
    public var timeouts: Int
    public var unviable: Int
    public var equivalent: Int = 0
    public var score: Double { caught + missed == 0 ? 1 : Double(caught) / Double(caught + missed) }
}

public struct MutationReport: Sendable, Codable {
    /// What the results are of: the library's code and every chapter's examples.
    public var key: String = ""
    public var results: [MutantResult]
    public var chapters: [ChapterScore]
    public var buildSeconds: Double
    public var coverSeconds: Double
    public var runSeconds: Double
    public var byKind: [String: Int]

    public var caught: Int { chapters.reduce(0) { $0 + $1.caught } }
    public var missed: Int { chapters.reduce(0) { $0 + $1.missed } }
    public var score: Double { caught + missed == 0 ? 1 : Double(caught) / Double(caught + missed) }
}

/// Generates the schema, builds it once, runs the unmutated book to learn which examples
/// execute which mutants and how long they take, then runs each mutant against those
/// examples, out of process, `jobs` at a time.
public struct MutationRunner: Sendable {
    public var book: Book
    public var root: URL
    public var toolchain: SwiftToolchain
    public var jobs: Int
    /// Only this chapter's library blocks are mutated (nil: every chapter's).
    public var chapter: Int?

    public init(book: Book, root: URL, toolchain: SwiftToolchain, jobs: Int, chapter: Int?) {
        self.book = book
        self.root = root
        self.toolchain = toolchain
        self.jobs = max(1, jobs)
        self.chapter = chapter
    }

    var folder: URL { root.appendingPathComponent(".build/mutants") }

    /// Everything the results depend on: the library, every chapter's examples, which chapter,
    /// and how mutants are made and marked (`rules`, raised when either changes).
    public var key: String { Self.key(book: book, chapter: chapter) }

    /// The version of the mutation operators and of the equivalence marks' reading.
    public static let rules = 4

    public static func key(book: Book, chapter: Int?) -> String {
        var h = Fingerprint()
        h.add("rules \(rules)")
        h.add(book.libraryFingerprint)
        for c in book.chapters { h.add(c.file); h.add(c.codeFingerprint) }
        h.add(chapter.map(String.init) ?? "all")
        return h.hex
    }

    /// Where the results are kept: `.build/mutants/report.json` (or `report-NN.json` for one chapter).
    public static func reportFile(root: URL, chapter: Int?) -> URL {
        root.appendingPathComponent(".build/mutants/report\(chapter.map { "-\($0)" } ?? "").json")
    }

    /// The kept results, if they are of this book as it is now.
    public func cached() -> MutationReport? { Self.cached(book: book, root: root, chapter: chapter) }

    public static func cached(book: Book, root: URL, chapter: Int?) -> MutationReport? {
        guard let data = try? Data(contentsOf: reportFile(root: root, chapter: chapter)),
              let report = try? JSONDecoder().decode(MutationReport.self, from: data),
              report.key == key(book: book, chapter: chapter) else { return nil }
        return report
    }

    /// Keeps `report` for the next run and for the site.
    public func keep(_ report: MutationReport) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? encoder.encode(report).write(to: Self.reportFile(root: root, chapter: chapter), options: .atomic)
    }

    /// The schema's sources, every mutant not in `excluded` switched in.
    func sources(excluded: Set<Int>) -> (files: [(String, String)], mutants: [Mutant]) {
        var files: [(String, String)] = []
        var mutants: [Mutant] = []
        var next = 1
        for c in book.chapters {
            var lib = "import Foundation\nimport RealModule\n"
            for block in c.blocks where block.role == .library {
                if chapter == nil || chapter == c.number {
                    let (code, ms, n) = MutantSchema.schema(of: block, firstID: next, excluded: excluded)
                    next = n
                    let marks = MutantSchema.equivalenceMarks(block)
                    mutants += ms.map { m in
                        var m = m
                        m.equivalent = MutantSchema.equivalence(of: m, marks: marks)
                        return m
                    }
                    lib += Tangler.located(code, file: c.file, line: block.firstLine, indent: block.columnOffsets)
                } else {
                    lib += Tangler.located(block.code, file: c.file, line: block.firstLine, indent: block.columnOffsets)
                }
            }
            files.append(("library-\(c.numberText).swift", lib))
            files.append(("examples-\(c.numberText).swift", Tangler.examples(c).0.replacingOccurrences(of: "import Descent\n", with: "")))
        }
        files.append(("index.swift", Tangler.index(book)))
        files.append(("runtime.swift", MutantSchema.runtime(count: next)))
        files.append(("main.swift", Self.runnerMain))
        return (files, mutants)
    }

    /// Builds the schema, dropping the mutants the compiler rejects; returns the executable,
    /// the viable mutants and the unviable ones.
    func build(progress: (String) -> Void) throws -> (URL, [Mutant], [Mutant]) {
        let src = folder.appendingPathComponent("src")
        try? FileManager.default.removeItem(at: src)
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        let exe = folder.appendingPathComponent("runner")
        var excluded: Set<Int> = []
        var all: [Mutant] = []
        for round in 1...10 {
            let (files, mutants) = sources(excluded: excluded)
            if round == 1 { all = mutants }
            for (name, text) in files { try text.write(to: src.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            progress("building the schema (\(mutants.count) mutants, round \(round))…")
            // Whole-module: `__on` is inlined into the library's loops (a call per evaluation made
            // the unmutated book 30× slower).
            let outcome = try toolchain.compile(files.map { src.appendingPathComponent($0.0).path }, chapters: [], into: exe, in: root,
                flags: ["-O", "-wmo", "-num-threads", "\(jobs)", "-Xcc", "-fno-math-errno", "-module-name", "Descent"],
                library: false, timeLimit: 1800)
            if outcome.status == 0 {
                let viable = Set(mutants.map(\.id))
                return (exe, mutants, all.filter { !viable.contains($0.id) })
            }
            // Each error at a chapter line rules out the mutants on that line.
            var lines: Set<String> = []
            var placeless: [String] = []
            for line in outcome.output.split(separator: "\n") where line.contains(": error: ") {
                let parts = line.split(separator: ":", maxSplits: 3)
                if parts.count >= 3, parts[0].hasPrefix("Chapters/"), let l = Int(parts[1]) { lines.insert("\(parts[0]):\(l)") }
                else { placeless.append(String(line)) }
            }
            var ruledOut = mutants.filter { lines.contains("\($0.location.file):\($0.location.line)") }.map(\.id)
            if ruledOut.isEmpty {
                // An error reported after the mutant (a definite-initialization or a missing
                // return, at the end of its body): the statements removed just above it.
                for place in lines {
                    let parts = place.split(separator: ":")
                    guard parts.count == 2, let l = Int(parts[1]) else { continue }
                    ruledOut += mutants.filter { $0.location.file == String(parts[0]) && $0.location.line < l && $0.location.line >= l - 30
                        && ["remove-statement", "literal", "boolean"].contains($0.kind) }.map(\.id)
                }
            }
            if ruledOut.isEmpty {
                throw ChildProcessError("the mutant schema does not compile, and no mutant is to blame:\n"
                    + (placeless + outcome.output.split(separator: "\n").prefix(20).map(String.init)).joined(separator: "\n"))
            }
            excluded.formUnion(ruledOut)
        }
        throw ChildProcessError("the mutant schema still does not compile after ten rounds")
    }

    /// One run's coverage: what it executes and how long it takes, unmutated.
    struct Coverage: Codable {
        var run: String
        var seconds: Double
        var hits: [Int]
        var holds: Bool
    }

    public func run(progress: @escaping @Sendable (String) -> Void) throws -> MutationReport {
        let started = Date()
        let (exe, compiled, unviable) = try build(progress: progress)
        let built = Date()
        progress("running the book unmutated, recording which examples execute which mutants…")
        let cover = try SwiftToolchain.run([exe.path, "--cover"], in: root, timeLimit: 1800)
        guard cover.status == 0 else { throw ChildProcessError("the unmutated schema did not run: \(cover.output.suffix(2000))") }
        let decoder = JSONDecoder()
        let coverage = cover.output.split(separator: "\n").compactMap { try? decoder.decode(Coverage.self, from: Data($0.utf8)) }
        let failing = coverage.filter { !$0.holds }.map(\.run)
        if !failing.isEmpty {
            throw ChildProcessError("the unmutated schema fails claims in \(failing.joined(separator: ", ")); fix the book first (`swift run book check`)")
        }
        var runsOf: [Int: [Coverage]] = [:]
        for c in coverage { for h in c.hits { runsOf[h, default: []].append(c) } }
        let executing = runsOf
        let covered = Date()

        let marked = compiled.filter { $0.equivalent != nil }
        let viable = compiled.filter { $0.equivalent == nil }
        let done = Locked(0)
        let checked = workers(viable.count, jobs: jobs) { i in
            let r = self.check(viable[i], runs: executing[viable[i].id] ?? [], exe: exe)
            let n = done.withLock { d in d += 1; return d }
            if n % 25 == 0 || n == viable.count { progress("\(n)/\(viable.count) mutants run") }
            return r
        }
        let all = checked + unviable.map {
            MutantResult(mutant: $0, status: .unviable, caughtBy: nil, caughtAt: nil, executedBy: [])
        } + marked.map {
            MutantResult(mutant: $0, status: .equivalent, caughtBy: $0.equivalent, caughtAt: nil,
                         executedBy: (executing[$0.id] ?? []).map(\.run))
        }
        var chapters: [ChapterScore] = []
        for c in book.chapters {
            let mine = all.filter { $0.mutant.location.file == c.file }
            guard !mine.isEmpty else { continue }
            chapters.append(ChapterScore(file: c.file,
                caught: mine.filter { $0.status == .caught || $0.status == .timeout }.count,
                missed: mine.filter { $0.status == .missed }.count,
                timeouts: mine.filter { $0.status == .timeout }.count,
                unviable: mine.filter { $0.status == .unviable }.count,
                equivalent: mine.filter { $0.status == .equivalent }.count))
        }
        var byKind: [String: Int] = [:]
        for r in all { byKind[r.mutant.kind, default: 0] += 1 }
        return MutationReport(key: key, results: all.sorted { $0.mutant.id < $1.mutant.id }, chapters: chapters,
                              buildSeconds: built.timeIntervalSince(started), coverSeconds: covered.timeIntervalSince(built),
                              runSeconds: Date().timeIntervalSince(covered), byKind: byKind)
    }

    /// Runs one mutant against the runs that execute it.
    func check(_ m: Mutant, runs: [Coverage], exe: URL) -> MutantResult {
        // The quickest runs first: most mutants are caught by the first claim they reach.
        let sorted = runs.sorted { $0.seconds < $1.seconds }
        let names = sorted.map(\.run)
        // Each run's own limit, by the same rule as the whole's.
        let lines = sorted.map { "\($0.run)\t\(5 + 3 * $0.seconds)" }
        guard !runs.isEmpty else {
            return MutantResult(mutant: m, status: .missed, caughtBy: "no example executes this code", caughtAt: nil, executedBy: [])
        }
        // As Stryker's: a factor of the unmutated time plus a constant; 3×, not 1.5×, because
        // `jobs` mutants share the cores the unmutated run had to itself.
        let limit = 5 + 3 * runs.reduce(0) { $0 + $1.seconds }
        do {
            let child = try ChildProcess([exe.path, "--run", lines.joined(separator: "\n")], in: root,
                                         environment: ["BOOK_MUTANT": String(m.id)])
            let (ending, timedOut, _) = child.wait(timeLimit: limit, outputCap: 1 << 20)
            let output = child.output(last: 1 << 16)
            if timedOut {
                return MutantResult(mutant: m, status: .timeout, caughtBy: "ran past \(Int(limit)) s", caughtAt: nil, executedBy: names)
            }
            if case .signaled(let s) = ending {
                return MutantResult(mutant: m, status: .caught, caughtBy: "the examples crashed (signal \(s))", caughtAt: nil, executedBy: names)
            }
            for line in output.split(separator: "\n") {
                guard let data = line.data(using: .utf8), let verdict = try? JSONDecoder().decode(Verdict.self, from: data) else { continue }
                if let failed = verdict.failed {
                    return MutantResult(mutant: m, status: .caught, caughtBy: failed.message, caughtAt: failed.location, executedBy: names)
                }
                if let why = verdict.timedOut {
                    return MutantResult(mutant: m, status: .timeout, caughtBy: why, caughtAt: nil, executedBy: names)
                }
                if verdict.survived == true {
                    return MutantResult(mutant: m, status: .missed, caughtBy: nil, caughtAt: nil, executedBy: names)
                }
            }
            if case .exited(let status) = ending, status != 0 {
                return MutantResult(mutant: m, status: .caught, caughtBy: "the examples exited with status \(status)", caughtAt: nil, executedBy: names)
            }
            return MutantResult(mutant: m, status: .caught, caughtBy: "the examples ended without a verdict", caughtAt: nil, executedBy: names)
        } catch {
            return MutantResult(mutant: m, status: .caught, caughtBy: "could not start: \(error)", caughtAt: nil, executedBy: names)
        }
    }

    struct Verdict: Codable {
        struct Failed: Codable { var location: SourceLocation; var message: String }
        var failed: Failed?
        var survived: Bool?
        var timedOut: String?
    }

    /// The runner compiled into the schema: `--cover` runs every example and solution
    /// unmutated and prints what each executed; `--run NAMES` (with `BOOK_MUTANT`) runs
    /// those and prints the first claim that fails, or that the mutant survived.
    static let runnerMain = #"""
    import Claims
    import Foundation

    __mutant = Int(ProcessInfo.processInfo.environment["BOOK_MUTANT"] ?? "") ?? 0
    __hits = UnsafeMutablePointer<UInt8>.allocate(capacity: __mutantCount + 1)
    __hits.initialize(repeating: 0, count: __mutantCount + 1)
    let arguments = Array(CommandLine.arguments.dropFirst())
    var runs: [(String, Example)] = []
    for chapter in TangledBook.chapters {
        for e in chapter.examples where !e.kind.mustFail { runs.append(("\(chapter.file)|\(e.kind.rawValue):\(e.name)", e)) }
    }
    func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
    func location(_ l: SourceLocation) -> [String: Any] { ["file": l.file, "line": l.line, "column": l.column] }
    if arguments.first == "--cover" {
        for (name, e) in runs {
            __hits.update(repeating: 0, count: __mutantCount + 1)
            let start = Date()
            let report = e.run()
            let seconds = Date().timeIntervalSince(start)
            let hits = (1...max(1, __mutantCount)).filter { $0 <= __mutantCount && __hits[$0] != 0 }
            print(json(["run": name, "seconds": seconds, "hits": hits, "holds": report.allHold]))
        }
    } else if arguments.first == "--run", arguments.count > 1 {
        // In the order given (the caller puts the quickest first).
        // Each line is `name<TAB>seconds`: the run's own time limit (a mutant that hangs in a
        // quick example is stopped there, not after every example's time).
        let byName = Dictionary(runs.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        let wanted = arguments[1].split(separator: "\n").compactMap { line -> (String, Example, Double)? in
            let parts = line.split(separator: "\t")
            let n = String(parts[0])
            return byName[n].map { (n, $0, parts.count > 1 ? Double(parts[1]) ?? 3600 : 3600) }
        }
        // The first failing claim decides: report it and stop, whatever else the example would run.
        ClaimRecorder.onFailure = { spec, why in
            print(json(["failed": ["location": location(spec.location), "message": "claim `\(spec.expression)` \(spec.expectation.display) failed: \(why)"]]))
            fflush(stdout)
            exit(0)
        }
        let current = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        current.initialize(to: -1)
        for (index, (name, e, limit)) in wanted.enumerated() {
            current.pointee = index
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: limit)
                if current.pointee == index {
                    print(json(["timedOut": "\(name) ran past \(Int(limit)) s"]))
                    fflush(stdout)
                    exit(0)
                }
            }
            let report = e.run()
            if let error = report.error {
                print(json(["failed": ["location": location(e.location), "message": "\(name) threw: \(error)"]]))
                exit(0)
            }
            if let f = report.failures.first {
                print(json(["failed": ["location": location(f.spec.location), "message": f.diagnostic.message]]))
                exit(0)
            }
        }
        print(json(["survived": true]))
    } else {
        FileHandle.standardError.write(Data("usage: runner --cover | --run NAMES\n".utf8))
        exit(2)
    }
    """#
}
