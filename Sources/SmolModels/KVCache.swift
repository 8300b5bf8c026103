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

/// The attention step of a decoder block during cached decoding: sequence s contributes rows
/// `starts[s]..<starts[s + 1]` (its new tokens) of q, k, v; their keys and values are appended to its
/// cache, then each new row attends to every cached row up to its own position.
struct CachedAttention {
    /// One cache per sequence; `length` is the number of rows before this step's tokens.
    let caches: [KVCache]
    /// Row offsets of each sequence's new tokens: [S + 1], `starts[0] == 0`, `starts[S] == N`.
    let starts: [Int]

    /// Appends rows of k and v to layer `layer` of every cache and returns the attention output.
    /// One work item per (sequence, head); a single thread when the whole step is smaller than a
    /// worker wake-up (decoding with short contexts). Results do not depend on `threads`.
    ///
    /// q: [N, H·hd], k: [N, KVH·hd], v: [N, KVH·hd] -> [N, H·hd]
    func attend(q: Tensor, k: Tensor, v: Tensor, layer l: Int, heads: Int, kvHeads: Int, threads: Int) -> Tensor {
        let rows = starts.last!, qWidth = q.lastDimension, kvWidth = k.lastDimension, d = qWidth / heads
        let group = heads / kvHeads, scale = 1 / Float(d).squareRoot()
        for (s, cache) in caches.enumerated() {
            let n = starts[s + 1] - starts[s]
            precondition(n > 0 && cache.length + n <= cache.capacity, "cached attention: reserve cache rows first")
            (cache.keys[l] + cache.length * kvWidth).update(from: k.data + starts[s] * kvWidth, count: n * kvWidth)
            (cache.values[l] + cache.length * kvWidth).update(from: v.data + starts[s] * kvWidth, count: n * kvWidth)
        }
        let attended = Tensor(zeros: [rows, qWidth])                                             // [N, H·hd]
        let work = caches.indices.reduce(0) { total, s in
            let n = starts[s + 1] - starts[s]
            return total + n * (caches[s].length + n)
        } * heads * d
        Parallel.forEach(caches.count * heads, threads: work < 1 << 18 ? 1 : threads) { item in
            let s = item / heads, head = item % heads, g = head / group
            let n = starts[s + 1] - starts[s], past = caches[s].length
            let probs = UnsafeMutablePointer<Float>.allocate(capacity: n * (past + n))
            defer { probs.deallocate() }
            attentionHeadForward(q: q.data + starts[s] * qWidth + head * d, ldq: qWidth,
                                 k: caches[s].keys[l] + g * d, v: caches[s].values[l] + g * d, ldk: kvWidth,
                                 out: attended.data + starts[s] * qWidth + head * d, ldo: qWidth, probs: probs,
                                 queries: n, keys: past + n, headDim: d, offset: past, scale: scale)
        }
        return attended
    }
}

extension LanguageModel {
    /// Runs new tokens of several sequences through the model at once, appending to their caches, and
    /// returns the logits of each sequence's last new token. Rows of all sequences share the matrix
    /// products (the same `decoderBlock` as training); attention runs per (sequence, head) against
    /// that sequence's cache.
    ///
    /// `tables` must cover every position reached. With `weights`, the linear layers and the LM head
    /// read those quantised copies (see `WeightPrecision`).
    ///
    /// tokens: S lists (lengths may differ, each ≥ 1) -> [S, V]
    func forwardCached(_ tokens: [[Int]], caches: [KVCache], tables: RotaryTables, engine: EngineOptions,
                       weights: QuantizedWeights? = nil) -> Tensor {
        let d = config.hiddenSize, tape = Tape(engine: engine, recording: false)
        let hidden = cachedHiddenStates(tape, tokens, caches: caches, tables: tables, weights: weights)  // [ΣT, d]
        // Only the last row of each sequence needs logits (RMSNorm is per row, so norming every row
        // first gives the same bits).
        let last = Tensor(zeros: [caches.count, d])                                             // [S, d]
        var end = 0
        for (s, t) in tokens.enumerated() {
            end += t.count
            (last.data + s * d).update(from: hidden.data + (end - 1) * d, count: d)
        }
        return projection(tape, last, lmHead, weights?.lmHead, bias: nil, exact: weights?.exact ?? false)  // [S, V]
    }

    /// Final hidden states (after the last norm) of new tokens of several sequences, each appended to
    /// its own cache (the cached decoder block, every row kept; linear layers on `weights` when given).
    /// tokens: S lists -> [ΣT, d]
    func cachedHiddenStates(_ tape: Tape, _ tokens: [[Int]], caches: [KVCache], tables: RotaryTables,
                            weights: QuantizedWeights? = nil) -> Tensor {
        let starts = tokens.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let positions = zip(tokens, caches).flatMap { t, cache in (0..<t.count).map { cache.length + $0 } }
        let attention = BlockAttention.cached(CachedAttention(caches: caches, starts: starts))
        var x = tape.embedding(tokens.flatMap { $0 }, shape: [starts.last!], table: embed)    // [N, d]
        for index in layers.indices {
            x = decoderBlock(tape, x, layer: index, positions: positions, tables: tables, attention: attention,
                             quantized: weights)
        }
        for (s, cache) in caches.enumerated() { cache.length += tokens[s].count }
        return tape.rmsNorm(x, weight: finalNorm, eps: config.rmsNormEps)
    }
}
