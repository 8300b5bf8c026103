import Foundation
import Testing
@testable import SmolLedger

/// `smol report --paper`: regions between markers are regenerated from the ledger; the rest is kept.
@Suite("Paper writer")
struct PaperWriterTests {
    let sweep: Sweep
    let table = TableSpec(name: "lr_bs", rows: "lr", columns: "batch", value: "gsm-like.accuracy", filter: ["seed": "1"])

    init() throws {
        sweep = try Sweep()
        try recordCommand(sweep.ws.ledger, session: sweep.session, name: "report.table", tables: [table])
    }

    let paper = """
        # Results
        Hand-written text stays.
        <!-- smol:table lr_bs -->
        stale text that will be replaced
        <!-- /smol -->
        More prose.
        """

    @Test("invariant 1: a region gets the table and a provenance line; rewriting twice gives the same bytes")
    func regionsAreRegenerated() throws {
        let once = try PaperWriter.rewrite(paper, path: "p.md", ledger: sweep.ws.ledger, figuresFolder: "figures")
        let markdown = ReportRenderer.markdown(try sweep.ws.ledger.table(table)).trimmingCharacters(in: .newlines)
        #expect(once.contains(markdown) && !once.contains("stale text"))
        #expect(once.hasPrefix("# Results\nHand-written text stays.\n<!-- smol:table lr_bs -->\n"))
        #expect(once.hasSuffix("<!-- /smol -->\nMore prose."))
        #expect(once.contains("<sub>From the ledger: all sessions · metric `gsm-like.accuracy` · commands #"), "\(once)")
        #expect(try PaperWriter.rewrite(once, path: "p.md", ledger: sweep.ws.ledger, figuresFolder: "figures") == once)
    }

    @Test("invariant 2: malformed regions are errors naming the line")
    func malformedRegions() throws {
        let cases: [(String, String)] = [
            ("a\n<!-- smol:table lr_bs -->\nx", "p.md:2:1: error: the smol:table region 'lr_bs' is never closed"),
            ("<!-- /smol -->", "p.md:1:1: error: <!-- /smol --> closes no region"),
            ("<!-- smol:table nope -->\n<!-- /smol -->", "p.md:1:1: error: no table 'nope' is registered in this ledger; registered: lr_bs"),
            ("<!-- smol:table lr_bs -->\n<!-- smol:figure f -->\n<!-- /smol -->", "p.md:2:1: error: a smol:figure marker inside the region opened at line 1"),
        ]
        for (text, message) in cases {
            do {
                _ = try PaperWriter.rewrite(text, path: "p.md", ledger: sweep.ws.ledger, figuresFolder: "figures")
                Issue.record("expected an error for \(text)")
            } catch {
                #expect("\(error)".hasPrefix(message), "\(error)")
            }
        }
    }

    @Test func commandRangesAreCompact() {
        #expect(PaperWriter.ranges([3, 5, 6, 7, 9]) == "#3, #5–#7, #9")
    }
}
