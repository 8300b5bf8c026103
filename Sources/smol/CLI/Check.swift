import ArgumentParser
import Foundation
import SmolKit
import SmolScript

/// `smol check FILE.smol`: scan, parse and resolve without running anything.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a script (scan, parse, resolve) without running it; exit 65 on a compile error.")

    @Argument(help: "The script to check.")
    var file: String

    func run() throws {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            printError("\(file): error: cannot read the script")
            throw ExitCode(66)
        }
        let interpreter = Interpreter(host: RegistryHost(registry: .standard))
        let diagnostics = interpreter.check(source, file: file)
        for diagnostic in diagnostics { printError(diagnostic.description) }
        if !diagnostics.isEmpty { throw ExitCode(ExitStatus.compileError) }
        print("\(file): ok")
    }
}
