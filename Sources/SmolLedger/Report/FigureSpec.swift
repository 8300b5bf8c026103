/// A registered report figure: a metric plotted against a field, one series per value of another field.
///
/// The data are exactly those of the table `table` (rows = x, columns = series, value = y), so a figure
/// and a table over the same fields always agree; `SVGChart` draws them.
public struct FigureSpec: Sendable, Hashable, Codable {
    /// How the points are drawn.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Points joined in x order, one line per series.
        case line
        /// Points only.
        case scatter
        /// Grouped bars, one group per x value (x may be text).
        case bar
        /// A grid of cells: x values across, series values up, each cell coloured by its value and
        /// labelled with it (e.g. a metric over learning rate × batch size). Needs a `series` field.
        case heatmap
        /// A slope chart: each series (a model) is one line through its values at the x keys (two
        /// conditions, or more), x is categorical, and each line is labelled at both ends. A metric
        /// whose name ends in `rank` is drawn with rank 1 at the top.
        case slope
    }

    /// How an axis maps values to positions.
    public enum Scale: String, Sendable, Hashable, Codable, CaseIterable {
        case linear
        /// Base-10 logarithm; every plotted value must be positive.
        case log
    }

    /// The data: `rows` is the x field, `columns` the series field, `value` the metric on y.
    public var table: TableSpec
    public var kind: Kind
    public var xScale: Scale
    public var yScale: Scale
    /// Heading drawn above the plot; the figure name when empty.
    public var title: String

    /// Figure name; also the file name (`NAME.svg`).
    public var name: String { table.name }

    /// Makes a figure spec.
    public init(table: TableSpec, kind: Kind = .line, xScale: Scale = .linear, yScale: Scale = .linear, title: String = "") {
        self.table = table
        self.kind = kind
        self.xScale = xScale
        self.yScale = yScale
        self.title = title
    }
}
