import Foundation
import SmolCore

/// Registered report tables and their evaluation over the ledger (semantics on `TableSpec`).
extension Ledger {
    /// The latest registration of every table name, ordered by name.
    public func tables() throws -> [TableSpec] { try latestRegistrations(.tables) }

    /// Where registrations of one kind of report view are kept.
    enum ReportView: String {
        case tables = "report_tables", figures = "report_figures"
    }

    /// The latest registration of every name in `view`, ordered by name (the SQL names a fixed table).
    func latestRegistrations<Spec: Decodable>(_ view: ReportView) throws -> [Spec] {
        let table = view.rawValue
        return try lock.withLock {
            try db.query("""
                SELECT spec_json FROM \(table) r
                WHERE r.id = (SELECT MAX(id) FROM \(table) WHERE name = r.name) ORDER BY r.name
                """) { $0.text(0) }.map { try Ledger.decodeSpec($0) }
        }
    }

    /// Evaluates a table over the metrics of the ok commands in its scope.
    ///
    /// Points whose row or column field cannot be found (in params, tags or lineage ancestors) are left
    /// out, as are points that fail the filter. Keys render as text (`JSONValue.keyText`).
    public func table(_ spec: TableSpec) throws -> ReportTable { try evaluate(spec).table }

    /// What evaluating a table found, so a caller can tell a misspelled metric or field from a real gap.
    public struct TableEvaluation: Sendable {
        /// The table.
        public var table: ReportTable
        /// Points of the metric in scope, before the filter and field lookups.
        public var metricPoints: Int
        /// The rows, columns and filter fields that no point in scope had, in that order.
        public var missingFields: [String]
        /// Every field name the points' commands (and their lineage) define, plus `step`; filled only
        /// when a field is missing.
        public var fieldsSeen: [String]
        /// The commands whose points landed in a cell, in id order.
        public var contributors: [Int64]
    }

    /// Evaluates a table (see `table(_:)`) and reports what was missing.
    public func evaluate(_ spec: TableSpec) throws -> TableEvaluation {
        guard TableSpec.aggregates.contains(spec.aggregate) else {
            throw LedgerError.invalidName(spec.aggregate, reason: "aggregate must be one of \(TableSpec.aggregates.joined(separator: ", "))")
        }
        return try lock.withLock {
            let points = try db.query("""
                SELECT m.command_id, m.step, m.value, m.tags_json FROM metrics m JOIN commands c ON c.id = m.command_id
                WHERE m.name = ? AND c.status = 'ok' AND \(Ledger.scopeCondition(spec)) ORDER BY m.command_id, m.rowid
                """, [.text(spec.value)] + Ledger.scopeParameters(spec)) {
                (command: $0.int64(0), step: $0.optionalInt(1), value: $0.optionalDouble(2) ?? .nan,
                 tags: MetricPoint.tags(fromJSON: $0.optionalText(3)))
            }
            var resolver = FieldResolver(ledger: self)
            let fields = [spec.rows] + (spec.columns.map { [$0] } ?? []) + spec.filter.keys.sorted()
            var found = Set<String>()
            var cells: [CellKey: [(order: Int, command: Int64, step: Int?, value: Double)]] = [:]
            for (order, point) in points.enumerated() {
                for field in fields where !found.contains(field) {
                    if try resolver.field(field, of: point.command, step: point.step, tags: point.tags) != nil { found.insert(field) }
                }
                var keep = true
                for (field, wanted) in spec.filter.sorted(by: { $0.key < $1.key }) {
                    guard let found = try resolver.field(field, of: point.command, step: point.step, tags: point.tags), Ledger.keysEqual(found, wanted) else {
                        keep = false
                        break
                    }
                }
                guard keep, let row = try resolver.field(spec.rows, of: point.command, step: point.step, tags: point.tags) else { continue }
                let column: String
                if let columnField = spec.columns {
                    guard let found = try resolver.field(columnField, of: point.command, step: point.step, tags: point.tags) else { continue }
                    column = found
                } else {
                    column = spec.value
                }
                cells[CellKey(row: row, column: column), default: []].append((order, point.command, point.step, point.value))
            }
            let rowKeys = Ledger.sortedKeys(Set(cells.keys.map(\.row)))
            let columnKeys = Ledger.sortedKeys(Set(cells.keys.map(\.column)))
            let grid = rowKeys.map { row in
                columnKeys.map { column in
                    cells[CellKey(row: row, column: column)].map { entries in
                        Ledger.aggregate(entries.map { ($0.order, $0.command, $0.step, $0.value) }, spec.aggregate)
                    }
                }
            }
            let header = spec.columns.map { "\(spec.rows) \\ \($0)" } ?? spec.rows
            let table = ReportTable(name: spec.name, rowHeader: header, rowKeys: rowKeys, columnKeys: columnKeys, cells: grid)
            var missing: [String] = []
            for field in fields where !found.contains(field) && !missing.contains(field) { missing.append(field) }
            var seen: Set<String> = []
            if !missing.isEmpty && !points.isEmpty {
                seen.insert("step")
                for command in Set(points.map(\.command)).sorted().prefix(200) { seen.formUnion(try resolver.fieldNames(of: command)) }
                for point in points { seen.formUnion(point.tags.keys) }
            }
            let contributors = Set(cells.values.flatMap { $0.map(\.command) }).sorted()
            return TableEvaluation(table: table, metricPoints: points.count, missingFields: missing, fieldsSeen: seen.sorted(),
                                   contributors: contributors)
        }
    }

