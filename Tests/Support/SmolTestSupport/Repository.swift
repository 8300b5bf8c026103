import Foundation

/// Paths inside this checkout, found from this source file, so tests pass in a clone in any folder.
public enum Repository {
    /// The folder holding Package.swift (this file is Tests/Support/SmolTestSupport/Repository.swift).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Tests/Fixtures: the golden files scripts/fixtures/make-fixtures.py regenerates.
    public static let fixtures: String = root + "/Tests/Fixtures"

    /// `Tests/Fixtures/<relative>`.
    public static func fixture(_ relative: String) -> String { fixtures + "/" + relative }
}
