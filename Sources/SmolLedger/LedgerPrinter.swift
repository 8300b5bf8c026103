import Foundation

/// Plain-text views of the ledger for `smol ledger sessions|commands|artifacts|show|lineage|verify`.
public enum LedgerPrinter {
    /// One line per session.
    public static func sessions(_ rows: [SessionRow]) -> String {
        textTable(["id", "started (UTC)", "duration", "mode", "commands", "script", "tool", "git", "backend", "threads"],
                  rows.map { row in
                      let git = row.info.gitCommit.map { String($0.prefix(8)) + (row.info.gitDirty ? "+dirty" : "") } ?? "-"
                      return [String(row.id), timestamp(row.startedAt), row.endedAt.map { seconds($0 - row.startedAt) } ?? "open",
                              row.info.mode.rawValue, String(row.commandCount), row.info.scriptPath ?? "-", row.info.toolVersion,
                              git, row.info.matrixBackend, String(row.info.threadCount)]
                  })
    }

    /// One line per command.
    public static func commands(_ records: [CommandRecord]) -> String {
        textTable(["id", "session", "seq", "name", "status", "time", "outputs", "source"], records.map { c in
            [c.id.map(String.init) ?? "-", String(c.sessionID), String(c.sequence), c.name, c.status.rawValue,
             seconds(c.endedAt - c.startedAt), c.outputs.map { short($0.sha256) }.joined(separator: ",").ifEmpty("-"),
             truncate(c.sourceText, 60)]
        })
    }

    /// One line per artifact.
    public static func artifacts(_ refs: [ArtifactRef]) -> String {
        textTable(["sha256", "kind", "bytes", "metadata"], refs.map { [short($0.sha256), $0.kind.rawValue, String($0.bytes), truncate($0.metadataJSON, 60)] })
    }

    /// Everything about one command.
    public static func show(command c: CommandRecord, edges: [Edge], metrics: [MetricPoint]) -> String {
        var lines = ["command \(c.id.map(String.init) ?? "-")  \(c.name)  \(c.status.rawValue)  (session \(c.sessionID), seq \(c.sequence))"]
        lines.append("  source:   \(c.sourceText)")
        lines.append("  params:   \(c.paramsJSON)")
        lines.append("  started:  \(timestamp(c.startedAt)) UTC, took \(seconds(c.endedAt - c.startedAt))")
        if let key = c.cacheKey { lines.append("  cache:    \(key)") }
        if let from = c.cachedFrom { lines.append("  cached from command \(from)") }
        if let error = c.errorText { lines.append("  error:    \(error)") }
        if let result = c.resultJSON { lines.append("  result:   \(truncate(result, 200))") }
        if let printed = c.outputText {
            lines.append("  printed:")
            lines += printed.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        for role in [EdgeRole.input, .output] {
            let selected = edges.filter { $0.role == role }
            guard !selected.isEmpty else { continue }
            lines.append("  \(role.rawValue)s:")
            lines += indent(textTable(["name", "sha256", "kind", "bytes"], selected.map {
                [$0.artifact.name ?? "-", $0.artifact.sha256, $0.artifact.kind.rawValue, String($0.artifact.bytes)]
            }), by: 4)
        }
        if !metrics.isEmpty {
            lines.append("  metrics:")
            lines += indent(textTable(["name", "step", "value"], metrics.map {
                [$0.name, $0.step.map(String.init) ?? "-", ReportRenderer.number($0.value)]
            }), by: 4)
        }
        if !c.tables.isEmpty { lines.append("  tables:   " + c.tables.map(\.name).joined(separator: ", ")) }
        if !c.figures.isEmpty { lines.append("  figures:  " + c.figures.map(\.name).joined(separator: ", ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An indented tree: each artifact, the command that made it, and that command's inputs.
    public static func lineage(_ node: LineageNode) -> String {
        var lines: [String] = []
        func visit(_ node: LineageNode, depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            let label = node.artifact.name.map { "\($0): " } ?? ""
            var line = "\(pad)\(label)\(short(node.artifact.sha256)) \(node.artifact.kind.rawValue)"
            if node.isRepeat {
                line += " (see above)"
            } else if let producer = node.producer {
                line += " <- command \(producer.id.map(String.init) ?? "-") \(producer.name) (session \(producer.sessionID), seq \(producer.sequence))"
            } else {
                line += node.isStored ? " (input file, stored)" : " (external input, not stored)"
            }
            lines.append(line)
            for input in node.inputs { visit(input, depth: depth + 1) }
        }
        visit(node, depth: 0)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The result of `Workspace.verify()`: store problems, then external inputs (reported separately).
    public static func verify(_ report: VerifyReport) -> String {
        var lines = report.mismatches.map { m in
            "\(m.reason): expected \(m.expected), actual \(m.actual ?? "-"), at \(m.path)"
        }
        let count = report.mismatches.count
        lines.append(count == 0 ? "verify: ok, every stored object is present and matches its hash"
                     : "verify: \(count) problem\(count == 1 ? "" : "s"); restore the objects or re-run the commands that made them")
        for m in report.externalChanged {
            lines.append("\(m.reason): external input \(m.path) was \(m.expected), now \(m.actual ?? "-")")
        }
        let external = report.externalUnchanged + report.externalChanged.count + report.externalUnchecked
        if external > 0 {
            lines.append("external inputs (recorded by hash, not stored): \(report.externalUnchanged) unchanged, "
                         + "\(report.externalChanged.count) changed, \(report.externalUnchecked) not checked (source file gone)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Helpers

    /// Left-aligned columns separated by two spaces, with a dashed rule under the header.
    static func textTable(_ headers: [String], _ rows: [[String]]) -> String {
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                parts.append(i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count))
            }
            return parts.joined(separator: "  ")
        }
        var out = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    static func indent(_ text: String, by spaces: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { String(repeating: " ", count: spaces) + $0 }
    }

    static func short(_ sha: String) -> String { String(sha.prefix(12)) }

    static func truncate(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    static func seconds(_ s: Double) -> String { String(format: "%.3fs", s) }

    /// `YYYY-MM-DD HH:MM:SS` in UTC.
    static func timestamp(_ unix: Double) -> String {
        var t = time_t(unix.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
