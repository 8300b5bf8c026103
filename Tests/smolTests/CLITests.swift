import Foundation
import Testing

@Suite struct CLITests {
    @Test func runExitsZeroAndPrints() throws {
        let dir = temporaryDirectory()
        write("let x = 2\nprint(\"x=\\(x * 21)\")\n", to: dir + "/ok.smol")
        let result = try Smol.run(["run", "ok.smol"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "x=42\n")
    }

    @Test func compileErrorExits65AndRunsNothing() throws {
        let dir = temporaryDirectory()
        write("print(1)\nlet y = undefinedName + 1\n", to: dir + "/bad.smol")
        let result = try Smol.run(["run", "bad.smol"], in: dir)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("bad.smol:2:9: error:"))
        let commands = try Smol.run(["ledger", "commands"], in: dir)
        #expect(!commands.stdout.contains("print"))
        let sessions = try Smol.run(["ledger", "sessions"], in: dir)
        #expect(!sessions.stdout.contains("bad.smol"), "a compile error leaves no session: \(sessions.stdout)")
    }

    @Test func runtimeErrorExits70AndKeepsEarlierCommands() throws {
        let dir = temporaryDirectory()
        write("print(\"before\")\nlet z = [1, 2][5]\nprint(\"after\")\n", to: dir + "/boom.smol")
        let result = try Smol.run(["run", "boom.smol"], in: dir)
        #expect(result.status == 70)
        #expect(result.stdout == "before\n")
        #expect(result.stderr.contains("boom.smol:2:"))
        let commands = try Smol.run(["ledger", "commands"], in: dir)
        #expect(commands.stdout.contains("print"))
    }

    @Test func setDefinesGlobals() throws {
        let dir = temporaryDirectory()
        write("print(lr * 2)\nprint(name)\n", to: dir + "/set.smol")
        let result = try Smol.run(["run", "set.smol", "--set", "lr=0.5", "--set", "name=tiny"], in: dir)
        #expect(result.stdout == "1\ntiny\n", "\(result.stderr)")
    }

    @Test func checkResolvesWithoutRunning() throws {
        let dir = temporaryDirectory()
        write("print(1)\n", to: dir + "/good.smol")
        write("data.lod(\"x.jsonl\")\n", to: dir + "/typo.smol")
        #expect(try Smol.run(["check", "good.smol"], in: dir).status == 0)
        let typo = try Smol.run(["check", "typo.smol"], in: dir)
        #expect(typo.status == 65)
        #expect(typo.stderr.contains("did you mean 'data.load'"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/artifacts/ledger.sqlite"))
    }

