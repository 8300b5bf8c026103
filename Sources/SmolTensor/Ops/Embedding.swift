extension Tape {
    /// Row lookup: `y[i] = table[ids[i]]`.   ids: [N] (shape `shape`), table: [V, C] -> [shape..., C]
    public func embedding(_ ids: [Int], shape: [Int], table: Tensor) -> Tensor {
        precondition(shape.reduce(1, *) == ids.count, "embedding: \(ids.count) ids for shape \(shape)")
        let vocab = table.shape[0], c = table.shape[1]
        let y = uninitializedOutput(shape + [c], table)   // every row is copied
        for (i, id) in ids.enumerated() {
            precondition(id >= 0 && id < vocab, "embedding: token id \(id) is outside the vocabulary 0..<\(vocab)")
            (y.data + i * c).update(from: table.data + id * c, count: c)
        }
        record(y) { dy in
            // Scatter-add in position order (fixed, thread-independent).
            let g = table.gradPointer()
            for (i, id) in ids.enumerated() {
                let src = dy + i * c, dst = g + id * c
                for j in 0..<c { dst[j] += src[j] }
            }
        }
        return y
    }
}
