import Foundation
import SmolCore
import SmolLedger
import SmolScript

/// `smol notebook FILE.smol`: a script run cell by cell (`NotebookCell`), with what each cell printed,
/// the tables and figures its commands registered, and the hashes of what they made — written as
/// Markdown and as a Jupyter notebook (nbformat 4.5; figures as `image/svg+xml` outputs).
public struct Notebook {
    /// One cell and what running it produced.
    public struct Cell {
        public var markdown: String?
        public var code: String
        public var outputs: [Output]
    }

    /// Something a cell produced, in order.
    public enum Output {
        /// Printed lines, or the value of a bare last expression.
        case text(String)
        /// A registered table, as Markdown.
        case table(name: String, markdown: String)
        /// A registered figure, as SVG.
        case figure(name: String, svg: String)
        /// The artifacts the cell's commands wrote: `name kind sha256`.
        case artifacts([String])
        /// The error that stopped the run (later cells did not run).
        case error(String)
    }

    public private(set) var cells: [Cell] = []
    /// The script's file name.
    public let title: String
    /// Whether every cell ran without error.
    public var succeeded: Bool { !cells.contains { $0.outputs.contains { if case .error = $0 { true } else { false } } } }

    /// Runs `source` (the script at `scriptPath`) cell by cell in `session`, stopping at the first error.
    public init(running source: String, scriptPath: String, in session: Session) {
        title = URL(fileURLWithPath: scriptPath).lastPathComponent
        var printed: [String] = []
        let previousOutput = session.output
        session.output = { printed.append($0) }
        defer { session.output = previousOutput }
        var lastCommand: Int64 = 0
        for cell in NotebookCell.split(source) {
            var outputs: [Output] = []
            var failed = false
            if !cell.code.isEmpty {
                printed = []
                // Padding with newlines keeps diagnostics' line numbers those of the script.
                let padded = String(repeating: "\n", count: cell.firstCodeLine - 1) + cell.code
                do {
                    let value = try session.run(padded, file: scriptPath)
                    if let value { printed.append(value.description) }
                } catch {
                    outputs.append(.error(error.description))
                    failed = true
                }
                if !printed.isEmpty { outputs.insert(.text(printed.joined(separator: "\n")), at: 0) }
                outputs += Self.products(of: session, after: &lastCommand)
            }
            cells.append(Cell(markdown: cell.markdown, code: cell.code, outputs: outputs))
            if failed { break }
        }
    }

    /// Tables, figures and artifact hashes of the commands recorded since `lastCommand` (advanced).
    private static func products(of session: Session, after lastCommand: inout Int64) -> [Output] {
        guard let id = session.sessionID, let commands = try? session.workspace.ledger.commands(session: id) else { return [] }
        var outputs: [Output] = [], made: [String] = []
        for command in commands where (command.id ?? 0) > lastCommand {
            lastCommand = max(lastCommand, command.id ?? 0)
            for ref in command.outputs {
                guard let bytes = try? session.workspace.store.read(ref.sha256) else { continue }
                if ref.kind == .table, let spec = command.tables.first {
                    outputs.append(.table(name: spec.name, markdown: String(decoding: bytes, as: UTF8.self)))
                } else if ref.kind == .figure, let spec = command.figures.first {
                    outputs.append(.figure(name: spec.name, svg: String(decoding: bytes, as: UTF8.self)))
                } else {
                    made.append("\(command.name) → \(ref.kind) \(ref.sha256)")
                }
            }
        }
        if !made.isEmpty { outputs.append(.artifacts(made)) }
        return outputs
    }

    // MARK: Writing

