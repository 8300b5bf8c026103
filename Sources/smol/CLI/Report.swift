import ArgumentParser
import Foundation
import SmolLedger

/// `smol report`: renders every registered table from the ledger alone.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render every table registered in the ledger to Markdown, LaTeX (booktabs) and CSV.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output folder.")
    var out: String = "paper/tables"

    func run() throws {
        let ledger = try openWorkspace(workspace).ledger
        let tables = try ledger.tables().map { try ledger.table($0) }
        let written = try ReportRenderer.write(tables: tables, to: out)
        for path in written { print(path) }
        if tables.isEmpty { print("no tables are registered; add report.table(…) to a script") }
    }
}
