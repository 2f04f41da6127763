import Claims
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SwiftParser
import SwiftSyntax

/// Reads chapter files into `Chapter`s, reporting every problem as a diagnostic
/// at the chapter's file, line and column.
public enum ChapterLoader {
    /// The role words a ```` ```swift ```` info string may carry.
    static let roleWords = ["example", "exercise", "solution", "decoy", "check", "figure", "illustration"]

    /// Loads one chapter. `file` is the path shown in diagnostics (relative to the
    /// package root); `url` is where to read it.
    public static func load(file: String, url: URL) -> (Chapter?, [Diagnostic]) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        do {
            return load(file: file, data: try Data(contentsOf: url))
        } catch {
            let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? error.localizedDescription
            let errno = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            let why = errno.map { String(cString: strerror(Int32($0))) } ?? reason
            return (nil, [Diagnostic(.chapterUnreadable, at: start, "cannot read the chapter file: \(why)")])
        }
    }

    /// Loads a chapter from its bytes.
    public static func load(file: String, data: Data) -> (Chapter?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let start = SourceLocation(file: file, line: 1, column: 1)
        let bytes = [UInt8](data)
        if let bad = firstInvalidUTF8(in: bytes) {
            return (nil, [Diagnostic(.chapterNotUTF8, at: bad.location(in: file),
                "the chapter is not valid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)) at offset \(bad.offset)); save it as UTF-8")])
        }
        if let nul = bytes.firstIndex(of: 0) {
            let line = bytes[..<nul].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            let lineStart = bytes[..<nul].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            return (nil, [Diagnostic(.chapterNotUTF8, at: SourceLocation(file: file, line: line, column: nul - lineStart + 1),
                "the chapter holds a NUL byte (offset \(nul)); a chapter is text: remove it")])
        }
        let source = String(decoding: bytes, as: UTF8.self)

        let name = (file as NSString).lastPathComponent
        let (numberText, slug) = splitNumber(name)
        if numberText == nil {
            diagnostics.append(Diagnostic(.chaptersNoNumber, at: start,
                "chapter file name `\(name)` has no number prefix; name it like `02-chain-rule.md` (the number is its place in the book)"))
        } else if let n = numberText, n.count > 4 || Int(n) == nil {
            diagnostics.append(Diagnostic(.chapterBadName, at: start,
                "the chapter number `\(n)` is too large; a chapter's number has at most four digits (`02-chain-rule.md`)"))
        } else if !isSafeName(name) {
            diagnostics.append(Diagnostic(.chapterBadName, at: start,
                "chapter file name `\(name)` is not of the form `NN-slug.md` with a slug of letters, digits and hyphens; rename it (the name becomes the page's address)"))
        }

        // The chapter is parsed once: formulas protected, then cmark, then SwiftParser per block.
        var rawSpans: [RawSpan] = []
        let (labelled, labels, references) = CrossReferences.scan(source, file: file)
        let (protected, formulas) = Math.protect(labelled, spans: &rawSpans)
        let spanSources = rawSpans.map(\.source)
        let (tree, code) = Markdown.parse(protected)
        let title = Math.restoreSource(firstHeading(tree)?.plainText ?? "", formulas, spans: spanSources).trimmingCharacters(in: .whitespaces)
        if title.isEmpty {
            diagnostics.append(Diagnostic(.chapterNoTitle, at: start,
                "the chapter has no title; begin it with a `# Title` heading"))
        }

        let rawLines = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var blocks: [Block] = []
        for cb in code {
            let fence = SourceLocation(file: file, line: cb.line, column: cb.column)
            let fenceLine = cb.line >= 1 && cb.line <= rawLines.count ? String(rawLines[cb.line - 1]) : ""
            let (role, problems) = classify(info: cb.info, at: fence, line: fenceLine)
            diagnostics.append(contentsOf: problems)
            let fenced = !cb.info.isEmpty || isFenceLine(rawLines, cb.line)
            let firstLine = fenced ? cb.line + 1 : cb.line
            if fenced && (cb.endLine <= cb.line || !isFenceLine(rawLines, cb.endLine)) {
                diagnostics.append(Diagnostic(.warning, .blockUnclosed, at: fence,
                    "this fence is never closed, so the rest of the chapter is its code; close it with a line of three backticks"))
            }
            // A fence the formula scanner missed (it reads fences without cmark's
            // container rules) may hold placeholders: put the source back.
            let literal = Math.restoreSource(cb.literal, formulas, spans: spanSources)
            var contentLines = literal.split(separator: "\n", omittingEmptySubsequences: false)
            if contentLines.last == "" { contentLines.removeLast() }
            let offsets = contentLines.enumerated().map { i, text -> Int in
                let l = firstLine + i
                guard l - 1 < rawLines.count else { return 0 }
                let raw = rawLines[l - 1]
                return raw.hasSuffix(text) ? raw.utf8.count - text.utf8.count : 0
            }
            var block = Block(role: role, language: String(cb.info.split(separator: " ").first ?? ""),
                              info: cb.info, code: literal, fence: fence,
                              firstLine: firstLine, columnOffsets: offsets, endLine: cb.endLine)
            if role.isTangled { diagnostics.append(contentsOf: indentationProblems(in: block)) }
            if role.isTangled || block.language == "swift" {
                if let excess = NestingLimit.check(block.code) {
                    diagnostics.append(Diagnostic(.blockTooDeep, at: block.location(line: excess.line, column: excess.column), excess.message))
                } else {
                    let syntax = NestingLimit.parse(block.code)
                    block.syntax = syntax
                    if role.isTangled {
                        (block.claims, block.claimProblems) = ClaimReader.claims(in: block, tree: syntax)
                        diagnostics.append(contentsOf: structureProblems(in: block, tree: syntax))
                    }
                }
            }
            if case .hint = role { block.hint = document(of: block.code) }
            blocks.append(block)
        }
        let document = MarkdownDocument(blocks: tree, formulas: formulas,
                                        code: code.map { MarkdownCode(info: $0.info, literal: $0.literal) })

        var spans: [InlineSpan] = []
        for (i, raw) in rawSpans.enumerated() {
            let (span, problems) = InlineSpans.read(raw, index: i, file: file)
            spans.append(span)
            diagnostics.append(contentsOf: problems)
        }
        diagnostics.append(contentsOf: InlineSpans.resolve(&spans, blocks: blocks))

        diagnostics.append(contentsOf: shortFences(rawLines, outside: blocks, file: file))
        diagnostics.append(contentsOf: exerciseProblems(blocks))
        let chapter = Chapter(file: file, number: numberText.flatMap { Int($0) } ?? 0,
                              numberText: numberText ?? "", slug: slug, title: title,
                              source: source, blocks: blocks, document: document, spans: spans)
        var labelledChapter = chapter
        labelledChapter.labels = labels
        labelledChapter.references = references
        return (labelledChapter, diagnostics)
    }

    /// Markdown parsed on its own (a hint's), formulas protected.
    public static func document(of markdown: String) -> MarkdownDocument {
        let (protected, formulas) = Math.protect(markdown)
        let (tree, code) = Markdown.parse(protected)
        return MarkdownDocument(blocks: tree, formulas: formulas,
                                code: code.map { MarkdownCode(info: $0.info, literal: $0.literal) })
    }

    /// What would be reported in generated files or by the linker, naming no chapter:
    /// an author's own `#sourceLocation`, `@main`, a `{` or `#if` left open in the block,
    /// a `}` or `#endif` with nothing to close. Each block must stand on its own.
    static func structureProblems(in block: Block, tree: SourceFileSyntax) -> [Diagnostic] {
        let converter = SourceLocationConverter(fileName: block.fence.file, tree: tree)
        func at(_ position: AbsolutePosition) -> SourceLocation {
            let l = converter.location(for: position)
            return block.location(line: l.line, column: l.column)
        }
        for token in tree.tokens(viewMode: .all) {
            let kind = token.tokenKind
            if token.presence == .present, kind == .poundSourceLocation {
                return [Diagnostic(.blockStructure, at: at(token.positionAfterSkippingLeadingTrivia),
                    "a block holds no `#sourceLocation`: the tangler places every block at its own chapter lines")]
            }
            if token.presence == .present, case .identifier("main") = kind,
               token.previousToken(viewMode: .sourceAccurate)?.tokenKind == .atSign {
                return [Diagnostic(.blockStructure, at: at(token.positionAfterSkippingLeadingTrivia),
                    "a block cannot hold `@main`: examples run inside a function the tangler writes, and library code is a library")]
            }
            if token.presence == .missing, kind == .rightBrace || kind == .poundEndif {
                let what = kind == .rightBrace ? "`{`" : "`#if`"
                let last = max(1, block.code.split(separator: "\n", omittingEmptySubsequences: false).count - (block.code.hasSuffix("\n") ? 1 : 0))
                return [Diagnostic(.blockStructure, at: block.location(line: last, column: 1),
                    "a \(what) opened in this block is not closed in it; each block must stand on its own")]
            }
        }
        // A `}` or `#endif` with nothing open: the parser keeps it as unexpected text.
        for node in tree.statements {
            for token in node.tokens(viewMode: .sourceAccurate) where token.tokenKind == .rightBrace || token.tokenKind == .poundEndif {
                if token.parent?.is(UnexpectedNodesSyntax.self) == true {
                    return [Diagnostic(.blockStructure, at: at(token.positionAfterSkippingLeadingTrivia),
                        "this `\(token.text)` closes nothing opened in this block; each block must stand on its own")]
                }
            }
        }
        for child in tree.children(viewMode: .sourceAccurate) {
            guard let unexpected = child.as(UnexpectedNodesSyntax.self) else { continue }
            for token in unexpected.tokens(viewMode: .sourceAccurate) where token.tokenKind == .rightBrace || token.tokenKind == .poundEndif {
                return [Diagnostic(.blockStructure, at: at(token.positionAfterSkippingLeadingTrivia),
                    "this `\(token.text)` closes nothing opened in this block; each block must stand on its own")]
            }
        }
        return []
    }

    /// A line that opens with two backticks and a block's info string (```` ``swift example x ````)
    /// is an inline code span to CommonMark, not a code block: its claims would never run.
    static func shortFences(_ lines: [Substring], outside blocks: [Block], file: String) -> [Diagnostic] {
        var inside = Set<Int>()
        for b in blocks { for l in b.fence.line...max(b.fence.line, b.endLine) { inside.insert(l) } }
        var out: [Diagnostic] = []
        for (i, raw) in lines.enumerated() where !inside.contains(i + 1) {
            let indent = raw.prefix { $0 == " " || $0 == ">" || $0 == "\t" }
            let rest = raw.dropFirst(indent.count)
            guard rest.hasPrefix("``"), !rest.hasPrefix("```") else { continue }
            let word = rest.dropFirst(2).prefix { !$0.isWhitespace }
            guard word == "swift" || word == "hint" else { continue }
            out.append(Diagnostic(.warning, .blockUnclosed, at: SourceLocation(file: file, line: i + 1, column: indent.utf8.count + 1),
                "a fence has three backticks; with two this is inline code, and nothing in it is compiled or checked"))
        }
        return out
    }

    /// The first level-1 heading, however deep it sits.
    static func firstHeading(_ blocks: [MarkdownBlock]) -> MarkdownBlock? {
        for b in blocks {
            if case .heading(1) = b.kind { return b }
            if let h = firstHeading(b.children) { return h }
        }
        return nil
    }

    /// `NN-slug.md`: digits, a hyphen, then ASCII letters, digits and hyphens. The name
    /// becomes a page's address and goes into links, so nothing else is let through.
    static func isSafeName(_ name: String) -> Bool {
        guard name.hasSuffix(".md") else { return false }
        let stem = name.dropLast(3).unicodeScalars
        guard let dash = stem.firstIndex(of: "-") else { return false }
        let digits = stem[..<dash], slug = stem[stem.index(after: dash)...]
        return !digits.isEmpty && digits.allSatisfy { ("0"..."9").contains($0) }
            && !slug.isEmpty && slug.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }

    /// `02-chain-rule.md` → ("02", "chain-rule"); a name with no number prefix → (nil, stem).
    static func splitNumber(_ name: String) -> (String?, String) {
        let stem = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return (nil, stem) }
        var rest = stem.dropFirst(digits.count)
        guard rest.isEmpty || rest.first == "-" || rest.first == "_" else { return (nil, stem) }
        rest = rest.drop { $0 == "-" || $0 == "_" }
        return (String(digits), String(rest))
    }

    static func isFenceLine(_ lines: [Substring], _ line: Int) -> Bool {
        guard line >= 1, line <= lines.count else { return false }
        return Math.fenceMarker(lines[line - 1]) != nil
    }

    /// What an info string makes a block. `swift` alone is library code; `swift ROLE NAME`
    /// is one of the roles; other languages are illustrations, not errors.
    static func classify(info: String, at fence: SourceLocation, line: String = "") -> (Block.Role, [Diagnostic]) {
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let language = words.first else { return (.illustration, []) }
        let columns = wordColumns(line, from: fence.column)
        let wordColumn: (Int) -> SourceLocation = { index in
            var loc = fence
            if index < columns.count { loc.column = columns[index] }
            return loc
        }
        if language == "hint" {
            guard words.count >= 2 else {
                return (.illustration, [Diagnostic(.blockNoName, at: fence,
                    "a hint block needs the exercise's name: ```` ```hint NAME ````")])
            }
            return (.hint(words[1]), extraWords(words, from: 2, wordColumn))
        }
        guard language == "swift" else {
            // `Swift example x`, `swfit check x`: meant as Swift, would silently not be compiled.
            let close = language.lowercased() == "swift" || Suggestion.distance(language.lowercased(), "swift") <= 2
            let exact = language.lowercased() == "swift"
            if close && ((words.count >= 2 && roleWords.contains(words[1])) || (exact && words.count <= 2)) {
                return (.illustration, [Diagnostic(.blockUnknownLanguage, at: wordColumn(0),
                    "`\(language)` is not `swift`, so this block would be shown but never compiled or checked; write ```` ```swift \(words.dropFirst().joined(separator: " ")) ````")])
            }
            return (.illustration, [])
        }
        guard words.count >= 2 else { return (.library, []) }
        let roleWord = words[1]
        guard roleWords.contains(roleWord) else {
            let near = Suggestion.nearest(to: roleWord, in: roleWords)
            let hint = near.isEmpty ? "" : "; did you mean `\(near[0])`?"
            return (.illustration, [Diagnostic(.blockUnknownRole, at: wordColumn(1),
                "unknown role `\(roleWord)` in ```` ```\(info) ````\(hint)",
                notes: [.init(nil, "a Swift block is `swift` (library code) or `swift ROLE NAME` with ROLE one of \(roleWords.joined(separator: ", "))")])])
        }
        if roleWord == "illustration" { return (.illustration, extraWords(words, from: 2, wordColumn)) }
        guard words.count >= 3 else {
            return (.illustration, [Diagnostic(.blockNoName, at: fence,
                "a `swift \(roleWord)` block needs a name: ```` ```swift \(roleWord) NAME ````")])
        }
        let name = words[2]
        var problems = extraWords(words, from: 3, wordColumn)
        if !isValidName(name) {
            problems.append(Diagnostic(.blockBadName, at: wordColumn(2),
                "`\(name)` is not a valid name; use letters, digits, `-` and `_`, starting with a letter"))
        }
        let role: Block.Role
        switch roleWord {
        case "example": role = .example(name)
        case "exercise": role = .exercise(name)
        case "solution": role = .solution(name)
        case "decoy": role = .decoy(name)
        case "check": role = .check(name)
        default: role = .figure(name)
        }
        return (role, problems)
    }

    /// The 1-based UTF-8 columns of the info string's words in the fence's line: after
    /// the fence's run of backticks or tildes (three or more) and any spaces, word by
    /// word (a word written twice has two columns).
    static func wordColumns(_ line: String, from fenceColumn: Int) -> [Int] {
        let bytes = Array(line.utf8)
        var i = max(0, fenceColumn - 1)
        while i < bytes.count && (bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t")) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "`") || bytes[i] == UInt8(ascii: "~") else { return [] }
        let fenceChar = bytes[i]
        while i < bytes.count && bytes[i] == fenceChar { i += 1 }
        var columns: [Int] = []
        while i < bytes.count {
            while i < bytes.count && (bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t")) { i += 1 }
            guard i < bytes.count else { break }
            columns.append(i + 1)
            while i < bytes.count && bytes[i] != UInt8(ascii: " ") && bytes[i] != UInt8(ascii: "\t") { i += 1 }
        }
        return columns
    }

    static func extraWords(_ words: [String], from index: Int, _ at: (Int) -> SourceLocation) -> [Diagnostic] {
        guard words.count > index else { return [] }
        return [Diagnostic(.blockExtraWords, at: at(index),
            "unexpected `\(words[index...].joined(separator: " "))` after the block's name")]
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    /// Swift does not care about indentation, except in multi-line string literals,
    /// whose indentation is stripped by comparing characters: a tab never matches a
    /// space there. And cmark expands a tab to the next multiple of 4 columns when it
    /// removes a list item's indentation, so what is compiled then differs from what
    /// was written. The rule we chose: within one Swift block, indent with spaces or
    /// with tabs, never both.
    static func indentationProblems(in block: Block) -> [Diagnostic] {
        var sawSpace: Int?, sawTab: Int?
        let lines = block.code.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            guard indent.count < line.count else { continue } // blank lines don't count
            if indent.contains(" ") && sawSpace == nil { sawSpace = i + 1 }
            if indent.contains("\t") && sawTab == nil { sawTab = i + 1 }
            if let s = sawSpace, let t = sawTab {
                let culprit = max(s, t)
                let column = (lines[culprit - 1].firstIndex(of: culprit == t ? "\t" : " ")).map {
                    lines[culprit - 1].utf8.distance(from: lines[culprit - 1].startIndex, to: $0) + 1 } ?? 1
                return [Diagnostic(.blockMixedIndentation, at: block.location(line: culprit, column: column),
                    "this Swift block indents with both tabs and spaces; use one (a tab is 1 to 4 columns depending on where it falls, which changes multi-line string literals and what cmark passes on)",
                    notes: [.init(block.location(line: min(s, t), column: 1), "the other kind of indentation is first used here")])]
            }
        }
        return []
    }

    /// Every exercise needs a solution and checks; solutions, checks and hints need their exercise.
    static func exerciseProblems(_ blocks: [Block]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var exercises: [String: Block] = [:], solutions: Set<String> = [], checks: Set<String> = [], hints: Set<String> = []
        for b in blocks {
            switch b.role {
            case .exercise(let n): if exercises[n] == nil { exercises[n] = b }
            case .solution(let n): solutions.insert(n)
            case .check(let n): checks.insert(n)
            case .hint(let n): hints.insert(n)
            default: break
            }
        }
        for (name, block) in exercises.sorted(by: { $0.value.fence < $1.value.fence }) {
            if !solutions.contains(name) {
                problems.append(Diagnostic(.exerciseNoSolution, at: block.fence,
                    "exercise `\(name)` has no reference solution; add a ```` ```swift solution \(name) ```` block"))
            }
            if !checks.contains(name) {
                problems.append(Diagnostic(.exerciseNoCheck, at: block.fence,
                    "exercise `\(name)` has no checks; add a ```` ```swift check \(name) ```` block with claims"))
            }
            if !hints.contains(name) {
                problems.append(Diagnostic(.exerciseNoHint, at: block.fence,
                    "exercise `\(name)` has no hint; add a ```` ```hint \(name) ```` block (vague first, specific last)"))
            }
        }
        for b in blocks {
            guard let name = b.role.name, exercises[name] == nil else { continue }
            switch b.role {
            case .solution, .decoy, .check, .hint:
                let near = Suggestion.nearest(to: name, in: Array(exercises.keys))
                problems.append(Diagnostic(.exerciseUnknown, at: b.fence,
                    "`\(b.role.word) \(name)` belongs to no exercise in this chapter" + (near.first.map { "; did you mean `\($0)`?" } ?? "")))
            default: break
            }
        }
        return problems
    }

    struct InvalidByte {
        var offset: Int
        var line: Int
        var column: Int
        func location(in file: String) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
    }

    /// The first byte that breaks UTF-8, with its line and column.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> InvalidByte? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, lineStart = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count == 1 && scalar.first == 0x0A { line += 1; lineStart = offset + 1 }
                offset += scalar.count
            case .emptyInput:
                return nil
            case .error:
                return InvalidByte(offset: offset, line: line, column: offset - lineStart + 1)
            }
        }
    }
}
