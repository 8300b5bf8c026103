import ArgumentParser
import SmolKit

/// `smol help [command]`: a command's declaration, or the list of commands.
struct Help: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a command's declaration, or list all commands.")

    @Argument(help: "A command name such as data.load.")
    var command: String?

    func run() throws {
        let registry = CommandRegistry.standard
        guard let name = command else {
            for name in registry.names { print("\(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(registry[name]!.signature.summary)") }
            return
        }
        guard let definition = registry[name] else {
            let suggestion = registry.names.min { editDistance($0, name) < editDistance($1, name) }
            printError("error: no command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
            throw ExitCode(1)
        }
        print(CommandReference.help(definition.signature))
    }
}

/// `smol commands --markdown`: the README's command reference.
struct Commands: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the command reference as Markdown (for the README).")

    @Flag(help: "Markdown output (the only format, and the default).") var markdown = false

    func run() throws { print(CommandReference.markdown(), terminator: "") }
}

/// Levenshtein distance, for did-you-mean.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
