import Foundation
@testable import SmolKit
import SmolCore
import SmolTestSupport
import Testing

/// `smol notebook`: a script run cell by cell, written as Markdown and as a Jupyter notebook.
@Suite struct NotebookTests {
    static let script = """
        #!/usr/bin/env smol
        # A sweep in two cells.
        let d = data.generate("gsm-like", n: 3, seed: 1)
        print(d.count)

        # Metrics, a table and a figure.
        for lr in [1, 2] {

          metric("score", lr * 10, tags: [lr: lr])
        }
        report.table("scores", rows: "lr", value: "score")
        report.figure("scores", x: "lr", y: "score", kind: "bar")

        print(undefinedName)

        print("never runs")
        """

    @Test func cellsEndAtBlankLinesOutsideBrackets() {
        let cells = NotebookCell.split(Self.script)
        #expect(cells.count == 4)
        #expect(cells[0].markdown == "A sweep in two cells." && cells[0].firstCodeLine == 3)
        #expect(cells[1].code.hasPrefix("for lr in [1, 2] {\n\n  metric(") && cells[1].firstCodeLine == 7)
        #expect(cells[2].markdown == nil && cells[2].code == "print(undefinedName)")
    }

    @Test func eachCellKeepsItsOutputsAndTheRunStopsAtTheFirstError() throws {
        let t = try TestSession()
        let notebook = Notebook(running: Self.script, scriptPath: "sweep.smol", in: t.session)
        #expect(notebook.cells.count == 3 && !notebook.succeeded)
        guard case .text("3")? = notebook.cells[0].outputs.first else { Issue.record("\(notebook.cells[0].outputs)"); return }
        let second = notebook.cells[1].outputs
        #expect(second.contains { if case .table("scores", let md) = $0 { md.contains("| 2 | 20 |") } else { false } })
        #expect(second.contains { if case .figure("scores", let svg) = $0 { svg.hasPrefix("<svg") } else { false } })
        guard case .error(let message)? = notebook.cells[2].outputs.last else { Issue.record("no error"); return }
        #expect(message.hasPrefix("sweep.smol:14:7: error:"), "\(message)")   // the script's own line number
    }

    @Test func theIpynbIsValidNbformat4AndTheMarkdownLinksTheFigures() throws {
        let t = try TestSession()
        let folder = t.directory + "/nb"
        let written = try Notebook(running: Self.script, scriptPath: "sweep.smol", in: t.session).write(to: folder)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["sweep-scores.svg", "sweep.md", "sweep.ipynb"])
        let markdown = try String(contentsOfFile: folder + "/sweep.md", encoding: .utf8)
        #expect(markdown.contains("![scores](sweep-scores.svg)") && markdown.contains("```swift\nlet d = data.generate(\"gsm-like\", n: 3, seed: 1)\nprint(d.count)\n```"))
        let json = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/sweep.ipynb"))))
        #expect(json["nbformat"] == 4 && json["cells"]?.arrayValue?.count == 5)
    }

    @Test(.enabled(if: ReferencePython.nbformat != nil, "python with nbformat is not installed (scripts/python-env.sh makes one); skipping Jupyter's validator"))
    func jupytersValidatorAcceptsTheNotebook() throws {
        let t = try TestSession()
        try Notebook(running: Self.script, scriptPath: "sweep.smol", in: t.session).write(to: t.directory + "/nb")
        let check = "import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print(len(nb.cells))"
        #expect(try ReferencePython.run(ReferencePython.nbformat!, ["-c", check, t.directory + "/nb/sweep.ipynb"]) == "5\n")
    }
}
