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

    @Flag(help: "Only greedy decoding (batches 1, 8, 17) per weight precision (f32, Q8_0, Q8_0 with int8 activations, Q4_1; native with --model), medians of 3 interleaved runs.")
    var decode = false

    @Option(help: "With --decode: decode this model (a .gguf file or a Hugging Face folder) instead of random SmolLM2-shape weights.")
    var model: String?

    func validate() throws {
        if model != nil && !decode { throw ValidationError("--model needs --decode (only the decoding rows run on a given model)") }
    }

    func run() throws {
        print(try EngineBench.report(threads: threads, quick: quick, backend: backend, json: json, decode: decode,
                                     model: model, only: only), terminator: "")
    }
}
