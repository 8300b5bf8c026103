import SmolTensor
import Testing

@Suite struct ElementwiseTests {
    @Test func addSubMul() {
        checkOp([[3, 4], [3, 4]], { tape, t in tape.add(t[0], t[1]) }, reference: { zip($0[0], $0[1]).map(+) })
        checkOp([[3, 4], [3, 4]], { tape, t in tape.sub(t[0], t[1]) }, reference: { zip($0[0], $0[1]).map(-) })
        checkOp([[3, 4], [3, 4]], { tape, t in tape.mul(t[0], t[1]) }, reference: { zip($0[0], $0[1]).map(*) })
    }

    @Test func scaleAndReductions() {
        checkOp([[5]], { tape, t in tape.scale(t[0], by: -2.5) }, reference: { $0[0].map { $0 * -2.5 } })
        checkOp([[2, 3]], { tape, t in tape.sum(t[0]) }, reference: { [$0[0].reduce(0, +)] })
        checkOp([[2, 3]], { tape, t in tape.mean(t[0]) }, reference: { [$0[0].reduce(0, +) / 6] })
    }

    @Test func swiglu() {
        checkOp([[4, 6], [4, 6]], { tape, t in tape.swiglu(t[0], t[1]) }, reference: { ReferenceOps.swiglu($0[0], $0[1]) })
    }

    @Test func logSigmoidIsStableForLargeInputs() {
        checkOp([[8]], inputScale: 4, { tape, t in tape.logSigmoid(t[0]) }, reference: { ReferenceOps.logSigmoid($0[0]) })
        let tape = Tape()
        let y = tape.logSigmoid(Tensor(shape: [2], values: [-200, 200]))
        #expect(y.values == [-200, 0])
    }
}
