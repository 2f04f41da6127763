import Claims
import Foundation

/// The site's own stylesheet and script, `Resources/book.css` and `Resources/book.js`
/// in this target (KaTeX's files are copied from Debian's packages). Editing them
/// rebuilds this target's resources and relinks `book`, nothing else.
enum Assets {
    static let names = ["book.css", "book.js"]

    /// The resource files, read from the bundle SwiftPM puts beside the executable.
    static func files() throws -> [Weaver.File] {
        guard let folder = resourceFolder() else {
            throw Diagnostic(.siteWrite, at: SourceLocation(file: "Sources/Weaving/Resources"),
                "the site's stylesheet and script were not found beside the `book` executable (Descent_Weaving.resources); build with `swift build`")
        }
        return try names.map { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                throw Diagnostic(.siteWrite, at: SourceLocation(file: "Sources/Weaving/Resources/\(name)"),
                    "cannot read \(folder.appendingPathComponent(name).path)")
            }
            return Weaver.File(path: "assets/\(name)", contents: data)
        }
    }

    /// `Descent_Weaving.resources` next to the running executable (or test bundle).
    /// Looked up by hand rather than with `Bundle.module`, which traps when it is missing.
    static func resourceFolder() -> URL? {
        let bundleName = "Descent_Weaving.resources"
        var candidates = [Bundle.main.bundleURL.appendingPathComponent(bundleName)]
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundleName))
        for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent(bundleName)) }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("book.css").path) }
    }
}
