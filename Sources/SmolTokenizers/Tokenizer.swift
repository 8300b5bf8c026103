// The byte-level BPE tokenizer: added tokens → normaliser → pre-tokenizer → BPE → post-processor,
// and back through the ByteLevel decoder.
//
// Invariants:
// 1. A Tokenizer is immutable after init; every cache is local to one call or one worker thread,
//    so encode is a pure function of (tokenizer, text) and encodeBatch is identical for any thread count.
// 2. With the ByteLevel decoder, decode(encode(s)) == s for every String s.

import Foundation
import SmolCore

/// What the post-processor adds around an encoded sequence when `addSpecialTokens` is true.
struct PostProcessor: Sendable, Equatable {
    var prefix: [Int32] = []
    var suffix: [Int32] = []
    /// The tokenizer.json object it came from (written back unchanged by jsonData()).
    var json: JSONValue = .null
}

/// How ids turn back into text.
enum TokenDecoder: Sendable, Equatable {
    case byteLevel(json: JSONValue)
    /// No decoder: tokens joined with spaces, as HF does.
    case none
}

/// A byte-level BPE tokenizer compatible with Hugging Face `tokenizer.json`.
public final class Tokenizer: Sendable {
    let model: BPEModel
    /// Added tokens matched in the raw text (normalized = false).
    let matcher: AddedTokenMatcher
    /// Added tokens matched after normalisation (normalized = true), in the text between raw matches.
    let normalizedMatcher: AddedTokenMatcher
    /// All added tokens, sorted by id.
    let addedTokens: [AddedToken]
    let addedByID: [Int: AddedToken]
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let postProcessor: PostProcessor?
    let decoder: TokenDecoder

    /// The chat template text (tokenizer_config.json beside tokenizer.json, or GGUF metadata).
    public let chatTemplateText: String?
    /// The beginning-of-sequence id, when the checkpoint declares one.
    public let bosTokenID: Int?
    /// The end-of-sequence id, when the checkpoint declares one.
    public let eosTokenID: Int?

