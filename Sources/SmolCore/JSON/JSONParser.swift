/// A strict RFC 8259 JSON parser over UTF-8 bytes with line:column errors.
///
/// Rejected (each with its own message and fix): invalid UTF-8, a byte-order mark, duplicate object
/// keys, NaN/Infinity literals, trailing commas, truncated input, raw control characters in strings,
/// lone UTF-16 surrogates in `\u` escapes, leading zeros, numbers out of double range, nesting deeper
/// than `maxDepth`, and any text after the value.
public struct JSONParser {
    /// Where a value (or an object member's key) starts: 1-based line and column (Unicode scalars).
    public struct Position: Sendable, Equatable {
        /// 1-based line.
        public var line: Int
        /// 1-based column in Unicode scalars.
        public var column: Int
        /// Creates a position.
        public init(line: Int, column: Int) { self.line = line; self.column = column }
    }

    /// Positions recorded while parsing, keyed by JSON Pointer (RFC 6901, e.g. `/messages/0/role`).
    public struct Positions: Sendable {
        /// Where each value starts.
        public var values: [String: Position] = [:]
        /// Where each object member's key starts (same pointer as its value).
        public var keys: [String: Position] = [:]
        /// An empty table.
        public init() {}
    }

    /// The deepest nesting accepted.
    public static let maxDepth = 512

