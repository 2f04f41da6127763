import Claims
import Foundation
import SwiftSyntax

/// Every number in a chapter's prose, headings, tables and math, accounted for.
///
/// - **bound**: the value of an inline claim or computed value (`⟦…⟧`);
/// - **given**: a literal of the chapter's code (a hyperparameter is an input, not a result);
/// - **backed**: equal, at its written digits, to the expected value (or tolerance) of a claim of
///   the chapter, so it stops being backed the day that value changes; or a count K followed, in the
///   same line and sentence, by a claim `for K of N seeds` (its own claim: a count elsewhere in the
///   chapter does not back it, since the counts of a chapter's seed claims are many small integers);
/// - **exempt**: inside `⟦"…"⟧`, marked by the author as no result (a year, a quotation);
/// - **structural**: by rule, no result: an integer from 0 to 12 (a count, an index, an
///   exponent), an integer subscript in math (`x_{61}`), an ordinal (`2nd`), a reference (`chapter 5`, `eq. (30)`, `§2.9`,
///   `seed 003`, `Theorem 4.6`, `2.1.2`, and the end of a range after one);
/// - **unbacked**: anything else, which the lint reports.
public enum NumberLint {
    public enum Class: String, Sendable, CaseIterable, Codable {
        case bound, given, backed, exempt, structural, unbacked
    }

    public struct Number: Sendable {
        public var location: SourceLocation
        /// As written (`2.78e-12`, `10^{-8}`, `75.3`).
        public var text: String
        public var value: Double
        /// The digits that count, in Swift's notation (`2.78e-12` for `2.78\times10^{-12}`).
        public var written: String
        public var inMath: Bool
        public var `class`: Class
        /// Why: the code literal, the claim that backs it.
        public var reason: String
    }

    /// Words after which a number is a reference, not a quantity.
    static let referenceWords: Set<String> = [
        "chapter", "chapters", "section", "sections", "§", "eq", "eq.", "eqs", "eqs.", "equation", "equations",
        "note", "notes", "seed", "theorem", "theorems", "corollary", "lemma", "proposition", "algorithm",
        "figure", "fig.", "table", "exercise", "line", "lines", "page", "p.", "pp.", "part", "appendix", "item",
        "chapter's", "note's", "seed's", "version", "v", "definition", "example", "§§",
    ]

    /// What a chapter's numbers are compared with: its code's literals, its claims' values.
    public struct Context: Sendable {
        public var given: Set<Double>
        public var backing: [(Double, String)]

        public init(_ chapter: Chapter) {
            given = codeLiterals(chapter)
            backing = claimValues(chapter)
        }

        /// A quantity (not a reference, not a small integer) written as `written`:
        /// given, backed (and by what), or unbacked.
        public func classify(_ value: Double, written: String, percent: Bool = false) -> (Class, String) {
            if given.contains(value) || percent && given.contains(value / 100) { return (.given, "a literal of the chapter's code") }
            let allowed = Expectation.halfUnit(ofDecimal: written) * (1 + 1e-9) + 1e-300
            if let backer = backing.first(where: { abs(value - $0.0) <= allowed }) { return (.backed, "the claim \(backer.1)") }
            return (.unbacked, "")
        }
    }

    /// Classifies every number of `chapter`.
    public static func numbers(in chapter: Chapter) -> [Number] {
        let context = Context(chapter)
        var spanAt: [Int: [InlineSpan]] = [:]
        for s in chapter.spans { spanAt[s.location.line, default: []].append(s) }
        var out: [Number] = []
        let lines = chapter.source.split(separator: "\n", omittingEmptySubsequences: false)
        var displayMath = false
        for (n, (rawLine, prose)) in zip(lines, Math.proseMask(lines)).enumerated() where prose {
            let lineNumber = n + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { displayMath = false; continue }
            scan(line: Array(line), number: lineNumber, file: chapter.file, spans: spanAt[lineNumber] ?? [],
                 displayMath: &displayMath, context: context, into: &out)
        }
        return out
    }

    /// How many numbers of each class.
    public static func counts(_ numbers: [Number]) -> [Class: Int] {
        numbers.reduce(into: [:]) { $0[$1.class, default: 0] += 1 }
    }

    /// The unbacked numbers of every chapter, as errors (or warnings, for `book build`).
    public static func diagnostics(_ book: Book, severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        parallelMap(book.chapters.count) { diagnostics(numbers(in: book.chapters[$0]), severity: severity) }.flatMap { $0 }
    }

