// Verifying — the verify stage. Runs the tangled registry's examples, solutions and
// figures (out of process, one child per chapter, with time and memory limits; or in
// this process for a registry a test builds) and returns a `Verification`: every
// claim's outcome keyed by its `SourceLocation`, every failure as a `Diagnostic`.

import BookModel
import Claims
import Foundation

public enum Verifier {
    /// Runs every run and figure of `registry` in this process (for registries a test
    /// builds by hand; the book's own are run by `IsolatedRunner`).
    public static func verify(_ registry: [ChapterEntry]) -> Verification {
        Verification(results: registry.map { ExampleHost.results($0, libraryFingerprint: "") }, book: nil)
    }
}

/// A figure drawn, or why it could not be.
public enum FigureOutcome: Sendable {
    case drawn(Figure)
    case failed(String)
}

/// What running the registry found, joined to the chapters' claims.
public struct Verification: Sendable {
    /// Every claim with what it computed, in book order (starters' not included).
    public var outcomes: [ClaimOutcome]
    /// Each outcome by the place of its claimed expression.
    public var outcomeAt: [SourceLocation: ClaimOutcome]
    /// Every failed claim, crashed, stopped or throwing example and broken figure.
    public var diagnostics: [Diagnostic]
    /// How many worked examples ran.
    public var examples: Int
    /// Figures by name.
    public var figures: [String: FigureOutcome]
    /// The results as run, starters included (the tests check that starters fail).
    public var results: [ChapterResults]
    /// The diagnostics of each run, by `file|kind:name`.
    public var diagnosticsByRun: [String: [Diagnostic]] = [:]
    /// Where the claims and computed values written in prose (`⟦…⟧`) are.
    public var inProse: Set<SourceLocation> = []

    /// Whether an outcome is of a claim written in prose.
    public func isProse(_ o: ClaimOutcome) -> Bool { inProse.contains(o.spec.location) }

    /// The diagnostics of one run.
    public func diagnostics(file: String, kind: Example.Kind, name: String) -> [Diagnostic] {
        diagnosticsByRun["\(file)|\(kind.rawValue):\(name)"] ?? []
    }

