import Foundation

/// A GNU gettext message catalogue (`.mo`), read in either byte order.
///
/// Layout (GNU gettext manual, "The Format of GNU MO Files"): a 28-byte header of 32-bit words —
/// magic 0x950412de, revision, N, the offsets of the original and translated string tables, and the
/// hash table's size and offset — then two tables of N (length, offset) pairs, each naming a string
/// of `length` bytes followed by a NUL. A message with a context is stored as `context EOT msgid`; a
/// plural message as `msgid NUL msgid_plural`, its translation as the forms separated by NULs.
///
/// Invariants:
/// 1. Every table and string lies inside the file and every string ends in a NUL; anything else is
///    a `GettextError` naming the table, the entry and the offsets, never a crash or a silent skip.
/// 2. Strings are UTF-8 (the charset every Debian catalogue declares); another charset, or bytes that
///    are not UTF-8, is an error.
/// 3. Entries keep the file's order (sorted by msgid, as msgfmt writes them).
public struct GettextCatalog: Sendable {
    /// One message and its translation.
    public struct Entry: Sendable, Equatable {
        /// `msgctxt`, when the message has one.
        public var context: String?
        public var msgid: String
        /// `msgid_plural` of a plural message.
        public var msgidPlural: String?
        /// The translation, or its plural forms in the catalogue's order.
        public var msgstr: [String]
    }

    /// Byte order of the file's 32-bit words.
    public enum ByteOrder: String, Sendable { case littleEndian, bigEndian }

    /// The magic number in the file's own byte order.
    public static let magic: UInt32 = 0x950412de

    public var entries: [Entry]
    /// The header's fields (`Language`, `Content-Type`, `Plural-Forms`, …) from the empty msgid's translation.
    public var header: [String: String]
    public var byteOrder: ByteOrder
    /// Major and minor revision (gettext writes 0 or 1 as major).
    public var revision: (major: UInt16, minor: UInt16)

    /// The catalogue's language (`Language:` header, e.g. "ar"), or nil.
    public var language: String? { header["Language"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Reads the catalogue at `path`.
    public static func read(path: String) throws(GettextError) -> GettextCatalog {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        return try parse([UInt8](data), path: path)
    }

    /// Parses catalogue bytes; `path` names the file in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(GettextError) -> GettextCatalog {
        guard bytes.count >= 28 else { throw .truncated(path: path, size: bytes.count) }
        let order: ByteOrder
        switch (word(bytes, 0, .littleEndian), word(bytes, 0, .bigEndian)) {
        case (magic, _): order = .littleEndian
        case (_, magic): order = .bigEndian
        default: throw .badMagic(path: path, found: Array(bytes[0..<4]))
        }
        let revision = word(bytes, 4, order)
        let major = UInt16(revision >> 16), minor = UInt16(revision & 0xFFFF)
        guard major <= 1 else { throw .unsupportedRevision(path: path, major: Int(major), minor: Int(minor)) }
        let count = Int(word(bytes, 8, order))
        let originals = Int(word(bytes, 12, order)), translations = Int(word(bytes, 16, order))
        for (name, offset) in [("original", originals), ("translation", translations)] {
            guard offset + count * 8 <= bytes.count else {   // offsets and counts are 32-bit: no overflow in Int
                throw .tableOutOfBounds(path: path, table: name, offset: offset, entries: count, size: bytes.count)
            }
        }
        func string(_ table: String, _ base: Int, _ index: Int) throws(GettextError) -> [UInt8] {
            let length = Int(word(bytes, base + 8 * index, order)), offset = Int(word(bytes, base + 8 * index + 4, order))
            guard offset + length < bytes.count else {
                throw .stringOutOfBounds(path: path, table: table, index: index, offset: offset, length: length, size: bytes.count)
            }
            guard bytes[offset + length] == 0 else { throw .missingTerminator(path: path, table: table, index: index, offset: offset + length) }
            return Array(bytes[offset..<(offset + length)])
        }
        func text(_ raw: ArraySlice<UInt8>, _ table: String, _ index: Int) throws(GettextError) -> String {
            guard let s = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(path: path, table: table, index: index) }
            return s
        }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var header: [String: String] = [:]
        for index in 0..<count {
            let original = try string("original", originals, index), translated = try string("translation", translations, index)
            var key = original[...]
            var context: String?
            if let eot = key.firstIndex(of: 0x04) {
                context = try text(key[..<eot], "original", index)
                key = key[(eot + 1)...]
            }
            let ids = key.split(separator: 0, omittingEmptySubsequences: false)
            let msgid = try text(ids[0], "original", index)
            let plural = ids.count > 1 ? try text(ids[1], "original", index) : nil
            var forms: [String] = []
            for form in translated.split(separator: 0, omittingEmptySubsequences: false) { forms.append(try text(form, "translation", index)) }
            if msgid.isEmpty && context == nil {
                header = parseHeader(forms.first ?? "")
                if let charset = header["Content-Type"]?.components(separatedBy: "charset=").dropFirst().first?
                    .trimmingCharacters(in: .whitespaces), !charset.isEmpty, charset.uppercased() != "UTF-8", charset.uppercased() != "CHARSET" {
                    throw .unsupportedCharset(path: path, charset: charset)
                }
            }
            entries.append(Entry(context: context, msgid: msgid, msgidPlural: plural, msgstr: forms))
        }
        return GettextCatalog(entries: entries, header: header, byteOrder: order, revision: (major, minor))
    }