    /// The diagnostics for the unbacked numbers.
    public static func diagnostics(_ numbers: [Number], severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        numbers.filter { $0.class == .unbacked }.map {
            Diagnostic(severity, .numberUnbacked, at: $0.location,
                "the number \($0.text) is backed by no claim; bind it with `⟦expression ≈ \($0.text)⟧` (or `⟦expression :.3g⟧`), or mark it `⟦\"\($0.text)\"⟧` if it is not a result")
        }
    }

    static func scan(line c: [Character], number lineNumber: Int, file: String, spans: [InlineSpan],
                     displayMath: inout Bool, context: Context, into out: inout [Number]) {
        var i = 0, column = 1
        var inlineMath = false
        var previousWord = ""
        var previousStructural = false
        func col(_ k: Int) -> Int { column + c[i..<k].reduce(0) { $0 + $1.utf8.count } }
        func advance(to k: Int) { column = col(k); i = k }
        while i < c.count {
            let ch = c[i]
            if ch == "\\" && i + 1 < c.count && !(displayMath || inlineMath) { advance(to: i + 2); continue }
            if ch == "`" && !(displayMath || inlineMath) {
                advance(to: Math.codeSpanEnd(c, at: i)); continue
            }
            if ch == "$" {
                if i + 1 < c.count && c[i + 1] == "$" { displayMath.toggle(); advance(to: i + 2); continue }
                if !displayMath { inlineMath.toggle() }
                advance(to: i + 1); continue
            }
            if ch == "⟦" {
                let here = column
                var j = i + 1
                while j < c.count && c[j] != "⟧" { j += 1 }
                if let span = spans.first(where: { $0.location.column == here }) {
                    let location = SourceLocation(file: file, line: lineNumber, column: here)
                    switch span.kind {
                    case .claim:
                        if case .number(let t)? = span.expectation?.value {
                            out.append(Number(location: location, text: t, value: abs(Double(t) ?? 0), written: t, inMath: displayMath || inlineMath,
                                              class: .bound, reason: "claim `\(span.expression)` \(span.expectation!.display)"))
                        }
                    case .computed:
                        out.append(Number(location: location, text: span.source, value: 0, written: "", inMath: displayMath || inlineMath,
                                          class: .bound, reason: "computed `\(span.expression)`"))
                    case .exempt:
                        let inner = Array(span.expression)
                        var k = 0
                        var found = false
                        while k < inner.count {
                            if inner[k].isASCII && inner[k].isNumber {
                                var e = k
                                while e < inner.count && (inner[e].isASCII && inner[e].isNumber || inner[e] == ".") { e += 1 }
                                out.append(Number(location: location, text: String(inner[k..<e]), value: Double(String(inner[k..<e])) ?? 0,
                                                  written: String(inner[k..<e]), inMath: displayMath || inlineMath, class: .exempt, reason: "marked by the author"))
                                found = true
                                k = e
                            } else { k += 1 }
                        }
                        if !found {
                            out.append(Number(location: location, text: span.expression, value: 0, written: "", inMath: false, class: .exempt, reason: "marked by the author"))
                        }
                    case .invalid: break
                    }
                }
                advance(to: min(c.count, j + 1)); continue
            }
            if ch == "]" && i + 1 < c.count && c[i + 1] == "(" && !(displayMath || inlineMath) {
                var j = i + 2, depth = 1
                while j < c.count && depth > 0 { if c[j] == "(" { depth += 1 } else if c[j] == ")" { depth -= 1 }; j += 1 }
                advance(to: j); continue
            }
            if ch == "<" && !(displayMath || inlineMath), c[(i + 1)...].starts(with: Array("http")) {
                var j = i + 1
                while j < c.count && c[j] != ">" { j += 1 }
                advance(to: min(c.count, j + 1)); continue
            }
            let isDigit = ch.isASCII && ch.isNumber
            if !isDigit {
                if ch.isLetter || ch == "." || ch == "§" || ch == "'" || ch == "’" {
                    // Part of a word: the word a following number may refer back to.
                    var j = i
                    while j < c.count && (c[j].isLetter || c[j] == "." || c[j] == "§" || c[j] == "'" || c[j] == "’") { j += 1 }
                    let word = String(c[i..<j]).lowercased()
                    // `x1`, `float64`, `\beta2`: a digit right after letters belongs to the word.
                    var k = j
                    while k < c.count && c[k].isASCII && c[k].isNumber { k += 1 }
                    if word != "." { previousWord = word.replacingOccurrences(of: "’", with: "'") }
                    if k > j, c[j - 1].isLetter { advance(to: k); previousStructural = false; continue }
                    advance(to: j); continue
                }
                if ch != " " && ch != "(" && ch != "~" && ch != "–" && ch != "-" && ch != "−" && ch != "\u{00A0}" && ch != "{" {
                    previousWord = ch == "§" ? "§" : ""
                    if ch != "," { previousStructural = false }
                }
                advance(to: i + 1); continue
            }
            // A number: digits, thousands groups (`8,000`, `8\,000`), decimals, exponent.
            let start = i
            var j = i
            var text = ""
            func digits() { while j < c.count && c[j].isASCII && c[j].isNumber { text.append(c[j]); j += 1 } }
            digits()
            var isInteger = true
            while j + 3 < c.count, c[j] == "," || (c[j] == "\\" && c[j + 1] == ","),
                  case let k = c[j] == "," ? j + 1 : j + 2, k + 3 <= c.count,
                  c[k..<(k + 3)].allSatisfy({ $0.isASCII && $0.isNumber }),
                  k + 3 == c.count || !(c[k + 3].isASCII && c[k + 3].isNumber) {
                text += String(c[k..<(k + 3)]); j = k + 3
            }
            var dots = 0
            while j + 1 < c.count, c[j] == ".", c[j + 1].isASCII, c[j + 1].isNumber {
                dots += 1
                if dots == 1 { text.append("."); j += 1; digits(); isInteger = false } else {
                    j += 1; while j < c.count && c[j].isASCII && c[j].isNumber { j += 1 }
                }
            }
            if j + 1 < c.count, c[j] == "e" || c[j] == "E",
               c[j + 1].isASCII && c[j + 1].isNumber || ((c[j + 1] == "-" || c[j + 1] == "+") && j + 2 < c.count && c[j + 2].isASCII && c[j + 2].isNumber) {
                text.append("e"); j += 1
                if c[j] == "-" || c[j] == "+" { text.append(c[j]); j += 1 }
                digits(); isInteger = false
            }
            // `× 10^{-12}`, `\times 10^{-12}`, `× 10⁻¹²`, and a bare `10^{-8}` / `10⁻⁸`.
            func power(at p: Int) -> (Int, Int)? {
                var q = p
                if q < c.count && c[q] == "^" {
                    q += 1
                    let braced = q < c.count && c[q] == "{"
                    if braced { q += 1 }
                    var e = ""
                    if q < c.count && (c[q] == "-" || c[q] == "−") { e = "-"; q += 1 }
                    while q < c.count && c[q].isASCII && c[q].isNumber { e.append(c[q]); q += 1 }
                    if braced { guard q < c.count && c[q] == "}" else { return nil }; q += 1 }
                    return Int(e).map { ($0, q) }
                }
                let sup: [Character: Character] = ["⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9"]
                var e = ""
                if q < c.count && c[q] == "⁻" { e = "-"; q += 1 }
                while q < c.count, let d = sup[c[q]] { e.append(d); q += 1 }
                return e.isEmpty || e == "-" ? nil : Int(e).map { ($0, q) }
            }
            var value = Double(text.replacingOccurrences(of: ",", with: "")) ?? 0
            var written = text
            if text == "10", dots == 0, let (e, end) = power(at: j) {
                value = Double.pow(10, Double(e)); written = "1e\(e)"; j = end; isInteger = false
            } else {
                var q = j
                while q < c.count && c[q] == " " { q += 1 }
                var times = false
                if q < c.count && (c[q] == "×" || c[q] == "·") { q += 1; times = true }
                else if c[q...].starts(with: Array("\\times")) { q += 6; times = true }
                else if c[q...].starts(with: Array("\\cdot")) { q += 5; times = true }
                if times {
                    while q < c.count && c[q] == " " { q += 1 }
                    if c[q...].starts(with: Array("10")), let (e, end) = power(at: q + 2) {
                        value *= Double.pow(10, Double(e)); written = "\(text)e\(e)"; j = end; isInteger = false
                    }
                }
            }
            let location = SourceLocation(file: file, line: lineNumber, column: col(start))
            let inMath = displayMath || inlineMath
            var cls: Class = .unbacked, reason = ""
            let ordinal = j + 1 < c.count && ["st", "nd", "rd", "th"].contains(String(c[j..<(j + 2)]).lowercased())
                && !(j + 2 < c.count && c[j + 2].isLetter)
            let subscripted = inMath && start > 0 && (c[start - 1] == "_" || start > 1 && c[start - 1] == "{" && c[start - 2] == "_")
            if subscripted, isInteger {
                cls = .structural; reason = "an index"
            } else if dots >= 2 || referenceWords.contains(previousWord) || previousStructural && start > 0 && "–-".contains(c[start - 1]) {
                cls = .structural; reason = "a reference"
            } else if ordinal {
                cls = .structural; reason = "an ordinal"
            } else if isInteger, text.count > 1, text.hasPrefix("0"),
                      followingSeedClaim(c, after: j, column: col(j), spans: spans) != nil {
                cls = .unbacked; reason = "a count with a leading zero"
            } else if isInteger, value <= 12, !text.contains(",") {
                cls = .structural; reason = "a small integer"
            } else if isInteger, let claim = followingSeedClaim(c, after: j, column: col(j), spans: spans),
                      case .method(let k, let n)? = claim.seeds, Double(k) == value {
                // A count that announces its seed claim (`on 61⟦… for 61 of 100 seeds⟧`, `37 of the 40
                // seeds⟦…⟧`) is backed by that claim (a count elsewhere in the chapter does not back it).
                cls = .backed
                reason = "its claim `\(claim.expression)` (the count, \(k) of \(n) seeds) at line \(lineNumber)"
            } else {
                let percent = j < c.count && c[j] == "%" || j + 1 < c.count && c[j] == " " && c[j + 1] == "%"
                (cls, reason) = context.classify(value, written: written, percent: percent)
            }
            previousStructural = cls == .structural && reason == "a reference"
            out.append(Number(location: location, text: String(c[start..<j]), value: value, written: written, inMath: inMath, class: cls, reason: reason))
            previousWord = ""
            advance(to: j)
        }
    }

