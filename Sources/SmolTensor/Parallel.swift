import Foundation

/// A raw pointer that may cross into `concurrentPerform` closures; each worker touches a disjoint range.
public struct SendablePointer<T>: @unchecked Sendable {
    /// The wrapped pointer.
    public let base: UnsafeMutablePointer<T>
    /// Wraps `base`.
    @inlinable public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// Runs `body(i)` for every `i` in `0..<count`, split into at most `threads` contiguous chunks.
///
/// Each index is processed by exactly one worker and no work item reduces across indices, so results
/// do not depend on `threads` (the caller keeps every reduction inside one index).
@inlinable
public func parallelFor(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    if count <= 0 { return }
    let workers = max(1, min(threads, count))
    if workers == 1 {
        for i in 0..<count { body(i) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        let start = count * w / workers, end = count * (w + 1) / workers
        for i in start..<end { body(i) }
    }
}
