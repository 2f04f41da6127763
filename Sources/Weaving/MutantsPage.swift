import BookModel
import Claims
import Mutating

/// `mutants.html`: how many wrong versions of the library the claims catch, per chapter,
/// and every mutant they miss, with its place, the code before and after, and the
/// examples that run it. From the last `book mutants` of this very library, or a page
/// saying there is none.
enum MutantsPage {
    static func html(_ chapters: [Chapter], _ report: MutationReport?) -> String {
        var s = "<h1>Mutants of the library</h1>\n"
        guard let report else {
            return s + "<p>No mutation run of the library as it is now. <code>swift run book mutants</code> changes the library one small way at a time (an operator, a constant, a statement removed) and runs the examples against each change; then <code>swift run book</code> shows here which changes the claims catch.</p>\n"
        }
        let pages = Dictionary(chapters.map { ($0.file, ($0.pageName, $0.title, $0.number)) }, uniquingKeysWith: { a, _ in a })
        s += "<p>Each mutant is a small change to the library's code. A claim that fails catches it; a mutant no claim catches is a wrong library the book would not notice. "
        s += "\(report.caught) of \(report.caught + report.missed) viable mutants caught (\(percent(report.score))).</p>\n"
        s += "<div class=\"table\"><table class=\"lint\">\n<thead><tr><th>Chapter</th><th>score</th><th>caught</th><th>by time-out</th><th>missed</th><th>unviable</th><th>equivalent</th></tr></thead>\n<tbody>\n"
        for c in report.chapters {
            let (page, title, number) = pages[c.file] ?? ("index.html", c.file, 0)
            s += "<tr><td><a href=\"\(HTML.escape(page))\">\(number) \(HTML.escape(title))</a></td><td>\(percent(c.score))</td><td>\(c.caught)</td><td>\(c.timeouts)</td><td>\(c.missed)</td><td>\(c.unviable)</td><td>\(c.equivalent)</td></tr>\n"
        }
        s += "</tbody>\n</table></div>\n"
        let equivalent = report.results.filter { $0.status == .equivalent }
        if !equivalent.isEmpty {
            s += "<h2 id=\"equivalent\">Marked equivalent</h2>\n<p>Mutants the chapter marks <code>// equivalent: reason</code> (or <code>// equivalent (kind): reason</code>) on their line, with the reason it gives; they are not counted in the score.</p>\n<ul>\n"
            for r in equivalent {
                let m = r.mutant
                s += "<li><a href=\"\(HTML.escape(pages[m.location.file]?.0 ?? "index.html"))#L\(m.location.line)\">\(HTML.escape(m.location.description))</a> \(HTML.escape(m.kind)) <code>\(HTML.escape(m.original))</code>: \(HTML.escape(m.equivalent ?? ""))</li>\n"
            }
            s += "</ul>\n"
        }
        let missed = report.results.filter { $0.status == .missed }
        s += "<h2 id=\"missed\">Missed mutants</h2>\n"
        if missed.isEmpty { return s + "<p>None.</p>\n" }
        s += "<div class=\"table\"><table class=\"claims\">\n<thead><tr><th>Where</th><th>Change</th><th>Code</th><th>Run by</th></tr></thead>\n<tbody>\n"
        for r in missed {
            let m = r.mutant
            let page = pages[m.location.file]?.0 ?? "index.html"
            let runBy = r.executedBy.isEmpty ? "no example executes this line"
                : r.executedBy.map { String($0.split(separator: ":").last ?? "") }.joined(separator: ", ")
            s += "<tr><td><a href=\"\(HTML.escape(page))#L\(m.location.line)\">\(HTML.escape(m.location.description))</a></td><td>\(HTML.escape(m.kind))</td>"
            s += "<td><code>\(HTML.escape(m.original))</code> → <code>\(HTML.escape(m.mutated.isEmpty ? "(removed)" : m.mutated))</code></td><td>\(HTML.escape(runBy))</td></tr>\n"
        }
        return s + "</tbody>\n</table></div>\n"
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f\u{00A0}%%", x * 100) }
}
