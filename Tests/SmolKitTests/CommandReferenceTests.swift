import Foundation
import Testing
@testable import SmolKit

@Suite struct CommandReferenceTests {
    /// The README's command reference is generated from the registry; regenerate it with
    /// `swift run smol commands --markdown` when this fails.
    @Test func readmeReferenceMatchesTheRegistry() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: CommandReference.beginMarker))
        let end = try #require(readme.range(of: CommandReference.endMarker))
        let block = String(readme[begin.upperBound..<end.lowerBound]).trimmingCharacters(in: .newlines)
        #expect(block == CommandReference.markdown().trimmingCharacters(in: .newlines),
                "README command reference is stale: run scripts/update-readme.sh")
    }

    @Test func everyCommandAndParameterIsDocumented() {
        for name in CommandRegistry.standard.names {
            let signature = CommandRegistry.standard[name]!.signature
            #expect(!signature.summary.isEmpty, "\(name) has no summary")
            for parameter in signature.parameters {
                #expect(!parameter.doc.isEmpty, "\(name)(\(parameter.name):) has no doc")
            }
        }
    }
}
