/// Undoes the row permutation llama.cpp's HF→GGUF converter applies to Llama `q_proj` / `k_proj`.
///
/// The converter reorders each head's rows from HF's rotate-half layout (first half of the head's
/// dims, then second half) to interleaved pairs: HF row `h·D + s·D/2 + i` (s ∈ {0, 1}, i < D/2)
/// becomes GGUF row `h·D + 2i + s`, where D = rows / heads. For K, `heads` is the KV head count.
// weight: [rows, cols] in GGUF order -> [rows, cols] in HF order
public func unpermuteLlamaQK(_ weight: [Float], rows: Int, cols: Int, heads: Int) -> [Float] {
    precondition(heads > 0 && rows % (2 * heads) == 0, "rows must split into heads of even size")
    precondition(weight.count == rows * cols, "weight must hold rows × cols values")
    let headDim = rows / heads, half = headDim / 2
    var out = [Float](repeating: 0, count: weight.count)
    weight.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for h in 0..<heads {
                for s in 0..<2 {
                    for i in 0..<half {
                        let hfRow = h * headDim + s * half + i
                        let ggufRow = h * headDim + 2 * i + s
                        for c in 0..<cols { dst[hfRow * cols + c] = src[ggufRow * cols + c] }
                    }
                }
            }
        }
    }
    return out
}
