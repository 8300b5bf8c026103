import SmolCore
import SmolLedger
import SmolScript

/// `report.table`: registers a table over recorded metrics, rendered by `smol report`.
enum ReportCommands {
    static var all: [CommandDefinition] { [table] }

    static let table = CommandDefinition(
        CommandSignature(
            "report.table",
            summary: "Registers a table of a metric by two fields (parameters, tags or lineage ancestors' parameters).",
            parameters: [
                Parameter("name", .string, positional: true, doc: "table name; files are NAME.md, NAME.tex, NAME.csv"),
                Parameter("rows", .string, doc: "field whose values label the rows, e.g. \"lr\""),
                Parameter("columns", .optional(.string), doc: "field whose values label the columns, e.g. \"batch\""),
                Parameter("value", .string, doc: "metric shown in the cells, e.g. \"gsm-like.accuracy\""),
                Parameter("where", .record, default: .emptyRecord, doc: "keep only metrics whose fields equal these"),
                Parameter("aggregate", .string, default: .string("last"), doc: "last | mean | min | max over repeats"),
            ],
            returns: .handle("table"), cacheable: false)
    ) { context in
        let name = try context.string("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
            throw SmolKitError.argument("name", "use letters, digits, '_', '-' or '.' (it becomes a file name)")
        }
        let aggregate = try context.string("aggregate")
        guard ["last", "mean", "min", "max"].contains(aggregate) else {
            throw SmolKitError.argument("aggregate", "expected last, mean, min or max, got '\(aggregate)'")
        }
        var filter: [String: String] = [:]
        for field in try context.record("where").fields {
            filter[field.name] = try ValueJSON.parameter(field.value).canonicalText()
        }
        let spec = TableSpec(name: name, rows: try context.string("rows"), columns: try context.optionalString("columns"),
                             value: try context.string("value"), filter: filter, aggregate: aggregate)
        let table = try context.session.workspace.ledger.table(spec)
        context.register(spec)
        let markdown = ReportRenderer.markdown(table)
        return .handle(try context.output(
            bytes: Array(markdown.utf8), kind: "table",
            summary: "table \(name) \(table.rowKeys.count)×\(max(table.columnKeys.count, 1))",
            properties: [("rows", .number(Double(table.rowKeys.count))),
                         ("columns", .number(Double(table.columnKeys.count))),
                         ("markdown", .string(markdown))]))
    }
}
