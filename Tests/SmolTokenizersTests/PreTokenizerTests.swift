// Regex Split pre-tokenizers (Llama-3, Qwen2) run through ICU, compared id for id with Hugging Face
// `tokenizers` (Oniguruma) on seeded random mixed-script strings, when python3 has `tokenizers`.

import Foundation
import SmolCore
import Testing
@testable import SmolTokenizers

@Suite(.enabled(if: BPETrainerTests.python != nil, "python3 with the `tokenizers` package is not installed; skipping the HF comparison"))
struct PreTokenizerTests {
    static let patterns: [String: String] = [
        "llama3": #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#,
        "qwen2": #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#,
    ]

    static func randomTexts() -> [String] {
        let alphabet = ["a", "Z", "é", "ß", "ع", "ـ", "َ", "中", "1", "٣", "Ⅻ", "²", " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{3000}",
                        ".", ",", "!", "'", "'S", "'re", "'LL", "😀", "—", "_", "$", "\u{200F}", "12345"]
        let rng = CounterRNG(seed: 99, stream: 0)
        var index: UInt64 = 0
        return (0..<300).map { _ in
            var text = ""
            let n = 1 + rng.integer(below: 20, at: index); index += 1
            for _ in 0..<n { text += alphabet[rng.integer(below: alphabet.count, at: index)]; index += 1 }
            return text
        }
    }

    @Test("ICU regex split matches HF ids", arguments: ["llama3", "qwen2"])
    func splitMatchesHuggingFace(_ name: String) throws {
        guard case .object(var members) = try Tokenizer.parseJSON(Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.tokenizerA))), path: "a") else {
            Issue.record("tokenizer-a is not a JSON object"); return
        }
        let pre: JSONValue = .object([("type", .string("Sequence")), ("pretokenizers", .array([
            .object([("type", .string("Split")), ("pattern", .object([("Regex", .string(PreTokenizerTests.patterns[name]!))])),
                     ("behavior", .string("Isolated")), ("invert", .bool(false))]),
            .object([("type", .string("ByteLevel")), ("add_prefix_space", .bool(false)), ("trim_offsets", .bool(true)), ("use_regex", .bool(false))]),
        ]))])
        members = members.map { $0.0 == "pre_tokenizer" ? ($0.0, pre) : $0 }
        let tokenizer = try Tokenizer(json: .object(members), config: nil, path: name)
        let directory = NSTemporaryDirectory() + "smol-pre-\(name)-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try tokenizer.save(to: directory + "/tokenizer.json")
        let texts = PreTokenizerTests.randomTexts()
        try JSONSerialization.data(withJSONObject: texts).write(to: URL(fileURLWithPath: directory + "/texts.json"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: BPETrainerTests.python!)
        process.arguments = ["-c", """
            import json, sys
            from tokenizers import Tokenizer
            t = Tokenizer.from_file(sys.argv[1] + "/tokenizer.json")
            print(json.dumps([e.ids for e in t.encode_batch(json.load(open(sys.argv[1] + "/texts.json")))]))
            """, directory]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = try #require(try JSONSerialization.jsonObject(with: output) as? [[Int]])
        #expect(expected.count == texts.count)
        for (text, ids) in zip(texts, expected) { #expect(tokenizer.encode(text) == ids, "\(name): \(text.debugDescription)") }
    }
}
