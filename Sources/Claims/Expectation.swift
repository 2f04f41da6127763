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
        var s = "\(op.rawValue) \(value.display)"
        if let t = tolerance { s += " ± \(t)" }
        return s
    }
}
