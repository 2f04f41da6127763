import Foundation

/// How a computed value is shown to a reader: the one formatter behind the site's
/// result column, the claims report and `book exercise check`, so a student sees
/// the same digits in the terminal as on the page.
public enum ValueFormat {
    /// As many digits as an `≈` or `→` claim states (with `…` when more follow), three
    /// significant digits beside a bound, otherwise the shortest digits that round-trip.
    public static func format(_ value: ClaimValue, for e: Expectation) -> String {
        format(value, e.op, e.value)
    }

    static func format(_ value: ClaimValue, _ op: ClaimOperator, _ expected: ExpectedValue?) -> String {
        if op == .computed, case .string(let spec)? = expected, let x = value.number {
            return computed(x, spec)
        }
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
            case .approximately, .equal:
                // The digits the claim states (`…` when the value has more): `→ 0.060466176`
                // shows 0.060466176…, not 0.06046617599999997.
                guard case .number(let text)? = expected else { return value.display }
                let decimals = text.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
                if text.contains("e") || text.contains("E") {
                    return String(format: "%.\(max(decimals, 2))e", x)
                }
                let s = String(format: "%.\(decimals)f", x)
                // `→` holds within its tolerance: the stated digits are the value's.
                return Double(s) == x || op == .equal ? s : s + "…"
            case .atMost, .lessThan, .atLeast, .greaterThan:
                return x == 0 ? "0" : String(format: "%.3g", x)
            case .computed:
                return value.display
            }
        default:
            return value.display
        }
    }

    /// A computed value in the format an inline `⟦expr :.3g⟧` names: `.Ng` N significant
    /// digits, `.Nf` N decimals, `.Ne` scientific with N decimals; `.0f` of an integer is
    /// the integer. Exponents are written `e-12`; the weaver typesets them.
    public static func computed(_ x: Double, _ spec: String) -> String {
        guard x.isFinite, let kind = spec.last, let n = Int(spec.dropFirst().dropLast()), spec.first == "." else {
            return ClaimValue.shortest(x)
        }
        switch kind {
        case "f": return String(format: "%.\(n)f", x)
        case "e": return tidyExponent(String(format: "%.\(n)e", x))
        default:
            var s = String(format: "%.\(max(1, n))g", x)
            if s.contains("e") { s = tidyExponent(s) }
            return s
        }
    }

    /// `4.9e-07` → `4.9e-7`, `1.0e+03` → `1.0e3`: the exponent as a reader writes it.
    static func tidyExponent(_ s: String) -> String {
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
        let mantissa = s[..<e]
        var exponent = s[s.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-"; exponent = exponent.dropFirst() } else if exponent.first == "+" { exponent = exponent.dropFirst() }
        let digits = exponent.drop { $0 == "0" }
        return "\(mantissa)e\(sign)\(digits.isEmpty ? "0" : digits)"
    }
}
