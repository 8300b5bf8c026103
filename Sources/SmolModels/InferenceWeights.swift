import Foundation
import SmolKernels
import SmolTensor

/// Which copy of the weights the linear layers (q, k, v, o, gate, up, down and the LM head) read while
/// generating. Training and scoring always use the f32 tensors.
///
/// Decoding one token reads every weight once, so it is bound by memory traffic: the block formats
/// read 4× (Q8_0) to 6× (Q4_1) fewer bytes than f32 and decode each block to f32 in registers. With
/// several sequences a step is bound by the multiply-adds instead, which `.q8_0_q8` does in integers.
public enum WeightPrecision: String, Sendable, CaseIterable, Codable {
    /// The f32 tensors themselves.
    case f32
    /// The blocks a GGUF file stored (Q8_0, Q4_1) as they are, f32 for tensors stored otherwise: the
    /// default. The blocks dequantise to exactly the f32 tensors made at load, and they are read only
    /// where the f32 product would run the row-form skinny kernel (decode steps of ≤ 16 sequences, smol
    /// backend), whose arithmetic the block kernel repeats; longer products (prompts, batches ≥ 17) run
    /// on the f32 tensors. So generation is bit-identical to `.f32`, only faster on GGUF models.
    case native
    /// Every linear weight re-quantised to Q8_0 (int8 per weight, an f32 scale per 32): ~3.8× smaller
    /// than f32; small weight error (half a step of max|w|/127 per block).
    case q8_0
    /// Every linear weight re-quantised to Q4_1 (4 bits per weight, f32 scale and minimum per 32): ~6.4×
    /// smaller than f32; coarse (half a step of (max − min)/15 per block).
    case q4_1
    /// `.q8_0`'s weights (8-row tiles) with the activations quantised to int8 per 32-block as well
    /// (llama.cpp's Q8_0 × Q8_0 dot): integer block dots do twice the multiply-adds per instruction of
    /// the f32 FMAs that bound `.q8_0` at a batch of 8. Adds the activation rounding (half a step of
    /// max|x|/127 per block) to `.q8_0`'s weight error; deterministic, batch- and thread-independent.
    case q8_0_q8
}

/// One linear weight's inference copy: blocks multiplied with f32 activations (QuantizedGEMV), or Q8_0
/// tiles multiplied with int8-quantised activations (Int8TileGEMV).
enum InferenceMatrix: Sendable {
    case blocks(QuantizedMatrix)
    case int8Tiles(Int8TileMatrix)

    /// The block copy, nil for tiles.
    var blocks: QuantizedMatrix? {
        if case let .blocks(matrix) = self { return matrix }
        return nil
    }

    /// Output features.
    var rows: Int {
        switch self {
        case let .blocks(matrix): matrix.rows
        case let .int8Tiles(matrix): matrix.rows
        }
    }

    /// Input features.
    var columns: Int {
        switch self {
        case let .blocks(matrix): matrix.columns
        case let .int8Tiles(matrix): matrix.columns
        }
    }

    /// Bytes the copy holds.
    var byteCount: Int {
        switch self {
        case let .blocks(matrix): matrix.byteCount
        case let .int8Tiles(matrix): matrix.byteCount
        }
    }

    /// `y = x · Wᵀ` for `vectors` rows of x (the kernel of the copy's kind).
    // x: [vectors, columns] -> y: [vectors, rows]
    func multiply(_ x: UnsafePointer<Float>, vectors: Int, into y: UnsafeMutablePointer<Float>, threads: Int) {
        switch self {
        case let .blocks(matrix):
            quantizedMatrixVectorRows(matrix, x: x, xStride: columns, vectors: vectors, y: y, yStride: rows, threads: threads)
        case let .int8Tiles(matrix):
            int8TileMatrixVectorRows(matrix, x: x, xStride: columns, vectors: vectors, y: y, yStride: rows, threads: threads)
        }
    }
}

/// The block-quantised copies of one model's linear weights for one `WeightPrecision`; nil entries
/// (f32 precision, columns not a multiple of 32, a GGUF tensor in another format) use the f32 tensor.
final class QuantizedWeights: Sendable {
    /// One decoder layer's projections.
    struct Layer: Sendable {
        let q, k, v, o, gate, up, down: InferenceMatrix?
    }
    let layers: [Layer]
    let lmHead: InferenceMatrix?
    /// Whether products must equal the f32 path's bits (`.native`): blocks are then read only where
    /// the f32 product is the row-form skinny kernel.
    let exact: Bool
    /// `LanguageModel.weightFingerprint()` when the copy was made (a later difference: retrained weights).
    let fingerprint: [UInt32]

    init(layers: [Layer], lmHead: InferenceMatrix?, exact: Bool, fingerprint: [UInt32]) {
        self.layers = layers
        self.lmHead = lmHead
        self.exact = exact
        self.fingerprint = fingerprint
    }

    /// Bytes held by all the quantised copies.
    var byteCount: Int {
        let matrices = layers.flatMap { [$0.q, $0.k, $0.v, $0.o, $0.gate, $0.up, $0.down] } + [lmHead]
        return matrices.reduce(0) { $0 + ($1?.byteCount ?? 0) }
    }
}

/// The quantised copies a model has made so far, one per precision, made on first use and made again
/// when the f32 weights changed (the fingerprint differs).
final class QuantizedWeightCache: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [WeightPrecision: QuantizedWeights] = [:]

    /// The copy for `precision` made from weights with `fingerprint`, by `make` when there is none yet.
    func weights(_ precision: WeightPrecision, fingerprint: [UInt32], make: () -> QuantizedWeights) -> QuantizedWeights {
        lock.lock()
        defer { lock.unlock() }
        if let cached = made[precision], cached.fingerprint == fingerprint { return cached }
        let weights = make()
        made[precision] = weights
        return weights
    }
}

