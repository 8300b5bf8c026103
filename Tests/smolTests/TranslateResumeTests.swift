import Foundation
import SmolTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `translate.run` killed with SIGKILL in the middle of a `smol run` resumes: the rerun decodes only
/// what was not stored, repeats no segment, and gives the artifact an uninterrupted run gives (on
/// another thread count).
@Suite struct TranslateResumeTests {
    static let documents = 160

    static func script() -> String {
        """
        let d = data.load("docs.jsonl")
        let m = model.load("\(Repository.fixture("tiny-llama-a"))")
        let s = translate.segment(d, by: "sentence", window: 40, tokenizer: m)
        let t = translate.run(m, s, batch_size: 2, max_tokens: 48, format: "tagged")
        print(t)

        """
    }

    static func prepare() -> String {
        let dir = temporaryDirectory()
        let lines = (0..<documents).map { i in
            "{\"source\": \"Sentence number \(i) of the corpus, about topic \(i % 7).\", \"target\": \"جملة \(i)\", \"source_lang\": \"en\", \"target_lang\": \"ar\"}"
        }
        write(lines.joined(separator: "\n") + "\n", to: dir + "/docs.jsonl")
        write(script(), to: dir + "/run.smol")
        return dir
    }

    /// Finished segment files in a workspace's decoding store (temporary files of a killed write excluded).
    static func stored(_ dir: String) -> Int {
        let root = dir + "/artifacts/translations"
        return ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix("settings.json") }.count
    }

    @Test func sigkillMidRunResumesWithoutRedoingOrRepeatingASegment() throws {
        let dir = Self.prepare()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Smol.executable)
        process.arguments = ["run", "run.smol", "--threads", "2"]
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Self.stored(dir) < 8 && process.isRunning && Date() < deadline { usleep(2_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
        let before = Self.stored(dir)
        #expect(before >= 8 && before < Self.documents, "\(before) segments stored at the kill")

        let resumed = try Smol.run(["run", "run.smol", "--threads", "2"], in: dir, timeout: 300)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("translated \(Self.documents) segments (\(Self.documents) distinct texts: \(before) resumed from the store, \(Self.documents - before) decoded)"),
                "\(resumed.stdout)")
        #expect(Self.stored(dir) == Self.documents, "one stored file per segment text")

        let fresh = Self.prepare()
        let uninterrupted = try Smol.run(["run", "run.smol", "--threads", "1"], in: fresh, timeout: 300)
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let summary = { (out: String) in out.split(separator: "\n").first { $0.hasPrefix("translations ") }.map(String.init) }
        #expect(summary(resumed.stdout) != nil && summary(resumed.stdout) == summary(uninterrupted.stdout),
                "resumed: \(resumed.stdout)\nuninterrupted: \(uninterrupted.stdout)")
    }
}
