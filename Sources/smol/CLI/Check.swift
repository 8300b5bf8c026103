import ArgumentParser
import Foundation
import SmolKit
import SmolScript

/// `smol check FILE.smol`: scan, parse and resolve without running anything. Takes the same options as
/// `smol run`, so limits and `--set` globals are the ones the run would see.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a script (scan, parse, resolve) without running it; exit 65 on a compile error. Takes run's options.")

    @Argument(help: "The script to check.")
    var file: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var engine: RunOptions
    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        let source = try readScript(file)
        let interpreter = Interpreter(host: RegistryHost(registry: .standard), limits: engine.limits)
        for (name, value) in try definitions.parsed() { interpreter.define(name, value) }
        let diagnostics = interpreter.check(source, file: file)
        for diagnostic in diagnostics { printError(diagnostic.description) }
        if !diagnostics.isEmpty { throw ExitCode(ExitStatus.compileError) }
        print("\(file): ok")
        let parameters = ScriptParameter.declared(in: source)
        if !parameters.isEmpty {
            print("parameters (override with --set NAME=VALUE):")
            for parameter in parameters { print("  \(parameter)") }
        }
    }
}
