/// Expression rules of the parser, from `expr` down to `primary`.
extension Parser {
    /// expr := or
    func expression() throws(ScriptError) -> Expr { try or() }

    /// or := and ("||" and)*
    private func or() throws(ScriptError) -> Expr {
        var expr = try and()
        while check(.orOr) {
            let op = advance()
            skipNewlines()
            expr = .logical(.or, expr, try and(), op.loc)
        }
        return expr
    }

    /// and := equality ("&&" equality)*
    private func and() throws(ScriptError) -> Expr {
        var expr = try equality()
        while check(.andAnd) {
            let op = advance()
            skipNewlines()
            expr = .logical(.and, expr, try equality(), op.loc)
        }
        return expr
    }

    /// equality := comparison (("==" | "!=") comparison)*
    private func equality() throws(ScriptError) -> Expr {
        try binaryChain([.equalEqual: .equal, .bangEqual: .notEqual], operand: comparison)
    }

    /// comparison := term (("<" | "<=" | ">" | ">=") term)*
    private func comparison() throws(ScriptError) -> Expr {
        try binaryChain([.less: .less, .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual],
                        operand: term)
    }

    /// term := factor (("+" | "-") factor)*
    private func term() throws(ScriptError) -> Expr {
        try binaryChain([.plus: .add, .minus: .subtract], operand: factor)
    }

    /// factor := unary (("*" | "/" | "%") unary)*
    private func factor() throws(ScriptError) -> Expr {
        try binaryChain([.star: .multiply, .slash: .divide, .percent: .remainder], operand: unary)
    }

    /// operand (op operand)*, left-associative. A chain is flat to the user, so it does not count as
    /// nesting; the tree is left-deep, and the resolver and interpreter walk its left spine in a loop.
    private func binaryChain(_ operators: [TokenKind: BinaryOperator],
                             operand: () throws(ScriptError) -> Expr) throws(ScriptError) -> Expr {
        var expr = try operand()
        while let op = operators[peek.kind] {
            let token = advance()
            skipNewlines()
            expr = .binary(op, expr, try operand(), token.loc)
        }
        return expr
    }

    /// unary := ("-" | "!") unary | call
    private func unary() throws(ScriptError) -> Expr {
        try enter()
        defer { depth -= 1 }
        if check(.minus) || check(.bang) {
            let op = advance()
            let operand = try unary()
            if op.kind == .minus, case .literal(.number(let x), _) = operand { return .literal(.number(-x), op.loc) }
            return .unary(op.kind == .minus ? .negate : .not, operand, op.loc)
        }
        return try call()
    }

    /// call := primary ( "(" args? ")" | "." NAME | "[" expr "]" )*; each '(' and '[' counts as nesting.
    private func call() throws(ScriptError) -> Expr {
        let start = peek.start
        var expr = try primary()
        var levels = 0
        while true {
            if check(.leftParen) {
                try enter(); levels += 1
                let open = advance()
                let arguments = try args()
                let close = try close(.rightParen, opener: open)
                expr = .call(CallExpr(callee: expr, arguments: arguments, loc: expr.loc, parenLoc: open.loc,
                                      source: source, range: start..<close.end))
            } else if check(.dot) {
                advance()
                let name = try consume(.identifier, "expected a member name after '.'")
                expr = .member(expr, name.lexeme, name.loc)
            } else if check(.leftBracket) {
                try enter(); levels += 1
                let open = advance()
                let index = try expression()
                try close(.rightBracket, opener: open)
                expr = .index(expr, index, open.loc)
            } else {
                break
            }
        }
        depth -= levels
        return expr
    }

    /// args := arg ("," arg)*;  arg := (NAME ":")? expr
    private func args() throws(ScriptError) -> [Argument] {
        var arguments: [Argument] = []
        while !check(.rightParen) && !check(.eof) {
            if check(.identifier), tokens[current + 1].kind == .colon {
                let label = advance()
                advance()
                arguments.append(Argument(label: label.lexeme, labelLoc: label.loc, value: try expression()))
            } else {
                arguments.append(Argument(label: nil, labelLoc: nil, value: try expression()))
            }
            if !match(.comma) { break }
        }
        return arguments
    }

