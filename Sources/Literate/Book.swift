import Foundation

/// The whole book: every chapter in `Chapters/`, in order, checked together.
public struct Book: Sendable {
    public var chapters: [Chapter]

    /// Loads every `*.md` in `root/Chapters` (or the files given), reporting every
    /// problem: per chapter, and across chapters (numbers and names used twice).
    public static func load(root: URL, folder: String = "Chapters", files: [String]? = nil) -> (Book, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let folderURL = root.appendingPathComponent(folder)
        let here = SourceLocation(file: folder + "/", line: 1, column: 1)
        var names: [String]
        if let files {
            names = files.map { ($0 as NSString).lastPathComponent }
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folderURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return (Book(chapters: []), [Diagnostic("chapters.missing", at: here,
                    "there is no `\(folder)/` folder; the book's chapters live there as `NN-slug.md` files")])
            }
            names = ((try? FileManager.default.contentsOfDirectory(atPath: folderURL.path)) ?? [])
                .filter { $0.hasSuffix(".md") }
        }
        names.sort()
        if names.isEmpty {
            return (Book(chapters: []), [Diagnostic("chapters.empty", at: here,
                "`\(folder)/` holds no chapters; add one, e.g. `\(folder)/01-introduction.md` beginning with `# Title`")])
        }
        var chapters: [Chapter] = []
        for name in names {
            let (chapter, problems) = ChapterLoader.load(file: "\(folder)/\(name)", url: folderURL.appendingPathComponent(name))
            diagnostics.append(contentsOf: problems)
            if let chapter { chapters.append(chapter) }
        }
        chapters.sort { ($0.number, $0.file) < ($1.number, $1.file) }
        diagnostics.append(contentsOf: crossChapterProblems(chapters))
        return (Book(chapters: chapters), diagnostics)
    }

    /// Two chapters with one number; one name used by two chapters or two kinds of block.
    static func crossChapterProblems(_ chapters: [Chapter]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var byNumber: [Int: Chapter] = [:]
        for c in chapters where !c.numberText.isEmpty {
            if let first = byNumber[c.number] {
                problems.append(Diagnostic("chapters.duplicate-number", at: SourceLocation(file: c.file, line: 1),
                    "chapter number \(c.number) is also used by `\(first.file)`; give each chapter its own number",
                    notes: [(SourceLocation(file: first.file, line: 1), "the other chapter numbered \(c.number)")]))
            } else {
                byNumber[c.number] = c
            }
        }
        var owners: [String: (word: String, block: Block, chapter: String)] = [:]
        for c in chapters {
            for b in c.blocks {
                let word: String
                switch b.role {
                case .example: word = "example"
                case .exercise: word = "exercise"
                case .figure: word = "figure"
                default: continue
                }
                guard let name = b.role.name else { continue }
                if let owner = owners[name] {
                    if owner.chapter != c.file {
                        problems.append(Diagnostic("name.duplicate", at: b.fence,
                            "the name `\(name)` is already used by \(owner.word) `\(name)` in `\(owner.chapter)`; names are unique in the book",
                            notes: [(owner.block.fence, "first used here")]))
                    } else if owner.word != word {
                        problems.append(Diagnostic("name.duplicate", at: b.fence,
                            "`\(name)` already names \(owner.word == "figure" ? "a" : "an") \(owner.word) in this chapter; give the \(word) another name",
                            notes: [(owner.block.fence, "first used here")]))
                    }
                } else {
                    owners[name] = (word, b, c.file)
                }
            }
        }
        return problems
    }
}
