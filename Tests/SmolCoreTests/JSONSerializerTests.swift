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