    /// `Name: value` lines of the header entry.
    static func parseHeader(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon]).trimmingCharacters(in: .whitespaces)] =
                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The 32-bit word at `offset` in `order`.
    static func word(_ bytes: [UInt8], _ offset: Int, _ order: ByteOrder) -> UInt32 {
        let b = (0..<4).map { UInt32(bytes[offset + $0]) }
        switch order {
        case .littleEndian: return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24
        case .bigEndian: return b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
        }
    }

    /// Catalogue bytes for `entries` in `order` (no hash table): what msgfmt writes, for tests and tools.
    /// Entries are written in the order given; gettext expects them sorted by msgid.
    public static func encode(_ entries: [Entry], order: ByteOrder) -> [UInt8] {
        func put(_ x: UInt32, _ out: inout [UInt8]) {
            let b = [UInt8(x >> 24), UInt8(x >> 16 & 0xFF), UInt8(x >> 8 & 0xFF), UInt8(x & 0xFF)]
            out += order == .bigEndian ? b : Array(b.reversed())
        }
        let originals = entries.map { e -> [UInt8] in
            var key: [UInt8] = []
            if let context = e.context { key = Array(context.utf8) + [0x04] }
            key += Array(e.msgid.utf8)
            if let plural = e.msgidPlural { key += [0] + Array(plural.utf8) }
            return key
        }
        let translations = entries.map { e in Array(e.msgstr.joined(separator: "\0").utf8) }
        let n = entries.count, tables = 28, stringsStart = tables + 16 * n
        var out: [UInt8] = []
        for x in [magic, 0, UInt32(n), UInt32(tables), UInt32(tables + 8 * n), 0, UInt32(stringsStart)] { put(x, &out) }
        var strings: [UInt8] = []
        var descriptors: [(Int, Int)] = []
        for s in originals + translations {
            descriptors.append((s.count, stringsStart + strings.count))
            strings += s + [0]
        }
        for (length, offset) in descriptors { put(UInt32(length), &out); put(UInt32(offset), &out) }
        return out + strings
    }
}

/// What is wrong with a `.mo` file; each names the file and the place.
public enum GettextError: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(path: String)
    /// Shorter than the 28-byte header.
    case truncated(path: String, size: Int)
    /// The first four bytes are not 0x950412de in either byte order.
    case badMagic(path: String, found: [UInt8])
    case unsupportedRevision(path: String, major: Int, minor: Int)
    /// A string table runs past the end of the file.
    case tableOutOfBounds(path: String, table: String, offset: Int, entries: Int, size: Int)
    /// An entry's string runs past the end of the file.
    case stringOutOfBounds(path: String, table: String, index: Int, offset: Int, length: Int, size: Int)
    /// An entry's string is not followed by a NUL byte.
    case missingTerminator(path: String, table: String, index: Int, offset: Int)
    case invalidUTF8(path: String, table: String, index: Int)
    case unsupportedCharset(path: String, charset: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path): error: cannot read the file; check the path and its permissions"
        case let .truncated(path, size):
            "\(path): error: a .mo file is at least 28 bytes (its header), this one has \(size); the file is truncated or not a gettext catalogue"
        case let .badMagic(path, found):
            "\(path): error: bad magic number \(found.map { String(format: "%02x", $0) }.joined()) (expected de120495 or 950412de); not a gettext .mo file (a .po file needs msgfmt first)"
        case let .unsupportedRevision(path, major, minor):
            "\(path): error: unsupported .mo revision \(major).\(minor); gettext writes major revision 0 or 1"
        case let .tableOutOfBounds(path, table, offset, entries, size):
            "\(path): error: the \(table) string table (\(entries) entries at offset \(offset)) runs past the end of the file (\(size) bytes); the file is truncated or corrupt"
        case let .stringOutOfBounds(path, table, index, offset, length, size):
            "\(path): error: \(table) string \(index) (\(length) bytes at offset \(offset)) runs past the end of the file (\(size) bytes); the file is truncated or corrupt"
        case let .missingTerminator(path, table, index, offset):
            "\(path): error: \(table) string \(index) is not followed by a NUL byte (offset \(offset)); the file is corrupt"
        case let .invalidUTF8(path, table, index):
            "\(path): error: \(table) string \(index) is not valid UTF-8; recompile the catalogue with charset=UTF-8"
        case let .unsupportedCharset(path, charset):
            "\(path): error: the catalogue's charset is \(charset); smol reads UTF-8 catalogues (convert with msgconv --to-code=UTF-8)"
        }
    }
}
