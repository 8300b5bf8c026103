import SmolScript
import Testing

@Test func invalidUTF8IsLocatedByLineColumnAndOffset() {
    let bytes = Array("ok\n\u{4e2d}x".utf8) + [0xC3, 0x28] + Array("\n".utf8)
    do {
        _ = try ScriptSource.decode(bytes, path: "s.smol")
        Issue.record("expected an error")
    } catch {
        #expect(error.description == "s.smol:2:3: error: invalid UTF-8 (byte 0xC3 at offset 7); save the script as UTF-8")
    }
}

@Test func validUTF8DecodesUnchanged() throws {
    let text = "let s = \"caf\u{e9} \u{1F600}\"\n"
    #expect(try ScriptSource.decode(Array(text.utf8), path: "s.smol") == text)
}
