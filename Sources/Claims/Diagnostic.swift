/// A place in the book: a file (relative to the package root), a 1-based line and a
/// 1-based column counted in UTF-8 bytes, as the Swift compiler counts them. Line 0
/// means the file as a whole (a folder, a site, a student's file that does not compile).
///
/// Every stage joins by this value: a claim's spec in the registry, the claim the
/// model read from the chapter and the outcome the verifier recorded meet here.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The file as a whole.
    public init(file: String) {
        self.init(file: file, line: 0, column: 0)
    }

    /// `Chapters/02-chain-rule.md:42:5`, the form editors jump to; `site` for a whole file.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A stable identifier of a kind of problem, with the scope that owns it: a
/// chapter-scoped problem is reported by the command that reads that chapter, a
/// book-scoped one (two chapters with one number) by the command that reads them all,
/// so that no problem is ever reported twice.
public struct DiagnosticID: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Scope: String, Sendable, Hashable, Codable { case chapter, book }

    public let name: String
    public let scope: Scope

    public init(_ name: String, _ scope: Scope = .chapter) {
        self.name = name
        self.scope = scope
    }

    public var description: String { name }
}

extension DiagnosticID {
    // Chapters and files.
    public static let chaptersMissing = DiagnosticID("chapters.missing", .book)
    public static let chaptersEmpty = DiagnosticID("chapters.empty", .book)
    public static let chaptersDuplicateNumber = DiagnosticID("chapters.duplicate-number", .book)
    public static let nameDuplicate = DiagnosticID("name.duplicate", .book)
    // Cross-references (`@eq:…`): a label defined twice, a reference to nothing.
    public static let xrefDuplicate = DiagnosticID("xref.duplicate", .book)
    public static let xrefUnknown = DiagnosticID("xref.unknown", .book)
    public static let chaptersNoNumber = DiagnosticID("chapters.no-number")
    public static let chapterUnreadable = DiagnosticID("chapter.unreadable")
    public static let chapterNotUTF8 = DiagnosticID("chapter.not-utf8")
    public static let chapterNoTitle = DiagnosticID("chapter.no-title")
    public static let chapterBadName = DiagnosticID("chapter.bad-name")
    // Blocks.
    public static let blockUnknownRole = DiagnosticID("block.unknown-role")
    public static let blockNoName = DiagnosticID("block.no-name")
    public static let blockBadName = DiagnosticID("block.bad-name")
    public static let blockExtraWords = DiagnosticID("block.extra-words")
    public static let blockMixedIndentation = DiagnosticID("block.mixed-indentation")
    public static let blockTooDeep = DiagnosticID("block.too-deep")
    public static let blockUnknownLanguage = DiagnosticID("block.unknown-language")
    public static let blockUnclosed = DiagnosticID("block.unclosed")
    public static let blockStructure = DiagnosticID("block.structure")
    // Exercises.
    public static let exerciseNoSolution = DiagnosticID("exercise.no-solution")
    public static let exerciseNoCheck = DiagnosticID("exercise.no-check")
    public static let exerciseNoHint = DiagnosticID("exercise.no-hint")
    public static let exerciseUnknown = DiagnosticID("exercise.unknown")
    public static let exerciseTooFew = DiagnosticID("exercise.too-few", .book)
    // Claims as written.
    public static let claimNoValue = DiagnosticID("claim.no-value")
    public static let claimBoundTolerance = DiagnosticID("claim.bound-tolerance")
    public static let claimUnparsable = DiagnosticID("claim.unparsable")
    public static let claimNotNumeric = DiagnosticID("claim.not-numeric")
    public static let claimTwoOperators = DiagnosticID("claim.two-operators")
    public static let claimNotStatement = DiagnosticID("claim.not-statement")
    public static let claimNotExpression = DiagnosticID("claim.not-expression")
    public static let claimCompoundAssignment = DiagnosticID("claim.compound-assignment")
    public static let claimUnchecked = DiagnosticID("claim.unchecked")
    public static let claimAlone = DiagnosticID("claim.alone")
    public static let claimLookalike = DiagnosticID("claim.lookalike")
    // Spans in prose (`⟦…⟧`) and the lint of numbers.
    public static let inlineUnclosed = DiagnosticID("inline.unclosed")
    public static let inlineUnparsable = DiagnosticID("inline.unparsable")
    public static let inlineNoExample = DiagnosticID("inline.no-example")
    public static let inlineUnknownExample = DiagnosticID("inline.unknown-example")
    public static let inlineSeeds = DiagnosticID("inline.seeds")
    public static let numberUnbacked = DiagnosticID("number.unbacked")
    // Running the book.
    public static let claimFailed = DiagnosticID("claim.failed")
    public static let exampleThrew = DiagnosticID("example.threw")
    public static let starterPasses = DiagnosticID("exercise.starter-passes")
    public static let figureFailed = DiagnosticID("figure.failed")
    public static let exampleCrashed = DiagnosticID("example.crashed")
    public static let exampleTimedOut = DiagnosticID("example.timed-out")
    public static let examplesProcess = DiagnosticID("examples.process")
    public static let registryStale = DiagnosticID("registry.stale")
    public static let exampleBuild = DiagnosticID("examples.build")
    // Tools.
    public static let tangleWrite = DiagnosticID("tangle.write", .book)
    public static let siteNotOurs = DiagnosticID("site.not-ours", .book)
    public static let siteWrite = DiagnosticID("site.write", .book)
    public static let progressUnreadable = DiagnosticID("exercise.progress-unreadable", .book)
    public static let exerciseCompile = DiagnosticID("exercise.compile")
    public static let exerciseCrashed = DiagnosticID("exercise.crashed")
    public static let exerciseTimedOut = DiagnosticID("exercise.timed-out")
    public static let exerciseThrew = DiagnosticID("exercise.threw")
    public static let exerciseMissingName = DiagnosticID("exercise.missing-name")
    public static let exerciseNoFile = DiagnosticID("exercise.no-file")
}

