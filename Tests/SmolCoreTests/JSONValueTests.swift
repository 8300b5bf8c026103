import Testing
@testable import SmolCore

@Test func intValueAcceptsIntegralNumbersOnly() throws {
    #expect(JSONValue.number(3).intValue == 3)
    #expect(JSONValue.number(-0.0).intValue == 0)
    #expect(try JSONParser.parse("1e3").intValue == 1000, "an integral value written with an exponent is an integer")
    #expect(JSONValue.number(3.5).intValue == nil)
    #expect(JSONValue.number(-0.25).intValue == nil)
    #expect(JSONValue.string("3").intValue == nil)
    #expect(JSONValue.bool(true).intValue == nil)
    #expect(JSONValue.null.intValue == nil)
}

@Test func intValueIsExactUpTo2To53AndRefusesWhatMayHaveBeenRounded() throws {
    #expect(try JSONParser.parse("9007199254740991").intValue == 9_007_199_254_740_991)
    #expect(try JSONParser.parse("-9007199254740991").intValue == -9_007_199_254_740_991)
    #expect(try JSONParser.parse("9007199254740990").intValue == 9_007_199_254_740_990)
    // 2^53 + 1 parses as 2^53: refused, not returned off by one.
    #expect(try JSONParser.parse("9007199254740993").intValue == nil)
    #expect(try JSONParser.parse("9007199254740992").intValue == nil)
    #expect(try JSONParser.parse("1e300").intValue == nil)
    #expect(JSONValue.maxExactInteger == (1 << 53) - 1)
}

@Test func subscriptAndAccessorsReadOrderedObjects() throws {
    let value = try JSONParser.parse(#"{"a": {"b": [1, "x"]}, "c": null}"#)
    #expect(value["a"]?["b"]?.arrayValue?.count == 2)
    #expect(value["a"]?["b"]?.arrayValue?[1].stringValue == "x")
    #expect(value["c"]?.isNull == true)
    #expect(value["missing"] == nil)
    #expect(value.objectValue?.map(\.key) == ["a", "c"])
    #expect(JSONValue.array([]).objectValue == nil)
}

@Test func stringsAndKeysCompareByTheirBytesNotByUnicodeEquivalence() throws {
    // "é" precomposed (C3 A9) and decomposed (65 CC 81) are equal Swift Strings but different JSON text.
    #expect(JSONValue.string("\u{E9}") != JSONValue.string("e\u{301}"))
    #expect(JSONValue.string("caf\u{E9}") == JSONValue.string("caf\u{E9}"))
    let both = try JSONParser.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}")
    #expect(both.objectValue?.count == 2, "not a duplicate key")
    #expect(both != (try JSONParser.parse("{\"\u{E9}\": 1, \"\u{E9}x\": 2}")))
}
