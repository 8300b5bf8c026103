extension Tape {
    /// The same values under another shape (copied; the gradient is copied back).   x: [...] -> shape
    public func reshape(_ x: Tensor, to shape: [Int]) -> Tensor {
        precondition(shape.reduce(1, *) == x.count, "reshape: \(x.shape) has \(x.count) elements, \(shape) needs \(shape.reduce(1, *))")
        let y = uninitializedOutput(shape, x)
        y.data.update(from: x.data, count: x.count)
        let threads = threads(forElements: x.count)
        record(y) { dy in x.addToGradient(dy, threads: threads) }
        return y
    }
}
