import CEditLine
import Foundation

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
        smol_install_sigint()
    }

    /// One line, or nil at end of input (Ctrl-D). Ctrl-C at the prompt returns "" and sets `interrupted`.
    func readLine(prompt: String) -> (line: String?, interrupted: Bool) {
        guard interactive else {
            if let line = Swift.readLine(strippingNewline: true) { return (line, false) }
            return (nil, smol_take_sigint() != 0)
        }
        guard let text = readline(prompt) else {
            if smol_take_sigint() != 0 { return ("", true) }
            return (nil, false)
        }
        defer { free(text) }
        if smol_take_sigint() != 0 { return ("", true) }
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
    static var interruptPending: Bool { smol_peek_sigint() != 0 }

    /// Clears a pending Ctrl-C.
    static func clearInterrupt() { _ = smol_take_sigint() }
}

/// libedit's completion callback: returns the `state`-th candidate starting with `text`, malloc'ed.
private func completionEntry(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    guard let text else { return nil }
    let prefix = String(cString: text)
    let matches = LineEditor.completions.filter { $0.hasPrefix(prefix) }
    guard Int(state) < matches.count else { return nil }
    return strdup(matches[Int(state)])
}
