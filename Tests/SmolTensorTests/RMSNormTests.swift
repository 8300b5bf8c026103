import SmolTensor
import Testing

@Suite struct RMSNormTests {
    @Test func rmsNormMatchesReferenceAndFiniteDifferences() {
        checkOp([[3, 2, 8], [8]], { tape, t in tape.rmsNorm(t[0], weight: t[1], eps: 1e-5) },
                reference: { ReferenceOps.rmsNorm($0[0], weight: $0[1], eps: 1e-5) })
    }
}
