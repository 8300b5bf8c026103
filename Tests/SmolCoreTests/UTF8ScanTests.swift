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

@Test func theSequenceLengthTableAgreesWithDecodingForEveryLeadAndSecondByte() {
    // Every lead byte with every second byte (and valid continuations after): the range table used on
    // the hot path and the decoding validator must accept and reject exactly the same sequences.
    for b0 in 0...255 {
        for b1 in 0...255 {
            let bytes: [UInt8] = [UInt8(b0), UInt8(b1), 0x80, 0xBF]
            for count in 1...4 {
                bytes[..<count].withUnsafeBufferPointer { buffer in
                    let decoded = UTF8Scan.scalar(at: 0, in: buffer)?.1 ?? 0
                    #expect(UTF8Scan.sequenceLength(at: 0, in: buffer) == decoded, "\(bytes[..<count])")
                }
            }
        }
    }
}
