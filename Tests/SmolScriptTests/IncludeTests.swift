import Foundation
import SmolScript
import Testing

/// A folder of scripts for one test, removed afterwards.
private struct ScriptFolder {
    let path: String

    init(_ files: [String: String]) throws {
        path = NSTemporaryDirectory() + "smol-include-" + UUID().uuidString
        for (name, text) in files {
            let file = path + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Test func anIncludedScriptRunsWhereItStandsWithItsOwnGlobals() throws {
    let folder = try ScriptFolder(["main.smol": "let x = 1\nprint(\"before\")\ninclude \"parts/study.smol\"\nprint(x)",
                                   "parts/study.smol": "let x = 2\nfunc twice(n) { return 2 * n }\nprint(twice(x))"])
    defer { folder.remove() }
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    try interpreter.run(try String(contentsOfFile: folder.path + "/main.smol", encoding: .utf8), file: folder.path + "/main.smol")
    #expect(host.output == ["before", "4", "1"])
}

@Test func anIncludedParameterTakesTheCommandLineOverrideAndNothingElseOfTheIncluder() throws {
    let folder = try ScriptFolder(["main.smol": "param quick = false\nlet secret = 7\ninclude \"study.smol\"",
                                   "study.smol": "param quick = false\nprint(quick)",
                                   "peek.smol": "print(secret)"])
    defer { folder.remove() }
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    interpreter.define("quick", .bool(true))
    try interpreter.run("include \"\(folder.path)/main.smol\"", file: "<repl>")
    #expect(host.output == ["true"])
    let diagnostics = interpreter.check("let secret = 1\ninclude \"\(folder.path)/peek.smol\"", file: "<repl>")
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location.file == folder.path + "/peek.smol")
    #expect(diagnostics.first?.message.contains("secret") == true)
}

@Test func anErrorInAnIncludedScriptStopsTheIncluderBeforeAnythingRuns() throws {
    let folder = try ScriptFolder(["main.smol": "print(\"first\")\ninclude \"bad.smol\"", "bad.smol": "let y = 1\ny = 2"])
    defer { folder.remove() }
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    do {
        try interpreter.run("print(\"first\")\ninclude \"bad.smol\"", file: folder.path + "/main.smol")
        Issue.record("expected a compile error")
    } catch {
        guard case .compile(let diagnostics) = error else { Issue.record("\(error)"); return }
        #expect(diagnostics.map(\.location) == [SourceLocation(file: folder.path + "/bad.smol", line: 2, column: 1)])
    }
    #expect(host.output.isEmpty)
}

@Test func includesAreCheckedForMissingFilesCyclesAndPlacement() throws {
    let folder = try ScriptFolder(["a.smol": "include \"b.smol\"", "b.smol": "include \"a.smol\""])
    defer { folder.remove() }
    let interpreter = Interpreter(host: MockHost())
    let cycle = interpreter.check("include \"b.smol\"", file: folder.path + "/a.smol")
    #expect(cycle.count == 1)
    #expect(cycle.first?.message.contains("would include itself") == true)
    let missing = interpreter.check("include \"nowhere.smol\"", file: folder.path + "/a.smol")
    #expect(missing.first?.message.contains("cannot read the included script 'nowhere.smol'") == true)
    #expect(missing.first?.location == SourceLocation(file: folder.path + "/a.smol", line: 1, column: 1))
    let nested = interpreter.check("if true {\n  include \"b.smol\"\n}", file: folder.path + "/a.smol")
    #expect(nested.first?.message.contains("top level") == true)
    let computed = interpreter.check("let p = \"b.smol\"\ninclude p", file: folder.path + "/a.smol")
    #expect(computed.first?.message.contains("plain string literal") == true)
}
