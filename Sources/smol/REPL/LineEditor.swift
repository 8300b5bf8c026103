import CEditLine
import Foundation
import Synchronization

/// Set by the SIGINT handler, consumed by the REPL (drop the line) and polled by the interpreter (cancel the
/// command). A lock-free atomic, so the handler may touch it; one instance in the whole program.
private let interruptFlag = Atomic<Int>(0)

/// The SIGINT handler: only records that Ctrl-C was pressed (async-signal-safe).
private func onInterrupt(_ signal: Int32) {
    interruptFlag.store(1, ordering: .relaxed)
}

/// Reads input lines: libedit with history and tab completion on a terminal, plain stdin otherwise.
final class LineEditor {
    let interactive: Bool
    private let historyPath: String

    /// Candidates for tab completion, refreshed by the REPL before each prompt.
    nonisolated(unsafe) static var completions: [String] = []

    init(historyPath: String) {
        self.historyPath = historyPath
        interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
        if interactive {
            using_history()
            stifle_history(1000)
            _ = read_history(historyPath)
            smol_set_completion(completionEntry)
        } else {
            smol_line_buffer_stdout()
        }
        interruptFlag.store(0, ordering: .relaxed)   // initialise the global before the handler can run
        smol_install_sigint(onInterrupt)
    }

    /// One line, or nil at end of input (Ctrl-D). Ctrl-C at the prompt returns "" and sets `interrupted`.
    func readLine(prompt: String) -> (line: String?, interrupted: Bool) {
        guard interactive else {
            if let line = Swift.readLine(strippingNewline: true) { return (line, false) }
            return (nil, LineEditor.takeInterrupt())
        }
        guard let text = readline(prompt) else {
            if LineEditor.takeInterrupt() { return ("", true) }
            return (nil, false)
        }
        defer { free(text) }
        if LineEditor.takeInterrupt() { return ("", true) }
        let line = String(cString: text)
        if !line.allSatisfy(\.isWhitespace) { add_history(text) }
        return (line, false)
    }

    /// Saves the history to the workspace (kept to the last 1000 entries).
    func saveHistory() {
        guard interactive else { return }
        _ = write_history(historyPath)
        _ = history_truncate_file(historyPath, 1000)
    }

    /// True while Ctrl-C has been pressed and not yet consumed (polled by running commands).
    static var interruptPending: Bool { interruptFlag.load(ordering: .relaxed) != 0 }

    /// Clears a pending Ctrl-C.
    static func clearInterrupt() { _ = takeInterrupt() }

    /// Whether Ctrl-C was pressed since the last call; clears it.
    private static func takeInterrupt() -> Bool { interruptFlag.exchange(0, ordering: .relaxed) != 0 }
}

/// libedit's completion callback: returns the `state`-th candidate starting with `text`, malloc'ed.
private func completionEntry(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    guard let text else { return nil }
    let prefix = String(cString: text)
    let matches = LineEditor.completions.filter { $0.hasPrefix(prefix) }
    guard Int(state) < matches.count else { return nil }
    return strdup(matches[Int(state)])
}
