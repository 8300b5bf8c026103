import Foundation
import SmolCore
import SmolLedger

/// Read-only views of an existing workspace's ledger, as text for a terminal: what `smol ledger …` and
/// `smol report` print. The executable talks to the ledger only through this.
public struct LedgerBrowser {
    let workspace: Workspace

    /// Why a browser could not be opened or a lookup failed: a message that says what to do.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens the workspace at `folder`; a folder with no ledger is an error, not a new empty ledger.
    public init(folder: String) throws {
        guard FileManager.default.fileExists(atPath: folder + "/ledger.sqlite") else {
            throw Failure(description: "\(folder): error: no ledger here; run a script first or pass --workspace DIR")
        }
        workspace = try Workspace(root: folder)
    }

    /// A browser over a ledger restored from a dump (`smol ledger dump`), in a fresh temporary folder:
    /// `smol report --from paper/ledger` renders the paper's tables without running anything.
    public init(restoringDumpAt dump: String) throws {
        guard FileManager.default.fileExists(atPath: dump + "/commands.jsonl") else {
            throw Failure(description: "\(dump): error: no ledger dump here (commands.jsonl is missing); make one with `smol ledger dump --out \(dump)`")
        }
        let root = NSTemporaryDirectory() + "smol-restored-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Ledger.restore(dumpAt: dump, into: root + "/ledger.sqlite").close()
        workspace = try Workspace(root: root)
    }

    /// Writes the ledger's canonical text dump (`Ledger.dump`) into `folder`; returns the paths written.
    public func dump(to folder: String) throws -> [String] { try workspace.ledger.dump(to: folder) }

    /// Every session, one line each.
    public func sessions() throws -> String { LedgerPrinter.sessions(try workspace.ledger.sessions()) }

    /// Commands with status and parameters (of one session, or all).
    public func commands(session: Int64?) throws -> String {
        LedgerPrinter.commands(try workspace.ledger.commands(session: session))
    }

    /// Every artifact: hash, kind, size, metadata.
    public func artifacts() throws -> String { LedgerPrinter.artifacts(try workspace.ledger.artifacts()) }

    /// One command: source, parameters, inputs, outputs, metrics.
    public func show(command id: Int64) throws -> String {
        let ledger = workspace.ledger
        guard let command = try ledger.command(id: id) else {
            throw Failure(description: "error: no command \(id) in this ledger; list them with `smol ledger commands`")
        }
        return LedgerPrinter.show(command: command, edges: try ledger.edges(command: id), metrics: try ledger.metrics(command: id))
    }

    /// The commands and inputs that made the artifact whose hash starts with `prefix`.
    public func lineage(ofArtifactStartingWith prefix: String) throws -> String {
        let matches = try workspace.ledger.artifacts().filter { $0.sha256.hasPrefix(prefix.lowercased()) }
        guard matches.count == 1 else {
            throw Failure(description: matches.isEmpty ? "error: no artifact starts with \(prefix); list them with `smol ledger artifacts`"
                          : "error: \(matches.count) artifacts start with \(prefix); give more digits")
        }
        return LedgerPrinter.lineage(try workspace.ledger.lineage(of: matches[0].sha256))
    }

    /// Re-hashes every stored object: the report's text, and whether every object is sound.
    public func verify() throws -> (text: String, storeIsSound: Bool) {
        let report = try workspace.verify()
        return (LedgerPrinter.verify(report), report.storeIsSound)
    }

    /// Renders every registered table (Markdown, LaTeX, CSV into `tablesFolder`) and figure (SVG into
    /// `figuresFolder`) from the ledger alone; returns the paths written.
    public func writeReport(tablesFolder: String, figuresFolder: String) throws -> [String] {
        let ledger = workspace.ledger
        let tables = try ledger.tables().map { try ledger.table($0) }
        var written = try ReportRenderer.write(tables: tables, to: tablesFolder)
        let figureSpecs = try ledger.figures()
        if !figureSpecs.isEmpty {
            try FileManager.default.createDirectory(atPath: figuresFolder, withIntermediateDirectories: true)
            written += try SVGChart.write(try figureSpecs.map { (try ledger.table($0.table), $0) }, to: figuresFolder)
        }
        return written
    }

    /// Rewrites the generated regions of the Markdown paper at `path` (`PaperWriter`) from the ledger;
    /// `figuresFolder` is where `writeReport` put the SVGs. Returns whether the file changed.
    public func rewritePaper(at path: String, figuresFolder: String) throws -> Bool {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Failure(description: "\(path): error: cannot read the paper (a UTF-8 Markdown file)")
        }
        let paperFolder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        let figures = URL(fileURLWithPath: figuresFolder).standardizedFileURL.path
        let relative = figures.hasPrefix(paperFolder + "/") ? String(figures.dropFirst(paperFolder.count + 1)) : figures
        let rewritten: String
        do {
            rewritten = try PaperWriter.rewrite(text, path: path, ledger: workspace.ledger, figuresFolder: relative)
        } catch let failure as PaperWriter.Failure {
            throw Failure(description: failure.description)
        }
        guard rewritten != text else { return false }
        try AtomicFile.write(Array(rewritten.utf8), to: path)
        return true
    }

    /// Re-runs recorded session `id` into `scratch` with the cache off and compares it hash for hash
    /// (`Replay.run`).
    public func replay(session id: Int64, into scratch: String, threads: Int,
                       output: @escaping (String) -> Void) throws -> Replay.Report {
        try Replay.run(session: id, of: workspace, into: scratch, threads: threads, output: output)
    }
}
