import SwiftIDEUtils
import SwiftSyntax

/// Swift code as HTML, one string per line, coloured by the Swift syntax
/// classifier (SwiftIDEUtils), the same one editors use.
enum Highlighter {
    /// `code`, classified by the tree the model parsed it into (plain, without one).
    static func lines(_ code: String, tree: SourceFileSyntax?) -> [String] {
        let bytes = Array(code.utf8)
        var pieces: [(cls: String?, text: String)] = []
        var cursor = 0
        let ranges: [SyntaxClassifiedRange] = tree.map { Array($0.classifications) } ?? []
        for range in ranges {
            let start = range.range.lowerBound.utf8Offset, end = range.range.upperBound.utf8Offset
            guard start >= cursor, end <= bytes.count else { continue }
            if start > cursor { pieces.append((nil, String(decoding: bytes[cursor..<start], as: UTF8.self))) }
            pieces.append((cssClass(range.kind), String(decoding: bytes[start..<end], as: UTF8.self)))
            cursor = end
        }
        if cursor < bytes.count { pieces.append((nil, String(decoding: bytes[cursor...], as: UTF8.self))) }

        var lines: [String] = [""]
        for piece in pieces {
            let parts = piece.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() {
                if i > 0 { lines.append("") }
                guard !part.isEmpty else { continue }
                let text = HTML.escape(String(part))
                lines[lines.count - 1] += piece.cls.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
            }
        }
        if code.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    static func cssClass(_ kind: SyntaxClassification) -> String? {
        switch kind {
        case .keyword: return "kw"
        case .type: return "ty"
        case .integerLiteral, .floatLiteral: return "num"
        case .stringLiteral, .regexLiteral: return "str"
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: return "com"
        case .operator: return "op"
        case .attribute: return "attr"
        case .argumentLabel: return "lbl"
        case .ifConfigDirective: return "dir"
        case .dollarIdentifier, .identifier: return "id"
        case .editorPlaceholder, .none: return nil
        @unknown default: return nil
        }
    }
}
