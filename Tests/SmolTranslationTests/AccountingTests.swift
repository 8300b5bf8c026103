import Foundation
import SmolCore
import SmolDatasets
import SmolTestSupport
import SmolTokenizers
import SmolTranslation
import Testing

/// Token accounting, the extrapolation table, the Pareto front and the held-out split.
@Suite struct AccountingTests {
    static let tokenizer = SegmenterTests.tokenizer

    @Test func accountCountsTokensPerDocumentAndThePremium() {
        let pairs = [(source: "The cat sat.", target: "جلست القطة."), (source: "Hello world", target: "مرحبا بالعالم")]
        let a = TokenAccount.measure("a", tokenizer: Self.tokenizer, pairs: pairs)
        let source = pairs.map { Self.tokenizer.encode($0.source).count }.reduce(0, +)
        let target = pairs.map { Self.tokenizer.encode($0.target).count }.reduce(0, +)
        #expect(a.documents == 2 && a.sourceTokens == source && a.targetTokens == target)
        #expect(a.sourcePerDocument == Double(source) / 2 && abs(a.premium - Double(target) / Double(source)) < 1e-12)
        #expect(a.premium > 1)   // byte-level English-ish vocabulary: Arabic costs more tokens
    }

    @Test func extrapolationScalesPerDocumentFigures() {
        let arabic = TokenAccount(tokenizer: "ar", documents: 10, sourceTokens: 0, targetTokens: 1000, sourceWords: 0, targetWords: 0)
        let model = TokenAccount(tokenizer: "m", documents: 10, sourceTokens: 500, targetTokens: 0, sourceWords: 0, targetWords: 0)
        let rows = Extrapolation.table(documents: [1000, 378_810_914], account: arabic, model: model, secondsPer1k: 36, cpuSecondsPer1k: 72)
        #expect(rows[0].targetTokens == 100_000 && rows[0].modelSourceTokens == 50_000)
        #expect(rows[0].wallHours == 0.5 && rows[0].cpuHours == 1)   // 50k tokens × 36 s / 1k = 1,800 s
        #expect(abs(rows[1].targetTokens - 37_881_091_400) < 1e-3)
        #expect(Extrapolation.table(documents: [1], account: arabic, model: model, secondsPer1k: nil, cpuSecondsPer1k: nil)[0].cpuHours == nil)
    }

    @Test func paretoFrontKeepsTheUndominated() {
        // (quality, cost): a is cheapest, c best; b is dominated by a; d ties c in quality at higher cost.
        let flags = ParetoFront.flags(quality: [3, 1, 9, 9, 5, 5], cost: [0, 5, 50, 60, 10, 10])
        #expect(flags == [true, false, true, false, true, true])
    }

    static func pairs(_ texts: [(String, String)], name: String) -> Dataset {
        var records = texts.map { RecordID.assign(.object([("source", .string($0.0)), ("target", .string($0.1)),
                                                           ("source_lang", .string("en")), ("target_lang", .string("ar"))])) }
        RecordID.makeUnique(&records)
        return Dataset(schema: .translation, records: records, name: name)
    }

    @Test func heldOutSetSharesNoSentenceOrNearDuplicateWithTraining() {
        // Distinct two-sentence paragraphs over a synthetic vocabulary (no shared sentence, no near-duplicate).
        func sentence(_ i: Int, _ k: Int, _ prefix: String) -> String {
            (0..<10).map { "\(prefix)\((i * 7919 + k * 3571 + $0 * 104_729) % 997)" }.joined(separator: " ") + "."
        }
        var texts: [(String, String)] = (0..<60).map { i in
            (sentence(i, 1, "w") + " " + sentence(i, 2, "w"), sentence(i, 1, "ك") + " " + sentence(i, 2, "ك"))
        }
        texts.append(("Open the file.", "افتح الملف."))
        texts.append(("Open the file.", "افتح هذا الملف."))                          // same source sentence
        texts.append(("Open the file.  Then close it.", "افتح الملف. ثم أغلقه."))    // shares a sentence
        let ui = Self.pairs([("Quit", "خروج"), ("Save as", "حفظ باسم")], name: "ui")
        let (train, test, report) = HeldOutSplit.split([Self.pairs(texts, name: "docs"), ui], testSize: 30, seed: 3, testFrom: 0)
        #expect(report.duplicates > 0)
        #expect(test.count > 0 && test.count <= 30 && train.count + test.count == report.pairs - report.duplicates)
        let uiIDs = Set(ui.records.compactMap { $0["id"]?.stringValue })
        #expect(test.records.allSatisfy { !uiIDs.contains($0["id"]!.stringValue!) })
        func sentences(_ d: Dataset) -> Set<String> {
            Set(d.records.flatMap { r in ["source", "target"].flatMap { Segmenter.sentences(r[$0]!.stringValue!).map(Dedup.normalise) } })
        }
        #expect(sentences(test).isDisjoint(with: sentences(train)))
        #expect(Contamination.measure(eval: test, train: train).contaminated == 0)
        let (_, again, _) = HeldOutSplit.split([Self.pairs(texts, name: "docs"), ui], testSize: 30, seed: 3, testFrom: 0)
        #expect(again.records == test.records)
    }
}
