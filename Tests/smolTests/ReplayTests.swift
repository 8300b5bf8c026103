import Foundation
import Testing

@Suite struct ReplayTests {
    @Test func aRecordedRunReplaysHashForHash() throws {
        let dir = temporaryDirectory()
        write("""
        let d = data.generate("arc-like", n: 30, seed: 4)
        let tok = tokenizer.train(d, vocab: 300)
        let m = model.init(preset: "tiny", seed: 2, tokenizer: tok)
        print(model.generate(m, "Which", max_tokens: 4, temperature: 0.7, seed: 3))
        """, to: dir + "/r.smol")
        #expect(try Smol.run(["run", "r.smol", "--threads", "2"], in: dir).status == 0)
        let replay = try Smol.run(["replay", "1", "--threads", "1"], in: dir)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("reproduced: 5 commands identical"))
    }

    @Test func aScriptWithAnIncludedOneReplays() throws {
        let dir = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/parts", withIntermediateDirectories: true)
        write("param n = 3\nlet d = data.generate(\"gsm-like\", n: n, seed: 1)\nprint(len(d))\n", to: dir + "/parts/study.smol")
        write("include \"parts/study.smol\"\nprint(data.generate(\"arc-like\", n: 2, seed: 1).count)\n", to: dir + "/main.smol")
        let run = try Smol.run(["run", "main.smol", "--set", "n=4"], in: dir)
        #expect(run.stdout == "4\n2\n", "\(run.stderr)")
        let replay = try Smol.run(["replay", "1"], in: dir)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("reproduced: 4 commands identical"))
    }

    @Test func globalsGivenWithSetAreReplayed() throws {
        let dir = temporaryDirectory()
        write("print(data.generate(\"gsm-like\", n: size, seed: 1).count)\n", to: dir + "/s.smol")
        let run = try Smol.run(["run", "s.smol", "--set", "size=7"], in: dir)
        #expect(run.stdout == "7\n", "\(run.stderr)")
        let replay = try Smol.run(["replay", "1", "--verbose"], in: dir)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.hasPrefix("7\n"))
    }

    @Test func aChangedInputFileIsReported() throws {
        let dir = temporaryDirectory()
        write("{\"text\": \"one\"}\n", to: dir + "/in.jsonl")
        write("let d = data.load(\"in.jsonl\")\nprint(d.count)\n", to: dir + "/r.smol")
        #expect(try Smol.run(["run", "r.smol"], in: dir).status == 0)
        write("{\"text\": \"two\"}\n", to: dir + "/in.jsonl")
        let replay = try Smol.run(["replay", "1"], in: dir)
        #expect(replay.status == 1)
        #expect(replay.stdout.contains("NOT reproduced"))
        #expect(replay.stdout.contains("data.load"))
    }

    @Test func aChangedScriptIsRefused() throws {
        let dir = temporaryDirectory()
        write("print(1)\n", to: dir + "/r.smol")
        #expect(try Smol.run(["run", "r.smol"], in: dir).status == 0)
        write("print(2)\n", to: dir + "/r.smol")
        let replay = try Smol.run(["replay", "1"], in: dir)
        #expect(replay.status == 1)
        #expect(replay.stderr.contains("changed since session 1"))
    }
}
