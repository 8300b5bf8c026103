import Foundation
import SmolScript
import Testing

/// The commands read as examples: each script in `Golden/` runs in a fresh workspace with the standard
/// registry, and carries what it prints (`# expect: <line>`, in order) and, when it ends in an error,
/// where and what (`# error: <line>:<col>: <message substring>`). A `# expect:` line ending in `…` matches
/// any line that starts with the text before it (for lines holding timings or a workspace path).
struct CommandScript: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String

    var testDescription: String { name }

    var expectedOutput: [String] { directives("expect") }

    var expectedError: (line: Int, column: Int, message: String)? {
        guard let spec = directives("error").first else { return nil }
        let parts = spec.split(separator: ":", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, let line = Int(parts[0]), let column = Int(parts[1]) else { return nil }
        return (line, column, parts[2])
    }

    private func directives(_ key: String) -> [String] {
        source.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard line.hasPrefix("# \(key): ") else { return nil }
            return String(line.dropFirst(key.count + 4))
        }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    static func all() -> [CommandScript] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".smol") }.sorted().map { name in
            CommandScript(name: name, source: (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? "")
        }
    }
}

@Test func theGoldenCommandScriptsAreThere() {
    #expect(CommandScript.all().count >= 8, "\(CommandScript.folder)")
}

@Test(arguments: CommandScript.all())
func commandScript(_ script: CommandScript) throws {
    let t = try TestSession()
    defer { try? FileManager.default.removeItem(atPath: t.directory) }
    var failure: ScriptFailure?
    do { try t.run(script.source) } catch { failure = error }
    let expected = script.expectedOutput
    let printed = t.lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    let matches = printed.count == expected.count && zip(printed, expected).allSatisfy { line, want in
        want.hasSuffix("…") ? line.hasPrefix(want.dropLast()) : line == want
    }
    #expect(matches, "printed:\n\(printed.joined(separator: "\n"))\nexpected:\n\(expected.joined(separator: "\n"))")
    if let (line, column, message) = script.expectedError {
        let diagnostics: [Diagnostic]
        switch failure {
        case .compile(let all)?: diagnostics = all
        case .runtime(let one)?: diagnostics = [one]
        case nil: diagnostics = []
        }
        #expect(diagnostics.contains { $0.location.line == line && $0.location.column == column && $0.message.contains(message) },
                "expected \(line):\(column): \(message), got \(diagnostics.map(\.description))")
    } else {
        #expect(failure == nil, "\(failure.map(\.description) ?? "")")
    }
}
