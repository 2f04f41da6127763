import BookModel
import Foundation

/// The documents of the site's offline search, one per section of every chapter, written
/// at weave time to `assets/search-data.js` (a script, not JSON: a page opened from
/// `file://` may not fetch a file). The page builds its lunr index from them on the
/// first search (Debian's `libjs-lunr`, copied to `assets/lunr.min.js`), so a reader who
/// never searches loads neither.
enum SearchIndex {
    struct Document: Encodable {
        /// `page#anchor`: where the result link lands.
        var id: String
        /// "7 AdaGrad and RMSProp".
        var chapter: String
        /// The section's heading ("" for a chapter's opening, before its first section).
        var section: String
        /// The section's words: prose, formulas' TeX and code, without markup.
        var text: String
    }

    /// The sections of one rendered chapter page (the HTML of its `main`).
    static func documents(of chapter: Chapter, html: String) -> [Document] {
        let heading = try! NSRegularExpression(pattern: #"<h([123]) id="([^"]+)">(.*?)<a class="anchor""#, options: [.dotMatchesLineSeparators])
        let ns = html as NSString
        let matches = heading.matches(in: html, range: NSRange(location: 0, length: ns.length))
        let title = "\(chapter.number) \(chapter.title)"
        var documents: [Document] = []
        for (k, m) in matches.enumerated() {
            let level = ns.substring(with: m.range(at: 1))
            let anchor = ns.substring(with: m.range(at: 2))
            let name = plainText(ns.substring(with: m.range(at: 3)))
            let start = m.range.location + m.range.length
            let end = k + 1 < matches.count ? matches[k + 1].range.location : ns.length
            let body = plainText(ns.substring(with: NSRange(location: start, length: end - start)))
            documents.append(Document(id: "\(chapter.pageName)#\(anchor)", chapter: title,
                                      section: level == "1" ? "" : name, text: body))
        }
        return documents
    }

    /// `window.BOOK_SEARCH = [...]`.
    static func script(_ documents: [Document]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let json = (try? encoder.encode(documents)) ?? Data("[]".utf8)
        return Data("window.BOOK_SEARCH = ".utf8) + json + Data(";\n".utf8)
    }

    /// The text a reader sees, without tags, results or anchors; entities decoded.
    static func plainText(_ html: String) -> String {
        var s = html
        for pattern in [#"<span class="res[^"]*"[^>]*>.*?</span>"#, #"<a class="anchor"[^>]*>#</a>"#, #"<svg.*?</svg>"#] {
            s = s.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        s = s.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            s = s.replacingOccurrences(of: entity, with: character)
        }
        return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
