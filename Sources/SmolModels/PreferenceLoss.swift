import SmolTensor

/// Direct Preference Optimisation losses (Rafailov et al.) over per-sequence log-probabilities.
public enum PreferenceLoss {
    /// −mean_b log σ(β · ((πc − rc) − (πr − rr))), with the reference log-probs as constants.
    /// Pass summed log-probs for the original sigmoid DPO, length-averaged ones for Tulu 3's `dpo_norm`.
    ///
    /// policyChosen, policyRejected: [B]; referenceChosen, referenceRejected: [B] -> [1]
    public static func dpo(_ tape: Tape, policyChosen: Tensor, policyRejected: Tensor,
                           referenceChosen: [Float], referenceRejected: [Float], beta: Float) -> Tensor {
        let b = referenceChosen.count
        precondition(policyChosen.count == b && policyRejected.count == b && referenceRejected.count == b,
                     "dpo: the four log-probability vectors need the same batch size")
        let margin = tape.sub(tape.sub(policyChosen, Tensor(shape: [b], values: referenceChosen)),
                              tape.sub(policyRejected, Tensor(shape: [b], values: referenceRejected)))   // [B]
        return tape.scale(tape.mean(tape.logSigmoid(tape.scale(margin, by: beta))), by: -1)           // [1]
    }
}
