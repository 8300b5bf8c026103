import Foundation
import Testing
@testable import SmolLedger

@Suite("ReportRenderer")
struct ReportRendererTests {
    let table = ReportTable(name: "lr_bs", rowHeader: "lr \\ batch", rowKeys: ["0.0003", "0.001"], columnKeys: ["4", "16"],
                            cells: [[0.123456, nil], [1, -2.5e-5]])

    @Test("number format: integers below 1e15 exactly, 4 decimals trimmed in [0.001, 1e6), else 4 significant digits")
    func numbers() {
        let cases: [(Double, String)] = [(0, "0"), (1, "1"), (0.5, "0.5"), (0.123456, "0.1235"), (-12.5, "-12.5"),
                                         (0.001, "0.001"), (0.0009999, "9.999e-04"), (2.5e6, "2500000"), (123456.7, "123456.7"),
                                         (26442528, "26442528"), (-999_999_999_999_999, "-999999999999999"), (1e15, "1.000e+15"),
                                         (2500000.5, "2.500e+06"),
                                         (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"), (-0.0, "0")]
        for (value, text) in cases { #expect(ReportRenderer.number(value) == text, "\(value)") }
    }

    @Test("CSV numbers keep full precision: the text reads back as the same double")
    func fullPrecision() {
        let values: [Double] = [0.123456789012345, 1.0 / 3.0, -2.5e-05, 26442528, 6.02214076e23, 0.1, 1e-300, 2500000.5]
        for value in values {
            let text = ReportRenderer.fullPrecision(value)
            #expect(Double(text) == value, "\(text)")
        }
        #expect(ReportRenderer.fullPrecision(26442528) == "26442528")
        #expect(ReportRenderer.fullPrecision(0.1) == "0.1")
        #expect(ReportRenderer.fullPrecision(.nan) == "nan")
    }

    @Test("Markdown golden")
    func markdown() {
        #expect(ReportRenderer.markdown(table) == """
            | lr \\ batch | 4 | 16 |
            | --- | ---: | ---: |
            | 0.0003 | 0.1235 |  |
            | 0.001 | 1 | -2.500e-05 |

            """)
    }

    @Test("LaTeX golden with booktabs and escaping")
    func latex() {
        #expect(ReportRenderer.latex(table) == """
            \\begin{tabular}{lrr}
            \\toprule
            lr \\textbackslash{} batch & 4 & 16 \\\\
            \\midrule
            0.0003 & 0.1235 & -- \\\\
            0.001 & 1 & -2.500e-05 \\\\
            \\bottomrule
            \\end{tabular}

            """)
        #expect(ReportRenderer.escapeLaTeX("a_b & 50% $x$ #1 {y} ~ ^") == "a\\_b \\& 50\\% \\$x\\$ \\#1 \\{y\\} \\textasciitilde{} \\textasciicircum{}")
    }

    @Test("CSV golden per RFC 4180")
    func csv() {
        #expect(ReportRenderer.csv(table) == "lr \\ batch,4,16\r\n0.0003,0.123456,\r\n0.001,1,-2.5e-05\r\n")
        let awkward = ReportTable(name: "t", rowHeader: "task", rowKeys: ["a,b", "say \"hi\"", "two\nlines"], columnKeys: ["v"],
                                  cells: [[1], [2], [3]])
        #expect(ReportRenderer.csv(awkward) == "task,v\r\n\"a,b\",1\r\n\"say \"\"hi\"\"\",2\r\n\"two\nlines\",3\r\n")
    }

    @Test("Markdown escapes pipes in keys")
    func markdownPipes() {
        let t = ReportTable(name: "t", rowHeader: "k", rowKeys: ["a|b"], columnKeys: ["v"], cells: [[1]])
        #expect(ReportRenderer.markdown(t).contains("| a\\|b | 1 |"))
    }

    @Test("a label with a line break stays on its Markdown row and LaTeX line")
    func lineBreaksInLabels() {
        let t = ReportTable(name: "t", rowHeader: "task\nname", rowKeys: ["two\nlines", "crlf\r\nhere"], columnKeys: ["a|b\nc"],
                            cells: [[1], [2]])
        let lines = ReportRenderer.markdown(t).split(separator: "\n")
        #expect(lines == ["| task<br>name | a\\|b<br>c |", "| --- | ---: |", "| two<br>lines | 1 |", "| crlf<br>here | 2 |"])
        #expect(ReportRenderer.latex(t).contains("two lines & 1 \\\\\ncrlf here & 2 \\\\\n"))
    }

    @Test("a report written twice from the ledger is byte-identical")
    func reportIsDeterministic() throws {
        let sweep = try Sweep()
        try recordCommand(sweep.ws.ledger, session: sweep.session, name: "report.table", tables: [
            TableSpec(name: "lr_bs_sft", rows: "lr", columns: "batch", value: "gsm-like.accuracy", filter: ["seed": "1"]),
            TableSpec(name: "loss", rows: "batch", columns: "seed", value: "loss", aggregate: "mean"),
        ])
        func render(_ workspace: Workspace, into directory: String) throws -> [String: [UInt8]] {
            let tables = try workspace.ledger.tables().map { try workspace.ledger.table($0) }
            let paths = try ReportRenderer.write(tables: tables, to: directory)
            #expect(paths.map { ($0 as NSString).lastPathComponent } == ["loss.md", "loss.tex", "loss.csv", "lr_bs_sft.md", "lr_bs_sft.tex", "lr_bs_sft.csv"])
            var contents: [String: [UInt8]] = [:]
            for path in paths { contents[(path as NSString).lastPathComponent] = [UInt8](FileManager.default.contents(atPath: path)!) }
            return contents
        }
        let first = try render(sweep.ws, into: sweep.ws.root + "/paper1")
        let second = try render(try Workspace(root: sweep.ws.root), into: sweep.ws.root + "/paper2")
        #expect(first == second)
        let markdown = String(decoding: first["lr_bs_sft.md"]!, as: UTF8.self)
        #expect(markdown.hasPrefix("| lr \\ batch | 4 | 16 | 64 |\n| --- | ---: | ---: | ---: |\n| 0.0003 | 0.134 | 0.146 | 0.194 |\n"))
        #expect(throws: LedgerError.self) { _ = try ReportRenderer.write(tables: [ReportTable(name: "../x", rowHeader: "", rowKeys: [], columnKeys: [], cells: [])], to: sweep.ws.root) }
    }
}
