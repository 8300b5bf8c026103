import SmolCore
@testable import SmolDatasets

/// The four things an arc-like item compares, from most to least, read off its comparisons.
func arcOrder(_ record: JSONValue) -> [String] {
    let question = record["question"]!.stringValue!.lowercased()
    let choices = record["choices"]!.arrayValue!.map { $0.stringValue!.lowercased() }
    let more = Set(ARCLike.scales.map(\.more)), less = Set(ARCLike.scales.map(\.less))
    var above: [String: Set<String>] = [:]
    for sentence in question.split(separator: ".").map(String.init) {
        for word in more.union(less) {
            let parts = sentence.components(separatedBy: " \(word) than ")
            guard parts.count == 2, let right = choices.first(where: { parts[1].trimmingCharacters(in: .whitespaces) == $0 }),
                  let left = choices.filter({ (parts[0] + " ").contains($0 + " is ") }).max(by: { $0.count < $1.count }) else { continue }
            if more.contains(word) { above[left, default: []].insert(right) } else { above[right, default: []].insert(left) }
        }
    }
    func beaten(_ x: String) -> Int {
        var seen = Set<String>(), stack = [x]
        while let top = stack.popLast() { for y in above[top] ?? [] where seen.insert(y).inserted { stack.append(y) } }
        return seen.count
    }
    return choices.sorted { beaten($0) > beaten($1) }
}