    /// Joins `results` to the chapters of `book`: each run's claims take their places
    /// from the chapter as it is now (prose moved since the run moves them too), and a
    /// registry built from other code than the chapter's is reported as stale.
    public init(results: [ChapterResults], book: Book?) {
        var outcomes: [ClaimOutcome] = []
        var diagnostics: [Diagnostic] = []
        var figures: [String: FigureOutcome] = [:]
        var examples = 0
        var byRun: [String: [Diagnostic]] = [:]
        let chapters = Dictionary((book?.chapters ?? []).map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        for chapterResults in results {
            let chapter = chapters[chapterResults.file]
            let start = SourceLocation(file: chapterResults.file, line: 1, column: 1)
            if let problem = chapterResults.problem {
                diagnostics.append(Diagnostic(.examplesProcess, at: start, problem))
            }
            let stale = chapterResults.problem == nil && chapter.map { c in book.map { !chapterResults.ranCode(of: c, in: $0) } ?? false } ?? false
            if stale {
                diagnostics.append(Diagnostic(.registryStale, at: start,
                    "the chapter's code changed since its examples were built, so their results are not this chapter's; run `swift run book` (it rebuilds them first)"))
            }
            let chapterRuns = chapter?.runs ?? []
            let modelRuns = Dictionary(chapterRuns.map { ("\($0.kind.rawValue):\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
            for run in chapterResults.runs where !run.kind.mustFail {
                if run.kind == .example { examples += 1 }
                let before = diagnostics.count
                defer { byRun["\(chapterResults.file)|\(run.key)"] = Array(diagnostics[before...]) }
                var specs = run.specs
                if let model = modelRuns[run.key] {
                    let claims = model.claims
                    if claims.count == specs.count {
                        specs = claims.map(\.spec)
                    }
                }
                let location = modelRuns[run.key]?.location ?? run.location
                let what = run.kind == .solution ? "the reference solution of exercise `\(run.name)`" : "example `\(run.name)`"
                if let crash = run.crash {
                    diagnostics.append(Diagnostic(run.timedOut ? .exampleTimedOut : .exampleCrashed, at: location, "\(what) \(crash)"))
                    for spec in specs {
                        outcomes.append(ClaimOutcome(spec: spec, values: [], failure: "not checked: \(what) \(crash)"))
                    }
                    continue
                }
                if let error = run.error { diagnostics.append(Diagnostic(.exampleThrew, at: location, error)) }
                for (i, spec) in specs.enumerated() {
                    let values = i < run.values.count ? run.values[i] : []
                    let failure = (i < run.failures.count ? run.failures[i] : nil) ?? (values.isEmpty ? "the claim was never evaluated" : nil)
                    let held = run.seedsHeld.flatMap { i < $0.count ? $0[i] : nil }
                    let outcome = ClaimOutcome(spec: spec, values: values, failure: failure, seedsHeld: held)
                    outcomes.append(outcome)
                    if !outcome.holds { diagnostics.append(outcome.diagnostic) }
                }
            }
            // A claim the chapter states but no run reported (a registry built before the
            // claim was written) is never counted as verified.
            if chapter != nil, !stale, chapterResults.problem == nil {
                let reported = Set(outcomes.map(\.spec.location))
                for run in chapterRuns where !run.kind.mustFail {
                    for claim in run.claims where !reported.contains(claim.location) {
                        let spec = claim.spec
                        outcomes.append(ClaimOutcome(spec: spec, values: [], failure: "not run: the built examples do not have this claim; run `swift run book` (it rebuilds them first)"))
                        diagnostics.append(outcomes[outcomes.count - 1].diagnostic)
                    }
                }
            }
            for f in chapterResults.figures {
                let location = f.location
                if let figure = f.figure {
                    figures[f.name] = .drawn(figure)
                } else {
                    let why = f.crash ?? ((f.error ?? "").hasPrefix("cannot be drawn") ? f.error! : "threw \(f.error ?? "")")
                    figures[f.name] = .failed(f.crash ?? f.error ?? "")
                    diagnostics.append(Diagnostic(f.timedOut ? .exampleTimedOut : f.crash != nil ? .exampleCrashed : .figureFailed,
                                                  at: location, "figure `\(f.name)` \(why)"))
                }
            }
        }
        self.init(outcomes: outcomes, diagnostics: diagnostics, examples: examples, figures: figures, results: results)
        diagnosticsByRun = byRun
        inProse = Set((book?.chapters ?? []).flatMap { $0.spans.compactMap { $0.claim?.location } })
    }

    public init(outcomes: [ClaimOutcome], diagnostics: [Diagnostic], examples: Int, figures: [String: FigureOutcome],
                results: [ChapterResults] = []) {
        self.outcomes = outcomes
        self.diagnostics = diagnostics
        self.examples = examples
        self.figures = figures
        self.results = results
        var at: [SourceLocation: ClaimOutcome] = [:]
        for o in outcomes { at[o.spec.location] = o }
        self.outcomeAt = at
    }

    public var failedClaims: Int { outcomes.filter { !$0.holds }.count }

    /// `207 claims in 49 worked examples, all verified`, or what failed.
    public var summary: String {
        let failed = failedClaims
        let others = diagnostics.filter { $0.id != .claimFailed }.count
        let computed = outcomes.filter { $0.spec.expectation.op == .computed }.count
        let prose = outcomes.filter { isProse($0) && $0.spec.expectation.op != .computed }.count
        let claims = outcomes.count - computed
        let inProse = prose > 0 ? " (\(claims - prose) in code, \(prose) in prose)" : ""
        let values = computed > 0 ? " and \(computed) computed value\(computed == 1 ? "" : "s") in prose" : ""
        return failed == 0 && diagnostics.isEmpty
            ? "\(claims) claims\(inProse)\(values) in \(examples) worked examples, all verified"
            : "\(failed) of \(claims) claims\(inProse)\(values) in \(examples) worked examples failed"
                + (others > 0 ? "; \(others) other problem\(others == 1 ? "" : "s")" : "")
    }
}
