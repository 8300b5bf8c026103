import Foundation
import SmolScript
import SmolTestSupport
import Testing

/// The commands read as examples: each script in `Golden/` runs in a fresh workspace with the standard
/// registry, and carries what it prints (`# expect: <line>`, in order) and, when it ends in an error,
/// where and what (`# error: <line>:<col>: <message substring>`; see `GoldenScript`). A `# expect:` line
/// ending in `…` matches any line that starts with the text before it.
enum CommandScripts {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    static func all() -> [GoldenScript] { GoldenScript.all(in: folder) }
}

@Test func theGoldenCommandScriptsAreThere() {
    #expect(CommandScripts.all().count >= 8, "\(CommandScripts.folder)")
}

@Test(arguments: CommandScripts.all())
func commandScript(_ script: GoldenScript) throws {
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
