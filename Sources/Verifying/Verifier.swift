// Verifying — the verify stage. Runs the tangled registry's examples, solutions and
// figures and returns a `Verification`: every claim's outcome keyed by its `SourceLocation`,
// and every failure as a `Diagnostic`. Depends on Claims only.

import Claims
import Foundation

/// The verify stage: runs the registry's worked examples and exercise solutions,
/// draws its figures, and returns what it found, keyed by `SourceLocation` so the
/// weaver and the tests join outcomes to claims by value, never by a formatted string.
public enum Verifier {
    /// Runs every example (not the starters) and draws every figure.
    public static func verify(_ registry: [ChapterEntry]) -> Verification {
        var ordered: [ClaimOutcome] = []
        var diagnostics: [Diagnostic] = []
        var exampleCount = 0
        for entry in registry {
            for example in entry.examples where example.kind != .starter {
                let report = example.run()
                if example.kind == .example { exampleCount += 1 }
                ordered += report.outcomes
                diagnostics += report.diagnostics
            }
        }
        var figures: [String: FigureOutcome] = [:]
        for entry in registry {
            for fig in entry.figures {
                do { figures[fig.name] = .drawn(try fig.make()) } catch {
                    figures[fig.name] = .failed("\(error)")
                    diagnostics.append(Diagnostic(.figureFailed, at: SourceLocation(file: fig.file, line: fig.line, column: 1),
                                                  "figure `\(fig.name)` threw \(error)"))
                }
            }
        }
        return Verification(outcomes: ordered, diagnostics: diagnostics, examples: exampleCount, figures: figures)
    }
}

/// A figure drawn, or why it could not be.
public enum FigureOutcome: Sendable {
    case drawn(Figure)
    case failed(String)
}

/// What running the registry found, before anything is rendered.
public struct Verification: Sendable {
    /// Every claim with what it computed, in book order.
    public var outcomes: [ClaimOutcome]
    /// Each outcome by the place of its claimed expression.
    public var outcomeAt: [SourceLocation: ClaimOutcome]
    /// Every failed claim, thrown example and broken figure.
    public var diagnostics: [Diagnostic]
    /// How many worked examples ran.
    public var examples: Int
    /// Figures by name.
    public var figures: [String: FigureOutcome]

    public init(outcomes: [ClaimOutcome], diagnostics: [Diagnostic], examples: Int, figures: [String: FigureOutcome]) {
        self.outcomes = outcomes
        self.diagnostics = diagnostics
        self.examples = examples
        self.figures = figures
        var at: [SourceLocation: ClaimOutcome] = [:]
        for o in outcomes { at[o.spec.location] = o }
        self.outcomeAt = at
    }

    public var failedClaims: Int { outcomes.filter { !$0.holds }.count }

    /// `207 claims in 49 worked examples, all verified`, or what failed.
    public var summary: String {
        let failed = failedClaims
        let others = diagnostics.count - failed
        return failed == 0 && diagnostics.isEmpty
            ? "\(outcomes.count) claims in \(examples) worked examples, all verified"
            : "\(failed) of \(outcomes.count) claims in \(examples) worked examples failed"
                + (others > 0 ? "; \(others) other problem\(others == 1 ? "" : "s")" : "")
    }
}
