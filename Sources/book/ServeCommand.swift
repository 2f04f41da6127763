import ArgumentParser
import BookModel
import Claims
import DescentExamples
import Foundation
import Serving
import Verifying
import Weaving

/// `book serve`: the author's loop, in the habit of `mdbook serve` and `quarto preview`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the site on 127.0.0.1, rebuild what changes when a chapter is saved, and reload the page.")

    @OptionGroup var options: BookOptions
    @OptionGroup var running: RunOptions

    @Option(help: "The address to listen on (loopback unless you say otherwise).") var host: String = "127.0.0.1"
    @Option(help: "The port to listen on.") var port: UInt16 = 3000
    @Option(help: "Where to write the site.") var output: String = "site"
    @Option(help: "How often to look at Chapters/, in seconds.") var interval: Double = 0.3

    func run() async throws {
        let state = PreviewState()
        let shown = host.contains(":") ? "[\(host)]" : host
        let server = PreviewServer(host: host, port: port, site: URL(fileURLWithPath: output, relativeTo: options.rootURL).standardizedFileURL, state: state)
        do { try server.checkAvailable() } catch {
            printError("error: cannot serve on \(shown):\(port): \(error). Is another `book serve` running? Choose another port with --port.")
            throw ExitCode(1)
        }
        let site = URL(fileURLWithPath: output, relativeTo: options.rootURL).standardizedFileURL
        let builder = PreviewBuilder(options: options, running: running, site: site, state: state, executable: selfExecutable())
        builder.build(reason: "first build")

        let stop = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        stop.setEventHandler {
            ChildProcess.endAll()
            print("\nStopped serving.")
            flushOutput()
            Foundation.exit(0)
        }
        stop.resume()

        let watcher = Thread { builder.watch(every: running.timeLimit > 0 ? interval : 0.3) }
        watcher.start()

        print("Serving the book at http://\(shown):\(port)/ — save a chapter and the page reloads. Ctrl-C stops.")
        flushOutput()
        do {
            try await server.run()
        } catch {
            printError("error: cannot serve on \(shown):\(port): \(error). Is another `book serve` running? Choose another port with --port.")
            ChildProcess.endAll()
            throw ExitCode(1)
        }
    }
}

/// Rebuilds the site when chapters change: parses only what changed, rebuilds the
/// examples (`swift build`) only when a chapter's code changed, runs only the chapters
/// the cache does not hold, and publishes the new version to the pages.
final class PreviewBuilder: @unchecked Sendable {
    let options: BookOptions
    let running: RunOptions
    let site: URL
    let state: PreviewState
    let executable: URL
    let chapters = ChapterCache()
    /// The code the built examples were compiled from: the library's and each chapter's fingerprints.
    var built: (library: String, chapters: [String: String])

    init(options: BookOptions, running: RunOptions, site: URL, state: PreviewState, executable: URL) {
        self.options = options
        self.running = running
        self.site = site
        self.state = state
        self.executable = executable
        built = (Registry.libraryFingerprint, Dictionary(Registry.chapters.map { ($0.file, $0.codeFingerprint) }, uniquingKeysWith: { a, _ in a }))
    }

    func build(reason: String) {
        let start = Date()
        let (book, loaded) = Book.load(root: options.rootURL, reusing: chapters)
        if loaded.hasErrors {
            report(loaded, "\(reason): the chapters have errors", start)
            return
        }
        let wanted = (book.libraryFingerprint, Dictionary(book.chapters.map { ($0.file, $0.codeFingerprint) }, uniquingKeysWith: { a, _ in a }))
        if wanted.0 != built.library || wanted.1 != built.chapters {
            print("\(reason): code changed; rebuilding the examples (swift build)…")
            flushOutput()
            let problems = rebuild()
            if !problems.isEmpty {
                report(problems, "the examples do not build", start)
                return
            }
            built = wanted
        }
        let (verification, ran) = running.verify(book, root: options.rootURL, executable: executable)
        let result = Weaver.weave(book: book, verification: verification, title: options.title)
        do {
            try SiteWriter.write(result.files, to: site)
        } catch {
            let d = (error as? Diagnostic) ?? Diagnostic(.siteWrite, at: SourceLocation(file: site.path), "\(error)")
            report([d], "the site could not be written", start)
            return
        }
        report(loaded + verification.diagnostics, "\(reason): \(verification.summary) (\(ran) of \(book.chapters.count) chapters run)", start)
    }

    private func report(_ problems: [Diagnostic], _ what: String, _ start: Date) {
        state.publish(problems: problems)
        for d in problems { printError(d.description) }
        print("\(what); page version \(state.current.version), \(String(format: "%.2f", Date().timeIntervalSince(start))) s.")
        flushOutput()
    }

    /// `swift build --product book`, its errors as diagnostics (none when it succeeds).
    private func rebuild() -> [Diagnostic] {
        let child: ChildProcess
        do {
            child = try ChildProcess(["/usr/bin/env", "swift", "build", "--product", "book", "--package-path", options.rootURL.path])
        } catch {
            return [Diagnostic(.siteWrite, at: SourceLocation(file: "Package.swift"), "cannot run swift build: \(error)")]
        }
        let ending = child.wait()
        guard ending != .exited(0) else { return [] }
        let output = child.output(last: 256 * 1024)
        // Errors at a chapter's line and column (whole-file ones say less than the tail below).
        var problems = Diagnostic.compilerErrors(in: output, id: .exampleBuild, relativeTo: options.rootURL.path)
            .filter { $0.location.line > 0 }
        if problems.isEmpty {
            let tail = output.split(separator: "\n").suffix(8).joined(separator: "\n")
            problems.append(Diagnostic(.exampleBuild, at: SourceLocation(file: "Package.swift"), "swift build failed:\n\(tail)"))
        }
        return problems
    }

    /// Looks at `Chapters/` every `interval` seconds and rebuilds when a file changed.
    func watch(every interval: Double) {
        var seen = snapshot()
        while true {
            usleep(UInt32(max(0.05, interval) * 1_000_000))
            let now = snapshot()
            if now != seen {
                let changed = Set(now.keys).symmetricDifference(seen.keys).union(now.keys.filter { now[$0] != seen[$0] })
                seen = now
                build(reason: "saved " + changed.sorted().joined(separator: ", "))
            }
        }
    }

    private func snapshot() -> [String: String] {
        let folder = options.rootURL.appendingPathComponent("Chapters")
        var out: [String: String] = [:]
        for name in Book.chapterFiles(in: folder) {
            let a = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            let time = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            out["Chapters/" + name] = "\(time) \((a?[.size] as? NSNumber)?.intValue ?? -1)"
        }
        return out
    }
}
