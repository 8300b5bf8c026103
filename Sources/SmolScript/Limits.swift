/// Bounds that turn a runaway script into a diagnostic instead of a hang or a crash.
///
/// Each limit's message names the `smol run` flag that raises it.
public struct Limits: Sendable, Equatable {
    /// Statements and expression evaluations one `run` may perform (`--max-steps`).
    public var maxSteps: Int
    /// Nested calls of script functions (`--max-call-depth`).
    public var maxCallDepth: Int
    /// Nesting of expressions and blocks the parser accepts, and of lists and records built at run
    /// time (`--max-nesting`).
    public var maxNesting: Int
    /// Elements of a list or fields of a record (`--max-collection-count`).
    public var maxCollectionCount: Int
    /// Unicode scalars in a string (`--max-string-length`).
    public var maxStringLength: Int

    /// Makes limits; the defaults suit interactive use and sweeps.
    public init(maxSteps: Int = 100_000_000, maxCallDepth: Int = 256, maxNesting: Int = 200,
                maxCollectionCount: Int = 10_000_000, maxStringLength: Int = 64 << 20) {
        self.maxSteps = maxSteps
        self.maxCallDepth = maxCallDepth
        self.maxNesting = maxNesting
        self.maxCollectionCount = maxCollectionCount
        self.maxStringLength = maxStringLength
    }
}
