import Foundation
import SmolCore

/// What deduplication removed, with the parameters used (recorded in the ledger).
public struct DedupReport: Sendable, CustomStringConvertible {
    /// Records in and out.
    public var input: Int, kept: Int
    /// Records dropped as exact duplicates of normalised text.
    public var exactDuplicates: Int
    /// Records dropped as near duplicates (estimated Jaccard ≥ threshold with an earlier kept record).
    public var nearDuplicates: Int
    /// For each dropped record: (its id, the id of the kept record it duplicates, estimated similarity).
    public var removed: [(id: String, duplicateOf: String, similarity: Double)]
    /// Parameters: near on/off, threshold, permutations, bands, rows per band, shingle size, seed.
    public var near: Bool, threshold: Double, numPermutations: Int, bands: Int, rowsPerBand: Int, shingle: Int, seed: UInt64

    /// One line of counts and parameters.
    public var description: String {
        "dedup: \(input) in, \(kept) kept, \(exactDuplicates) exact, \(nearDuplicates) near"
            + (near ? " (MinHash \(numPermutations) perms, \(bands) bands × \(rowsPerBand) rows, \(shingle)-word shingles, threshold \(threshold), seed \(seed))" : "")
    }
}

/// Exact (normalised-text hash) and near-duplicate (MinHash + LSH banding) removal; the first
/// occurrence is kept and the order of kept records is unchanged.
public enum Dedup {
    /// Lowercased, punctuation-free, single-spaced text (what "exact duplicate" compares).
    public static func normalise(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    /// Removes duplicates from `d`. `numPermutations` must be divisible by `bands`.
    public static func run(_ d: Dataset, near: Bool = true, threshold: Double = 0.8, numPermutations: Int = 128, bands: Int = 16,
                           seed: UInt64 = 0, shingle: Int = 5) -> (Dataset, DedupReport) {
        let rows = max(1, numPermutations / max(1, bands))
        var report = DedupReport(input: d.count, kept: 0, exactDuplicates: 0, nearDuplicates: 0, removed: [], near: near, threshold: threshold,
                                 numPermutations: rows * bands, bands: bands, rowsPerBand: rows, shingle: shingle, seed: seed)
        var seenExact: [String: String] = [:]
        var kept: [JSONValue] = []
        var keptSignatures: [[UInt64]] = []
        var buckets: [Int: [String: [Int]]] = [:]  // band -> band hash -> indices into kept
        let minHash = MinHash(numPermutations: rows * bands, seed: seed)
        for record in d.records {
            let id = record["id"]?.stringValue ?? ""
            let text = normalise(RecordText.of(record))
            let digest = SHA256.hex(of: Array(text.utf8))
            if let first = seenExact[digest] {
                report.exactDuplicates += 1
                report.removed.append((id, first, 1.0))
                continue
            }
            if near {
                let signature = minHash.signature(of: MinHash.shingles(text, size: shingle))
                var best: (index: Int, similarity: Double)?
                var candidates = Set<Int>()
                for band in 0..<bands {
                    let key = signature[band * rows..<(band + 1) * rows].map(String.init).joined(separator: ",")
                    for c in buckets[band]?[key] ?? [] { candidates.insert(c) }
                }
                for c in candidates.sorted() {
                    let s = MinHash.similarity(signature, keptSignatures[c])
                    if s >= threshold && s > (best?.similarity ?? -1) { best = (c, s) }
                }
                if let best {
                    report.nearDuplicates += 1
                    report.removed.append((id, kept[best.index]["id"]?.stringValue ?? "", best.similarity))
                    continue
                }
                for band in 0..<bands {
                    let key = signature[band * rows..<(band + 1) * rows].map(String.init).joined(separator: ",")
                    buckets[band, default: [:]][key, default: []].append(kept.count)
                }
                keptSignatures.append(signature)
            }
            seenExact[digest] = id
            kept.append(record)
        }
        report.kept = kept.count
        return (Dataset(schema: d.schema, records: kept, name: d.name + "-dedup"), report)
    }
}

/// MinHash signatures over word shingles, with hash functions drawn from `CounterRNG`.
struct MinHash {
    let a: [UInt64], b: [UInt64]

    init(numPermutations: Int, seed: UInt64) {
        let rng = CounterRNG(seed: seed, stream: stableHash("minhash"))
        a = (0..<numPermutations).map { rng.uint64(at: UInt64(2 * $0)) | 1 }
        b = (0..<numPermutations).map { rng.uint64(at: UInt64(2 * $0 + 1)) }
    }

    /// Hashes of the `size`-word shingles of normalised text (the whole text when shorter).
    static func shingles(_ text: String, size: Int) -> Set<UInt64> {
        let words = text.split(separator: " ")
        guard words.count >= size else { return [stableHash(text)] }
        var out = Set<UInt64>()
        for i in 0...(words.count - size) { out.insert(stableHash(words[i..<i + size].joined(separator: " "))) }
        return out
    }

    func signature(of shingles: Set<UInt64>) -> [UInt64] {
        (0..<a.count).map { k in shingles.reduce(UInt64.max) { min($0, mix(a[k] &* $1 &+ b[k])) } }
    }

    /// A 64-bit finaliser (splitmix64) so the affine hashes behave like random permutations.
    func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The fraction of equal signature positions (an estimate of Jaccard similarity).
    static func similarity(_ x: [UInt64], _ y: [UInt64]) -> Double {
        Double(zip(x, y).filter { $0 == $1 }.count) / Double(max(1, x.count))
    }
}
