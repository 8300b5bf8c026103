import SmolTensor
import Testing

@Suite struct BufferPoolTests {
    /// A recycled buffer never leaks the previous owner's values into a new tensor or gradient.
    @Test func recycledBuffersStartAtZero() {
        let count = 1 << 17
        for _ in 0..<3 {
            let dirty = Tensor(zeros: [count], requiresGrad: true)
            for i in stride(from: 0, to: count, by: 1000) { dirty[i] = 7; dirty.gradPointer()[i] = 9 }
        }
        let fresh = Tensor(zeros: [count], requiresGrad: true)
        #expect(fresh.values.allSatisfy { $0 == 0 })
        #expect(fresh.gradient.allSatisfy { $0 == 0 } && fresh.gradPointer()[1000] == 0)
    }
}
