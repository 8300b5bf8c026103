import SmolScript

/// A handle for tests: a named artifact with a fake hash.
final class TestHandle: Handle {
    let kind: String
    let hash: String
    let name: String
    let count: Int

    init(kind: String, name: String, count: Int = 0) {
        self.kind = kind
        self.name = name
        self.count = count
        self.hash = String(name.unicodeScalars.reduce(UInt32(2166136261)) { ($0 ^ $1.value) &* 16777619 }, radix: 16)
    }

    var summary: String { "\(kind) \(name) \(hash.prefix(8))" }

    func property(_ name: String) -> Value? {
        switch name {
        case "count": .number(Double(count))
        case "name": .string(self.name)
        default: nil
        }
    }
}

struct MockError: Error, CustomStringConvertible {
    var description: String
}

/// A command host with `print` and a few fake commands of varied signatures; records every call.
final class MockHost: CommandHost {
    var output: [String] = []
    var invocations: [CommandInvocation] = []

    let signatures: [CommandSignature] = [
        CommandSignature("print", summary: "Prints a value.", parameters: [
            Parameter("value", .any, positional: true, doc: "what to print"),
        ], cacheable: false),
        CommandSignature("hash", summary: "Hash of a handle.", parameters: [
            Parameter("artifact", .handle(""), positional: true, doc: "a handle"),
        ], returns: .string),
        CommandSignature("metric", summary: "Logs a metric.", parameters: [
            Parameter("name", .string, positional: true, doc: "metric name"),
            Parameter("value", .number, positional: true, doc: "value"),
            Parameter("step", .optional(.integer), doc: "step"),
        ]),
        CommandSignature("data.load", summary: "Loads a dataset.", parameters: [
            Parameter("path", .string, positional: true, doc: "file"),
            Parameter("schema", .optional(.string), doc: "schema"),
            Parameter("skip_invalid", .bool, default: .bool(false), doc: "skip bad rows"),
        ], returns: .handle("dataset")),
        CommandSignature("data.generate", summary: "Generates a dataset.", parameters: [
            Parameter("recipe", .string, positional: true, doc: "recipe"),
            Parameter("n", .integer, default: .number(100), doc: "count"),
            Parameter("seed", .integer, default: .number(0), doc: "seed"),
        ], returns: .handle("dataset")),
        CommandSignature("model.init", summary: "Makes a model.", parameters: [
            Parameter("preset", .oneOf([.string, .record]), default: .string("tiny"), doc: "preset"),
            Parameter("seed", .integer, default: .number(0), doc: "seed"),
        ], returns: .handle("model")),
        CommandSignature("train.sft", summary: "Fine-tunes.", parameters: [
            Parameter("base", .handle("model"), positional: true, doc: "model"),
            Parameter("data", .handle("dataset"), positional: true, doc: "data"),
            Parameter("lr", .number, doc: "learning rate"),
            Parameter("batch", .integer, default: .number(8), doc: "batch"),
            Parameter("tags", .list(.string), default: .emptyList, doc: "tags"),
        ], returns: .handle("model")),
        CommandSignature("report.table", summary: "Builds a table.", parameters: [
            Parameter("name", .string, positional: true, doc: "name"),
            Parameter("rows", .string, doc: "row key"),
            Parameter("columns", .string, doc: "column key"),
        ], returns: .handle("table")),
        CommandSignature("report.figure", summary: "Draws a figure.", parameters: [
            Parameter("name", .string, positional: true, doc: "name"),
            Parameter("kind", .string, default: .string("line"), choices: ["line", "scatter", "bar"], doc: "how points are drawn"),
            Parameter("fields", .list(.string), default: .emptyList, choices: ["lr", "batch"], doc: "fields shown"),
            Parameter("template", .optional(.string), choices: ["chatml", "tulu"], acceptsFreeText: true, doc: "a name or a text"),
        ], returns: .handle("figure")),
        CommandSignature("fail", summary: "Always fails.", parameters: [
            Parameter("message", .string, positional: true, doc: "the error"),
        ], cacheable: false),
    ]

    var commandNames: [String] { signatures.map(\.name) }

    func signature(of name: String) -> CommandSignature? { signatures.first { $0.name == name } }

    func invoke(_ invocation: CommandInvocation) throws -> Value {
        invocations.append(invocation)
        let args = invocation.arguments
        switch invocation.signature.name {
        case "print":
            output.append(invocation["value"].displayText)
            return .null
        case "hash":
            guard case .handle(let h) = invocation["artifact"] else { return .null }
            return .string(h.hash)
        case "metric":
            output.append("metric \(args.map { "\($0.name)=\($0.value)" }.joined(separator: " "))")
            return .null
        case "data.load":
            guard case .string(let path) = invocation["path"] else { return .null }
            if path.hasPrefix("missing") { throw MockError(description: "\(path): no such file; check the path") }
            return .handle(TestHandle(kind: "dataset", name: path, count: 3))
        case "data.generate":
            guard case .string(let recipe) = invocation["recipe"], case .number(let n) = invocation["n"] else { return .null }
            return .handle(TestHandle(kind: "dataset", name: recipe, count: Int(n)))
        case "model.init":
            return .handle(TestHandle(kind: "model", name: "init-\(invocation["preset"].displayText)-\(invocation["seed"])"))
        case "train.sft":
            guard case .handle(let base) = invocation["base"], case .handle(let data) = invocation["data"] else { return .null }
            let name = "sft(\((base as! TestHandle).name),\((data as! TestHandle).name),lr=\(invocation["lr"]),batch=\(invocation["batch"]))"
            return .handle(TestHandle(kind: "model", name: name))
        case "report.table":
            return .handle(TestHandle(kind: "table", name: invocation["name"].displayText))
        case "report.figure":
            return .handle(TestHandle(kind: "figure", name: "\(invocation["name"].displayText) \(invocation["kind"].displayText)"))
        case "fail":
            throw MockError(description: invocation["message"].displayText)
        default:
            throw MockError(description: "unknown command")
        }
    }
}
