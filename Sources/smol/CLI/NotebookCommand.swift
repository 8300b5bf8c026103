import ArgumentParser
import Foundation
import SmolKit

/// `smol notebook FILE.smol`: run a script cell by cell and write it as a notebook (Markdown and .ipynb).
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run a script cell by cell (cells end at blank lines) and write FILE.md and FILE.ipynb: code, what it printed, its tables and figures, and the hashes of what it made.")

    @Argument(help: "The script to run.")
    var file: String

    @Option(help: "Folder for the notebook files (default: notebooks/).")
    var out: String = "notebooks"

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var engine: RunOptions
    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        let source = try readScript(file)
        let scriptURL = URL(fileURLWithPath: file).standardizedFileURL
        var options = SessionOptions(
            workspace: workspace.workspace, baseDirectory: scriptURL.deletingLastPathComponent().path,
            mode: .script, scriptPath: scriptURL.path, threads: engine.threads, noCache: engine.noCache,
            backend: engine.backend, limits: engine.limits)
        for (name, value) in try definitions.parsed() { try options.define(name, value) }
        let session = try Session(options: options)
        defer { session.close() }
        let notebook = Notebook(running: source, scriptPath: file, in: session)
        for path in try notebook.write(to: out) { print(path) }
        if !notebook.succeeded {
            printError("\(file): the run stopped at an error; the notebook shows it in the cell that failed")
            throw ExitCode(ExitStatus.runtimeError)
        }
    }
}
