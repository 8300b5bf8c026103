/// Errors raised while preparing data for, running or resuming a training run.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss or a gradient stopped being a finite number; `parameter` is the first parameter (in
    /// parameter order) whose gradient holds a NaN or an infinity, nil when only the loss did.
    case nonFinite(step: Int, parameter: String?, loss: Double)
    /// The user asked to stop; a checkpoint of the last finished step was written to `checkpoint`
    /// (nil when checkpoints are off).
    case cancelled(step: Int, checkpoint: String?)
    /// The data give nothing to train on, or settings that cannot work together.
    case invalid(String)
    /// A checkpoint that cannot be read, or that belongs to another run.
    case checkpoint(path: String, String)

    public var description: String {
        switch self {
        case let .nonFinite(step, parameter, loss):
            let lossText = loss.isFinite ? "the loss was \(loss) but " : "the loss is \(loss); "
            if let parameter {
                return "step \(step): \(lossText)the gradient of '\(parameter)' (the first parameter affected) holds a NaN or an infinity; training stopped and nothing was written after step \(step - 1). Lower lr, clip gradients (max_grad_norm:) or check the data"
            }
            return "step \(step): the loss is \(loss); training stopped and nothing was written after step \(step - 1). Lower lr or check the data"
        case let .cancelled(step, checkpoint):
            if let checkpoint {
                return "cancelled after step \(step); checkpoint \(checkpoint) holds it: run the same command again (or train.resume(\"\(checkpoint)\")) to continue"
            }
            return "cancelled after step \(step)"
        case .invalid(let message):
            return message
        case let .checkpoint(path, message):
            return "checkpoint \(path): \(message)"
        }
    }
}
