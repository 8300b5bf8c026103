import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One progress report of a long-running command: a training step, a translated segment.
public struct ProgressUpdate: Sendable, Equatable {
    /// The command, e.g. "train.sft".
    public var command: String
    /// What is counted ("step", "segment") and how many of them are done, of the total.
    public var unit: String
    public var step: Int
    public var total: Int
    /// The training loss at this step, when there is one.
    public var loss: Double?
    /// Real (non-padding) tokens per second over the recent steps.
    public var tokensPerSecond: Double
    /// Estimated seconds until the last step.
    public var secondsLeft: Double
    /// Anything else worth a glance ("12 resumed").
    public var note: String?

    public init(command: String, unit: String = "step", step: Int, total: Int, loss: Double? = nil, tokensPerSecond: Double,
                secondsLeft: Double, note: String? = nil) {
        self.command = command
        self.unit = unit
        self.step = step
        self.total = total
        self.loss = loss
        self.tokensPerSecond = tokensPerSecond
        self.secondsLeft = secondsLeft
        self.note = note
    }

    /// `train.sft step 12/40 loss 2.3456 1234 tok/s 0:35 left`
    public var text: String {
        let left = Int(secondsLeft.isFinite ? max(0, secondsLeft.rounded()) : 0)
        let time = left >= 3600 ? String(format: "%d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
            : String(format: "%d:%02d", left / 60, left % 60)
        var parts = ["\(command) \(unit) \(step)/\(total)"]
        if let loss { parts.append("loss \(String(format: "%.4f", loss))") }
        parts.append("\(String(format: "%.0f", tokensPerSecond)) tok/s")
        if let note { parts.append(note) }
        parts.append("\(time) left")
        return parts.joined(separator: " ")
    }
}

/// Shows progress on standard error, never in the ledger: in a terminal one line redrawn in place
/// (and ended with a newline at the last step); otherwise a plain line every `every` steps (by default
/// about ten lines per run) and at the last step.
public final class ProgressLine: @unchecked Sendable {
    let isTerminal: Bool
    let every: Int?
    let write: (String) -> Void
    private let lock = NSLock()

    public init(isTerminal: Bool = isatty(2) != 0, every: Int? = nil,
                write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.every = every
        self.write = write
    }

    public func show(_ update: ProgressUpdate) {
        lock.lock()
        defer { lock.unlock() }
        let last = update.step >= update.total
        if isTerminal {
            write("\r\u{1B}[2K" + update.text + (last ? "\n" : ""))
            return
        }
        let n = every ?? max(1, update.total / 10)
        if last || update.step % n == 0 { write(update.text + "\n") }
    }
}
