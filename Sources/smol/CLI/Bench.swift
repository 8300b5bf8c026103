import ArgumentParser
import Foundation
import SmolKit

/// `smol bench`: engine throughput on the shapes, against the SGEMM peak of this machine.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training, scoring and generation tokens/s and GFLOP/s against this machine's SGEMM peak.")

    @Option(help: "Engine threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Fewer repetitions and shorter sequences (a smoke run, not a measurement).")
    var quick = false

    @Flag(help: "Print JSON lines instead of a table.")
    var json = false

    @Option(help: "Run only the measurements whose name starts with this (e.g. \"tiny train\").")
    var only: String?

    @Option(help: "Matrix products: smol or openblas.")
    var backend: MatrixBackend = .smol

    func run() throws {
        print(try EngineBench.report(threads: threads, quick: quick, backend: backend, json: json, only: only), terminator: "")
    }
}
