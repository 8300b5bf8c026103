import Testing
import SmolCore

@Test func wideAndZeroWidthCharactersAreMeasuredInCells() {
    #expect(DisplayWidth.of("abc") == 3)
    #expect(DisplayWidth.of("孩子们") == 6)
    #expect(DisplayWidth.of("ok 👍") == 5)
    #expect(DisplayWidth.of("e\u{301}") == 1)
    #expect(DisplayWidth.truncate("孩子们去公园", to: 7) == "孩子们…")
}
