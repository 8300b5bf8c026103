import Foundation

/// Rewrites a Markdown paper's generated regions from the ledger alone.
///
/// A region is a marker line `<!-- smol:table NAME -->` or `<!-- smol:figure NAME -->`, the generated
/// text, and a closing `<!-- /smol -->` line. Everything outside regions is kept byte for byte; a
/// region's body is replaced by the registered table (Markdown) or a link to the figure's SVG, followed
/// by a provenance line: the session that registered it, the commands whose metrics fill it, and the
/// hashes of what those commands produced.
///
/// Invariants:
/// 1. Rewriting is a pure function of (text, ledger): rewriting twice gives the same bytes.
/// 2. Text outside regions is never changed; a malformed region (unclosed, nested, unknown name) is an
///    error naming its line, and nothing is written.
public enum PaperWriter {
    /// Why a paper could not be rewritten: where, and what to do.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The paper with every region regenerated; `figuresFolder` is the figures' folder relative to the paper.
    public static func rewrite(_ text: String, path: String, ledger: Ledger, figuresFolder: String) throws -> String {
        let tables = Dictionary(try ledger.tables().map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        let figures = Dictionary(try ledger.figures().map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var out: [Substring] = []
        var open: (kind: String, name: String, line: Int)?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let marker = Self.marker(trimmed) {
                if let open {
                    throw Failure(description: "\(path):\(index + 1):1: error: a smol:\(marker.kind) marker inside the region opened at line \(open.line); close that one with <!-- /smol --> first")
                }
                open = (marker.kind, marker.name, index + 1)
                out.append(line)
                continue
            }
            if trimmed == "<!-- /smol -->" {
                guard let region = open else {
                    throw Failure(description: "\(path):\(index + 1):1: error: <!-- /smol --> closes no region; remove it or add an opening <!-- smol:table NAME --> above")
                }
                let body: String
                switch region.kind {
                case "table":
                    guard let spec = tables[region.name] else {
                        throw unknown("table", region.name, known: tables.keys.sorted(), path: path, line: region.line)
                    }
                    let evaluation = try ledger.evaluate(spec)
                    body = ReportRenderer.markdown(evaluation.table).trimmingCharacters(in: .newlines) + "\n\n"
                        + (try provenance(spec, contributors: evaluation.contributors, ledger: ledger))
                default:
                    guard let spec = figures[region.name] else {
                        throw unknown("figure", region.name, known: figures.keys.sorted(), path: path, line: region.line)
                    }
                    let evaluation = try ledger.evaluate(spec.table)
                    let title = spec.title.isEmpty ? spec.name : spec.title
                    body = "![\(title)](\(figuresFolder)/\(spec.name).svg)\n\n"
                        + (try provenance(spec.table, contributors: evaluation.contributors, ledger: ledger))
                }
                out.append(Substring(body))
                out.append(line)
                open = nil
                continue
            }
            if open == nil { out.append(line) }
        }
        if let open {
            throw Failure(description: "\(path):\(open.line):1: error: the smol:\(open.kind) region '\(open.name)' is never closed; add <!-- /smol --> after it")
        }
        return out.joined(separator: "\n")
    }

    /// `(kind, name)` of an opening marker line, or nil.
    static func marker(_ line: String) -> (kind: String, name: String)? {
        for kind in ["table", "figure"] {
            let prefix = "<!-- smol:\(kind) ", suffix = " -->"
            if line.hasPrefix(prefix) && line.hasSuffix(suffix) && line.count > prefix.count + suffix.count {
                let name = line.dropFirst(prefix.count).dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { return (kind, name) }
            }
        }
        return nil
    }

    /// `<sub>Provenance: session 3 · commands #12, #15–#20 · outputs 3f2a9c1e0b7d, … · smol ledger</sub>`.
    static func provenance(_ spec: TableSpec, contributors: [Int64], ledger: Ledger) throws -> String {
        var outputs: [String] = []
        for id in contributors {
            for edge in try ledger.edges(command: id) where edge.role == .output && !outputs.contains(edge.artifact.sha256) {
                outputs.append(edge.artifact.sha256)
            }
        }
        let shown = outputs.prefix(6).map { String($0.prefix(12)) }.joined(separator: ", ")
            + (outputs.count > 6 ? ", +\(outputs.count - 6) more" : "")
        var parts = [spec.session.map { "session \($0)" } ?? "all sessions",
                     "metric `\(spec.value)`",
                     contributors.isEmpty ? "no commands" : "commands \(ranges(contributors))"]
        if !outputs.isEmpty { parts.append("outputs \(shown)") }
        return "<sub>From the ledger: " + parts.joined(separator: " · ") + " (`smol ledger show ID`, `smol ledger lineage HASH`).</sub>"
    }

    /// `#3, #5–#9` for sorted ids.
    static func ranges(_ ids: [Int64]) -> String {
        var parts: [String] = []
        var start = ids.first!, previous = start
        for id in ids.dropFirst() + [Int64.min] {
            if id == previous + 1 { previous = id; continue }
            parts.append(start == previous ? "#\(start)" : "#\(start)–#\(previous)")
            start = id
            previous = id
        }
        return parts.joined(separator: ", ")
    }

    static func unknown(_ kind: String, _ name: String, known: [String], path: String, line: Int) -> Failure {
        Failure(description: "\(path):\(line):1: error: no \(kind) '\(name)' is registered in this ledger"
                + (known.isEmpty ? "; register it with report.\(kind)(\"\(name)\", …)" : "; registered: \(known.joined(separator: ", "))"))
    }
}
