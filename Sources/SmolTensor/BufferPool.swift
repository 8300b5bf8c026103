import Foundation

/// Recycles large tensor buffers by exact element count, so a training loop that allocates the same
/// activation shapes every step reuses warm memory instead of mapping (and page-faulting) fresh memory.
///
/// Invariants:
/// 1. A buffer is either owned by exactly one tensor or sits in the pool, never both.
/// 2. The pool holds at most `limitBytes`; beyond that, returned buffers are freed.
/// 3. All pool state is behind `lock`; buffers carry no data between owners that anyone reads (every
///    taker initialises what it takes).
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()
    /// Buffers smaller than this many floats go straight to malloc/free.
    static let minimumCount = 1 << 16
    let limitBytes = 768 << 20
    private let lock = NSLock()
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var pooledBytes = 0

    /// An uninitialised buffer of `count` floats.
    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count >= Self.minimumCount {
            lock.lock()
            if let buffer = free[count]?.popLast() {
                pooledBytes -= count * MemoryLayout<Float>.size
                lock.unlock()
                return buffer
            }
            lock.unlock()
        }
        return .allocate(capacity: max(count, 1))
    }

    /// Frees every pooled buffer.
    func drain() {
        lock.lock()
        let buffers = free.values.flatMap { $0 }
        free = [:]
        pooledBytes = 0
        lock.unlock()
        for buffer in buffers { buffer.deallocate() }
    }

    /// Bytes currently held for reuse.
    var cachedBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return pooledBytes
    }

    /// Hands a buffer of `count` floats back.
    func give(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        let bytes = count * MemoryLayout<Float>.size
        if count >= Self.minimumCount {
            lock.lock()
            if pooledBytes + bytes <= limitBytes {
                free[count, default: []].append(buffer)
                pooledBytes += bytes
                lock.unlock()
                return
            }
            lock.unlock()
        }
        buffer.deallocate()
    }
}

/// One pool buffer held by an op until it is taken (e.g. adopted as a gradient); returned to the pool
/// when its holder goes away untaken.
final class PooledBuffer: @unchecked Sendable {
    /// Floats in the buffer.
    let count: Int
    /// The buffer, nil once taken.
    private(set) var pointer: UnsafeMutablePointer<Float>?

    /// An uninitialised buffer of `count` floats.
    init(count: Int) {
        self.count = count
        self.pointer = BufferPool.shared.take(count)
    }

    /// Hands the buffer over: the taker owns it from now on.
    func take() -> UnsafeMutablePointer<Float> {
        let buffer = pointer!
        pointer = nil
        return buffer
    }

    deinit {
        if let pointer { BufferPool.shared.give(pointer, count: count) }
    }
}

/// Process-wide control of the memory tensors keep for reuse.
public enum TensorMemory {
    /// Bytes of freed tensor buffers kept for reuse (at most 768 MiB).
    public static var cachedBytes: Int { BufferPool.shared.cachedBytes }

    /// Returns every cached buffer to the system (call between unrelated workloads, e.g. after
    /// training one model and before loading another).
    public static func releaseCached() { BufferPool.shared.drain() }
}
