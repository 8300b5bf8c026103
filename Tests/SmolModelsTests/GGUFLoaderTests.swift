import Foundation
import SmolModels
import SmolTensor
import Testing

/// The real SmolLM2-135M-Instruct (Q4_1) from scripts/fetch-smollm2.sh; skipped when not downloaded.
@Suite struct GGUFLoaderTests {
    static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf").path
    }()
    static let present = FileManager.default.fileExists(atPath: path)

    @Test(.enabled(if: present, "downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run scripts/fetch-smollm2.sh"))
    func smolLM2KnownAnswer() throws {
        let m = try LanguageModel.load(path: Self.path)
        #expect(m.sourceDType.contains("q4_1"))
        #expect(m.config.numHiddenLayers == 30 && m.config.numKeyValueHeads == 3 && m.config.tieWordEmbeddings)
        let ids = [504, 3575, 282, 4649, 314]   // "The capital of France is"
        let logits = m.logits(Tape(threads: 2, recording: false), ids: ids, batch: 1, length: ids.count)
        let last = Array(logits.values.suffix(m.config.vocabSize))
        for (token, value) in [(7042, 17.3713), (260, 14.8886), (4528, 13.2450), (2250, 13.0095), (1315, 12.9515)] {
            #expect(abs(Double(last[token]) - value) < 1e-2, "logit of \(token) is \(last[token]), expected \(value)")
        }
        #expect(try m.generate([ids], options: GenerationOptions(maxNewTokens: 8), threads: 2)[0] == [7042, 30, 198, 198, 504, 2988, 314, 42])
    }
}
