import Foundation
import Verifying

/// Compiles and runs small Swift programs against the textbook library as it was
/// built: the modules in the build folder's `Modules/`, and the object files of the
/// library, its claims runtime and swift-numerics. Used by `book exercise check` (and
/// by the engine's tests), so that a check compiles two small files, not the library.
public struct SwiftToolchain: Sendable {
    /// The build folder (`.build/x86_64-unknown-linux-gnu/debug`).
    public var buildDirectory: URL
    public var moduleMaps: [URL]

    /// The build folder holding `executable` (the running `book` or test bundle).
    public static func near(_ executable: URL) -> SwiftToolchain? {
        var dir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        let fm = FileManager.default
        while dir.path != "/" && !fm.fileExists(atPath: dir.appendingPathComponent("Modules/Descent.swiftmodule").path) {
            dir = dir.deletingLastPathComponent()
        }
        guard dir.path != "/" else { return nil }
        let checkouts = dir.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("checkouts")
        let map = checkouts.appendingPathComponent("swift-numerics/Sources/_NumericsShims/include/module.modulemap")
        return SwiftToolchain(buildDirectory: dir, moduleMaps: fm.fileExists(atPath: map.path) ? [map] : [])
    }

    /// The object files to link: Descent's (only those of current chapters, so a
    /// removed chapter's stale object is left out), Claims' and RealModule's.
    func objects(chapters: [String], library: Bool = true) -> [String] {
        let fm = FileManager.default
        func list(_ target: String, keep: (String) -> Bool = { _ in true }) -> [String] {
            let dir = buildDirectory.appendingPathComponent("\(target).build")
            return ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { $0.hasSuffix(".swift.o") && keep(String($0.dropLast(".swift.o".count))) }
                .sorted().map { dir.appendingPathComponent($0).path }
        }
        let stems = Set(chapters.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } + ["Descent"])
        return (library ? list("Descent", keep: stems.contains) : []) + list("Claims") + list("RealModule")
    }

    public struct Outcome: Sendable {
        public var status: Int32
        public var output: String
        public var timedOut: Bool
        /// The signal that ended the process, if one did (a trap is SIGILL or SIGTRAP).
        public var signal: Int32?
    }

    /// Compiles `sources` (paths) into `executable`, from `directory` so that relative
    /// paths appear as given in diagnostics.
    ///
    /// `flags` are the compiler's options (unoptimized by default: a student's check compiles
    /// fast); `library: false` links no Descent objects, for a program that compiles its
    /// own copy of the library (the mutant schema).
    public func compile(_ sources: [String], chapters: [String], into executable: URL, in directory: URL,
                        flags: [String] = ["-Onone"], library: Bool = true, timeLimit: TimeInterval = 300) throws -> Outcome {
        var args = ["swiftc"] + flags + ["-suppress-warnings", "-I", buildDirectory.appendingPathComponent("Modules").path]
        args += moduleMaps.flatMap { ["-Xcc", "-fmodule-map-file=\($0.path)"] }
        args += sources + objects(chapters: chapters, library: library) + ["-lm", "-o", executable.path]
        return try SwiftToolchain.run(["/usr/bin/env"] + args, in: directory, timeLimit: timeLimit)
    }

    /// Runs a program with a time limit; a program past it is killed.
    public static func run(_ command: [String], in directory: URL, timeLimit: TimeInterval,
                           environment: [String: String] = [:]) throws -> Outcome {
        // The one process runner of the tools (its own process group, ended whole at the limit).
        let child = try ChildProcess(command, in: directory, environment: environment)
        let (ending, timedOut, _) = child.wait(timeLimit: timeLimit, outputCap: .max)
        let output = child.output(last: .max)
        switch ending {
        case .exited(let status): return Outcome(status: status, output: output, timedOut: timedOut, signal: nil)
        case .signaled(let signal): return Outcome(status: signal, output: output, timedOut: timedOut, signal: signal)
        }
    }
}
