/// One claim as the chapter states it: where it is, what it says.
public struct ClaimSpec: Sendable, Hashable {
    /// The chapter file, relative to the package root (`Chapters/02-chain-rule.md`).
    public var file: String
    /// 1-based line and column (UTF-8) of the claimed expression in the chapter.
    public var line: Int
    public var column: Int
    /// The claimed expression's source text.
    public var expression: String
    public var expectation: Expectation

    public init(file: String, line: Int, column: Int, expression: String, expectation: Expectation) {
        self.file = file
        self.line = line
        self.column = column
        self.expression = expression
        self.expectation = expectation
    }

    /// `Chapters/02-chain-rule.md:42:5`, the form editors jump to.
    public var location: String { "\(file):\(line):\(column)" }
}

/// A worked example (or an exercise's reference solution with its checks),
/// tangled from a chapter and run by both `swift test` and the weaver.
public struct Example: Sendable {
    public enum Kind: String, Sendable {
        /// ```` ```swift example NAME ````
        case example
        /// An exercise's reference solution run against its checks: every claim must hold.
        case solution
        /// An exercise's starter code run against its checks: some claim must fail.
        case starter
    }

    public var name: String
    public var kind: Kind
    public var file: String
    /// The line of the example's first block.
    public var line: Int
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

    /// Runs the example and checks every claim.
    public func run() -> ExampleReport {
        let recorder = ClaimRecorder(specs: claims)
        var thrown: String?
        do { try body(recorder) } catch { thrown = "the example threw \(error)" }
        let outcomes = claims.indices.map { i in
            ClaimOutcome(
                spec: claims[i], values: recorder.values[i],
                failure: recorder.failures[i]
                    ?? (recorder.values[i].isEmpty ? "the claim was never evaluated" : nil))
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

    public var holds: Bool { failure == nil }
    /// The value shown beside the claim: the last one computed.
    public var shown: ClaimValue? { values.last }

    /// `Chapters/x.md:L:C: error: claim failed: …`, as a compiler would print it.
    public var diagnostic: String {
        "\(spec.location): error: claim `\(spec.expression)` \(spec.expectation.display) failed: \(failure ?? "")"
    }
}

/// The result of running one example.
public struct ExampleReport: Sendable {
    public var example: Example
    public var outcomes: [ClaimOutcome]
    /// An error the example threw, if any.
    public var error: String?

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

    public init(number: Int, file: String, title: String, examples: [Example], figures: [FigureEntry] = []) {
        self.number = number
        self.file = file
        self.title = title
        self.examples = examples
        self.figures = figures
    }
}
