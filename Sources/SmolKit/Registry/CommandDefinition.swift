import SmolScript

/// A command a script can call: its declaration and the code that runs it.
public struct CommandDefinition: Sendable {
    /// Name, typed parameters with defaults and docs, return type, cacheability.
    public var signature: CommandSignature
    /// String parameters that name files whose bytes are inputs: their SHA-256 joins the cache key,
    /// so editing the file invalidates a memoised result.
    public var fileParameters: [String]
    /// The body; everything it reads or writes goes through the context.
    public var run: @Sendable (CommandContext) throws -> Value

    public init(_ signature: CommandSignature, fileParameters: [String] = [],
                run: @escaping @Sendable (CommandContext) throws -> Value) {
        self.signature = signature
        self.fileParameters = fileParameters
        self.run = run
    }
}

/// The set of commands a session offers, by dotted name.
public struct CommandRegistry: Sendable {
    public private(set) var definitions: [String: CommandDefinition] = [:]

    public init(_ definitions: [CommandDefinition] = []) {
        for definition in definitions { add(definition) }
    }

    /// Adds a command; a second definition with the same name is a programming error.
    public mutating func add(_ definition: CommandDefinition) {
        precondition(definitions[definition.signature.name] == nil, "duplicate command \(definition.signature.name)")
        definitions[definition.signature.name] = definition
    }

    /// Command names in sorted order.
    public var names: [String] { definitions.keys.sorted() }

    public subscript(name: String) -> CommandDefinition? { definitions[name] }

    /// Every command smol ships, grouped by namespace.
    public static var standard: CommandRegistry {
        CommandRegistry(CoreCommands.all + ReportCommands.all + DataCommands.all + TokenizerCommands.all
                        + ModelCommands.all + TrainCommands.all + TrainEvalCommands.all + EvalCommands.all
                        + TranslateCommands.all)
    }
}
