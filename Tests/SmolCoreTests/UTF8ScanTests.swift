import Testing
@testable import SmolCore

private func firstInvalid(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { UTF8Scan.firstInvalid(in: $0) } }

@Test func validTextOfEveryLengthPasses() {
    #expect(firstInvalid(Array("a é € 😀 \u{10FFFF}".utf8)) == nil)
    #expect(firstInvalid([]) == nil)
}

@Test(arguments: [
    ([0x61, 0x80], 1),              // stray continuation byte
    ([0xC0, 0xAF], 0),              // overlong '/'
    ([0xE0, 0x80, 0xAF], 0),        // overlong 3-byte
    ([0xED, 0xA0, 0x80], 0),        // UTF-16 surrogate U+D800
    ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
    ([0x61, 0x62, 0xE2, 0x82], 2),  // truncated at the end
    ([0xFF], 0),
] as [([UInt8], Int)])
func invalidSequencesAreFoundWhereTheyStart(bytes: [UInt8], offset: Int) {
    #expect(firstInvalid(bytes) == offset)
}

@Test func theJSONParserRejectsTheSameBytesAtTheSameOffset() {
    for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]] {
        let text = Array("\"ab".utf8) + bad + Array("\"".utf8)
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(text) }
        #expect(error?.byteOffset == 3 && error?.reason.contains("invalid UTF-8") == true, "\(bad)")
    }
}
