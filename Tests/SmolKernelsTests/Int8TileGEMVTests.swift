import Testing
import SmolKernels

@Suite("int8 tile kernels (Q8_0 weights × int8 activations)")
struct Int8TileGEMVTests {
    /// `int8TileMatrixVectorRows` on `vectors` rows of x, with `threads` workers. -> [vectors, rows]
    static func product(_ w: Int8TileMatrix, _ x: [Float], vectors: Int, threads: Int = 1) -> [Float] {
        vectorRowsProduct(rows: w.rows, vectors: vectors, x) {
            int8TileMatrixVectorRows(w, x: $0, xStride: w.columns, vectors: vectors, y: $1, yStride: w.rows, threads: threads)
        }
    }

    /// `testValues(rows · k, salt)` as a Q8_0 matrix and as its tiles. -> [rows, k]
    static func matrices(rows: Int, k: Int, salt: UInt32) -> (QuantizedMatrix, Int8TileMatrix) {
        let raw = testValues(rows * k, salt: salt)
        let q8 = raw.withUnsafeBufferPointer { QuantizedMatrix(quantizing: $0.baseAddress!, rows: rows, columns: k, format: .q8_0) }
        return (q8, Int8TileMatrix(tiling: q8))
    }

    /// `vectors` rows of x quantised to int8 (Int8Activations). x: [vectors, k]
    static func activations(_ x: [Float], vectors: Int, k: Int) -> Int8Activations {
        x.withUnsafeBufferPointer { Int8Activations(quantizing: $0.baseAddress!, xStride: k, vectors: vectors, columns: k) }
    }

    /// Int8TileMatrix invariants 1-3: tiling keeps every quant and scale (rows not a multiple of 8
    /// included), so the weights equal the Q8_0 matrix's bit for bit.
    @Test func tilesKeepTheQ8_0Weights() {
        let (q8, tiles) = Self.matrices(rows: 13, k: 96, salt: 3)
        #expect(tiles.rows == 13 && tiles.columns == 96)
        #expect((0..<13).allSatisfy { r in (0..<96).allSatisfy { c in tiles.weight(row: r, column: c) == q8.weight(row: r, column: c) } })
        #expect(tiles.byteCount == 2 * 3 * (256 + 32))
    }

    /// Int8Activations invariant 1: d = max|x| / 127, q = round(x / d) with ties to even, zeros for a
    /// block of zeros; a vector's quants do not depend on the other vectors.
    @Test func activationsRoundToNearestEvenPerBlock() {
        var x = [Float](repeating: 0, count: 64)
        x[0] = 127; x[1] = 2.5; x[2] = -3.5; x[3] = 0.49; x[4] = -127; x[5] = 126.5   // d = 1
        let a = Self.activations(x, vectors: 1, k: 64)
        #expect(a.scale(vector: 0, block: 0) == 1 && a.scale(vector: 0, block: 1) == 0)
        #expect((0..<6).map { a.quant(vector: 0, column: $0) } == [127, 2, -4, 0, -127, 126])
        #expect((32..<64).allSatisfy { a.quant(vector: 0, column: $0) == 0 })
        let k = 160, values = testValues(3 * k, salt: 21)
        let three = Self.activations(values, vectors: 3, k: k), last = Self.activations(Array(values[(2 * k)...]), vectors: 1, k: k)
        for c in 0..<k {
            let block = c / 32, d = three.scale(vector: 2, block: block)
            #expect(d == (values[(2 * k + 32 * block)..<(2 * k + 32 * block + 32)].map(abs).max()! / 127))
            #expect(Float(three.quant(vector: 2, column: c)) == (values[2 * k + c] * (1 / d)).rounded(.toNearestOrEven))
            #expect(three.quant(vector: 2, column: c) == last.quant(vector: 0, column: c))
        }
    }

    /// Int8TileGEMV invariant 1: the kernel equals the scalar definition (Int32 block sums, one FMA per
    /// block) bit for bit, for 1 to 17 vectors and a row count that leaves a partial tile.
    @Test(arguments: [(13, 96), (130, 576), (64, 32)])
    func productsEqualTheScalarReferenceExactly(shape: (Int, Int)) {
        let (rows, k) = shape
        let (_, tiles) = Self.matrices(rows: rows, k: k, salt: 7)
        let x = testValues(17 * k, salt: 8)
        for vectors in [1, 2, 3, 4, 5, 7, 8, 9, 16, 17] {
            let xs = Array(x.prefix(vectors * k))
            let expected = int8TileProductReference(tiles, Self.activations(xs, vectors: vectors, k: k))
            #expect(Self.product(tiles, xs, vectors: vectors) == expected, "\(rows)×\(k), \(vectors) vectors")
        }
    }

    /// Invariants 2-3: a row's bits do not depend on the batch (19 vectors together, in groups of 8, 8
    /// and 3, against each vector alone) or on the thread count.
    @Test func bitsDoNotDependOnBatchOrThreads() {
        let rows = 300, k = 256, vectors = 19
        let (_, tiles) = Self.matrices(rows: rows, k: k, salt: 9)
        let x = testValues(vectors * k, salt: 10)
        let together = Self.product(tiles, x, vectors: vectors, threads: 1)
        #expect(Self.product(tiles, x, vectors: vectors, threads: 2).map(\.bitPattern) == together.map(\.bitPattern))
        #expect(Self.product(tiles, x, vectors: vectors, threads: 3).map(\.bitPattern) == together.map(\.bitPattern))
        for v in 0..<vectors {
            let alone = Self.product(tiles, Array(x[(v * k)..<((v + 1) * k)]), vectors: 1)
            #expect(alone.map(\.bitPattern) == Array(together[(v * rows)..<((v + 1) * rows)]).map(\.bitPattern), "vector \(v)")
        }
    }

    /// Invariant 4: against the exact product over the dequantised weights, the error is at most the
    /// activation rounding (half a step d_x per element, times Σ|w| of the block) plus f32 rounding.
    @Test func errorIsBoundedByHalfAnActivationStep() {
        let rows = 40, k = 576, vectors = 3
        let (q8, tiles) = Self.matrices(rows: rows, k: k, salt: 12)
        let x = testValues(vectors * k, salt: 13)
        let y = Self.product(tiles, x, vectors: vectors), a = Self.activations(x, vectors: vectors, k: k)
        for v in 0..<vectors {
            for r in 0..<rows {
                var exact = 0.0, bound = 0.0
                for b in 0..<(k / 32) {
                    var weightMass = 0.0
                    for c in (32 * b)..<(32 * b + 32) {
                        let w = Double(q8.weight(row: r, column: c))
                        exact += w * Double(x[v * k + c])
                        weightMass += abs(w)
                    }
                    bound += weightMass * Double(a.scale(vector: v, block: b)) / 2
                }
                bound = bound * (1 + 1e-5) + 1e-6
                #expect(abs(Double(y[v * rows + r]) - exact) <= bound)
            }
        }
    }
}
