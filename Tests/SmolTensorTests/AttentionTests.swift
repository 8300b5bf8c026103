import SmolTensor
import Testing

@Suite struct AttentionTests {
    @Test(arguments: [(4, 2), (2, 2), (4, 1)])
    func groupedQueryAttentionMatchesReferenceAndFiniteDifferences(heads: Int, kvHeads: Int) {
        let (batch, length, d) = (2, 5, 4)
        checkOp([[batch * length, heads * d], [batch * length, kvHeads * d], [batch * length, kvHeads * d]],
                { tape, t in tape.causalAttention(q: t[0], k: t[1], v: t[2], batch: batch, length: length, heads: heads, kvHeads: kvHeads) },
                reference: { ReferenceOps.causalAttention(q: $0[0], k: $0[1], v: $0[2], batch: batch, length: length,
                                                          heads: heads, kvHeads: kvHeads, headDim: d) })
    }

    /// Longer than one causal block, so the blocked loops and their skipped keys are exercised.
    @Test func sequencesLongerThanOneBlock() {
        let (length, heads, kvHeads, d) = (causalBlockRows + 6, 2, 1, 4)
        checkOp([[length, heads * d], [length, kvHeads * d], [length, kvHeads * d]],
                { tape, t in tape.causalAttention(q: t[0], k: t[1], v: t[2], batch: 1, length: length, heads: heads, kvHeads: kvHeads) },
                reference: { ReferenceOps.causalAttention(q: $0[0], k: $0[1], v: $0[2], batch: 1, length: length,
                                                          heads: heads, kvHeads: kvHeads, headDim: d) })
    }

    /// A length and head width that end in partial register tiles (6 query rows × 16 keys or dims).
    @Test func partialRegisterTiles() {
        let (length, heads, kvHeads, d) = (19, 2, 1, 18)
        checkOp([[length, heads * d], [length, kvHeads * d], [length, kvHeads * d]],
                { tape, t in tape.causalAttention(q: t[0], k: t[1], v: t[2], batch: 1, length: length, heads: heads, kvHeads: kvHeads) },
                reference: { ReferenceOps.causalAttention(q: $0[0], k: $0[1], v: $0[2], batch: 1, length: length,
                                                          heads: heads, kvHeads: kvHeads, headDim: d) })
    }

    @Test func laterTokensDoNotChangeEarlierOutputs() {
        let q = randomValues(6 * 4, seed: 5), k = randomValues(6 * 4, seed: 6), v = randomValues(6 * 4, seed: 7)
        let tape = Tape(recording: false)
        let full = tape.causalAttention(q: Tensor(shape: [6, 4], values: q), k: Tensor(shape: [6, 4], values: k),
                                        v: Tensor(shape: [6, 4], values: v), batch: 1, length: 6, heads: 1, kvHeads: 1)
        let prefix = tape.causalAttention(q: Tensor(shape: [3, 4], values: Array(q[..<12])), k: Tensor(shape: [3, 4], values: Array(k[..<12])),
                                          v: Tensor(shape: [3, 4], values: Array(v[..<12])), batch: 1, length: 3, heads: 1, kvHeads: 1)
        #expect(Array(full.values[..<12]) == prefix.values)
    }
}