    init(model: BPEModel, addedTokens: [AddedToken], normalizer: Normalizer?, preTokenizer: PreTokenizer?,
         postProcessor: PostProcessor?, decoder: TokenDecoder, chatTemplateText: String?, bosTokenID: Int?, eosTokenID: Int?) {
        self.model = model
        let sorted = addedTokens.sorted { $0.id < $1.id }
        self.addedTokens = sorted
        self.matcher = AddedTokenMatcher(sorted.filter { !$0.normalized })
        self.normalizedMatcher = AddedTokenMatcher(sorted.filter(\.normalized))
        self.addedByID = Dictionary(sorted.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.postProcessor = postProcessor
        self.decoder = decoder
        self.chatTemplateText = chatTemplateText
        self.bosTokenID = bosTokenID
        self.eosTokenID = eosTokenID
    }

    /// Number of ids (model vocabulary and added tokens).
    public var vocabularySize: Int { max(model.tokens.count, (addedByID.keys.max() ?? -1) + 1) }

    /// Special added tokens by content.
    public var specialTokens: [String: Int] {
        Dictionary(addedByID.values.filter(\.special).map { ($0.content, $0.id) }, uniquingKeysWith: min)
    }

    /// The id of a token spelling (byte-level form for model tokens, content for added tokens).
    public func id(of token: String) -> Int? {
        if let a = addedTokens.first(where: { $0.content == token }) { return a.id }
        return model.ids[token].map(Int.init)
    }

    /// The same tokenizer carrying `template`'s Jinja text as its chat template (what a fine-tuned
    /// model saves in tokenizer_config.json, as open-instruct and TRL do).
    public func carrying(_ template: ChatTemplate) -> Tokenizer {
        Tokenizer(model: model, addedTokens: addedTokens, normalizer: normalizer, preTokenizer: preTokenizer,
                  postProcessor: postProcessor, decoder: decoder, chatTemplateText: template.jinja,
                  bosTokenID: bosTokenID, eosTokenID: eosTokenID)
    }

    // MARK: Encoding

    /// The ids of `text`; `addSpecialTokens` applies the post-processor (e.g. a BOS prefix).
    public func encode(_ text: String, addSpecialTokens: Bool = false) -> [Int] {
        var cache = WordCache()
        var out: [Int32] = []
        encode(text, addSpecialTokens: addSpecialTokens, into: &out, cache: &cache)
        return out.map(Int.init)
    }

    /// The ids of many texts, encoded on `threads` threads; identical for every thread count.
    public func encodeBatch(_ texts: [String], threads: Int, addSpecialTokens: Bool = false) -> [[Int]] {
        mapEncoded(texts, threads: threads, addSpecialTokens: addSpecialTokens) { $0.map(Int.init) }
    }

    /// Total tokens of many texts, counted on `threads` threads without keeping the ids.
    public func countTokens(_ texts: [String], threads: Int = 1) -> [Int] {
        mapEncoded(texts, threads: threads, addSpecialTokens: false) { $0.count }
    }

    /// `transform` of each text's ids, in order; each worker reuses one id buffer and one word cache.
    private func mapEncoded<Result>(_ texts: [String], threads: Int, addSpecialTokens: Bool,
                                    _ transform: @escaping @Sendable ([Int32]) -> Result) -> [Result] {
        var results = [Result?](repeating: nil, count: texts.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeMutableSendablePointer(buffer.baseAddress!)
            forEachChunk(count: texts.count, threads: threads) { range, cache in
                var ids: [Int32] = []
                for i in range {
                    ids.removeAll(keepingCapacity: true)
                    self.encode(texts[i], addSpecialTokens: addSpecialTokens, into: &ids, cache: &cache)
                    slots[i] = transform(ids)
                }
            }
        }
        return results.map { $0! }
    }

    /// Runs `body` over fixed chunks of 0..<count; worker w takes chunks w, w+T, … with its own cache.
    private func forEachChunk(count: Int, threads: Int, _ body: @escaping @Sendable (Range<Int>, inout WordCache) -> Void) {
        let chunk = 64
        let chunks = (count + chunk - 1) / chunk
        let workers = max(1, min(threads, chunks))
        let work: @Sendable (Int) -> Void = { w in
            var cache = WordCache()
            var c = w
            while c < chunks {
                body((c * chunk)..<min(count, (c + 1) * chunk), &cache)
                c += workers
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    }

    func encode(_ text: String, addSpecialTokens: Bool, into out: inout [Int32], cache: inout WordCache) {
        if addSpecialTokens, let post = postProcessor { out.append(contentsOf: post.prefix) }
        var text = text
        text.withUTF8 { p in
            for segment in matcher.split(p) {
                switch segment {
                case .token(let id, _): out.append(id)
                case .text(let range): encodePlain(UnsafeBufferPointer(rebasing: p[range]), into: &out, cache: &cache)
                }
            }
        }
        if addSpecialTokens, let post = postProcessor { out.append(contentsOf: post.suffix) }
    }

    /// Normalises text that holds no raw-matched added token, then matches the normalized added tokens in it
    /// (HF's second pass) and encodes the text between them.
    private func encodePlain(_ p: UnsafeBufferPointer<UInt8>, into out: inout [Int32], cache: inout WordCache) {
        guard normalizer != nil || !normalizedMatcher.tokens.isEmpty else { return encodeNormalized(p, into: &out, cache: &cache) }
        let normalized = normalizer.map { Array($0.apply(String(decoding: p, as: UTF8.self)).utf8) } ?? Array(p)
        normalized.withUnsafeBufferPointer { n in
            for segment in normalizedMatcher.split(n) {
                switch segment {
                case .token(let id, _): out.append(id)
                case .text(let range): encodeNormalized(UnsafeBufferPointer(rebasing: n[range]), into: &out, cache: &cache)
                }
            }
        }
    }

    /// Pre-tokenizes and BPE-encodes normalised text.
    private func encodeNormalized(_ p: UnsafeBufferPointer<UInt8>, into out: inout [Int32], cache: inout WordCache) {
        var buffer = Array(p)
        var pieces: [Range<Int>] = buffer.isEmpty ? [] : [0..<buffer.count]
        preTokenizer?.apply(&buffer, &pieces)
        buffer.withUnsafeBufferPointer { b in
            for piece in pieces where !piece.isEmpty {
                let hash = WordCache.hash(b, piece)
                if cache.lookup(b, piece, hash: hash, into: &out) { continue }
                let start = out.count
                model.encodeWord(b, piece, into: &out)
                cache.insert(b, piece, hash: hash, ids: out[start...])
            }
        }
    }

    // MARK: Decoding

    /// The spellings of ids: byte-level form for model tokens, content for added tokens.
    public func tokenStrings(_ ids: [Int]) -> [String] {
        ids.map { id in
            if let added = addedByID[id] { return added.content }
            return id >= 0 && id < model.tokens.count ? model.tokens[id] : ""
        }
    }

    /// The text of ids; `skipSpecialTokens` drops special added tokens. Invalid UTF-8 becomes U+FFFD.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = false) -> String {
        let kept = skipSpecialTokens ? ids.filter { addedByID[$0]?.special != true } : ids
        let strings = tokenStrings(kept)
        switch decoder {
        case .none:
            return strings.joined(separator: " ")
        case .byteLevel:
            var bytes: [UInt8] = []
            for s in strings { bytes.append(contentsOf: ByteLevel.decode(s) ?? Array(s.utf8)) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
