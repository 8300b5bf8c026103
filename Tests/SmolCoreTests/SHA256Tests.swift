import Foundation
import SmolCore
import Testing

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(of: million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingOneShotAndFileAgree() throws {
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var streaming = SHA256()
        for start in stride(from: 0, to: bytes.count, by: 65_537) {
            streaming.update(Array(bytes[start..<min(start + 65_537, bytes.count)]))
        }
        let path = NSTemporaryDirectory() + "sha-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let oneShot = SHA256.hex(of: bytes)
        #expect(streaming.hexDigest() == oneShot)
        #expect(try SHA256.hex(ofFileAt: path) == oneShot)
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: (any Error).self) { try SHA256.hex(ofFileAt: "/nonexistent/smol-file") }
    }
}
