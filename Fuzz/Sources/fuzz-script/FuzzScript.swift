import SmolScript

/// A host that knows a few command signatures (so the resolver checks calls) and refuses to run any.
private final class CheckOnlyHost: CommandHost {
    let signatures: [CommandSignature] = [
        CommandSignature("print", summary: "Prints a value.", parameters: [
            Parameter("value", .any, positional: true, doc: "what to print"),
        ]),
        CommandSignature("data.load", summary: "Loads a dataset.", parameters: [
            Parameter("path", .string, positional: true, doc: "file"),
            Parameter("schema", .optional(.string), doc: "schema"),
            Parameter("skip_invalid", .bool, default: .bool(false), doc: "skip bad rows"),
        ], returns: .handle("dataset")),
        CommandSignature("train.sft", summary: "Fine-tunes.", parameters: [
            Parameter("base", .handle("model"), positional: true, doc: "model"),
            Parameter("data", .handle("dataset"), positional: true, doc: "data"),
            Parameter("lr", .number, doc: "learning rate"),
            Parameter("tags", .list(.string), default: .emptyList, doc: "tags"),
        ], returns: .handle("model")),
    ]
    var commandNames: [String] { signatures.map(\.name) }
    func signature(of name: String) -> CommandSignature? { signatures.first { $0.name == name } }
    func invoke(_ invocation: CommandInvocation) throws -> Value { fatalError("the fuzz harness never runs commands") }
}

nonisolated(unsafe) private let host = CheckOnlyHost()  // libFuzzer calls in on one thread

/// SmolScript scan, parse and resolve (`Interpreter.check`, `needsMoreInput`) of the fuzz bytes as
/// source text; nothing is run. Every diagnostic has a position inside the source.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Count "\n" scalars as the scanner does ("\r\n" is one Character, so splitting the String undercounts).
    let lines = source.unicodeScalars.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    _ = Interpreter.needsMoreInput(source)
    let diagnostics = Interpreter(host: host).check(source, file: "fuzz.smol")
    for d in diagnostics {
        precondition(d.location.line >= 1 && d.location.line <= lines + 1 && d.location.column >= 1,
                     "diagnostic outside the source: \(d.location) \(d.message)")
        _ = d.description
    }
    return 0
}
