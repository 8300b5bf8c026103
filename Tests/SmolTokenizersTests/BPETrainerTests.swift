// BPE training: determinism, the documented tie-break, min frequency, round trips, and that the
// saved tokenizer.json loads in Hugging Face `tokenizers` with the same ids (when a reference Python has `tokenizers`).

import Foundation
import SmolTestSupport
import Testing
@testable import SmolTokenizers

@Suite struct BPETrainerTests {
    static let specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

    /// A small corpus: English, Arabic, numbers and code, with repetition so merges have counts.
    static let corpus: [String] = {
        var lines: [String] = []
        for i in 0..<60 {
            lines.append("The mitochondria is the powerhouse of the cell number \(i * 37).")
            lines.append("التعليم هو أساس التقدم في المجتمع رقم \(i)")
            lines.append("def f\(i % 7)(x):\n    return x ** \(i % 5)  # comment")
            lines.append(i % 2 == 0 ? "Anarchism is a political philosophy." : "Astronomy studies celestial objects.")
        }
        return lines
    }()

    static func train(threads: Int = 1, vocab: Int = 400, minFrequency: Int = 2) throws -> Tokenizer {
        try Tokenizer.train(corpus: corpus, vocabularySize: vocab, specialTokens: specials, minFrequency: minFrequency, threads: threads)
    }

    @Test func trainingTwiceGivesIdenticalBytes() throws {
        let a = try BPETrainerTests.train().jsonData()
        let b = try BPETrainerTests.train().jsonData()
        #expect(a == b)
        #expect(try BPETrainerTests.train(threads: 2).jsonData() == a)
    }

    @Test func idsFollowTheDocumentedLayout() throws {
        let t = try BPETrainerTests.train()
        #expect(t.vocabularySize == 400)
        #expect(t.specialTokens == ["<|endoftext|>": 0, "<|im_start|>": 1, "<|im_end|>": 2])
        #expect(t.tokenStrings([3, 4, 191, 223]) == ["!", "\"", "Ā", "Ġ"])   // alphabet sorted by code point after the specials
        #expect(t.model.mergePairs.count == 400 - 3 - 256)
    }

    @Test func tieBreakPrefersTheSmallestPair() throws {
        // "ab" and "cd" each occur 3 times: (a, b) has the smaller ids, so it merges first.
        let t = try Tokenizer.train(corpus: ["cd ab", "ab cd", "cd ab"], vocabularySize: 261, specialTokens: [], minFrequency: 1)
        #expect(t.tokenStrings([256]) == ["ab"])
        // "ab" occurs more often than "cd": count beats id order.
        let u = try Tokenizer.train(corpus: ["cd", "cd", "cd", "xy", "xy"], vocabularySize: 257, specialTokens: [], minFrequency: 1)
        #expect(u.tokenStrings([256]) == ["cd"])
    }

    @Test func minFrequencyStopsMerging() throws {
        let t = try Tokenizer.train(corpus: ["ab ab cd"], vocabularySize: 300, specialTokens: [], minFrequency: 2)
        // Only (a, b) — and then (Ġ, ab) occurs once, below the minimum — so a single merge is learned.
        #expect(t.model.mergePairs.count == 1)
        #expect(t.vocabularySize == 257)
    }

    @Test func trainedTokenizerRoundTripsAndCompresses() throws {
        let t = try BPETrainerTests.train()
        for line in BPETrainerTests.corpus.prefix(8) + ["unseen words, 😀 and ﻻ"] {
            #expect(t.decode(t.encode(line)) == line)
        }
        let text = BPETrainerTests.corpus[0]
        #expect(t.encode(text).count < text.utf8.count / 2)
        let reloaded = try Tokenizer(json: Tokenizer.parseJSON(Array(try t.jsonData()), path: "memory"), config: nil, path: "memory")
        #expect(reloaded.encode(text) == t.encode(text))
    }

    @Test func invalidArgumentsAreErrors() {
        #expect(throws: TokenizerError.self) { try Tokenizer.train(corpus: ["x"], vocabularySize: 100, specialTokens: [], minFrequency: 1) }
        #expect(throws: TokenizerError.self) { try Tokenizer.train(corpus: ["x"], vocabularySize: 300, specialTokens: ["a", "a"], minFrequency: 1) }
    }

    @Test(.enabled(if: ReferencePython.tokenizers != nil,
                   "no Python with `tokenizers`: run scripts/test.sh or set SMOL_PYTHON; skipping the HF load check"))
    func savedFileLoadsInHuggingFaceTokenizers() throws {
        let t = try BPETrainerTests.train()
        let path = NSTemporaryDirectory() + "smol-trained-\(getpid()).json"
        try t.save(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = "The cell 2024: التعليم هو أساس <|im_end|> def f(x)"
        let output = try ReferencePython.run(try #require(ReferencePython.tokenizers), [
            "-c", "import sys; from tokenizers import Tokenizer; print(' '.join(map(str, Tokenizer.from_file(sys.argv[1]).encode(sys.argv[2]).ids)))",
            path, text,
        ])
        #expect(output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } == t.encode(text))
    }
}
