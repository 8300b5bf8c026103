@testable import SmolScript
import Testing

private func scan(_ source: String) -> [Token] {
    var scanner = Scanner(Array(source.unicodeScalars), file: 0)
    return scanner.scanTokens()
}

@Test func scannerProducesKindsAndLexemes() {
    let tokens = scan("let x = data.load(\"a\", n: 3) # comment")
    #expect(tokens.map(\.kind) == [.kwLet, .identifier, .equal, .identifier, .dot, .identifier, .leftParen, .string,
                                   .comma, .identifier, .colon, .number, .rightParen, .eof])
    #expect(tokens.map(\.lexeme).prefix(6) == ["let", "x", "=", "data", ".", "load"])
}

@Test func scannerTracksLinesAndColumns() {
    let tokens = scan("a\n  bb = 1\n\tc")
    let positions = tokens.map { [$0.loc.line, $0.loc.column] }
    // a, newline, bb, =, 1, newline, c, eof
    #expect(positions == [[1, 1], [1, 2], [2, 3], [2, 6], [2, 8], [2, 9], [3, 2], [3, 3]])
}

@Test func scannerColumnsCountUnicodeScalars() {
    let tokens = scan("\"مرحبا\" + x")
    #expect(tokens[1].loc.column == 9)
    #expect(tokens[2].loc.column == 11)
}

@Test func scannerSkipsNewlinesInsideParenthesesAndBrackets() {
    let kinds = scan("f(\n1,\n[2,\n3]\n)\n{\n}").map(\.kind)
    #expect(kinds == [.identifier, .leftParen, .number, .comma, .leftBracket, .number, .comma, .number, .rightBracket,
                      .rightParen, .newline, .leftBrace, .newline, .rightBrace, .eof])
}

@Test func scannerReadsNumbers() {
    let tokens = scan("8 3.5 1e-3 6.25e-7 2E+2")
    #expect(tokens.dropLast().map(\.number) == [8, 3.5, 0.001, 6.25e-7, 200])
    #expect(scan("x.count")[1].kind == .dot)
    #expect(scan("1.x").map(\.kind) == [.number, .dot, .identifier, .eof])
}

@Test func scannerRejectsMalformedNumbers() {
    let bad = scan("1e")[0]
    #expect(bad.kind == .error)
    #expect(bad.message == "invalid number literal '1e'")
    #expect(scan("3abc")[0].message == "invalid number literal '3abc'")
}

@Test func scannerReadsOperators() {
    let kinds = scan("== != <= >= < > && || ! += -= *= /= %").map(\.kind)
    #expect(kinds == [.equalEqual, .bangEqual, .lessEqual, .greaterEqual, .less, .greater, .andAnd, .orOr, .bang,
                      .plusEqual, .minusEqual, .starEqual, .slashEqual, .percent, .eof])
}

@Test func scannerDecodesEscapes() {
    let token = scan(#""a\tb\n\"q\" \\ \0""#)[0]
    #expect(token.pieces == [.text("a\tb\n\"q\" \\ \0")])
}

@Test func scannerSplitsInterpolations() {
    let source = #""lr=\(lr) and \(f("x)"))!""#
    let token = scan(source)[0]
    #expect(token.kind == .string)
    guard token.pieces.count == 5, case .code(let s1, let e1, let loc1) = token.pieces[1],
          case .code(let s2, let e2, _) = token.pieces[3] else {
        Issue.record("unexpected pieces \(token.pieces)")
        return
    }
    let scalars = Array(source.unicodeScalars)
    #expect(String(String.UnicodeScalarView(scalars[s1..<e1])) == "lr")
    #expect(String(String.UnicodeScalarView(scalars[s2..<e2])) == #"f("x)")"#)
    #expect(loc1.column == 7)
    #expect(token.pieces[0] == .text("lr="))
    #expect(token.pieces[4] == .text("!"))
}

@Test func scannerReportsUnterminatedStringAtItsStart() {
    var scanner = Scanner(Array("x = \"abc".unicodeScalars), file: 0)
    let tokens = scanner.scanTokens()
    #expect(tokens[2].kind == .error)
    #expect(tokens[2].loc.column == 5)
    #expect(tokens[2].message.hasPrefix("unterminated string"))
    #expect(scanner.endedInsideString)
}

@Test func scannerRecognisesKeywordsAndUnicodeNames() {
    let kinds = scan("for in while if else func return break continue true false nil var let café").map(\.kind)
    #expect(kinds == [.kwFor, .kwIn, .kwWhile, .kwIf, .kwElse, .kwFunc, .kwReturn, .kwBreak, .kwContinue, .kwTrue,
                      .kwFalse, .kwNil, .kwVar, .kwLet, .identifier, .eof])
}

@Test func scannerReportsUnexpectedCharacters() {
    let tokens = scan("a @ b")
    #expect(tokens[1].kind == .error)
    #expect(tokens[1].message == "unexpected character '@'")
    #expect(tokens[2].kind == .identifier)
}

/// Found by probing fuzz-script (`scripts/fuzz.sh script FILE`) with deep inputs past libFuzzer's 4 KB:
/// 100,000 nested `"\(` overflowed the native stack. On the stack scripts run on (`BigStack`) they now scan
/// to one string token, and an unterminated one to an error, never a crash.
@Test func deeplyNestedInterpolationsScanOnTheScriptStack() {
    let depth = 100_000
    let nested = String(repeating: "\"\\(", count: depth) + "1" + String(repeating: ")\"", count: depth)
    // Only token kinds leave the big stack: the tokens hold their interpolations' tokens, 100,000 levels
    // deep, and must be freed where they were made.
    let kinds = BigStack.run { scan("print(\(nested))").map(\.kind) }
    #expect(kinds == [.identifier, .leftParen, .string, .rightParen, .eof])

    let unterminated = BigStack.run { scan("print(" + String(repeating: "\"\\(", count: depth) + "1").map(\.kind) }
    #expect(unterminated.contains(.error))
    #expect(unterminated.last == .eof)
}
