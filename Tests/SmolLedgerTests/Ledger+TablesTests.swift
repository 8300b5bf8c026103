import Foundation
import Testing
@testable import SmolLedger

/// A miniature sweep: model.init -> train.sft(lr, batch, seed) -> eval.suite(model) with metrics.
struct Sweep {
    let ws: Workspace
    let session: Int64
    let lrs: [Double] = [0.001, 0.0003]
    let batches = [4, 16, 64]

    init() throws {
        ws = try temporaryWorkspace("sweep")
        session = try ws.ledger.beginSession(sampleSession())
        let base = try ws.store.put(Array("base".utf8), kind: .model)
        try recordCommand(ws.ledger, session: session, name: "model.init", params: #"{"preset":"tiny","seed":1}"#, outputs: [base])
        for seed in [1, 2] {
            for lr in lrs {
                for batch in batches {
                    let model = try ws.store.put(Array("m \(lr) \(batch) \(seed)".utf8), kind: .model)
                    let params = #"{"base":{"artifact":"\#(base.sha256)","kind":"model"},"batch":\#(batch),"lr":\#(lr),"seed":\#(seed)}"#
                    try recordCommand(ws.ledger, session: session, name: "train.sft", params: params, inputs: [base.named("base")],
                                      outputs: [model], metrics: (1...3).map { MetricPoint(name: "loss", step: $0, value: Double(10 * seed + batch) / Double($0)) })
                    let eval = try ws.store.put(Array("eval \(lr) \(batch) \(seed)".utf8), kind: ArtifactKind("eval"))
                    try recordCommand(ws.ledger, session: session, name: "eval.suite",
                                      params: #"{"model":{"artifact":"\#(model.sha256)","kind":"model"},"tasks":["gsm-like"]}"#,
                                      inputs: [model.named("model")], outputs: [eval],
                                      metrics: [MetricPoint(name: "gsm-like.accuracy", value: Sweep.accuracy(lr: lr, batch: batch, seed: seed))])
                }
            }
        }
    }

    static func accuracy(lr: Double, batch: Int, seed: Int) -> Double { lr * 100 + Double(batch) / 1000 + Double(seed) / 10 }
}

@Suite("Ledger tables")
struct LedgerTablesTests {
    @Test("rows and columns come from the params of the training command that made the evaluated model (lineage lookup)")
    func lineageLookup() throws {
        let sweep = try Sweep()
        let table = try sweep.ws.ledger.table(TableSpec(name: "lr_bs", rows: "lr", columns: "batch", value: "gsm-like.accuracy",
                                                        filter: ["seed": "1"]))
        #expect(table.rowHeader == "lr \\ batch")
        #expect(table.rowKeys == ["0.0003", "0.001"])
        #expect(table.columnKeys == ["4", "16", "64"]) // numeric order, not "16" < "4"
        for (r, lr) in [0.0003, 0.001].enumerated() {
            for (c, batch) in [4, 16, 64].enumerated() {
                #expect(table.cells[r][c] == Sweep.accuracy(lr: lr, batch: batch, seed: 1))
            }
        }
    }

    @Test("where: keeps only points whose fields match; numbers compare by value")
    func whereFilter() throws {
        let sweep = try Sweep()
        let seed2 = try sweep.ws.ledger.table(TableSpec(name: "t", rows: "lr", columns: "batch", value: "gsm-like.accuracy",
                                                        filter: ["seed": "2.0", "batch": "16"]))
        #expect(seed2.columnKeys == ["16"])
        #expect(seed2.cells.map { $0[0] } == [Sweep.accuracy(lr: 0.0003, batch: 16, seed: 2), Sweep.accuracy(lr: 0.001, batch: 16, seed: 2)])
        let none = try sweep.ws.ledger.table(TableSpec(name: "t", rows: "lr", value: "gsm-like.accuracy", filter: ["seed": "3"]))
        #expect(none.rowKeys.isEmpty && none.cells.isEmpty)
        let byName = try sweep.ws.ledger.table(TableSpec(name: "t", rows: "lr", value: "gsm-like.accuracy", filter: ["preset": "tiny", "seed": "1", "batch": "4"]))
        #expect(byName.rowKeys.count == 2) // `preset` found two generations up; `seed` on train.sft is nearer than model.init's
    }

