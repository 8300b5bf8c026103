import Foundation
import Testing

/// A build of the `smol` executable the terminal tests drive.
enum SmolBuild: String, CustomTestStringConvertible, Sendable {
    /// The debug build next to the test bundle.
    case debug
    /// `.build/release/smol`: what users run (`swift build -c release`).
    case release

    var testDescription: String { rawValue }

    /// The builds to test: debug always; release when it has been built, or when `SMOL_TEST_RELEASE=1`
    /// (set by scripts/test.sh, which builds it) requires it.
    static var tested: [SmolBuild] {
        let required = ProcessInfo.processInfo.environment["SMOL_TEST_RELEASE"] == "1"
        return required || FileManager.default.isExecutableFile(atPath: releasePath) ? [.debug, .release] : [.debug]
    }

    static var releasePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/release/smol").path
    }

    /// The executable's path; a release build that is required but missing fails the test with how to make it.
    func executable(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        switch self {
        case .debug:
            return Smol.executable
        case .release:
            try #require(FileManager.default.isExecutableFile(atPath: Self.releasePath),
                         "no release build at \(Self.releasePath); run `swift build -c release --product smol` (scripts/test.sh does)",
                         sourceLocation: sourceLocation)
            return Self.releasePath
        }
    }
}
