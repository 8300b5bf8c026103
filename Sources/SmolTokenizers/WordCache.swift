// A per-thread cache from a pre-token's bytes to its BPE ids (open addressing, arenas for
// keys and values). A cache only saves work: a hit returns exactly what encodeWord would.

struct WordCache {
    private var slots: [Int32] = []          // entry index or -1; capacity is a power of two
    private var hashes: [UInt64] = []
    private var keyStart: [Int32] = [], keyLength: [Int32] = []
    private var valueStart: [Int32] = [], valueLength: [Int32] = []
    private var keyArena: [UInt8] = []
    private var valueArena: [Int32] = []

    /// Words longer than this are not cached (long runs rarely repeat).
    static let maxKeyLength = 128
    /// The cache empties itself when it holds this many words.
    static let maxEntries = 1 << 18

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in r { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// Appends the cached ids of `p[r]` to `out` and returns true, or returns false on a miss.
    @inline(__always)
    func lookup(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, hash: UInt64, into out: inout [Int32]) -> Bool {
        guard !slots.isEmpty else { return false }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return false }
            if hashes[e] == hash && Int(keyLength[e]) == r.count {
                let k = Int(keyStart[e])
                var same = true
                for (offset, i) in r.enumerated() where keyArena[k + offset] != p[i] { same = false; break }
                if same {
                    let v = Int(valueStart[e])
                    out.append(contentsOf: valueArena[v..<(v + Int(valueLength[e]))])
                    return true
                }
            }
            s = (s + 1) & mask
        }
    }

    /// Remembers the ids of `p[r]`.
    mutating func insert(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, hash: UInt64, ids: ArraySlice<Int32>) {
        guard r.count <= WordCache.maxKeyLength else { return }
        if hashes.count >= WordCache.maxEntries { self = WordCache() }
        if (hashes.count + 1) * 2 > slots.count { grow() }
        let e = Int32(hashes.count)
        hashes.append(hash)
        keyStart.append(Int32(keyArena.count)); keyLength.append(Int32(r.count))
        keyArena.append(contentsOf: UnsafeBufferPointer(rebasing: p[r]))
        valueStart.append(Int32(valueArena.count)); valueLength.append(Int32(ids.count))
        valueArena.append(contentsOf: ids)
        place(entry: e)
    }

    private mutating func place(entry e: Int32) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hashes[Int(e)]) & mask
        while slots[s] >= 0 { s = (s + 1) & mask }
        slots[s] = e
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: max(256, slots.count * 2))
        for e in 0..<hashes.count { place(entry: Int32(e)) }
    }
}
