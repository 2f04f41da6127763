import Foundation

/// A `$…$` or `$$…$$` formula in prose, as the author wrote it.
public struct Formula: Sendable, Hashable {
    public var display: Bool
    /// The TeX between the dollar signs (trimmed, for display math).
    public var tex: String
    /// The formula exactly as written, dollar signs included.
    public var source: String
    /// How many line breaks the formula spans.
    public var lineBreaks: Int
    /// A display formula's label, `$$ … $$ {#eq:label}` (`CrossReferences`).
    public var label: String? = nil
}

/// `$…$` and `$$…$$` in prose, kept away from cmark (which would read `*` and `_`
/// in TeX as emphasis and eat backslashes): each formula is replaced by a placeholder
/// word before the chapter is parsed, and the weaver puts it back for KaTeX. A
/// formula that spans lines leaves as many lines behind (`KATEXC` continuation
/// words), so every line after it keeps its number. Dollar signs inside code
/// blocks and code spans are never touched.
public enum Math {
    public static let prefix = "KATEXMATH"
    public static let continuation = "KATEXC"

    public static func placeholder(_ i: Int) -> String { "\(prefix)\(i)Q" }

    /// Replaces each formula outside code with a placeholder word cmark leaves alone.
    public static func protect(_ text: String) -> (String, [Formula]) {
        var spans: [RawSpan] = []
        return protect(text, spans: &spans)
    }

    /// Replaces each `⟦…⟧` span outside code with a placeholder word (`InlineSpans`),
    /// then each formula; a span inside a formula stays inside it as its placeholder.
    public static func protect(_ text: String, spans: inout [RawSpan]) -> (String, [Formula]) {
        var formulas: [Formula] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var segment: [Substring] = []
        var segmentLine = 1
        func flush() {
            guard !segment.isEmpty else { return }
            let first = formulas.count, firstSpan = spans.count
            let withoutSpans = InlineSpans.extract(segment.joined(separator: "\n"), firstLine: segmentLine, into: &spans)
            out.append(scan(withoutSpans, &formulas))
            for f in formulas[first...] where f.tex.contains(InlineSpans.prefix) {
                for i in spans.indices.dropFirst(firstSpan) where f.tex.contains(InlineSpans.placeholder(i)) {
                    spans[i].inMath = true
                }
            }
            segment = []
        }
        for (n, (line, prose)) in zip(lines, proseMask(lines)).enumerated() {
            if prose {
                if segment.isEmpty { segmentLine = n + 1 }
                segment.append(line)
            } else {
                flush()
                out.append(String(line))
            }
        }
        flush()
        return (out.joined(separator: "\n"), formulas)
    }

