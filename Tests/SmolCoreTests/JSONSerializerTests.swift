import Testing
@testable import SmolCore

@Test func canonicalTextSortsKeysByUTF8BytesAndDropsWhitespace() throws {
    let value = try JSONParser.parse(#"{ "b": 1, "a": { "z": [1, 2], "é": null, "Z": true } }"#)
    #expect(value.canonicalText() == #"{"a":{"Z":true,"z":[1,2],"é":null},"b":1}"#)
}

@Test func canonicalNumbersAreShortestAndIntegral() {
    let value: JSONValue = [3.0, -0.0, 0.1, 1e-5, 1.5e20, 123456789012, -2.5]
    #expect(value.canonicalText() == "[3,0,0.1,1e-05,1.5e+20,123456789012,-2.5]")
}

@Test func canonicalStringsEscapeOnlyWhatJSONRequires() {
    let value: JSONValue = .string("q\"\\\n\t\u{1}é/")
    #expect(value.canonicalText() == #""q\"\\\n\t\u0001é/""#)
}

@Test func canonicalTextRoundTripsThroughTheParser() throws {
    let original = try JSONParser.parse(#"{"x": [1.25, "a\u0000b", {"k": false}], "emoji": "😀", "n": -7}"#)
    let again = try JSONParser.parse(original.canonicalBytes())
    #expect(again == original)
    #expect(again.canonicalBytes() == original.canonicalBytes())
}

@Test func compactTextKeepsMemberOrder() {
    let value: JSONValue = ["b": 1, "a": "x"]
    #expect(value.compactText() == #"{"b":1,"a":"x"}"#)
    #expect(value == ["a": "x", "b": 1], "object equality ignores member order")
}

@Test func escapesAreFoundAtEveryPositionOfALongString() throws {
    // The writer and the parser skip plain bytes several at a time; a special byte at any offset
    // (and any run length around it) must still be escaped, and parse back to the same string.
    let specials: [(Character, String)] = [("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\u{1F}", "\\u001f"), ("é", "é")]
    for (special, escaped) in specials {
        for position in 0..<20 {
            let text = String(repeating: "a", count: position) + String(special) + String(repeating: "b", count: 19 - position)
            let written = JSONValue.string(text).canonicalText()
            #expect(written == "\"" + String(repeating: "a", count: position) + escaped + String(repeating: "b", count: 19 - position) + "\"")
            #expect(try JSONParser.parse(written) == .string(text))
        }
    }
}

@Test func integersAreWrittenExactlyUpTo2To53() {
    let value: JSONValue = [9_007_199_254_740_991, -9_007_199_254_740_991, 10, -1, 100000, 9_007_199_254_740_992]
    #expect(value.canonicalText() == "[9007199254740991,-9007199254740991,10,-1,100000,9007199254740992.0]")
}
@Test func prettyTextIndentsKeepsOrderAndInlinesScalarArrays() {
    let value: JSONValue = ["z": 1, "a": ["merges": [["a b", "c"], []], "ids": [1, 2.5, nil, true]], "empty": [:], "s": "q\"\n"]
    let expected = """
    {
      "z": 1,
      "a": {
        "merges": [
          ["a b", "c"],
          []
        ],
        "ids": [1, 2.5, null, true]
      },
      "empty": {},
      "s": "q\\"\\n"
    }
    """
    #expect(value.prettyText() == expected)
    #expect(value.prettyBytes() == Array(expected.utf8))
}

@Test func prettyTextRoundTripsAndWritesIntegersWithoutFractions() throws {
    let value: JSONValue = ["vocab": ["Ġthe": 262, "é": 9_007_199_254_740_991], "x": [-0.0, 3.0, 0.25], "nested": [[[1]]]]
    let text = value.prettyText()
    #expect(text.contains(#""Ġthe": 262,"#))
    #expect(text.contains(#""é": 9007199254740991"#))
    #expect(text.contains("[0, 3, 0.25]"))
    let again = try JSONParser.parse(text)
    #expect(again == value)
    #expect(again.compactText() == value.compactText(), "member order survives the round trip")
}

@Test func canonicalTextSortsLargeObjectsLikeSmallOnes() {
    // 500 members in reverse order take the large-object sort; the result is the byte order of the keys.
    let members = (0..<500).reversed().map { (key: "k\($0)", value: JSONValue.number(Double($0))) }
    let expected = "{" + members.map(\.key).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        .map { #""\#($0)":\#($0.dropFirst())"# }.joined(separator: ",") + "}"
    #expect(JSONValue.object(members).canonicalText() == expected)
    #expect(JSONValue.object(Array(members.prefix(40))).canonicalText()
        == JSONValue.object(Array(members.prefix(40)).reversed()).canonicalText())
}
