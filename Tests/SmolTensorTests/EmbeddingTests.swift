import SmolTensor
import Testing

@Suite struct EmbeddingTests {
    @Test func repeatedIdsAccumulateGradient() {
        let ids = [2, 0, 2, 4, 2, 1]
        checkOp([[5, 3]], { tape, t in tape.embedding(ids, shape: [2, 3], table: t[0]) },
                reference: { ReferenceOps.embedding(ids, table: $0[0], columns: 3) })
    }
}