    /// primary := NUMBER | STRING | "true" | "false" | "nil" | NAME | list | record | "(" expr ")"
    private func primary() throws(ScriptError) -> Expr {
        let token = peek
        switch token.kind {
        case .number: advance(); return .literal(.number(token.number), token.loc)
        case .string: advance(); return try stringLiteral(token)
        case .kwTrue: advance(); return .literal(.bool(true), token.loc)
        case .kwFalse: advance(); return .literal(.bool(false), token.loc)
        case .kwNil: advance(); return .literal(.null, token.loc)
        case .identifier: advance(); return .variable(VariableRef(name: token.lexeme, loc: token.loc))
        case .leftBracket: return try listOrRecord()
        case .leftParen:
            let open = advance()
            let expr = try expression()
            try close(.rightParen, opener: open)
            return expr
        default:
            throw failure("expected an expression")
        }
    }

    /// "[" (expr ("," expr)*)? "]"  |  "[" key ":" expr ("," key ":" expr)* "]"  |  "[" ":" "]"
    /// where key := NAME | STRING (a plain string, for field names that are not identifiers: `["Unnamed: 0": "-"]`).
    private func listOrRecord() throws(ScriptError) -> Expr {
        let open = advance()
        if check(.colon) {
            advance()
            try close(.rightBracket, opener: open)
            return .record([], open.loc)
        }
        if check(.identifier) || check(.string), tokens[current + 1].kind == .colon {
            var fields: [RecordField] = []
            repeat {
                if check(.rightBracket) { break }
                let (name, loc) = try recordKey(open)
                try consume(.colon, "expected ':' after field name '\(name)'")
                if fields.contains(where: { $0.name == name }) {
                    throw ScriptError(loc, "duplicate field '\(name)' in record")
                }
                fields.append(RecordField(name: name, loc: loc, value: try expression()))
            } while match(.comma)
            try close(.rightBracket, opener: open)
            return .record(fields, open.loc)
        }
        var elements: [Expr] = []
        while !check(.rightBracket) && !check(.eof) {
            elements.append(try expression())
            if !match(.comma) { break }
        }
        try close(.rightBracket, opener: open)
        return .list(elements, open.loc)
    }

    /// A record field name: an identifier, or a string literal without interpolation.
    private func recordKey(_ open: Token) throws(ScriptError) -> (String, Loc) {
        if check(.string) {
            let token = advance()
            guard token.pieces.count <= 1 else {
                throw ScriptError(token.loc, "a field name cannot be interpolated; write it out, e.g. [\"col 1\": 2]")
            }
            if case .text(let s)? = token.pieces.first { return (s, token.loc) }
            return ("", token.loc)
        }
        let name = try consume(.identifier, "expected a field name in the record started at \(open.loc.line):\(open.loc.column)")
        return (name.lexeme, name.loc)
    }

    /// A string token: one literal, or an interpolation whose `\( … )` pieces are scanned and parsed here.
    private func stringLiteral(_ token: Token) throws(ScriptError) -> Expr {
        if token.pieces.count == 1, case .text(let s) = token.pieces[0] { return .literal(.string(s), token.loc) }
        var parts: [InterpolationPart] = []
        var codeIndex = 0
        for piece in token.pieces {
            switch piece {
            case .text(let s):
                parts.append(.text(s))
            case .code(let start, let end, let loc):
                let scanned: [Token]
                if codeIndex < token.interpolations.count {
                    scanned = token.interpolations[codeIndex]
                } else {
                    var scanner = Scanner(source, file: file, start: start, end: end, line: loc.line, column: loc.column)
                    scanned = scanner.scanTokens()
                }
                codeIndex += 1
                let inner = scanned.filter { $0.kind != .newline }
                if inner.count == 1 {
                    throw ScriptError(loc, "empty interpolation '\\()' in string; put an expression inside")
                }
                let parser = Parser(tokens: inner, source: source, file: file, maxNesting: maxNesting, depth: depth,
                                    stackGuard: stackGuard)
                let expr = try parser.expression()
                if !parser.check(.eof) { throw parser.failure("expected ')' to end the interpolation") }
                parts.append(.expr(expr))
            }
        }
        return .interpolation(parts, token.loc)
    }
}
