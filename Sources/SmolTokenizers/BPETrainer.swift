import SmolCore
// Training a byte-level BPE from a corpus.
//
// Algorithm: pre-tokenise every text (Digits(individual) + ByteLevel, as SmolLM's tokenizer) and count
// the distinct words; then repeatedly merge the most frequent adjacent pair, updating pair counts
// incrementally from the words that contain the merged pair only.
//
// Invariants (the documented tie-break):
// 1. Ids: the special tokens in the order given, then the 256 byte-level characters sorted by code
//    point, then one id per merge in merge order (as Hugging Face's BpeTrainer assigns them).
// 2. Each step merges the pair with the highest count; among equal counts, the pair whose
//    (left id, right id) is smallest. Pairs seen fewer than `minFrequency` times are never merged.
// 3. The result depends only on the multiset of words, never on hashing, word order or thread
//    count, so training twice gives byte-identical tokenizer.json files.

import Foundation

/// Streams a corpus into word counts, then learns merges.
public struct BPETrainer {
    /// Target vocabulary size, special tokens and alphabet included.
    public var vocabularySize: Int
    /// Special tokens, given ids 0, 1, … in this order.
    public var specialTokens: [String]
    /// The fewest occurrences a pair needs to be merged.
    public var minFrequency: Int
    /// Threads used to pre-tokenise and count.
    public var threads: Int
    let preTokenizer: PreTokenizer = .sequence([.digits(individual: true), .byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)])
    var counter = WordCounter()

    /// A trainer with nothing counted yet.
    public init(vocabularySize: Int, specialTokens: [String], minFrequency: Int = 2, threads: Int = 1) {
        self.vocabularySize = vocabularySize
        self.specialTokens = specialTokens
        self.minFrequency = minFrequency
        self.threads = max(1, threads)
    }

    /// Counts the words of `texts`, in batches of a few megabytes (memory stays bounded by the distinct words).
    public mutating func feed(_ texts: some Sequence<String>) {
        var batch: [String] = []
        var bytes = 0
        for text in texts {
            batch.append(text)
            bytes += text.utf8.count
            if bytes >= 8 << 20 { count(batch); batch.removeAll(keepingCapacity: true); bytes = 0 }
        }
        if !batch.isEmpty { count(batch) }
    }

    private mutating func count(_ batch: [String]) {
        let parts = min(threads, batch.count)
        if parts <= 1 {
            BPETrainer.countWords(batch[...], preTokenizer: preTokenizer, into: &counter)
            return
        }
        var partial = [WordCounter](repeating: WordCounter(), count: parts)
        let pre = preTokenizer
        partial.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeMutableSendablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { w in
                let lo = batch.count * w / parts, hi = batch.count * (w + 1) / parts
                BPETrainer.countWords(batch[lo..<hi], preTokenizer: pre, into: &out.pointer[w])
            }
        }
        for p in partial { counter.merge(p) }
    }

    static func countWords(_ texts: ArraySlice<String>, preTokenizer: PreTokenizer, into counter: inout WordCounter) {
        var pieces: [Range<Int>] = []
        for text in texts {
            var buffer = Array(text.utf8)
            pieces.removeAll(keepingCapacity: true)
            if !buffer.isEmpty { pieces.append(0..<buffer.count) }
            preTokenizer.apply(&buffer, &pieces)
            buffer.withUnsafeBufferPointer { p in
                for r in pieces where !r.isEmpty { counter.add(p, r) }
            }
        }
    }

    /// Learns merges from the counted words and returns the tokenizer.
    public func train() throws -> Tokenizer {
        guard Set(specialTokens).count == specialTokens.count else {
            throw TokenizerError.invalidTraining(reason: "special tokens repeat; give each once")
        }
        let alphabet = ByteLevel.sortedAlphabet
        guard vocabularySize >= specialTokens.count + alphabet.count else {
            throw TokenizerError.invalidTraining(reason: "vocabulary size \(vocabularySize) is below the \(specialTokens.count + alphabet.count) "
                                                 + "ids the special tokens and the 256 byte characters need; raise it")
        }
        guard minFrequency >= 1 else { throw TokenizerError.invalidTraining(reason: "min_frequency must be at least 1") }

        var tokens = specialTokens
        var idOf: [String: Int32] = [:]
        for (i, t) in tokens.enumerated() { idOf[t] = Int32(i) }
        for ch in alphabet where idOf[ch] == nil { idOf[ch] = Int32(tokens.count); tokens.append(ch) }
        var byteID = [Int32](repeating: 0, count: 256)
        for b in 0..<256 { byteID[b] = idOf[String(ByteLevel.scalarForByte[b])]! }

        // Words as runs of symbol ids in one flat array; merging shrinks a word in place.
        let n = counter.uniqueWords
        var start = [Int](repeating: 0, count: n), length = [Int32](repeating: 0, count: n)
        var symbols: [Int32] = []
        for w in 0..<n {
            start[w] = symbols.count
            let word = counter.word(w)
            length[w] = Int32(word.count)
            for b in word { symbols.append(byteID[Int(b)]) }
        }
        let wordCount = counter.counts

        var pairCount: [UInt64: Int] = [:]
        var wordsWith: [UInt64: [Int32]] = [:]
        for w in 0..<n where length[w] > 1 {
            for i in start[w]..<(start[w] + Int(length[w]) - 1) {
                let k = BPEModel.key(symbols[i], symbols[i + 1])
                pairCount[k, default: 0] += wordCount[w]
                wordsWith[k, default: []].append(Int32(w))
            }
        }
        var heap = PairHeap()
        for (k, c) in pairCount { heap.push(count: c, pair: k) }

        var merges: [(String, String)] = []
        var stamp = [Int](repeating: -1, count: n)
        var changed: [UInt64: Int] = [:]
        while tokens.count < vocabularySize, let top = heap.pop() {
            let current = pairCount[top.pair] ?? 0
            if current != top.count {
                if current > 0 { heap.push(count: current, pair: top.pair) }
                continue
            }
            if current < minFrequency { break }
            let a = Int32(truncatingIfNeeded: top.pair >> 32), b = Int32(truncatingIfNeeded: top.pair & 0xFFFF_FFFF)
            let merged = tokens[Int(a)] + tokens[Int(b)]
            let newID: Int32
            if let existing = idOf[merged] { newID = existing } else {
                newID = Int32(tokens.count); idOf[merged] = newID; tokens.append(merged)
            }
            merges.append((tokens[Int(a)], tokens[Int(b)]))

            changed.removeAll(keepingCapacity: true)
            let step = merges.count
            for w32 in wordsWith[top.pair] ?? [] {
                let w = Int(w32)
                if stamp[w] == step { continue }
                stamp[w] = step
                let s = start[w]
                var len = Int(length[w])
                let weight = wordCount[w]
                var i = s
                while i < s + len - 1 {
                    if symbols[i] == a && symbols[i + 1] == b {
                        if i > s {
                            let prev = symbols[i - 1]
                            changed[BPEModel.key(prev, a), default: 0] -= weight
                            let k = BPEModel.key(prev, newID)
                            changed[k, default: 0] += weight
                            wordsWith[k, default: []].append(w32)
                        }
                        symbols[i] = newID
                        // Shift the rest of the word left by one.
                        var j = i + 1
                        while j < s + len - 1 { symbols[j] = symbols[j + 1]; j += 1 }
                        len -= 1
                        if i + 1 < s + len {
                            let next = symbols[i + 1]
                            changed[BPEModel.key(b, next), default: 0] -= weight
                            let k = BPEModel.key(newID, next)
                            changed[k, default: 0] += weight
                            wordsWith[k, default: []].append(w32)
                        }
                    }
                    i += 1
                }
                length[w] = Int32(len)
            }
            pairCount[top.pair] = 0
            wordsWith[top.pair] = nil
            // Apply count changes in key order so the heap sees the same pushes every run.
            for k in changed.keys.sorted() where k != top.pair {
                let delta = changed[k]!
                let c = (pairCount[k] ?? 0) + delta
                pairCount[k] = c
                if delta > 0 && c > 0 { heap.push(count: c, pair: k) }
            }
        }

        let model = try BPEModel(tokens: tokens, merges: merges, path: "trained")
        let added = specialTokens.enumerated().map { AddedToken(id: $0.offset, content: $0.element, special: true) }
        let decoder = TokenDecoder.byteLevel(json: .object([
            ("type", .string("ByteLevel")), ("add_prefix_space", .bool(true)), ("trim_offsets", .bool(true)), ("use_regex", .bool(true)),
        ]))
        return Tokenizer(model: model, addedTokens: added, normalizer: nil, preTokenizer: preTokenizer, postProcessor: nil,
                         decoder: decoder, chatTemplateText: nil, bosTokenID: nil,
                         eosTokenID: specialTokens.firstIndex(of: "<|endoftext|>") ?? (specialTokens.isEmpty ? nil : 0))
    }
}

/// A max-heap of (count, pair): higher count first, then the smaller pair key.
struct PairHeap {
    private var items: [(count: Int, pair: UInt64)] = []

    @inline(__always) private static func before(_ x: (count: Int, pair: UInt64), _ y: (count: Int, pair: UInt64)) -> Bool {
        x.count > y.count || (x.count == y.count && x.pair < y.pair)
    }

    mutating func push(count: Int, pair: UInt64) {
        items.append((count, pair))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !PairHeap.before(items[i], items[parent]) { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (count: Int, pair: UInt64)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && PairHeap.before(items[l], items[m]) { m = l }
                if r < items.count && PairHeap.before(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

extension Tokenizer {
    /// Trains a byte-level BPE (Digits + ByteLevel pre-tokenizer) on `corpus`; see BPETrainer for the tie-break.
    public static func train(corpus: some Sequence<String>, vocabularySize: Int, specialTokens: [String], minFrequency: Int,
                             threads: Int = 1) throws -> Tokenizer {
        var trainer = BPETrainer(vocabularySize: vocabularySize, specialTokens: specialTokens, minFrequency: minFrequency, threads: threads)
        trainer.feed(corpus)
        return try trainer.train()
    }
}
