// The 6×16 register tile at the heart of the packed GEMM.
//
// Invariants:
// 1. A tile accumulates its k-slice from zero in the fixed order p = 0, 1, …, kc-1, one fused
//    multiply-add per element per step; nothing about threads enters the arithmetic.
// 2. Edge tiles (fewer than 6 rows or 16 columns) run the same arithmetic on zero-padded panels
//    and merge through a scratch tile with the same fused formula, so an element's bits do not
//    depend on whether its tile is full.
// 3. `update == .overwrite` never reads C (C may hold NaN garbage when beta == 0).

import CPrefetch

/// Rows of C per register tile (one broadcast of packed A per row).
let gemmMR = 6
/// Columns of C per register tile (two `SIMD8<Float>` vectors of packed B).
let gemmNR = 16

/// How a finished tile `T = A·B` (over one k-slice) is merged into C.
enum TileUpdate {
    /// `C = alpha·T` (first k-slice, beta == 0: C is not read).
    case overwrite
    /// `C = beta·C + alpha·T` (first k-slice, beta != 0), fused as `fma(alpha, T, beta·C)`.
    case scale(Float)
    /// `C = C + alpha·T` (later k-slices), fused as `fma(alpha, T, C)`.
    case accumulate
}

@inline(__always)
func loadVector(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func storeVector(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

@inline(__always)
func mergeVector(_ t: SIMD8<Float>, into p: UnsafeMutablePointer<Float>, alpha: SIMD8<Float>,
                 update: TileUpdate) {
    switch update {
    case .overwrite: storeVector(alpha * t, p)
    case .scale(let beta): storeVector((SIMD8(repeating: beta) * loadVector(p)).addingProduct(alpha, t), p)
    case .accumulate: storeVector(loadVector(p).addingProduct(alpha, t), p)
    }
}

@inline(__always)
func mergeScalar(_ t: Float, into p: UnsafeMutablePointer<Float>, alpha: Float, update: TileUpdate) {
    switch update {
    case .overwrite: p.pointee = alpha * t
    case .scale(let beta): p.pointee = (beta * p.pointee).addingProduct(alpha, t)
    case .accumulate: p.pointee = p.pointee.addingProduct(alpha, t)
    }
}

/// One register tile: `C[0..<rows, 0..<cols] ⊕= alpha · Apanel · Bpanel` over `kc` steps.
///
/// `a`: the A panel, element (row r, step p) at `a[r·aRowStride + p·aStepStride]`: a packed panel
/// `[kc, 6]` by default, or six rows of a matrix read in place (all six must be readable);
/// `b`: packed B panel `[kc, 16]`; `c`: the tile's top-left element, row stride `ldc`;
/// `rows ≤ 6`, `cols ≤ 16` are the valid part of the tile.
@inline(__always)
func microKernel6x16(kc: Int, a: UnsafePointer<Float>, aRowStride: Int = 1, aStepStride: Int = gemmMR,
                     b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
                     alpha: Float, update: TileUpdate) {
    var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
    var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
    var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
    // Ask for the tile's rows of C now: they arrive while the k loop runs instead of stalling the merge.
    var row = UnsafeRawPointer(c)
    for _ in 0..<rows {
        smol_prefetch_write(row); smol_prefetch_write(row + 63)
        row += ldc * MemoryLayout<Float>.stride
    }
    var ap = a, bp = b
    let r1 = aRowStride, r2 = 2 * aRowStride, r3 = 3 * aRowStride, r4 = 4 * aRowStride, r5 = 5 * aRowStride
    for _ in 0..<kc {
        let b0 = loadVector(bp), b1 = loadVector(bp + 8)
        var s = SIMD8<Float>(repeating: ap[0])
        c00 = c00.addingProduct(s, b0); c01 = c01.addingProduct(s, b1)
        s = SIMD8<Float>(repeating: ap[r1])
        c10 = c10.addingProduct(s, b0); c11 = c11.addingProduct(s, b1)
        s = SIMD8<Float>(repeating: ap[r2])
        c20 = c20.addingProduct(s, b0); c21 = c21.addingProduct(s, b1)
        s = SIMD8<Float>(repeating: ap[r3])
        c30 = c30.addingProduct(s, b0); c31 = c31.addingProduct(s, b1)
        s = SIMD8<Float>(repeating: ap[r4])
        c40 = c40.addingProduct(s, b0); c41 = c41.addingProduct(s, b1)
        s = SIMD8<Float>(repeating: ap[r5])
        c50 = c50.addingProduct(s, b0); c51 = c51.addingProduct(s, b1)
        ap += aStepStride
        bp += gemmNR
    }
    let alphaVector = SIMD8<Float>(repeating: alpha)
    if rows == gemmMR && cols == gemmNR {
        var row = c
        mergeVector(c00, into: row, alpha: alphaVector, update: update)
        mergeVector(c01, into: row + 8, alpha: alphaVector, update: update); row += ldc
        mergeVector(c10, into: row, alpha: alphaVector, update: update)
        mergeVector(c11, into: row + 8, alpha: alphaVector, update: update); row += ldc
        mergeVector(c20, into: row, alpha: alphaVector, update: update)
        mergeVector(c21, into: row + 8, alpha: alphaVector, update: update); row += ldc
        mergeVector(c30, into: row, alpha: alphaVector, update: update)
        mergeVector(c31, into: row + 8, alpha: alphaVector, update: update); row += ldc
        mergeVector(c40, into: row, alpha: alphaVector, update: update)
        mergeVector(c41, into: row + 8, alpha: alphaVector, update: update); row += ldc
        mergeVector(c50, into: row, alpha: alphaVector, update: update)
        mergeVector(c51, into: row + 8, alpha: alphaVector, update: update)
        return
    }
    // Edge tile: spill the accumulators, then merge only the valid elements (invariant 2).
    withUnsafeTemporaryAllocation(of: Float.self, capacity: gemmMR * gemmNR) { tile in
        let t = tile.baseAddress!
        storeVector(c00, t); storeVector(c01, t + 8)
        storeVector(c10, t + 16); storeVector(c11, t + 24)
        storeVector(c20, t + 32); storeVector(c21, t + 40)
        storeVector(c30, t + 48); storeVector(c31, t + 56)
        storeVector(c40, t + 64); storeVector(c41, t + 72)
        storeVector(c50, t + 80); storeVector(c51, t + 88)
        for i in 0..<rows {
            for j in 0..<cols {
                mergeScalar(t[i * gemmNR + j], into: c + i * ldc + j, alpha: alpha, update: update)
            }
        }
    }
}
