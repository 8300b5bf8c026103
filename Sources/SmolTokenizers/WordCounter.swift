// Counts pre-tokenised words of a corpus (open addressing over a byte arena), for BPE training.

import Foundation

/// A multiset of byte strings.
struct WordCounter {
    private var slots: [Int32] = [Int32](repeating: -1, count: 1 << 12)
    private(set) var hashes: [UInt64] = []
    private var keyStart: [Int] = []
    private var keyLength: [Int32] = []
    private(set) var counts: [Int] = []
    private var arena: [UInt8] = []

    var uniqueWords: Int { hashes.count }

    /// The bytes of word `e`.
    func word(_ e: Int) -> ArraySlice<UInt8> { arena[keyStart[e]..<(keyStart[e] + Int(keyLength[e]))] }

    /// Adds `count` occurrences of `p[r]`.
    mutating func add(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, count: Int = 1) {
        let hash = WordCache.hash(p, r)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { break }
            if hashes[e] == hash && Int(keyLength[e]) == r.count {
                let k = keyStart[e]
                var same = true
                for (offset, i) in r.enumerated() where arena[k + offset] != p[i] { same = false; break }
                if same { counts[e] += count; return }
            }
            s = (s + 1) & mask
        }
        let e = Int32(hashes.count)
        hashes.append(hash)
        keyStart.append(arena.count); keyLength.append(Int32(r.count))
        arena.append(contentsOf: UnsafeBufferPointer(rebasing: p[r]))
        counts.append(count)
        slots[s] = e
        if hashes.count * 2 > slots.count { grow() }
    }

    /// Adds every word of `other` with its count.
    mutating func merge(_ other: WordCounter) {
        other.arena.withUnsafeBufferPointer { p in
            for e in 0..<other.hashes.count {
                let start = other.keyStart[e]
                add(p, start..<(start + Int(other.keyLength[e])), count: other.counts[e])
            }
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for e in 0..<hashes.count {
            var s = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(e)
        }
    }
}
