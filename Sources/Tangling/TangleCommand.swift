import BookModel
import Claims
import Foundation

/// The `tangle` tool the build plugin runs, one call per chapter and target:
///
///     tangle library  --root PACKAGE CHAPTER.md OUTPUT.swift
///     tangle examples --root PACKAGE CHAPTER.md OUTPUT.swift
///     tangle index    --root PACKAGE OUTPUT.swift CHAPTER.md...
///
/// It prints every diagnostic of the run to standard error, then exits non-zero
/// if any is an error. It rewrites an output only when its text changes, so that
/// an edit that moves no code line recompiles nothing.
public enum TangleCommand {
    /// What a run tangles.
    public enum Mode: Equatable, Sendable {
        /// One chapter's ```` ```swift ```` blocks into the library target.
        case library(chapter: String, output: String)
        /// One chapter's examples, exercises and figures into the registry target.
        case examples(chapter: String, output: String)
        /// The registry's index of every chapter.
        case index(output: String, chapters: [String])
        /// Every chapter checked, nothing written.
        case check

        /// Reads `library|examples CHAPTER OUTPUT`, `index OUTPUT CHAPTER…` or `check`.
        public init?(_ args: [String]) {
            switch (args.first, args.count) {
            case ("library", 3): self = .library(chapter: args[1], output: args[2])
            case ("examples", 3): self = .examples(chapter: args[1], output: args[2])
            case ("index", 2...): self = .index(output: args[1], chapters: Array(args.dropFirst(2)))
            case ("check", 1): self = .check
            default: return nil
            }
        }

        /// The plugin's arguments for this mode (before `--root`).
        public var arguments: [String] {
            switch self {
            case .library(let c, let o): return ["library", c, o]
            case .examples(let c, let o): return ["examples", c, o]
            case .index(let o, let cs): return ["index", o] + cs
            case .check: return ["check"]
            }
        }
    }

    public static func run(_ arguments: [String]) -> Int32 {
        var args = arguments
        var root = FileManager.default.currentDirectoryPath
        if let i = args.firstIndex(of: "--root"), i + 1 < args.count {
            root = args[i + 1]
            args.removeSubrange(i...(i + 1))
        }
        guard let mode = Mode(args) else { return usage() }
        return run(mode, root: URL(fileURLWithPath: root))
    }

    public static func run(_ mode: Mode, root rootURL: URL) -> Int32 {
        var log = DiagnosticLog()
        switch mode {
        case .library(let path, let output), .examples(let path, let output):
            let isLibrary = mode == .library(chapter: path, output: output)
            let (chapter, problems) = ChapterLoader.load(file: relative(path, to: rootURL), url: URL(fileURLWithPath: path))
            if isLibrary {
                log.add(contentsOf: problems)
            } else if problems.hasErrors {
                // The library command of the same chapter reports these; say only that it failed.
                FileHandle.standardError.write(Data("tangle: \(relative(path, to: rootURL)) has errors (reported by its library command)\n".utf8))
                return 1
            }
            if let chapter, !log.hasErrors {
                let (text, more) = isLibrary ? Tangler.library(chapter) : Tangler.examples(chapter)
                log.add(contentsOf: more)
                if !log.hasErrors { write(text, to: output, log: &log) }
            }
        case .index(let output, let files):
            let (book, problems) = Book.load(root: rootURL, files: files.isEmpty ? nil : files)
            // Chapter-scoped problems are reported by the chapter's own commands.
            log.add(contentsOf: problems.filter { $0.id.scope == .book })
            if !log.hasErrors { write(Tangler.index(book), to: output, log: &log) }
        case .check:
            let (book, problems) = Book.load(root: rootURL)
            log.add(contentsOf: problems)
            log.add(contentsOf: ExerciseRules.problems(book))
            if !log.hasErrors {
                for c in book.chapters {
                    log.add(contentsOf: Tangler.library(c).1)
                    log.add(contentsOf: Tangler.examples(c).1)
                }
            }
        }
        if !log.diagnostics.isEmpty {
            FileHandle.standardError.write(Data((log.rendered + "\n").utf8))
        }
        if log.hasErrors {
            let n = log.errors.count
            FileHandle.standardError.write(Data("tangle: \(n) error\(n == 1 ? "" : "s")\n".utf8))
            return 1
        }
        return 0
    }

    static func usage() -> Int32 {
        FileHandle.standardError.write(Data("""
            usage: tangle library  [--root DIR] CHAPTER.md OUTPUT.swift
                   tangle examples [--root DIR] CHAPTER.md OUTPUT.swift
                   tangle index    [--root DIR] OUTPUT.swift CHAPTER.md...
                   tangle check    [--root DIR]

            """.utf8))
        return 2
    }

    /// `ROOT/Chapters/x.md` → `Chapters/x.md`, the form diagnostics and `#sourceLocation` use.
    static func relative(_ path: String, to root: URL) -> String {
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = root.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : path
    }

    static func write(_ text: String, to path: String, log: inout DiagnosticLog) {
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data { return }
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            log.add(Diagnostic(.tangleWrite, at: SourceLocation(file: path), "cannot write: \(error.localizedDescription)"))
        }
    }
}
