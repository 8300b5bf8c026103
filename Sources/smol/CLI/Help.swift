import ArgumentParser
import SmolKit
import SmolScript

/// `smol help [name…]`: a CLI subcommand's help (`smol help run`, `smol help ledger verify`), a
/// SmolScript command's declaration (`smol help data.load`), or the list of SmolScript commands.
struct Help: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a subcommand's help (smol help run), a SmolScript command's declaration (smol help data.load), a script's parameters (smol help FILE.smol), or list all commands.")

    @Argument(help: "A subcommand such as run or ledger verify, or a SmolScript command such as data.load.")
    var names: [String] = []

    func run() throws {
        let registry = CommandRegistry.standard
        guard let name = names.first else {
            for name in registry.names { print("\(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(registry[name]!.signature.summary)") }
            print("\nSubcommands of smol (smol help NAME): \(Help.subcommands(of: Smol.self).map(\.key).joined(separator: ", "))")
            return
        }
        if names.count == 1, name.hasSuffix(".smol") {
            let parameters = ScriptParameter.declared(in: try readScript(name))
            print(parameters.isEmpty ? "\(name) declares no parameters" : "\(name) parameters (override with smol run \(name) --set NAME=VALUE):")
            for parameter in parameters { print("  \(parameter)") }
            return
        }
        if let subcommand = Help.subcommand(at: names) {
            print(Smol.helpMessage(for: subcommand), terminator: "")
            return
        }
        guard names.count == 1, let definition = registry[name] else {
            let candidates = registry.names + Help.subcommands(of: Smol.self).map(\.key)
            printError(DidYouMean.message("error: no subcommand or command '\(names.joined(separator: " "))'", for: names.last!,
                                          among: names.count == 1 ? candidates : Help.subcommandNames(under: names.dropLast())))
            throw ExitCode(1)
        }
        print(CommandReference.help(definition.signature))
    }

    /// The subcommands of a command, by name.
    static func subcommands(of command: ParsableCommand.Type) -> [(key: String, value: ParsableCommand.Type)] {
        command.configuration.subcommands.map { ($0._commandName, $0) }
    }

    /// The subcommand a path of names leads to (`["ledger", "verify"]`), or nil.
    static func subcommand(at path: [String]) -> ParsableCommand.Type? {
        var current: ParsableCommand.Type = Smol.self
        for name in path {
            guard let next = subcommands(of: current).first(where: { $0.key == name })?.value else { return nil }
            current = next
        }
        return current
    }

    /// The names under a path of subcommands, for did-you-mean.
    static func subcommandNames(under path: ArraySlice<String>) -> [String] {
        subcommand(at: Array(path)).map { subcommands(of: $0).map(\.key) } ?? []
    }
}

/// `smol commands --markdown`: the README's command reference.
struct Commands: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the command reference as Markdown (for the README).")

    @Flag(help: "Markdown output (the only format, and the default).") var markdown = false

    func run() throws { print(CommandReference.markdown(), terminator: "") }
}
