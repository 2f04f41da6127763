import Foundation

/// How a computed value is shown to a reader: the one formatter behind the site's
/// result column, the claims report and `book exercise check`, so a student sees
/// the same digits in the terminal as on the page.
public enum ValueFormat {
    /// As many digits as an `≈` claim states (with `…` when more follow), three
    /// significant digits beside a bound, otherwise the shortest digits that round-trip.
    public static func format(_ value: ClaimValue, for e: Expectation) -> String {
        format(value, e.op, e.value)
    }

    static func format(_ value: ClaimValue, _ op: ClaimOperator, _ expected: ExpectedValue?) -> String {
        switch value {
        case .array(let xs):
            var elements: [ExpectedValue?] = Array(repeating: nil, count: xs.count)
            if case .array(let es)? = expected, es.count == xs.count { elements = es }
            else if case .number? = expected { elements = Array(repeating: expected, count: xs.count) }
            let shown = zip(xs, elements).prefix(12).map { format($0, op, $1) }
            return "[" + shown.joined(separator: ", ") + (xs.count > 12 ? ", … (\(xs.count))" : "") + "]"
        case .real, .single:
            guard let x = value.number, x.isFinite else { return value.display }
            switch op {
            case .approximately:
                guard case .number(let text)? = expected else { return value.display }
                let decimals = text.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
                if text.contains("e") || text.contains("E") {
                    return String(format: "%.\(max(decimals, 2))e", x)
                }
                let s = String(format: "%.\(decimals)f", x)
                return Double(s) == x ? s : s + "…"
            case .atMost, .lessThan, .atLeast, .greaterThan:
                return x == 0 ? "0" : String(format: "%.3g", x)
            case .equal:
                return value.display
            }
        default:
            return value.display
        }
    }
}
