import SmolScript
import Testing

/// `param NAME = literal`: a script's parameters, with defaults that `--set` overrides.
@Suite struct ScriptParameterTests {
    let script = "param quick = false\nparam lrs = [1e-3, 3e-4]\nprint(quick)\nprint(len(lrs))"

    @Test func theDefaultIsUsedWhenNothingIsGiven() throws {
        let host = MockHost()
        try Interpreter(host: host).run(script, file: "s.smol")
        #expect(host.output == ["false", "2"])
    }

    @Test func setOverridesTheDefault() throws {
        let host = MockHost()
        let interpreter = Interpreter(host: host)
        interpreter.define("quick", .bool(true))
        try interpreter.run(script, file: "s.smol")
        #expect(host.output == ["true", "2"])
    }

    @Test func aParameterIsImmutable() {
        let diagnostics = Interpreter(host: MockHost()).check("param n = 1\nn = 2", file: "s.smol")
        #expect(diagnostics.count == 1 && diagnostics[0].message.contains("'n'"), "\(diagnostics)")
    }

    @Test func theDefaultMustBeALiteralAndTheDeclarationTopLevel() {
        let computed = Interpreter(host: MockHost()).check("param n = 1 + 2", file: "s.smol")
        #expect(computed.first?.message.contains("must be a literal") == true, "\(computed)")
        let nested = Interpreter(host: MockHost()).check("if true {\n  param n = 1\n}", file: "s.smol")
        #expect(nested.first?.message.contains("top level") == true, "\(nested)")
    }

    @Test func aLetOfAGivenNamePointsToParam() {
        let interpreter = Interpreter(host: MockHost())
        interpreter.define("quick", .bool(true))
        let diagnostics = interpreter.check("let quick = false", file: "s.smol")
        #expect(diagnostics.first?.message.contains("declare it with 'param'") == true, "\(diagnostics)")
    }

    @Test func parametersAreListedWithoutRunning() {
        #expect(ScriptParameter.declared(in: "# a study\n" + script) == [
            ScriptParameter(name: "quick", defaultValue: .bool(false), line: 2),
            ScriptParameter(name: "lrs", defaultValue: .list([.number(1e-3), .number(3e-4)]), line: 3),
        ])
        #expect(ScriptParameter.declared(in: "param = broken").isEmpty)
    }
}
