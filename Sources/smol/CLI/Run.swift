import ArgumentParser
import CEditLine
import Foundation
import SmolCore
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

    @Option(name: .customLong("set"), help: "Define a global before the script runs: NAME=VALUE (a number, true/false, or a string).")
    var definitions: [String] = []

    /// Runs everything (compile, run, and freeing the session's values) on a big-stack thread, so deep
    /// nesting ends in a diagnostic, never a stack overflow.
    func run() throws {
        let outcome = BigStack.run { Result { try runScript() } }
        try outcome.get()
    }

    private func runScript() throws {
        smol_line_buffer_stdout()   // keep printed lines in order with diagnostics on stderr
        let source: String
        do {
            source = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            printError("\(file): error: cannot read the script (\(error.localizedDescription))")
            throw ExitCode(66)
        }
        let scriptURL = URL(fileURLWithPath: file).standardizedFileURL
        var globals: [(name: String, value: JSONValue)] = []
        for definition in definitions {
            guard let equals = definition.firstIndex(of: "="), equals != definition.startIndex else {
                printError("--set \(definition): error: expected NAME=VALUE, e.g. --set lr=3e-4")
                throw ExitCode(64)
            }
            let value = Value(commandLine: String(definition[definition.index(after: equals)...]))
            globals.append((String(definition[..<equals]), try ValueJSON.parameter(value)))
        }
        let session = try openSession(scriptURL: scriptURL, definitions: globals)
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

    private func openSession(scriptURL: URL, definitions: [(name: String, value: JSONValue)]) throws -> Session {
        var options = SessionOptions(
            workspace: workspace.workspace, baseDirectory: scriptURL.deletingLastPathComponent().path,
            mode: .script, scriptPath: scriptURL.path, threads: engine.threads, noCache: engine.noCache,
            backend: engine.backend, limits: engine.limits)
        options.definitions = definitions
        do {
            return try Session(options: options)
        } catch {
            printError("\(workspace.workspace): error: cannot open the workspace (\(error))")
            throw ExitCode(73)
        }
    }
}
