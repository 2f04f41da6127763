import Foundation

/// `$…$` and `$$…$$` in prose, kept away from cmark (which would read `*` and `_`
/// in TeX as emphasis and eat backslashes) and handed to KaTeX in the browser.
/// Dollar signs inside code blocks and code spans are never touched.
enum Math {
    struct Formula {
        var display: Bool
        var tex: String
    }

    static func placeholder(_ i: Int) -> String { "KATEXMATH\(i)Q" }

    /// Replaces each formula outside code with a placeholder word cmark leaves alone.
    /// `codeLines` are the chapter's code blocks as 1-based line ranges.
    static func protect(_ text: String, codeLines: [ClosedRange<Int>]) -> (String, [Formula]) {
        var formulas: [Formula] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var segment: [Substring] = []
        func flush() {
            guard !segment.isEmpty else { return }
            out.append(scan(segment.joined(separator: "\n"), &formulas))
            segment = []
        }
        for (i, line) in lines.enumerated() {
            if codeLines.contains(where: { $0.contains(i + 1) }) {
                flush()
                out.append(String(line))
            } else {
                segment.append(line)
            }
        }
        flush()
        return (out.joined(separator: "\n"), formulas)
    }

    static func scan(_ s: String, _ formulas: inout [Formula]) -> String {
        let c = Array(s)
        var out = ""
        var i = 0
        func run(_ at: Int, _ ch: Character) -> Int {
            var j = at
            while j < c.count && c[j] == ch { j += 1 }
            return j - at
        }
        while i < c.count {
            let ch = c[i]
            if ch == "\\" && i + 1 < c.count {
                out.append(ch); out.append(c[i + 1]); i += 2; continue
            }
            if ch == "`" {
                let n = run(i, "`")
                var j = i + n, close: Int?
                while j < c.count {
                    if c[j] == "`" {
                        let m = run(j, "`")
                        if m == n { close = j; break }
                        j += m
                    } else { j += 1 }
                }
                let end = close.map { $0 + n } ?? i + n
                out += String(c[i..<end]); i = end; continue
            }
            if ch == "$" {
                if i + 1 < c.count && c[i + 1] == "$" {
                    var j = i + 2
                    while j + 1 < c.count && !(c[j] == "$" && c[j + 1] == "$") { j += 1 }
                    if j + 1 < c.count {
                        formulas.append(Formula(display: true, tex: String(c[(i + 2)..<j]).trimmingCharacters(in: .whitespacesAndNewlines)))
                        out += placeholder(formulas.count - 1)
                        i = j + 2; continue
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
                        formulas.append(Formula(display: false, tex: String(c[(i + 1)..<j])))
                        out += placeholder(formulas.count - 1)
                        i = j + 1; continue
                    }
                }
            }
            out.append(ch); i += 1
        }
        return out
    }

    /// Puts each formula back, escaped, in a span KaTeX's auto-render will typeset
    /// (one pass over the page, however many formulas it has).
    static func restore(_ html: String, _ formulas: [Formula]) -> String {
        guard !formulas.isEmpty else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var rest = Substring(html)
        while let r = rest.range(of: "KATEXMATH") {
            out += rest[..<r.lowerBound]
            let digits = rest[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let after = rest.index(r.upperBound, offsetBy: digits.count)
            if let i = Int(digits), i < formulas.count, after < rest.endIndex, rest[after] == "Q" {
                out += span(formulas[i])
                rest = rest[rest.index(after: after)...]
            } else {
                out += "KATEXMATH"
                rest = rest[r.upperBound...]
            }
        }
        out += rest
        return out
    }

    static func span(_ f: Formula) -> String {
        f.display
            ? "<span class=\"math display\">\\[\(HTML.escape(f.tex))\\]</span>"
            : "<span class=\"math inline\">\\(\(HTML.escape(f.tex))\\)</span>"
    }
}
