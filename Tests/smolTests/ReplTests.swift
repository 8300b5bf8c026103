import Foundation
import Testing

/// Drives `smol` inside a real pseudo-terminal (util-linux `script`), typing as a user would.
final class Terminal {
    private let process = Process()
    private let input = Pipe()
    private let output: Collector
    private let outputPipe = Pipe()

    init(_ build: SmolBuild, workspace: String, in directory: String) throws {
        let executable = try build.executable()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        // `script` runs the command through $SHELL; `exec` makes smol the pty's only process whatever that
        // shell is (dash, unlike bash, stays as the parent and dies of the Ctrl-C meant for smol).
        process.arguments = ["-qfec", "exec \(executable) --workspace \(workspace) --threads 1", "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = outputPipe
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "dumb"
        environment["SHELL"] = "/bin/sh"
        process.environment = environment
        output = Collector(outputPipe.fileHandleForReading)
        try process.run()
    }

    /// Types text (use "\r" for Enter, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D).
    func type(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits until the screen shows `text` (at least `count` times); false after `timeout` seconds.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.components(separatedBy: text).count - 1 >= count { return true }
            usleep(20_000)
        }
        return false
    }

    var screen: String { output.snapshot() }

    /// Ends the session with Ctrl-D at an idle prompt and returns the exit status (-1 if it would not end).
    ///
    /// A key typed while a command still runs reaches the terminal in cooked mode, where Ctrl-D is not a
    /// character libedit will see; a user presses it at the prompt, so the test waits for one.
    /// The prompt and the exit each get their own `timeout`, so a slow (loaded) machine does not spend the
    /// whole budget waiting for the prompt and then report a session that would not end.
    func finish(timeout: Double = 60) -> Int32 {
        let promptDeadline = Date().addingTimeInterval(timeout)
        while !screen.hasSuffix("smol> ") && Date() < promptDeadline { usleep(20_000) }
        // Ctrl-D again every 5 s, as a user would: on a loaded machine one typed while libedit switches the
        // terminal's mode after a cancelled command was once lost (the session then sat at its prompt).
        let exitDeadline = Date().addingTimeInterval(timeout)
        var nextPress = Date()
        while process.isRunning && Date() < exitDeadline {
            if Date() >= nextPress { type("\u{04}"); nextPress = Date().addingTimeInterval(5) }
            usleep(20_000)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }
}

/// Each pty test runs against the debug build beside the tests and the release build users run (a
/// release-only Ctrl-C bug was once invisible to the debug build).
@Suite(.serialized) struct ReplTests {
    @Test(arguments: SmolBuild.tested) func anErrorOnOneLineLeavesLaterLinesWorking(_ build: SmolBuild) throws {
        let dir = temporaryDirectory()
        let terminal = try Terminal(build, workspace: "ws", in: dir)
        #expect(terminal.waitFor("smol>"))
        terminal.type("print(undefinedThing)\r")
        #expect(terminal.waitFor("error:"))
        terminal.type("let greeting = \"hi\"\r")
        terminal.type("print(greeting + \" there\")\r")
        #expect(terminal.waitFor("hi there"), "\(terminal.screen)")
        #expect(terminal.finish() == 0, "\(terminal.screen)")
    }

    @Test(arguments: SmolBuild.tested) func blocksSpanSeveralLines(_ build: SmolBuild) throws {
        let dir = temporaryDirectory()
        let terminal = try Terminal(build, workspace: "ws", in: dir)
        #expect(terminal.waitFor("smol>"))
        terminal.type("for i in [1, 2] {\r")
        #expect(terminal.waitFor("..."))
        terminal.type("print(i * 100)\r}\r")
        #expect(terminal.waitFor("200"), "\(terminal.screen)")
        #expect(terminal.finish() == 0, "\(terminal.screen)")
    }

    @Test(arguments: SmolBuild.tested) func historyPersistsAcrossSessions(_ build: SmolBuild) throws {
        let dir = temporaryDirectory()
        let first = try Terminal(build, workspace: "ws", in: dir)
        #expect(first.waitFor("smol>"))
        first.type("print(4242 + 1)\r")
        #expect(first.waitFor("4243"))
        #expect(first.finish() == 0, "\(first.screen)")

        let second = try Terminal(build, workspace: "ws", in: dir)
        #expect(second.waitFor("smol>"))
        second.type("\u{1b}[A\r")   // Up, Enter: recall and run the previous session's line
        #expect(second.waitFor("4243"), "\(second.screen)")
        #expect(second.finish() == 0, "\(second.screen)")
    }

    @Test(arguments: SmolBuild.tested) func ctrlCCancelsARunningCommandAndKeepsTheSession(_ build: SmolBuild) throws {
        let dir = temporaryDirectory()
        let terminal = try Terminal(build, workspace: "ws", in: dir)
        #expect(terminal.waitFor("smol>"))
        terminal.type("var n = 0\r")
        terminal.type("print(\"looping\"); while true { n = n + 1 }\r")
        #expect(terminal.waitFor("looping", count: 2))   // the echoed input, then the output
        usleep(300_000)
        terminal.type("\u{03}")
        #expect(terminal.waitFor("cancelled"), "\(terminal.screen)")
        terminal.type("print(n > 0)\r")
        #expect(terminal.waitFor("true"), "\(terminal.screen)")
        #expect(terminal.finish() == 0, "\(terminal.screen)")
    }

    @Test(arguments: SmolBuild.tested) func ctrlCAtThePromptDropsTheLine(_ build: SmolBuild) throws {
        let dir = temporaryDirectory()
        let terminal = try Terminal(build, workspace: "ws", in: dir)
        #expect(terminal.waitFor("smol>"))
        terminal.type("print(\"never\")")
        #expect(terminal.waitFor("never"))
        terminal.type("\u{03}")
        #expect(terminal.waitFor("^C"))
        #expect(terminal.waitFor("smol>", count: 2))
        terminal.type("print(\"shown\")\r")
        #expect(terminal.waitFor("shown", count: 2), "\(terminal.screen)")
        #expect(!terminal.screen.contains("never\r\n"))
        #expect(terminal.finish() == 0, "\(terminal.screen)")
    }

    @Test(arguments: SmolBuild.tested) func tabCompletesVariablesAndCommands(_ build: SmolBuild) throws {
        let dir = temporaryDirectory()
        let terminal = try Terminal(build, workspace: "ws", in: dir)
        #expect(terminal.waitFor("smol>"))
        terminal.type("let learningRate = 3\r")
        #expect(terminal.waitFor("smol>", count: 2))
        terminal.type("print(learn\t")
        #expect(terminal.waitFor("learningRate"))
        terminal.type(")\r")
        #expect(terminal.waitFor("3\r\n"), "\(terminal.screen)")
        terminal.type("data.gen\t")
        #expect(terminal.waitFor("data.generate"), "\(terminal.screen)")
        terminal.type("\u{15}")   // Ctrl-U: clear the line so Ctrl-D ends the session
        #expect(terminal.finish() == 0, "\(terminal.screen)")
    }

    @Test func stdinThatIsNotATerminalIsReadAsStatements() throws {
        let dir = temporaryDirectory()
        let result = try Smol.run(["--workspace", "ws"], in: dir, input: "let a = 6\nprint(a * 7)\nfor i in [1] {\n print(i)\n}\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "42\n1\n")
    }
}
