import SmolScript
import Testing

@Test func valueDescriptions() {
    let cases: [(Value, String)] = [
    (Value.number(8), "8"), (.number(-3), "-3"), (.number(0.001), "0.001"), (.number(6.25e-7), "6.25e-07"),
    (.number(1e20), "1e+20"), (.number(2.5), "2.5"), (.number(.infinity), "inf"), (.number(-0.0), "0"),
    (.string("a\"b"), "\"a\\\"b\""), (.bool(true), "true"), (.null, "nil"),
    (.list([.number(1), .string("x")]), "[1, \"x\"]"),
    (.record(Record([("lr", .number(0.001)), ("batch", .number(8))])), "[lr: 0.001, batch: 8]"),
    (.record(Record()), "[:]"), (.list([]), "[]"),
    ]
    for (value, expected) in cases {
        #expect(value.description == expected)
    }
}

@Test func displayTextPrintsTopLevelStringsRaw() {
    #expect(Value.string("hi \"you\"").displayText == "hi \"you\"")
    #expect(Value.list([.string("hi")]).displayText == "[\"hi\"]")
    #expect(Value.number(3).displayText == "3")
}

@Test func handlesPrintTheirSummary() {
    let h = TestHandle(kind: "dataset", name: "x")
    #expect(Value.handle(h).description == h.summary)
    #expect(Value.handle(h).typeName == "Dataset")
}

@Test func equalityIsDeep() {
    let a = Value.record(Record([("xs", .list([.number(1), .string("a")])), ("b", .bool(true))]))
    let b = Value.record(Record([("b", .bool(true)), ("xs", .list([.number(1), .string("a")]))]))
    #expect(a == b)
    #expect(Value.list([.number(1)]) != .list([.number(1), .number(1)]))
    #expect(Value.number(.nan) != .number(.nan))
    let h = TestHandle(kind: "model", name: "m")
    #expect(Value.handle(h) == .handle(h))
    #expect(Value.handle(h) != .handle(TestHandle(kind: "model", name: "m")))
}

@Test func valueTypesAcceptMatchingValues() {
    #expect(ValueType.integer.accepts(.number(3)))
    #expect(!ValueType.integer.accepts(.number(3.5)))
    #expect(ValueType.optional(.string).accepts(.null))
    #expect(ValueType.list(.number).accepts(.list([.number(1), .number(2)])))
    #expect(!ValueType.list(.number).accepts(.list([.number(1), .string("2")])))
    #expect(ValueType.handle("model").accepts(.handle(TestHandle(kind: "model", name: "m"))))
    #expect(!ValueType.handle("model").accepts(.handle(TestHandle(kind: "dataset", name: "m"))))
    #expect(ValueType.handle("").accepts(.handle(TestHandle(kind: "dataset", name: "m"))))
    #expect(ValueType.oneOf([.string, .record]).accepts(.record(Record())))
    #expect(!ValueType.oneOf([.string, .record]).accepts(.number(1)))
}
