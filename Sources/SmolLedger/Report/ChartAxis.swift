import Foundation

/// One axis of a chart: the value range, its mapping to [0, 1], and round tick values.
struct Axis {
    let scale: FigureSpec.Scale
    /// Ends of the axis, in axis units (log10 of the value on a log axis).
    let lower: Double
    let upper: Double

    /// An axis covering `values` with 5% of air at each end (a linear axis) or to whole powers of ten
    /// around them (a log axis). An empty or single-valued range is widened so it has a length.
    init(values: [Double], scale: FigureSpec.Scale) {
        self.scale = scale
        let mapped = values.filter(\.isFinite).map { scale == .log ? log10($0) : $0 }
        var low = mapped.min() ?? 0, high = mapped.max() ?? 1
        if high - low < 1e-12 {
            let pad = scale == .log ? 0.5 : max(abs(low) * 0.1, 1)
            low -= pad
            high += pad
        } else if scale == .linear {
            let air = (high - low) * 0.05
            low -= air
            high += air
        } else {
            low = floor(low * 4) / 4
            high = ceil(high * 4) / 4
        }
        lower = low
        upper = high
    }

    /// Position of a value along the axis: 0 at `lower`, 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        let v = scale == .log ? log10(value) : value
        return (v - lower) / (upper - lower)
    }

    /// Round values inside the axis, as plain values (not logarithms): steps of 1, 2 or 5 × 10^k on a
    /// linear axis, powers of ten (and 2×, 5× when the axis spans less than two decades) on a log one.
    func ticks() -> [Double] {
        if scale == .log {
            var ticks: [Double] = []
            let span = upper - lower
            let multiples: [Double] = span < 2 ? [1, 2, 5] : [1]
            for exponent in Int(floor(lower))...Int(ceil(upper)) {
                for m in multiples {
                    let value = m * pow(10, Double(exponent))
                    let position = log10(value)
                    if position >= lower - 1e-9 && position <= upper + 1e-9 { ticks.append(value) }
                }
            }
            return ticks
        }
        let step = Axis.niceStep((upper - lower) / 7)   // 4 to 8 ticks
        let first = Int(ceil(lower / step - 1e-9)), last = Int(floor(upper / step + 1e-9))
        guard first <= last else { return [] }
        return (first...last).map { Double($0) * step }
    }

    /// The nearest of 1, 2, 5 × 10^k at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * (1 - 1e-9) { return m * magnitude }
        return 10 * magnitude
    }

    /// A short tick label: at most six significant digits, exponent form outside [1e-4, 1e6).
    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e6 { return String(format: "%.6g", value) }
        return String(format: "%.0e", value)
    }
}
