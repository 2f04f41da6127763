/// Collects what the claims of one example computed while the example runs.
///
/// The tangler rewrites a claim line `expr // ≈ 0.2236` into `expr ⟼ __claims[3]`,
/// appending only, so every column the compiler reports is still the chapter's.
/// A claim on a line that runs many times (inside a loop) records every value and
/// holds only if every value does; a claim that never runs fails.
public final class ClaimRecorder: @unchecked Sendable {
    public let specs: [ClaimSpec]
    /// Every value each claim computed, in order.
    public private(set) var values: [[ClaimValue]]
    /// The first failure of each claim, if any.
    public private(set) var failures: [String?]

    /// When set, the example runs on this seed to check claims about the method: its
    /// `let seed` is replaced by it, and only `for K of N seeds` claims are recorded.
    public let sweepSeed: UInt64?

    public init(specs: [ClaimSpec], seed: UInt64? = nil) {
        self.specs = specs
        self.sweepSeed = seed
        self.values = Array(repeating: [], count: specs.count)
        self.failures = Array(repeating: nil, count: specs.count)
    }

    public subscript(index: Int) -> ClaimSlot { ClaimSlot(recorder: self, index: index) }

    /// The example's seed: the one its code shows, or the sweep's. The tangler wraps the
    /// integer literal of an example's top-level `let seed = 42` in this call.
    public func seed<T: BinaryInteger>(_ shown: T) -> T {
        sweepSeed.map { T(truncatingIfNeeded: $0) } ?? shown
    }

    /// Called at the first failure of any claim, if set: a mutation run stops there (it
    /// needs only the first claim that catches a mutant, not the rest of a long example).
    nonisolated(unsafe) public static var onFailure: ((ClaimSpec, String) -> Void)?

    func record(_ value: ClaimValue, at index: Int) {
        if sweepSeed != nil {
            guard case .method? = specs[index].seeds else { return }
        }
        values[index].append(value)
        if failures[index] == nil, case .fails(let why) = specs[index].expectation.check(value) {
            let n = values[index].count
            failures[index] = n == 1 ? why : "at evaluation \(n): \(why)"
            // A claim about the method is judged over all its seeds, not at one failure.
            if let onFailure = ClaimRecorder.onFailure, specs[index].seeds == nil || specs[index].seeds == .shown {
                onFailure(specs[index], failures[index]!)
            }
        }
    }
}

/// Where one claim's value goes.
public struct ClaimSlot {
    let recorder: ClaimRecorder
    let index: Int
}

precedencegroup ClaimPrecedence {
    higherThan: AssignmentPrecedence
    lowerThan: TernaryPrecedence
}

infix operator ⟼: ClaimPrecedence

/// Records `value` for the claim `slot` and returns it unchanged, so that
/// `let z = x + y ⟼ __claims[0]` still binds `z`.
@discardableResult
public func ⟼ <T: ClaimRepresentable>(value: T, slot: ClaimSlot) -> T {
    slot.recorder.record(value.claimValue, at: slot.index)
    return value
}

@available(*, unavailable, message: "a claim must be a number, a boolean, a string or an array of them")
@discardableResult
public func ⟼ <T>(value: T, slot: ClaimSlot) -> T { value }
