import SmolTensor
import Testing

@Suite struct ReshapeTests {
    @Test func reshapeKeepsValuesAndPassesGradient() {
        checkOp([[6]], { tape, t in tape.reshape(t[0], to: [2, 3]) }, reference: { $0[0] })
    }
}
