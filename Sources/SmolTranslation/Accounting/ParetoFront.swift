/// Model selection on quality against cost (FineWeb-Edu-Ar picked its MT model on the quality /
/// runtime Pareto front, not at maximum quality).
public enum ParetoFront {
    /// Whether each point is on the front: no other point has quality ≥ and cost ≤ with one of the two
    /// strictly better. Points equal in both are all on it.
    public static func flags(quality: [Double], cost: [Double]) -> [Bool] {
        precondition(quality.count == cost.count, "ParetoFront: one cost per quality")
        return quality.indices.map { i in
            !quality.indices.contains { j in
                j != i && quality[j] >= quality[i] && cost[j] <= cost[i] && (quality[j] > quality[i] || cost[j] < cost[i])
            }
        }
    }
}
