// The two merge loops (short words, long words) agree, and long inputs encode correctly.

import SmolCore
import Testing
@testable import SmolTokenizers

@Suite struct BPEModelTests {
    @Test func shortAndHeapMergeLoopsAgree() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let model = tokenizer.model
        let rng = CounterRNG(seed: 11, stream: 0)
        let pieces = ["th", "e", "Ġ", "a", "n", "Ø§", "ÙĦ", "or", "in", "Ġthe", "s", "Ġof"]
        var index: UInt64 = 0
        for _ in 0..<200 {
            var word = ""
            for _ in 0..<(2 + rng.integer(below: 60, at: index)) { index += 1; word += pieces[rng.integer(below: pieces.count, at: index)] }
            index += 1
            var symbols = ByteLevel.decode(word)!.map { model.byteIDs[Int($0)] }
            let long = model.mergeLong(symbols)
            model.mergeShort(&symbols)
            #expect(symbols == long, "word: \(word)")
        }
    }

    @Test func veryLongWordsEncodeAndRoundTrip() throws {
        let tokenizer = try Fixtures.loadTokenizerA()
        let text = String(repeating: "theorientation", count: 2000) + String(repeating: " ", count: 5000) + "x"
        let ids = tokenizer.encode(text)
        #expect(tokenizer.decode(ids) == text)
        #expect(ids.count < text.utf8.count)
    }
}
