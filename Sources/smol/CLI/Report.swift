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

    @Option(help: "A Markdown paper whose <!-- smol:table NAME --> / <!-- smol:figure NAME --> … <!-- /smol --> regions are rewritten from the ledger.")
    var paper: String?

    @Option(help: "Render from a ledger dump (smol ledger dump) instead of the workspace's ledger, e.g. paper/ledger.")
    var from: String?

    func run() throws {
        let ledger = try from.map { dump in try reportingFailure { try LedgerBrowser(restoringDumpAt: dump) } } ?? openLedger(workspace)
        let written = try ledger.writeReport(tablesFolder: out, figuresFolder: figures)
        for path in written { print(path) }
        if written.isEmpty {
            print("no tables or figures are registered; add report.table(…) or report.figure(…) to a script")
        }
        if let paper {
            let changed = try reportingFailure { try ledger.rewritePaper(at: paper, figuresFolder: figures) }
            print("\(paper): \(changed ? "rewritten" : "unchanged")")
        }
    }
}
