import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a chapter's registry entry: in this process (`results`), or as the child
/// the isolated runner starts (`serve`), which reports each run on descriptor 3 as
/// it goes, so that a trap, a hang or an allocation failure in one example costs
/// only that example.
public enum ExampleHost {
    /// One line of the child's report.
    public enum Message: Codable, Sendable {
        case header(codeFingerprint: String, libraryFingerprint: String)
        /// A run is starting: enough to report it if the process dies inside it.
        case begin(RunResult)
        case run(RunResult)
        case beginFigure(FigureResult)
        case figure(FigureResult)
        case done
    }

    /// Runs one example, solution or starter here.
    public static func run(_ example: Example) -> RunResult {
        let report = example.run()
        var result = RunResult(name: example.name, kind: example.kind, location: example.location, specs: example.claims,
                               values: report.outcomes.map(\.values), failures: report.outcomes.map(\.recordedFailure), error: report.error)
        if report.outcomes.contains(where: { $0.seedsHeld != nil }) { result.seedsHeld = report.outcomes.map(\.seedsHeld) }
        return result
    }

    /// Draws one figure here.
    public static func draw(_ entry: FigureEntry) -> FigureResult {
        let location = SourceLocation(file: entry.file, line: entry.line, column: 1)
        do {
            let figure = try entry.make()
            if let problem = figure.drawingProblem {
                return FigureResult(name: entry.name, location: location, error: "cannot be drawn: \(problem)")
            }
            return FigureResult(name: entry.name, location: location, figure: figure)
        } catch {
            return FigureResult(name: entry.name, location: location, error: "\(error)")
        }
    }

    /// Everything a chapter computes, run in this process.
    public static func results(_ entry: ChapterEntry, libraryFingerprint: String) -> ChapterResults {
        ChapterResults(file: entry.file, codeFingerprint: entry.codeFingerprint, libraryFingerprint: libraryFingerprint,
                       runs: entry.examples.map(run), figures: entry.figures.map(draw))
    }

    /// The child's side: runs every example and figure of `entry` not in `skip`,
    /// reporting on descriptor 3. Returns the exit status.
    public static func serve(_ entry: ChapterEntry, libraryFingerprint: String, skip: Set<String>,
                             memoryLimit megabytes: Int?) -> Int32 {
        guard fcntl(3, F_GETFD) != -1 else {
            FileHandle.standardError.write(Data("error: `run-examples` is started by `book` itself, with descriptor 3 open for its report\n".utf8))
            return 2
        }
        if let megabytes, megabytes > 0 {
            let bytes = rlim_t(megabytes) * 1024 * 1024
            var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
            #if canImport(Glibc)
            setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
            #else
            setrlimit(RLIMIT_AS, &limit)
            #endif
        }
        let encoder = ResultsCoding.encoder()
        func send(_ m: Message) {
            guard var data = try? encoder.encode(m) else { return }
            data.append(0x0A)
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(3, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { if errno == EINTR { continue } else { exit(3) } }
                    offset += n
                }
            }
        }
        send(.header(codeFingerprint: entry.codeFingerprint, libraryFingerprint: libraryFingerprint))
        for example in entry.examples {
            let pending = RunResult(name: example.name, kind: example.kind, location: example.location, specs: example.claims,
                                    values: [], failures: [])
            guard !skip.contains(pending.key) else { continue }
            send(.begin(pending))
            send(.run(run(example)))
        }
        for figure in entry.figures {
            let pending = FigureResult(name: figure.name, location: SourceLocation(file: figure.file, line: figure.line, column: 1))
            guard !skip.contains(pending.key) else { continue }
            send(.beginFigure(pending))
            send(.figure(draw(figure)))
        }
        send(.done)
        return 0
    }
}

extension ClaimOutcome {
    /// The failure the recorder saw, without the "never evaluated" the outcome adds.
    var recordedFailure: String? { values.isEmpty ? nil : failure }
}
