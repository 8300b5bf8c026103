import SmolKernels

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
///    `backend`; attention's per-(sequence, head) products always use smol's kernels, so OpenBLAS is
///    only ever called from the thread that runs the tape.
/// Element counts below this run row-parallel ops on one thread (measured on decode: a wake-up
/// costs more than normalising or gating a few rows).
let parallelElementLimit = 1 << 15

public final class Tape {
    /// Worker threads each op may use.
    public let threads: Int
    /// Whether ops record backward steps.
    public let isRecording: Bool
    /// Which implementation runs the large matrix products (`.smol`: bit-identical for any thread count).
    public let backend: MatrixBackend
    private var steps: [() -> Void] = []

    /// A tape whose ops use `threads` workers; `recording: false` for inference; `backend: .openblas`
    /// runs the large products through OpenBLAS (cross-checks and speed comparisons only).
    public init(threads: Int = 1, recording: Bool = true, backend: MatrixBackend = .smol) {
        self.threads = max(1, threads)
        self.isRecording = recording
        self.backend = backend
    }

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
