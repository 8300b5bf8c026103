/// How hard the reasoning-like suites (arc-like, gsm-like, and the mixtures built from them) are: how
/// much has to be chained, in what order the clues come, and how large the numbers are.
///
/// - `easy`: arc-like gives its three comparisons in chain order with one comparative and asks for an
///   extreme; gsm-like is one step over small numbers (add, take away, or multiply up to 5 × 5).
/// - `medium`: arc-like shuffles the comparisons and mixes "more"/"less" wording, still asking for an
///   extreme; gsm-like is two of those steps (results up to 35).
/// - `hard`: arc-like asks extremes and second ranks of shuffled, mixed clues with lead-ins; gsm-like is
///   the two-to-three-step GSM8K-style problems with prices, rates and ages (the suites as first written).
///
/// The default is `easy`: in the simulation of `scripts/bench/LEARNABILITY.md` a `micro` model answers
/// 26% of easy gsm-like questions exactly after pre-training and SFT (a constant answer gets 13%), 6% of
/// medium ones; arc-like stays at chance at every level at those budgets. The level is part of what an
/// item asks, so items of different levels never share a question; the split key ignores it where the
/// facts are the same (arc-like's order), so a training item at one level never shows a held-out item's
/// facts at another.
public enum Difficulty: String, CaseIterable, Sendable {
    case easy, medium, hard

    /// The level used when none is given.
    public static let standard: Difficulty = .easy

    /// The tasks whose items depend on the level.
    public static let tasks = ["arc-like", "gsm-like", "sft-mixture", "preference-pairs"]
}
