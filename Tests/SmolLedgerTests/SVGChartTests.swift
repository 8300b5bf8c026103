import Foundation
import Testing
@testable import SmolLedger

@Suite("SVG charts")
struct SVGChartTests {
    /// Two series over x = 1, 2, 4; series "b" has no value at x = 2.
    let curve = ReportTable(name: "curve", rowHeader: "step \\ lr", rowKeys: ["1", "2", "4"], columnKeys: ["a", "b"],
                            cells: [[1, 10], [2, nil], [4, 40]])

    func spec(_ kind: FigureSpec.Kind = .line, x: FigureSpec.Scale = .linear, y: FigureSpec.Scale = .linear) -> FigureSpec {
        FigureSpec(table: TableSpec(name: "curve", rows: "step", columns: "lr", value: "loss"), kind: kind, xScale: x, yScale: y)
    }

    /// The `points` attribute of every polyline.
    func polylines(_ svg: String) -> [[(Double, Double)]] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }.map { line in
            let list = line.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
            return list.split(separator: " ").map { pair in
                let xy = pair.split(separator: ",").map { Double($0)! }
                return (xy[0], xy[1])
            }
        }
    }

    @Test("points land where the axes put them: x and y increase to the right and upwards, in proportion")
    func pointPositions() throws {
        let svg = try SVGChart.render(curve, spec())
        let lines = polylines(svg)
        #expect(lines.count == 1)   // series b has a gap at x = 2, so its two points are not joined
        let a = try #require(lines.first)
        #expect(a.count == 3)
        // Equal x steps 1 → 2 and 2 → 4 differ by a factor of two on a linear axis.
        #expect(abs((a[2].0 - a[1].0) - 2 * (a[1].0 - a[0].0)) < 0.02)
        #expect(a[0].1 > a[1].1 && a[1].1 > a[2].1)   // SVG y grows downwards
        #expect(svg.components(separatedBy: "<circle").count - 1 == 5)   // every present value gets a marker
        #expect(svg.contains(">lr = a</text>") && svg.contains(">lr = b</text>"))
    }

    @Test("a log axis spaces 1, 2, 4 evenly and labels powers of ten")
    func logAxis() throws {
        let svg = try SVGChart.render(curve, spec(x: .log, y: .log))
        let a = try #require(polylines(svg).first)
        #expect(abs((a[2].0 - a[1].0) - (a[1].0 - a[0].0)) < 0.02)
        #expect(svg.contains(">10</text>") && svg.contains(">1</text>"))
    }

    @Test("a log axis refuses values it cannot place")
    func logAxisRefusesNonPositiveValues() {
        let negative = ReportTable(name: "n", rowHeader: "x", rowKeys: ["1", "2"], columnKeys: ["v"], cells: [[-1], [3]])
        #expect(throws: LedgerError.self) { _ = try SVGChart.render(negative, spec(y: .log)) }
        let text = ReportTable(name: "t", rowHeader: "task", rowKeys: ["arc", "gsm"], columnKeys: ["v"], cells: [[1], [3]])
        #expect(throws: LedgerError.self) { _ = try SVGChart.render(text, spec(x: .log)) }
    }

    @Test("bars: one group per x key (text keys allowed), heights proportional to the values from zero")
    func bars() throws {
        let table = ReportTable(name: "t", rowHeader: "task", rowKeys: ["arc", "gsm"], columnKeys: ["tpw"], cells: [[1], [3]])
        let svg = try SVGChart.render(table, spec(.bar))
        let heights = svg.split(separator: "\n").filter { $0.hasPrefix("<rect") && $0.contains("#0072B2") && !$0.contains("width=\"12\"") }
            .map { Double($0.components(separatedBy: "height=\"")[1].components(separatedBy: "\"")[0])! }
        #expect(heights.count == 2)
        #expect(abs(heights[1] - 3 * heights[0]) < 0.05)
        #expect(svg.contains(">arc</text>") && svg.contains(">gsm</text>"))
    }

    @Test("text is escaped and the same table renders to the same bytes")
    func escapingAndDeterminism() throws {
        let table = ReportTable(name: "t", rowHeader: "x", rowKeys: ["1", "2"], columnKeys: ["<a&b>"], cells: [[1], [2]])
        let first = try SVGChart.render(table, spec())
        #expect(first.contains("&lt;a&amp;b&gt;") && !first.contains("<a&b>"))
        #expect(try SVGChart.render(table, spec()) == first)
        #expect(first.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && first.hasSuffix("</svg>\n"))
    }

    @Test("ticks are round numbers inside the axis")
    func ticks() {
        #expect(Axis(values: [0, 1], scale: .linear).ticks().map(Axis.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(Axis(values: [3, 3], scale: .linear).ticks().count >= 2)
        #expect(Axis(values: [0.001, 10], scale: .log).ticks().map(Axis.label) == ["0.001", "0.01", "0.1", "1", "10"])
        #expect(Axis.label(2_000_000) == "2e+06")
    }

    @Test("a heat map draws one labelled cell per value, coloured from the smallest to the largest, and leaves gaps white")
    func heatmapCells() throws {
        let grid = ReportTable(name: "grid", rowHeader: "lr \\ batch_size", rowKeys: ["0.0003", "0.001"], columnKeys: ["4", "8"],
                               cells: [[1.5, 2.5], [3.5, nil]])
        let spec = FigureSpec(table: TableSpec(name: "grid", rows: "lr", columns: "batch_size", value: "heldout_loss"), kind: .heatmap)
        let svg = try SVGChart.render(grid, spec)
        #expect(try SVGChart.render(grid, spec) == svg)   // deterministic
        for label in [">1.5</text>", ">2.5</text>", ">3.5</text>", ">0.0003</text>", ">8</text>", ">lr</text>", ">batch_size</text>"] {
            #expect(svg.contains(label), "\(label)")
        }
        #expect(svg.contains("fill=\"\(HeatmapChart.colour(0))\"") && svg.contains("fill=\"\(HeatmapChart.colour(1))\""))
        #expect(svg.contains(##"fill="#ffffff" stroke="#cccccc""##))   // the missing cell
        let noSeries = FigureSpec(table: TableSpec(name: "grid", rows: "lr", value: "heldout_loss"), kind: .heatmap)
        #expect(throws: LedgerError.self) { try SVGChart.render(grid, noSeries) }
    }

    @Test("a slope chart joins each model's ranks under two conditions, rank 1 on top, names at both ends")
    func slopeOfRanks() throws {
        let ranks = ReportTable(name: "ranks", rowHeader: "condition \\ model", rowKeys: ["original", "swap"], columnKeys: ["a", "b"],
                                cells: [[1, 2], [2, 1]])
        let spec = FigureSpec(table: TableSpec(name: "ranks", rows: "condition", columns: "model", value: "leaderboard.rank"), kind: .slope)
        let svg = try SVGChart.render(ranks, spec)
        let lines = polylines(svg)
        #expect(lines.count == 2)
        // Model a goes from rank 1 (higher on the page, smaller y) to rank 2.
        #expect(lines[0][0].1 < lines[0][1].1 && lines[1][0].1 > lines[1][1].1)
        #expect(lines[0][0].0 < lines[0][1].0)
        #expect(svg.components(separatedBy: ">a</text>").count == 3)   // both ends (the legend reads "model = a")
    }
}
