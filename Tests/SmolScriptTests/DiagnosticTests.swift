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

@Test func caretCountsWideCharactersAsTwoColumns() {
    let cjk = Diagnostic(location: SourceLocation(file: "f", line: 1, column: 6), message: "m", sourceLine: "\"中文\" + x")
    #expect(cjk.description == "f:1:6: error: m\n\"中文\" + x\n       ^")
    let emoji = Diagnostic(location: SourceLocation(file: "f", line: 1, column: 5), message: "m", sourceLine: "\"😀\" x")
    #expect(emoji.description == "f:1:5: error: m\n\"😀\" x\n     ^")
    let accent = Diagnostic(location: SourceLocation(file: "f", line: 1, column: 4), message: "m", sourceLine: "e\u{301}x y")
    #expect(accent.description == "f:1:4: error: m\ne\u{301}x y\n  ^")
}

@Test func longSourceLinesAreCutAroundTheCaret() {
    let line = String(repeating: "a", count: 1000) + " oops " + String(repeating: "b", count: 1000)
    let d = Diagnostic(location: SourceLocation(file: "f", line: 1, column: 1002), message: "m", sourceLine: line)
    let lines = d.description.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines[1].hasPrefix("…a") && lines[1].hasSuffix("b…") && lines[1].contains(" oops "))
    #expect(lines[1].unicodeScalars.count <= 122)
    // The caret still sits under the 'o' of "oops".
    let caret = lines[2].unicodeScalars.count - 1
    #expect(Array(lines[1].unicodeScalars)[caret] == "o")
}

@Test func anErrorAtTheEndOfInputQuotesTheUnfinishedLine() {
    let diagnostics = Interpreter(host: MockHost()).check("let x = (1 +\n", file: "e.smol")
    #expect(diagnostics.first?.description == "e.smol:1:13: error: expected an expression, found end of input\nlet x = (1 +\n            ^")
}
