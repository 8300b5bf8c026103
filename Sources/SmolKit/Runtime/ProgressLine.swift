import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on standard error, redrawn in place; only when standard error is a
/// terminal (never in pipes, logs or tests), and at most a few times a second.
public final class ProgressLine {
    private let enabled: Bool
    private var last = Date.distantPast
    private var shown = false

    public init(enabled: Bool = isatty(STDERR_FILENO) != 0) { self.enabled = enabled }

    /// Shows `text` (throttled to 5 updates a second unless `force`).
    public func update(_ text: String, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(last) >= 0.2 else { return }
        last = now
        shown = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    /// Clears the line.
    public func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
