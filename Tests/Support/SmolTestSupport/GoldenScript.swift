import Foundation

/// An example script that carries its expectations in comments, jlox style: what it prints
/// (`# expect: <line>`, in order) and, when it must fail, where and why
/// (`# error: <line>:<col>: <message substring>`). SmolScript's and SmolKit's golden tests read these.
public struct GoldenScript: Sendable, CustomStringConvertible {
    /// The file name.
    public let name: String
    /// The script's text.
    public let source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    public var description: String { name }

    /// `# expect: <line>`: what the script prints, in order.
    public var expectedOutput: [String] { directives("expect") }

    /// `# error: <line>:<col>: <message substring>`.
    public var expectedError: (line: Int, column: Int, message: String)? {
        guard let spec = directives("error").first else { return nil }
        let parts = spec.split(separator: ":", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, let line = Int(parts[0]), let column = Int(parts[1]) else { return nil }
        return (line, column, parts[2])
    }

    /// The text after `# key: ` on each line that has it, in order.
    public func directives(_ key: String) -> [String] {
        source.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard let range = line.range(of: "# \(key): ") else { return nil }
            return String(line[range.upperBound...])
        }
    }

    /// Every `.smol` file in `folder`, sorted by name.
    public static func all(in folder: String) -> [GoldenScript] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".smol") }.sorted().compactMap { name in
            guard let source = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { return nil }
            return GoldenScript(name: name, source: source)
        }
    }
}
