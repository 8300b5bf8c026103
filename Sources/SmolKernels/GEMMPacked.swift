import CPrefetch
import SmolCore
// Packed, cache-blocked GEMM (BLIS loop order: jc → pc → [pack B] → ic → [pack A] → jr → ir).
//
// Invariants:
// 1. Each C element is reduced over the k-slices pc = 0, KC, 2·KC, … in that order, each slice
//    by one micro-kernel call (see GEMMMicroKernel.swift). The k-slicing starts at 0 for every
//    worker, so C's bits do not depend on `threads` or on the row/column blocking.
// 2. Threads only decide which rectangle of C a worker owns; rectangles are disjoint, whole
//    panels, and each worker reads A and B and writes only its own rectangle of C.
// 3. Packed panels are zero-padded to whole MR rows / NR columns, so edge tiles read only zeros
//    beyond the matrix and never memory outside A or B.

/// Depth of one k-slice: a `[KC, 16]` B panel (16 KiB) stays in L1.
let gemmKC = 256
/// Rows of A packed per block: a `[MC, KC]` A block (96 KiB) stays in L2.
let gemmMC = 96
/// Columns of B packed per block: a `[KC, NC]` B block (4 MiB) stays in L3.
let gemmNC = 4096

/// Rows ahead that the packing loops over k prefetch (A stored transposed, B stored [k, n]).
let prefetchSteps = 8

/// A 64-byte aligned scratch buffer of floats, freed by the caller.
func allocateFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        .bindMemory(to: Float.self, capacity: max(count, 1))
}