    /// Parses one JSON value that fills `bytes` (surrounding whitespace allowed).
    /// `firstLine` numbers the first line (for a line inside a larger file).
    public static func parse(_ bytes: [UInt8], firstLine: Int = 1) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse($0, firstLine: firstLine) }
    }

    /// Parses one JSON value from a UTF-8 string.
    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses one JSON value from a byte buffer.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) throws -> JSONValue {
        var parser = Cursor(bytes: bytes, line: firstLine, record: false)
        return try parser.document()
    }

    /// Parses and records the position of every value and key (slower; use it to locate an error).
    public static func parseWithPositions(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) throws -> (JSONValue, Positions) {
        var parser = Cursor(bytes: bytes, line: firstLine, record: true)
        let value = try parser.document()
        return (value, parser.positions)
    }

    /// Parses and records positions, from an array.
    public static func parseWithPositions(_ bytes: [UInt8], firstLine: Int = 1) throws -> (JSONValue, Positions) {
        try bytes.withUnsafeBufferPointer { try parseWithPositions($0, firstLine: firstLine) }
    }

    /// Escapes one reference token of a JSON Pointer (`~` → `~0`, `/` → `~1`).
    public static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// 1-based column (in Unicode scalars) of byte `offset` on the line starting at byte `lineStart`.
    public static func column(of offset: Int, lineStart: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        var i = lineStart
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// A string compared and hashed by its UTF-8 bytes (JSON keys are equal only when byte-equal;
/// `String`'s own `==` and hash also match canonically equivalent spellings such as NFC and NFD).
private struct ExactKey: Hashable {
    let text: String
    static func == (a: ExactKey, b: ExactKey) -> Bool { sameUTF8(a.text, b.text) }
    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Duplicate-key detection in linear time: small objects are scanned, large ones (a tokenizer
/// vocabulary of 10^5 tokens) keep a hash index of their keys from the `scanLimit`-th member on.
private enum MemberIndex {
    static let scanLimit = 16

    /// The index (from 0) of an earlier member of the object whose members are `stack[base...]` with
    /// the bytes of `key`, or nil; then records `key` as the member about to be appended.
    static func earlier(_ key: String, in stack: [(key: String, value: JSONValue)], from base: Int,
                        index: inout [ExactKey: Int]) -> Int? {
        let count = stack.count - base
        if count < scanLimit {
            for k in base..<stack.count where sameUTF8(stack[k].key, key) { return k - base }
            return nil
        }
        if index.isEmpty {
            index.reserveCapacity(4 * scanLimit)
            for k in base..<stack.count { index[ExactKey(text: stack[k].key)] = k - base }
        }
        let exact = ExactKey(text: key)
        if let found = index[exact] { return found }
        index[exact] = count
        return nil
    }
}

/// The parsing state: a byte cursor with the current line and the byte where that line starts.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var line: Int
    var lineStart = 0
    let record: Bool
    var positions = JSONParser.Positions()
    var depth = 0
    /// Members of the objects being parsed, innermost last (one exact-size array per object at its end).
    var memberStack: [(key: String, value: JSONValue)] = []
    /// Elements of the arrays being parsed, innermost last.
    var elementStack: [JSONValue] = []

    init(bytes: UnsafeBufferPointer<UInt8>, line: Int, record: Bool) {
        self.bytes = bytes
        self.line = line
        self.record = record
        memberStack.reserveCapacity(16)
        elementStack.reserveCapacity(16)
    }

    func fail(_ reason: String, _ hint: String, at offset: Int? = nil) -> JSONError {
        let at = offset ?? i
        return JSONError(line: line, column: JSONParser.column(of: at, lineStart: lineStart, in: bytes),
                         byteOffset: at, reason: reason, hint: hint)
    }

    /// Columns of recorded positions, counted on along the line (record mode asks in increasing order).
    var columns = ColumnCounter()

    /// 1-based column of byte `offset` on the line starting at `lineStart`.
    mutating func column(at offset: Int, lineStart: Int) -> Int {
        columns.column(at: offset, lineStart: lineStart, in: bytes)
    }

    func here(_ offset: Int) -> JSONParser.Position {
        JSONParser.Position(line: line, column: JSONParser.column(of: offset, lineStart: lineStart, in: bytes))
    }

    mutating func document() throws -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            throw fail("byte-order mark (EF BB BF) at the start of the input",
                       "save the file as UTF-8 without a BOM (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' FILE`)")
        }
        skipWhitespace()
        let value = try parseValue(pointer: "")
        skipWhitespace()
        if i < bytes.count {
            throw fail("unexpected \(describe(at: i)) after the JSON value", "remove it, or put one value per line (JSONL)")
        }
        return value
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: i += 1; line += 1; lineStart = i
            default: return
            }
        }
    }

    /// A readable name for the byte at `offset` (a character, or "byte 0xNN").
    func describe(at offset: Int) -> String {
        let b = bytes[offset]
        if b == 0 { return "NUL byte (0x00)" }
        if b < 0x20 || b == 0x7F { return "control byte 0x\(hex2(b))" }
        if b < 0x80 { return "character '\(Character(Unicode.Scalar(b)))'" }
        if let (scalar, _) = decodeScalar(at: offset) { return "character '\(Character(scalar))'" }
        return "byte 0x\(hex2(b))"
    }

    func truncated(_ inside: String) -> JSONError {
        fail("truncated input: the text ends inside \(inside)", "the record is cut off; complete it or remove the partial record")
    }

    mutating func parseValue(pointer: String) throws -> JSONValue {
        guard i < bytes.count else { throw truncated(depth == 0 ? "nothing (a value was expected)" : "a value") }
        if record { positions.values[pointer] = JSONParser.Position(line: line, column: column(at: i, lineStart: lineStart)) }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject(pointer: pointer)
        case UInt8(ascii: "["): return try parseArray(pointer: pointer)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw fail("NaN and Infinity are not JSON", "write null, or the value as a string such as \"NaN\"")
        default:
            if let error = utf8Error(at: i) { throw error }
            throw fail("unexpected \(describe(at: i)) where a value was expected",
                       "a value is an object, array, string, number, true, false or null")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let start = i
        let count = word.utf8CodeUnitCount
        for k in 0..<count {
            guard i < bytes.count else { throw truncated("the literal `\(word)`") }
            guard bytes[i] == word.utf8Start[k] else {
                throw fail("invalid literal (expected `\(word)`)", "JSON literals are lowercase true, false and null", at: start)
            }
            i += 1
        }
    }

    mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw fail("nesting deeper than \(JSONParser.maxDepth) levels", "flatten the structure")
        }
    }

    mutating func parseObject(pointer: String) throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        let open = i, openLine = line, openLineStart = lineStart
        i += 1 // {
        let base = memberStack.count
        defer { memberStack.removeSubrange(base...) }
        var keyIndex: [ExactKey: Int] = [:]   // filled only once the object is large (see MemberIndex)
        skipWhitespace()
        guard i < bytes.count else { throw truncated("an object") }
        if bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
        while true {
            guard i < bytes.count else { throw truncated("an object") }
            guard bytes[i] == UInt8(ascii: "\"") else {
                if let error = utf8Error(at: i) { throw error }
                throw fail("expected a quoted key, found \(describe(at: i))", "object keys are strings in double quotes")
            }
            let keyStart = i
            let keyLine = line, keyLineStart = lineStart
            let key = try parseString()
            if let index = MemberIndex.earlier(key, in: memberStack, from: base, index: &keyIndex) {
                let first = keyPosition(member: index, objectAt: open, line: openLine, lineStart: openLineStart)
                throw fail("duplicate key \"\(key)\" (first at \(first.line):\(first.column))", "keep one of the two members", at: keyStart)
            }
            let memberPointer = record ? pointer + "/" + JSONParser.pointerToken(key) : ""
            if record {
                positions.keys[memberPointer] = JSONParser.Position(
                    line: keyLine, column: column(at: keyStart, lineStart: keyLineStart))
            }
            skipWhitespace()
            guard i < bytes.count else { throw truncated("an object") }
            guard bytes[i] == UInt8(ascii: ":") else {
                throw fail("expected ':' after the key \"\(key)\", found \(describe(at: i))", "write \"key\": value")
            }
            i += 1
            skipWhitespace()
            let value = try parseValue(pointer: memberPointer)
            memberStack.append((key, value))
            if try closeOrComma(UInt8(ascii: "}"), in: "object", item: "member") {
                return .object(Array(memberStack[base...]))
            }
        }
    }

    /// Where the key of member `member` of the (already parsed) object opening at `objectAt` starts:
    /// found again only when a duplicate key is reported, so the fast path keeps no offsets.
    func keyPosition(member: Int, objectAt: Int, line: Int, lineStart: Int) -> JSONParser.Position {
        var scan = Cursor(bytes: bytes, line: line, record: false)
        scan.i = objectAt + 1
        scan.lineStart = lineStart
        var index = 0
        while true {
            scan.skipWhitespace()
            if index == member || (try? scan.parseString()) == nil { return scan.here(scan.i) }
            scan.skipWhitespace()
            scan.i += 1 // :
            scan.skipWhitespace()
            guard (try? scan.parseValue(pointer: "")) != nil else { return scan.here(scan.i) }
            scan.skipWhitespace()
            scan.i += 1 // ,
            index += 1
        }
    }

    mutating func parseArray(pointer: String) throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1 // [
        let base = elementStack.count
        defer { elementStack.removeSubrange(base...) }
        skipWhitespace()
        guard i < bytes.count else { throw truncated("an array") }
        if bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
        while true {
            let value = try parseValue(pointer: record ? pointer + "/\(elementStack.count - base)" : "")
            elementStack.append(value)
            if try closeOrComma(UInt8(ascii: "]"), in: "array", item: "element") { return .array(Array(elementStack[base...])) }
        }
    }

    /// After an object member or array element: consumes `close` (true) or a separating comma (false);
    /// a comma followed by `close` is reported at the comma.
    mutating func closeOrComma(_ close: UInt8, in container: StaticString, item: StaticString) throws -> Bool {
        skipWhitespace()
        guard i < bytes.count else { throw truncated("an \(container)") }
        if bytes[i] == close { i += 1; return true }
        guard bytes[i] == UInt8(ascii: ",") else {
            let c = Character(Unicode.Scalar(close))
            throw fail("expected ',' or '\(c)' in an \(container), found \(describe(at: i))", "separate \(item)s with commas and close with '\(c)'")
        }
        let comma = i, commaLine = line, commaLineStart = lineStart
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == close {
            throw JSONError(line: commaLine, column: JSONParser.column(of: comma, lineStart: commaLineStart, in: bytes),
                            byteOffset: comma, reason: "trailing comma before '\(Character(Unicode.Scalar(close)))'",
                            hint: "remove the comma after the last \(item)")
        }
        return false
    }

    mutating func parseNumber() throws -> Double {
        let start = i
        if bytes[i] == UInt8(ascii: "-") {
            i += 1
            if i < bytes.count && bytes[i] == UInt8(ascii: "I") {
                throw fail("-Infinity is not JSON", "write null, or the value as a string", at: start)
            }
        }
        guard i < bytes.count else { throw truncated("a number") }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count && isDigit(bytes[i]) { throw fail("leading zero in a number", "write the number without leading zeros", at: start) }
        } else if isDigit(bytes[i]) {
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        } else {
            throw fail("expected a digit after '-'", "write a number such as -1.5")
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count else { throw truncated("a number") }
            guard isDigit(bytes[i]) else { throw fail("expected a digit after the decimal point", "write 1.0, not 1.") }
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < bytes.count else { throw truncated("a number") }
            guard isDigit(bytes[i]) else { throw fail("expected a digit in the exponent", "write an exponent such as 1e-3") }
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        if i - start <= 16 {
            // Integers of up to 15 digits are exact doubles; no text needed.
            var k = start, negative = false, magnitude = 0
            if bytes[k] == UInt8(ascii: "-") { negative = true; k += 1 }
            while k < i, isDigit(bytes[k]) { magnitude = magnitude &* 10 &+ Int(bytes[k] &- 0x30); k += 1 }
            if k == i && i - start - (negative ? 1 : 0) <= 15 { return negative ? -Double(magnitude) : Double(magnitude) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw fail("number \(text) is out of the double-precision range", "write it as a string", at: start)
        }
        return value
    }

    /// The error for an invalid UTF-8 sequence starting at `offset`, or nil when it is valid.
    func utf8Error(at offset: Int) -> JSONError? {
        if bytes[offset] < 0x80 || decodeScalar(at: offset) != nil { return nil }
        return fail("invalid UTF-8 (byte 0x\(hex2(bytes[offset])))", "re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)", at: offset)
    }

    /// Decodes one UTF-8 scalar at `offset` (rejecting overlongs, surrogates, > U+10FFFF).
    @inline(__always)
    func decodeScalar(at offset: Int) -> (Unicode.Scalar, Int)? { UTF8Scan.scalar(at: offset, in: bytes) }

    mutating func parseString() throws -> String {
        let open = i
        i += 1
        var buffer: [UInt8] = []
        var runStart = i
        var escaped = false
        while true {
            skipPlainASCII()
            guard i < bytes.count else { throw truncated("a string (opened at column \(JSONParser.column(of: open, lineStart: lineStart, in: bytes)))") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<i])
                i += 1
                if !escaped { return String(decoding: run, as: UTF8.self) }
                buffer.append(contentsOf: run)
                return String(decoding: buffer, as: UTF8.self)
            } else if b == UInt8(ascii: "\\") {
                if !escaped { escaped = true; buffer.reserveCapacity(i - runStart + 16) }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                try parseEscape(into: &buffer)
                runStart = i
            } else if b < 0x20 {
                let name = b == 0 ? "NUL byte (0x00)" : b == 0x0A ? "line break" : "control character U+00\(hex2(b))"
                let hint = b == 0x0A ? "escape it as \\n (a raw newline inside a string usually means the record is cut off)"
                    : b == 0 ? "remove the NUL byte; it usually means a binary or corrupted file" : "escape it as \\u00\(hex2(b))"
                throw fail("\(name) inside a string", hint)
            } else if b < 0x80 {
                i += 1
            } else {
                let length = UTF8Scan.sequenceLength(at: i, in: bytes)
                if length == 0 { throw utf8Error(at: i)! }
                i += length
            }
        }
    }

    /// Advances over printable ASCII other than `"` and `\\`, eight bytes at a time where it can.
    @inline(__always)
    mutating func skipPlainASCII() {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = x ^ (ones &* 0x22), backslash = x ^ (ones &* 0x5C)
            // A high bit survives for: a byte >= 0x80, a byte < 0x20, a `"` or a `\\` (standard zero-byte tests).
            let special = (x | (x &- ones &* 0x20) | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs
            if special != 0 { break }
            i += 8
        }
        while i < n {
            let b = bytes[i]
            if b < 0x20 || b >= 0x80 || b == 0x22 || b == 0x5C { return }
            i += 1
        }
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws {
        let start = i
        i += 1
        guard i < bytes.count else { throw truncated("a string escape") }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4(escapeStart: start)
            if (0xDC00...0xDFFF).contains(code) {
                throw fail("lone low surrogate \\u\(hex4String(code))", "a low surrogate must follow a high surrogate \\uD800–\\uDBFF", at: start)
            }
            if (0xD800...0xDBFF).contains(code) {
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    throw fail("lone high surrogate \\u\(hex4String(code))", "follow it with a low surrogate \\uDC00–\\uDFFF", at: start)
                }
                let lowStart = i
                i += 2
                let low = try hex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw fail("lone high surrogate \\u\(hex4String(code))", "follow it with a low surrogate \\uDC00–\\uDFFF", at: start)
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            buffer.append(contentsOf: Array(String(Character(Unicode.Scalar(code)!)).utf8))
        default:
            throw fail("invalid escape \\\(describe(at: i - 1).replacingOccurrences(of: "character ", with: ""))",
                       "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", at: start)
        }
    }

    mutating func hex4(escapeStart: Int) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count else { throw truncated("a \\u escape") }
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("\\u needs four hex digits", "write \\u followed by exactly four hex digits", at: escapeStart)
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}

private func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
}

private func hex4String(_ v: UInt32) -> String {
    hex2(UInt8(v >> 8)) + hex2(UInt8(v & 0xFF))
}
