import Claims
import SwiftParser
import SwiftSyntax

/// How deeply brackets may nest in a Swift block or an expected value before the
/// book's tools refuse it, checked in one linear pass before SwiftParser sees the text.
///
/// Two reasons. SwiftParser's lookahead for a type in expression position
/// (`canParseCollectionTypeBody`, swift-syntax 602) tries an InlineArray type
/// `[n of T]` and then an ordinary one, each recursing into the nested brackets: the
/// work doubles with every nested `[` (16 levels took 0.7 s in a debug build, 24
/// over a minute). And its lookahead does not count nesting, so 3,000 nested `[`
/// overflow the stack. Below these limits every input parses in time linear in its
/// size; past them the chapter gets one diagnostic at the line where the limit was passed.
public enum NestingLimit {
    /// Brackets of any kind, `(`, `[` and `{`, open at once.
    public static let brackets = 48
    /// Square brackets open at once (each doubles SwiftParser's lookahead).
    public static let squareBrackets = 10
    /// What SwiftParser is told, so a debug and a release build parse alike.
    public static let parser = 64

    public struct Excess: Sendable, Equatable {
        /// 1-based line and UTF-8 column of the bracket that passed the limit.
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// The first place in `code` where brackets nest past a limit, skipping string
    /// literals (but not their interpolations) and comments; nil if there is none.
    public static func check(_ code: String) -> Excess? {
        enum Context { case code(interpolation: Int?), string(hashes: Int, multiline: Bool) }
        let b = Array(code.utf8)
        var stack: [Context] = [.code(interpolation: nil)]
        var open: [UInt8] = []     // brackets open in code, innermost last
        var squares = 0
        var line = 1, lineStart = 0
        var i = 0
        func hashes(at j: Int) -> Int { var k = j; while k < b.count && b[k] == UInt8(ascii: "#") { k += 1 }; return k - j }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
            switch stack[stack.count - 1] {
            case .string(let h, let multiline):
                if c == UInt8(ascii: "\\") && hashes(at: i + 1) >= h {
                    let after = i + 1 + h
                    if after < b.count && b[after] == UInt8(ascii: "(") {
                        open.append(UInt8(ascii: "("))
                        stack.append(.code(interpolation: open.count))
                        i = after + 1
                        continue
                    }
                    i = after < b.count && b[after] == UInt8(ascii: "\n") ? after : after + 1
                    continue
                }
                if c == UInt8(ascii: "\"") {
                    let quotes = multiline ? 3 : 1
                    var k = i
                    while k < b.count && k - i < quotes && b[k] == UInt8(ascii: "\"") { k += 1 }
                    if k - i == quotes && hashes(at: k) >= h {
                        stack.removeLast()
                        i = k + h
                        continue
                    }
                }
                if c == UInt8(ascii: "\n") && !multiline { stack.removeLast() }
                i += 1
            case .code(let interpolation):
                if c == UInt8(ascii: "/") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "/") {
                    while i < b.count && b[i] != UInt8(ascii: "\n") { i += 1 }
                    continue
                }
                if c == UInt8(ascii: "/") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "*") {
                    var depth = 1
                    i += 2
                    while i < b.count && depth > 0 {
                        if b[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
                        if b[i] == UInt8(ascii: "/") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "*") { depth += 1; i += 2; continue }
                        if b[i] == UInt8(ascii: "*") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "/") { depth -= 1; i += 2; continue }
                        i += 1
                    }
                    continue
                }
                let h = hashes(at: i)
                if i + h < b.count && b[i + h] == UInt8(ascii: "\"") {
                    let start = i + h
                    let multiline = start + 2 < b.count && b[start + 1] == UInt8(ascii: "\"") && b[start + 2] == UInt8(ascii: "\"")
                    stack.append(.string(hashes: h, multiline: multiline))
                    i = start + (multiline ? 3 : 1)
                    continue
                }
                if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                    open.append(c)
                    if c == UInt8(ascii: "[") { squares += 1 }
                    let column = i - lineStart + 1
                    if open.count > brackets {
                        return Excess(line: line, column: column, message:
                            "brackets nest more than \(brackets) deep here; the book's tools read at most \(brackets) (split the expression, or name its parts)")
                    }
                    if squares > squareBrackets {
                        return Excess(line: line, column: column, message:
                            "square brackets nest more than \(squareBrackets) deep here; the book's tools read at most \(squareBrackets) (SwiftParser's work doubles with each one)")
                    }
                } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    if let interpolation, open.count == interpolation, c == UInt8(ascii: ")") {
                        // The end of a string interpolation: back into the string.
                        open.removeLast()
                        stack.removeLast()
                        i += 1
                        continue
                    }
                    if let last = open.popLast(), last == UInt8(ascii: "[") { squares -= 1 }
                }
                i += 1
            }
        }
        return nil
    }
}

extension NestingLimit {
    /// Parses Swift with the limit every stage uses. Call `check` first: SwiftParser's
    /// lookahead ignores the limit.
    public static func parse(_ source: String) -> SourceFileSyntax {
        var parser = Parser(source, maximumNestingLevel: NestingLimit.parser)
        return SourceFileSyntax.parse(from: &parser)
    }
}
