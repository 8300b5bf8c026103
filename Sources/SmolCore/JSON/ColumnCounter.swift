/// 1-based columns (in Unicode scalars) of bytes on a line, each counted on from the last one asked for.
///
/// Readers ask for columns in increasing order along a line, so each costs only the bytes since the
/// previous one; counting from the line start every time made a minified JSON object or a 100,000-field
/// CSV row (one long line) quadratic.
public struct ColumnCounter: Sendable {
    /// A byte whose column is known.
    private var known = (offset: 0, column: 1)

    /// Starts with nothing known.
    public init() {}

    /// The column of byte `offset` on the line starting at byte `lineStart`.
    public mutating func column(at offset: Int, lineStart: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if known.offset < lineStart || known.offset > offset { known = (lineStart, 1) }
        known = (offset, known.column + JSONParser.column(of: offset, lineStart: known.offset, in: bytes) - 1)
        return known.column
    }
}
