// Streaming a corpus file line by line.

import Foundation
import Testing
@testable import SmolTokenizers

@Suite struct TextFileLinesTests {
    @Test func linesKeepTheirNewlinesAndTheLastLineIsKept() throws {
        let path = NSTemporaryDirectory() + "smol-lines-\(getpid()).txt"
        let long = String(repeating: "مرحبا ", count: 1_000_000)   // crosses the 4 MiB block boundary
        try ("first\n\n" + long + "\nlast").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = Array(try TextFileLines(path: path))
        #expect(lines == ["first\n", "\n", long + "\n", "last"])
        #expect(throws: TokenizerError.self) { try TextFileLines(path: path + ".missing") }
    }

    @Test func trainingFromAFileEqualsTrainingFromItsLines() throws {
        let path = NSTemporaryDirectory() + "smol-corpus-\(getpid()).txt"
        let text = BPETrainerTests.corpus.joined(separator: "\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try Tokenizer.train(corpus: TextFileLines(path: path), vocabularySize: 350, specialTokens: ["<|endoftext|>"], minFrequency: 2)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        lines[lines.count - 1].removeLast()   // the file does not end with a newline
        let fromLines = try Tokenizer.train(corpus: lines, vocabularySize: 350, specialTokens: ["<|endoftext|>"], minFrequency: 2)
        #expect(try fromFile.jsonData() == fromLines.jsonData())
    }
}
