import Foundation
import SmolScript
import Testing

@Test func runReturnsTheLastBareExpressionForTheREPL() throws {
    let interpreter = Interpreter(host: MockHost())
    #expect(try interpreter.run("1 + 2", file: "<repl>") == .number(3))
    #expect(try interpreter.run("let x = 4", file: "<repl>") == nil)
    #expect(try interpreter.run("nil", file: "<repl>") == nil)
    #expect(try interpreter.run("print(1)", file: "<repl>") == nil)
    #expect(try interpreter.run("x; \"s\"", file: "<repl>") == .string("s"))
}

@Test func globalsPersistAcrossRuns() throws {
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    try interpreter.run("var n = 1\nfunc bump() { n += 1; return n }", file: "<repl>")
    #expect(try interpreter.run("bump()", file: "<repl>") == .number(2))
    #expect(try interpreter.run("bump() + n", file: "<repl>") == .number(6))
    // A later input may declare a global again; it replaces the old one for later code.
    try interpreter.run("let n = \"new\"", file: "<repl>")
    #expect(try interpreter.run("n", file: "<repl>") == .string("new"))
    #expect(interpreter.globalNames.contains("bump"))
    #expect(interpreter.globalNames.contains("range"))
}

@Test func aGlobalWhoseDeclarationFailedHasNoValue() throws {
    let interpreter = Interpreter(host: MockHost())
    #expect(throws: ScriptFailure.self) { try interpreter.run("let d = data.load(\"missing\")", file: "<repl>") }
    do {
        try interpreter.run("print(d)", file: "<repl>")
        Issue.record("expected a runtime error")
    } catch {
        guard case .runtime(let diagnostic) = error else { Issue.record("\(error)"); return }
        #expect(diagnostic.message.contains("'d' has no value yet"))
    }
    try interpreter.run("let d = 3", file: "<repl>")
    #expect(try interpreter.run("d", file: "<repl>") == .number(3))
}

@Test func aCompileErrorRunsNothing() {
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    do {
        try interpreter.run("print(\"first\")\ndata.load(\"x\")\nprint(undefinedName)", file: "s.smol")
        Issue.record("expected a compile error")
    } catch {
        guard case .compile(let diagnostics) = error else { Issue.record("\(error)"); return }
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].location == SourceLocation(file: "s.smol", line: 3, column: 7))
    }
    #expect(host.invocations.isEmpty)
    #expect(host.output.isEmpty)
}

@Test func checkReportsEveryErrorAndRunsNothing() {
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    let diagnostics = interpreter.check("print(1)\nlet a = bb\nprnt(2)\ndata.load(\"x\", shema: 1)", file: "c.smol")
    #expect(diagnostics.map(\.location.line) == [2, 3, 4])
    #expect(diagnostics[1].message == "unknown function or command 'prnt'; did you mean 'print'?")
    #expect(diagnostics[2].notes == ["declared as data.load(_ path: String, schema: String? = nil, skip_invalid: Bool = false) -> Dataset"])
    #expect(host.invocations.isEmpty)
    #expect(interpreter.check("print(1)", file: "ok.smol").isEmpty)
}

@Test func commandsReceiveBoundArgumentsSourceTextAndLocation() throws {
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    try interpreter.run("let base = model.init()\n  let m = train.sft(base, data.load(\"d\"), batch: 4, lr: 0.5)", file: "t.smol")
    let sft = try #require(host.invocations.last)
    #expect(sft.signature.name == "train.sft")
    #expect(sft.arguments.map(\.name) == ["base", "data", "lr", "batch", "tags"])
    #expect(sft["lr"] == .number(0.5))
    #expect(sft["batch"] == .number(4))
    #expect(sft["tags"] == .list([]))
    #expect(sft.sourceText == "train.sft(base, data.load(\"d\"), batch: 4, lr: 0.5)")
    #expect(sft.location == SourceLocation(file: "t.smol", line: 2, column: 11))
    let load = host.invocations[1]
    #expect(load.sourceText == "data.load(\"d\")")
    #expect(load["schema"] == .null)
    #expect(load["skip_invalid"] == .bool(false))
}

@Test func defineMakesAnImmutableGlobal() throws {
    let interpreter = Interpreter(host: MockHost())
    interpreter.define("lr", .number(0.001))
    #expect(try interpreter.run("lr * 2", file: "s") == .number(0.002))
    #expect(interpreter.check("lr = 1", file: "s").first?.message.contains("'let' constant") == true)
}

