import Testing
@testable import SmolFormats

@Suite("LlamaPermutation")
struct LlamaPermutationTests {
    /// llama.cpp's converter, written independently: view rows as [heads, 2, D/2], swap the last two
    /// axes to [heads, D/2, 2], and flatten back.
    private func permute(_ w: [Float], rows: Int, cols: Int, heads: Int) -> [Float] {
        let half = rows / heads / 2
        var out: [Float] = []
        for h in 0..<heads {
            for i in 0..<half {
                for s in 0..<2 {
                    let source = (h * 2 + s) * half + i
                    out += w[(source * cols)..<((source + 1) * cols)]
                }
            }
        }
        return out
    }

    @Test func smallExampleByHand() {
        // One head of 4 rows: HF [a, b, c, d] is stored by llama.cpp as [a, c, b, d].
        #expect(unpermuteLlamaQK([1, 3, 2, 4], rows: 4, cols: 1, heads: 1) == [1, 2, 3, 4])
        #expect(permute([1, 2, 3, 4], rows: 4, cols: 1, heads: 1) == [1, 3, 2, 4])
    }

    @Test(arguments: [(rows: 576, cols: 8, heads: 9), (rows: 192, cols: 5, heads: 3), (rows: 12, cols: 3, heads: 1)])
    func invertsTheConverter(rows: Int, cols: Int, heads: Int) {
        let weight = (0..<(rows * cols)).map { Float($0) }
        let stored = permute(weight, rows: rows, cols: cols, heads: heads)
        #expect(stored != weight)
        let restored = unpermuteLlamaQK(stored, rows: rows, cols: cols, heads: heads)
        let firstMismatch = restored.indices.first { restored[$0] != weight[$0] }  // short failure output
        #expect(restored.count == weight.count)
        #expect(firstMismatch == nil)
    }
}
