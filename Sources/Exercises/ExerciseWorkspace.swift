import Claims
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The student's workspace: `Exercises/` with a file per exercise and one readable
/// progress file that can be copied to another machine. Nothing here is ever
/// overwritten without a backup.
public struct ExerciseWorkspace: Sendable {
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
        let progress: Progress
        do {
            progress = try JSONDecoder().decode(Progress.self, from: data)
        } catch {
            throw Diagnostic(.progressUnreadable, at: SourceLocation(file: "Exercises/progress.json"),
                "cannot read the progress file (\(error)); fix it or move it away — it is never overwritten while unreadable")
        }
        // A hand-edited or copied file: every count must be one a student could have reached.
        for (name, n) in progress.hintsShown.sorted(by: { $0.key < $1.key }) where !(0...1000).contains(n) {
            throw Diagnostic(.progressUnreadable, at: SourceLocation(file: "Exercises/progress.json"),
                "`hintsShown` of `\(name)` is \(n); it counts the hints shown, from 0. Fix it (0 starts the hints again); the file is never overwritten while it is wrong")
        }
        return progress
    }

    /// Reads the progress, lets `change` change it, and saves it, holding an exclusive
    /// lock (`flock` on `Exercises/.progress.lock`, as cargo locks its files) so that
    /// two `exercise` commands at once never lose each other's update.
    @discardableResult
    public func update<T>(_ change: (inout Progress) throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lockPath = folder.appendingPathComponent(".progress.lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw Diagnostic(.progressUnreadable, at: SourceLocation(file: "Exercises/.progress.lock"), "cannot open the lock file")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        var progress = try loadProgress()
        let result = try change(&progress)
        try save(progress)
        return result
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
