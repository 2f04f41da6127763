import Claims

/// The book's rule for exercises: a chapter with Swift code has at least
/// `minimum` exercises. Checked by `book check`, `book lint`, `tangle check` and the
/// book's tests, not when a chapter is loaded: a small book (a fixture, a draft) may
/// have none.
public enum ExerciseRules {
    public static let minimum = 3

    public static func problems(_ book: Book, minimum: Int = minimum) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for c in book.chapters where c.blocks.contains(where: { $0.role.isTangled }) {
            var names: [String] = []
            for b in c.blocks { if case .exercise(let n) = b.role, !names.contains(n) { names.append(n) } }
            guard names.count < minimum else { continue }
            let title = c.document.blocks.first { if case .heading(1) = $0.kind { return true } else { return false } }?.line ?? 1
            problems.append(Diagnostic(.exerciseTooFew, at: SourceLocation(file: c.file, line: title, column: 1),
                "the chapter has \(names.count) exercise\(names.count == 1 ? "" : "s"); a chapter with code has at least \(minimum) (one of them substantial): add ```` ```swift exercise NAME ```` with its solution, decoy, checks and hints"))
        }
        return problems
    }
}
