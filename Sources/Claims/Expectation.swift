/// The relation a claim states between the computed value and the written one.
public enum ClaimOperator: String, Sendable, Hashable, CaseIterable, Codable {
    /// `→` (or `->`): equal; exact for integers, booleans and strings,
    /// relative 1e-9 for reals (1e-6 for `Float`) unless `± tol` is given.
    case equal = "→"
    /// `≈` (or `~=`): equal at the significant digits written.
    case approximately = "≈"
    /// `≤` (or `<=`), `<`, `≥` (or `>=`), `>`: bounds.
    case atMost = "≤"
    case lessThan = "<"
    case atLeast = "≥"
    case greaterThan = ">"
    /// An inline computed value (`⟦expr :.3g⟧` in prose): no relation, only a value the
    /// weaver writes into the text in the format the expectation's value names. Never
    /// written in a result comment (it has no spelling there).
    case computed = "="

    /// Every spelling, longest first so `->` wins over `-`, `<=` over `<`.
    public static let spellings: [(String, ClaimOperator)] = [
        ("->", .equal), ("~=", .approximately), ("<=", .atMost), (">=", .atLeast),
        ("→", .equal), ("≈", .approximately), ("≤", .atMost), ("≥", .atLeast),
        ("<", .lessThan), (">", .greaterThan),
    ]
}

/// A value as the chapter wrote it. Numbers keep their text, because `≈` reads
/// its precision from the digits written (`≈ 0.2236` means four decimals).
public indirect enum ExpectedValue: Sendable, Hashable, Codable {
    case number(String)
    case bool(Bool)
    case string(String)
    case array([ExpectedValue])

    /// As written in the chapter (numbers verbatim, strings quoted).
    public var display: String {
        switch self {
        case .number(let t): return t
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return "\"" + s + "\""
        case .array(let xs): return "[" + xs.map(\.display).joined(separator: ", ") + "]"
        }
    }
}

/// What a claim states: an operator, a value, and an optional absolute tolerance.
public struct Expectation: Sendable, Hashable, Codable {
    public var op: ClaimOperator
    public var value: ExpectedValue
    /// `± tol` as written, if any.
    public var tolerance: String?

    public init(_ op: ClaimOperator, _ value: ExpectedValue, tolerance: String? = nil) {
        self.op = op
        self.value = value
        self.tolerance = tolerance
    }

    /// `≈ 0.2236`, `→ -4 ± 1e-12`: the claim as a reader sees it.
    public var display: String {
        if op == .computed, case .string(let format) = value { return ":\(format)" }
        var s = "\(op.rawValue) \(value.display)"
        if let t = tolerance { s += " ± \(t)" }
        return s
    }
}

/// Whether a claim about a stochastic example is a fact of the seed shown or of the
/// method: `for this seed`, or `for K of N seeds` (the example run again with its
/// `let seed` set to 1, 2, …, N; the claim must hold for at least K of them).
public enum SeedRule: Sendable, Hashable, Codable {
    case shown
    case method(hold: Int, of: Int)

    public var display: String {
        switch self {
        case .shown: return "for this seed"
        case .method(let k, let n): return "for \(k) of \(n) seeds"
        }
    }
}
