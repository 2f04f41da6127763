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
    public static func run(_ arguments: [String]) -> Int32 {
        var args = arguments
        var root = FileManager.default.currentDirectoryPath
        if let i = args.firstIndex(of: "--root"), i + 1 < args.count {
            root = args[i + 1]
            args.removeSubrange(i...(i + 1))
        }
        let rootURL = URL(fileURLWithPath: root)
        guard let mode = args.first else { return usage() }
        var log = DiagnosticLog()
        switch (mode, args.count) {
        case ("library", 3), ("examples", 3):
            let (chapter, problems) = ChapterLoader.load(file: relative(args[1], to: rootURL), url: URL(fileURLWithPath: args[1]))
            if mode == "library" {
                log.add(contentsOf: problems)
            } else if problems.contains(where: { $0.severity == .error }) {
                // The library command of the same chapter reports these; say only that it failed.
                FileHandle.standardError.write(Data("tangle: \(relative(args[1], to: rootURL)) has errors (reported by its library command)\n".utf8))
                return 1
            }
            if let chapter, !log.hasErrors {
                let (text, more) = mode == "library" ? Tangler.library(chapter) : Tangler.examples(chapter)
                log.add(contentsOf: more)
                if !log.hasErrors { write(text, to: args[2], log: &log) }
            }
        case ("index", 2...):
            let files = Array(args.dropFirst(2))
            let (book, problems) = Book.load(root: rootURL, files: files.isEmpty ? nil : files)
            log.add(contentsOf: problems)
            // Per-chapter problems are reported by the chapter's own commands.
            let crossChapter = log.diagnostics.filter { $0.id.hasPrefix("chapters.") || $0.id.hasPrefix("name.") }
            log = DiagnosticLog()
            log.add(contentsOf: crossChapter)
            if !log.hasErrors { write(Tangler.index(book), to: args[1], log: &log) }
        case ("check", 1):
            let (book, problems) = Book.load(root: rootURL)
            log.add(contentsOf: problems)
            if !log.hasErrors {
                for c in book.chapters {
                    log.add(contentsOf: Tangler.library(c).1)
                    log.add(contentsOf: Tangler.examples(c).1)
                }
            }
        default:
            return usage()
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
            log.add(Diagnostic("tangle.write", at: SourceLocation(file: path, line: 1), "cannot write: \(error.localizedDescription)"))
        }
    }
}
