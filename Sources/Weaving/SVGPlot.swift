import Claims
import Foundation

/// Draws a `Figure` as a self-contained inline SVG: axes with ticks and labels,
/// linear or logarithmic scales (powers of ten written 10⁻¹⁶), contour lines by marching
/// squares; the legend is HTML beside it (`legend`), and the title is the caption's.
enum SVGPlot {
    static let width = 640.0, height = 400.0
    static let left = 70.0, right = 16.0, top = 14.0, bottom = 50.0
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    struct Axis {
        var scale: Figure.Scale
        var lo: Double
        var hi: Double
        var pixelLo: Double
        var pixelHi: Double

        func t(_ v: Double) -> Double { scale == .log ? log10(v) : v }
        func pixel(_ v: Double) -> Double? {
            guard v.isFinite, scale == .linear || v > 0 else { return nil }
            let a = t(lo), b = t(hi)
            return pixelLo + (t(v) - a) / (b - a) * (pixelHi - pixelLo)
        }
    }

    static func svg(_ figure: Figure, id: String) -> String {
        // An explorable figure's axes cover every variant, so that they stay put as the reader explores.
        let xs = figure.allSeries.flatMap { $0.points.map(\.x) } + (figure.contour?.xs ?? [])
        let ys = figure.allSeries.flatMap { $0.points.map(\.y) } + (figure.contour?.ys ?? [])
        let (xlo, xhi) = figure.xRange.map { ($0.lowerBound, $0.upperBound) } ?? range(xs, figure.xScale)
        let (ylo, yhi) = figure.yRange.map { ($0.lowerBound, $0.upperBound) } ?? range(ys, figure.yScale)
        let x = Axis(scale: figure.xScale, lo: xlo, hi: xhi, pixelLo: left, pixelHi: width - right)
        let y = Axis(scale: figure.yScale, lo: ylo, hi: yhi, pixelLo: height - bottom, pixelHi: top)
        let clip = "clip-\(id)"

        var s = "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(figure.title))\">\n"
        s += "<title>\(HTML.escape(figure.title))</title>\n"
        s += "<defs><clipPath id=\"\(clip)\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width - left - right))\" height=\"\(f(height - top - bottom))\"/></clipPath></defs>\n"
        s += "<rect class=\"frame\" x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width - left - right))\" height=\"\(f(height - top - bottom))\" fill=\"none\" stroke=\"#888\"/>\n"

        // Ticks and grid.
        for v in ticks(x) {
            guard let px = x.pixel(v) else { continue }
            s += "<line class=\"grid\" x1=\"\(f(px))\" y1=\"\(f(top))\" x2=\"\(f(px))\" y2=\"\(f(height - bottom))\" stroke=\"#eee\"/>"
            s += "<text class=\"tick\" x=\"\(f(px))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\" font-size=\"11\">\(HTML.escape(label(v, x.scale)))</text>\n"
        }
        for v in ticks(y) {
            guard let py = y.pixel(v) else { continue }
            s += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(py))\" x2=\"\(f(width - right))\" y2=\"\(f(py))\" stroke=\"#eee\"/>"
            s += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(py + 4))\" text-anchor=\"end\" font-size=\"11\">\(HTML.escape(label(v, y.scale)))</text>\n"
        }
        s += "<text class=\"axis-label\" x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\" font-size=\"12\">\(HTML.escape(figure.xLabel))</text>\n"
        s += "<text class=\"axis-label\" transform=\"translate(16 \(f((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(HTML.escape(figure.yLabel))</text>\n"

        if let contour = figure.contour {
            s += "<g class=\"contour\" clip-path=\"url(#\(clip))\" fill=\"none\" stroke=\"#b8b8b8\" stroke-width=\"0.8\">\n"
            for level in contour.levels {
                let d = contourPath(contour, level: level, x: x, y: y)
                if !d.isEmpty { s += "<path d=\"\(d)\"/>\n" }
            }
            s += "</g>\n"
        }

        s += seriesSVG(figure.series, from: 0, x: x, y: y, clip: clip)
        let initial = figure.initialVariant
        for (i, variant) in figure.variants.enumerated() {
            s += "<g class=\"variant\" data-variant=\"\(i)\"\(i == initial ? "" : " display=\"none\"")>\n"
            s += seriesSVG(variant, from: figure.series.count, x: x, y: y, clip: clip)
            s += "</g>\n"
        }
        return s + "</svg>"
    }

    /// Series as SVG groups, coloured from the `from`-th colour on.
    static func seriesSVG(_ list: [Figure.Series], from first: Int, x: Axis, y: Axis, clip: String) -> String {
        var s = ""
        for (k, series) in list.enumerated() {
            let color = colors[(first + k) % colors.count]
            s += "<g class=\"series\" data-name=\"\(HTML.escape(series.name))\" clip-path=\"url(#\(clip))\">\n"
            if series.style != .points {
                var d = "", pen = false
                for p in series.points {
                    guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { pen = false; continue }
                    d += (pen ? "L" : "M") + "\(f(px)) \(f(py)) "
                    pen = true
                }
                s += "<path d=\"\(d.trimmingCharacters(in: .whitespaces))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"/>\n"
            }
            if series.style != .line {
                let r = series.style == .points ? 2.6 : 2.0
                for p in series.points {
                    guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { continue }
                    s += "<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"\(f(r))\" fill=\"\(color)\"/>"
                }
                s += "\n"
            }
            s += "</g>\n"
        }
        return s
    }

    /// The legend, in HTML under the plot: it never covers data, and it stays readable on a
    /// phone, where the drawing is scaled down. An explorable figure has one per variant.
    static func legend(_ figure: Figure) -> String {
        guard !figure.variants.isEmpty else { return legend(figure.series, variant: nil, shown: true) }
        let initial = figure.initialVariant
        return figure.variants.enumerated().map { i, v in legend(figure.series + v, variant: i, shown: i == initial) }.joined()
    }

    static func legend(_ list: [Figure.Series], variant: Int?, shown: Bool) -> String {
        guard !list.isEmpty else { return "" }
        var s = "<ul class=\"legend\"\(variant.map { " data-variant=\"\($0)\"" } ?? "")\(shown ? "" : " hidden")>"
        for (k, series) in list.enumerated() {
            let color = colors[k % colors.count]
            let mark = series.style == .points ? "dot" : "line"
            s += "<li><span class=\"swatch \(mark)\" style=\"--c: \(color)\"></span>\(HTML.escape(series.name))</li>"
        }
        return s + "</ul>"
    }

    /// An explorable figure's sliders, one per parameter, set to the initial variant.
    static func controls(_ figure: Figure, id: String) -> String {
        guard !figure.parameters.isEmpty else { return "" }
        var s = "<div class=\"controls\" data-shape=\"\(figure.parameters.map { String($0.values.count) }.joined(separator: ","))\">"
        for (k, p) in figure.parameters.enumerated() {
            let values = p.values.map { label(value: $0) }
            s += "<label><span class=\"name\">\(HTML.escape(p.name)) =</span> <output>\(values[p.initial])</output>"
            s += "<input type=\"range\" min=\"0\" max=\"\(p.values.count - 1)\" step=\"1\" value=\"\(p.initial)\" data-parameter=\"\(k)\" data-values=\"\(values.joined(separator: "|"))\" aria-label=\"\(HTML.escape(p.name))\"></label>"
        }
        return s + "</div>\n"
    }

    /// A parameter's value as a reader reads it: 0.5, 0.999, 1e-8.
    static func label(value v: Double) -> String {
        if v != 0 && (abs(v) < 1e-3 || abs(v) >= 1e5) { return String(format: "%g", v) }
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// The data's range with a 4% margin (log scales: positive values only).
    static func range(_ values: [Double], _ scale: Figure.Scale) -> (Double, Double) {
        let v = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        guard var lo = v.min(), var hi = v.max() else { return scale == .log ? (1, 10) : (0, 1) }
        if scale == .log {
            if lo == hi { lo /= 10; hi *= 10 }
            return (lo, hi)
        }
        if lo == hi { lo -= 1; hi += 1 }
        let m = (hi - lo) * 0.04
        return (lo - m, hi + m)
    }

    /// Tick values: 1-2-5 steps on a linear axis, powers of ten on a log axis.
    static func ticks(_ axis: Axis) -> [Double] {
        if axis.scale == .log {
            // A range that reaches 0 is refused before drawing (`Figure.drawingProblem`); never trap here.
            guard axis.lo > 0, axis.hi > axis.lo, axis.lo.isFinite, axis.hi.isFinite else { return [] }
            let a = Int(floor(log10(axis.lo))), b = Int(ceil(log10(axis.hi)))
            let step = max(1, (b - a) / 8)
            // Fewer than three decades in view: label 2× and 5× too, or there would be one tick.
            let mantissas: [Double] = b - a < 3 ? [1, 2, 5] : [1]
            return stride(from: a, through: b, by: step).flatMap { k in mantissas.map { $0 * pow(10, Double(k)) } }
                .filter { $0 >= axis.lo * 0.999 && $0 <= axis.hi * 1.001 }
        }
        let span = axis.hi - axis.lo
        guard span > 0, span.isFinite else { return [axis.lo] }
        let raw = span / 6, mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = ceil(axis.lo / step) * step, out: [Double] = []
        while t <= axis.hi + step * 1e-9 && out.count < 20 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    static func label(_ v: Double, _ scale: Figure.Scale) -> String {
        if scale == .log {
            guard v > 0, v.isFinite else { return "" }
            let k = Int(floor(log10(v) + 1e-9)), m = Int((v / pow(10, Double(k))).rounded())
            let power = k == 0 ? "1" : k == 1 ? "10" : "10" + superscript(k)
            return m == 1 ? power : "\(m)×\(power)"
        }
        if v == 0 { return "0" }
        if abs(v) >= 1e5 || abs(v) < 1e-3 { return String(format: "%.0e", v) }
        return String(format: "%g", (v * 1e6).rounded() / 1e6)
    }

    /// −16 → ⁻¹⁶, as a printed axis writes a power of ten.
    static func superscript(_ k: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(k).map { digits[$0] ?? $0 })
    }

    static func f(_ v: Double) -> String {
        let s = String(format: "%.1f", v)
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }

    /// Marching squares: the segments where the sampled surface crosses `level`.
    static func contourPath(_ c: Figure.Contour, level: Double, x: Axis, y: Axis) -> String {
        var d = ""
        let nx = c.xs.count, ny = c.ys.count
        guard nx > 1, ny > 1 else { return "" }
        func point(_ i0: Int, _ j0: Int, _ i1: Int, _ j1: Int) -> (Double, Double)? {
            let v0 = c.values[j0][i0], v1 = c.values[j1][i1]
            guard v0.isFinite, v1.isFinite, (v0 - level) * (v1 - level) <= 0, v0 != v1 else { return nil }
            let t = (level - v0) / (v1 - v0)
            let px = c.xs[i0] + t * (c.xs[i1] - c.xs[i0]), py = c.ys[j0] + t * (c.ys[j1] - c.ys[j0])
            guard let sx = x.pixel(px), let sy = y.pixel(py) else { return nil }
            return (sx, sy)
        }
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                let edges = [point(i, j, i + 1, j), point(i + 1, j, i + 1, j + 1),
                             point(i, j + 1, i + 1, j + 1), point(i, j, i, j + 1)].compactMap { $0 }
                var k = 0
                while k + 1 < edges.count {
                    d += "M\(f(edges[k].0)) \(f(edges[k].1))L\(f(edges[k + 1].0)) \(f(edges[k + 1].1))"
                    k += 2
                }
            }
        }
        return d
    }
}
