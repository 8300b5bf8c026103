import Foundation
import SmolTestSupport
import Testing

/// The repository stands alone: nothing in it reaches for a folder beside or above the checkout.
@Suite struct RepositoryTests {
    /// Paths that exist only on the machines this project was first built on. Assembled from pieces
    /// so that this file does not contain them.
    static let needles = [".." + "/shared", "/work" + "/shared"]
    static let folders = ["Sources", "Tests", "scripts"]

    /// Every regular file under `folder`, relative to the repository root.
    static func files(under folder: String) -> [String] {
        let root = Repository.root + "/" + folder
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { entry -> String? in
            guard let relative = entry as? String else { return nil }
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue ? folder + "/" + relative : nil
        }
    }

    @Test func noFileNamesAFolderOutsideTheCheckout() throws {
        var scanned = 0
        for file in Self.folders.flatMap(Self.files(under:)) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/" + file))
            scanned += 1
            for needle in Self.needles where bytes.range(of: Data(needle.utf8)) != nil {
                Issue.record("\(file) contains \(needle); the repository must not depend on folders outside it")
            }
        }
        #expect(scanned > 100)
    }

    @Test func theFixturesTheTestsReadAreInTheCheckout() {
        for name in ["tiny-llama-a/model.safetensors", "tiny-qwen2/golden.json", "tokenizer-a/tokenizer.json",
                     "mt-metrics/mt_metrics_golden.json"] {
            #expect(FileManager.default.fileExists(atPath: Repository.fixture(name)), "\(name)")
        }
    }
}
