import ArgumentParser
import Foundation
import SmolLedger

/// `smol ledger …`: read the ledger of a workspace.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect the ledger: sessions, commands, artifacts, one command, lineage, verification.",
        subcommands: [Sessions.self, Commands.self, Artifacts.self, Show.self, Lineage.self, Verify.self])

    struct Sessions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions.")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws {
            let ledger = try openWorkspace(workspace).ledger
            print(LedgerPrinter.sessions(try ledger.sessions()), terminator: "")
        }
    }

    struct Commands: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List commands with their status and parameters.")
        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "Only this session.") var session: Int64?
        func run() throws {
            let ledger = try openWorkspace(workspace).ledger
            print(LedgerPrinter.commands(try ledger.commands(session: session)), terminator: "")
        }
    }

    struct Artifacts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List artifacts (SHA-256, kind, size).")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws {
            let ledger = try openWorkspace(workspace).ledger
            print(LedgerPrinter.artifacts(try ledger.artifacts()), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one command: source, parameters, inputs, outputs, metrics.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "Command id (see `smol ledger commands`).") var id: Int64
        func run() throws {
            let ledger = try openWorkspace(workspace).ledger
            guard let command = try ledger.command(id: id) else {
                printError("error: no command \(id) in this ledger; list them with `smol ledger commands`")
                throw ExitCode(1)
            }
            print(LedgerPrinter.show(command: command, edges: try ledger.edges(command: id), metrics: try ledger.metrics(command: id)),
                  terminator: "")
        }
    }

    struct Lineage: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk from an artifact to the commands and inputs that made it.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "Artifact SHA-256 (a unique prefix is enough).") var hash: String
        func run() throws {
            let ledger = try openWorkspace(workspace).ledger
            let matches = try ledger.artifacts().filter { $0.sha256.hasPrefix(hash.lowercased()) }
            guard matches.count == 1 else {
                printError(matches.isEmpty ? "error: no artifact starts with \(hash); list them with `smol ledger artifacts`"
                           : "error: \(matches.count) artifacts start with \(hash); give more digits")
                throw ExitCode(1)
            }
            print(LedgerPrinter.lineage(try ledger.lineage(of: matches[0].sha256)), terminator: "")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-hash every stored object; list each mismatch or missing object (exit 1 if any), then changed external inputs.")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws {
            let report = try openWorkspace(workspace).verify()
            print(LedgerPrinter.verify(report), terminator: "")
            if !report.storeIsSound { throw ExitCode(1) }
        }
    }
}

/// Opens an existing workspace for reading; a missing one is an error, not a new empty ledger.
func openWorkspace(_ options: WorkspaceOptions) throws -> Workspace {
    guard FileManager.default.fileExists(atPath: options.workspace + "/ledger.sqlite") else {
        printError("\(options.workspace): error: no ledger here; run a script first or pass --workspace DIR")
        throw ExitCode(1)
    }
    return try Workspace(root: options.workspace)
}
