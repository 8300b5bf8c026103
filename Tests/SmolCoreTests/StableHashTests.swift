import SmolCore
import Testing

/// `stableHash` names RNG streams: its values are part of every seeded artifact, so they must never change.
@Suite struct StableHashTests {
    @Test func knownFNV1aValues() {
        #expect(stableHash("") == 0xCBF2_9CE4_8422_2325)
        #expect(stableHash("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(stableHash("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test func hashesUTF8Bytes() {
        #expect(stableHash("é") != stableHash("e\u{301}"))   // different bytes, different stream
        #expect(stableHash("batch-plan") != stableHash("minhash"))
    }
}
