// BookModel — the load stage. Reads `Chapters/*.md` into values every later stage walks:
// `Book`, `Chapter`, `Block` (role, name, Swift syntax tree, claims) and the Markdown value
// tree (`MarkdownBlock`, `Inline`). cmark parses each chapter once (Markdown.swift is the
// only file that touches its C API); SwiftParser reads each Swift block once. Every problem
// is a `Diagnostic` at the chapter's file, line and column. Imports nothing of the stages.

import Claims
import Foundation

/// The whole book: every chapter in `Chapters/`, in order, checked together.
public struct Book: Sendable {
    public var chapters: [Chapter]

    public init(chapters: [Chapter]) { self.chapters = chapters }

    /// Loads every `*.md` in `root/Chapters` (or the files given), reporting every
    /// problem: per chapter, and across chapters (numbers and names used twice).
    public static func load(root: URL, folder: String = "Chapters", files: [String]? = nil,
                            reusing cache: ChapterCache? = nil) -> (Book, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let folderURL = root.appendingPathComponent(folder)
        let here = SourceLocation(file: folder + "/")    // the folder as a whole
        var names: [String]
        if let files {
            names = files.map { ($0 as NSString).lastPathComponent }
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folderURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return (Book(chapters: []), [Diagnostic(.chaptersMissing, at: here,
                    "there is no `\(folder)/` folder; the book's chapters live there as `NN-slug.md` files")])
            }
            names = chapterFiles(in: folderURL)
        }
        names.sort()
        if names.isEmpty {
            return (Book(chapters: []), [Diagnostic(.chaptersEmpty, at: here,
                "`\(folder)/` holds no chapters; add one, e.g. `\(folder)/01-introduction.md` beginning with `# Title`")])
        }
        var chapters: [Chapter] = []
        // Chapters are parsed in parallel, each on its own; results kept in file order.
        let files = names
        let loaded = parallelMap(files.count) { i in
            let file = "\(folder)/\(files[i])", url = folderURL.appendingPathComponent(files[i])
            return cache?.load(file: file, url: url) ?? ChapterLoader.load(file: file, url: url)
        }
        for (chapter, problems) in loaded {
            diagnostics.append(contentsOf: problems)
            if let chapter { chapters.append(chapter) }
        }
        chapters.sort { ($0.number, $0.file) < ($1.number, $1.file) }
        diagnostics.append(contentsOf: crossChapterProblems(chapters))
        diagnostics.append(contentsOf: CrossReferences.problems(chapters))
        return (Book(chapters: chapters), diagnostics)
    }

    /// The chapter files of a folder: `*.md`, not hidden (not an editor's lock file).
    public static func chapterFiles(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
    }

    /// Two chapters with one number; one name used by two chapters or two kinds of block.
    static func crossChapterProblems(_ chapters: [Chapter]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var byNumber: [Int: Chapter] = [:]
        for c in chapters where !c.numberText.isEmpty {
            if let first = byNumber[c.number] {
                problems.append(Diagnostic(.chaptersDuplicateNumber, at: SourceLocation(file: c.file, line: 1),
                    "chapter number \(c.number) is also used by `\(first.file)`; give each chapter its own number",
                    notes: [.init(SourceLocation(file: first.file, line: 1), "the other chapter numbered \(c.number)")]))
            } else {
                byNumber[c.number] = c
            }
        }
        // Examples, exercises and figures share one namespace: each is run or drawn by name.
        var owners: [String: (block: Block, chapter: String)] = [:]
        for c in chapters {
            for b in c.blocks {
                guard [.example, .exercise, .figure].contains(b.role.kind), let name = b.role.name else { continue }
                if let owner = owners[name] {
                    let theirs = owner.block.role.kind
                    if owner.chapter != c.file {
                        problems.append(Diagnostic(.nameDuplicate, at: b.fence,
                            "the name `\(name)` is already used by \(theirs) `\(name)` in `\(owner.chapter)`; names are unique in the book",
                            notes: [.init(owner.block.fence, "first used here")]))
                    } else if theirs != b.role.kind {
                        problems.append(Diagnostic(.nameDuplicate, at: b.fence,
                            "`\(name)` already names \(theirs == .figure ? "a" : "an") \(theirs) in this chapter; give the \(b.role.kind) another name",
                            notes: [.init(owner.block.fence, "first used here")]))
                    }
                } else {
                    owners[name] = (b, c.file)
                }
            }
        }
        return problems
    }
}

/// Chapters already parsed, by file and text: `book serve` reloads the book on every
/// save, and parses again only the chapters whose text changed.
public final class ChapterCache: @unchecked Sendable {
    private var entries: [String: (data: Data, chapter: Chapter?, diagnostics: [Diagnostic])] = [:]
    private let lock = NSLock()

    public init() {}

    func load(file: String, url: URL) -> (Chapter?, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return ChapterLoader.load(file: file, url: url) }
        lock.lock()
        let hit = entries[file].flatMap { $0.data == data ? $0 : nil }
        lock.unlock()
        if let hit { return (hit.chapter, hit.diagnostics) }
        let (chapter, diagnostics) = ChapterLoader.load(file: file, data: data)
        lock.lock()
        entries[file] = (data, chapter, diagnostics)
        lock.unlock()
        return (chapter, diagnostics)
    }
}

/// `(0..<count).map(body)`, the calls spread over the cores; results in index order.
public func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    let results = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
    nonisolated(unsafe) let slots = results
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let run = body
        DispatchQueue.concurrentPerform(iterations: count) { i in (slots.baseAddress! + i).initialize(to: run(i)) }
    }
    defer { results.baseAddress!.deinitialize(count: count); results.deallocate() }
    return Array(results)
}