@Test func cancellationStopsARunningLoop() {
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    var polls = 0
    interpreter.isCancelled = {
        polls += 1
        return polls > 50
    }
    do {
        try interpreter.run("var i = 0\nwhile true { i += 1 }", file: "c.smol")
        Issue.record("expected cancellation")
    } catch {
        guard case .runtime(let diagnostic) = error else { Issue.record("\(error)"); return }
        #expect(diagnostic.message == "cancelled")
        #expect(diagnostic.location.line == 2)
    }
}

@Test func commandsSeeTheCancellationFlag() throws {
    let host = MockHost()
    let interpreter = Interpreter(host: host)
    try interpreter.run("print(1)", file: "c")
    #expect(host.invocations[0].isCancelled() == false)
    interpreter.isCancelled = { true }
    #expect(throws: ScriptFailure.self) { try interpreter.run("print(2)", file: "c") }
    #expect(host.invocations.count == 1)
}

@Test func limitsAreConfigurable() {
    func failure(_ source: String, _ limits: Limits) -> String? {
        do {
            try Interpreter(host: MockHost(), limits: limits).run(source, file: "l")
            return nil
        } catch {
            return error.diagnostics.first?.message
        }
    }
    let loop = "var i = 0\nwhile i < 1000 { i += 1 }"
    #expect(failure(loop, Limits()) == nil)
    #expect(failure(loop, Limits(maxSteps: 500)) == "step budget of 500 exceeded; raise it with --max-steps")
    let recursion = "func f(n) { if n == 0 { return 0 }; return f(n - 1) }\nf(100)"
    #expect(failure(recursion, Limits()) == nil)
    #expect(failure(recursion, Limits(maxCallDepth: 10))?.hasPrefix("call depth limit of 10 exceeded") == true)
    #expect(failure("print(((1)))", Limits(maxNesting: 3))?.contains("nested too deeply") == true)
    #expect(failure("let xs = range(11)", Limits(maxCollectionCount: 10))?.contains("exceed 10 elements") == true)
    #expect(failure("let s = \"\\(12345)\"", Limits(maxStringLength: 4))?.contains("exceed 4 characters") == true)
    #expect(failure("let s = str(12345)", Limits(maxStringLength: 4))?.contains("exceed 4 characters") == true)
}

@Test func theStepBudgetIsPerRun() throws {
    let interpreter = Interpreter(host: MockHost(), limits: Limits(maxSteps: 200))
    for _ in 0..<10 { try interpreter.run("var i = 0\nwhile i < 20 { i += 1 }", file: "s") }
}

@Test(arguments: [
    ("print(1", true), ("func f() {", true), ("let xs = [1,\n2", true), ("print(\"abc", true),
    ("print(\"\\(1 + ", true), ("print(1)", false), ("if x { }", false), ("let s = \"a\"", false),
    ("# just a comment (", false), ("}", false), ("let s = \"(\"", false),
])
func needsMoreInputDetectsUnclosedInput(source: String, expected: Bool) {
    #expect(Interpreter.needsMoreInput(source) == expected)
}

@Test func keywordsListTheLanguageKeywords() {
    #expect(Interpreter.keywords.contains("func"))
    #expect(Interpreter.keywords.contains("param") && Interpreter.keywords.contains("include"))
    #expect(Interpreter.keywords.count == 16)
}

@Test func runtimeErrorsInAFunctionFromAnEarlierInputQuoteThatInput() throws {
    let interpreter = Interpreter(host: MockHost())
    try interpreter.run("func f(x) {\n  return x / 0\n}", file: "<repl-1>")
    do {
        try interpreter.run("f(1)", file: "<repl-2>")
        Issue.record("expected division by zero")
    } catch {
        let d = error.diagnostics[0]
        #expect(d.location == SourceLocation(file: "<repl-1>", line: 2, column: 12))
        #expect(d.sourceLine == "  return x / 0")
    }
}

@Test func deepRecursionOnASmallStackEndsInADiagnostic() async {
    let message = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
        let thread = Thread {
            let interpreter = Interpreter(host: MockHost(), limits: Limits(maxCallDepth: 10_000_000))
            do {
                try interpreter.run("func d(n) { return 1 + d(n + 1) }\nd(0)", file: "deep.smol")
                continuation.resume(returning: "no error")
            } catch {
                continuation.resume(returning: (error as? ScriptFailure)?.diagnostics.first?.message ?? "")
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    #expect(message.contains("exhausted this thread's native stack before the limit of 10000000"))
}
