@testable import SmolScript
import Testing

/// The expression as a fully parenthesised S-expression, to check tree shapes.
private func sexpr(_ e: Expr) -> String {
    switch e {
    case .literal(let v, _): return v.description
    case .interpolation(let parts, _):
        return "(str " + parts.map { if case .expr(let x) = $0 { sexpr(x) } else if case .text(let t) = $0 { Value.quote(t) } else { "" } }
            .joined(separator: " ") + ")"
    case .variable(let v): return v.name
    case .list(let xs, _): return "(list" + xs.map { " " + sexpr($0) }.joined() + ")"
    case .record(let fields, _): return "(record" + fields.map { " \($0.name):" + sexpr($0.value) }.joined() + ")"
    case .unary(let op, let x, _): return "(\(op.rawValue) \(sexpr(x)))"
    case .binary(let op, let a, let b, _): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case .logical(let op, let a, let b, _): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case .call(let c):
        return "(call \(sexpr(c.callee))" + c.arguments.map { " " + ($0.label.map { "\($0):" } ?? "") + sexpr($0.value) }.joined() + ")"
    case .member(let o, let name, _): return "(. \(sexpr(o)) \(name))"
    case .index(let o, let i, _): return "([] \(sexpr(o)) \(sexpr(i)))"
    }
}

private func parseExpression(_ source: String) throws(ScriptError) -> Expr {
    let scalars = Array(source.unicodeScalars)
    var scanner = Scanner(scalars, file: 0)
    return try Parser(tokens: scanner.scanTokens(), source: scalars, file: 0, maxNesting: 200).expression()
}

private func parseProgram(_ source: String, maxNesting: Int = 200) throws(ScriptError) -> [Stmt] {
    let scalars = Array(source.unicodeScalars)
    var scanner = Scanner(scalars, file: 0)
    return try Parser(tokens: scanner.scanTokens(), source: scalars, file: 0, maxNesting: maxNesting).program()
}

@Test(arguments: [
    ("1 + 2 * 3", "(+ 1 (* 2 3))"),
    ("1 - 2 - 3", "(- (- 1 2) 3)"),
    ("a || b && c", "(|| a (&& b c))"),
    ("a == b < c", "(== a (< b c))"),
    ("!a == b", "(== (! a) b)"),
    ("-x.count", "(- (. x count))"),
    ("-2 * 3", "(* -2 3)"),
    ("a.b(c)[0].d", "(. ([] (call (. a b) c) 0) d)"),
    ("f(x)(y)", "(call (call f x) y)"),
    ("(1 + 2) % 3", "(% (+ 1 2) 3)"),
    ("train.sft(m, d, lr: 1e-3)", "(call (. train sft) m d lr:0.001)"),
    ("[lr: 1, batch: [2, 3]]", "(record lr:1 batch:(list 2 3))"),
    ("[:]", "(record)"),
    ("[]", "(list)"),
    ("\"a\\(x + 1)b\"", "(str \"a\" (+ x 1) \"b\")"),
    ("1 <= 2 != 3 >= 4", "(!= (<= 1 2) (>= 3 4))"),
])
func parserBuildsPrecedenceCorrectly(source: String, expected: String) throws {
    #expect(sexpr(try parseExpression(source)) == expected)
}

@Test func parserRecordsCallSourceTextAndLocation() throws {
    guard case .call(let call) = try parseExpression("data.load( \"x.jsonl\" , n: 2 )") else {
        Issue.record("not a call")
        return
    }
    #expect(call.sourceText == "data.load( \"x.jsonl\" , n: 2 )")
    #expect(call.loc.column == 1)
    #expect(call.parenLoc.column == 10)
}

@Test func parserBuildsStatements() throws {
    let program = try parseProgram("""
    let a = 1; var b = 2
    b += 3
    r.x[0] = 4
    for i in xs { continue }
    while false { break }
    if a { } else if b { } else { }
    func f(x, y) { return x }
    f(1, 2)
    """)
    let kinds = program.map { s -> String in
        switch s {
        case .declaration(let d): d.isMutable ? "var" : "let"
        case .assignment(let place, let op, _, _): "assign \(place.root.name) \(place.path.count) \(op?.rawValue ?? "=")"
        case .forIn: "for"
        case .whileLoop: "while"
        case .ifElse(_, _, let e?, _): if case .ifElse(_, _, .some(.block), _) = e { "if-elseif-else" } else { "if-else?" }
        case .ifElse: "if"
        case .function(let f): "func \(f.name) \(f.parameters.count)"
        case .expression: "expr"
        default: "other"
        }
    }
    #expect(kinds == ["let", "var", "assign b 0 +", "assign r 2 =", "for", "while", "if-elseif-else", "func f 2", "expr"])
}

@Test func parserReportsTheOpeningBracketOfAnUnclosedCall() {
    #expect(throws: ScriptError.self) { try parseProgram("print(1,\n2") }
    do {
        _ = try parseProgram("x = f(1,\n2")
    } catch {
        #expect(error.message == "expected ')' to close '(' at 1:6, found end of input")
        #expect(error.loc.line == 2)
    }
}

@Test func parserLimitsNestingWithoutOverflowingTheStack() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    do {
        _ = try parseProgram(deep)
        Issue.record("expected a nesting error")
    } catch {
        #expect(error.message.contains("nested too deeply"))
    }
}

@Test func parserDoesNotCountAFlatOperatorChainAsNesting() {
    let chain = "x = " + Array(repeating: "1", count: 50_000).joined(separator: " + ")
    // The tree is 50,000 levels deep on its left spine: parse and free it on a big stack, as `run` does.
    let parsed = BigStack.run { (try? parseProgram(chain, maxNesting: 10)) != nil }
    #expect(parsed)
    #expect(throws: ScriptError.self) { try parseProgram("x = " + String(repeating: "(", count: 11) + "1" + String(repeating: ")", count: 11), maxNesting: 10) }
}
