import Claims

// The worked examples, exercises' solutions and starters of every chapter are
// tangled into this module by the Tangle build plugin (see Chapters/). Both
// `swift test` and the weaver (`swift run book`) run them through this registry.

/// The book's tangled chapters and their examples.
public enum Registry {
    /// Every chapter, in the book's order.
    public static var chapters: [ChapterEntry] { TangledBook.chapters }

    /// Every example, solution and starter of the book, in order.
    public static var examples: [Example] { chapters.flatMap(\.examples) }
}

extension Registry {
    /// How the examples were compiled, for the results cache's key.
    public static let buildFlags: String = optimized ? "O" : "Onone"

    /// Whether this module was compiled with optimization (`-O` in Package.swift).
    private static let optimized: Bool = {
        var debugAssertions = false
        assert({ debugAssertions = true; return true }())
        return !debugAssertions
    }()

    /// The library code the examples were compiled against.
    public static var libraryFingerprint: String { TangledBook.libraryFingerprint }
}
