import RealModule

/// Whether a claim holds, and if not, why (in words a reader understands).
public enum Verdict: Sendable, Hashable {
    case holds
    case fails(String)

    public var holds: Bool { self == .holds }
}

extension Expectation {
    /// The default relative tolerance of `→` for reals: 1e-9 for `Double`, 1e-6 for `Float`.
    public static let relativeTolerance = 1e-9
    public static let singleRelativeTolerance = 1e-6

    /// Checks a computed value against this expectation.
    ///
    /// - `→`: integers against an integer literal exactly; reals to a relative 1e-9
    ///   (`isApproximatelyEqual` from swift-numerics), or to `± tol` absolutely.
    /// - `≈`: `|computed − written| ≤ ½·10^(−d)`, d the decimals written, so
    ///   `≈ 0.2236` holds for 0.223606… and `≈ 0.2237` does not.
    /// - bounds compare numbers; a bound against an array holds for every element.
    /// - arrays compare element by element; the first index that differs is reported.
    public func check(_ computed: ClaimValue) -> Verdict {
        if op == .computed {
            // A computed value states nothing but that there is a value to write.
            if let x = computed.number, !x.isFinite { return .fails("computed \(computed.display), which cannot be written as a number") }
            return .holds
        }
        return check(computed, against: value, at: nil)
    }

    private func check(_ computed: ClaimValue, against expected: ExpectedValue, at index: Int?) -> Verdict {
        let place = index.map { "element [\($0)]: " } ?? ""
        switch (computed, expected) {
        case (.array(let xs), .array(let es)):
            if xs.count != es.count {
                return .fails("\(place)computed \(xs.count) elements, expected \(es.count)")
            }
            for (i, (x, e)) in zip(xs, es).enumerated() {
                if case .fails(let why) = check(x, against: e, at: i) { return .fails(why) }
            }
            return .holds
        case (.array(let xs), .number) where op != .equal && op != .approximately:
            for (i, x) in xs.enumerated() {
                if case .fails(let why) = check(x, against: expected, at: i) { return .fails(why) }
            }
            return .holds
        case (.bool(let b), .bool(let e)):
            guard op == .equal else { return .fails("\(place)\(op.rawValue) needs numbers, computed a boolean") }
            return b == e ? .holds : .fails("\(place)computed \(computed.display), expected \(expected.display)")
        case (.string(let s), .string(let e)):
            guard op == .equal else { return .fails("\(place)\(op.rawValue) needs numbers, computed a string") }
            return s == e ? .holds : .fails("\(place)computed \(computed.display), expected \(expected.display)")
        case (_, .number(let text)):
            guard let x = computed.number else {
                return .fails("\(place)computed \(computed.display), which is not a number; expected \(expected.display)")
            }
            guard let e = Double(text) else { return .fails("\(place)cannot read the expected number \(text)") }
            if x.isNaN { return .fails("\(place)computed nan, expected \(op.rawValue) \(text)") }
            if compare(computed, x, e, text) { return .holds }
            let shown = computed.display
            return .fails("\(place)computed \(shown), expected \(op.rawValue) \(text)" + (tolerance.map { " ± \($0)" } ?? ""))
        default:
            return .fails("\(place)computed \(computed.display), expected \(expected.display): the kinds differ")
        }
    }

    private func compare(_ computed: ClaimValue, _ x: Double, _ e: Double, _ text: String) -> Bool {
        let tol = tolerance.flatMap(Double.init)
        switch op {
        case .equal:
            if let tol { return abs(x - e) <= tol }
            if case .integer(let i) = computed, let ei = Int(text) { return i == ei }
            if case .unsigned(let u) = computed { return UInt64(text).map { $0 == u } ?? false }
            if x == e { return true }
            let rel = computed == .single(Float(x)) ? Expectation.singleRelativeTolerance : Expectation.relativeTolerance
            return x.isApproximatelyEqual(to: e, relativeTolerance: rel)
        case .approximately:
            let allowed = tol ?? Expectation.halfUnit(ofDecimal: text) * (1 + 1e-9)
            return abs(x - e) <= allowed
        case .atMost: return x <= e
        case .lessThan: return x < e
        case .atLeast: return x >= e
        case .greaterThan: return x > e
        case .computed: return true
        }
    }

    /// Half a unit in the last digit written: `0.2236` → 0.00005, `120` → 0.5,
    /// `1.5e-3` → 0.00005. This is the error that rounding to the written digits allows.
    public static func halfUnit(ofDecimal text: String) -> Double {
        var s = Substring(text)
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // Past ±400 a Double is 0 or infinite anyway; clamping keeps the arithmetic from overflowing.
            exponent = max(-400, min(400, Int(s[s.index(after: e)...]) ?? (s[s.index(after: e)...].hasPrefix("-") ? -400 : 400)))
            s = s[..<e]
        }
        var decimals = 0
        if let dot = s.firstIndex(of: ".") {
            decimals = min(400, s.distance(from: s.index(after: dot), to: s.endIndex))
        }
        return 0.5 * Double.pow(10, exponent - decimals)
    }
}
