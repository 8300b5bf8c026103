import Foundation

/// Reading whole command records (row, edges, metrics, tables) back from the ledger.
extension Ledger {
    /// Commands matching a fixed SQL condition on alias `c`, in id order, fully populated.
    /// `condition` is SQL text from this module; values come only through `parameters`.
    func loadCommands(where condition: String, _ parameters: [SQLValue]) throws -> [CommandRecord] {
        var records = try db.query("""
            SELECT c.id, c.session_id, c.seq, c.source_text, c.name, c.params_json, c.started_at, c.ended_at, c.status,
                   c.error_text, c.cache_key, c.result_json, c.cached_from, c.output_text
            FROM commands c WHERE \(condition) ORDER BY c.id
            """, parameters) { row in
            CommandRecord(id: row.int64(0), sessionID: row.int64(1), sequence: row.int(2), sourceText: row.text(3),
                          name: row.text(4), paramsJSON: row.text(5), startedAt: row.double(6), endedAt: row.double(7),
                          status: CommandStatus(rawValue: row.text(8)) ?? .error, errorText: row.optionalText(9),
                          cacheKey: row.optionalText(10), resultJSON: row.optionalText(11), outputText: row.optionalText(13),
                          cachedFrom: row.optionalInt64(12))
        }
        guard !records.isEmpty else { return [] }
        var position: [Int64: Int] = [:]
        for (i, record) in records.enumerated() { position[record.id!] = i }

        let edgeRows = try db.query("""
            SELECT e.command_id, e.role, e.name, a.sha256, a.kind, a.bytes, a.metadata_json
            FROM edges e JOIN artifacts a ON a.sha256 = e.artifact_sha256 JOIN commands c ON c.id = e.command_id
            WHERE \(condition) ORDER BY e.rowid
            """, parameters) { row in
            (row.int64(0), row.text(1), ArtifactRef(sha256: row.text(3), kind: ArtifactKind(row.text(4)), bytes: row.int64(5),
                                                    metadataJSON: row.text(6), name: row.optionalText(2)))
        }
        for (commandID, role, ref) in edgeRows {
            guard let i = position[commandID] else { continue }
            if role == EdgeRole.output.rawValue { records[i].outputs.append(ref) } else { records[i].inputs.append(ref) }
        }

        let metricRows = try db.query("""
            SELECT m.command_id, m.name, m.step, m.value, m.tags_json FROM metrics m JOIN commands c ON c.id = m.command_id
            WHERE \(condition) ORDER BY m.rowid
            """, parameters) { row in
            (row.int64(0), MetricPoint(name: row.text(1), step: row.optionalInt(2), value: row.optionalDouble(3) ?? .nan,
                                       tags: MetricPoint.tags(fromJSON: row.optionalText(4))))
        }
        for (commandID, point) in metricRows { if let i = position[commandID] { records[i].metrics.append(point) } }

        let tableRows = try db.query("""
            SELECT r.command_id, r.spec_json FROM report_tables r JOIN commands c ON c.id = r.command_id
            WHERE \(condition) ORDER BY r.id
            """, parameters) { row in (row.int64(0), row.text(1)) }
        for (commandID, json) in tableRows {
            if let i = position[commandID] { records[i].tables.append(try Ledger.decodeSpec(json)) }
        }
        let figureRows = try db.query("""
            SELECT r.command_id, r.spec_json FROM report_figures r JOIN commands c ON c.id = r.command_id
            WHERE \(condition) ORDER BY r.id
            """, parameters) { row in (row.int64(0), row.text(1)) }
        for (commandID, json) in figureRows {
            if let i = position[commandID] { records[i].figures.append(try Ledger.decodeSpec(json)) }
        }
        return records
    }

    /// A report spec (table or figure) from its stored JSON.
    static func decodeSpec<Spec: Decodable>(_ json: String, as type: Spec.Type = Spec.self) throws -> Spec {
        do {
            return try JSONDecoder().decode(Spec.self, from: Data(json.utf8))
        } catch {
            throw LedgerError.invalidJSON(text: json, reason: "not a \(Spec.self): \(error)")
        }
    }
}
