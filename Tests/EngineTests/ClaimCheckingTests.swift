import Claims
import Testing

// The claim semantics, each expected value worked by hand from the definitions.
@Suite("Claim semantics")
struct ClaimCheckingTests {
    @Test("≈ agrees at the digits written", arguments: [
        ("0.2236", true), ("0.224", true), ("0.22", true), ("0.2237", false), ("0.2", true), ("0.23", false),
    ])
    func approximate(_ written: String, _ holds: Bool) {
        // √0.05 = 0.22360679…
        let e = Expectation(.approximately, .number(written))
        #expect(e.check(.real(0.05.squareRoot())).holds == holds)
    }

    @Test("half a unit in the last written digit")
    func halfUnit() {
        #expect(Expectation.halfUnit(ofDecimal: "0.2236") == 0.5e-4)
        #expect(Expectation.halfUnit(ofDecimal: "120") == 0.5)
        #expect(abs(Expectation.halfUnit(ofDecimal: "1.5e-3") - 0.5e-4) < 1e-18)
    }

    @Test("→ is exact for integers, relative 1e-9 for reals, ± for an absolute tolerance")
    func equal() {
        #expect(Expectation(.equal, .number("-4")).check(.integer(-4)).holds)
        #expect(!Expectation(.equal, .number("-4")).check(.integer(-3)).holds)
        #expect(Expectation(.equal, .number("0.3")).check(.real(0.1 + 0.2)).holds)          // off by 5.5e-17
        #expect(!Expectation(.equal, .number("0.3")).check(.real(0.3 + 1e-8)).holds)        // relative 3.3e-8
        #expect(Expectation(.equal, .number("0.9"), tolerance: "1e-12").check(.real(0.9 + 5e-13)).holds)
        #expect(!Expectation(.equal, .number("0.9"), tolerance: "1e-12").check(.real(0.9 + 5e-12)).holds)
        #expect(Expectation(.equal, .bool(true)).check(.bool(true)).holds)
        #expect(!Expectation(.equal, .string("relu")).check(.string("ReLU")).holds)
    }

    @Test("bounds")
    func bounds() {
        #expect(Expectation(.atMost, .number("1e-6")).check(.real(1e-7)).holds)
        #expect(!Expectation(.atMost, .number("1e-6")).check(.real(2e-6)).holds)
        #expect(Expectation(.atMost, .number("3")).check(.integer(3)).holds)
        #expect(!Expectation(.lessThan, .number("3")).check(.integer(3)).holds)
        #expect(Expectation(.atLeast, .number("0")).check(.real(0)).holds)
        #expect(!Expectation(.greaterThan, .number("0")).check(.real(0)).holds)
        #expect(!Expectation(.atMost, .number("1")).check(.real(.nan)).holds)
        // A bound on an array holds for every element.
        #expect(Expectation(.atMost, .number("1")).check(.array([.real(0.5), .integer(1)])).holds)
    }

    @Test("arrays report the first index that differs")
    func arrays() {
        let e = Expectation(.approximately, .array([.number("1.0"), .number("0.22"), .number("3")]))
        #expect(e.check(.array([.real(1.01), .real(0.2236), .integer(3)])).holds)
        let v = e.check(.array([.real(1.0), .real(0.25), .integer(4)]))
        #expect(v == .fails("element [1]: computed 0.25, expected ≈ 0.22"))
        #expect(e.check(.array([.real(1.0)])) == .fails("computed 1 elements, expected 3"))
    }
}

@Suite("Values and expectations the tangler accepts are compared, never trapped on")
struct ClaimEdgeTests {
    @Test("UInt.max is kept exact")
    func unsignedMax() {
        #expect(UInt.max.claimValue == .unsigned(18_446_744_073_709_551_615))
        #expect(Expectation(.equal, .number("18446744073709551615")).check(UInt.max.claimValue).holds)
        #expect(!Expectation(.equal, .number("18446744073709551614")).check(UInt.max.claimValue).holds)
        #expect(Expectation(.atLeast, .number("1e19")).check(UInt.max.claimValue).holds)
        #expect(UInt64(7).claimValue == .integer(7))
    }

    @Test("an exponent at the edge of Int does not overflow the digits' arithmetic")
    func hugeExponent() {
        #expect(Expectation.halfUnit(ofDecimal: "1.5e-9223372036854775808") == 0)
        #expect(Expectation.halfUnit(ofDecimal: "1.5e9223372036854775807").isInfinite)
        #expect(Expectation(.approximately, .number("1.5e-9223372036854775808")).check(.real(0)).holds)
        #expect(!Expectation(.approximately, .number("1.5e-9223372036854775808")).check(.real(1)).holds)
    }

    @Test("a figure whose log axis reaches zero is refused, with the reason, before it is drawn")
    func logAxisAtZero() {
        var plot = Figure(title: "gap", yScale: .log)
        plot.line("a", points: [(0, 1), (1, 0.1)])
        plot.yRange = 0...1
        #expect(plot.drawingProblem?.contains("the y axis is logarithmic") == true)
        let drawnPlot = plot
        let entry = FigureEntry(name: "bad", file: "Chapters/01-x.md", line: 7) { drawnPlot }
        let drawn = ExampleHost.draw(entry)
        #expect(drawn.figure == nil)
        #expect(drawn.error?.hasPrefix("cannot be drawn: the y axis is logarithmic") == true)
    }
}
