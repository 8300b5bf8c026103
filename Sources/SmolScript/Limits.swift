/// Bounds that turn a runaway script into a diagnostic instead of a hang or a crash.
///
/// Each limit's message names the `smol run` flag that raises it.
public struct Limits: Sendable, Equatable {
    /// Statements and expression evaluations one `run` may perform (`--max-steps`).
    public var maxSteps: Int
    /// Nested calls of script functions (`--max-call-depth`).
    public var maxCallDepth: Int
    /// Nesting the parser accepts (parentheses, brackets, calls, blocks, unary operators; a flat chain
    /// like `a + b + c` is not nesting), and of lists and records built at run time (`--max-nesting`).
    public var maxNesting: Int
    /// Elements of a list or fields of a record (`--max-collection-count`).
    public var maxCollectionCount: Int
    /// Unicode scalars in a string (`--max-string-length`).
    public var maxStringLength: Int

    /// Makes limits; the defaults suit interactive use and sweeps.
    public init(maxSteps: Int = 100_000_000, maxCallDepth: Int = 256, maxNesting: Int = 1000,
                maxCollectionCount: Int = 10_000_000, maxStringLength: Int = 64 << 20) {
        self.maxSteps = maxSteps
        self.maxCallDepth = maxCallDepth
        self.maxNesting = maxNesting
        self.maxCollectionCount = maxCollectionCount
        self.maxStringLength = maxStringLength
    }
}

/// Messages for exceeded limits, each naming the flag that raises it.
enum Limit {
    static func steps(_ n: Int) -> String { "step budget of \(n) exceeded; raise it with --max-steps" }
    static func callDepth(_ n: Int) -> String {
        "call depth limit of \(n) exceeded (unbounded recursion?); raise it with --max-call-depth"
    }
    static func stack(depth: Int, limit: Int) -> String {
        "call depth \(depth) exhausted this thread's native stack before the limit of \(limit) (unbounded recursion?); lower --max-call-depth or make the recursion shallower"
    }
    static func nativeStack(_ depth: Int) -> String {
        "code nested too deeply (\(depth) levels) for the native stack; simplify it"
    }
    static func valueStack() -> String {
        "value nested too deeply for the native stack; flatten the data"
    }
    static func walk(_ n: Int) -> String {
        "step budget of \(n) exceeded while walking a large or widely shared value; raise it with --max-steps"
    }
    static func collection(_ n: Int) -> String {
        "collection would exceed \(n) elements; raise the limit with --max-collection-count"
    }
    static func string(_ n: Int) -> String {
        "string would exceed \(n) characters; raise the limit with --max-string-length"
    }
}
