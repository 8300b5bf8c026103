import SmolScript
import Testing

@Test func diagnosticPrintsLocationSourceLineCaretAndNotes() {
    let d = Diagnostic(location: SourceLocation(file: "sweep.smol", line: 3, column: 5), message: "undefined variable 'lrr'; did you mean 'lr'?",
                       sourceLine: "  x(lrr)", notes: ["declared here"])
    #expect(d.description == """
    sweep.smol:3:5: error: undefined variable 'lrr'; did you mean 'lr'?
      x(lrr)
        ^
    note: declared here
    """)
}

@Test func caretKeepsTabsOfTheSourceLine() {
    let d = Diagnostic(location: SourceLocation(file: "f", line: 1, column: 3), message: "m", sourceLine: "\t\tx")
    #expect(d.description == "f:1:3: error: m\n\t\tx\n\t\t^")
}

@Test func scriptFailureDescribesEveryDiagnostic() {
    let interpreter = Interpreter(host: MockHost())
    do {
        try interpreter.run("let a = b\nlet c = d", file: "two.smol")
    } catch {
        #expect(error.description == """
        two.smol:1:9: error: undefined variable 'b'
        let a = b
                ^
        two.smol:2:9: error: undefined variable 'd'
        let c = d
                ^
        """)
    }
}

@Test func runtimeDiagnosticQuotesTheFailingLine() {
    let interpreter = Interpreter(host: MockHost())
    do {
        try interpreter.run("print(1)\nlet r = [lr: 1]\nprint(r.lrr)", file: "r.smol")
        Issue.record("expected a runtime error")
    } catch {
        guard case .runtime(let d) = error else { Issue.record("\(error)"); return }
        #expect(d.description == "r.smol:3:9: error: record has no field 'lrr'; did you mean 'lr'?\nprint(r.lrr)\n        ^")
    }
}
