import Foundation
import SmolKernels
import SmolModels

/// Which matrix-product implementation the engine uses: smol's own kernels (deterministic) or OpenBLAS
/// (a cross-check).
public typealias MatrixBackend = SmolKernels.MatrixBackend

/// `smol bench`: engine throughput on the workload shapes against this machine's SGEMM peak, as a table
/// or JSON lines.
public enum EngineBench {
    /// Runs the benchmarks and returns what `smol bench` prints.
    public static func report(threads: Int, quick: Bool, backend: MatrixBackend, json: Bool, only: String? = nil) throws -> String {
        let results = EngineBenchmark.run(engine: EngineOptions(threads: threads, backend: backend), quick: quick, only: only)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try results.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        }
        var lines = ["benchmark".padding(toLength: 36, withPad: " ", startingAt: 0) + "   tokens/s    ms/iter   GFLOP/s  of peak   peak RSS"]
        for r in results {
            let name = r.name.padding(toLength: 36, withPad: " ", startingAt: 0)
            let tps = r.tokensPerSecond > 0 ? String(format: "%10.0f", r.tokensPerSecond) : String(repeating: " ", count: 9) + "-"
            let ms = r.medianMilliseconds > 0 ? String(format: "%10.1f", r.medianMilliseconds) : String(repeating: " ", count: 9) + "-"
            let peak = r.fractionOfPeak > 0 ? String(format: "%7.0f%%", r.fractionOfPeak * 100) : "       -"
            lines.append("\(name) \(tps) \(ms) \(String(format: "%9.1f", r.gflops)) \(peak) \(String(format: "%7.0f MiB", Double(r.peakResidentBytes) / 1_048_576))")
        }
        let backendName = backend == .smol ? "smol" : openBLASConfig()
        lines.append("backend \(backendName); threads \(threads); \(quick ? "quick run" : "medians of repeated runs"); FLOPs counted as scripts/bench/torch_tiny_llama.py does")
        return lines.joined(separator: "\n") + "\n"
    }
}
