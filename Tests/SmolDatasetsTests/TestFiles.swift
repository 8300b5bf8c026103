import Foundation
import Testing
@testable import SmolDatasets

/// Writes `bytes` to a fresh temporary file with the given extension and returns its path.
func writeTemp(_ bytes: [UInt8], ext: String = "jsonl") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smol-datasets-tests", isDirectory: true)
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(UUID().uuidString + "." + ext).path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

func writeTemp(_ text: String, ext: String = "jsonl") -> String { writeTemp(Array(text.utf8), ext: ext) }

/// The located error a load throws, or nil when it loads.
func loadError(_ path: String, schema: Schema? = nil, mapping: [String: String] = [:], maxLineBytes: Int = 16 << 20) -> DatasetError? {
    do { _ = try DatasetReader.load(path: path, schema: schema, mapping: mapping, maxLineBytes: maxLineBytes); return nil }
    catch let error as DatasetError { return error } catch { return nil }
}

/// The repository root (two levels above this file's folder).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A file fetched by scripts/fetch-datasets.sh, or nil when downloads/ is absent.
func downloaded(_ name: String) -> String? {
    let path = repositoryRoot + "/downloads/datasets/" + name
    return FileManager.default.fileExists(atPath: path) ? path : nil
}
