import Foundation

/// Plain-text views of a result.
public enum EvalTables {
    /// Accuracy per model × condition (rows) and scoring (columns), with the chance level of the items
    /// (the mean of 1 / number of choices) as a last row for multiple choice.
    public static func markdown(_ result: EvalResult) throws -> String {
        let cells = try result.accuracies()
        var scorings: [String] = []
        for cell in cells where !scorings.contains(cell.scoring) { scorings.append(cell.scoring) }
        var lines = ["| model | condition | " + scorings.joined(separator: " | ") + " |",
                     "|---|---|" + scorings.map { _ in "---:|" }.joined()]
        var rows: [(String, String)] = []
        for cell in cells where !rows.contains(where: { $0 == (cell.model, cell.condition) }) { rows.append((cell.model, cell.condition)) }
        for (model, condition) in rows {
            let values = scorings.map { s in
                cells.first { $0.model == model && $0.condition == condition && $0.scoring == s }.map { String(format: "%.3f", $0.value) } ?? ""
            }
            lines.append("| \(model) | \(condition) | " + values.joined(separator: " | ") + " |")
        }
        if let chance = chance(result) {
            lines.append("| chance | | " + scorings.map { _ in String(format: "%.3f", chance) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The accuracy of answering at random: the mean over items of 1 / choices (nil for generation).
    public static func chance(_ result: EvalResult) -> Double? {
        guard result.kind == .mcq, let first = result.itemRecords.first else { return nil }
        let items = result.itemRecords.filter { $0.model == first.model && $0.condition == first.condition }
        guard !items.isEmpty else { return nil }
        return items.reduce(0) { $0 + 1 / Double(max($1.choices.count, 1)) } / Double(items.count)
    }
}
