import ArgumentParser
import Foundation
import SmolKit

/// `smol report`: renders every registered table and figure from the ledger alone.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render every registered table to Markdown, LaTeX (booktabs) and CSV, and every figure to SVG.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output folder for tables.")
    var out: String = "paper/tables"

    @Option(help: "Output folder for figures.")
    var figures: String = "paper/figures"

    func run() throws {
        let written = try openLedger(workspace).writeReport(tablesFolder: out, figuresFolder: figures)
        for path in written { print(path) }
        if written.isEmpty {
            print("no tables or figures are registered; add report.table(…) or report.figure(…) to a script")
        }
    }
}
