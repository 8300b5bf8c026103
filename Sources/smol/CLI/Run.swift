import ArgumentParser
import CEditLine
import Foundation
import SmolKit
import SmolScript

/// `smol run FILE.smol`: runs a script headlessly.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a .smol script (exit 0 ok, 65 compile error: nothing ran, 70 runtime error: earlier commands are in the ledger).")

    @Argument(help: "The script to run.")
    var file: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var engine: RunOptions

    @OptionGroup var definitions: DefinitionOptions

    /// Runs everything (compile, run, and freeing the session's values) on a big-stack thread, so deep
    /// nesting ends in a diagnostic, never a stack overflow.
    func run() throws {
        let outcome = BigStack.run { Result { try runScript() } }
        try outcome.get()
    }

    private func runScript() throws {
        smol_line_buffer_stdout()   // keep printed lines in order with diagnostics on stderr
        let source = try readScript(file)
        let scriptURL = URL(fileURLWithPath: file).standardizedFileURL
        let session = try openSession(scriptURL: scriptURL, definitions: try definitions.parsed())
        defer { session.close() }
        do {
            try session.run(source, file: file)
        } catch {
            printError(error.description)
            switch error {
            case .compile: throw ExitCode(ExitStatus.compileError)
            case .runtime: throw ExitCode(ExitStatus.runtimeError)
            }
        }
    }

    private func openSession(scriptURL: URL, definitions: [(name: String, value: Value)]) throws -> Session {
        var options = SessionOptions(
            workspace: workspace.workspace, baseDirectory: scriptURL.deletingLastPathComponent().path,
            mode: .script, scriptPath: scriptURL.path, threads: engine.threads, noCache: engine.noCache,
            backend: engine.backend, limits: engine.limits)
        for (name, value) in definitions { try options.define(name, value) }
        do {
            return try Session(options: options)
        } catch {
            printError("\(workspace.workspace): error: cannot open the workspace (\(error))")
            throw ExitCode(73)
        }
    }
}

/// `--set NAME=VALUE`, shared by `smol run` and `smol check` (so a script that reads a global given on
/// the command line checks as it runs).
struct DefinitionOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: "Define a global before the script runs: NAME=VALUE, the value in SmolScript syntax (3e-4, true, nil, \"text\", [1, 2], [lr: 0.1]; other plain text is a string).")
    var definitions: [String] = []

    /// The definitions, in order; exits 64 with a message naming the bad one.
    func parsed() throws -> [(name: String, value: Value)] {
        var result: [(name: String, value: Value)] = []
        for definition in definitions {
            guard let equals = definition.firstIndex(of: "="), equals != definition.startIndex else {
                printError("--set \(definition): error: expected NAME=VALUE, e.g. --set lr=3e-4")
                throw ExitCode(64)
            }
            let name = String(definition[..<equals])
            if let problem = Value.commandLineNameError(name, commandNames: CommandRegistry.standard.names) {
                printError("--set \(definition): error: \(problem)")
                throw ExitCode(64)
            }
            if result.contains(where: { $0.name == name }) {
                printError("--set \(definition): error: '\(name)' is set twice; give it once")
                throw ExitCode(64)
            }
            do {
                result.append((name, try Value.commandLine(String(definition[definition.index(after: equals)...]))))
            } catch {
                printError("--set \(definition): error: \(error)")
                throw ExitCode(64)
            }
        }
        return result
    }
}
