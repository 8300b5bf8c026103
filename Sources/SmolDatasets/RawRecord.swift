import SmolCore

/// One record as read from a file, before schema validation, with a way to locate its parts.
struct RawRecord {
    /// The record (a JSON object; CSV rows become objects of strings).
    var value: JSONValue
    /// The line where the record starts (0 when only `locate` knows it).
    var line: Int
    /// How positions inside the record are found (only when a problem is reported).
    private let locator: Locator
    /// True when values come from CSV text and numbers may be spelled as strings.
    var fromCSV = false

    private enum Locator {
        /// The record is this one JSONL line (numbered `line`): parse it again with positions.
        case jsonLine(UnsafeBufferPointer<UInt8>)
        case custom((_ pointer: String, _ atKey: Bool) -> (line: Int, column: Int))
    }

    /// A record located by `locate`.
    init(value: JSONValue, line: Int, locate: @escaping (_ pointer: String, _ atKey: Bool) -> (line: Int, column: Int), fromCSV: Bool = false) {
        self.value = value
        self.line = line
        self.locator = .custom(locate)
        self.fromCSV = fromCSV
    }

    /// A record that is the JSONL line `bytes` (no closure to allocate per record). `bytes` must stay
    /// valid as long as the record may be located (the readers' callbacks run while it is).
    init(value: JSONValue, jsonLine bytes: UnsafeBufferPointer<UInt8>, number: Int) {
        self.value = value
        self.line = number
        self.locator = .jsonLine(bytes)
    }

    /// Line and column of the value (or key) at a JSON Pointer inside the record; "" is the record itself.
    func locate(_ pointer: String, _ atKey: Bool) -> (line: Int, column: Int) {
        switch locator {
        case .custom(let locate): return locate(pointer, atKey)
        case .jsonLine(let bytes):
            let positions = (try? JSONParser.parseWithPositions(bytes, firstLine: line))?.1 ?? JSONParser.Positions()
            return lookUp(positions, pointer, atKey: atKey, fallback: (line, 1))
        }
    }
}

/// What a reader yields: a record, a located problem with one line (skippable), or a problem that
/// leaves the rest of the file unreadable (always thrown, even with `skipInvalid`).
enum RawOutcome {
    case record(RawRecord)
    case problem(line: Int, column: Int, reason: String, hint: String)
    case fatal(line: Int, column: Int, reason: String, hint: String)
}

/// What a line or record finally is: a canonical record, a skippable problem, a problem that stops the
/// load, or an unexpected error to rethrow (in file order).
enum RecordResult: Sendable {
    case record(JSONValue)
    /// A header row repeated inside the data: always skipped and reported, even without `skipInvalid`.
    case strayHeader(line: Int, column: Int, reason: String)
    case problem(line: Int, column: Int, reason: String, hint: String)
    case fatal(line: Int, column: Int, reason: String, hint: String)
    case failure(any Error)
}

/// Finds the closest recorded position for `pointer`, walking up to its parent when needed.
func lookUp(_ positions: JSONParser.Positions, _ pointer: String, atKey: Bool, fallback: (line: Int, column: Int)) -> (line: Int, column: Int) {
    var p = pointer
    var key = atKey
    while true {
        if let found = key ? positions.keys[p] : positions.values[p] { return (found.line, found.column) }
        guard let slash = p.lastIndex(of: "/") else { return fallback }
        p = String(p[..<slash])
        key = false
    }
}
