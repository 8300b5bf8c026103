import SmolCore
import SmolLedger
import SmolScript

/// `report.table` and `report.figure`: register views over recorded metrics, rendered by `smol report`.
enum ReportCommands {
    static var all: [CommandDefinition] { [table, figure] }

    // Parameters that tables and figures share, declared once so their docs cannot drift apart.
    static let whereParameter = Parameter("where", .record, default: .emptyRecord, doc: "keep only metrics whose fields equal these")
    static let aggregateParameter = Parameter("aggregate", .string, default: .string("last"), choices: TableSpec.aggregates,
                                              doc: "how repeated points of one cell combine")
    static let scopeParameter = Parameter("scope", .string, default: .string("session"), choices: TableSpec.Scope.allCases.map(\.rawValue),
                                          doc: "session: metrics of this session's commands (and of those its cached ones came from); all: every session")

    static let table = CommandDefinition(
        CommandSignature(
            "report.table",
            summary: "Registers a table of a metric by two fields (parameters, tags or lineage ancestors' parameters).",
            parameters: [
                Parameter("name", .string, positional: true, doc: "table name; files are NAME.md, NAME.tex, NAME.csv"),
                Parameter("rows", .string, doc: "field whose values label the rows, e.g. \"lr\""),
                Parameter("columns", .optional(.string), doc: "field whose values label the columns, e.g. \"batch\""),
                Parameter("value", .string, doc: "metric shown in the cells, e.g. \"gsm-like.accuracy\""),
                whereParameter, aggregateParameter,
                scopeParameter,
            ],
            returns: .handle(.table), cacheable: false)
    ) { context in
        let name = try reportName(context)
        let spec = TableSpec(name: name, rows: try context.string("rows"), columns: try context.optionalString("columns"),
                             value: try context.string("value"), filter: try filter(context),
                             aggregate: try context.string("aggregate"), scope: try context.choice("scope"),
                             session: try context.session.beginLedgerSession())
        let table = try evaluate(spec, context, metric: "value", rows: "rows", columns: "columns")
        context.register(spec)
        let markdown = ReportRenderer.markdown(table)
        return .handle(try context.output(
            bytes: Array(markdown.utf8), kind: .table,
            summary: "table \(name) \(table.rowKeys.count)×\(max(table.columnKeys.count, 1))",
            properties: [("rows", .number(Double(table.rowKeys.count))),
                         ("columns", .number(Double(table.columnKeys.count))),
                         ("markdown", .string(markdown))]))
    }

    static let figure = CommandDefinition(
        CommandSignature(
            "report.figure",
            summary: "Registers an SVG figure of a metric against a field, one series per value of another field.",
            parameters: [
                Parameter("name", .string, positional: true, doc: "figure name; the file is NAME.svg"),
                Parameter("x", .string, doc: "field on the x axis: \"step\" (a metric's step) or a parameter/tag, e.g. \"lr\""),
                Parameter("y", .string, doc: "metric on the y axis, e.g. \"loss\""),
                Parameter("series", .optional(.string), doc: "field whose values become separate lines or bars"),
                whereParameter, aggregateParameter,
                Parameter("kind", .string, default: .string("line"), choices: FigureSpec.Kind.allCases.map(\.rawValue), doc: "how points are drawn"),
                Parameter("x_scale", .string, default: .string("linear"), choices: FigureSpec.Scale.allCases.map(\.rawValue), doc: "x axis scale"),
                Parameter("y_scale", .string, default: .string("linear"), choices: FigureSpec.Scale.allCases.map(\.rawValue), doc: "y axis scale"),
                Parameter("title", .string, default: .string(""), doc: "heading; the name when empty"),
                scopeParameter,
            ],
            returns: .handle(.figure), cacheable: false)
    ) { context in
        let name = try reportName(context)
        let table = TableSpec(name: name, rows: try context.string("x"), columns: try context.optionalString("series"),
                              value: try context.string("y"), filter: try filter(context), aggregate: try context.string("aggregate"),
                              scope: try context.choice("scope"), session: try context.session.beginLedgerSession())
        let spec = FigureSpec(table: table, kind: try context.choice("kind"), xScale: try context.choice("x_scale"),
                              yScale: try context.choice("y_scale"), title: try context.string("title"))
        let data = try evaluate(table, context, metric: "y", rows: "x", columns: "series")
        let svg = try SVGChart.render(data, spec)
        context.register(spec)
        return .handle(try context.output(
            bytes: Array(svg.utf8), kind: .figure,
            summary: "figure \(name) \(data.rowKeys.count) x × \(data.columnKeys.count) series",
            properties: [("points", .number(Double(data.cells.flatMap { $0 }.compactMap { $0 }.count))),
                         ("svg", .string(svg))]))
    }

    /// Evaluates a spec, failing (with a did-you-mean) when its metric has no points in scope or when no
    /// point has its row, column or `where:` field — a misspelling, not an empty result.
    private static func evaluate(_ spec: TableSpec, _ context: CommandContext, metric: String, rows: String,
                                 columns: String) throws -> ReportTable {
        let ledger = context.session.workspace.ledger
        let evaluation = try ledger.evaluate(spec)
        let scopeText = spec.scope == .session ? "in this session" : "in the ledger"
        if evaluation.metricPoints == 0 {
            var message = DidYouMean.message("no metric '\(spec.value)' was recorded \(scopeText)", for: spec.value,
                                             among: try ledger.metricNames(in: spec))
            if spec.scope == .session {
                var everywhere = spec
                everywhere.scope = .all
                everywhere.session = nil
                if try ledger.metricNames(in: everywhere).contains(spec.value) {
                    message += "; it was recorded in earlier sessions: pass scope: \"all\" to use them"
                }
            }
            throw SmolKitError.argument(metric, message)
        }
        if let field = evaluation.missingFields.first {
            let argument = field == spec.rows ? rows : field == spec.columns ? columns : "where"
            throw SmolKitError.argument(argument, DidYouMean.message(
                "no '\(spec.value)' point has a field '\(field)' (in its parameters, tags or lineage)", for: field,
                among: evaluation.fieldsSeen))
        }
        recordSources(evaluation.contributors, context)
        return evaluation.table
    }

    /// Lineage: the table's inputs are what its points came from — each contributing command's outputs
    /// (an eval result), or its inputs when it made none (`metric(…, tags: [model: m])`), once each; the
    /// first 1,000 contributing commands are followed (a larger sweep keeps the table, not every edge).
    private static func recordSources(_ commands: [Int64], _ context: CommandContext) {
        let ledger = context.session.workspace.ledger
        var seen = Set<String>()
        for id in commands.prefix(1000) {
            guard let edges = try? ledger.edges(command: id) else { continue }
            let outputs = edges.filter { $0.role == .output }
            for edge in outputs.isEmpty ? edges : outputs where seen.insert(edge.artifact.sha256).inserted {
                context.input(edge.artifact, role: "source")
            }
        }
    }

    /// A table or figure name, which becomes a file name.
    private static func reportName(_ context: CommandContext) throws -> String {
        let name = try context.string("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
            throw SmolKitError.argument("name", "use letters, digits, '_', '-' or '.' (it becomes a file name)")
        }
        return name
    }

    /// The `where:` record as field → key text (a string without quotes, as tags and parameters are compared).
    private static func filter(_ context: CommandContext) throws -> [String: String] {
        var filter: [String: String] = [:]
        for field in try context.record("where").fields {
            filter[field.name] = try ValueJSON.parameter(field.value).keyText
        }
        return filter
    }
}
