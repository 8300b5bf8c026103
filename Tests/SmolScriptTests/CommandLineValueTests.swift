import SmolScript
import Testing

/// Each text and the value it reads as, written as the REPL echoes it.
@Test(arguments: [
    ("3e-4", "0.0003"), ("-2", "-2"), ("1_000", "1000"), ("true", "true"), ("nil", "nil"),
    ("\"a b\"", "\"a b\""), ("[1, \"x\"]", "[1, \"x\"]"), ("[lr: 0.1]", "[lr: 0.1]"), ("tiny", "\"tiny\""),
    ("data/train.jsonl", "\"data/train.jsonl\""), ("", "\"\""),
])
func commandLineValuesReadAsSmolScriptLiterals(text: String, expected: String) throws {
    #expect(try Value.commandLine(text).description == expected)
}

@Test(arguments: ["0x10", "1e400", "[1,", "[1, x]", "\"open", "-x", "1 + 2"])
func commandLineValuesThatLookLikeLiteralsButAreNotAreRefused(text: String) {
    #expect(throws: Value.CommandLineError.self) { try Value.commandLine(text) }
}

@Test func commandLineNamesMustBeFreeIdentifiers() {
    let commands = ["print", "data.load"]
    #expect(Value.commandLineNameError("lr", commandNames: commands) == nil)
    #expect(Value.commandLineNameError("learning_rate2", commandNames: commands) == nil)
    for bad in ["bad name", "2x", "", "print", "data", "let", "range"] {
        #expect(Value.commandLineNameError(bad, commandNames: commands) != nil, "\(bad)")
    }
}

@Test func aDefinedGlobalCannotBeDeclaredByTheScript() {
    let interpreter = Interpreter(host: MockHost())
    interpreter.define("lr", .number(2))
    let diagnostics = interpreter.check("print(lr)\nfunc f() { let lr = 3 }\nvar lr = 1\n", file: "s.smol")
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message == "'lr' is given on the command line (--set lr=2) and declared at 3:5; declare it with 'param' to let the command line override its default, or remove one")
}
