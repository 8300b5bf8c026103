import ArgumentParser
import Foundation
import SmolKit

/// `smol replay SESSION`: re-run a recorded script from scratch and check it hash for hash.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run a recorded script session with the cache off and compare every command's outputs hash for hash.")

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "Session id (see `smol ledger sessions`).")
    var session: Int64

    @Option(help: "Engine threads for the replay (results must not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Keep the replay's workspace here (default: a temporary folder, removed afterwards).")
    var keep: String?

    @Flag(help: "Show the script's own output during the replay.")
    var verbose = false

    func run() throws {
        let recorded = try openLedger(workspace)
        let scratch = keep ?? NSTemporaryDirectory() + "smol-replay-\(UUID().uuidString)"
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: scratch) } }
        let report: Replay.Report
        do {
            report = try recorded.replay(session: session, into: scratch, threads: threads,
                                    output: { if verbose { print($0) } })
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for comparison in report.comparisons {
            let verdict = comparison.differences.isEmpty ? "same" : comparison.differences.joined(separator: "; ")
            print("\(String(comparison.sequence).padding(toLength: 5, withPad: " ", startingAt: 0))"
                  + "\(comparison.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(verdict)")
        }
        if let failure = report.failure { printError(failure) }
        let differing = report.comparisons.filter { !$0.differences.isEmpty }.count
        print(report.reproduced ? "reproduced: \(report.comparisons.count) commands identical"
              : "NOT reproduced: \(differing) of \(report.comparisons.count) commands differ")
        if !report.reproduced { throw ExitCode(1) }
    }
}
