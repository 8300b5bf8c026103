import ArgumentParser
import Foundation
import SmolLedger

/// `smol report`: renders every registered table from the ledger alone.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render every registered table to Markdown, LaTeX (booktabs) and CSV, and every figure to SVG.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output folder for tables.")
    var out: String = "paper/tables"

    @Option(help: "Output folder for figures.")
    var figures: String = "paper/figures"

    func run() throws {
        let ledger = try openWorkspace(workspace).ledger
        let tables = try ledger.tables().map { try ledger.table($0) }
        var written = try ReportRenderer.write(tables: tables, to: out)
        let figureSpecs = try ledger.figures()
        if !figureSpecs.isEmpty {
            try FileManager.default.createDirectory(atPath: figures, withIntermediateDirectories: true)
            written += try SVGChart.write(try figureSpecs.map { (try ledger.table($0.table), $0) }, to: figures)
        }
        for path in written { print(path) }
        if tables.isEmpty && figureSpecs.isEmpty {
            print("no tables or figures are registered; add report.table(…) or report.figure(…) to a script")
        }
    }
}
