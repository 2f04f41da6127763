import Claims
import Foundation

/// The student's workspace: `Exercises/` with a file per exercise and one readable
/// progress file that can be copied to another machine. Nothing here is ever
/// overwritten without a backup.
public struct ExerciseWorkspace {
    public var folder: URL

    public init(root: URL) { folder = root.appendingPathComponent("Exercises") }

    /// `Exercises/progress.json`: which exercises are done, which failed their last
    /// check, and how many hints of each were shown.
    public struct Progress: Codable, Equatable, Sendable {
        public var done: [String] = []
        public var failing: [String] = []
        public var hintsShown: [String: Int] = [:]
        public init() {}
    }

    public var progressFile: URL { folder.appendingPathComponent("progress.json") }

    public func file(for name: String) -> URL { folder.appendingPathComponent("\(name).swift") }

    /// `Exercises/NAME.swift`, as shown to the student and passed to the compiler.
    public func relativePath(for name: String) -> String { "Exercises/\(name).swift" }

    public func loadProgress() throws -> Progress {
        guard let data = FileManager.default.contents(atPath: progressFile.path) else { return Progress() }
        do {
            return try JSONDecoder().decode(Progress.self, from: data)
        } catch {
            throw Diagnostic(.progressUnreadable, at: SourceLocation(file: "Exercises/progress.json"),
                "cannot read the progress file (\(error)); fix it or move it away — it is never overwritten while unreadable")
        }
    }

    public func save(_ progress: Progress) throws {
        var p = progress
        p.done = Array(Set(p.done)).sorted()
        p.failing = Array(Set(p.failing).subtracting(p.done)).sorted()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try encoder.encode(p).write(to: progressFile, options: .atomic)
    }

    public enum StartResult: Equatable { case created, alreadyThere }

    /// Writes the starter, unless the file exists.
    public func start(_ exercise: Exercise) throws -> StartResult {
        let url = file(for: exercise.name)
        if FileManager.default.fileExists(atPath: url.path) { return .alreadyThere }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(exercise.starterFile.utf8).write(to: url, options: .withoutOverwriting)
        return .created
    }

    /// Keeps the student's file as `NAME.swift.backup` (or `.backup-2`, …, never
    /// overwriting a backup), then writes the starter. Returns the backup's path.
    public func reset(_ exercise: Exercise) throws -> URL? {
        let url = file(for: exercise.name)
        var backup: URL?
        if FileManager.default.fileExists(atPath: url.path) {
            var candidate = folder.appendingPathComponent("\(exercise.name).swift.backup")
            var n = 2
            while FileManager.default.fileExists(atPath: candidate.path) {
                candidate = folder.appendingPathComponent("\(exercise.name).swift.backup-\(n)")
                n += 1
            }
            try FileManager.default.moveItem(at: url, to: candidate)
            backup = candidate
        }
        _ = try start(exercise)
        return backup
    }

    public enum Status: String, Sendable { case notStarted = "not started", started, failing, done }

    public func status(of name: String, _ progress: Progress) -> Status {
        if progress.done.contains(name) { return .done }
        if progress.failing.contains(name) { return .failing }
        return FileManager.default.fileExists(atPath: file(for: name).path) ? .started : .notStarted
    }
}
