import SmolCore

/// A float32 tensor: a shape over contiguous row-major storage, plus a gradient buffer once
/// backpropagation reaches it.
///
/// Invariants:
/// 1. `data` holds exactly `count = shape.product` floats, owned by this object and returned to the
///    `BufferPool` in `deinit`.
/// 2. `grad` is nil until a backward step (or `gradPointer()`) first needs it; it then has the same
///    count as `data` and is zero-filled, except through `gradientForUpdate()`, whose caller writes
///    every element of a fresh buffer, or `adoptGradient(_:)`, whose buffer arrives filled.
/// 3. Storage is reached through raw pointers so kernels can run on several threads; a tensor is only
///    written by the op that produced it (forward) or by the tape, one step at a time (backward).
public final class Tensor: @unchecked Sendable {
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// Number of elements (product of `shape`).
    public let count: Int
    /// The values, row-major.
    public let data: UnsafeMutablePointer<Float>
    /// The accumulated gradient of the last backward pass, or nil when none reached this tensor.
    public private(set) var grad: UnsafeMutablePointer<Float>?
    /// Whether backward should produce a gradient for this tensor (parameters, and ops fed by them).
    public let requiresGrad: Bool

    /// A zero-filled tensor of `shape`.
    public init(zeros shape: [Int], requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.data = BufferPool.shared.take(count)
        self.data.initialize(repeating: 0, count: max(count, 1))
        self.requiresGrad = requiresGrad
    }

    /// A tensor of `shape` whose values are not initialised (for ops that write every element).
    init(uninitialized shape: [Int], requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.data = BufferPool.shared.take(count)
        self.requiresGrad = requiresGrad
    }

    /// A tensor of `shape` holding `values` (row-major; `values.count` must equal the shape's product).
    public convenience init(shape: [Int], values: [Float], requiresGrad: Bool = false) {
        self.init(zeros: shape, requiresGrad: requiresGrad)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { if count > 0 { data.update(from: $0.baseAddress!, count: count) } }
    }

    deinit {
        BufferPool.shared.give(data, count: count)
        if let grad { BufferPool.shared.give(grad, count: count) }
    }

    /// The values as an array (a copy).
    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The gradient as an array (a copy; zeros when backward never reached this tensor).
    public var gradient: [Float] {
        guard let grad else { return [Float](repeating: 0, count: count) }
        return Array(UnsafeBufferPointer(start: grad, count: count))
    }

    /// Element `i` of the flat storage.
    public subscript(i: Int) -> Float {
        get { data[i] }
        set { data[i] = newValue }
    }

    /// The gradient buffer, allocated zero-filled on first use.
    public func gradPointer() -> UnsafeMutablePointer<Float> {
        if let grad { return grad }
        let g = BufferPool.shared.take(count)
        g.initialize(repeating: 0, count: max(count, 1))
        grad = g
        return g
    }

    /// The gradient buffer for a step that updates every element, and whether to add: `accumulate` is
    /// false when the buffer was just allocated and holds garbage, so the step must write (`g = δ`),
    /// not add (`g += δ`); writing gives the bits adding to zeros would.
    func gradientForUpdate() -> (pointer: UnsafeMutablePointer<Float>, accumulate: Bool) {
        if let grad { return (grad, true) }
        let g = BufferPool.shared.take(count)
        grad = g
        return (g, false)
    }

    /// `grad += delta` over every element (a copy when the gradient is fresh), split across `threads`
    /// (elementwise: the bits do not depend on the split).   delta: [count]
    func addToGradient(_ delta: UnsafePointer<Float>, threads: Int) {
        let (gRaw, accumulate) = gradientForUpdate()
        let g = UnsafeMutableSendablePointer(gRaw), dy = UnsafeSendablePointer(delta)
        Parallel.forEachRange(count, threads: threads) { _, range in
            if accumulate {
                for i in range { g.pointer[i] += dy.pointer[i] }
            } else {
                (g.pointer + range.lowerBound).update(from: dy.pointer + range.lowerBound, count: range.count)
            }
        }
    }

    /// Takes `buffer` (`count` floats from `BufferPool`, every element written) as the gradient,
    /// which must not exist yet; the tensor returns it to the pool.
    func adoptGradient(_ buffer: UnsafeMutablePointer<Float>) {
        precondition(grad == nil, "adoptGradient: the gradient already exists")
        grad = buffer
    }

    /// Drops the gradient (the next backward pass starts from zero).
    public func zeroGrad() {
        if let grad { BufferPool.shared.give(grad, count: count) }
        grad = nil
    }

    /// Overwrites the values from `values` (same count).
    public func copyValues(from values: [Float]) {
        precondition(values.count == count, "\(values.count) values for \(count) elements")
        values.withUnsafeBufferPointer { if count > 0 { data.update(from: $0.baseAddress!, count: count) } }
    }

    /// Rows when the tensor is viewed as a matrix `[count / lastDimension, lastDimension]`.
    public var rowCount: Int { shape.isEmpty ? 1 : (shape.last! == 0 ? 0 : count / shape.last!) }
    /// The last dimension (1 for a scalar).
    public var lastDimension: Int { shape.last ?? 1 }
}
