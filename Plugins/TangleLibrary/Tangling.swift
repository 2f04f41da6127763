import Foundation
import PackagePlugin

/// What the two Tangle plugins share: one `tangle` command per chapter, so that
/// editing one chapter re-tangles only that chapter. (Plugins cannot share a
/// module, so `Plugins/TangleExamples` links this file.)
enum Tangling {
    /// The mode word `tangle` takes; the typed form is `TangleCommand.Mode`.
    enum Mode: String { case library, examples }

    static func commands(_ mode: Mode, context: PluginContext) throws -> [Command] {
        let tool = try context.tool(named: "tangle").url
        let root = context.package.directoryURL
        let folder = root.appendingPathComponent("Chapters")
        let chapters = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "md" && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let out = context.pluginWorkDirectoryURL
        var commands: [Command] = chapters.map { chapter in
            let output = out.appendingPathComponent(chapter.deletingPathExtension().lastPathComponent + ".swift")
            return .buildCommand(
                displayName: "Tangling \(mode.rawValue) from Chapters/\(chapter.lastPathComponent)",
                executable: tool,
                arguments: [mode.rawValue, "--root", root.path, chapter.path, output.path],
                inputFiles: [chapter],
                outputFiles: [output])
        }
        if mode == .examples {
            let index = out.appendingPathComponent("TangledBook.swift")
            commands.append(.buildCommand(
                displayName: "Indexing the book's chapters",
                executable: tool,
                arguments: ["index", "--root", root.path, index.path] + chapters.map(\.path),
                inputFiles: chapters,
                outputFiles: [index]))
        }
        return commands
    }
}
