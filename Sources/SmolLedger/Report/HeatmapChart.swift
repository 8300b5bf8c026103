import Foundation

/// Draws an evaluated table as an SVG heat map: one column of cells per row key (the x field), one
/// row of cells per column key (the series field, rising upwards), each cell filled on a sequential
/// colour scale between the smallest and the largest value and labelled with its value; an empty
/// cell is left white. Deterministic like `SVGChart` (a pure function of the table and the spec).
enum HeatmapChart {
    /// Stops of the colour scale (viridis at 0, ¼, ½, ¾, 1), interpolated linearly in RGB.
    static let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]

    static func render(_ table: ReportTable, _ spec: FigureSpec) throws -> String {
        guard spec.table.columns != nil else {
            throw LedgerError.invalidName(spec.name, reason: "a heatmap needs series: (the field along its vertical axis)")
        }
        guard spec.xScale == .linear, spec.yScale == .linear else {
            throw LedgerError.invalidName(spec.name, reason: "a heatmap's axes are categories; leave x_scale and y_scale linear")
        }
        let width = SVGChart.width, height = SVGChart.height
        let left = SVGChart.left, right = SVGChart.right, top = SVGChart.top, bottom = SVGChart.bottom
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let columns = max(table.rowKeys.count, 1), rows = max(table.columnKeys.count, 1)
        let cellWidth = plotWidth / Double(columns), cellHeight = plotHeight / Double(rows)
        let values = table.cells.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        let low = values.min() ?? 0, high = values.max() ?? 1

        var svg = SVGWriter(width: width, height: height)
        svg.text(spec.title.isEmpty ? spec.name : spec.title, x: left + plotWidth / 2, y: 24, anchor: "middle", size: 15, bold: true)
        for (x, key) in table.rowKeys.enumerated() {
            for (y, series) in table.columnKeys.enumerated() {
                let cellX = left + cellWidth * Double(x), cellY = top + plotHeight - cellHeight * Double(y + 1)
                guard let value = table.cells[x][y], value.isFinite else {
                    svg.rect(x: cellX, y: cellY, width: cellWidth, height: cellHeight, fill: "#ffffff", stroke: "#cccccc")
                    continue
                }
                let fraction = high > low ? (value - low) / (high - low) : 0.5
                svg.rect(x: cellX, y: cellY, width: cellWidth, height: cellHeight, fill: colour(fraction), stroke: "#ffffff")
                svg.text(ReportRenderer.number(value), x: cellX + cellWidth / 2, y: cellY + cellHeight / 2 + 4, anchor: "middle",
                         size: 11, fill: fraction > 0.6 ? "#000000" : "#ffffff")
                _ = (key, series)
            }
        }
        // Axis labels: x keys under the columns, series keys beside the rows.
        for (x, key) in table.rowKeys.enumerated() {
            svg.text(key, x: left + cellWidth * (Double(x) + 0.5), y: top + plotHeight + 16, anchor: "middle", size: 11)
        }
        for (y, key) in table.columnKeys.enumerated() {
            svg.text(key, x: left - 6, y: top + plotHeight - cellHeight * (Double(y) + 0.5) + 4, anchor: "end", size: 11)
        }
        let headers = table.rowHeader.components(separatedBy: " \\ ")
        svg.text(headers.first ?? table.rowHeader, x: left + plotWidth / 2, y: height - 14, anchor: "middle", size: 12)
        svg.text(headers.count > 1 ? headers[1] : "", x: 16, y: top + plotHeight / 2, anchor: "middle", size: 12, rotate: true)
        // Colour bar: the metric's name, the scale, and its two ends.
        let barX = width - right + 24, barWidth = 16.0, steps = 20
        svg.text(spec.table.value, x: barX, y: top - 8, anchor: "start", size: 11)
        for i in 0..<steps {
            let fraction = Double(i) / Double(steps - 1)
            svg.rect(x: barX, y: top + plotHeight * (1 - Double(i + 1) / Double(steps)), width: barWidth,
                     height: plotHeight / Double(steps), fill: colour(fraction), stroke: "none")
        }
        svg.text(ReportRenderer.number(high), x: barX + barWidth + 6, y: top + 10, anchor: "start", size: 11)
        svg.text(ReportRenderer.number(low), x: barX + barWidth + 6, y: top + plotHeight, anchor: "start", size: 11)
        return svg.finish()
    }

    /// The scale's colour at `fraction` ∈ [0, 1], as `#rrggbb`.
    static func colour(_ fraction: Double) -> String {
        let f = min(1, max(0, fraction)) * Double(stops.count - 1)
        let i = min(Int(f), stops.count - 2), t = f - Double(i)
        let a = stops[i], b = stops[i + 1]
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
