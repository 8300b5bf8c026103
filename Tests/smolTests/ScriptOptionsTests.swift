import Foundation
import Testing

/// The options `smol run` and `smol check` share (`--set`, the limits), and the exits they promise.
@Suite struct ScriptOptionsTests {
    @Test func checkTakesSetSoAParameterisedScriptChecksAsItRuns() throws {
        let dir = temporaryDirectory()
        write("print(lr * 2)\n", to: dir + "/p.smol")
        #expect(try Smol.run(["check", "p.smol"], in: dir).status == 65)
        let checked = try Smol.run(["check", "p.smol", "--set", "lr=0.5", "--max-steps", "1000"], in: dir)
        #expect(checked.status == 0, "\(checked.stderr)")
    }

    @Test func checkHonoursTheNestingLimit() throws {
        let dir = temporaryDirectory()
        write("print(((((1)))))\n", to: dir + "/n.smol")
        #expect(try Smol.run(["check", "n.smol"], in: dir).status == 0)
        let strict = try Smol.run(["check", "n.smol", "--max-nesting", "3"], in: dir)
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("nested too deeply"))
    }

    @Test func aScriptDeclaringAGlobalGivenBySetFailsNamingBothPlaces() throws {
        let dir = temporaryDirectory()
        write("let lr = 1\nprint(lr)\n", to: dir + "/c.smol")
        let result = try Smol.run(["run", "c.smol", "--set", "lr=2"], in: dir)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("c.smol:1:5: error: 'lr' is given on the command line (--set lr=2) and declared at 1:5; declare it with 'param'"))
    }

    @Test func paramDeclaresADefaultThatSetOverridesAndCheckAndHelpList() throws {
        let dir = temporaryDirectory()
        write("param quick = false\nparam n = 3\nprint(\"quick=\\(quick) n=\\(n)\")\n", to: dir + "/p.smol")
        #expect(try Smol.run(["run", "p.smol", "--workspace", "ws"], in: dir).stdout == "quick=false n=3\n")
        let overridden = try Smol.run(["run", "p.smol", "--workspace", "ws", "--set", "quick=true"], in: dir)
        #expect(overridden.stdout == "quick=true n=3\n", "\(overridden.stderr)")
        let checked = try Smol.run(["check", "p.smol"], in: dir)
        #expect(checked.status == 0 && checked.stdout.contains("quick = false  (line 1)") && checked.stdout.contains("n = 3  (line 2)"),
                "\(checked.stdout)\(checked.stderr)")
        #expect(try Smol.run(["help", "p.smol"], in: dir).stdout.contains("quick = false  (line 1)"))
    }

    @Test(arguments: [
        ("lr=0x10", "'0x10' is not a SmolScript value"),
        ("lr=1e400", "'1e400' is not a SmolScript value"),
        ("bad name=1", "'bad name' is not a name"),
        ("print=2", "'print' is a command"),
        ("data=2", "'data' is a command namespace"),
        ("len=2", "'len' is a built-in function"),
        ("while=2", "'while' is a keyword"),
        ("=2", "expected NAME=VALUE"),
    ])
    func setRejectsWhatSmolScriptWouldNotRead(definition: String, message: String) throws {
        let dir = temporaryDirectory()
        write("print(1)\n", to: dir + "/s.smol")
        let result = try Smol.run(["run", "s.smol", "--set", definition], in: dir)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func setReadsSmolScriptLiterals() throws {
        let dir = temporaryDirectory()
        write("print(a + 1)\nprint(b[1])\nprint(c.lr)\nprint(d)\nprint(e)\n", to: dir + "/l.smol")
        let result = try Smol.run(["run", "l.smol", "--set", "a=-3", "--set", "b=[1, 2]", "--set", "c=[lr: 0.5]",
                                   "--set", "d=\"quoted text\"", "--set", "e=data/train.jsonl"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "-2\n2\n0.5\nquoted text\ndata/train.jsonl\n")
    }

    @Test func deepCodeWithARaisedLimitRunsInsteadOfCrashing() throws {
        let dir = temporaryDirectory()
        write("print(" + String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000) + ")\n", to: dir + "/d.smol")
        let result = try Smol.run(["run", "d.smol", "--max-nesting", "100000"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "1\n")
    }

    @Test func invalidUTF8IsReportedAtItsLineAndColumn() throws {
        let dir = temporaryDirectory()
        try Data("print(1)\nlet s = \"ab\u{00e9}".utf8 + [0xFF] + Array("\"\n".utf8)).write(to: URL(fileURLWithPath: dir + "/u.smol"))
        for command in ["run", "check"] {
            let result = try Smol.run([command, "u.smol"], in: dir)
            #expect(result.status == 66)
            #expect(result.stderr.contains("u.smol:2:13: error: invalid UTF-8 (byte 0xFF"), "\(result.stderr)")
        }
    }
}
