import SmolTensor
import Testing

@Suite struct RotaryTests {
    @Test func rotaryMatchesReferenceAndFiniteDifferences() {
        let positions = [0, 1, 2, 7, 3, 11]
        let tables = RotaryTables(headDim: 8, theta: 10_000, positions: 16)
        checkOp([[6, 16]], { tape, t in tape.rotary(t[0], positions: positions, heads: 2, tables: tables) },
                reference: { ReferenceOps.rotary($0[0], positions: positions, heads: 2, headDim: 8, theta: 10_000) })
    }

    @Test func positionZeroIsIdentity() {
        let tables = RotaryTables(headDim: 4, theta: 10_000, positions: 1)
        let x = Tensor(shape: [1, 4], values: [1, 2, 3, 4])
        #expect(Tape(recording: false).rotary(x, positions: [0], heads: 1, tables: tables).values == [1, 2, 3, 4])
    }

    /// The eight-wide loop (half ≥ 8) and its scalar tail give the bits of the plain formula
    /// `y1 = x1·cos − x2·sin`, `y2 = x2·cos + x1·sin` (backward: sin negated), with no fused multiply-add.
    @Test func vectorLoopMatchesScalarFormulaBitForBit() {
        let headDim = 20, half = 10, heads = 2, rows = 5
        let positions = [0, 3, 9, 1, 6]
        let tables = RotaryTables(headDim: headDim, theta: 10_000, positions: 10)
        let values = (0..<rows * heads * headDim).map { Float(($0 * 37) % 23) / 7 - 1.5 }
        let x = Tensor(shape: [rows, heads * headDim], values: values, requiresGrad: true)
        let tape = Tape()
        let y = tape.rotary(x, positions: positions, heads: heads, tables: tables)
        tape.backward(from: tape.sum(y))
        for inverse in [false, true] {
            let source = inverse ? [Float](repeating: 1, count: values.count) : values
            let sign: Float = inverse ? -1 : 1
            var expected = [Float](repeating: 0, count: values.count)
            for r in 0..<rows {
                for h in 0..<heads {
                    let base = r * heads * headDim + h * headDim
                    for i in 0..<half {
                        let c = tables.cos[positions[r] * half + i], si = sign * tables.sin[positions[r] * half + i]
                        let x1 = source[base + i], x2 = source[base + i + half]
                        let a = x1 * c, b = x2 * si, e = x2 * c, f = x1 * si
                        expected[base + i] = a - b
                        expected[base + i + half] = e + f
                    }
                }
            }
            let actual = inverse ? x.gradient : y.values
            #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern))
        }
    }
}