    /// For each line, whether it is prose: not a fence, not inside a fenced code block.
    public static func proseMask(_ lines: [Substring]) -> [Bool] {
        var fence: (char: Character, count: Int)?
        return lines.map { line in
            let marker = fenceMarker(line)
            if let open = fence {
                if let m = marker, m.char == open.char, m.count >= open.count, m.rest.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                    fence = nil
                }
                return false
            }
            if let m = marker, m.char == "~" || !m.rest.contains("`") {
                fence = (m.char, m.count)
                return false
            }
            return true
        }
    }

    /// A line opening or closing a fenced code block: after any container prefix
    /// (spaces, `>`, a list marker), three or more backticks or tildes.
    static func fenceMarker(_ line: Substring) -> (char: Character, count: Int, rest: Substring)? {
        var rest = line
        while true {
            let before = rest.count
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ">" }
            if let first = rest.first, "-*+".contains(first), rest.dropFirst().first == " " {
                rest = rest.dropFirst(2)
            } else {
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                let after = rest.dropFirst(digits.count)
                if !digits.isEmpty, digits.count <= 9, let d = after.first, d == "." || d == ")", after.dropFirst().first == " " {
                    rest = after.dropFirst(2)
                }
            }
            if rest.count == before { break }
        }
        guard let c = rest.first, c == "`" || c == "~" else { return nil }
        let n = rest.prefix { $0 == c }.count
        return n >= 3 ? (c, n, rest.dropFirst(n)) : nil
    }

    /// Where the code span opened by the backtick run at `i` ends (past its closing run of
    /// the same length), or, when it is never closed, past the opening run: CommonMark's rule,
    /// shared by everything that must leave code spans alone.
    static func codeSpanEnd(_ c: [Character], at i: Int) -> Int {
        func run(_ at: Int) -> Int {
            var j = at
            while j < c.count && c[j] == "`" { j += 1 }
            return j - at
        }
        let n = run(i)
        var j = i + n
        while j < c.count {
            if c[j] == "`" {
                let m = run(j)
                if m == n { return j + n }
                j += m
            } else { j += 1 }
        }
        return i + n
    }

    static func scan(_ s: String, _ formulas: inout [Formula]) -> String {
        let c = Array(s)
        var out = ""
        var i = 0
        func emit(_ display: Bool, _ tex: String, _ from: Int, _ to: Int) {
            let source = String(c[from..<to])
            var tex = tex
            // In a `>` blockquote, the lines a formula continues on start with the quote's
            // markers: they belong to the Markdown, not to the TeX.
            var lineStart = from
            while lineStart > 0 && c[lineStart - 1] != "\n" { lineStart -= 1 }
            if tex.contains("\n"), c[lineStart..<from].drop(while: { $0 == " " || $0 == "\t" }).first == ">" {
                tex = tex.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { k, line in
                    guard k > 0 else { return String(line) }
                    var rest = line.drop { $0 == " " || $0 == "\t" }
                    while rest.first == ">" { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
                    return String(rest)
                }.joined(separator: "\n")
            }
            let breaks = source.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            formulas.append(Formula(display: display, tex: tex, source: source, lineBreaks: breaks))
            out += placeholder(formulas.count - 1) + String(repeating: "\n" + continuation, count: breaks)
        }
        while i < c.count {
            let ch = c[i]
            if ch == "\\" && i + 1 < c.count {
                out.append(ch); out.append(c[i + 1]); i += 2; continue
            }
            if ch == "`" {
                let end = codeSpanEnd(c, at: i)
                out += String(c[i..<end]); i = end; continue
            }
            if ch == "$" {
                if i + 1 < c.count && c[i + 1] == "$" {
                    var j = i + 2
                    while j + 1 < c.count && !(c[j] == "$" && c[j + 1] == "$") { j += 1 }
                    if j + 1 < c.count {
                        emit(true, String(c[(i + 2)..<j]).trimmingCharacters(in: .whitespacesAndNewlines), i, j + 2)
                        i = j + 2
                        // `{#eq:label}` after the closing `$$` labels it; the label leaves no text.
                        var k = i
                        while k < c.count && (c[k] == " " || c[k] == "\t") { k += 1 }
                        if k + 5 < c.count, String(c[k..<(k + 5)]) == "{#eq:", let close = c[k...].firstIndex(of: "}"),
                           !c[k..<close].contains("\n") {
                            formulas[formulas.count - 1].label = String(c[(k + 5)..<close])
                            i = close + 1
                        }
                        continue
                    }
                } else if i + 1 < c.count && !c[i + 1].isWhitespace {
                    var j = i + 1
                    var found: Int?
                    while j < c.count {
                        if c[j] == "\\" { j += 2; continue }
                        if c[j] == "\n" && j + 1 < c.count && c[j + 1] == "\n" { break }
                        if c[j] == "$" {
                            if !c[j - 1].isWhitespace && !(j + 1 < c.count && c[j + 1].isNumber) { found = j }
                            break
                        }
                        j += 1
                    }
                    if let j = found {
                        emit(false, String(c[(i + 1)..<j]), i, j + 1)
                        i = j + 1; continue
                    }
                }
            }
            out.append(ch); i += 1
        }
        return out
    }

    /// Replaces each placeholder in `text` (with its continuation words, separated by
    /// `separator`s) by `replacement(formula)`, in one pass however many there are.
    public static func substitute(_ text: String, _ formulas: [Formula], separators: [String] = ["\n"],
                                  _ replacement: (Formula) -> String) -> String {
        replacePlaceholders(in: text, prefix: prefix, count: formulas.count) { i, rest in
            for _ in 0..<formulas[i].lineBreaks {
                guard let sep = separators.first(where: { rest.hasPrefix($0 + continuation) }) else { break }
                rest = rest.dropFirst(sep.count + continuation.count)
            }
            return replacement(formulas[i])
        }
    }

    /// Replaces each placeholder `{prefix}{i}Q` with `i < count` by `replacement(i, &rest)`, in
    /// one pass; `rest`, the text after the placeholder, may be consumed (a formula's
    /// continuation words). The one scanner behind formulas and `⟦…⟧` spans alike.
    static func replacePlaceholders(in text: String, prefix: String, count: Int,
                                    _ replacement: (Int, inout Substring) -> String) -> String {
        guard count > 0, text.contains(prefix) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let r = rest.range(of: prefix) {
            out += rest[..<r.lowerBound]
            let digits = rest[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let after = rest.index(r.upperBound, offsetBy: digits.count)
            if let i = Int(digits), i < count, after < rest.endIndex, rest[after] == "Q" {
                rest = rest[rest.index(after: after)...]
                out += replacement(i, &rest)
            } else {
                out += prefix
                rest = rest[r.upperBound...]
            }
        }
        return out + rest
    }

    /// The text as the author wrote it: every formula back in its dollar signs, every
    /// `⟦…⟧` span back in its brackets.
    public static func restoreSource(_ text: String, _ formulas: [Formula], spans: [String] = []) -> String {
        InlineSpans.substitute(substitute(text, formulas, separators: ["\n", " "]) { $0.source }, count: spans.count) { spans[$0] }
    }
}
