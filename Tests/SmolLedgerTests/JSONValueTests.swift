import Testing
@testable import SmolLedger

@Suite("JSONValue")
struct JSONValueTests {
    @Test("canonical form sorts keys, drops whitespace and writes integral numbers without a fraction")
    func canonicalForm() throws {
        let value = try JSONValue.parse(#" { "b" : [1.0, 2.5, true, null], "a": {"z": "x\"y", "m": -0.001} } "#)
        #expect(value.canonical == #"{"a":{"m":-0.001,"z":"x\"y"},"b":[1,2.5,true,null]}"#)
        #expect(try JSONValue.parse(value.canonical) == value)
    }

    @Test("escapes and surrogate pairs decode")
    func escapes() throws {
        #expect(try JSONValue.parse(#""a\nb\u00e9\ud83d\ude00""#) == .string("a\nbé😀"))
        #expect(JSONValue.string("tab\tctl\u{1}").canonical == #""tab\tctl\u0001""#)
    }

    @Test("malformed JSON is rejected", arguments: ["{", "[1,]", "{\"a\" 1}", "tru", "1 2", "\"open", "{\"a\":1}x"])
    func malformed(_ text: String) {
        #expect(throws: LedgerError.self) { _ = try JSONValue.parse(text) }
    }

    @Test("key text: strings bare, numbers canonical, handles as kind:hash-prefix")
    func keyText() throws {
        #expect(JSONValue.string("gsm").keyText == "gsm")
        #expect(JSONValue.number(0.001).keyText == "0.001")
        #expect(JSONValue.number(8).keyText == "8")
        #expect(JSONValue.number(1e-5).keyText == "1e-05")
        #expect(JSONValue.bool(true).keyText == "true")
        let handle = try JSONValue.parse(#"{"artifact":"0123456789abcdef0123","kind":"model"}"#)
        #expect(handle.keyText == "model:0123456789ab")
    }
}
