import Foundation
import SmolCore

/// Draws an evaluated table as an SVG chart: x = row keys, one series per column, y = cell values.
///
/// The output is a pure function of the table and the spec — coordinates are printed with two decimals
/// and nothing depends on the time, the locale or the font — so `smol report` writes the same bytes
/// every time from the same ledger.
public enum SVGChart {
    /// Canvas and plot-area geometry, in SVG user units.
    static let width = 640.0, height = 400.0
    static let left = 70.0, right = 170.0, top = 44.0, bottom = 56.0

    /// Series colours (Okabe–Ito, distinguishable with the common colour-vision deficiencies).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    /// The figure as SVG text; throws when the data cannot be drawn as asked (say, log of a negative value).
    public static func render(_ table: ReportTable, _ spec: FigureSpec) throws -> String {
        if spec.kind == .heatmap { return try HeatmapChart.render(table, spec) }
        let xNumbers = table.rowKeys.compactMap { Double($0) }
        let categorical = spec.kind == .bar || spec.kind == .slope
        let numericX = !categorical && !table.rowKeys.isEmpty && xNumbers.count == table.rowKeys.count
        guard numericX || spec.xScale == .linear else {
            throw LedgerError.invalidName(spec.name, reason: "a log x axis needs numeric x values and a line or scatter figure")
        }
        let series = table.columnKeys
        let values = table.cells.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        if spec.yScale == .log, values.contains(where: { $0 <= 0 }) {
            throw LedgerError.invalidName(spec.name, reason: "a log y axis needs positive values; use y_scale: \"linear\"")
        }
        if spec.xScale == .log, xNumbers.contains(where: { $0 <= 0 }) {
            throw LedgerError.invalidName(spec.name, reason: "a log x axis needs positive x values; use x_scale: \"linear\"")
        }

        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let yAxis = Axis(values: spec.kind == .bar && spec.yScale == .linear ? values + [0] : values, scale: spec.yScale)
        let xAxis: Axis? = numericX ? Axis(values: xNumbers, scale: spec.xScale) : nil
        // A slope chart of ranks reads top-down: rank 1 highest.
        let reversedY = spec.kind == .slope && spec.table.value.lowercased().hasSuffix("rank")
        func yPosition(_ v: Double) -> Double { top + plotHeight * (reversedY ? yAxis.fraction(v) : 1 - yAxis.fraction(v)) }
        func xPosition(row: Int) -> Double {
            if let xAxis { return left + plotWidth * xAxis.fraction(xNumbers[row]) }
            return left + plotWidth * (Double(row) + 0.5) / Double(max(table.rowKeys.count, 1))
        }

        var svg = SVGWriter(width: width, height: height)
        svg.text(spec.title.isEmpty ? spec.name : spec.title, x: left + plotWidth / 2, y: 24, anchor: "middle", size: 15, bold: true)
        svg.rect(x: left, y: top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#444444")

        // Axes: grid lines and tick labels.
        for tick in yAxis.ticks() {
            let y = yPosition(tick)
            svg.line(x1: left, y1: y, x2: left + plotWidth, y2: y, stroke: "#dddddd")
            svg.text(Axis.label(tick), x: left - 6, y: y + 4, anchor: "end", size: 11)
        }
        if let xAxis {
            for tick in xAxis.ticks() {
                let x = left + plotWidth * xAxis.fraction(tick)
                svg.line(x1: x, y1: top, x2: x, y2: top + plotHeight, stroke: "#eeeeee")
                svg.text(Axis.label(tick), x: x, y: top + plotHeight + 16, anchor: "middle", size: 11)
            }
        } else {
            for (row, key) in table.rowKeys.enumerated() {
                svg.text(key, x: xPosition(row: row), y: top + plotHeight + 16, anchor: "middle", size: 11)
            }
        }
        let xLabel = table.rowHeader.components(separatedBy: " \\ ").first ?? table.rowHeader
        svg.text(xLabel + (spec.xScale == .log ? " (log)" : ""), x: left + plotWidth / 2, y: height - 14, anchor: "middle", size: 12)
        svg.text(spec.table.value + (spec.yScale == .log ? " (log)" : ""), x: 16, y: top + plotHeight / 2, anchor: "middle",
                 size: 12, rotate: true)

        // Data.
        let groupWidth = plotWidth / Double(max(table.rowKeys.count, 1)) * 0.8
        for (s, name) in series.enumerated() {
            let colour = palette[s % palette.count]
            let points: [(x: Double, y: Double)?] = table.rowKeys.indices.map { row in
                guard let v = table.cells[row][s], v.isFinite else { return nil }
                return (xPosition(row: row), yPosition(v))
            }
            switch spec.kind {
            case .bar:
                let barWidth = groupWidth / Double(series.count)
                let base = yPosition(spec.yScale == .log ? yAxis.lower : max(yAxis.lower, min(0, yAxis.upper)))
                for (row, point) in points.enumerated() {
                    guard let point else { continue }
                    let x = xPosition(row: row) - groupWidth / 2 + barWidth * Double(s)
                    svg.rect(x: x, y: min(point.y, base), width: barWidth, height: abs(base - point.y), fill: colour, stroke: "none")
                }
            case .heatmap:
                break   // drawn by HeatmapChart
            case .slope:
                var run: [(x: Double, y: Double)] = []
                for point in points + [nil] {
                    if let point { run.append(point); continue }
                    if run.count > 1 { svg.polyline(run, stroke: colour) }
                    run = []
                }
                for point in points.compactMap({ $0 }) { svg.circle(x: point.x, y: point.y, r: 3, fill: colour) }
                // Each line is named at both ends, so the figure reads without the legend.
                let present = points.indices.filter { points[$0] != nil }
                if let firstRow = present.first, let lastRow = present.last, let a = points[firstRow], let b = points[lastRow] {
                    svg.text(name, x: a.x - 8, y: a.y + 4, anchor: "end", size: 10)
                    if lastRow != firstRow { svg.text(name, x: b.x + 8, y: b.y + 4, anchor: "start", size: 10) }
                }
            case .line, .scatter:
                if spec.kind == .line {
                    // A missing cell breaks the line rather than bridging the gap.
                    var run: [(x: Double, y: Double)] = []
                    for point in points + [nil] {
                        if let point { run.append(point); continue }
                        if run.count > 1 { svg.polyline(run, stroke: colour) }
                        run = []
                    }
                }
                for point in points.compactMap({ $0 }) { svg.circle(x: point.x, y: point.y, r: 3, fill: colour) }
            }
            // Legend.
            let legendY = top + 8 + 18 * Double(s)
            svg.rect(x: width - right + 14, y: legendY - 9, width: 12, height: 12, fill: colour, stroke: "none")
            svg.text(series.count == 1 && name == spec.table.value ? name : legendName(table, name),
                     x: width - right + 32, y: legendY + 1, anchor: "start", size: 11)
        }
        return svg.finish()
    }

    /// "lr = 0.001" when the series come from a field, the bare key otherwise.
    private static func legendName(_ table: ReportTable, _ key: String) -> String {
        let parts = table.rowHeader.components(separatedBy: " \\ ")
        return parts.count == 2 ? "\(parts[1]) = \(key)" : key
    }

    /// Writes each figure to `DIRECTORY/NAME.svg` atomically; returns the paths.
    public static func write(_ figures: [(ReportTable, FigureSpec)], to directory: String) throws -> [String] {
        try figures.map { table, spec in
            try ReportRenderer.validateFileName(spec.name)
            let path = directory + "/" + spec.name + ".svg"
            let text = try render(table, spec)
            do {
                try AtomicFile.write(Array(text.utf8), to: path)
            } catch {
                throw LedgerError.io(path: path, reason: "cannot write the figure (\(error.localizedDescription)); check the folder")
            }
            return path
        }
    }
}
