import SmolScript
import Testing

/// Deep code and deep values, with the limits raised far past the defaults: the run ends normally or in a
/// diagnostic, never in a stack overflow (the interpreter runs on a big-stack thread, and every recursive
/// walk checks the stack it has left).
@Test func deeplyParenthesizedExpressionRunsWhenTheNestingLimitIsRaised() throws {
    let host = MockHost()
    let interpreter = Interpreter(host: host, limits: Limits(maxNesting: 100_000))
    let source = "print(" + String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000) + ")"
    try interpreter.run(source, file: "deep.smol")
    #expect(host.output == ["1"])
}

@Test func longFlatSumNeedsNoNestingAndNoDeepRecursion() throws {
    let host = MockHost()
    let interpreter = Interpreter(host: host, limits: Limits(maxNesting: 10))
    let source = "print(" + Array(repeating: "1", count: 200_000).joined(separator: " + ") + ")"
    try interpreter.run(source, file: "flat.smol")
    #expect(host.output == ["200000"])
}

@Test func deepValueBuiltOneLevelAtATimeIsCheckedInConstantTimePerLevel() throws {
    let host = MockHost()
    let interpreter = Interpreter(host: host, limits: Limits(maxSteps: 2_000_000, maxNesting: 1_000_000))
    let source = """
        var l = [1]
        for i in range(100000) { l = [l] }
        print(len(l))
        print(l == l)
        print(len(str(l)))
        """
    try interpreter.run(source, file: "chain.smol")
    #expect(host.output == ["1", "true", "200003"])
}

@Test func deepValueStillStopsAtTheNestingLimit() {
    let interpreter = Interpreter(host: MockHost(), limits: Limits(maxNesting: 5000))
    #expect(throws: ScriptFailure.self) {
        try interpreter.run("var l = [1]\nfor i in range(100000) { l = [l] }", file: "chain.smol")
    }
}

@Test func bigStackRunsTheBodyOnAThreadMarkedAsBig() {
    #expect(!BigStack.isCurrent)
    let inner = BigStack.run { BigStack.isCurrent && BigStack.run { BigStack.isCurrent } }
    #expect(inner)
}

@Test func aDeepValueReturnedByRunIsNotFreedOnTheCallersStack() throws {
    let interpreter = Interpreter(host: MockHost(), limits: Limits(maxNesting: 1_000_000))
    let source = "func mk() {\n var x = [1]\n for i in range(300000) { x = [x] }\n return x\n}\nmk()"
    var value = try interpreter.run(source, file: "deep.smol")
    #expect(value?.description.count == 600_003)
    value = nil   // the interpreter still holds it; it is freed on a big stack later
    #expect(try interpreter.run("1", file: "next.smol") == .number(1))
}

@Test func deeplyNestedInterpolationsAreScannedOnce() throws {
    // Each level used to be scanned again by the level inside it (and its text copied), quadratic in depth.
    var expression = "1"
    for _ in 0..<10_000 { expression = "\"\\(" + expression + ")\"" }
    let host = MockHost()
    let interpreter = Interpreter(host: host, limits: Limits(maxNesting: 1_000_000))
    try interpreter.run("print(" + expression + ")", file: "interp.smol")
    #expect(host.output == ["1"])
}

@Test func deeplyNestedCallsDoNotCopyTheirSourceTextAtEveryLevel() throws {
    let depth = 20_000
    let source = "print(" + String(repeating: "abs(", count: depth) + "-1" + String(repeating: ")", count: depth) + ")"
    let host = MockHost()
    let interpreter = Interpreter(host: host, limits: Limits(maxNesting: 1_000_000))
    try interpreter.run(source, file: "calls.smol")
    #expect(host.output == ["1"])
    #expect(host.invocations.first?.sourceText == source)
}

@Test func aLongMemberChainIsResolvedInLinearTime() {
    // `r.b.b.b…`: finding where each link starts walks the chain, so the resolver must not do it per link.
    let source = "let r = [a: 1]\nprint(r" + String(repeating: ".b", count: 50_000) + ")"
    let diagnostics = Interpreter(host: MockHost(), limits: Limits(maxNesting: 10)).check(source, file: "chain.smol")
    #expect(diagnostics.isEmpty)
}
