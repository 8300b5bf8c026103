import SmolCore

/// The output for one segment.
public struct SegmentOutput: Sendable, Equatable {
    /// The cleaned translation (see `OutputHygiene`).
    public var text: String
    public var flags: [OutputFlag]
    /// New tokens the model produced.
    public var outputTokens: Int
    /// "stop", "length", "skipped", or "copy" for the copy baseline.
    public var finish: String

    public init(text: String, flags: [OutputFlag], outputTokens: Int, finish: String) {
        self.text = text
        self.flags = flags
        self.outputTokens = outputTokens
        self.finish = finish
    }
}

/// A segmented corpus with one output per segment, and what produced them.
///
/// Invariants:
/// 1. `outputs.count == corpus.segments.count`, in the same order.
/// 2. `canonicalJSONL()` holds no timing or machine detail: the same model, settings and corpus give
///    the same bytes, resumed or not, whatever the batch size or thread count.
public struct TranslationSet: Sendable, Equatable {
    public var corpus: SegmentedCorpus
    public var outputs: [SegmentOutput]
    /// The model artifact's hash ("copy" for the copy baseline).
    public var model: String
    /// `DecodingSettings.json`, or the baseline's description.
    public var settings: JSONValue

    public init(corpus: SegmentedCorpus, outputs: [SegmentOutput], model: String, settings: JSONValue) {
        precondition(outputs.count == corpus.segments.count, "TranslationSet: one output per segment")
        self.corpus = corpus
        self.outputs = outputs
        self.model = model
        self.settings = settings
    }

    /// The copy baseline: every segment "translated" into itself.
    public static func copy(_ corpus: SegmentedCorpus) -> TranslationSet {
        let outputs = corpus.segments.map { s in
            SegmentOutput(text: s.text, flags: s.text.isEmpty || corpus.sourceLanguage == corpus.targetLanguage ? [] : [.untranslated],
                          outputTokens: 0, finish: "copy")
        }
        return TranslationSet(corpus: corpus, outputs: outputs, model: "copy", settings: .object([("baseline", .string("copy"))]))
    }

    /// Document `d`'s translation: the outputs in order with the source's whitespace between them.
    public func translation(of d: Int) -> String {
        var out = ""
        for k in corpus.documentRanges[d] {
            let piece = corpus.segments[k].piece
            out += piece.leading + outputs[k].text + piece.trailing
        }
        return out
    }

    /// How many segments carry each flag.
    public var flagCounts: [OutputFlag: Int] {
        var counts: [OutputFlag: Int] = [:]
        for o in outputs { for f in o.flags { counts[f, default: 0] += 1 } }
        return counts
    }

    public var outputTokens: Int { outputs.reduce(0) { $0 + $1.outputTokens } }

    // MARK: Stored form

    static let format = "smol-translations-1"

    /// A header line (model, settings, corpus description), then the corpus's document lines, each
    /// followed by its segments with their outputs.
    public func canonicalJSONL() -> [UInt8] {
        var out: [UInt8] = []
        func line(_ value: JSONValue) { out += value.canonicalBytes(); out.append(0x0A) }
        let c = corpus
        line(.object([("format", .string(Self.format)), ("model", .string(model)), ("settings", settings), ("name", .string(c.name)),
                      ("unit", .string(c.unit.rawValue)), ("window", .number(Double(c.window))), ("source_lang", .string(c.sourceLanguage)),
                      ("target_lang", .string(c.targetLanguage)), ("documents", .number(Double(c.documents.count))),
                      ("segments", .number(Double(c.segments.count)))]))
        for (d, range) in c.documentRanges.enumerated() {
            var doc: [(key: String, value: JSONValue)] = [("doc", .number(Double(d))), ("id", .string(c.documents[d].id))]
            if let reference = c.documents[d].reference { doc.append(("reference", .string(reference))) }
            line(.object(doc))
            for k in range {
                let s = c.segments[k], o = outputs[k]
                line(.object([("doc", .number(Double(d))), ("seg", .number(Double(s.index))), ("leading", .string(s.piece.leading)),
                              ("text", .string(s.piece.text)), ("trailing", .string(s.piece.trailing)),
                              ("tokens", .number(Double(s.piece.tokens))), ("translation", .string(o.text)),
                              ("flags", .array(o.flags.map { .string($0.rawValue) })), ("output_tokens", .number(Double(o.outputTokens))),
                              ("finish", .string(o.finish))]))
            }
        }
        return out
    }

    /// Reads `canonicalJSONL()` back.
    public init(canonicalJSONL bytes: [UInt8]) throws {
        var lines = JSONLines(bytes, what: "translations")
        guard let header = try lines.next(), header["format"]?.stringValue == Self.format,
              let unit = header["unit"]?.stringValue.flatMap(SegmentUnit.init(rawValue:)) else {
            throw TranslationError.malformed(what: "translations", line: 1, "expected a \(Self.format) header")
        }
        var corpus = SegmentedCorpus(name: header["name"]?.stringValue ?? "", unit: unit, window: header["window"]?.intValue ?? 0,
                                     sourceLanguage: header["source_lang"]?.stringValue ?? "en",
                                     targetLanguage: header["target_lang"]?.stringValue ?? "ar", documents: [], segments: [])
        var outputs: [SegmentOutput] = []
        while let value = try lines.next() {
            guard let d = value["doc"]?.intValue else { throw lines.error("a line without \"doc\"") }
            if let seg = value["seg"]?.intValue {
                guard d == corpus.documents.count - 1, let text = value["text"]?.stringValue,
                      let translation = value["translation"]?.stringValue else { throw lines.error("a segment outside its document") }
                corpus.segments.append(Segment(document: d, index: seg, piece: Piece(
                    leading: value["leading"]?.stringValue ?? "", text: text, trailing: value["trailing"]?.stringValue ?? "",
                    tokens: value["tokens"]?.intValue ?? 0)))
                let flags = (value["flags"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(OutputFlag.init(rawValue:)) }
                outputs.append(SegmentOutput(text: translation, flags: flags, outputTokens: value["output_tokens"]?.intValue ?? 0,
                                             finish: value["finish"]?.stringValue ?? "stop"))
            } else {
                guard d == corpus.documents.count, let id = value["id"]?.stringValue else { throw lines.error("documents out of order") }
                corpus.documents.append(SourceDocument(id: id, reference: value["reference"]?.stringValue))
            }
        }
        self.init(corpus: corpus, outputs: outputs, model: header["model"]?.stringValue ?? "", settings: header["settings"] ?? .null)
    }
}
