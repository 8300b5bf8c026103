/// A registered report table: which metric fills the cells and which fields key its rows and columns.
///
/// Semantics (evaluated by `Ledger.table(_:)`):
/// - `value` is a metric name; every ok command in scope that recorded it contributes its points.
/// - `scope` `.session`: the commands of session `session` (the one that registered the spec), and
///   for each of its cached commands the command it was answered from (`cached_from`), so a re-run
///   answered from the ledger still has its metrics. `.all`: every session in the ledger (a spec stored
///   without a scope, written before scopes existed, reads as `.all`).
/// - A field of a point is looked up in the point's own tags (`MetricPoint.tags`: one evaluation
///   command logs a point per model × condition × scoring), then in its command's params (top level),
///   then in `params.tags`, then
///   breadth-first, nearest first, in the params of the commands that produced its inputs. The field
///   `step` is the metric point's own step (a training curve: rows "step", columns "lr").
/// - `filter` (the script's `where:`) keeps points whose fields render to the given text.
/// - `aggregate` combines the points that land in one cell: `last` (the highest step of the most
///   recent command), `mean`, `max`, `min` (over every point, every step).
public struct TableSpec: Sendable, Hashable, Codable {
    /// Table name; also the file name of its rendered forms.
    public var name: String
    /// The field whose values key the rows.
    public var rows: String
    /// The field whose values key the columns; nil for a single column named after `value`.
    public var columns: String?
    /// The metric name.
    public var value: String
    /// Field -> required value rendered as text (strings unquoted, numbers canonical).
    public var filter: [String: String]
    /// last | mean | max | min.
    public var aggregate: String
    /// Which commands' metrics count.
    public var scope: Scope
    /// The session a `.session` scope covers (the registering session); nil for `.all`.
    public var session: Int64?

    /// Which commands' metrics a table covers.
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        /// The registering session's commands (and the commands its cached ones were answered from).
        case session
        /// Every session in the ledger.
        case all
    }

    /// The aggregates `Ledger.table` understands.
    public static let aggregates = ["last", "mean", "max", "min"]

    /// Makes a table spec.
    public init(name: String, rows: String, columns: String? = nil, value: String,
                filter: [String: String] = [:], aggregate: String = "last", scope: Scope = .all, session: Int64? = nil) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.value = value
        self.filter = filter
        self.aggregate = aggregate
        self.scope = scope
        self.session = scope == .session ? session : nil
    }

    enum CodingKeys: String, CodingKey { case name, rows, columns, value, filter, aggregate, scope, session }

    /// Decodes a spec, defaulting `filter` to empty, `aggregate` to `last` and `scope` to `all`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        rows = try c.decode(String.self, forKey: .rows)
        columns = try c.decodeIfPresent(String.self, forKey: .columns)
        value = try c.decode(String.self, forKey: .value)
        filter = try c.decodeIfPresent([String: String].self, forKey: .filter) ?? [:]
        aggregate = try c.decodeIfPresent(String.self, forKey: .aggregate) ?? "last"
        scope = try c.decodeIfPresent(Scope.self, forKey: .scope) ?? .all
        session = try c.decodeIfPresent(Int64.self, forKey: .session)
    }

    /// Encodes a spec; `scope` and `session` only when scoped to a session, so an `.all` spec keeps
    /// the bytes it had before scopes existed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(rows, forKey: .rows)
        try c.encodeIfPresent(columns, forKey: .columns)
        try c.encode(value, forKey: .value)
        try c.encode(filter, forKey: .filter)
        try c.encode(aggregate, forKey: .aggregate)
        if scope == .session {
            try c.encode(scope, forKey: .scope)
            try c.encodeIfPresent(session, forKey: .session)
        }
    }
}

/// An evaluated table: sorted keys and one optional value per cell.
public struct ReportTable: Sendable, Equatable {
    /// Table name.
    public var name: String
    /// Header of the key column (the `rows` field, with `columns` after a backslash when present).
    public var rowHeader: String
    /// Row keys, sorted numerically when all numeric, else by UTF-8 bytes.
    public var rowKeys: [String]
    /// Column keys, sorted the same way.
    public var columnKeys: [String]
    /// cells[row][column]; nil where no point landed.
    public var cells: [[Double?]]

    /// Makes a table.
    public init(name: String, rowHeader: String, rowKeys: [String], columnKeys: [String], cells: [[Double?]]) {
        self.name = name
        self.rowHeader = rowHeader
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.cells = cells
    }
}
