/// A stable 64-bit FNV-1a hash of a string's UTF-8 bytes: names a `CounterRNG` stream ("batch-plan",
/// "minhash", a task name) and buckets items by key. The same text gives the same number on every
/// platform and run (unlike `Hasher`, which is seeded per process). Not for security.
public func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}
