// Claims — the runtime every stage and the tangled registry share: what a claim is
// (`ClaimSpec`, `Expectation`), how it is checked and recorded, what an example reports,
// where things are (`SourceLocation`), what went wrong (`Diagnostic`), and the one
// formatter for values (`ValueFormat`).

/// One claim as the chapter states it: where it is, what it says.
public struct ClaimSpec: Sendable, Hashable, Codable {
    /// Where the claimed expression starts in the chapter: the key that joins this
    /// spec, the claim the model read and the outcome the verifier recorded.
    public var location: SourceLocation
    /// The claimed expression's source text.
    public var expression: String
    public var expectation: Expectation
    /// For a claim about a stochastic example written in prose: of the seed shown, or of
    /// the method over several seeds. Nil for block claims (facts of the code as shown).
    public var seeds: SeedRule?

    public init(file: String, line: Int, column: Int, expression: String, expectation: Expectation, seeds: SeedRule? = nil) {
        self.location = SourceLocation(file: file, line: line, column: column)
        self.expression = expression
        self.expectation = expectation
        self.seeds = seeds
    }

    /// The chapter file, relative to the package root (`Chapters/02-chain-rule.md`).
    public var file: String { location.file }
    /// 1-based line and column (UTF-8) of the claimed expression in the chapter.
    public var line: Int { location.line }
    public var column: Int { location.column }
}

/// A worked example (or an exercise's reference solution with its checks),
/// tangled from a chapter and run by both `swift test` and the weaver.
public struct Example: Sendable {
    public enum Kind: String, Sendable, Codable {
        /// ```` ```swift example NAME ````
        case example
        /// An exercise's reference solution run against its checks: every claim must hold.
        case solution
        /// An exercise's starter code run against its checks: some claim must fail.
        case starter
        /// A plausible wrong solution run against the exercise's checks: some claim must fail.
        case decoy

        /// Runs whose claims must not all hold: they are not the book's results.
        public var mustFail: Bool { self == .starter || self == .decoy }
    }

    public var name: String
    public var kind: Kind
    public var file: String
    /// The line of the example's first block.
    public var line: Int
    /// The example's first block, where problems running it are reported.
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: 1) }
    public var claims: [ClaimSpec]
    public var body: @Sendable (ClaimRecorder) throws -> Void

    public init(name: String, kind: Kind, file: String, line: Int, claims: [ClaimSpec],
                body: @escaping @Sendable (ClaimRecorder) throws -> Void) {
        self.name = name
        self.kind = kind
        self.file = file
        self.line = line
        self.claims = claims
        self.body = body
    }

    /// Runs the example and checks every claim. A claim about the method
    /// (`for K of N seeds`) is then checked by running the example again with its seed
    /// set to 1, 2, …, N, recording only such claims: it holds if it held for K runs.
    public func run() -> ExampleReport {
        let recorder = ClaimRecorder(specs: claims)
        var thrown: String?
        do { try body(recorder) } catch { thrown = "the example threw \(error)" }
        var failures = claims.indices.map { recorder.failures[$0] }
        var seedsHeld: [Int?] = Array(repeating: nil, count: claims.count)
        let sweeps = claims.compactMap { spec -> Int? in
            if case .method(_, let n)? = spec.seeds { return n } else { return nil }
        }
        if let runs = sweeps.max(), thrown == nil {
            var held = Array(repeating: 0, count: claims.count)
            for seed in 1...max(1, runs) {
                let sweep = ClaimRecorder(specs: claims, seed: UInt64(seed))
                do { try body(sweep) } catch {
                    thrown = "the example threw \(error) when run with seed \(seed)"
                    break
                }
                for i in claims.indices {
                    if case .method(_, let n)? = claims[i].seeds, seed <= n, !sweep.values[i].isEmpty, sweep.failures[i] == nil {
                        held[i] += 1
                    }
                }
            }
            for i in claims.indices {
                guard case .method(let k, let n)? = claims[i].seeds else { continue }
                seedsHeld[i] = held[i]
                failures[i] = held[i] >= k ? nil
                    : "held for \(held[i]) of \(n) seeds, but the claim needs \(k)"
                      + (recorder.failures[i].map { "; with the seed shown: \($0)" } ?? "")
            }
        }
        let outcomes = claims.indices.map { i in
            ClaimOutcome(
                spec: claims[i], values: recorder.values[i],
                failure: failures[i]
                    ?? (recorder.values[i].isEmpty ? "the claim was never evaluated" : nil),
                seedsHeld: seedsHeld[i])
        }
        return ExampleReport(example: self, outcomes: outcomes, error: thrown)
    }
}

/// What one claim computed, and whether it held.
public struct ClaimOutcome: Sendable {
    public var spec: ClaimSpec
    /// Every value computed (more than one when the claim sits in a loop).
    public var values: [ClaimValue]
    public var failure: String?
    /// For a claim about the method (`for K of N seeds`): on how many of the N seeds it held.
    public var seedsHeld: Int?

    public init(spec: ClaimSpec, values: [ClaimValue], failure: String?, seedsHeld: Int? = nil) {
        self.spec = spec
        self.values = values
        self.failure = failure
        self.seedsHeld = seedsHeld
    }

    public var holds: Bool { failure == nil }
    /// The value shown beside the claim: the last one computed.
    public var shown: ClaimValue? { values.last }

    /// The value as the reader sees it, on the site and in the terminal alike.
    public var shownText: String { shown.map { ValueFormat.format($0, for: spec.expectation) } ?? "—" }

    /// `Chapters/x.md:L:C: error: claim … failed: …`, for a claim that does not hold.
    public var diagnostic: Diagnostic {
        Diagnostic(.claimFailed, at: spec.location,
                   "claim `\(spec.expression)` \(spec.expectation.display) failed: \(failure ?? "")")
    }
}

/// The result of running one example.
public struct ExampleReport: Sendable {
    public var example: Example
    public var outcomes: [ClaimOutcome]
    /// An error the example threw, if any.
    public var error: String?

    /// What went wrong, as diagnostics: what the example threw, then each failed claim.
    public var diagnostics: [Diagnostic] {
        (error.map { [Diagnostic(.exampleThrew, at: example.location, $0)] } ?? []) + failures.map(\.diagnostic)
    }

    /// For a solution or an example: every claim holds and nothing was thrown.
    public var allHold: Bool { error == nil && outcomes.allSatisfy(\.holds) }
    public var failures: [ClaimOutcome] { outcomes.filter { !$0.holds } }
}

/// A chapter as the tangler saw it: its number, title and examples.
public struct ChapterEntry: Sendable {
    public var number: Int
    public var file: String
    public var title: String
    public var examples: [Example]
    public var figures: [FigureEntry]
    /// The chapter's code as tangled (`Chapter.codeFingerprint`): what the cache of
    /// results is keyed by, and how a registry older than its chapter is recognised.
    public var codeFingerprint: String

    public init(number: Int, file: String, title: String, examples: [Example], figures: [FigureEntry] = [],
                codeFingerprint: String = "") {
        self.number = number
        self.file = file
        self.title = title
        self.examples = examples
        self.figures = figures
        self.codeFingerprint = codeFingerprint
    }
}