/// Packs rows `i0..<i0+mc`, k-slice `p0..<p0+kc` of op(A) into ⌈mc/6⌉ panels `[kc, 6]` at `dst`
/// (panel q at `dst + q·6·kc`), the last one zero-padded.
@inline(__always)
func packABlock(transA: Bool, a: UnsafePointer<Float>, lda: Int, i0: Int, mc: Int,
                p0: Int, kc: Int, dst: UnsafeMutablePointer<Float>) {
    let fullPanels = mc / gemmMR, tail = mc - fullPanels * gemmMR
    if transA {
        // A stored [k, m]: op(A)[i, p] = a[p·lda + i]; each p reads the block's mc floats contiguously.
        for p in 0..<kc {
            let src = a + (p0 + p) * lda + i0
            // Rows a few steps ahead are requested now (the block is usually not in cache yet).
            for line in stride(from: 0, to: mc, by: 16) { smol_prefetch_read(src + prefetchSteps * lda + line) }
            for panel in 0..<fullPanels {
                // Six floats as one 4-wide and one 2-wide copy (scalar copies when left to the compiler).
                let out = UnsafeMutableRawPointer(dst + panel * gemmMR * kc + p * gemmMR)
                let from = UnsafeRawPointer(src + panel * gemmMR)
                out.storeBytes(of: from.loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
                out.storeBytes(of: from.loadUnaligned(fromByteOffset: 16, as: SIMD2<Float>.self), toByteOffset: 16,
                               as: SIMD2<Float>.self)
            }
            if tail > 0 {
                let out = dst + fullPanels * gemmMR * kc + p * gemmMR, from = src + fullPanels * gemmMR
                for r in 0..<tail { out[r] = from[r] }
                for r in tail..<gemmMR { out[r] = 0 }
            }
        }
    } else {
        // A stored [m, k]: op(A)[i, p] = a[i·lda + p]. Full panels: six rows, eight steps at a time,
        // through an 8×8 register transpose (two zero rows); each transposed row is stored 8 wide at
        // out + p·6, its two extra lanes overwritten by the next store, the last one stored 4 + 2.
        let vectorSteps = kc & ~7
        for panel in 0..<fullPanels {
            let src = a + (i0 + panel * gemmMR) * lda + p0, out = dst + panel * gemmMR * kc
            let zero = SIMD8<Float>()
            var p = 0
            while p < vectorSteps {
                let s = src + p
                if p & 15 == 0 {   // the next panel's rows, one cache line each
                    let ahead = s + gemmMR * lda
                    for r in 0..<gemmMR { smol_prefetch_read(ahead + r * lda) }
                }
                let t = transpose8x8(loadVector(s), loadVector(s + lda), loadVector(s + 2 * lda), loadVector(s + 3 * lda),
                                     loadVector(s + 4 * lda), loadVector(s + 5 * lda), zero, zero)
                let o = out + p * gemmMR
                storeVector(t.0, o); storeVector(t.1, o + 6); storeVector(t.2, o + 12); storeVector(t.3, o + 18)
                storeVector(t.4, o + 24); storeVector(t.5, o + 30); storeVector(t.6, o + 36)
                UnsafeMutableRawPointer(o + 42).storeBytes(of: t.7.lowHalf, as: SIMD4<Float>.self)
                o[46] = t.7[4]; o[47] = t.7[5]
                p += 8
            }
            while p < kc {
                for r in 0..<gemmMR { out[p * gemmMR + r] = src[r * lda + p] }
                p += 1
            }
        }
        for i in fullPanels * gemmMR..<mc {
            let src = a + (i0 + i) * lda + p0
            let out = dst + (i / gemmMR) * gemmMR * kc + i % gemmMR
            for p in 0..<kc { out[p * gemmMR] = src[p] }
        }
        if tail > 0 {
            let out = dst + fullPanels * gemmMR * kc
            for p in 0..<kc { for r in tail..<gemmMR { out[p * gemmMR + r] = 0 } }
        }
    }
}

/// Packs columns `j0..<j0+cols` (cols ≤ 16), k-slice `p0..<p0+kc` of op(B) into `dst: [kc, 16]`.
@inline(__always)
func packBPanel(transB: Bool, b: UnsafePointer<Float>, ldb: Int, j0: Int, cols: Int,
                p0: Int, kc: Int, dst: UnsafeMutablePointer<Float>) {
    if transB && cols == gemmNR {
        // B stored [n, k], full panel: 8×8 register transposes of the 16 rows, then the k tail.
        var p = 0
        while p + 8 <= kc {
            for half in 0..<2 {
                let src = b + (j0 + half * 8) * ldb + p0 + p
                let t = transpose8x8(loadVector(src), loadVector(src + ldb), loadVector(src + 2 * ldb),
                                     loadVector(src + 3 * ldb), loadVector(src + 4 * ldb), loadVector(src + 5 * ldb),
                                     loadVector(src + 6 * ldb), loadVector(src + 7 * ldb))
                let out = dst + p * gemmNR + half * 8
                storeVector(t.0, out); storeVector(t.1, out + gemmNR)
                storeVector(t.2, out + 2 * gemmNR); storeVector(t.3, out + 3 * gemmNR)
                storeVector(t.4, out + 4 * gemmNR); storeVector(t.5, out + 5 * gemmNR)
                storeVector(t.6, out + 6 * gemmNR); storeVector(t.7, out + 7 * gemmNR)
            }
            p += 8
        }
        while p < kc {
            for c in 0..<gemmNR { dst[p * gemmNR + c] = b[(j0 + c) * ldb + p0 + p] }
            p += 1
        }
    } else if transB {
        // B stored [n, k], edge panel: op(B)[p, j] = b[j·ldb + p]; each column streams contiguously.
        for c in 0..<cols {
            let src = b + (j0 + c) * ldb + p0
            for p in 0..<kc { dst[p * gemmNR + c] = src[p] }
        }
        if cols < gemmNR {
            for p in 0..<kc { for c in cols..<gemmNR { dst[p * gemmNR + c] = 0 } }
        }
    } else if cols == gemmNR {
        // B stored [k, n], full panel: two vector copies per k step.
        for p in 0..<kc {
            let src = b + (p0 + p) * ldb + j0
            smol_prefetch_read(src + prefetchSteps * ldb)
            storeVector(loadVector(src), dst + p * gemmNR)
            storeVector(loadVector(src + 8), dst + p * gemmNR + 8)
        }
    } else {
        for p in 0..<kc {
            let src = b + (p0 + p) * ldb + j0
            let out = dst + p * gemmNR
            for c in 0..<cols { out[c] = src[c] }
            for c in cols..<gemmNR { out[c] = 0 }
        }
    }
}

/// `C = alpha·op(A)·op(B) + beta·C` through packed panels; requires m, n, k ≥ 1.
///
/// C is cut into a fixed grid of `rowWorkers × columnWorkers` rectangles (whole panels each);
/// every worker packs the A rows and B columns its rectangle needs and runs the blocked loops
/// alone, so workers never wait for each other (one parallel region per product).
func sgemmPacked(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                 a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int) {
    let rowPanels = (m + gemmMR - 1) / gemmMR, columnPanels = (n + gemmNR - 1) / gemmNR
    let (rowWorkers, columnWorkers) = gemmWorkerGrid(threads: threads, m: m, n: n,
                                                     rowPanels: rowPanels, columnPanels: columnPanels)
    let aS = UnsafeSendablePointer(a), bS = UnsafeSendablePointer(b), cS = UnsafeMutableSendablePointer(c)
    Parallel.forEach(rowWorkers * columnWorkers, threads: rowWorkers * columnWorkers) { worker in
        let rows = Parallel.chunk(worker / columnWorkers, of: rowWorkers, count: rowPanels)
        let columns = Parallel.chunk(worker % columnWorkers, of: columnWorkers, count: columnPanels)
        let i0 = rows.lowerBound * gemmMR, i1 = min(m, rows.upperBound * gemmMR)
        let j0 = columns.lowerBound * gemmNR, j1 = min(n, columns.upperBound * gemmNR)
        if i0 >= i1 || j0 >= j1 { return }
        sgemmPackedBlock(transA: transA, transB: transB, rows: i0..<i1, columns: j0..<j1, k: k, alpha: alpha,
                         a: aS.pointer, lda: lda, b: bS.pointer, ldb: ldb, beta: beta, c: cS.pointer, ldc: ldc)
    }
}

/// The split of C among workers: `rowWorkers · columnWorkers ≤ threads` rectangles, chosen to
/// minimise redundant packing (A is packed once per column worker, B once per row worker).
func gemmWorkerGrid(threads: Int, m: Int, n: Int, rowPanels: Int, columnPanels: Int) -> (Int, Int) {
    let workers = max(1, min(threads, rowPanels * columnPanels))
    var best = (1, 1), bestCost = Int.max
    for rowWorkers in 1...workers where workers % rowWorkers == 0 {
        let columnWorkers = workers / rowWorkers
        if rowWorkers > rowPanels || columnWorkers > columnPanels { continue }
        let cost = m * columnWorkers + n * rowWorkers
        if cost < bestCost { best = (rowWorkers, columnWorkers); bestCost = cost }
    }
    if bestCost == Int.max {  // no exact factorisation fits: use the longer side alone
        best = rowPanels >= columnPanels ? (min(workers, rowPanels), 1) : (1, min(workers, columnPanels))
    }
    return best
}

/// One worker's rectangle `C[rows, columns]` by the BLIS loops (jc → pc → pack B → ic → pack A
/// → jr → ir), single-threaded, with its own packing buffers.
func sgemmPackedBlock(transA: Bool, transB: Bool, rows: Range<Int>, columns: Range<Int>, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    let kcMax = min(gemmKC, k)
    let ncMax = min(gemmNC, columns.count), mcMax = min(gemmMC, columns.isEmpty ? 0 : rows.count)
    let packedB = allocateFloats(kcMax * ((ncMax + gemmNR - 1) / gemmNR) * gemmNR)
    let packedA = allocateFloats(kcMax * ((mcMax + gemmMR - 1) / gemmMR) * gemmMR)
    defer { packedB.deallocate(); packedA.deallocate() }

    for jc in stride(from: columns.lowerBound, to: columns.upperBound, by: gemmNC) {
        let nc = min(gemmNC, columns.upperBound - jc)
        for pc in stride(from: 0, to: k, by: gemmKC) {
            let kc = min(gemmKC, k - pc)
            let update: TileUpdate = pc > 0 ? .accumulate : (beta == 0 ? .overwrite : .scale(beta))
            for j in stride(from: 0, to: nc, by: gemmNR) {
                packBPanel(transB: transB, b: b, ldb: ldb, j0: jc + j, cols: min(gemmNR, nc - j),
                           p0: pc, kc: kc, dst: packedB + j * kc)
            }
            for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: gemmMC) {
                let mc = min(gemmMC, rows.upperBound - ic)
                packABlock(transA: transA, a: a, lda: lda, i0: ic, mc: mc, p0: pc, kc: kc, dst: packedA)
                for j in stride(from: 0, to: nc, by: gemmNR) {
                    let bPanel = packedB + j * kc, cols = min(gemmNR, nc - j)
                    for i in stride(from: 0, to: mc, by: gemmMR) {
                        microKernel6x16(kc: kc, a: packedA + i * kc, b: bPanel, c: c + (ic + i) * ldc + jc + j,
                                        ldc: ldc, rows: min(gemmMR, mc - i), cols: cols,
                                        alpha: alpha, update: update)
                    }
                }
            }
        }
    }
}

