// The BPE model: vocabulary, ranked merges, and the merge loop that turns one pre-token's
// bytes into ids.
//
// Invariants:
// 1. `merges[pair(a, b)]` packs (rank << 32 | merged id); a lower rank merges first, and among equal
//    ranks the leftmost pair merges first — the order HF `tokenizers` uses.
// 2. The short-word loop and the heap loop give identical results (tested); only speed differs.

/// A byte-level BPE vocabulary with its merges.
struct BPEModel: Sendable {
    /// Token spelling by id (byte-level alphabet); "" for ids the vocabulary does not use.
    let tokens: [String]
    /// Id of each spelling.
    let ids: [String: Int32]
    /// Merges as (left id, right id) in rank order.
    let mergePairs: [(Int32, Int32)]
    /// pair key → rank << 32 | merged id.
    let merges: [UInt64: UInt64]
    /// Id of the single-byte token for each byte, or -1 when the vocabulary lacks it.
    let byteIDs: [Int32]
    /// HF `ignore_merges`: a pre-token that is itself a vocabulary entry maps straight to its id (Llama-3).
    let ignoreMerges: Bool

    @inline(__always) static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    /// Builds the model from spellings by id and merges given as spelling pairs in rank order.
    init(tokens: [String], merges spelled: [(String, String)], ignoreMerges: Bool = false, path: String) throws {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where !t.isEmpty { ids[t] = Int32(i) }
        var pairs: [(Int32, Int32)] = []
        pairs.reserveCapacity(spelled.count)
        var table: [UInt64: UInt64] = [:]
        table.reserveCapacity(spelled.count)
        for (rank, (a, b)) in spelled.enumerated() {
            guard let ia = ids[a], let ib = ids[b], let merged = ids[a + b] else {
                throw TokenizerError.mergeOutOfVocabulary(path: path, merge: "\(a) \(b)")
            }
            pairs.append((ia, ib))
            let k = BPEModel.key(ia, ib)
            if table[k] == nil { table[k] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged)) }
        }
        var byteIDs = [Int32](repeating: -1, count: 256)
        for b in 0..<256 { byteIDs[b] = ids[String(ByteLevel.scalarForByte[b])] ?? -1 }
        self.tokens = tokens
        self.ids = ids
        self.mergePairs = pairs
        self.merges = table
        self.byteIDs = byteIDs
        self.ignoreMerges = ignoreMerges
    }

    /// Appends the ids of the bytes `p[range]` after applying the merges.
    func encodeWord(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [Int32]) {
        if ignoreMerges, let id = ids[ByteLevel.encode(UnsafeBufferPointer(rebasing: p[range]))] {
            out.append(id)
            return
        }
        var symbols: [Int32] = []
        symbols.reserveCapacity(range.count)
        for i in range {
            let id = byteIDs[Int(p[i])]
            if id >= 0 { symbols.append(id) }  // a byte outside the vocabulary is dropped, as HF does without unk
        }
        if symbols.count <= 64 { mergeShort(&symbols) } else { symbols = mergeLong(symbols) }
        out.append(contentsOf: symbols)
    }

    /// Rank-array merge loop for short words: O(n²) with a tiny constant.
    func mergeShort(_ symbols: inout [Int32]) {
        guard symbols.count > 1 else { return }
        var ranks = [UInt64](repeating: .max, count: symbols.count - 1)
        for i in 0..<(symbols.count - 1) { ranks[i] = merges[BPEModel.key(symbols[i], symbols[i + 1])] ?? .max }
        while true {
            var best = UInt64.max, at = -1
            // Packed values order by rank first; strict < keeps the leftmost of equal pairs.
            for i in 0..<ranks.count where ranks[i] < best { best = ranks[i]; at = i }
            if at < 0 { return }
            symbols[at] = Int32(truncatingIfNeeded: best & 0xFFFF_FFFF)
            symbols.remove(at: at + 1)
            ranks.remove(at: at)
            if at < ranks.count { ranks[at] = merges[BPEModel.key(symbols[at], symbols[at + 1])] ?? .max }
            if at > 0 { ranks[at - 1] = merges[BPEModel.key(symbols[at - 1], symbols[at])] ?? .max }
        }
    }

    /// Heap merge loop (HF's algorithm) for long words: O(n log n).
    func mergeLong(_ input: [Int32]) -> [Int32] {
        let n = input.count
        var c = input
        var prev = (0..<n).map { Int32($0) - 1 }
        var next = (0..<n).map { $0 + 1 < n ? Int32($0 + 1) : -1 }
        var alive = [Bool](repeating: true, count: n)
        var heap = MinHeap()
        for i in 0..<(n - 1) {
            if let m = merges[BPEModel.key(c[i], c[i + 1])] { heap.push((m & 0xFFFF_FFFF_0000_0000) | UInt64(i), Int32(truncatingIfNeeded: m & 0xFFFF_FFFF)) }
        }
        while let (order, newID) = heap.pop() {
            let pos = Int(order & 0xFFFF_FFFF)
            guard alive[pos], next[pos] >= 0 else { continue }
            let right = Int(next[pos])
            guard let m = merges[BPEModel.key(c[pos], c[right])], Int32(truncatingIfNeeded: m & 0xFFFF_FFFF) == newID else { continue }
            c[pos] = newID
            alive[right] = false
            next[pos] = next[right]
            if next[right] >= 0 { prev[Int(next[right])] = Int32(pos) }
            if prev[pos] >= 0, let m = merges[BPEModel.key(c[Int(prev[pos])], c[pos])] {
                heap.push((m & 0xFFFF_FFFF_0000_0000) | UInt64(prev[pos]), Int32(truncatingIfNeeded: m & 0xFFFF_FFFF))
            }
            if next[pos] >= 0, let m = merges[BPEModel.key(c[pos], c[Int(next[pos])])] {
                heap.push((m & 0xFFFF_FFFF_0000_0000) | UInt64(pos), Int32(truncatingIfNeeded: m & 0xFFFF_FFFF))
            }
        }
        var out: [Int32] = []
        var i = 0
        while i >= 0 { out.append(c[i]); i = Int(next[i]) }
        return out
    }
}

/// A binary min-heap of (order key, payload); ties on the key do not occur (the key holds the position).
struct MinHeap {
    private var keys: [UInt64] = []
    private var payloads: [Int32] = []

    mutating func push(_ key: UInt64, _ payload: Int32) {
        keys.append(key); payloads.append(payload)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if keys[parent] <= keys[i] { break }
            keys.swapAt(parent, i); payloads.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (UInt64, Int32)? {
        guard let top = keys.first else { return nil }
        let payload = payloads[0]
        let lastKey = keys.removeLast(), lastPayload = payloads.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey; payloads[0] = lastPayload
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < keys.count && keys[l] < keys[m] { m = l }
                if r < keys.count && keys[r] < keys[m] { m = r }
                if m == i { break }
                keys.swapAt(m, i); payloads.swapAt(m, i)
                i = m
            }
        }
        return (top, payload)
    }
}
