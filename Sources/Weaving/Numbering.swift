import BookModel
import Foundation

/// The numbers of the book's sections, equations, figures and examples, and the
/// links `@eq:…`, `@sec:…`, `@fig:…`, `@ex:…`, `@ch:…` become (`CrossReferences`).
/// Numbers are assigned at weave time, per chapter, in order of appearance.
struct Numbering: Sendable {
    struct Target: Sendable {
        var page: String
        var anchor: String
        var number: String
    }

    /// `eq:adam-update` → where it is and its number.
    private(set) var targets: [String: Target] = [:]
    /// Per chapter file: each heading's line → its id and number ("" for the title).
    private(set) var headings: [String: [Int: (id: String, number: String)]] = [:]
    /// Per chapter file: each labelled equation → its number.
    private(set) var equations: [String: [String: String]] = [:]
    /// Per chapter file: each figure and example name → its number.
    private(set) var figures: [String: [String: String]] = [:]
    private(set) var examples: [String: [String: String]] = [:]

    init(_ chapters: [Chapter]) {
        for c in chapters {
            let n = "\(c.number)"
            targets["ch:\(c.slug)"] = Target(page: c.pageName, anchor: "", number: n)
            // Headings: ids as the page makes them (slugs, made unique in order), numbers N.k and N.k.j.
            var ids: [Int: (String, String)] = [:], used: Set<String> = []
            var h2 = 0, h3 = 0
            for node in c.document.blocks {
                guard case .heading(let level) = node.kind else { continue }
                let id = Self.uniqueSlug(node.plainText, &used)
                var number = ""
                if level == 2 { h2 += 1; h3 = 0; number = "\(n).\(h2)" }
                if level == 3 { h3 += 1; number = "\(n).\(h2).\(h3)" }
                ids[node.line] = (id, number)
            }
            headings[c.file] = ids
            for l in c.labels where l.kind == .sec {
                if let (id, number) = ids[l.location.line] {
                    targets["sec:\(l.name)"] = Target(page: c.pageName, anchor: id, number: number.isEmpty ? n : number)
                }
            }
            var eqs: [String: String] = [:]
            for f in c.document.formulas where f.display {
                guard let label = f.label, eqs[label] == nil else { continue }
                eqs[label] = "\(n).\(eqs.count + 1)"
                targets["eq:\(label)"] = Target(page: c.pageName, anchor: "eq-\(label)", number: eqs[label]!)
            }
            equations[c.file] = eqs
            var figs: [String: String] = [:], exs: [String: String] = [:]
            for b in c.blocks {
                if case .figure(let name) = b.role, figs[name] == nil {
                    figs[name] = "\(n).\(figs.count + 1)"
                    targets["fig:\(name)"] = Target(page: c.pageName, anchor: "figure-\(name)", number: figs[name]!)
                }
                if case .example(let name) = b.role, exs[name] == nil {
                    exs[name] = "\(n).\(exs.count + 1)"
                    targets["ex:\(name)"] = Target(page: c.pageName, anchor: "example-\(name)", number: exs[name]!)
                }
            }
            figures[c.file] = figs
            examples[c.file] = exs
        }
    }

    /// A heading's id: its slug, with `-2`, `-3`… when the page already has it.
    static func uniqueSlug(_ text: String, _ used: inout Set<String>) -> String {
        var id = HTML.slug(text), n = 2
        while used.contains(id) { id = HTML.slug(text) + "-\(n)"; n += 1 }
        used.insert(id)
        return id
    }

    static let reference = try! NSRegularExpression(pattern: "(?<![\\w@])@(eq|sec|fig|ex|ch):([a-z0-9]+(?:-[a-z0-9]+)*)")

    /// The page's references as links, outside tags, code and math. A reference to
    /// nothing (an error the loader has reported) is left as written, marked.
    func link(_ html: String, page: String) -> String {
        var out = "", skipped: [String] = [], i = html.startIndex
        while i < html.endIndex {
            if html[i] == "<", let close = html[i...].firstIndex(of: ">") {
                let tag = html[i...close]
                let name = tag.dropFirst().prefix { $0.isLetter || $0 == "/" }.lowercased()
                if ["code", "pre", "script"].contains(name) { skipped.append(name) }
                else if name == "span" && tag.contains("class=\"math") { skipped.append("span") }
                else if name.hasPrefix("/"), skipped.last == String(name.dropFirst()) { skipped.removeLast() }
                out += tag
                i = html.index(after: close)
                continue
            }
            let next = html[i...].firstIndex(of: "<") ?? html.endIndex
            let text = String(html[i..<next])
            out += !skipped.isEmpty || !text.contains("@") ? text : linked(text, page: page)
            i = next
        }
        return out
    }

    private func linked(_ text: String, page: String) -> String {
        let ns = text as NSString
        var out = "", last = 0
        for m in Self.reference.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            let kind = CrossReferences.Kind(rawValue: ns.substring(with: m.range(at: 1)))!
            let key = "\(kind.rawValue):\(ns.substring(with: m.range(at: 2)))"
            if let t = targets[key] {
                let href = (t.page == page ? "" : t.page) + (t.anchor.isEmpty ? "" : "#\(t.anchor)")
                out += "<a class=\"xref\" href=\"\(HTML.escape(href.isEmpty ? t.page : href))\">\(kind.text(t.number))</a>"
            } else {
                out += "<span class=\"xref-missing\" title=\"refers to nothing in the book\">\(ns.substring(with: m.range))</span>"
            }
            last = m.range.location + m.range.length
        }
        return out + ns.substring(from: last)
    }
}
