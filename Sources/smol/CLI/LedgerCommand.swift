import ArgumentParser
import Foundation
import SmolKit

/// `smol ledger …`: read the ledger of a workspace.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect the ledger: sessions, commands, artifacts, one command, lineage, verification.",
        subcommands: [Sessions.self, Commands.self, Artifacts.self, Show.self, Lineage.self, Verify.self, Dump.self])

    struct Sessions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions.")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws {
            print(try openLedger(workspace).sessions(), terminator: "")
        }
    }

    struct Commands: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List commands with their status and parameters.")
        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "Only this session.") var session: Int64?
        func run() throws {
            print(try openLedger(workspace).commands(session: session), terminator: "")
        }
    }

    struct Artifacts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List artifacts (SHA-256, kind, size).")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws {
            print(try openLedger(workspace).artifacts(), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one command: source, parameters, inputs, outputs, metrics.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "Command id (see `smol ledger commands`).") var id: Int64
        func run() throws {
            let ledger = try openLedger(workspace)
            print(try reportingFailure { try ledger.show(command: id) }, terminator: "")
        }
    }

    struct Lineage: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk from an artifact to the commands and inputs that made it.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "Artifact SHA-256 (a unique prefix is enough).") var hash: String
        func run() throws {
            let ledger = try openLedger(workspace)
            print(try reportingFailure { try ledger.lineage(ofArtifactStartingWith: hash) }, terminator: "")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-hash every stored object; list each mismatch or missing object (exit 1 if any), then changed external inputs.")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws {
            let report = try openLedger(workspace).verify()
            print(report.text, terminator: "")
            if !report.storeIsSound { throw ExitCode(1) }
        }
    }
}

extension LedgerCommand {
    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a canonical text dump of the ledger (one JSONL per table, stable order, no timestamps), e.g. into paper/ledger.")
        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "Folder for the dump.") var out: String = "paper/ledger"
        func run() throws {
            for path in try openLedger(workspace).dump(to: out) { print(path) }
        }
    }
}

/// Opens an existing workspace's ledger for reading; a missing one is an error (exit 1), not a new ledger.
func openLedger(_ options: WorkspaceOptions) throws -> LedgerBrowser {
    try reportingFailure { try LedgerBrowser(folder: options.workspace) }
}

/// The result of `body`, or its `LedgerBrowser.Failure` printed to stderr and exit status 1.
func reportingFailure<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as LedgerBrowser.Failure {
        printError(failure.description)
        throw ExitCode(1)
    }
}
