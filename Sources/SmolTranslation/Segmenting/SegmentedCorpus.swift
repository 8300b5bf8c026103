import SmolCore
import SmolDatasets

/// One document of a corpus that was segmented.
public struct SourceDocument: Sendable, Equatable {
    /// The dataset record's id.
    public var id: String
    /// The reference translation, when the corpus is a translation set.
    public var reference: String?

    public init(id: String, reference: String? = nil) {
        self.id = id
        self.reference = reference
    }
}

/// One segment: piece `index` of document `document`.
public struct Segment: Sendable, Equatable {
    public var document: Int
    public var index: Int
    public var piece: Piece

    public init(document: Int, index: Int, piece: Piece) {
        self.document = document
        self.index = index
        self.piece = piece
    }

    /// The text to translate.
    public var text: String { piece.text }

    /// SHA-256 (hex) of the text's UTF-8 bytes: the segment's key in the decoding store.
    public var hash: String { SHA256.hex(of: Array(piece.text.utf8)) }
}

/// A corpus cut into segments, documents kept in order, so translations reassemble one output
/// document per input document.
///
/// Invariants:
/// 1. `segments` are in document order, then piece order; every document has at least one segment.
/// 2. `source(of: d)` is document d's text byte for byte (`Piece` invariant).
/// 3. `canonicalJSONL()` is a pure function of the value, and `init(canonicalJSONL:)` reads it back.
public struct SegmentedCorpus: Sendable, Equatable {
    public var name: String
    public var unit: SegmentUnit
    public var window: Int
    public var sourceLanguage: String
    public var targetLanguage: String
    public var documents: [SourceDocument]
    public var segments: [Segment]

    public init(name: String, unit: SegmentUnit, window: Int, sourceLanguage: String, targetLanguage: String,
                documents: [SourceDocument], segments: [Segment]) {
        self.name = name
        self.unit = unit
        self.window = window
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.documents = documents
        self.segments = segments
    }

    /// Segments the text of each record of `dataset` (`field`; default `source` for a translation set,
    /// else `text`); a translation set's `target` becomes each document's reference, and its
    /// languages the corpus's unless given.
    public static func make(_ dataset: Dataset, field: String? = nil, segmenter: Segmenter,
                            sourceLanguage: String? = nil, targetLanguage: String? = nil) throws -> SegmentedCorpus {
        let isTranslation = dataset.schema == .translation
        let field = field ?? (isTranslation ? "source" : "text")
        var documents: [SourceDocument] = []
        var segments: [Segment] = []
        var languages: (String?, String?) = (nil, nil)
        for (d, record) in dataset.records.enumerated() {
            guard let text = Dataset.field(field, of: record)?.stringValue else {
                throw TranslationError.invalidArgument("record \(d) of \(dataset.name) has no text field '\(field)'; pass field: with one it has (\(dataset.fieldNames.joined(separator: ", ")))")
            }
            let id = record["id"]?.stringValue ?? String(d)
            documents.append(SourceDocument(id: id, reference: isTranslation && field == "source" ? record["target"]?.stringValue : nil))
            for (k, piece) in segmenter.pieces(text).enumerated() { segments.append(Segment(document: d, index: k, piece: piece)) }
            if languages.0 == nil, let l = record["source_lang"]?.stringValue, l != "und" { languages.0 = l }
            if languages.1 == nil, let l = record["target_lang"]?.stringValue, l != "und" { languages.1 = l }
        }
        return SegmentedCorpus(name: dataset.name, unit: segmenter.unit, window: segmenter.window,
                               sourceLanguage: sourceLanguage ?? languages.0 ?? "en", targetLanguage: targetLanguage ?? languages.1 ?? "ar",
                               documents: documents, segments: segments)
    }