    /// Names of the metrics recorded by ok commands in a spec's scope, sorted.
    public func metricNames(in spec: TableSpec) throws -> [String] {
        try lock.withLock {
            try db.query("""
                SELECT DISTINCT m.name FROM metrics m JOIN commands c ON c.id = m.command_id
                WHERE c.status = 'ok' AND \(Ledger.scopeCondition(spec)) ORDER BY m.name
                """, Ledger.scopeParameters(spec)) { $0.text(0) }
        }
    }

    /// SQL (on alias `c`) selecting the commands in a spec's scope; values bound by `scopeParameters`.
    static func scopeCondition(_ spec: TableSpec) -> String {
        guard spec.scope == .session, spec.session != nil else { return "1" }
        return "(c.session_id = ? OR c.id IN (SELECT cached_from FROM commands WHERE session_id = ? AND status = 'cached'))"
    }

    static func scopeParameters(_ spec: TableSpec) -> [SQLValue] {
        guard spec.scope == .session, let session = spec.session else { return [] }
        return [.integer(session), .integer(session)]
    }

    struct CellKey: Hashable {
        var row: String
        var column: String
    }

    /// Combines the points of one cell; `last` is the highest step of the most recent command.
    static func aggregate(_ entries: [(order: Int, command: Int64, step: Int?, value: Double)], _ how: String) -> Double {
        switch how {
        case "mean":
            return entries.reduce(0) { $0 + $1.value } / Double(entries.count)
        case "max", "min":
            let finite = entries.map(\.value).filter { !$0.isNaN }
            guard !finite.isEmpty else { return .nan }
            return how == "max" ? finite.max()! : finite.min()!
        default:
            return entries.max { a, b in
                (a.command, a.step ?? Int.min, a.order) < (b.command, b.step ?? Int.min, b.order)
            }!.value
        }
    }

    /// Keys sort numerically when every key is a number, else by UTF-8 bytes.
    static func sortedKeys(_ keys: Set<String>) -> [String] {
        let numbers = keys.map { Double($0) }
        if !keys.isEmpty, numbers.allSatisfy({ $0 != nil && !$0!.isNaN }) {
            return keys.sorted { (Double($0)!, $0) < (Double($1)!, $1) }
        }
        return keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// A field's text equals a `where:` value: same text, or both numbers with the same value.
    static func keysEqual(_ found: String, _ wanted: String) -> Bool {
        if found == wanted { return true }
        if let a = Double(found), let b = Double(wanted) { return a == b }
        return false
    }
}

/// Looks up a field of a command: params, then `params.tags`, then lineage ancestors breadth-first.
struct FieldResolver {
    let ledger: Ledger
    private var params: [Int64: JSONValue] = [:]
    private var parents: [Int64: [Int64]] = [:]
    private var resolved: [String: [Int64: String?]] = [:]

    init(ledger: Ledger) { self.ledger = ledger }

    /// The field's text for one metric point: `step` is the point's own step; any other name is looked up
    /// in the point's own tags, then the command's params, tags and lineage.
    mutating func field(_ name: String, of command: Int64, step: Int?, tags: [String: String] = [:]) throws -> String? {
        if name == "step" { return step.map(String.init) }
        if let tagged = tags[name] { return tagged }
        return try field(name, of: command)
    }

    /// The field's text, or nil when no command in the lineage defines it.
    mutating func field(_ name: String, of command: Int64) throws -> String? {
        if let hit = resolved[name]?[command] { return hit }
        var queue = [command]
        var seen: Set<Int64> = [command]
        var head = 0
        var answer: String?
        while head < queue.count {
            let current = queue[head]
            head += 1
            let p = try paramsOf(current)
            if let value = p[name] ?? p["tags"]?[name] {
                answer = value.keyText
                break
            }
            for parent in try parentsOf(current) where seen.insert(parent).inserted { queue.append(parent) }
        }
        resolved[name, default: [:]][command] = .some(answer)
        return answer
    }

    /// Every field name a command's params, tags and lineage ancestors define.
    mutating func fieldNames(of command: Int64) throws -> Set<String> {
        var names = Set<String>()
        var queue = [command]
        var seen: Set<Int64> = [command]
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            let p = try paramsOf(current)
            if case .object(let fields) = p { names.formUnion(fields.map(\.key).filter { $0 != "tags" }) }
            if case .object(let tags)? = p["tags"] { names.formUnion(tags.map(\.key)) }
            for parent in try parentsOf(current) where seen.insert(parent).inserted { queue.append(parent) }
        }
        return names
    }

    private mutating func paramsOf(_ id: Int64) throws -> JSONValue {
        if let cached = params[id] { return cached }
        let text = try ledger.db.query("SELECT params_json FROM commands WHERE id = ?", [.integer(id)]) { $0.text(0) }.first ?? "{}"
        let value = (try? JSONParser.parse(text)) ?? .object([])
        params[id] = value
        return value
    }

    /// Producers of the command's inputs, in input order.
    private mutating func parentsOf(_ id: Int64) throws -> [Int64] {
        if let cached = parents[id] { return cached }
        let inputs = try ledger.db.query("SELECT artifact_sha256 FROM edges WHERE command_id = ? AND role = 'input' ORDER BY rowid",
                                         [.integer(id)]) { $0.text(0) }
        var result: [Int64] = []
        for sha in inputs {
            if let producer = try ledger.producerID(of: sha), producer != id, !result.contains(producer) { result.append(producer) }
        }
        parents[id] = result
        return result
    }
}
