/// Where a piece of source text sits: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A command call after argument binding: every declared parameter has a value (defaults applied),
/// and each value has been checked against its declared type.
public struct CommandInvocation {
    public var signature: CommandSignature
    /// Arguments in declaration order.
    public var arguments: [(name: String, value: Value)]
    /// The call's source text, e.g. `data.load("x.jsonl")`, recorded in the ledger.
    public var sourceText: String
    public var location: SourceLocation
    /// Polled by long-running commands; true once the user pressed Ctrl-C.
    public var isCancelled: () -> Bool

    public init(signature: CommandSignature, arguments: [(name: String, value: Value)], sourceText: String,
                location: SourceLocation, isCancelled: @escaping () -> Bool) {
        self.signature = signature
        self.arguments = arguments
        self.sourceText = sourceText
        self.location = location
        self.isCancelled = isCancelled
    }

    /// The bound value of an argument.
    public subscript(name: String) -> Value {
        arguments.first(where: { $0.name == name })?.value ?? .null
    }
}

/// What an interpreter calls out to: the registry of commands (`print`, `data.load`, …).
///
/// The resolver uses `signature(of:)` to reject unknown commands and bad argument lists before
/// anything runs; the interpreter calls `invoke` for each command call it evaluates. An error thrown
/// by `invoke` becomes a runtime diagnostic at the call's location.
public protocol CommandHost: AnyObject {
    /// Every command name, for did-you-mean and completion.
    var commandNames: [String] { get }
    /// The declaration of a command, or nil when there is none.
    func signature(of name: String) -> CommandSignature?
    /// Runs one command.
    func invoke(_ invocation: CommandInvocation) throws -> Value
    /// How many elements a handle that reads like a list has (a dataset's records), or nil when the
    /// handle is not one; `h[i]` and `for x in h` work on such handles.
    func elementCount(of handle: any Handle) throws -> Int?
    /// Element `index` (0-based, already checked to be in range) of a handle that reads like a list.
    func element(of handle: any Handle, at index: Int) throws -> Value
}

extension CommandHost {
    /// By default no handle reads like a list.
    public func elementCount(of handle: any Handle) throws -> Int? { nil }

    /// Never called when `elementCount` is nil.
    public func element(of handle: any Handle, at index: Int) throws -> Value { .null }
}
