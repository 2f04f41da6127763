import ArgumentParser
import Claims
import DescentExamples
import Foundation
import Literate

@main
struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "The executable textbook: check its claims.",
        subcommands: [Check.self],
        defaultSubcommand: Check.self)
}

/// `book check`: validates every chapter and runs every example, printing each
/// failing claim as `Chapters/x.md:L:C: error: …`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every chapter and every claim.")

    @Option(help: "The package root (the folder holding Chapters/).")
    var root: String = FileManager.default.currentDirectoryPath

    func run() throws {
        let (_, diagnostics) = Literate.Book.load(root: URL(fileURLWithPath: root))
        var failures = diagnostics.filter { $0.severity == .error }.map(\.description)
        var claims = 0, examples = 0
        for example in Registry.examples where example.kind != .starter {
            let report = example.run()
            examples += 1
            claims += report.outcomes.count
            if let error = report.error { failures.append("\(example.file):\(example.line):1: error: \(error)") }
            failures += report.failures.map(\.diagnostic)
        }
        for line in failures { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        if failures.isEmpty {
            print("\(claims) claims in \(examples) worked examples, all verified")
        } else {
            print("\(failures.count) of \(claims) claims in \(examples) worked examples failed")
            throw ExitCode(1)
        }
    }
}
