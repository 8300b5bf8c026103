import Foundation
import Testing
@testable import SmolFormats

@Suite("Dequantize")
struct DequantizeTests {
    /// Nibble bytes where element j (< 16) is j and element j + 16 is 15 − j.
    private let nibbles: [UInt8] = (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 }

    private func decode(_ bytes: [UInt8], _ type: GGMLType, count: Int) -> [Float] {
        bytes.withUnsafeBytes { Dequantize.floats($0, type: type, count: count)! }
    }

    @Test func q8_0Block() {
        var w = ByteWriter()
        w.u16(Float16(0.25).bitPattern)
        for j in 0..<32 { w.u8(UInt8(bitPattern: Int8(j * 8 - 128))) }  // -128, -120, …, 120
        let values = decode(w.bytes, .q8_0, count: 32)
        #expect(values.first == -32)
        #expect(values.last == 30)
        let expected: [Float] = (0..<32).map { j in Float(j * 8 - 128) * 0.25 }
        #expect(values == expected)
    }

    @Test func q4_0Block() {
        var w = ByteWriter()
        w.u16(Float16(2).bitPattern)
        w.bytes += nibbles
        let values = decode(w.bytes, .q4_0, count: 32)
        // Low nibbles: 0…15 → (q − 8)·2 = −16…14; high nibbles: 15…0 → 14…−16.
        #expect(Array(values[0..<4]) == [-16, -14, -12, -10])
        #expect(Array(values[16..<20]) == [14, 12, 10, 8])
        let low: [Float] = (0..<16).map { j in Float(j - 8) * 2 }
        let high: [Float] = (0..<16).map { j in Float(15 - j - 8) * 2 }
        #expect(values == low + high)
    }

    @Test func q4_1Block() {
        var w = ByteWriter()
        w.u16(Float16(0.5).bitPattern)
        w.u16(Float16(-3).bitPattern)
        w.bytes += nibbles
        let values = decode(w.bytes, .q4_1, count: 32)
        #expect([values[0], values[15], values[16], values[31]] == [-3, 4.5, 4.5, -3])
        let low: [Float] = (0..<16).map { j in Float(j) * 0.5 - 3 }
        let high: [Float] = (0..<16).map { j in Float(15 - j) * 0.5 - 3 }
        #expect(values == low + high)
    }

    /// Two rows of two blocks each, through a GGUF file: blocks run along the row, rows follow each other.
    @Test func multiBlockMatrixThroughGGUF() throws {
        let scales: [Float] = [1, 0.5, -2, 0.125]
        var w = ByteWriter()
        for d in scales { w.u16(Float16(d).bitPattern); w.u16(Float16(1).bitPattern); w.bytes += nibbles }
        var b = GGUFBuilder()
        b.addTensor("w", ne: [64, 2], type: .q4_1, data: w.bytes)
        let dir = try TemporaryDirectory()
        let file = try GGUFFile(path: dir.write(b.bytes(), "q.gguf"))
        #expect(file.tensor("w")?.shape == [2, 64])
        #expect(file.tensor("w")?.byteCount == 80)
        let values = try file.floats("w")
        let q: [Float] = (0..<32).map { j in j < 16 ? Float(j) : Float(31 - j) }
        let expected: [Float] = scales.flatMap { d in q.map { $0 * d + 1 } }
        #expect(values == expected)
    }

    @Test func halfAndBFloatTensorsThroughGGUF() throws {
        var half = ByteWriter(), brain = ByteWriter()
        for v: Float in [1, -2, 0.5, 65504] { half.u16(Float16(v).bitPattern); brain.u16(UInt16(v.bitPattern >> 16)) }
        var b = GGUFBuilder()
        b.addTensor("h", ne: [4], type: .f16, data: half.bytes)
        b.addTensor("b", ne: [2, 2], type: .bf16, data: brain.bytes)
        let dir = try TemporaryDirectory()
        let file = try GGUFFile(path: dir.write(b.bytes(), "h.gguf"))
        #expect(try file.floats("h") == [1, -2, 0.5, 65504])
        #expect(try file.floats("b") == [1, -2, 0.5, 65280])  // 65504 truncated to bf16's 8-bit mantissa
    }
}