    /// The claim that a count written at `c[..<k]` announces: the first span after it on the line,
    /// if only words, spaces, commas and digits come between (`37 of the 40 seeds⟦…⟧`; no sentence
    /// ends, no math, no other span).
    static func followingSeedClaim(_ c: [Character], after k: Int, column: Int, spans: [InlineSpan]) -> InlineSpan? {
        var q = k, at = column
        while q < c.count, c[q] != "⟦" {
            guard c[q].isLetter || c[q].isASCII && c[q].isNumber || c[q] == " " || c[q] == "," || c[q] == "'" || c[q] == "’" else { return nil }
            at += c[q].utf8.count; q += 1
        }
        guard q < c.count, let span = spans.first(where: { $0.location.column == at }), span.kind == .claim else { return nil }
        return span
    }

    /// Every numeric literal of the chapter's Swift, as absolute values.
    static func codeLiterals(_ chapter: Chapter) -> Set<Double> {
        var out: Set<Double> = []
        for b in chapter.blocks {
            guard let tree = b.syntax else { continue }
            for token in tree.tokens(viewMode: .sourceAccurate) {
                switch token.tokenKind {
                case .integerLiteral(let t), .floatLiteral(let t):
                    if let v = Double(t.replacingOccurrences(of: "_", with: "")) { out.insert(abs(v)) }
                default: break
                }
            }
        }
        return out
    }

    /// Every expected number (and tolerance) the chapter's claims state, as absolute values.
    static func claimValues(_ chapter: Chapter) -> [(Double, String)] {
        var out: [(Double, String)] = []
        func add(_ v: ExpectedValue, _ at: String) {
            switch v {
            case .number(let t): if let d = Double(t) { out.append((abs(d), at)) }
            case .array(let xs): for x in xs { add(x, at) }
            default: break
            }
        }
        var claims = chapter.blocks.flatMap(\.claims)
        claims += chapter.spans.compactMap(\.claim)
        for claim in claims where claim.expectation.op != .computed {
            let at = "`\(claim.expression)` \(claim.expectation.display) at line \(claim.location.line)"
            add(claim.expectation.value, at)
            if let t = claim.expectation.tolerance { add(.number(t), at) }
        }
        return out
    }
}
