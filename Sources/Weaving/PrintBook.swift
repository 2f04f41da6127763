import BookModel
import Foundation

/// The whole book on one page, `print.html`, for printing and for `book build --pdf`: a
/// title page with the contents, then every chapter from a new page, with hints, solutions
/// and figure code unfolded. Ids are prefixed by chapter (`c6-…`) so that they stay unique,
/// and links between chapters become links within the page.
enum PrintBook {
    static func html(_ chapters: [(Chapter, String)], title: String, summary: String) -> String {
        let pages = Set(chapters.map { $0.0.pageName })
        var main = "<section class=\"title-page\">\n<h1>\(HTML.escape(title))</h1>\n"
        main += "<p class=\"lede\">An executable textbook on the mathematics that trains neural networks. Every number in it was computed by the code beside it when this book was built: \(HTML.escape(summary)).</p>\n"
        main += "<ol class=\"contents\">\n"
        for (c, _) in chapters {
            main += "<li><a href=\"#c\(c.number)-top\"><span class=\"num\">\(c.number)</span> \(HTML.escape(c.title))</a></li>\n"
        }
        main += "</ol>\n</section>\n"
        for (c, page) in chapters {
            main += "<section class=\"chapter\" id=\"c\(c.number)-top\">\n\(prefixed(page, chapter: c, pages: pages, all: chapters.map { $0.0 }))</section>\n"
        }
        return Weaver.document(title: "\(title) · the whole book", bookTitle: title, nav: "", main: main)
            .replacingOccurrences(of: "<body>", with: "<body class=\"print-book\">")
    }

    /// A chapter page's HTML with its ids prefixed, its links within the book pointed into
    /// this page, and every `<details>` open.
    static func prefixed(_ html: String, chapter c: Chapter, pages: Set<String>, all: [Chapter]) -> String {
        let prefix = "c\(c.number)-"
        var s = html.replacingOccurrences(of: " id=\"", with: " id=\"\(prefix)")
        s = s.replacingOccurrences(of: "href=\"#", with: "href=\"#\(prefix)")
        for other in all where pages.contains(other.pageName) {
            s = s.replacingOccurrences(of: "href=\"\(other.pageName)#", with: "href=\"#c\(other.number)-")
            s = s.replacingOccurrences(of: "href=\"\(other.pageName)\"", with: "href=\"#c\(other.number)-top\"")
        }
        return s.replacingOccurrences(of: "<details>", with: "<details open>")
            .replacingOccurrences(of: "<details class=", with: "<details open class=")
    }
}

/// A chapter's Markdown source as a page, `source-06-momentum.html`, each line with its
/// number and an anchor: where an example's caption links to.
enum SourcePage {
    static func name(_ chapter: Chapter) -> String { "source-" + chapter.pageName }

    static func html(_ chapter: Chapter, bookTitle: String) -> String {
        var body = "<h1>Source of chapter \(chapter.number): \(HTML.escape(chapter.title))</h1>\n"
        body += "<p class=\"lede\"><code>\(HTML.escape(chapter.file))</code>, as the author wrote it; <a href=\"\(HTML.escape(chapter.pageName))\">the chapter as a reader sees it</a>.</p>\n"
        body += "<pre class=\"source\"><code>"
        let lines = chapter.source.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where !(i == lines.count - 1 && line.isEmpty) {
            body += "<span class=\"sl\" id=\"L\(i + 1)\"><a class=\"ln\" href=\"#L\(i + 1)\">\(i + 1)</a>\(HTML.escape(String(line)))</span>"
        }
        body += "</code></pre>\n"
        return Weaver.document(title: "Source of \(chapter.title) · \(bookTitle)", bookTitle: bookTitle, nav: "", main: body)
    }
}
