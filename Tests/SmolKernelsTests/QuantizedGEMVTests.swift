import Testing
import SmolKernels

@Suite("quantised matrix-vector kernels")
struct QuantizedGEMVTests {
    /// `quantizedMatrixVectorRows` on `vectors` rows of x, with `threads` workers. -> [vectors, rows]
    static func product(_ w: QuantizedMatrix, _ x: [Float], vectors: Int, threads: Int = 1) -> [Float] {
        vectorRowsProduct(rows: w.rows, vectors: vectors, x) {
            quantizedMatrixVectorRows(w, x: $0, xStride: w.columns, vectors: vectors, y: $1, yStride: w.rows, threads: threads)
        }
    }

    /// `testValues(rows · k, salt)` quantised to `format`, with the f32 values. -> [rows, k]
    static func matrix(rows: Int, k: Int, salt: UInt32, format: QuantizedMatrix.Format) -> (QuantizedMatrix, [Float]) {
        let raw = testValues(rows * k, salt: salt)
        return (raw.withUnsafeBufferPointer { QuantizedMatrix(quantizing: $0.baseAddress!, rows: rows, columns: k, format: format) }, raw)
    }

    /// The f32 skinny path (`sgemm`, x · Wᵀ) over the dequantised weights. -> [vectors, rows]
    static func f32Product(_ w: [Float], rows: Int, columns k: Int, _ x: [Float], vectors m: Int) -> [Float] {
        var y = [Float](repeating: .nan, count: m * rows)
        x.withUnsafeBufferPointer { a in
            w.withUnsafeBufferPointer { b in
                y.withUnsafeMutableBufferPointer { c in
                    sgemm(transA: false, transB: true, m: m, n: rows, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                          b: b.baseAddress!, ldb: k, beta: 0, c: c.baseAddress!, ldc: rows)
                }
            }
        }
        return y
    }

