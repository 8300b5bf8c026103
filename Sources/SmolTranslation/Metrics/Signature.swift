/// The sacrebleu release whose definitions smol's BLEU, chrF and chrF++ reproduce (and whose
/// signature strings they write).
public enum SacreBLEU {
    /// The version in signatures: scores equal this release's to 1e-6 (tests check it against goldens).
    public static let version = "2.6.0"

    /// `nrefs:` of a signature: the number of references per hypothesis, or "var" when it varies.
    static func referenceCount(_ references: [[String]]) -> String {
        let counts = Set(references.map(\.count))
        return counts.count == 1 ? String(counts.first!) : "var"
    }
}
