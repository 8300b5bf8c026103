import Foundation
import SmolLedger
import SmolScript
import Testing
@testable import SmolKit

@Suite struct DataAndTokenizerCommandsTests {
    @Test func generatedDatasetsAreArtifactsWithStableHashes() throws {
        let a = try TestSession(), b = try TestSession()
        let first = try a.run(#"data.generate("gsm-like", n: 20, seed: 7)"#)
        let second = try b.run(#"data.generate("gsm-like", n: 20, seed: 7)"#)
        guard case .handle(let h1)? = first, case .handle(let h2)? = second else {
            Issue.record("expected dataset handles"); return
        }
        #expect(h1.hash == h2.hash)
        #expect(h1.property("count") == .number(20))
        #expect(a.session.workspace.store.contains(h1.hash))
        let other = try a.run(#"data.generate("gsm-like", n: 20, seed: 8)"#)
        guard case .handle(let h3)? = other else { return }
        #expect(h3.hash != h1.hash)
    }

    @Test func aMalformedFileIsReportedWithItsLineAndColumn() throws {
        let t = try TestSession()
        try Data("{\"text\": \"ok\"}\n{\"text\": \"bad\",}\n".utf8).write(to: URL(fileURLWithPath: t.directory + "/x.jsonl"))
        do {
            try t.run(#"data.load("x.jsonl")"#)
            Issue.record("expected a runtime error")
        } catch {
            #expect(error.description.contains("x.jsonl:2:"), "\(error.description)")
        }
        let commands = try t.session.workspace.ledger.commands(session: t.session.sessionID)
        #expect(commands.map(\.status) == [.error])
    }

    @Test func skippedLinesAreRecordedNotDropped() throws {
        let t = try TestSession()
        try Data("{\"text\": \"ok\"}\n{\"text\": 5}\n{\"text\": \"fine\"}\n".utf8)
            .write(to: URL(fileURLWithPath: t.directory + "/y.jsonl"))
        try t.run(#"let d = data.load("y.jsonl", skip_invalid: true)"# + "\nprint(d.count)")
        #expect(t.lines.last == "2")
        #expect(t.lines.first?.contains("y.jsonl:2:") == true)
        let command = try #require(try t.session.workspace.ledger.commands(session: t.session.sessionID).first)
        let output = try #require(command.outputs.first)
        #expect(output.metadataJSON.contains("\"line\":2"))
    }

    @Test func mappingReadsTheFilesFieldAsTheSchemaFieldAsDocumented() throws {
        let t = try TestSession()
        try Data("{\"query\": \"2+2?\", \"answer\": \"2+2=4\\n#### 4\"}\n".utf8).write(to: URL(fileURLWithPath: t.directory + "/q.jsonl"))
        try t.run(#"let d = data.load("q.jsonl", schema: "math", mapping: [query: "question"])"# + "\nprint(d.count)")
        #expect(t.lines.last == "1")
        let doc = DataCommands.load.signature.parameters.first { $0.name == "mapping" }?.doc ?? ""
        #expect(doc.contains("[query: \"question\"] reads the file's query as question"), "\(doc)")
    }

    @Test func contaminationTakesAThresholdAndNamesTheContaminatedItems() throws {
        let t = try TestSession()
        try Data("{\"text\": \"Quiz: how many legs does a spider have? Eight.\"}\n".utf8).write(to: URL(fileURLWithPath: t.directory + "/train.jsonl"))
        try Data("{\"text\": \"How many legs does a spider have?\"}\n{\"text\": \"Why is the sky blue?\"}\n".utf8)
            .write(to: URL(fileURLWithPath: t.directory + "/eval.jsonl"))
        let result = try t.run(#"data.contamination(data.load("eval.jsonl"), data.load("train.jsonl"), n: 8, threshold: 0.5)"#)
        guard case .record(let r)? = result, case .list(let ids)? = r["contaminated_ids"] else { Issue.record("expected a record"); return }
        #expect(r["contaminated"] == .number(1) && r["threshold"] == .number(0.5) && ids.count == 1)
        #expect(throws: ScriptFailure.self) { try t.run(#"data.contamination(data.load("eval.jsonl"), data.load("train.jsonl"), threshold: 0)"#) }
    }

    @Test func batchesReportPaddingAndLengthGroupingCutsIt() throws {
        let t = try TestSession()
        try t.run("""
        let corpus = data.generate("gsm-like", n: 64, seed: 3)
        let tok = tokenizer.train(corpus, vocab: 300)
        let plain = data.batches(corpus, tok, batch_size: 8, seed: 1)
        let grouped = data.batches(corpus, tok, batch_size: 8, seed: 1, by_length: true)
        print(plain.batches)
        print(plain.real_tokens == grouped.real_tokens)
        print(grouped.pad_fraction < plain.pad_fraction)
        """)
        #expect(Array(t.lines.suffix(3)) == ["8", "true", "true"])
        #expect(t.lines.first?.hasPrefix("8 batches of 8 over 64 records, epoch 0:") == true)
    }

    @Test func generateWarnsWhenQuestionsRepeat() throws {
        let t = try TestSession()
        try t.run(#"data.generate("mmlu-like", n: 20, seed: 1, split: "test")"#)
        #expect(t.lines.isEmpty, "\(t.lines)")
        try t.run(#"data.generate("mmlu-like", n: 320, seed: 1, split: "test")"#)
        #expect(t.lines.contains { $0.hasPrefix("warning: mmlu-like-test has only ") }, "\(t.lines)")
    }

    @Test func anUnknownTaskOrSplitIsReportedWithOneErrorPrefix() throws {
        let t = try TestSession()
        for script in [#"data.generate("gsm-lik", n: 1)"#, #"data.generate("gsm-like", n: 1, split: "validation")"#] {
            do {
                try t.run(script)
                Issue.record("expected an error")
            } catch {
                #expect(!error.description.contains("error: error:") && error.description.contains("error: "), "\(error.description)")
            }
        }
    }

    @Test func loadKeepsExtraFieldsTakesALineCapAndWarnsAboutEmptyPairs() throws {
        let t = try TestSession()
        try Data("{\"text\": \"a\", \"url\": \"https://example.org\"}\n".utf8).write(to: URL(fileURLWithPath: t.directory + "/fw.jsonl"))
        try t.run(#"print(data.load("fw.jsonl", extra: "keep").count)"#)
        #expect(t.lines.last == "1")
        #expect(throws: ScriptFailure.self) { try t.run(#"data.load("fw.jsonl")"#) }
        #expect(throws: ScriptFailure.self) { try t.run(#"data.load("fw.jsonl", extra: "keep", max_line_bytes: 8)"#) }
        try Data("{\"prompt\": \"Hi\", \"chosen\": \"Hello\", \"rejected\": \"Hello\"}\n".utf8)
            .write(to: URL(fileURLWithPath: t.directory + "/p.jsonl"))
        try t.run(#"data.load("p.jsonl")"#)
        #expect(t.lines.contains { $0.contains("warning: 1 preference pair(s) have chosen identical to rejected") }, "\(t.lines)")
        let schema = DataCommands.load.signature.parameters.first { $0.name == "schema" }
        #expect(schema?.choices.contains("translation") == true && DataCommands.load.signature.declaration.contains(#""translation""#))
    }

    @Test func sampleWarnsWhenNIsLargerThanTheDataset() throws {
        let t = try TestSession()
        try t.run(#"print(data.sample(data.generate("gsm-like", n: 5, seed: 1), n: 9).count)"#)
        #expect(t.lines.last == "5")
        #expect(t.lines.contains { $0.hasPrefix("warning: n: 9 is more than the 5 records") }, "\(t.lines)")
    }

    @Test func editingAnInputFileInvalidatesTheCache() throws {
        let t = try TestSession()
        let path = t.directory + "/z.jsonl"
        try Data("{\"text\": \"one\"}\n".utf8).write(to: URL(fileURLWithPath: path))
        try t.run(#"print(data.load("z.jsonl").count)"#)
        try Data("{\"text\": \"one\"}\n{\"text\": \"two\"}\n".utf8).write(to: URL(fileURLWithPath: path))
        try t.run(#"print(data.load("z.jsonl").count)"#)
        #expect(t.lines == ["1", "2"])
    }

    @Test func aTrainedTokenizerRoundTripsAndIsDeterministic() throws {
        let t = try TestSession()
        try t.run("""
        let corpus = data.generate("edu-corpus", n: 60, seed: 1)
        let tok = tokenizer.train(corpus, vocab: 400, special: ["<|endoftext|>"])
        print(tokenizer.decode(tok, tokenizer.encode(tok, "Energy flows through ecosystems.")))
        print(tok.vocab)
        """)
        #expect(t.lines == ["Energy flows through ecosystems.", "400"])
        let again = try TestSession()
        try again.run("""
        let tok = tokenizer.train(data.generate("edu-corpus", n: 60, seed: 1), vocab: 400, special: ["<|endoftext|>"])
        print(tok.hash)
        """)
        let first = try t.run("tok.hash")
        #expect(first == .string(again.lines[0]))
    }

    @Test func chatRenderUsesTheNamedTemplate() throws {
        let t = try TestSession()
        let text = try t.run(#"chat.render([[role: "user", content: "Hi"], [role: "assistant", content: "Hello"]], template: "chatml")"#)
        #expect(text == .string("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n"))
        #expect(throws: ScriptFailure.self) { try t.run(#"chat.render([], template: "alpaca")"#) }
    }
}