extension LanguageModel {
    /// The linear weights as `precision` says, made once per model and precision and then kept with the
    /// model (nil for `.f32`). A model trained in place after that is noticed by sampled f32 values
    /// (`weightFingerprint`): a re-quantised copy is made again, and the file's blocks, which no longer
    /// match, are not used (nil: the f32 tensors).
    func quantizedWeights(_ precision: WeightPrecision) -> QuantizedWeights? {
        guard precision != .f32 else { return nil }
        if precision == .native && !nativeWeightsMatch() { return nil }
        let fingerprint = weightFingerprint()
        return quantizedWeightCache.weights(precision, fingerprint: fingerprint) {
            func matrix(_ name: String, _ tensor: Tensor) -> InferenceMatrix? {
                let rows = tensor.shape[0], columns = tensor.shape[1]
                switch precision {
                case .f32: return nil
                case .native: return nativeWeights[name].map(InferenceMatrix.blocks)
                case .q8_0, .q4_1:
                    guard QuantizedMatrix.canQuantize(columns: columns) else { return nil }
                    return .blocks(QuantizedMatrix(quantizing: tensor.data, rows: rows, columns: columns,
                                                   format: precision == .q8_0 ? .q8_0 : .q4_1))
                case .q8_0_q8:
                    guard QuantizedMatrix.canQuantize(columns: columns) else { return nil }
                    return .int8Tiles(Int8TileMatrix(quantizing: tensor.data, rows: rows, columns: columns))
                }
            }
            let layers = self.layers.enumerated().map { i, l in
                let p = "model.layers.\(i)."
                return QuantizedWeights.Layer(
                    q: matrix(p + "self_attn.q_proj.weight", l.q), k: matrix(p + "self_attn.k_proj.weight", l.k),
                    v: matrix(p + "self_attn.v_proj.weight", l.v), o: matrix(p + "self_attn.o_proj.weight", l.o),
                    gate: matrix(p + "mlp.gate_proj.weight", l.gate), up: matrix(p + "mlp.up_proj.weight", l.up),
                    down: matrix(p + "mlp.down_proj.weight", l.down))
            }
            let headName = config.tieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight"
            return QuantizedWeights(layers: layers, lmHead: matrix(headName, lmHead), exact: precision == .native,
                                    fingerprint: fingerprint)
        }
    }

    /// The bits of three f32 values (first, middle, last) of every linear weight, layer by layer, then
    /// the LM head: training changes them (AdamW moves every weight), loading and decoding do not.
    func weightFingerprint() -> [UInt32] {
        let tensors = layers.flatMap { [$0.q, $0.k, $0.v, $0.o, $0.gate, $0.up, $0.down] } + [lmHead]
        return tensors.flatMap { t in [0, t.count / 2, t.count - 1].map { t.data[$0].bitPattern } }
    }

    /// Whether the file's blocks still dequantise to the f32 tensors (QuantizedMatrix invariant 3),
    /// checked at the first, middle and last weight of each.
    func nativeWeightsMatch() -> Bool {
        guard !nativeWeights.isEmpty else { return true }
        let tensors = Dictionary(parameters.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        return nativeWeights.allSatisfy { name, matrix in
            guard let tensor = tensors[name] else { return false }
            return [0, tensor.count / 2, tensor.count - 1].allSatisfy { i in
                matrix.weight(row: i / matrix.columns, column: i % matrix.columns).bitPattern == tensor.data[i].bitPattern
            }
        }
    }

    /// Bytes of the quantised copy for `precision` (made now if it was not yet): what it adds to the
    /// f32 model in memory. 0 for `.f32`.
    public func quantizedWeightBytes(_ precision: WeightPrecision) -> Int {
        quantizedWeights(precision)?.byteCount ?? 0
    }
}

/// `y = x · Wᵀ + b` for inference: through `quantized` when given (its quantised matrix-vector kernel,
/// nothing recorded), else `tape.linear` on the f32 weight. With `exact` (`.native`), the blocks are
/// read only where `tape.linear` would run the row-form skinny kernel, so the bits are `tape.linear`'s.
///
/// x: [..., in], weight: [out, in], bias: [out]? -> [..., out]
func projection(_ tape: Tape, _ x: Tensor, _ weight: Tensor, _ quantized: InferenceMatrix?, bias: Tensor?,
                exact: Bool = false) -> Tensor {
    let n = x.rowCount
    guard let quantized, !exact || (tape.engine.backend == .smol && sgemmUsesRowForm(vectors: n, outputs: quantized.rows)) else {
        return tape.linear(x, weight, bias: bias)
    }
    precondition(!tape.isRecording, "quantised weights are inference-only; use a tape with recording: false")
    let outF = quantized.rows
    precondition(x.lastDimension == quantized.columns, "projection: weight [\(outF), \(quantized.columns)] does not match input \(x.shape)")
    let y = Tensor(zeros: Array(x.shape.dropLast()) + [outF])
    quantized.multiply(x.data, vectors: n, into: y.data, threads: tape.engine.threads)
    if let bias {
        // rows[r, c] += bias[c], as `linear` adds it.
        for r in 0..<n {
            let row = y.data + r * outF
            for c in 0..<outF { row[c] += bias.data[c] }
        }
    }
    return y
}
