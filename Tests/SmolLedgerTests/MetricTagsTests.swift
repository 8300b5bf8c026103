import Foundation
import Testing
@testable import SmolLedger

/// Metric points with their own tags (Schema migration 5): one evaluation command logs a point per
/// model × condition × scoring, and tables pivot on those tags before the command's params and lineage.
@Suite("Metric tags")
struct MetricTagsTests {
    @Test("tags round-trip through the ledger; a point without tags stores NULL")
    func roundTrip() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        let points = [MetricPoint(name: "mmlu.accuracy", value: 0.25, tags: ["model": "a", "condition": "fix_A", "lr": "0.001"]),
                      MetricPoint(name: "mmlu.accuracy", value: 0.5)]
        let id = try recordCommand(ws.ledger, session: session, name: "eval.mcq", metrics: points)
        #expect(try ws.ledger.metrics(command: id) == points)
        #expect(try ws.ledger.commands(session: session).first?.metrics == points)
        let nulls = try scalar(try rawDatabase(ws.ledger), "SELECT COUNT(*) FROM metrics WHERE tags_json IS NULL")
        #expect(nulls == 1)
    }

    @Test("a point's tags win over its command's params; other fields still come from params and lineage")
    func tagsComeFirst() throws {
        let ws = try temporaryWorkspace()
        let session = try ws.ledger.beginSession(sampleSession())
        var points: [MetricPoint] = []
        for (model, base) in [("a", 0.5), ("b", 0.25)] {
            for (k, condition) in ["original", "swap"].enumerated() {
                points.append(MetricPoint(name: "mmlu.accuracy", value: base + Double(k) / 8,
                                          tags: ["model": model, "condition": condition, "scoring": "symbol"]))
            }
        }
        try recordCommand(ws.ledger, session: session, name: "eval.mcq", params: #"{"model":"ignored","seed":3}"#, metrics: points)
        let table = try ws.ledger.table(TableSpec(name: "t", rows: "model", columns: "condition", value: "mmlu.accuracy",
                                                  filter: ["scoring": "symbol", "seed": "3"]))
        #expect(table.rowKeys == ["a", "b"] && table.columnKeys == ["original", "swap"])
        #expect(table.cells == [[0.5, 0.625], [0.25, 0.375]])
        let evaluation = try ws.ledger.evaluate(TableSpec(name: "t", rows: "modle", value: "mmlu.accuracy"))
        #expect(evaluation.missingFields == ["modle"] && evaluation.fieldsSeen.contains("condition"))
    }
}
