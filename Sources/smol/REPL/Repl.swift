import ArgumentParser
import Foundation
import SmolKit
import SmolScript

/// `smol` with no arguments: the interactive notebook.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Interactive REPL (line editing, history, tab completion); reads stdin when it is not a terminal (exit 70 if any statement failed).")

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var engine: RunOptions

    func run() throws {
        let options = SessionOptions(workspace: workspace.workspace, mode: .repl, threads: engine.threads,
                                     noCache: engine.noCache, backend: engine.backend,
                                     limits: engine.limits)
        let session = try Session(options: options)
        defer { session.close() }
        let editor = LineEditor(historyPath: session.workspace.root + "/repl_history")
        session.isCancelled = { LineEditor.interruptPending }
        if editor.interactive {
            print("smol \(smolVersion) — workspace \(workspace.workspace). :help for commands, :quit or Ctrl-D to leave.")
        }
        var loop = ReplLoop(session: session, editor: editor)
        loop.start()
        editor.saveHistory()
        // Piped input is a script without a file: a failure must reach the caller's exit status.
        if !editor.interactive && loop.failures > 0 { throw ExitCode(ExitStatus.runtimeError) }
    }
}

/// Reads, evaluates and prints until end of input; an error on one input leaves the session working.
struct ReplLoop {
    let session: Session
    let editor: LineEditor
    private var pending = ""
    private var inputNumber = 1
    /// Inputs that ended in an error (compile or runtime), or unknown meta commands.
    private(set) var failures = 0

    init(session: Session, editor: LineEditor) {
        self.session = session
        self.editor = editor
    }

    mutating func start() {
        while true {
            LineEditor.completions = completionCandidates()
            let prompt = pending.isEmpty ? "smol> " : "  ... "
            let (line, interrupted) = editor.readLine(prompt: prompt)
            if interrupted {
                if editor.interactive { print("^C") }
                pending = ""
                continue
            }
            guard let line else {
                if editor.interactive { print("") }
                return
            }
            if pending.isEmpty, line.hasPrefix(":") {
                if !meta(line) { return }
                continue
            }
            pending += (pending.isEmpty ? "" : "\n") + line
            if Interpreter.needsMoreInput(pending) { continue }
            evaluate(pending)
            pending = ""
        }
    }

    private mutating func evaluate(_ source: String) {
        LineEditor.clearInterrupt()
        let file = "<repl:\(inputNumber)>"
        inputNumber += 1
        do {
            if let value = try session.run(source, file: file) {
                print(value.description)
            }
        } catch {
            failures += 1
            printError(error.description)
        }
        LineEditor.clearInterrupt()
    }

    /// Handles `:help`, `:quit`…; returns false to leave the REPL.
    private mutating func meta(_ line: String) -> Bool {
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            if words.count > 1 {
                if let signature = session.signature(of: words[1]) {
                    print(CommandReference.help(signature))
                } else {
                    failures += 1
                    printError(DidYouMean.message("error: no command '\(words[1])'", for: words[1],
                                                  among: session.commandNames))
                }
            } else {
                print("Commands (:help NAME for one):")
                for name in session.commandNames {
                    print("  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(session.signature(of: name)!.summary)")
                }
                print("Meta: :help [command], :quit. Blocks may span lines; Ctrl-C cancels the line or the running command.")
            }
        default:
            failures += 1
            printError("error: unknown meta command '\(words.first ?? line)'; try :help or :quit")
        }
        return true
    }

    private func completionCandidates() -> [String] {
        session.commandNames + Interpreter.keywords + session.interpreter.globalNames + [":help", ":quit"]
    }
}