    /// Invariant 1 of QuantizedGEMV: every output equals the f32 skinny path over the dequantised
    /// weights bit for bit, for 1 to 16 vectors (the batches that path streams), any row remainder.
    @Test(arguments: QuantizedMatrix.Format.allCases, [(13, 96), (130, 576), (64, 32)])
    func productsEqualTheF32SkinnyPathOnTheDequantisedWeights(format: QuantizedMatrix.Format, shape: (Int, Int)) {
        let (rows, k) = shape
        let (w, _) = Self.matrix(rows: rows, k: k, salt: 7, format: format)
        let dequantized = w.dequantized()
        let x = testValues(16 * k, salt: 8)
        for vectors in [1, 2, 3, 4, 5, 7, 8, 9, 12, 16] {
            let xs = Array(x.prefix(vectors * k))
            #expect(Self.product(w, xs, vectors: vectors) == Self.f32Product(dequantized, rows: rows, columns: k, xs, vectors: vectors),
                    "\(format) \(rows)×\(k), \(vectors) vectors")
        }
    }

    /// Rows do not depend on the batch (1 vs 8 vs 17 vectors: invariant 2) or on the thread count
    /// (invariant 3); 17 and more vectors run in groups, so the result equals the vectors one by one.
    @Test(arguments: QuantizedMatrix.Format.allCases)
    func bitsDoNotDependOnBatchOrThreads(format: QuantizedMatrix.Format) {
        let rows = 300, k = 256, vectors = 19
        let (w, _) = Self.matrix(rows: rows, k: k, salt: 9, format: format)
        let x = testValues(vectors * k, salt: 10)
        let together = Self.product(w, x, vectors: vectors, threads: 1)
        #expect(Self.product(w, x, vectors: vectors, threads: 2) == together)
        for v in 0..<vectors {
            let alone = Self.product(w, Array(x[v * k..<(v + 1) * k]), vectors: 1, threads: 2)
            #expect(Array(together[v * rows..<(v + 1) * rows]) == alone, "vector \(v)")
        }
    }

    /// Quantisation error of the ggml schemes: within half a step of each block (Q8_0 max|w|/127,
    /// Q4_1 (max − min)/15), and the products close to the f32 products of the original weights.
    @Test(arguments: QuantizedMatrix.Format.allCases)
    func quantisationStaysWithinHalfAStep(format: QuantizedMatrix.Format) {
        let rows = 8, k = 128
        let (w, raw) = Self.matrix(rows: rows, k: k, salt: 11, format: format)
        for block in 0..<(rows * k / 32) {
            let values = raw[block * 32..<(block + 1) * 32]
            let largest: Float = values.map(abs).max()!, range: Float = values.max()! - values.min()!
            let step: Float = format == .q8_0 ? largest / 127 : range / 15
            for j in 0..<32 {
                let index = block * 32 + j
                let error = abs(w.weight(row: index / k, column: index % k) - raw[index])
                let bound: Float = step / 2 * 1.0001 + 1e-7
                #expect(error <= bound, "\(format) block \(block) weight \(j): error \(error), step \(step)")
            }
        }
        let blocks = rows * k / 32
        #expect(w.byteCount == (format == .q8_0 ? rows * k + 4 * blocks : rows * k / 2 + 8 * blocks))
    }

    /// ggml blocks are read as stored: Q8_0 `[d f16][32 int8]`, Q4_1 `[d f16][m f16][16 nibble bytes]`
    /// (weight j in the low nibble of byte j, weight j + 16 in its high nibble), rows reordered.
    @Test func ggmlBlocksAreReadAsStored() {
        let one = Float16(1).bitPattern, half = Float16(0.5).bitPattern, minusTwo = Float16(-2).bitPattern
        var q8: [UInt8] = []
        for r in 0..<2 {
            q8 += [UInt8(truncatingIfNeeded: half), UInt8(truncatingIfNeeded: half >> 8)]
            q8 += (0..<32).map { UInt8(bitPattern: Int8($0 - 16 + r)) }
        }
        let w8 = q8.withUnsafeBytes { QuantizedMatrix(ggmlBlocks: $0.baseAddress!, format: .q8_0, rows: 2, columns: 32, rowOrder: [1, 0]) }
        let first: Float = w8.weight(row: 0, column: 0), last: Float = w8.weight(row: 1, column: 31)
        #expect(first == -7.5)   // file row 1, q = 0 − 16 + 1
        #expect(last == 7.5)     // file row 0, q = 31 − 16
        var q4: [UInt8] = [UInt8(truncatingIfNeeded: one), UInt8(truncatingIfNeeded: one >> 8),
                           UInt8(truncatingIfNeeded: minusTwo), UInt8(truncatingIfNeeded: minusTwo >> 8)]
        q4 += (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 }
        let w4 = q4.withUnsafeBytes { QuantizedMatrix(ggmlBlocks: $0.baseAddress!, format: .q4_1, rows: 1, columns: 32) }
        let decoded: [Float] = (0..<32).map { w4.weight(row: 0, column: $0) }
        let low: [Float] = (0..<16).map { Float($0) - 2 }, high: [Float] = (0..<16).map { Float(15 - $0) - 2 }
        #expect(decoded == low + high)
    }

    /// The kernels against a plain scalar loop over `weight(row:column:)` (float tolerance).
    @Test(arguments: QuantizedMatrix.Format.allCases)
    func productsMatchAScalarReference(format: QuantizedMatrix.Format) {
        let rows = 40, k = 160, vectors = 3
        let (w, _) = Self.matrix(rows: rows, k: k, salt: 12, format: format)
        let x = testValues(vectors * k, salt: 13)
        let y = Self.product(w, x, vectors: vectors)
        for v in 0..<vectors {
            for r in 0..<rows {
                var exact = 0.0, magnitude = 0.0
                for c in 0..<k {
                    let term = Double(w.weight(row: r, column: c)) * Double(x[v * k + c])
                    exact += term
                    magnitude += abs(term)
                }
                let bound: Double = 2 * Double(k) * Double(Float.ulpOfOne) * magnitude + 1e-30
                let error: Double = abs(Double(y[v * rows + r]) - exact)
                #expect(error <= bound)
            }
        }
    }
}
