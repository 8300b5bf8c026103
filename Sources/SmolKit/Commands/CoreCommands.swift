import Foundation
import SmolCore
import SmolLedger
import SmolScript

/// `print`, `hash`, `exists` and `metric`: the smallest commands, enough to prove the ledger path end to end.
enum CoreCommands {
    static var all: [CommandDefinition] { [print, hash, exists, metric] }

    static let print = CommandDefinition(
        CommandSignature("print", summary: "Writes a value to the output (strings without quotes).",
                         parameters: [Parameter("value", .any, positional: true, doc: "what to print")],
                         cacheable: false)
    ) { context in
        context.print(context["value"].displayText)
        return .null
    }

    static let hash = CommandDefinition(
        CommandSignature("hash", summary: "SHA-256 of a file's bytes; the file is logged as an input (and stored, up to 64 MiB).",
                         parameters: [Parameter("path", .string, positional: true, doc: "file to hash")],
                         returns: .string, cacheable: false)
    ) { context in
        let ref = try context.input(fileAt: try context.path("path"), role: "path")
        return .string(ref.sha256)
    }

    static let exists = CommandDefinition(
        CommandSignature("exists", summary: "Whether a file or folder exists (relative paths start at the script's folder), so a script can use optional downloads.",
                         parameters: [Parameter("path", .string, positional: true, doc: "file or folder")],
                         returns: .bool, cacheable: false)
    ) { context in
        .bool(FileManager.default.fileExists(atPath: try context.path("path")))
    }

    static let metric = CommandDefinition(
        CommandSignature("metric", summary: "Records a named value (optionally at a step, with tags) in the ledger.",
                         parameters: [
                             Parameter("name", .string, positional: true, doc: "metric name, e.g. \"gsm-like.accuracy\""),
                             Parameter("value", .number, positional: true, doc: "the value"),
                             Parameter("step", .optional(.integer), doc: "training step or index"),
                             Parameter("tags", .record, default: .emptyRecord,
                                       doc: "fields report tables can group by, e.g. [lr: 1e-3, batch: 8]"),
                         ], cacheable: false)
    ) { context in
        let value = try context.number("value")
        guard value.isFinite else { throw SmolKitError.argument("value", "must be finite, got \(value)") }
        context.metric(try context.string("name"), value, step: try context.optionalInteger("step"))
        return .null
    }
}
