import Foundation
import SmolTestSupport
import Testing

/// The reproduction's quick mode, run as a reader would: the release build runs `scripts/reproduce.smol` with
/// `--set quick=true`, `smol report --paper` rewrites every region of a copy of `paper/README.md` from that ledger,
/// and a second run answers every training and evaluation command from the ledger cache.
@Suite struct ReproductionTests {
    /// The pinned downloads the studies read (scripts/fetch-data.sh); without them the run cannot start.
    static let downloads = ["downloads/datasets/mmlu.jsonl", "downloads/datasets/handbook-en-ar.jsonl",
                            "downloads/gettext/ar/iso_3166-1.mo"]
    static var ready: Bool {
        SmolBuild.tested.contains(.release)
            && downloads.allSatisfy { FileManager.default.fileExists(atPath: Repository.root + "/" + $0) }
    }

    @Test(.enabled(if: ready, "needs the release build and scripts/fetch-data.sh's downloads"))
    func theQuickReproductionFillsEveryRegionOfThePaperAndReplaysFromTheCache() throws {
        let smol = try SmolBuild.release.executable()
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = Repository.root + "/scripts/reproduce.smol"
        let first = try Smol.run(["run", script, "--workspace", dir + "/ws", "--set", "quick=true"], in: dir, timeout: 1200, executable: smol)
        try #require(first.status == 0, "\(first.stdout.suffix(2000))\n\(first.stderr.suffix(2000))")

        try FileManager.default.createDirectory(atPath: dir + "/paper", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.root + "/paper/README.md", toPath: dir + "/paper/README.md")
        let report = try Smol.run(["report", "--workspace", dir + "/ws", "--out", dir + "/paper/tables", "--figures", dir + "/paper/figures",
                                   "--paper", dir + "/paper/README.md"], in: dir, executable: smol)
        #expect(report.status == 0, "\(report.stderr)")
        let paper = try String(contentsOfFile: dir + "/paper/README.md", encoding: .utf8)
        let regions = paper.components(separatedBy: "<!-- smol:").count - 1
        #expect(regions >= 30)
        // Every region with data was rewritten with its provenance line; on quick budgets one table (Kendall τ over
        // models tied at chance) may have no finite value and then has none.
        #expect(paper.components(separatedBy: "<sub>From the ledger:").count - 1 >= regions - 2)

        let second = try Smol.run(["run", script, "--workspace", dir + "/ws", "--set", "quick=true"], in: dir, timeout: 600, executable: smol)
        try #require(second.status == 0, "\(second.stderr.suffix(2000))")
        let commands = try Smol.run(["ledger", "commands", "--workspace", dir + "/ws", "--session", "2"], in: dir, executable: smol)
        let rows = commands.stdout.split(separator: "\n").filter { $0.contains(" train.") || $0.contains(" eval.mcq") || $0.contains(" eval.suite") }
        #expect(rows.count >= 10, "\(commands.stdout.prefix(3000))")
        #expect(rows.allSatisfy { $0.contains(" cached ") }, "\(rows.filter { !$0.contains(" cached ") }.prefix(5))")
    }
}
