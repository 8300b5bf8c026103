import Foundation
import Testing
@testable import SmolLedger

@Suite("Ledger lineage")
struct LedgerLineageTests {
    @Test("lineage follows artifact -> producer -> inputs recursively to external inputs")
    func chain() throws {
        let ws = try temporaryWorkspace()
        let s = try ws.ledger.beginSession(sampleSession())
        let raw = ArtifactRef(sha256: String(repeating: "1", count: 64), kind: .file, bytes: 10)
        let data = try ws.store.put(Array("dataset".utf8), kind: .dataset)
        let base = try ws.store.put(Array("base".utf8), kind: .model)
        let tuned = try ws.store.put(Array("tuned".utf8), kind: .model)
        let load = try recordCommand(ws.ledger, session: s, name: "data.load", inputs: [raw.named("path")], outputs: [data])
        let initID = try recordCommand(ws.ledger, session: s, name: "model.init", outputs: [base])
        let train = try recordCommand(ws.ledger, session: s, name: "train.sft", inputs: [base.named("base"), data.named("data")], outputs: [tuned])

        #expect(try ws.ledger.producer(of: tuned.sha256)?.id == train)
        #expect(try ws.ledger.producer(of: raw.sha256) == nil)
        let tree = try ws.ledger.lineage(of: tuned.sha256)
        #expect(tree.producer?.id == train)
        #expect(tree.inputs.map(\.artifact.name) == ["base", "data"])
        #expect(tree.inputs.map { $0.producer?.id } == [initID, load])
        #expect(tree.inputs[1].inputs.map(\.artifact.sha256) == [raw.sha256])
        #expect(tree.inputs[1].inputs[0].producer == nil)
        #expect(tree.inputs[1].inputs[0].isRepeat == false)
        #expect(LedgerPrinter.lineage(tree) == """
            \(tuned.sha256.prefix(12)) model <- command \(train) train.sft (session \(s), seq 3)
              base: \(base.sha256.prefix(12)) model <- command \(initID) model.init (session \(s), seq 2)
              data: \(data.sha256.prefix(12)) dataset <- command \(load) data.load (session \(s), seq 1)
                path: \(raw.sha256.prefix(12)) file (external input, not stored)

            """)
    }

    @Test("an input file copied into the store is labelled stored, one recorded by hash only is not")
    func storedAndExternalInputs() throws {
        let ws = try temporaryWorkspace()
        let s = try ws.ledger.beginSession(sampleSession())
        let small = try ws.store.put(Array("small input".utf8), kind: .file)
        let big = ArtifactRef(sha256: String(repeating: "2", count: 64), kind: .file, bytes: 1 << 30)
        let out = try ws.store.put(Array("dataset".utf8), kind: .dataset)
        try recordCommand(ws.ledger, session: s, name: "data.load", inputs: [small.named("path"), big.named("extra")], outputs: [out])
        let tree = try ws.ledger.lineage(of: out.sha256)
        #expect(tree.inputs.map(\.isStored) == [true, false])
        let text = LedgerPrinter.lineage(tree)
        #expect(text.contains("path: \(small.sha256.prefix(12)) file (input file, stored)"))
        #expect(text.contains("extra: \(big.sha256.prefix(12)) file (external input, not stored)"))
    }

    @Test("a cached re-run does not replace the original producer")
    func producerPrefersOriginal() throws {
        let ws = try temporaryWorkspace()
        let s = try ws.ledger.beginSession(sampleSession())
        let out = try ws.store.put(Array("m".utf8), kind: .model)
        let original = try recordCommand(ws.ledger, session: s, name: "train.sft", outputs: [out])
        try recordCommand(ws.ledger, session: s, name: "train.sft", outputs: [out], status: .cached, cachedFrom: original)
        #expect(try ws.ledger.producer(of: out.sha256)?.id == original)
    }

    @Test("lineage is cycle-safe and expands a shared ancestor once")
    func cyclesAndSharing() throws {
        let ws = try temporaryWorkspace()
        let s = try ws.ledger.beginSession(sampleSession())
        let a = try ws.store.put(Array("a".utf8), kind: ArtifactKind("x"))
        let b = try ws.store.put(Array("b".utf8), kind: ArtifactKind("x"))
        let c = try ws.store.put(Array("c".utf8), kind: ArtifactKind("x"))
        // a -> b, b -> a (a cycle a hand-edited ledger could contain), and c made from a twice.
        try recordCommand(ws.ledger, session: s, name: "f", inputs: [b], outputs: [a])
        try recordCommand(ws.ledger, session: s, name: "g", inputs: [a], outputs: [b])
        try recordCommand(ws.ledger, session: s, name: "h", inputs: [a.named("left"), a.named("right")], outputs: [c])
        let tree = try ws.ledger.lineage(of: c.sha256)
        #expect(tree.inputs.count == 2)
        #expect(tree.inputs[0].isRepeat == false)
        #expect(tree.inputs[0].inputs.first?.artifact.sha256 == b.sha256)
        #expect(tree.inputs[0].inputs.first?.inputs.first?.isRepeat == true) // back to a: not expanded again
        #expect(tree.inputs[1].isRepeat == true)
        #expect(LedgerPrinter.lineage(tree).contains("(see above)"))
    }

    @Test("lineage of an unknown artifact throws")
    func unknownArtifact() throws {
        let ws = try temporaryWorkspace()
        #expect(throws: LedgerError.unknownArtifact("ff")) { _ = try ws.ledger.lineage(of: "ff") }
    }
}
