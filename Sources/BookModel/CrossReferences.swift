import Claims
import Foundation

/// Numbered things and references to them, in the manner of pandoc-crossref:
///
/// - a display formula is labelled after its closing `$$`: `$$ … $$ {#eq:adam-update}`;
/// - a section at the end of its heading: `## Bias correction {#sec:bias-correction}`;
/// - figures and worked examples by their block's name, chapters by their file's slug;
/// - the prose refers to any of them, in any chapter, as `@eq:adam-update`,
///   `@sec:bias-correction`, `@fig:valley-trajectories`, `@ex:unrolled`, `@ch:adam`.
///
/// The weaver numbers them (Eq. (8.1), Section 8.2, Figure 6.1, Example 6.3, Chapter 8)
/// and makes each reference a link; a reference to a label nothing defines, or a label
/// defined twice, is an error at its chapter line.
public enum CrossReferences {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case eq, sec, fig, ex, ch

        /// How a reference reads: "Eq. (8.1)", "Section 8.2", …
        public func text(_ number: String) -> String {
            switch self {
            case .eq: return "Eq. (\(number))"
            case .sec: return "Section \(number)"
            case .fig: return "Figure \(number)"
            case .ex: return "Example \(number)"
            case .ch: return "Chapter \(number)"
            }
        }
    }

    /// A label an author wrote (`{#eq:…}`, `{#sec:…}`), where it is written.
    public struct Label: Sendable, Hashable {
        public var kind: Kind
        public var name: String
        public var location: SourceLocation
    }

    /// A reference in the prose (`@eq:…`), where it is written.
    public struct Reference: Sendable, Hashable {
        public var kind: Kind
        public var name: String
        public var location: SourceLocation
        public var key: String { "\(kind.rawValue):\(name)" }
    }

    static let namePattern = "[a-z0-9]+(?:-[a-z0-9]+)*"
    static let referenceRegex = try! NSRegularExpression(pattern: "(?<![\\w@])@(eq|sec|fig|ex|ch):(\(namePattern))")
    static let labelRegex = try! NSRegularExpression(pattern: "\\{#(eq|sec):(\(namePattern))\\}")

    /// The labels and references of a chapter's prose (code blocks and code spans are
    /// skipped), and the source with every section label blanked out (spaces, so that no
    /// column moves), for cmark. Equation labels stay: the formula scanner reads them.
    public static func scan(_ source: String, file: String) -> (text: String, labels: [Label], references: [Reference]) {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var labels: [Label] = [], references: [Reference] = []
        for (i, prose) in Math.proseMask(lines.map { Substring($0) }).enumerated() where prose {
            let line = lines[i]
            let ns = line as NSString
            let code = codeSpans(line)
            func column(_ r: NSRange) -> Int { ns.substring(to: r.location).utf8.count + 1 }
            for m in labelRegex.matches(in: line, range: NSRange(location: 0, length: ns.length)) where !code.contains(m.range.location) {
                let kind = Kind(rawValue: ns.substring(with: m.range(at: 1)))!
                labels.append(Label(kind: kind, name: ns.substring(with: m.range(at: 2)),
                                    location: SourceLocation(file: file, line: i + 1, column: column(m.range))))
            }
            for m in referenceRegex.matches(in: line, range: NSRange(location: 0, length: ns.length)) where !code.contains(m.range.location) {
                references.append(Reference(kind: Kind(rawValue: ns.substring(with: m.range(at: 1)))!,
                                            name: ns.substring(with: m.range(at: 2)),
                                            location: SourceLocation(file: file, line: i + 1, column: column(m.range))))
            }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#"), line.contains("{#sec:") {
                lines[i] = secLabel.stringByReplacingMatches(in: line, range: NSRange(location: 0, length: ns.length), withTemplate: "")
                    .padding(toLength: ns.length, withPad: " ", startingAt: 0)
            }
        }
        return (lines.joined(separator: "\n"), labels, references)
    }

    static let secLabel = try! NSRegularExpression(pattern: "[ \\t]*\\{#sec:\(namePattern)\\}")

    /// The UTF-16 offsets inside code spans of a line.
    static func codeSpans(_ line: String) -> IndexSet {
        var set = IndexSet()
        let c = Array(line)
        var i = 0, offset = 0
        var offsets: [Int] = []
        for ch in c { offsets.append(offset); offset += ch.utf16.count }
        offsets.append(offset)
        while i < c.count {
            if c[i] == "`" {
                let end = Math.codeSpanEnd(c, at: i)
                if end > i + 1 { set.insert(integersIn: offsets[i]..<offsets[min(end, c.count)]) }
                i = max(end, i + 1)
            } else { i += 1 }
        }
        return set
    }

    /// A label defined twice, and a reference to a label nothing defines (with the
    /// nearest label's name when one is close).
    public static func problems(_ chapters: [Chapter]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var defined: [String: SourceLocation] = [:]
        for c in chapters {
            for l in c.labels {
                let key = "\(l.kind.rawValue):\(l.name)"
                if let first = defined[key] {
                    problems.append(Diagnostic(.xrefDuplicate, at: l.location,
                        "the label `\(key)` is already defined; labels are unique in the book",
                        notes: [.init(first, "first defined here")]))
                } else {
                    defined[key] = l.location
                }
            }
            for b in c.blocks {
                if case .figure(let n) = b.role, defined["fig:\(n)"] == nil { defined["fig:\(n)"] = b.fence }
                if case .example(let n) = b.role, defined["ex:\(n)"] == nil { defined["ex:\(n)"] = b.fence }
            }
            if defined["ch:\(c.slug)"] == nil { defined["ch:\(c.slug)"] = SourceLocation(file: c.file, line: 1) }
        }
        for c in chapters {
            for r in c.references where defined[r.key] == nil {
                let candidates = defined.keys.filter { $0.hasPrefix(r.kind.rawValue + ":") }.map { String($0.dropFirst(r.kind.rawValue.count + 1)) }
                let hint = Suggestion.nearest(to: r.name, in: candidates).first.map { "; did you mean `@\(r.kind.rawValue):\($0)`?" } ?? ""
                let how: String
                switch r.kind {
                case .eq: how = "label a display formula with `$$ … $$ {#eq:\(r.name)}`"
                case .sec: how = "label a heading with `## Title {#sec:\(r.name)}`"
                case .fig: how = "a figure is referred to by its block's name"
                case .ex: how = "an example is referred to by its block's name"
                case .ch: how = "a chapter is referred to by its file's slug (`08-adam.md` is `@ch:adam`)"
                }
                problems.append(Diagnostic(.xrefUnknown, at: r.location,
                    "`@\(r.key)` refers to nothing in the book\(hint.isEmpty ? "; \(how)" : hint)"))
            }
        }
        return problems
    }
}