    /// The segments of each document, as ranges of `segments`.
    public var documentRanges: [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for d in documents.indices {
            var end = start
            while end < segments.count && segments[end].document == d { end += 1 }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// Document `d` reassembled from its segments (byte-identical to the text segmented).
    public func source(of d: Int) -> String {
        segments.filter { $0.document == d }.map { $0.piece.leading + $0.piece.text + $0.piece.trailing }.joined()
    }

    /// Source tokens of all segments.
    public var sourceTokens: Int { segments.reduce(0) { $0 + $1.piece.tokens } }

    // MARK: Stored form

    static let format = "smol-segments-1"

    /// One header line, then for each document a line `{"doc", "id", "reference"?}` followed by one line
    /// per segment `{"doc", "seg", "leading", "text", "trailing", "tokens"}`; canonical JSON, `\n` after each.
    public func canonicalJSONL() -> [UInt8] {
        var out: [UInt8] = []
        func line(_ value: JSONValue) { out += value.canonicalBytes(); out.append(0x0A) }
        line(.object([("format", .string(Self.format)), ("name", .string(name)), ("unit", .string(unit.rawValue)),
                      ("window", .number(Double(window))), ("source_lang", .string(sourceLanguage)),
                      ("target_lang", .string(targetLanguage)), ("documents", .number(Double(documents.count))),
                      ("segments", .number(Double(segments.count)))]))
        for (d, range) in documentRanges.enumerated() {
            var doc: [(key: String, value: JSONValue)] = [("doc", .number(Double(d))), ("id", .string(documents[d].id))]
            if let reference = documents[d].reference { doc.append(("reference", .string(reference))) }
            line(.object(doc))
            for s in segments[range] {
                line(.object([("doc", .number(Double(d))), ("seg", .number(Double(s.index))), ("leading", .string(s.piece.leading)),
                              ("text", .string(s.piece.text)), ("trailing", .string(s.piece.trailing)),
                              ("tokens", .number(Double(s.piece.tokens)))]))
            }
        }
        return out
    }

    /// Reads `canonicalJSONL()` back.
    public init(canonicalJSONL bytes: [UInt8]) throws {
        var lines = JSONLines(bytes, what: "segments")
        let header = try lines.next()
        guard header?["format"]?.stringValue == Self.format, let header,
              let unit = header["unit"]?.stringValue.flatMap(SegmentUnit.init(rawValue:)) else {
            throw TranslationError.malformed(what: "segments", line: 1, "expected a \(Self.format) header")
        }
        self.init(name: header["name"]?.stringValue ?? "", unit: unit, window: header["window"]?.intValue ?? 0,
                  sourceLanguage: header["source_lang"]?.stringValue ?? "en", targetLanguage: header["target_lang"]?.stringValue ?? "ar",
                  documents: [], segments: [])
        while let value = try lines.next() {
            guard let d = value["doc"]?.intValue else { throw lines.error("a line without \"doc\"") }
            if let seg = value["seg"]?.intValue {
                guard d == documents.count - 1, let text = value["text"]?.stringValue else { throw lines.error("a segment outside its document") }
                segments.append(Segment(document: d, index: seg, piece: Piece(
                    leading: value["leading"]?.stringValue ?? "", text: text, trailing: value["trailing"]?.stringValue ?? "",
                    tokens: value["tokens"]?.intValue ?? 0)))
            } else {
                guard d == documents.count, let id = value["id"]?.stringValue else { throw lines.error("documents out of order") }
                documents.append(SourceDocument(id: id, reference: value["reference"]?.stringValue))
            }
        }
    }
}

/// Canonical JSON lines read one by one, with the line number for errors.
struct JSONLines {
    let bytes: [UInt8]
    let what: String
    var start = 0
    var number = 0

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    mutating func next() throws -> JSONValue? {
        guard start < bytes.count else { return nil }
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        number += 1
        defer { start = end + 1 }
        do { return try JSONParser.parse(Array(bytes[start..<end])) } catch {
            throw TranslationError.malformed(what: what, line: number, "\(error)")
        }
    }

    func error(_ message: String) -> TranslationError { .malformed(what: what, line: number, message) }
}
