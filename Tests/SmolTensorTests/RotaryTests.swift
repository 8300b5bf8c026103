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
}
