import Foundation
import SmolCore
import Testing

@Suite struct AtomicFileTests {
    private func directory() -> String {
        let path = NSTemporaryDirectory() + "atomic-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Invariant 1: the final path holds the complete new bytes, with no temporary file left behind.
    @Test func writesCompleteFilesAndLeavesNoTemporaries() throws {
        let dir = directory()
        let path = dir + "/nested/out.bin"
        try AtomicFile.write([UInt8](repeating: 7, count: 100_000), to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == 100_000)
        try AtomicFile.write(Array("new".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/nested") == ["out.bin"])
    }

    /// Invariant 3: a failing writer leaves the earlier file untouched and removes its temporary file.
    @Test func aFailedWriteKeepsTheEarlierFile() throws {
        struct Planned: Error {}
        let dir = directory()
        let path = dir + "/keep.txt"
        try AtomicFile.write(Array("old".utf8), to: path)
        #expect(throws: Planned.self) {
            try AtomicFile.write(to: path) { fd in
                try AtomicFile.writeAll(fd, UnsafeRawBufferPointer(start: nil, count: 0))
                throw Planned()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keep.txt"])
    }
}
