import Foundation
import SmolScript
import SmolTestSupport
import Testing

extension GoldenScript: CustomTestStringConvertible {
    public var testDescription: String { name }

    /// `# limits: steps=1000 depth=20 nesting=30 count=50 length=100`.
    var limits: Limits {
        var limits = Limits()
        for spec in directives("limits").flatMap({ $0.split(separator: " ") }) {
            let kv = spec.split(separator: "=")
            guard kv.count == 2, let n = Int(kv[1]) else { continue }
            switch kv[0] {
            case "steps": limits.maxSteps = n
            case "depth": limits.maxCallDepth = n
            case "nesting": limits.maxNesting = n
            case "count": limits.maxCollectionCount = n
            case "length": limits.maxStringLength = n
            default: break
            }
        }
        return limits
    }

    /// The scripts in this target's `Golden` resources.
    static func all() -> [GoldenScript] {
        guard let folder = Bundle.module.url(forResource: "Golden", withExtension: nil) else { return [] }
        return all(in: folder.path)
    }
}

@Test func goldenScriptsArePresent() {
    #expect(GoldenScript.all().count >= 70)
}

@Test(arguments: GoldenScript.all())
func golden(_ script: GoldenScript) {
    let host = MockHost()
    let interpreter = Interpreter(host: host, limits: script.limits)
    var failure: ScriptFailure?
    do {
        try interpreter.run(script.source, file: script.name)
    } catch {
        failure = error
    }
    let lines = host.output.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    #expect(lines == script.expectedOutput, "output of \(script.name)")
    if let expected = script.expectedError {
        guard let failure else {
            Issue.record("\(script.name): expected an error at \(expected.line):\(expected.column): \(expected.message)")
            return
        }
        let matched = failure.diagnostics.contains {
            $0.location.line == expected.line && $0.location.column == expected.column && $0.message.contains(expected.message)
        }
        #expect(matched, "\(script.name): expected \(expected.line):\(expected.column): \(expected.message)\ngot:\n\(failure)")
        if case .compile = failure { #expect(host.invocations.isEmpty, "a compile error must run nothing") }
    } else if let failure {
        Issue.record("\(script.name): unexpected failure:\n\(failure)")
    }
}
