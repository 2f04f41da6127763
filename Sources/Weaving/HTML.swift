/// HTML escaping: everything a chapter or a computed value puts into a page goes through here.
enum HTML {
    /// Escapes text for element content and for attribute values in double quotes
    /// (`apostrophe: false` is cmark's own escaping, for prose it renders).
    static func escape(_ s: String, apostrophe: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A URL fragment from a heading: lowercase letters and digits joined by `-`.
    static func slug(_ s: String) -> String {
        var out = "", dash = false
        for c in s.lowercased().unicodeScalars {
            if c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)) {
                if dash && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(c)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "section" : out
    }
}
