import SmolCore
import Testing
@testable import SmolLedger

@Suite("JSONValue key text")
struct JSONValueKeyTextTests {
    @Test("scalars: strings bare, numbers canonical, booleans and null as words")
    func scalars() {
        #expect(JSONValue.string("gsm").keyText == "gsm")
        #expect(JSONValue.string("").keyText == "")
        #expect(JSONValue.number(0.001).keyText == "0.001")
        #expect(JSONValue.number(8).keyText == "8")
        #expect(JSONValue.number(8.0).keyText == "8")
        #expect(JSONValue.number(-0.0).keyText == "0")
        #expect(JSONValue.number(1e-5).keyText == "1e-05")
        #expect(JSONValue.bool(true).keyText == "true")
        #expect(JSONValue.null.keyText == "null")
    }

    @Test("an artifact handle renders as kind:hash-prefix")
    func handles() throws {
        let handle = try JSONParser.parse(#"{"artifact":"0123456789abcdef0123","kind":"model"}"#)
        #expect(handle.keyText == "model:0123456789ab")
        #expect(try JSONParser.parse(#"{"artifact":"0123456789abcdef0123"}"#).keyText == "artifact:0123456789ab")
    }

    @Test("arrays and other objects render as canonical text (the bytes the ledger wrote before)")
    func containers() throws {
        let value = try JSONParser.parse(#" { "b" : [1.0, 2.5, true, null], "a": {"z": "x\"y", "m": -0.001} } "#)
        #expect(value.keyText == #"{"a":{"m":-0.001,"z":"x\"y"},"b":[1,2.5,true,null]}"#)
        #expect(JSONValue.array(["tab\tctl\u{1}", 3]).keyText == #"["tab\tctl\u0001",3]"#)
        #expect(try JSONParser.parse(#"["a\nb\u00e9\ud83d\ude00"]"#).keyText == "[\"a\\nbé😀\"]")
    }
}