    @Test("the field `step` is each point's own step: a training curve with one column per learning rate")
    func stepIsAPointField() throws {
        let sweep = try Sweep()
        let curve = try sweep.ws.ledger.table(TableSpec(name: "curve", rows: "step", columns: "lr", value: "loss",
                                                        filter: ["seed": "1", "batch": "4"]))
        #expect(curve.rowKeys == ["1", "2", "3"])
        #expect(curve.columnKeys == ["0.0003", "0.001"])
        #expect(curve.cells.map { $0[0] } == [14, 7, 14.0 / 3])
        let first = try sweep.ws.ledger.table(TableSpec(name: "t", rows: "lr", value: "loss", filter: ["step": "1", "seed": "2"]))
        #expect(first.cells.map { $0[0] } == [84, 84])   // (10 · seed 2 + batch 64) / step 1: the latest command of each lr
    }

    @Test("aggregates: last step, mean, max and min over the points of a cell")
    func aggregates() throws {
        let sweep = try Sweep()
        func cell(_ aggregate: String) throws -> Double? {
            try sweep.ws.ledger.table(TableSpec(name: "loss", rows: "lr", columns: "batch", value: "loss",
                                                filter: ["seed": "1"], aggregate: aggregate)).cells[0][0]
        }
        // seed 1, batch 4: loss = 14 / step for steps 1...3.
        #expect(try cell("last") == 14.0 / 3)
        #expect(try cell("max") == 14)
        #expect(try cell("min") == 14.0 / 3)
        #expect(try cell("mean") == (14 + 7 + 14.0 / 3) / 3)
        #expect(throws: LedgerError.self) { _ = try cell("median") }
        // Without the seed filter, `last` takes the most recent command (seed 2): 24 / 3.
        let both = try sweep.ws.ledger.table(TableSpec(name: "loss", rows: "lr", columns: "batch", value: "loss"))
        #expect(both.cells[0][0] == 8)
    }

    @Test("tags come before lineage; own params before tags; a point without the row field is left out")
    func lookupOrder() throws {
        let ws = try temporaryWorkspace()
        let s = try ws.ledger.beginSession(sampleSession())
        let model = try ws.store.put(Array("m".utf8), kind: .model)
        try recordCommand(ws.ledger, session: s, name: "train.sft", params: #"{"lr":0.001,"opt":"adamw"}"#, outputs: [model])
        try recordCommand(ws.ledger, session: s, name: "eval", params: #"{"tags":{"lr":0.5}}"#, inputs: [model],
                          metrics: [MetricPoint(name: "acc", value: 1)])
        try recordCommand(ws.ledger, session: s, name: "eval", params: #"{"lr":7,"tags":{"lr":0.5}}"#, inputs: [model],
                          metrics: [MetricPoint(name: "acc", value: 2)])
        try recordCommand(ws.ledger, session: s, name: "eval", params: "{}", metrics: [MetricPoint(name: "acc", value: 3)])
        try recordCommand(ws.ledger, session: s, name: "eval", params: #"{"lr":9}"#, metrics: [MetricPoint(name: "acc", value: 4)],
                          status: .error, errorText: "failed")
        let table = try ws.ledger.table(TableSpec(name: "t", rows: "lr", columns: "opt", value: "acc"))
        #expect(table.rowKeys == ["0.5", "7"])
        #expect(table.columnKeys == ["adamw"])
        #expect(table.cells == [[1], [2]])
        #expect(table.rowHeader == "lr \\ opt")
        let single = try ws.ledger.table(TableSpec(name: "t", rows: "lr", value: "acc"))
        #expect(single.rowHeader == "lr")
        #expect(single.columnKeys == ["acc"])
    }

    @Test("keys sort lexicographically when any key is not a number")
    func keyOrder() {
        #expect(Ledger.sortedKeys(["10", "9", "1e-3", "-2"]) == ["-2", "1e-3", "9", "10"])
        #expect(Ledger.sortedKeys(["b", "10", "a", "9"]) == ["10", "9", "a", "b"])
    }

    @Test("a spec stored before scopes existed decodes as scope all, and an all-scoped spec keeps those bytes")
    func oldSpecsReadAsAll() throws {
        let old = #"{"aggregate":"mean","filter":{},"name":"t","rows":"lr","value":"acc"}"#
        let spec: TableSpec = try Ledger.decodeSpec(old)
        #expect(spec.scope == .all && spec.session == nil)
        #expect(try Ledger.encode(spec) == old)
        let scoped = TableSpec(name: "t", rows: "lr", value: "acc", scope: .session, session: 7)
        let text = try Ledger.encode(scoped)
        #expect(text.contains(#""scope":"session","session":7"#))
        #expect(try Ledger.decodeSpec(text, as: TableSpec.self) == scoped)
    }
}