    @Test func reportIsByteIdenticalOnASecondRun() throws {
        let dir = temporaryDirectory()
        write("""
        for lr in [0.001, 0.0003] { for b in [4, 16] { metric("score", lr * b, tags: [lr: lr, batch: b]) } }
        report.table("grid", rows: "lr", columns: "batch", value: "score")
        report.figure("by-batch", x: "batch", y: "score", series: "lr", x_scale: "log")
        """, to: dir + "/t.smol")
        #expect(try Smol.run(["run", "t.smol"], in: dir).status == 0)
        #expect(try Smol.run(["report", "--out", "out1", "--figures", "fig1"], in: dir).status == 0)
        #expect(try Smol.run(["report", "--out", "out2", "--figures", "fig2"], in: dir).status == 0)
        for file in ["out*/grid.md", "out*/grid.tex", "out*/grid.csv", "fig*/by-batch.svg"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/" + file.replacingOccurrences(of: "*", with: "1")))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/" + file.replacingOccurrences(of: "*", with: "2")))
            #expect(!a.isEmpty && a == b, "\(file) differs between two renders")
        }
        let tex = try String(contentsOfFile: "\(dir)/out1/grid.tex", encoding: .utf8)
        #expect(tex.contains("\\toprule") && tex.contains("\\bottomrule"))
    }

    @Test func aPaperAndItsTablesRegenerateFromTheLedgerDumpAlone() throws {
        let dir = temporaryDirectory()
        write("""
        for lr in [0.001, 0.0003] { for b in [4, 16] { metric("score", lr * b, tags: [lr: lr, batch: b]) } }
        report.table("grid", rows: "lr", columns: "batch", value: "score")
        report.figure("by-batch", x: "batch", y: "score", series: "lr")
        """, to: dir + "/t.smol")
        write("# Paper\n<!-- smol:table grid -->\n<!-- /smol -->\n<!-- smol:figure by-batch -->\n<!-- /smol -->\nEnd.\n", to: dir + "/paper.md")
        #expect(try Smol.run(["run", "t.smol"], in: dir).status == 0)
        let rewritten = try Smol.run(["report", "--out", "tables", "--figures", "figures", "--paper", "paper.md"], in: dir)
        #expect(rewritten.status == 0 && rewritten.stdout.contains("paper.md: rewritten"), "\(rewritten.stderr)")
        let paper = try String(contentsOfFile: dir + "/paper.md", encoding: .utf8)
        #expect(paper.contains("| 0.001 | 0.004 | 0.016 |") && paper.contains("![by-batch](figures/by-batch.svg)"), "\(paper)")
        #expect(try Smol.run(["report", "--out", "tables", "--figures", "figures", "--paper", "paper.md"], in: dir).stdout.contains("paper.md: unchanged"))

        // A reader with only the dump (no workspace) gets the same tables, figures and paper.
        #expect(try Smol.run(["ledger", "dump", "--out", "ledger"], in: dir).status == 0)
        try FileManager.default.removeItem(atPath: dir + "/artifacts")
        let fromDump = try Smol.run(["report", "--from", "ledger", "--out", "tables2", "--figures", "figures", "--paper", "paper.md"], in: dir)
        #expect(fromDump.status == 0 && fromDump.stdout.contains("paper.md: unchanged"), "\(fromDump.stdout)\(fromDump.stderr)")
        for file in ["grid.md", "grid.tex", "grid.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/tables/\(file)")) == Data(contentsOf: URL(fileURLWithPath: "\(dir)/tables2/\(file)")))
        }
        let missing = try Smol.run(["report", "--from", "nowhere"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("no ledger dump here"))
    }

    @Test func verifyCatchesATamperedObject() throws {
        let dir = temporaryDirectory()
        write("hello", to: dir + "/in.txt")
        write("print(hash(\"in.txt\"))\n", to: dir + "/h.smol")
        let run = try Smol.run(["run", "h.smol"], in: dir)
        let hash = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Smol.run(["ledger", "verify"], in: dir).status == 0)
        let object = "\(dir)/artifacts/objects/\(hash.prefix(2))/\(hash.dropFirst(2))"
        chmod(object, 0o644)
        write("jello", to: object)
        let verify = try Smol.run(["ledger", "verify"], in: dir)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains(hash))
    }

    /// After `smol run` or a piped REPL the commands are in ledger.sqlite itself, not only in its WAL.
    @Test func theLedgerFileAloneHoldsTheCommandsAfterRunAndRepl() throws {
        let dir = temporaryDirectory()
        write("print(\"from run\")\n", to: dir + "/p.smol")
        #expect(try Smol.run(["run", "p.smol"], in: dir).status == 0)
        #expect(try Smol.run([], in: dir, input: "print(\"from repl\")\n").status == 0)
        try FileManager.default.createDirectory(atPath: dir + "/copy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/artifacts/ledger.sqlite", toPath: dir + "/copy/ledger.sqlite")
        let commands = try Smol.run(["ledger", "commands", "--workspace", "copy"], in: dir)
        #expect(commands.stdout.contains("from run") && commands.stdout.contains("from repl"), "\(commands.stdout)")
    }

    /// Piped statements are a script without a file: a failure anywhere makes the exit status 70, and
    /// the statements after it still run.
    @Test func aPipedReplExits70AfterAFailedStatement() throws {
        let dir = temporaryDirectory()
        let failed = try Smol.run([], in: dir, input: "print(1)\nlet z = [1][3]\nprint(2)\n")
        #expect(failed.status == 70, "\(failed.stderr)")
        #expect(failed.stdout == "1\n2\n")
        #expect(try Smol.run([], in: dir, input: "prnt(1)\n").status == 70)
        #expect(try Smol.run([], in: dir, input: "print(3)\n").status == 0)
    }

    @Test func verifyReportsAMissingObject() throws {
        let dir = temporaryDirectory()
        write("hello", to: dir + "/in.txt")
        write("print(hash(\"in.txt\"))\n", to: dir + "/h.smol")
        let hash = try Smol.run(["run", "h.smol"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(atPath: "\(dir)/artifacts/objects/\(hash.prefix(2))/\(hash.dropFirst(2))")
        let verify = try Smol.run(["ledger", "verify"], in: dir)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("missing: expected \(hash)"), "\(verify.stdout)")
    }

    @Test func ledgerShowsCommandsArtifactsAndLineage() throws {
        let dir = temporaryDirectory()
        write("hello", to: dir + "/in.txt")
        write("print(hash(\"in.txt\"))\n", to: dir + "/h.smol")
        let hash = try Smol.run(["run", "h.smol"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Smol.run(["ledger", "sessions"], in: dir).stdout.contains("script"))
        #expect(try Smol.run(["ledger", "artifacts"], in: dir).stdout.contains(String(hash.prefix(12))))
        let show = try Smol.run(["ledger", "show", "1"], in: dir)
        #expect(show.status == 0)
        #expect(show.stdout.contains("hash"))
        #expect(try Smol.run(["ledger", "lineage", String(hash.prefix(10))], in: dir).status == 0)
    }

    @Test func helpPrintsADeclaration() throws {
        let dir = temporaryDirectory()
        let help = try Smol.run(["help", "metric"], in: dir)
        #expect(help.stdout.hasPrefix("metric(_ name: String, _ value: Number"))
        #expect(try Smol.run(["help", "metrc"], in: dir).stderr.contains("did you mean 'metric'"))
    }

    /// `smol --help` points at `smol help <subcommand>`: that must show the subcommand's own help.
    @Test func helpShowsASubcommandsHelp() throws {
        let dir = temporaryDirectory()
        let run = try Smol.run(["help", "run"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("USAGE: smol run <file>") && run.stdout.contains("--set"), "\(run.stdout)")
        let verify = try Smol.run(["help", "ledger", "verify"], in: dir)
        #expect(verify.status == 0 && verify.stdout.contains("USAGE: smol ledger verify"), "\(verify.stdout)")
        let ledger = try Smol.run(["help", "ledger"], in: dir)
        #expect(ledger.stdout.contains("lineage"))
        #expect(try Smol.run(["help", "ledger", "verfy"], in: dir).stderr.contains("did you mean 'verify'"))
        #expect(try Smol.run(["help", "rn"], in: dir).stderr.contains("did you mean 'run'"))
    }
}
