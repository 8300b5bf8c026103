import Foundation
import SmolCore

/// Reads a JSON file holding one array of objects (LLaMA-Factory's `*.json` datasets).
///
/// The file is parsed whole (JSON arrays cannot be streamed record by record without a partial
/// parser); positions are computed only when a record needs to be located.
enum JSONArrayReader {
    static func read(path: String, _ body: (RawOutcome) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.io(path: path, message: "cannot read the file; check the path and permissions")
        }
        let bytes = [UInt8](data)
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch let error as JSONError {
            try body(.fatal(line: error.line, column: error.column, reason: error.reason, hint: error.hint))
            return
        }
        guard case .array(let elements) = document else {
            try body(.fatal(line: 1, column: 1, reason: "expected a JSON array of objects, found a \(document.typeName)",
                              hint: "wrap the records in [ … ], or write one object per line as .jsonl"))
            return
        }
        final class PositionCache: @unchecked Sendable {
            let bytes: [UInt8]
            lazy var positions: JSONParser.Positions = (try? JSONParser.parseWithPositions(bytes))?.1 ?? JSONParser.Positions()
            init(_ bytes: [UInt8]) { self.bytes = bytes }
        }
        let cache = PositionCache(bytes)
        for (index, element) in elements.enumerated() {
            guard case .object = element else {
                let start = lookUp(cache.positions, "/\(index)", atKey: false, fallback: (1, 1))
                try body(.problem(line: start.line, column: start.column, reason: "element \(index) is a \(element.typeName), not an object",
                                  hint: "each array element must be a {…} record"))
                continue
            }
            try body(.record(RawRecord(value: element, line: 0, locate: { pointer, atKey in
                let start = lookUp(cache.positions, "/\(index)", atKey: false, fallback: (1, 1))
                return lookUp(cache.positions, "/\(index)" + pointer, atKey: atKey, fallback: start)
            })))
        }
    }
}
