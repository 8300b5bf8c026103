import Testing
@testable import SmolFormats

@Suite("ElementConversion")
struct ElementConversionTests {
    @Test func bfloatRoundsToNearestEven() {
        #expect(ElementConversion.bfloat(from: 1) == 0x3F80)
        #expect(ElementConversion.bfloat(from: Float(bitPattern: 0x3F80_8000)) == 0x3F80)  // tie, even stays
        #expect(ElementConversion.bfloat(from: Float(bitPattern: 0x3F81_8000)) == 0x3F82)  // tie, odd rounds up
        #expect(ElementConversion.bfloat(from: Float(bitPattern: 0x3F80_8001)) == 0x3F81)  // above half rounds up
        #expect(ElementConversion.bfloat(from: -2) == 0xC000)
        #expect(ElementConversion.bfloat(from: .infinity) == 0x7F80)
        #expect(ElementConversion.bfloat(from: .nan) & 0x7FC0 == 0x7FC0)
        #expect(ElementConversion.bfloat(from: Float(bitPattern: 0x7F7F_FFFF)) == 0x7F80)  // max float overflows to inf
    }

    @Test func halfConversions() {
        #expect(ElementConversion.half(from: 1) == 0x3C00)
        #expect(ElementConversion.half(from: -2) == 0xC000)
        #expect(ElementConversion.half(from: 65504) == 0x7BFF)
        #expect(ElementConversion.half(from: 1e6) == 0x7C00)
        #expect(ElementConversion.float(fromHalf: 0x0001) == Float(bitPattern: 0x3380_0000))  // smallest subnormal 2^-24
        #expect(ElementConversion.float(fromHalf: 0x3555) == 0.333251953125)
        #expect(ElementConversion.float(fromBFloat: 0x4049) == 3.140625)
    }

    @Test func integerDecoding() {
        let bytes: [UInt8] = [0xFF, 0xFF, 0x02, 0x00]
        let i16 = bytes.withUnsafeBytes { ElementConversion.int64s($0, dtype: .i16, count: 2) }
        #expect(i16 == [-1, 2])
        let u8 = bytes.withUnsafeBytes { ElementConversion.floats($0, dtype: .u8, count: 4) }
        #expect(u8 == [255, 255, 2, 0])
        let flags = bytes.withUnsafeBytes { ElementConversion.int64s($0, dtype: .bool, count: 4) }
        #expect(flags == [1, 1, 1, 0])
    }
}
