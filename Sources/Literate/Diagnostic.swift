/// A place in a chapter: the file (relative to the package root), a 1-based line
/// and a 1-based column counted in UTF-8 bytes, as the Swift compiler counts them.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in the book, printed the way compilers print theirs,
/// `Chapters/07-adam.md:42:5: error: message`, so that editors can jump to it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning, note }

    public var severity: Severity
    public var location: SourceLocation
    /// A stable identifier (`claim.unparsable`), for tests and for looking the problem up.
    public var id: String
    public var message: String
    /// Further lines, each printed as a `note:` at the same or another place.
    public var notes: [(SourceLocation?, String)]

    /// An error.
    public init(_ id: String, at location: SourceLocation, _ message: String,
                notes: [(SourceLocation?, String)] = []) {
        self.init(.error, id, at: location, message, notes: notes)
    }

    public init(_ severity: Severity, _ id: String, at location: SourceLocation,
                _ message: String, notes: [(SourceLocation?, String)] = []) {
        self.severity = severity
        self.id = id
        self.location = location
        self.message = message
        self.notes = notes
    }

    public var description: String {
        var s = "\(location): \(severity.rawValue): \(message) [\(id)]"
        for (place, text) in notes {
            s += "\n\((place ?? location)): note: \(text)"
        }
        return s
    }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.description == b.description
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
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
