import SmolTensor

/// Direct Preference Optimisation losses (Rafailov et al.) and their variants, over the policy's
/// per-sequence log-probabilities and the reference model's (constants).
///
/// With h = (πc − rc) − (πr − rr) per pair:
/// - `sigmoid` (DPO; TRL and open-instruct `dpo`): −(1−ε)·log σ(βh) − ε·log σ(−βh) over summed log-probs;
/// - `dpoNorm` (Tulu 3's `dpo_norm`): the same over length-averaged log-probs (β 5 in Tulu 3);
/// - `ipo` (Azar et al., as TRL): (h − 1/(2β))² over length-averaged log-probs.
/// Each is averaged over the batch.
public enum PreferenceLoss {
    /// The loss types of `train.dpo`.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case dpoNorm = "dpo_norm"
        case sigmoid
        case ipo

        /// Whether the loss reads length-averaged log-probs (else summed ones).
        public var usesAveragedLogProbabilities: Bool { self != .sigmoid }
    }

    /// The mean loss over the batch from the margins h.   h: [B] -> [1]
    public static func loss(_ tape: Tape, kind: Kind, margins h: Tensor, beta: Float, labelSmoothing: Float = 0) -> Tensor {
        let b = h.count
        switch kind {
        case .sigmoid, .dpoNorm:
            var perPair = tape.scale(tape.logSigmoid(tape.scale(h, by: beta)), by: -(1 - labelSmoothing))              // [B]
            if labelSmoothing != 0 {
                perPair = tape.sub(perPair, tape.scale(tape.logSigmoid(tape.scale(h, by: -beta)), by: labelSmoothing))
            }
            return tape.mean(perPair)                                                                              // [1]
        case .ipo:
            let centred = tape.sub(h, Tensor(shape: [b], values: Array(repeating: 1 / (2 * beta), count: b)))         // [B]
            return tape.mean(tape.mul(centred, centred))                                                           // [1]
        }
    }

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
        return loss(tape, kind: .sigmoid, margins: margin, beta: beta)                                  // [1]
    }
}
