/// Near-miss suggestions for misspelt words ("did you mean `example`?").
public enum Suggestion {
    /// The optimal-string-alignment distance: insertions, deletions, substitutions
    /// and transpositions of neighbours each cost 1, so `exampel` is 1 from `example`.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// The candidates nearest to `word`, closest first, within a distance that
    /// grows with the word's length (a third of it, at least 2).
    public static func nearest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let threshold = max(2, word.count / 3)
        return candidates
            .map { ($0, distance(word, $0)) }
            .filter { $0.1 <= threshold || $0.0.lowercased().hasPrefix(word.lowercased()) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit)
            .map(\.0)
    }
}
