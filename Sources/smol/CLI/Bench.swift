import ArgumentParser
import Foundation
import SmolKernels
import SmolModels

/// `smol bench`: engine throughput on the issue's shapes, against the SGEMM peak of this machine.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training, scoring and generation tokens/s and GFLOP/s against this machine's SGEMM peak.")

    @Option(help: "Engine threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Fewer repetitions and shorter sequences (a smoke run, not a measurement).")
    var quick = false

    @Flag(help: "Print JSON lines instead of a table.")
    var json = false

    @Option(help: "Matrix products: smol or openblas.")
    var backend: MatrixBackend = .smol

    func run() throws {
        let results = EngineBenchmark.run(engine: EngineOptions(threads: threads, backend: backend), quick: quick)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for result in results { print(String(decoding: try encoder.encode(result), as: UTF8.self)) }
            return
        }
        print("benchmark".padding(toLength: 36, withPad: " ", startingAt: 0) + "   tokens/s    ms/iter   GFLOP/s  of peak   peak RSS")
        for r in results {
            let name = r.name.padding(toLength: 36, withPad: " ", startingAt: 0)
            let tps = r.tokensPerSecond > 0 ? String(format: "%10.0f", r.tokensPerSecond) : String(repeating: " ", count: 9) + "-"
            let ms = r.medianMilliseconds > 0 ? String(format: "%10.1f", r.medianMilliseconds) : String(repeating: " ", count: 9) + "-"
            let peak = r.fractionOfPeak > 0 ? String(format: "%7.0f%%", r.fractionOfPeak * 100) : "       -"
            print("\(name) \(tps) \(ms) \(String(format: "%9.1f", r.gflops)) \(peak) \(String(format: "%7.0f MiB", Double(r.peakResidentBytes) / 1_048_576))")
        }
        print("backend \(backend == .smol ? "smol" : openBLASConfig()); threads \(threads); \(quick ? "quick run" : "medians of repeated runs"); FLOPs counted as shared/bench/torch_tiny_llama.py does")
    }
}
