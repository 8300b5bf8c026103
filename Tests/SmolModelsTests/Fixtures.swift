import Foundation
import SmolFormats
import SmolModels
import SmolTensor
import Testing

/// The shared golden fixtures (`../shared/fixtures` relative to the checkout, or $SMOL_FIXTURES).
enum Fixtures {
    static let root: String? = {
        if let env = ProcessInfo.processInfo.environment["SMOL_FIXTURES"] { return env }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("shared/fixtures").path
            if FileManager.default.fileExists(atPath: candidate + "/README.md") { return candidate }
        }
        return nil
    }()

    /// `root/name`, failing the test with a clear message when the fixtures are missing.
    static func path(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(root != nil, "golden fixtures not found: set SMOL_FIXTURES or check out ../shared/fixtures",
                     sourceLocation: sourceLocation)
        return root! + "/" + name
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: try path(name)), "cannot read \(name)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func tensors(_ name: String) throws -> SafeTensorsFile { try SafeTensorsFile(path: try path(name)) }

    static func ints(_ file: SafeTensorsFile, _ name: String) throws -> [Int] {
        try #require(file[name], "tensor \(name) missing").int64s().map(Int.init)
    }

    static func floats(_ file: SafeTensorsFile, _ name: String) throws -> [Float] {
        try #require(file[name], "tensor \(name) missing").floats()
    }
}

/// max |a − b|
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// max |a − b| / max |b|
func relativeToLargest(_ a: [Float], _ b: [Float]) -> Float {
    maxAbsDifference(a, b) / max(b.map(abs).max() ?? 0, 1e-12)
}
