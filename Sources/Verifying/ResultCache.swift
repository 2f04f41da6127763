import BookModel
import Claims
import Foundation

/// Each chapter's results kept under `.build/book-cache/`, like Jupyter's execution
/// cache or Quarto's freeze but never stale: the key is a fingerprint of everything
/// that can change them — the chapter's runs' code (not its prose, not its line
/// numbers), the library code of every chapter (each chapter's examples import it all),
/// the toolchain and the flags the examples were compiled with. A prose edit finds its
/// results here; an edit to any library block misses for every chapter.
public struct ResultCache: Sendable {
    public var folder: URL

    public init(root: URL) {
        folder = root.appendingPathComponent(".build/book-cache/v1")
    }

    /// The key of a chapter's results.
    public static func key(_ chapter: Chapter, in book: Book, identity: String) -> String {
        var h = Fingerprint()
        h.add(chapter.file)
        h.add(chapter.codeFingerprint)
        h.add(book.libraryFingerprint)
        h.add(identity)
        return h.hex
    }

    public func load(_ key: String) -> ChapterResults? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(key + ".json").path) else { return nil }
        return try? ResultsCoding.decoder().decode(ChapterResults.self, from: data)
    }

    /// Verifies `book`: each chapter's results from this cache when its key is there
    /// (unless `reuse` is false), otherwise by `runner`, then kept when they are this
    /// chapter's code's. Returns the verification and how many chapters ran.
    public func verify(_ book: Book, runner: IsolatedRunner, identity: String, reuse: Bool = true) -> (Verification, ran: Int) {
        let keys = book.chapters.map { ResultCache.key($0, in: book, identity: identity) }
        var results: [ChapterResults?] = reuse ? keys.map(load) : Array(repeating: nil, count: keys.count)
        let missing = results.indices.filter { results[$0] == nil }
        for (i, r) in zip(missing, runner.run(missing.map { book.chapters[$0].file })) {
            results[i] = r
            if r.ranCode(of: book.chapters[i], in: book) { store(r, keys[i]) }
        }
        return (Verification(results: results.map { $0! }, book: book), missing.count)
    }

    /// Keeps results that finished on their own (a crash or a time-out may depend on the machine).
    public func store(_ results: ChapterResults, _ key: String) {
        guard results.cacheable, let data = try? ResultsCoding.encoder().encode(results) else { return }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? data.write(to: folder.appendingPathComponent(key + ".json"), options: .atomic)
    }
}

extension ChapterResults {
    /// Whether these results were computed from `chapter`'s code and `book`'s library
    /// as they are now (a registry built from older chapters fails this: it is stale).
    public func ranCode(of chapter: Chapter, in book: Book) -> Bool {
        codeFingerprint == chapter.codeFingerprint && libraryFingerprint == book.libraryFingerprint
    }
}

/// What identifies the code the examples ran as: the Swift runtime this process
/// loaded (its path, size and time: a toolchain update changes them) and the flags.
public enum BuildIdentity {
    public static func current(flags: String) -> String {
        var runtime = "unknown runtime"
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8),
           let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("libswiftCore.so") }),
           let path = line.split(separator: " ", omittingEmptySubsequences: true).last {
            let attributes = try? FileManager.default.attributesOfItem(atPath: String(path))
            let size = (attributes?[.size] as? NSNumber)?.stringValue ?? "?"
            let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            runtime = "\(path) \(size) \(time)"
        }
        return "\(runtime); \(flags)"
    }
}