/// The transpose of the 8×8 matrix whose rows are `r0…r7`: three rounds of "all even lanes, then
/// all odd lanes" over the 64 floats rotate the index bits (row, column) to (column, row).
@inline(__always)
func transpose8x8(_ r0: SIMD8<Float>, _ r1: SIMD8<Float>, _ r2: SIMD8<Float>, _ r3: SIMD8<Float>,
                  _ r4: SIMD8<Float>, _ r5: SIMD8<Float>, _ r6: SIMD8<Float>, _ r7: SIMD8<Float>)
    -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    @inline(__always)
    func deinterleave(_ v: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>))
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        (SIMD8(lowHalf: v.0.evenHalf, highHalf: v.1.evenHalf), SIMD8(lowHalf: v.2.evenHalf, highHalf: v.3.evenHalf),
         SIMD8(lowHalf: v.4.evenHalf, highHalf: v.5.evenHalf), SIMD8(lowHalf: v.6.evenHalf, highHalf: v.7.evenHalf),
         SIMD8(lowHalf: v.0.oddHalf, highHalf: v.1.oddHalf), SIMD8(lowHalf: v.2.oddHalf, highHalf: v.3.oddHalf),
         SIMD8(lowHalf: v.4.oddHalf, highHalf: v.5.oddHalf), SIMD8(lowHalf: v.6.oddHalf, highHalf: v.7.oddHalf))
    }
    return deinterleave(deinterleave(deinterleave((r0, r1, r2, r3, r4, r5, r6, r7))))
}
