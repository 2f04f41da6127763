import Foundation

/// What running one chapter's registry entry computed, before it is joined to the
/// chapter: the unit the runner sends back, and the unit the cache keeps.
public struct ChapterResults: Sendable, Codable {
    public var file: String
    /// The fingerprints of the code that ran (`Chapter.codeFingerprint`,
    /// `Book.libraryFingerprint`), as the registry was built.
    public var codeFingerprint: String
    public var libraryFingerprint: String
    public var runs: [RunResult]
    public var figures: [FigureResult]
    /// A problem with the chapter's run as a whole (its process would not start).
    public var problem: String?

    public init(file: String, codeFingerprint: String, libraryFingerprint: String,
                runs: [RunResult] = [], figures: [FigureResult] = [], problem: String? = nil) {
        self.file = file
        self.codeFingerprint = codeFingerprint
        self.libraryFingerprint = libraryFingerprint
        self.runs = runs
        self.figures = figures
        self.problem = problem
    }

    /// Whether these results may be kept: every run finished on its own.
    public var cacheable: Bool { problem == nil && runs.allSatisfy { $0.crash == nil && !$0.timedOut } }
}

/// One example, solution or starter as it ran.
public struct RunResult: Sendable, Codable {
    public var name: String
    public var kind: Example.Kind
    public var location: SourceLocation
    public var specs: [ClaimSpec]
    /// Every value each claim computed, and its first failure.
    public var values: [[ClaimValue]]
    public var failures: [String?]
    /// For claims about the method: on how many seeds each held (nil for the others).
    public var seedsHeld: [Int?]?
    /// What the example threw.
    public var error: String?
    /// Set by the parent when the process died during this run: what it said.
    public var crash: String?
    /// Set by the parent when this run passed the time limit.
    public var timedOut: Bool = false

    public init(name: String, kind: Example.Kind, location: SourceLocation, specs: [ClaimSpec],
                values: [[ClaimValue]], failures: [String?], error: String? = nil) {
        self.name = name
        self.kind = kind
        self.location = location
        self.specs = specs
        self.values = values
        self.failures = failures
        self.error = error
    }

    /// `example:name`: runs of one chapter are told apart by kind and name.
    public var key: String { "\(kind.rawValue):\(name)" }
}

/// One figure as it was drawn.
public struct FigureResult: Sendable, Codable {
    public var name: String
    public var location: SourceLocation
    public var figure: Figure?
    public var error: String?
    public var crash: String?
    public var timedOut: Bool = false

    public init(name: String, location: SourceLocation, figure: Figure? = nil, error: String? = nil) {
        self.name = name
        self.location = location
        self.figure = figure
        self.error = error
    }

    public var key: String { "figure:\(name)" }
}

/// The JSON both sides of the runner and the cache use: NaN and infinities allowed.
public enum ResultsCoding {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        e.outputFormatting = [.sortedKeys]
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
