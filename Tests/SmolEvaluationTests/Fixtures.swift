import Foundation
import SmolCore
import SmolEvaluation
import SmolKernels
import SmolModels
import SmolTestSupport
import Testing

/// The golden fixtures of Tests/Fixtures, and small builders the evaluation tests share.
enum Fixtures {
    static func path(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = Repository.fixture(name)
        try #require(FileManager.default.fileExists(atPath: path),
                     "golden fixture \(path) is missing; regenerate with scripts/fixtures/make-fixtures.py", sourceLocation: sourceLocation)
        return path
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: try path(name)), "cannot read \(name)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The tiny Llama with its tokenizer, loaded once per process.
    static let tinyBundle: ModelBundle? = try? ModelBundle.load(path: Repository.fixture("tiny-llama-a"))

    static func tiny() throws -> ModelBundle { try #require(tinyBundle, "Tests/Fixtures/tiny-llama-a does not load") }

    /// A scorer of the tiny model without a cache.
    static func scorer(cache: LoglikelihoodCache? = nil) throws -> LoglikelihoodScorer {
        try LoglikelihoodScorer(bundle: try tiny(), identity: "tiny-llama-a", engine: EngineOptions(threads: 2), cache: cache)
    }

    /// Four-choice items with known answers.
    static func items(_ n: Int, offset: Int = 0) -> [MCQItem] {
        (0..<n).map { k in
            let i = k + offset
            return MCQItem(id: "item-\(i)", question: "What is \(i) + \(i % 7)?",
                           choices: ["\(2 * i)", "\(i + i % 7)", "\(i + 1)", "\(i * 3 + 1)"].enumerated().map { "\($1) (\($0))" },
                           answer: 1, subject: i % 2 == 0 ? "arithmetic" : "")
        }
    }
}

/// A cache held in memory, counting lookups.
final class MemoryCache: LoglikelihoodCache {
    var table: [String: LoglikelihoodResult] = [:]
    var stores = 0

    func results(for keys: [String]) -> [String: LoglikelihoodResult] {
        var found: [String: LoglikelihoodResult] = [:]
        for key in keys { if let hit = table[key] { found[key] = hit } }
        return found
    }

    func store(_ results: [String: LoglikelihoodResult]) {
        stores += 1
        table.merge(results) { $1 }
    }
}
