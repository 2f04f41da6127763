import Foundation
import PackagePlugin

/// Tangles the chapters in `Chapters/` (at the package root) into the target it is
/// applied to: library code for a target such as `Descent`, worked examples for a
/// target whose name ends in `Examples`. One command per chapter, so that editing
/// one chapter re-tangles only that chapter; for examples, one more command writes
/// the index of all chapters.
@main
struct Tangle: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "tangle").url
        let root = context.package.directoryURL
        let folder = root.appendingPathComponent("Chapters")
        let chapters = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let mode = target.name.hasSuffix("Examples") ? "examples" : "library"
        let out = context.pluginWorkDirectoryURL
        var commands: [Command] = chapters.map { chapter in
            let output = out.appendingPathComponent(chapter.deletingPathExtension().lastPathComponent + ".swift")
            return .buildCommand(
                displayName: "Tangling \(mode) from Chapters/\(chapter.lastPathComponent)",
                executable: tool,
                arguments: [mode, "--root", root.path, chapter.path, output.path],
                inputFiles: [chapter],
                outputFiles: [output])
        }
        if mode == "examples" {
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
