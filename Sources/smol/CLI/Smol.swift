import ArgumentParser
import Foundation
import SmolKit
import SmolScript

/// `smol`: a notebook-style lab for small language models.
@main
struct Smol: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smol",
        abstract: "A notebook-style lab for small language models: a REPL, .smol scripts and a ledger of every run.",
        version: smolVersion,
        subcommands: [Repl.self, Run.self, Check.self, NotebookCommand.self, LedgerCommand.self, Report.self, Help.self, Commands.self, ReplayCommand.self,
                      Bench.self],
        defaultSubcommand: Repl.self)
}

/// Options shared by the commands that open a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "Workspace folder holding ledger.sqlite and objects/.")
    var workspace: String = "artifacts"
}

/// Options for the commands that run SmolScript.
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: "Engine threads (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Recompute every command instead of answering from the ledger.")
    var noCache = false

    @Option(name: .long, help: "Matrix products: smol (own kernels, deterministic) or openblas (a cross-check).")
    var backend: MatrixBackend = .smol

    @Option(name: .long, help: "Interpreter step budget (statements and expressions evaluated).")
    var maxSteps: Int = Limits().maxSteps

    @Option(name: .long, help: "Maximum depth of nested function calls.")
    var maxCallDepth: Int = Limits().maxCallDepth

    @Option(name: .long, help: "Maximum nesting of brackets in source and of lists in values.")
    var maxNesting: Int = Limits().maxNesting

    @Option(name: .long, help: "Maximum number of elements in one list or record.")
    var maxCollectionCount: Int = Limits().maxCollectionCount

    @Option(name: .long, help: "Maximum length of one string, in bytes.")
    var maxStringLength: Int = Limits().maxStringLength

    /// The interpreter limits these options set.
    var limits: Limits {
        Limits(maxSteps: maxSteps, maxCallDepth: maxCallDepth, maxNesting: maxNesting,
               maxCollectionCount: maxCollectionCount, maxStringLength: maxStringLength)
    }
}

/// Exit codes of `smol run`, as the README documents them.
enum ExitStatus {
    static let compileError: Int32 = 65
    /// The script file could not be read or is not UTF-8 (sysexits' EX_NOINPUT).
    static let unreadableInput: Int32 = 66
    static let runtimeError: Int32 = 70
}

/// The text of a script named on the command line; an unreadable or non-UTF-8 file is reported (with
/// its location) and ends the command with `ExitStatus.unreadableInput`.
func readScript(_ file: String) throws -> String {
    do {
        return try ScriptSource.read(file)
    } catch {
        printError(error.description)
        throw ExitCode(ExitStatus.unreadableInput)
    }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension MatrixBackend: ExpressibleByArgument {}
