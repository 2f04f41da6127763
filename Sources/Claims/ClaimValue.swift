/// A value that a claim computed: a number, a boolean, a string or an array of them.
///
/// Claims compare what the chapter's code computed with what the chapter states.
/// Integers stay integers (so `→ 3` is exact), reals keep their precision
/// (`single` for `Float`, so the default tolerance can follow it).
public indirect enum ClaimValue: Sendable, Hashable, Codable {
    case integer(Int)
    /// An unsigned integer too large for `Int` (`UInt.max`).
    case unsigned(UInt64)
    case real(Double)
    case single(Float)
    case bool(Bool)
    case string(String)
    case array([ClaimValue])

    /// The value as a `Double`, for numbers; `nil` for booleans, strings and arrays.
    public var number: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .unsigned(let u): return Double(u)
        case .real(let d): return d
        case .single(let f): return Double(f)
        default: return nil
        }
    }

    /// The value as a reader should see it: a real as the shortest digits that
    /// round-trip, a string quoted, an array compactly.
    public var display: String {
        switch self {
        case .integer(let i): return String(i)
        case .unsigned(let u): return String(u)
        case .real(let d): return ClaimValue.shortest(d)
        case .single(let f): return f.description
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return "\"" + s + "\""
        case .array(let xs):
            let shown = xs.count <= 12 ? xs : Array(xs.prefix(10))
            let body = shown.map(\.display).joined(separator: ", ")
            return xs.count <= 12 ? "[\(body)]" : "[\(body), … (\(xs.count) elements)]"
        }
    }

    /// A `Double` printed with the fewest digits that read back as the same value.
    public static func shortest(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return d.description
    }
}

/// A type whose values a claim can check.
public protocol ClaimRepresentable {
    var claimValue: ClaimValue { get }
}

extension Int: ClaimRepresentable { public var claimValue: ClaimValue { .integer(self) } }
extension Int32: ClaimRepresentable { public var claimValue: ClaimValue { .integer(Int(self)) } }
extension Int64: ClaimRepresentable { public var claimValue: ClaimValue { .integer(Int(self)) } }
// Unsigned values past Int.max are kept exact as text-compared integers, never trapped on.
extension UInt: ClaimRepresentable { public var claimValue: ClaimValue { UInt64(self).claimValue } }
extension UInt64: ClaimRepresentable {
    public var claimValue: ClaimValue { Int(exactly: self).map(ClaimValue.integer) ?? .unsigned(self) }
}
extension Double: ClaimRepresentable { public var claimValue: ClaimValue { .real(self) } }
extension Float: ClaimRepresentable { public var claimValue: ClaimValue { .single(self) } }
extension Bool: ClaimRepresentable { public var claimValue: ClaimValue { .bool(self) } }
extension String: ClaimRepresentable { public var claimValue: ClaimValue { .string(self) } }
extension Substring: ClaimRepresentable { public var claimValue: ClaimValue { .string(String(self)) } }
extension Array: ClaimRepresentable where Element: ClaimRepresentable {
    public var claimValue: ClaimValue { .array(map(\.claimValue)) }
}
extension ArraySlice: ClaimRepresentable where Element: ClaimRepresentable {
    public var claimValue: ClaimValue { .array(map(\.claimValue)) }
}
