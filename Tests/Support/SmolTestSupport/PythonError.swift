/// A Python subprocess that exited non-zero, with what it wrote to standard error.
public struct PythonError: Error, CustomStringConvertible {
    public let status: Int32
    public let message: String

    public var description: String { "python exited with status \(status): \(message)" }
}
