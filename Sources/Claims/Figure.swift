/// A figure a chapter draws: the chapter's own code computes every point, and the
/// weaver draws it as an inline SVG (line and scatter plots, contour plots with
/// trajectories over them).
///
///     var plot = Figure(title: "f(xₜ) − f*", xLabel: "t", yLabel: "gap", yScale: .log)
///     plot.line("GD", points: zip(ts, gaps).map { ($0, $1) })
///     return plot
public struct Figure: Sendable, Codable {
    public enum Scale: String, Sendable, Codable { case linear, log }

    /// One named set of points, joined by a line or drawn as dots.
    public struct Series: Sendable, Codable {
        public enum Style: String, Sendable, Codable { case line, points, path }
        public var name: String
        public var points: [Point]
        public var style: Style

        public init(name: String, points: [Point], style: Style) {
            self.name = name
            self.points = points
            self.style = style
        }
    }

    public struct Point: Sendable, Hashable, Codable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
    }

    /// Values of f(x, y) on a grid, drawn as contour lines under the series.
    public struct Contour: Sendable, Codable {
        public var xs: [Double]
        public var ys: [Double]
        /// values[j][i] = f(xs[i], ys[j]).
        public var values: [[Double]]
        public var levels: [Double]
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale
    public var yScale: Scale
    public var series: [Series] = []
    public var contour: Contour?
    /// Optional fixed ranges; otherwise the data's, with a margin.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// An explorable figure's parameters, each with the values a reader may choose from.
    public var parameters: [Parameter] = []
    /// An explorable figure's series for every combination of parameter values, the first
    /// parameter varying slowest; drawn over `series` and `contour`, one at a time.
    public var variants: [[Series]] = []

    /// A parameter of an explorable figure: its name as the reader sees it, its values,
    /// and which of them is shown first.
    public struct Parameter: Sendable, Codable {
        public var name: String
        public var values: [Double]
        public var initial: Int

        public init(_ name: String, _ values: [Double], initial: Int = 0) {
            self.name = name
            self.values = values
            self.initial = min(max(0, initial), max(0, values.count - 1))
        }
    }

    public init(title: String, xLabel: String = "x", yLabel: String = "y",
                xScale: Scale = .linear, yScale: Scale = .linear) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
    }

    /// Adds a series drawn as a line.
    public mutating func line(_ name: String, points: [(Double, Double)]) {
        series.append(Series(name: name, points: points.map { Point($0.0, $0.1) }, style: .line))
    }

    /// Adds a series drawn as dots.
    public mutating func scatter(_ name: String, points: [(Double, Double)]) {
        series.append(Series(name: name, points: points.map { Point($0.0, $0.1) }, style: .points))
    }

    /// Adds an optimizer's trajectory: a line with a dot at every iterate.
    public mutating func path(_ name: String, points: [(Double, Double)]) {
        series.append(Series(name: name, points: points.map { Point($0.0, $0.1) }, style: .path))
    }

    /// Makes the figure explorable: `draw` runs now, at build time, once for every
    /// combination of the parameters' values, adding series to the frame it is given (a
    /// copy of this figure without series); the page shows one combination at a time, with
    /// a slider per parameter, and computes nothing. Axes are shared by every combination.
    ///
    ///     plot.explore([.init("η", [0.1, 0.5, 1.05], initial: 1)]) { v, frame in
    ///         frame.line("GD", points: run(eta: v[0]))
    ///     }
    public mutating func explore(_ parameters: [Parameter], _ draw: ([Double], inout Figure) throws -> Void) rethrows {
        self.parameters = parameters
        variants = []
        var combination = [Int](repeating: 0, count: parameters.count)
        let total = parameters.reduce(1) { $0 * $1.values.count }
        for _ in 0..<total {
            var frame = self
            frame.series = []
            frame.parameters = []
            frame.variants = []
            try draw(zip(parameters, combination).map { $0.values[$1] }, &frame)
            variants.append(frame.series)
            // The next combination, the last parameter varying fastest.
            var k = parameters.count - 1
            while k >= 0 {
                combination[k] += 1
                if combination[k] < parameters[k].values.count { break }
                combination[k] = 0
                k -= 1
            }
        }
    }

    /// The variant shown first: every parameter at its initial value.
    public var initialVariant: Int {
        parameters.reduce(0) { $0 * $1.values.count + $1.initial }
    }

    /// Every series the figure may show: its own and every variant's.
    public var allSeries: [Series] { series + variants.flatMap { $0 } }

    /// Samples f on an n × n grid over the ranges and draws the given levels
    /// (by default, levels spaced evenly in √f, which suits quadratics).
    public mutating func contour(_ f: (Double, Double) -> Double, x: ClosedRange<Double>, y: ClosedRange<Double>,
                                 levels: [Double]? = nil, resolution n: Int = 60) {
        let xs = (0..<n).map { x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(n - 1) }
        let ys = (0..<n).map { y.lowerBound + (y.upperBound - y.lowerBound) * Double($0) / Double(n - 1) }
        let values = ys.map { yv in xs.map { xv in f(xv, yv) } }
        let finite = values.joined().filter { $0.isFinite }
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let chosen = levels ?? (1...10).map { k in
            let r = Double(k) / 11
            return lo + (hi - lo) * r * r
        }
        contour = Contour(xs: xs, ys: ys, values: values, levels: chosen)
        xRange = x
        yRange = y
    }
}

extension Figure {
    /// Why this figure cannot be drawn, if it cannot: a logarithmic axis whose range
    /// reaches zero or below, a range that is not finite or is empty.
    public var drawingProblem: String? {
        func check(_ name: String, _ range: ClosedRange<Double>?, _ scale: Scale) -> String? {
            guard let range else { return nil }
            if !range.lowerBound.isFinite || !range.upperBound.isFinite {
                return "the \(name) axis's range \(range) is not finite"
            }
            if range.lowerBound == range.upperBound { return "the \(name) axis's range \(range) is empty" }
            if scale == .log && range.lowerBound <= 0 {
                return "the \(name) axis is logarithmic, but its range \(range) reaches zero or below; start it above 0"
            }
            return nil
        }
        return check("x", xRange, xScale) ?? check("y", yRange, yScale)
    }
}

/// A figure as the tangler registered it: where it is and how to draw it.
public struct FigureEntry: Sendable {
    public var name: String
    public var file: String
    public var line: Int
    public var make: @Sendable () throws -> Figure

    public init(name: String, file: String, line: Int, make: @escaping @Sendable () throws -> Figure) {
        self.name = name
        self.file = file
        self.line = line
        self.make = make
    }
}
