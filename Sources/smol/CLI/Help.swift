import ArgumentParser
import SmolKit
import SmolScript

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
            printError(DidYouMean.message("error: no command '\(name)'", for: name, among: registry.names))
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
