// Packed, cache-blocked GEMM (BLIS loop order: jc → pc → [pack B] → ic → [pack A] → jr → ir).
//
// Invariants:
// 1. The blocking grid (NC, KC, MC, MR, NR) depends only on the shape, never on `threads`.
//    Each C element is reduced over the k-slices pc = 0, KC, 2·KC, … in that order, each slice
//    by one micro-kernel call (see GEMMMicroKernel.swift), so C's bits are thread-independent.
// 2. Threads only decide who computes which tiles and who packs which B panel; a tile is
//    written by exactly one worker per k-slice, and slices are separated by a barrier.
// 3. Packed panels are zero-padded to whole MR rows / NR columns, so edge tiles read only zeros
//    beyond the matrix and never memory outside A or B.

/// Depth of one k-slice: a `[KC, 16]` B panel (16 KiB) stays in L1.
let gemmKC = 256
/// Rows of A packed per block: a `[MC, KC]` A block (96 KiB) stays in L2.
let gemmMC = 96
/// Columns of B packed per block: a `[KC, NC]` B block (4 MiB) stays in L3.
let gemmNC = 4096

/// A 64-byte aligned scratch buffer of floats, freed by the caller.
func allocateFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        .bindMemory(to: Float.self, capacity: max(count, 1))
}

/// Packs rows `i0..<i0+rows` (rows ≤ 6), k-slice `p0..<p0+kc` of op(A) into `dst: [kc, 6]`.
@inline(__always)
func packAPanel(transA: Bool, a: UnsafePointer<Float>, lda: Int, i0: Int, rows: Int,
                p0: Int, kc: Int, dst: UnsafeMutablePointer<Float>) {
    if transA {
        // A stored [k, m]: op(A)[i, p] = a[p·lda + i]; each p reads ≤ 6 contiguous floats.
        for p in 0..<kc {
            let src = a + (p0 + p) * lda + i0
            let out = dst + p * gemmMR
            for r in 0..<rows { out[r] = src[r] }
            for r in rows..<gemmMR { out[r] = 0 }
        }
    } else {
        // A stored [m, k]: op(A)[i, p] = a[i·lda + p]; each row streams contiguously.
        for r in 0..<rows {
            let src = a + (i0 + r) * lda + p0
            for p in 0..<kc { dst[p * gemmMR + r] = src[p] }
        }
        if rows < gemmMR {
            for p in 0..<kc { for r in rows..<gemmMR { dst[p * gemmMR + r] = 0 } }
        }
    }
}

/// Packs columns `j0..<j0+cols` (cols ≤ 16), k-slice `p0..<p0+kc` of op(B) into `dst: [kc, 16]`.
@inline(__always)
func packBPanel(transB: Bool, b: UnsafePointer<Float>, ldb: Int, j0: Int, cols: Int,
                p0: Int, kc: Int, dst: UnsafeMutablePointer<Float>) {
    if transB {
        // B stored [n, k]: op(B)[p, j] = b[j·ldb + p]; each column streams contiguously.
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
func sgemmPacked(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                 a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int) {
    let kcMax = min(gemmKC, k)
    let ncMax = min(gemmNC, n)
    let mBlocks = (m + gemmMC - 1) / gemmMC
    let threads = max(1, threads)

    let packedB = allocateFloats(kcMax * ((ncMax + gemmNR - 1) / gemmNR) * gemmNR)
    defer { packedB.deallocate() }
    let aWorkers = threads  // one A block buffer per worker
    let packedA = allocateFloats(aWorkers * gemmMC * kcMax)
    defer { packedA.deallocate() }

    let aS = UnsafeSendablePointer(a), bS = UnsafeSendablePointer(b)
    let cS = UnsafeMutableSendablePointer(c)
    let packedBS = UnsafeMutableSendablePointer(packedB), packedAS = UnsafeMutableSendablePointer(packedA)

    for jc in stride(from: 0, to: n, by: gemmNC) {
        let nc = min(gemmNC, n - jc)
        let panels = (nc + gemmNR - 1) / gemmNR
        // Split each A block's columns into groups when there are too few row blocks to share.
        let columnGroups = threads == 1 ? 1 : min(panels, max(1, (2 * threads + mBlocks - 1) / mBlocks))
        for pc in stride(from: 0, to: k, by: gemmKC) {
            let kc = min(gemmKC, k - pc)
            let update: TileUpdate = pc > 0 ? .accumulate : (beta == 0 ? .overwrite : .scale(beta))

            // Pack the [kc, nc] block of op(B) panel by panel.
            Parallel.forEach(panels, threads: threads) { panel in
                let j0 = panel * gemmNR
                packBPanel(transB: transB, b: bS.pointer, ldb: ldb, j0: jc + j0, cols: min(gemmNR, nc - j0),
                           p0: pc, kc: kc, dst: packedBS.pointer + panel * gemmNR * kc)
            }

            // Compute: task = (row block, column group); each worker packs its own A block.
            Parallel.forEachRange(mBlocks * columnGroups, threads: threads) { worker, tasks in
                let aBlock = packedAS.pointer + worker * gemmMC * kcMax
                var packedRowBlock = -1
                for task in tasks {
                    let block = task / columnGroups, group = task % columnGroups
                    let i0 = block * gemmMC, mc = min(gemmMC, m - i0)
                    let rowPanels = (mc + gemmMR - 1) / gemmMR
                    if block != packedRowBlock {
                        for panel in 0..<rowPanels {
                            packAPanel(transA: transA, a: aS.pointer, lda: lda, i0: i0 + panel * gemmMR,
                                       rows: min(gemmMR, mc - panel * gemmMR), p0: pc, kc: kc,
                                       dst: aBlock + panel * gemmMR * kc)
                        }
                        packedRowBlock = block
                    }
                    let groupPanels = Parallel.chunk(group, of: columnGroups, count: panels)
                    for colPanel in groupPanels {
                        let j0 = colPanel * gemmNR, cols = min(gemmNR, nc - j0)
                        let bPanel = packedBS.pointer + colPanel * gemmNR * kc
                        for panel in 0..<rowPanels {
                            let r0 = panel * gemmMR
                            microKernel6x16(kc: kc, a: aBlock + panel * gemmMR * kc, b: bPanel,
                                            c: cS.pointer + (i0 + r0) * ldc + jc + j0, ldc: ldc,
                                            rows: min(gemmMR, mc - r0), cols: cols,
                                            alpha: alpha, update: update)
                        }
                    }
                }
            }
        }
    }
}
