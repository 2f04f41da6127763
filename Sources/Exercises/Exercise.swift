// Exercises — the student's workflow: an exercise's starter, checks and hints from the
// model, a workspace in `Exercises/`, and a runner that compiles a student's file against
// the built library with the checks tangled as for the registry. Never imports Weaving.

import BookModel
import Foundation

/// An exercise as the chapters define it: starter code, a reference solution,
/// checks (claims) and hints, in the chapter where it is explained.
public struct Exercise: Sendable {
    public var name: String
    public var chapter: Chapter
    public var starter: [Block]
    public var solution: [Block]
    public var checks: [Block]
    /// Hints in order, Markdown; vague first, specific last.
    public var hints: [String]
    /// The chapter page of the built site that explains it.
    public var page: String { chapter.pageName }

    /// The starter as a file a student can edit: a header saying what it is, the
    /// imports it needs, then the chapter's starter code.
    public var starterFile: String {
        """
        // Exercise `\(name)` — \(chapter.title) (\(chapter.file)).
        //
        \(statement.map { "// " + $0 }.joined(separator: "\n"))
        //
        // Edit this file, then run `swift run book exercise check \(name)`.
        // Stuck? `swift run book exercise hint \(name)`.
        import Descent
        import Foundation

        \(starter.map(\.code).joined(separator: "\n"))
        """
    }

    /// The exercise's statement: the paragraph of the chapter right above its starter code,
    /// as written (claim spans shown as their expressions' written values).
    public var statement: [String] {
        guard let fence = starter.first?.fence.line else { return [] }
        let lines = chapter.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var end = fence - 2                      // the line above the fence, 0-based
        while end >= 0 && lines[end].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        var start = end
        while start > 0 && !lines[start - 1].trimmingCharacters(in: .whitespaces).isEmpty
              && !lines[start - 1].hasPrefix("```") { start -= 1 }
        guard end >= 0, start <= end, !lines[end].hasPrefix("```") else { return [] }
        return lines[start...end].map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Where the reference solution is.
    public var solutionLocation: String { solution.first.map { "\($0.fence.file):\($0.fence.line)" } ?? chapter.file }

    /// Every exercise of the book, in book order.
    public static func all(in book: Book) -> [Exercise] {
        var out: [Exercise] = []
        for chapter in book.chapters {
            var seen: Set<String> = []
            for block in chapter.blocks {
                guard case .exercise(let name) = block.role, seen.insert(name).inserted else { continue }
                out.append(Exercise(
                    name: name, chapter: chapter,
                    starter: chapter.blocks(.exercise(name)),
                    solution: chapter.blocks(.solution(name)),
                    checks: chapter.blocks(.check(name)),
                    hints: chapter.blocks(.hint(name)).map(\.code)))
            }
        }
        return out
    }
}
