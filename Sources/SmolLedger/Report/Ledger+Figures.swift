import Foundation

/// Registered report figures (their data are evaluated as tables; see `FigureSpec`).
extension Ledger {
    /// The latest registration of every figure name, ordered by name.
    public func figures() throws -> [FigureSpec] {
        try lock.withLock {
            try db.query("""
                SELECT spec_json FROM report_figures r
                WHERE r.id = (SELECT MAX(id) FROM report_figures WHERE name = r.name) ORDER BY r.name
                """) { $0.text(0) }.map { try Ledger.decodeFigure($0) }
        }
    }

    static func encode(_ spec: FigureSpec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(spec), as: UTF8.self)
    }

    static func decodeFigure(_ json: String) throws -> FigureSpec {
        do {
            return try JSONDecoder().decode(FigureSpec.self, from: Data(json.utf8))
        } catch {
            throw LedgerError.invalidJSON(text: json, reason: "not a figure spec: \(error)")
        }
    }
}
