import SmolKernels
import SmolTensor
import SmolCore

/// Keys and values of every layer for one sequence, so each new token attends to the past without
/// recomputing it. Storage grows in chunks as the sequence gets longer and is freed with the cache.
///
/// Invariants:
/// 1. Rows `0..<length` of every layer hold the rotated keys and the values of positions `0..<length`;
///    rows `length..<capacity` are allocated but never read.
/// 2. `length <= capacity`; appending past `capacity` without `reserve` first is a programming error.
/// 3. Growing copies rows `0..<length` unchanged and keeps the row stride (`width`), so results do not
///    depend on when or how often the cache grew.
final class KVCache: @unchecked Sendable {
    let width: Int
    private(set) var capacity: Int
    private(set) var keys: [UnsafeMutablePointer<Float>]     // per layer: [capacity, KVH·hd]
    private(set) var values: [UnsafeMutablePointer<Float>]   // per layer: [capacity, KVH·hd]
    var length = 0

    init(layers: Int, width: Int, capacity: Int) {
        self.width = width
        self.capacity = capacity
        self.keys = (0..<layers).map { _ in .allocate(capacity: max(capacity * width, 1)) }
        self.values = (0..<layers).map { _ in .allocate(capacity: max(capacity * width, 1)) }
    }

    deinit {
        for buffer in keys + values { buffer.deallocate() }
    }

    /// Bytes held by the keys and values of all layers.
    var allocatedBytes: Int { 2 * keys.count * capacity * width * MemoryLayout<Float>.size }

    /// Makes room for `needed` rows: at least doubles the capacity (amortised O(1) per row) but never
    /// past `limit`, the most rows this sequence can reach.
    func reserve(_ needed: Int, limit: Int) {
        guard needed > capacity else { return }
        let grown = max(needed, min(2 * capacity, limit))
        for l in keys.indices {
            keys[l] = Self.moved(keys[l], rows: length, width: width, to: grown)
            values[l] = Self.moved(values[l], rows: length, width: width, to: grown)
        }
        capacity = grown
    }

    /// A buffer of `capacity` rows holding the first `rows` rows of `old`, which is freed.
    private static func moved(_ old: UnsafeMutablePointer<Float>, rows: Int, width: Int, to capacity: Int) -> UnsafeMutablePointer<Float> {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(capacity * width, 1))
        buffer.initialize(from: old, count: rows * width)
        old.deallocate()
        return buffer
    }
}

extension LanguageModel {
    /// Runs new tokens of several sequences through the model at once, appending to their caches, and
    /// returns the logits of each sequence's last new token. Rows of all sequences share the matrix
    /// products; attention runs per (sequence, head) against that sequence's cache.
    ///
    /// `tables` must cover every position reached.
    ///
    /// tokens: S lists (lengths may differ, each ≥ 1) -> [S, V]
    func forwardCached(_ tokens: [[Int]], caches: [KVCache], tables: RotaryTables, engine: EngineOptions) -> Tensor {
        let c = config, tape = Tape(engine: engine, recording: false)
        let starts = tokens.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let rows = starts.last!
        let positions = zip(tokens, caches).flatMap { t, cache in (0..<t.count).map { cache.length + $0 } }
        let heads = c.numAttentionHeads, kvHeads = c.numKeyValueHeads, d = c.headDim
        let qWidth = heads * d, kvWidth = kvHeads * d, group = heads / kvHeads, scale = 1 / Float(d).squareRoot()
        for (t, cache) in zip(tokens, caches) {
            precondition(!t.isEmpty && cache.length + t.count <= cache.capacity, "forwardCached: reserve cache rows first")
        }
        var x = tape.embedding(tokens.flatMap { $0 }, shape: [rows], table: embed)            // [N, d]
        for (l, layer) in layers.enumerated() {
            let h = tape.rmsNorm(x, weight: layer.inputNorm, eps: c.rmsNormEps)
            let q = tape.rotary(tape.linear(h, layer.q, bias: layer.qBias), positions: positions, heads: heads, tables: tables)
            let k = tape.rotary(tape.linear(h, layer.k, bias: layer.kBias), positions: positions, heads: kvHeads, tables: tables)
            let v = tape.linear(h, layer.v, bias: layer.vBias)                                 // [N, KVH·hd]
            for (s, cache) in caches.enumerated() {
                let n = tokens[s].count
                (cache.keys[l] + cache.length * kvWidth).update(from: k.data + starts[s] * kvWidth, count: n * kvWidth)
                (cache.values[l] + cache.length * kvWidth).update(from: v.data + starts[s] * kvWidth, count: n * kvWidth)
            }
            let attended = Tensor(zeros: [rows, qWidth])                                     // [N, H·hd]
            // One thread when the whole attention is smaller than a wake-up (decode of short contexts).
            let work = zip(tokens, caches).reduce(0) { $0 + $1.0.count * ($1.1.length + $1.0.count) } * heads * d
            Parallel.forEach(caches.count * heads, threads: work < 1 << 18 ? 1 : engine.threads) { item in
                let s = item / heads, head = item % heads, g = head / group
                let n = tokens[s].count, past = caches[s].length
                let probs = UnsafeMutablePointer<Float>.allocate(capacity: n * (past + n))
                defer { probs.deallocate() }
                attentionHeadForward(q: q.data + starts[s] * qWidth + head * d, ldq: qWidth,
                                     k: caches[s].keys[l] + g * d, v: caches[s].values[l] + g * d, ldk: kvWidth,
                                     out: attended.data + starts[s] * qWidth + head * d, ldo: qWidth, probs: probs,
                                     queries: n, keys: past + n, headDim: d, offset: past, scale: scale)
            }
            x = tape.add(x, tape.linear(attended, layer.o, bias: layer.oBias))
            let m = tape.rmsNorm(x, weight: layer.postNorm, eps: c.rmsNormEps)
            let gated = tape.swiglu(tape.linear(m, layer.gate, bias: layer.gateBias), tape.linear(m, layer.up, bias: layer.upBias))
            x = tape.add(x, tape.linear(gated, layer.down, bias: layer.downBias))
        }
        for (s, cache) in caches.enumerated() { cache.length += tokens[s].count }
        // Only the last row of each sequence needs logits.
        let last = Tensor(zeros: [caches.count, c.hiddenSize])                               // [S, d]
        for s in 0..<caches.count {
            (last.data + s * c.hiddenSize).update(from: x.data + (starts[s + 1] - 1) * c.hiddenSize, count: c.hiddenSize)
        }
        return tape.linear(tape.rmsNorm(last, weight: finalNorm, eps: c.rmsNormEps), lmHead)  // [S, V]
    }
}
