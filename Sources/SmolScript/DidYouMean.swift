/// Suggestions for misspelled names, by edit distance.
public enum DidYouMean {
    /// The closest candidate within a few edits of `name`, or nil.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        guard target.count > 1 else { return nil }
        let allowed = max(1, min(3, target.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased().unicodeScalars)
            var d = distance(target, other, cap: allowed)
            // A name that extends or shortens another (`lrate` / `lr`) is a likely slip too.
            if d > allowed, Swift.min(target.count, other.count) >= 2,
               target.starts(with: other) || other.starts(with: target) {
                d = allowed
            }
            if d <= allowed, d < (best?.distance ?? Int.max) || (d == best?.distance && candidate < best!.name) {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// `message` followed by "; did you mean 'x'?" when there is a close candidate.
    public static func message(_ message: String, for name: String, among candidates: some Sequence<String>) -> String {
        guard let s = suggestion(for: name, among: candidates) else { return message }
        return "\(message); did you mean '\(s)'?"
    }

    /// Levenshtein distance (with transpositions counted as one edit); stops early past `cap`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cap: Int = .max) -> Int {
        if abs(a.count - b.count) > cap { return cap + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            var rowMin = row[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], previous2[j - 2] + 1)
                }
                rowMin = min(rowMin, row[j])
            }
            if rowMin > cap { return cap + 1 }
            (previous2, previous, row) = (previous, row, previous2)
        }
        return previous[b.count]
    }
}