/// One problem found in the book, printed the way compilers print theirs,
/// `Chapters/07-adam.md:42:5: error: message [id]`, so that editors can jump to it.
/// Loading, tangling, running the examples, writing the site and checking a
/// student's exercise all report through this one type and its one rendering.
public struct Diagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case error, warning, note }

    /// A further line, printed as a `note:` at its own place (or the diagnostic's).
    public struct Note: Sendable, Hashable, Codable {
        public var location: SourceLocation?
        public var message: String

        public init(_ location: SourceLocation?, _ message: String) {
            self.location = location
            self.message = message
        }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var id: DiagnosticID
    public var message: String
    public var notes: [Note]

    /// An error.
    public init(_ id: DiagnosticID, at location: SourceLocation, _ message: String, notes: [Note] = []) {
        self.init(.error, id, at: location, message, notes: notes)
    }

    public init(_ severity: Severity, _ id: DiagnosticID, at location: SourceLocation,
                _ message: String, notes: [Note] = []) {
        self.severity = severity
        self.id = id
        self.location = location
        self.message = message
        self.notes = notes
    }

    /// The one rendering of a diagnostic: every `file:line:col: error:` the tools print comes from here.
    public var description: String {
        var s = "\(location): \(severity.rawValue): \(message) [\(id)]"
        for note in notes {
            s += "\n\(note.location ?? location): note: \(note.message)"
        }
        return s
    }
}

extension Diagnostic {
    /// The errors a compiler printed (`path:line:col: error: message`, or `path: error: …`
    /// for a whole file), each once, as diagnostics with `id`; paths under `root` are made
    /// relative to it.
    public static func compilerErrors(in output: String, id: DiagnosticID, relativeTo root: String? = nil) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for line in output.split(separator: "\n") where !line.hasPrefix(" ") {
            guard let r = line.range(of: ": error: ") else { continue }
            let place = line[..<r.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            let message = String(line[r.upperBound...])
            func relative(_ path: String) -> String {
                guard let root, path.hasPrefix(root + "/") else { return path }
                return String(path.dropFirst(root.count + 1))
            }
            let d: Diagnostic
            if place.count >= 3, let l = Int(place[place.count - 2]), let c = Int(place[place.count - 1]) {
                d = Diagnostic(id, at: SourceLocation(file: relative(place.dropLast(2).joined(separator: ":")), line: l, column: c), message)
            } else {
                d = Diagnostic(id, at: SourceLocation(file: relative(place.joined(separator: ":"))), message)
            }
            if !found.contains(d) { found.append(d) }
        }
        return found
    }
}

/// Every diagnostic of a run, collected so that all are reported, then the run fails.
public struct DiagnosticLog: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func add(_ d: Diagnostic) { diagnostics.append(d) }
    public mutating func add(contentsOf ds: [Diagnostic]) { diagnostics.append(contentsOf: ds) }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Sorted by place, one per line.
    public var rendered: String {
        diagnostics.sorted { $0.location < $1.location }.map(\.description).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    /// Whether any of these is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
