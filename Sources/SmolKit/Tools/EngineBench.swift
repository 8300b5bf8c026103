import Foundation
import SmolKernels
import SmolModels

/// Which matrix-product implementation the engine uses: smol's own kernels (deterministic) or OpenBLAS
/// (a cross-check).
public typealias MatrixBackend = SmolKernels.MatrixBackend

/// `smol bench`: engine throughput on the workload shapes against this machine's SGEMM peak, as a table
/// or JSON lines.
public enum EngineBench {
    /// Runs the benchmarks (`decode`: only greedy decoding per weight precision, of the model at `model`
    /// when given; `only`: the rows whose name starts with it) and returns what `smol bench` prints.
    public static func report(threads: Int, quick: Bool, backend: MatrixBackend, json: Bool, decode: Bool = false,
                              model: String? = nil, only: String? = nil) throws -> String {
        let engine = EngineOptions(threads: threads, backend: backend)
        let results: [BenchmarkResult]
        var copies = ""
        if decode {
            let loaded = try model.map { try LanguageModel.load(path: $0) }
            let run = EngineBenchmark.runDecode(engine: engine, quick: quick, model: loaded)
            results = run.rows
            copies = "; quantised copies " + run.copyBytes.map { "\($0.precision) \(String(format: "%.0f", Double($0.bytes) / 1_048_576)) MiB" }
                .joined(separator: ", ")
        } else {
            results = EngineBenchmark.run(engine: engine, quick: quick, only: only)
        }
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
        lines.append("backend \(backendName); threads \(threads); \(quick ? "quick run" : "medians of repeated runs")"
                     + (decode ? copies : "; FLOPs counted as scripts/bench/torch_tiny_llama.py does"))
        return lines.joined(separator: "\n") + "\n"
    }
}
