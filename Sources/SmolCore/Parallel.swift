import Dispatch

/// A read-only raw pointer that may cross into `DispatchQueue.concurrentPerform` closures.
///
/// The caller promises that nothing writes the memory while the parallel region runs.
public struct UnsafeSendablePointer<T>: @unchecked Sendable {
    /// The wrapped pointer.
    public let pointer: UnsafePointer<T>

    /// Wraps `pointer` so a `@Sendable` closure may capture it.
    @inlinable public init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }

    /// The element at `index` (no bounds check).
    @inlinable public subscript(index: Int) -> T { pointer[index] }
}

/// A mutable raw pointer that may cross into `DispatchQueue.concurrentPerform` closures.
///
/// The caller promises that workers write disjoint elements and read nothing another worker writes.
public struct UnsafeMutableSendablePointer<T>: @unchecked Sendable {
    /// The wrapped pointer.
    public let pointer: UnsafeMutablePointer<T>

    /// Wraps `pointer` so a `@Sendable` closure may capture it.
    @inlinable public init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }

    /// The element at `index` (no bounds check).
    @inlinable public subscript(index: Int) -> T {
        get { pointer[index] }
        nonmutating set { pointer[index] = newValue }
    }
}

/// Deterministic data parallelism over an index range, built on `concurrentPerform`.
///
/// The partition of `0..<count` into chunks depends only on `count` and `threads`, and each index
/// is handled exactly once; callers keep results thread-count independent by giving every index
/// its own output and a reduction order that does not depend on the chunk.
public enum Parallel {
    /// Calls `body(i)` once for every `i` in `0..<count`, using up to `threads` workers, each
    /// taking one contiguous chunk in increasing order. Runs inline when one worker suffices.
    public static func forEach(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        forEachRange(count, threads: threads) { _, range in
            for index in range { body(index) }
        }
    }

    /// Splits `0..<count` into `workerCount(count, threads:)` contiguous, nearly equal chunks and
    /// calls `body(worker, chunk)` once per chunk; `worker` indexes per-worker scratch space.
    public static func forEachRange(_ count: Int, threads: Int,
                                    _ body: @Sendable (_ worker: Int, _ range: Range<Int>) -> Void) {
        let workers = workerCount(count, threads: threads)
        if workers == 0 { return }
        if workers == 1 { body(0, 0..<count); return }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            body(worker, chunk(worker, of: workers, count: count))
        }
    }

    /// The number of chunks `forEachRange` uses: `min(count, max(threads, 1))`.
    @inlinable public static func workerCount(_ count: Int, threads: Int) -> Int {
        max(0, min(count, max(threads, 1)))
    }

    /// The chunk of `0..<count` that worker `worker` of `workers` handles (sizes differ by at most 1).
    @inlinable public static func chunk(_ worker: Int, of workers: Int, count: Int) -> Range<Int> {
        let base = count / workers, extra = count % workers
        let start = worker * base + min(worker, extra)
        return start..<(start + base + (worker < extra ? 1 : 0))
    }
}
