import Foundation
@testable import SmolKit
import SmolKernels
import SmolScript
import SmolTestSupport

/// The golden fixture folders (Tests/Fixtures); throws naming the folder when it is missing.
func fixturesDirectory() throws -> String {
    guard FileManager.default.fileExists(atPath: Repository.fixtures + "/tiny-llama-a/config.json") else {
        throw SmolKitError.invalid("golden fixtures missing from \(Repository.fixtures); regenerate with scripts/fixtures/make-fixtures.py")
    }
    return Repository.fixtures
}

/// A fresh temporary folder, removed by the caller when done.
func temporaryDirectory(_ label: String = "smolkit") -> String {
    let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A session over a temporary workspace whose output is collected in memory.
final class TestSession {
    let directory: String
    let session: Session
    private(set) var lines: [String] = []

    init(registry: CommandRegistry = .standard, noCache: Bool = false, directory: String? = nil,
         backend: MatrixBackend = .smol, storedInputLimit: Int64? = nil, threads: Int = 1) throws {
        let directory = directory ?? temporaryDirectory()
        self.directory = directory
        var options = SessionOptions(workspace: directory + "/ws", baseDirectory: directory, mode: .script,
                                     threads: threads, noCache: noCache, backend: backend)
        if let storedInputLimit { options.storedInputLimit = storedInputLimit }
        session = try Session(options: options, registry: registry)
        session.output = { [unowned self] in self.lines.append($0) }
        session.progress = nil   // progress lines go to a terminal, never into a test's output
    }

    @discardableResult
    func run(_ source: String) throws(ScriptFailure) -> Value? {
        try session.run(source, file: "test.smol")
    }
}

/// A cacheable test command that counts how often its body really ran.
final class RunCounter: @unchecked Sendable {
    var count = 0
}

func countingRegistry(_ counter: RunCounter) -> CommandRegistry {
    var registry = CommandRegistry.standard
    registry.add(CommandDefinition(
        CommandSignature("test.square", summary: "x squared", parameters: [Parameter("x", .number, positional: true, doc: "x")],
                         returns: .number)
    ) { context in
        counter.count += 1
        let x = try context.number("x")
        context.metric("test.square", x * x)
        return .number(x * x)
    })
    registry.add(CommandDefinition(
        CommandSignature("test.fail", summary: "always fails", returns: .void)
    ) { _ in throw SmolKitError.invalid("planned failure") })
    return registry
}
