#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops deep recursion (script calls, nested code, nested values) before it overflows the native stack
/// of the calling thread.
///
/// `Limits.maxCallDepth` bounds recursion in script terms, but how many levels fit depends on the thread
/// (8 MiB on a Linux main thread, 512 KiB on a secondary macOS thread) and the build. The guard reads the
/// thread's stack bounds once per run and reports when less than a safety margin remains.
public struct StackGuard: Sendable {
    /// The lowest stack address calls may reach; 0 when the bounds are unknown (the guard is then off).
    private let floor: UInt

    /// Reads the calling thread's stack bounds; use the guard on that thread only.
    public init() {
        var low: UInt = 0
        var size: UInt = 0
        #if os(Linux)
        // glibc declares pthread_getattr_np only under _GNU_SOURCE, which the Glibc module lacks.
        typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        var attributes = pthread_attr_t()
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np"),
           unsafeBitCast(symbol, to: GetAttr.self)(pthread_self(), &attributes) == 0 {
            var address: UnsafeMutableRawPointer?
            var length = 0
            if pthread_attr_getstack(&attributes, &address, &length) == 0 {
                low = UInt(bitPattern: address)
                size = UInt(length)
            }
            pthread_attr_destroy(&attributes)
        }
        #elseif canImport(Darwin)
        let high = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        size = UInt(pthread_get_stacksize_np(pthread_self()))
        low = high - size
        #endif
        // Leave an eighth of the stack (at least 128 KiB, at most half) for the frames of one more call,
        // a command invocation and the error path.
        let margin = Swift.min(Swift.max(size / 8, 128 << 10), size / 2)
        floor = size == 0 ? 0 : low + margin
    }

    /// Whether another level of recursion fits.
    @inline(__always)
    public func hasRoom() -> Bool {
        floor == 0 || StackGuard.currentAddress() > floor
    }

    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
