#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large native stack, so that deeply nested source and values (which the
/// scanner, parser, resolver, interpreter and value walkers handle recursively) end in a "nested too
/// deeply" diagnostic from `StackGuard` long before any limit a user is likely to set, and never in a crash.
///
/// Invariants:
/// 1. `run` returns only after the body has finished; the body never outlives the call.
/// 2. A body already running on a big-stack thread runs inline (no thread per nested call).
/// 3. When a thread cannot be made (no address space), the body runs inline on the caller's thread;
///    `StackGuard` still stops recursion before the end of that thread's stack.
public enum BigStack {
    /// Bytes of stack for the worker thread: virtual address space, touched only as deep as recursion goes.
    public static let size = 1 << 30

    /// Whether the calling thread is one that `run` started.
    public static var isCurrent: Bool { pthread_getspecific(marker.key) != nil }

    /// Runs `body` on a thread with a `size`-byte stack and returns its result.
    public static func run<T>(_ body: () -> T) -> T {
        if isCurrent { return body() }
        return withoutActuallyEscaping(body) { escapable -> T in
            let job = Job(escapable)
            guard job.start() else { return escapable() }
            return job.result as! T
        }
    }

    private final class Key: @unchecked Sendable {
        var key = pthread_key_t()
        init() { pthread_key_create(&key, nil) }
    }
    private static let marker = Key()

    /// The body and its result, shared with the worker thread (which runs strictly inside `run`).
    private final class Job: @unchecked Sendable {
        let body: () -> Any
        var result: Any?

        init<T>(_ body: @escaping () -> T) { self.body = { body() } }

        /// Runs the body on a new big-stack thread and waits for it; false when no thread could be made.
        func start() -> Bool {
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            guard pthread_attr_setstacksize(&attributes, BigStack.size) == 0 else { return false }
            let context = Unmanaged.passRetained(self).toOpaque()
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let created = pthread_create(&thread, &attributes, { context in
                #if canImport(Darwin)
                let job = Unmanaged<Job>.fromOpaque(context).takeRetainedValue()
                #else
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                #endif
                pthread_setspecific(BigStack.marker.key, UnsafeRawPointer(bitPattern: 1))
                job.result = job.body()
                return nil
            }, context)
            guard created == 0 else {
                Unmanaged<Job>.fromOpaque(context).release()
                return false
            }
            #if canImport(Darwin)
            pthread_join(thread!, nil)
            #else
            pthread_join(thread, nil)
            #endif
            return true
        }
    }
}