    /// The notebook as Markdown: prose, code blocks, outputs; figures are written beside it as
    /// `<stem>-<name>.svg` by `write(to:)` and linked.
    public func markdown(figurePrefix: String) -> String {
        var out = "# \(title)\n"
        for cell in cells {
            if let markdown = cell.markdown { out += "\n" + markdown + "\n" }
            guard !cell.code.isEmpty else { continue }
            out += "\n```swift\n\(cell.code)\n```\n"
            for output in cell.outputs {
                switch output {
                case .text(let text): out += "\n```text\n\(text)\n```\n"
                case .table(_, let markdown): out += "\n" + markdown.trimmingCharacters(in: .newlines) + "\n"
                case .figure(let name, _): out += "\n![\(name)](\(figurePrefix)\(name).svg)\n"
                case .artifacts(let lines): out += "\n" + lines.map { "- `\($0)`" }.joined(separator: "\n") + "\n"
                case .error(let message): out += "\n```text\n\(message)\n```\n"
                }
            }
        }
        return out
    }

    /// The notebook as nbformat 4.5 JSON (cell ids `cell-N`, execution counts in order).
    public func ipynb() -> String {
        func lines(_ text: String) -> JSONValue {
            var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
            if parts.count > 1 && parts.last == "" { parts.removeLast() }
            return .array(parts.enumerated().map { i, line in .string(i < parts.count - 1 || text.hasSuffix("\n") ? line + "\n" : String(line)) })
        }
        var jsonCells: [JSONValue] = []
        var count = 0
        for (index, cell) in cells.enumerated() {
            if let markdown = cell.markdown {
                jsonCells.append(.object([("cell_type", "markdown"), ("id", .string("cell-\(index + 1)-md")),
                                          ("metadata", .object([])), ("source", lines(markdown))]))
            }
            guard !cell.code.isEmpty else { continue }
            count += 1
            var outputs: [JSONValue] = []
            for output in cell.outputs {
                switch output {
                case .text(let text):
                    outputs.append(.object([("name", "stdout"), ("output_type", "stream"), ("text", lines(text))]))
                case .table(let name, let markdown):
                    outputs.append(.object([("data", .object([("text/markdown", lines(markdown)), ("text/plain", lines("table \(name)"))])),
                                            ("metadata", .object([])), ("output_type", "display_data")]))
                case .figure(let name, let svg):
                    outputs.append(.object([("data", .object([("image/svg+xml", lines(svg)), ("text/plain", lines("figure \(name)"))])),
                                            ("metadata", .object([])), ("output_type", "display_data")]))
                case .artifacts(let made):
                    outputs.append(.object([("name", "stdout"), ("output_type", "stream"), ("text", lines(made.joined(separator: "\n")))]))
                case .error(let message):
                    outputs.append(.object([("ename", "ScriptError"), ("evalue", .string(message.split(separator: "\n").first.map(String.init) ?? "")),
                                            ("output_type", "error"), ("traceback", lines(message))]))
                }
            }
            jsonCells.append(.object([("cell_type", "code"), ("execution_count", .number(Double(count))), ("id", .string("cell-\(index + 1)")),
                                      ("metadata", .object([])), ("outputs", .array(outputs)), ("source", lines(cell.code))]))
        }
        let notebook = JSONValue.object([
            ("cells", .array(jsonCells)),
            ("metadata", .object([
                ("kernelspec", .object([("display_name", "SmolScript"), ("language", "smol"), ("name", "smol")])),
                ("language_info", .object([("file_extension", ".smol"), ("name", "smol")])),
            ])),
            ("nbformat", 4), ("nbformat_minor", 5),
        ])
        return notebook.prettyText() + "\n"
    }

    /// Writes `<stem>.md`, `<stem>.ipynb` and the figures' SVGs into `folder`; returns the paths written.
    public func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stem = (title as NSString).deletingPathExtension
        var written: [String] = []
        for cell in cells {
            for case .figure(let name, let svg) in cell.outputs {
                let path = folder + "/\(stem)-\(name).svg"
                try AtomicFile.write(Array(svg.utf8), to: path)
                written.append(path)
            }
        }
        for (path, text) in [(folder + "/\(stem).md", markdown(figurePrefix: "\(stem)-")), (folder + "/\(stem).ipynb", ipynb())] {
            try AtomicFile.write(Array(text.utf8), to: path)
            written.append(path)
        }
        return written
    }
}
