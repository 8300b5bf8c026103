// Paths of the golden fixtures (Tests/Fixtures) and downloaded vocabularies the tests read.

import Foundation
import SmolTestSupport
@testable import SmolTokenizers

enum Fixtures {
    /// The repository root.
    static var repositoryRoot: String { Repository.root }

    static var tokenizerA: String { Repository.fixture("tokenizer-a/tokenizer.json") }
    static var tokenizerAGolden: String { Repository.fixture("tokenizer-a/encode_golden.json") }

    /// downloads/llama-vocab, filled by scripts/fetch-llama-vocab.sh.
    static var llamaVocab: String { repositoryRoot + "/downloads/llama-vocab" }
    static var hasLlamaVocab: Bool {
        FileManager.default.fileExists(atPath: llamaVocab + "/ggml-vocab-gpt-2.gguf")
    }

    /// downloads/smollm2/…gguf, filled by scripts/fetch-smollm2.sh.
    static var smolLM2: String { repositoryRoot + "/downloads/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" }
    static var hasSmolLM2: Bool { FileManager.default.fileExists(atPath: smolLM2) }

    /// downloads/datasets/handbook-en-ar.jsonl, filled by scripts/fetch-datasets.sh.
    static var handbookPairs: String { repositoryRoot + "/downloads/datasets/handbook-en-ar.jsonl" }
    static var hasHandbookPairs: Bool { FileManager.default.fileExists(atPath: handbookPairs) }

    /// The fixture tokenizer, loaded once; a missing fixture fails with its path.
    static func loadTokenizerA() throws -> Tokenizer {
        guard FileManager.default.fileExists(atPath: tokenizerA) else {
            throw TokenizerError.io(path: tokenizerA, reason: "golden fixture missing; regenerate Tests/Fixtures with scripts/fixtures/make-fixtures.py")
        }
        return try Tokenizer.load(path: tokenizerA)
    }
}
