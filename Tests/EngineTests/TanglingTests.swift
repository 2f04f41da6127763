import BookModel
import Claims
import Exercises
import Foundation
import Tangling
import Testing

@Suite("Tangling a good chapter")
struct TanglingTests {
    let chapter: Chapter

    init() throws {
        let (c, ds) = ChapterLoader.load(file: "Chapters/01-good.md", url: fixtures.appendingPathComponent("good/Chapters/01-good.md"))
        #expect(ds.isEmpty, "\(ds)")
        chapter = try #require(c)
    }

    @Test("title, number and roles")
    func outline() {
        #expect(chapter.title == "A good chapter")
        #expect(chapter.number == 1)
        #expect(chapter.slug == "good")
        #expect(chapter.blocks.map(\.role) == [
            .library, .example("squares"), .example("squares"), .illustration,
            .exercise("cube"), .hint("cube"), .solution("cube"), .check("cube"),
        ])
    }

    @Test("claims are read with SwiftParser, at their chapter line and column")
    func claims() {
        let claims = chapter.blocks(.example("squares")).flatMap(\.claims)
        #expect(claims.map(\.expression) == ["square(3)", "s + 1", "\"// not a claim\"", "[s, s / 2]", "s"])
        #expect(claims.map(\.location.line) == [11, 17, 18, 19, 20])
        #expect(claims.map(\.location.column) == [9, 1, 1, 1, 1])
        #expect(claims.map(\.expectation) == [
            Expectation(.equal, .number("9")),
            Expectation(.approximately, .number("10.0")),
            Expectation(.equal, .string("// not a claim")),
            Expectation(.equal, .array([.number("9"), .number("4.5")])),
            Expectation(.atMost, .number("9")),
        ])
    }

    @Test("library code keeps its chapter lines")
    func library() {
        let (text, ds) = Tangler.library(chapter)
        #expect(ds.isEmpty)
        #expect(text.contains("#sourceLocation(file: \"Chapters/01-good.md\", line: 6)\n/// Squares a number.\npublic func square"))
    }

    @Test("claim lines are only appended to, so columns do not move")
    func appendOnly() {
        let (text, ds) = Tangler.examples(chapter)
        #expect(ds.isEmpty)
        #expect(text.contains("let s = square(3) ⟼ __claims[0] // → 9"))
        #expect(text.contains("\"// not a claim\" ⟼ __claims[2]     // → \"// not a claim\""))
        #expect(text.contains("kind: .solution"))
        #expect(text.contains("kind: .starter"))
    }

    @Test("tangled code compiles, and a type error is reported at the chapter's line")
    func compiles() throws {
        let compiler = try #require(TestCompiler.find(), "swiftc or the built modules were not found")
        let (library, _) = Tangler.library(chapter)
        let (examples, _) = Tangler.examples(chapter)
        let good = try compiler.typecheck([library, examples.replacingOccurrences(of: "import Descent\n", with: "")])
        #expect(good.status == 0, "\(good.output)")

        let (typed, _) = ChapterLoader.load(file: "Chapters/10-type-error.md", url: fixtures.appendingPathComponent("chapters/10-type-error.md"))
        let (code, _) = Tangler.examples(try #require(typed))
        let bad = try compiler.typecheck([code.replacingOccurrences(of: "import Descent\n", with: "")])
        #expect(bad.status != 0)
        #expect(bad.output.contains("Chapters/10-type-error.md:5:"), "\(bad.output)")
        #expect(bad.output.contains("error: cannot convert value of type 'Int' to specified type 'String'"), "\(bad.output)")
    }
}

/// Runs `swiftc -typecheck` against the modules this test run was built with.
struct TestCompiler {
    var toolchain: SwiftToolchain

    static func find() -> TestCompiler? {
        SwiftToolchain.near(URL(fileURLWithPath: CommandLine.arguments[0])).map(TestCompiler.init)
    }

    func typecheck(_ sources: [String]) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (i, s) in sources.enumerated() {
            let f = dir.appendingPathComponent("s\(i).swift")
            try s.write(to: f, atomically: true, encoding: .utf8)
            files.append(f.path)
        }
        let modules = toolchain.buildDirectory.appendingPathComponent("Modules").path
        let maps = toolchain.moduleMaps.flatMap { ["-Xcc", "-fmodule-map-file=\($0.path)"] }
        let outcome = try SwiftToolchain.run(["/usr/bin/env", "swiftc", "-typecheck", "-I", modules] + maps + files,
                                             in: dir, timeLimit: 120)
        return (outcome.status, outcome.output)
    }
}

@Suite("Claims on if and switch values")
struct BranchingClaimTests {
    @Test("`let y = if … // → 1` is claimed through its name, and the tangled code compiles")
    func ifAndSwitch() throws {
        let text = """
        # Branches

        ```swift example branches
        let c = true
        let y = if c { 1 } else { 2 } // → 1
        var z = 0
        z = switch y { case 1: 10 default: 20 } // → 10
        ```

        """
        let (chapter, ds) = ChapterLoader.load(file: "Chapters/01-branches.md", data: Data(text.utf8))
        #expect(ds.isEmpty, "\(ds)")
        let c = try #require(chapter)
        #expect(c.blocks.flatMap(\.claims).map(\.recordsName) == ["y", "z"])
        let (code, problems) = Tangler.examples(c)
        #expect(problems.isEmpty, "\(problems)")
        #expect(code.contains("let y = if c { 1 } else { 2 }; _ = y ⟼ __claims[0] // → 1"))
        #expect(code.contains("z = switch y { case 1: 10 default: 20 }; _ = z ⟼ __claims[1] // → 10"))
        let compiler = try #require(TestCompiler.find())
        let checked = try compiler.typecheck([code.replacingOccurrences(of: "import Descent\n", with: "")])
        #expect(checked.status == 0, "\(checked.output)")
    }
}

@Suite("Compiler errors at the chapter's column")
struct ColumnTests {
    @Test("in a list item and in a block quote, the compiler's column is the chapter's", arguments: [
        ("1. Step:\n\n   ```swift example nested\n   let s: String = 5\n   ```\n", 6, 20),
        ("> ```swift example quoted\n> let s: String = 5\n> ```\n", 4, 19),
    ])
    func nestedColumns(_ body: String, _ line: Int, _ column: Int) throws {
        let text = "# Nested\n\n" + body
        let (chapter, ds) = ChapterLoader.load(file: "Chapters/01-nested.md", data: Data(text.utf8))
        #expect(ds.isEmpty, "\(ds)")
        let (code, _) = Tangler.examples(try #require(chapter))
        let compiler = try #require(TestCompiler.find())
        let bad = try compiler.typecheck([code.replacingOccurrences(of: "import Descent\n", with: "")])
        #expect(bad.status != 0)
        #expect(bad.output.contains("Chapters/01-nested.md:\(line):\(column): error: cannot convert value of type 'Int' to specified type 'String'"),
                "\(bad.output)")
    }
}
