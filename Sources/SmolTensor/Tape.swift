import SmolKernels

/// Element counts below this run row-parallel ops on one thread (measured on decode: a wake-up
/// costs more than normalising or gating a few rows).
let parallelElementLimit = 1 << 15

/// The autograd tape: every op run through it records a backward step; `backward(from:)` replays them
/// in reverse, each step adding its inputs' gradients (micrograd style, one gradient rule per op).
///
/// Invariants:
/// 1. Steps run in exact reverse recording order, on the calling thread; a step may fan out to
///    `threads` workers internally but never reduces across workers, so gradients are bit-identical
///    for any thread count.
/// 2. Gradients accumulate (+=): a tensor used twice (tied embeddings, residuals) sums both uses.
/// 3. When `isRecording` is false nothing is kept, so inference holds no activations.
/// 4. Only the large products (linear layers, batched matmul, forward and backward) go through
///    `engine.backend`; attention's per-(sequence, head) products always use smol's kernels, so OpenBLAS is
///    only ever called from the thread that runs the tape.
public final class Tape {
    /// Worker threads and matrix backend of every op on this tape.
    public let engine: EngineOptions
    /// Whether ops record backward steps.
    public let isRecording: Bool
    private var steps: [() -> Void] = []

    /// A tape whose ops run with `engine` (threads, and `.openblas` to run the large products through
    /// OpenBLAS: cross-checks and speed comparisons only); `recording: false` for inference.
    public init(engine: EngineOptions = EngineOptions(), recording: Bool = true) {
        self.engine = engine
        self.isRecording = recording
    }

    /// Worker threads each op may use (`engine.threads`).
    var threads: Int { engine.threads }

    /// Workers for a pass over `elements` floats that needs no reduction across rows: one below
    /// `parallelElementLimit` (waking a worker costs more than the pass: decode-time norms and
    /// gates), `threads` above. Results do not depend on it (each row is one work item).
    func threads(forElements elements: Int) -> Int { elements < parallelElementLimit ? 1 : threads }

    /// Number of recorded backward steps.
    public var stepCount: Int { steps.count }

    /// Whether an op with these inputs must record a backward step.
    func needsGrad(_ inputs: Tensor?...) -> Bool {
        isRecording && inputs.contains { $0?.requiresGrad == true }
    }

    /// Makes an op output; it requires a gradient when any input does and the tape records.
    func output(_ shape: [Int], _ inputs: Tensor?...) -> Tensor {
        Tensor(zeros: shape, requiresGrad: isRecording && inputs.contains { $0?.requiresGrad == true })
    }

    /// Makes an op output whose values start uninitialised: the op must write every element.
    func uninitializedOutput(_ shape: [Int], _ inputs: Tensor?...) -> Tensor {
        Tensor(uninitialized: shape, requiresGrad: isRecording && inputs.contains { $0?.requiresGrad == true })
    }

    /// Records `step`, run during backward only when `output` received a gradient.
    func record(_ output: Tensor, _ step: @escaping (_ outputGrad: UnsafeMutablePointer<Float>) -> Void) {
        guard output.requiresGrad else { return }
        steps.append {
            if let g = output.grad { step(g) }
        }
    }

    /// Seeds `d loss / d loss = seed` (1 by default) and runs every recorded step in reverse.
    /// The tape is emptied afterwards; call `backward` once per forward.
    public func backward(from loss: Tensor, seed: Float = 1) {
        precondition(loss.count == 1, "backward needs a scalar loss, got shape \(loss.shape)")
        guard loss.requiresGrad else { steps.removeAll(); return }
        loss.gradPointer()[0] += seed
        // Keep every intermediate alive until its step ran.
        for step in steps.reversed() { step() }
        steps.removeAll()
    }
}
