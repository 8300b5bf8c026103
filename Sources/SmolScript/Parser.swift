/// Builds the syntax tree from tokens by recursive descent; each method is named after the grammar
/// rule it parses (see DESIGN.md "SmolScript"). The first syntax error stops the parse.
///
/// Extensions to the grammar, all backwards compatible: compound assignment (`+= -= *= /=`), trailing
/// commas in lists, records and arguments, the empty record `[:]`, newlines after a binary operator
/// and before `else`.
final class Parser {
    private let tokens: [Token]
    private let source: [Unicode.Scalar]
    private let file: Int
    private let maxNesting: Int
    private var current = 0
    /// Current nesting depth (expressions, blocks); shared with parsers of interpolations.
    private(set) var depth: Int

    init(tokens: [Token], source: [Unicode.Scalar], file: Int, maxNesting: Int, depth: Int = 0) {
        self.tokens = tokens
        self.source = source
        self.file = file
        self.maxNesting = maxNesting
        self.depth = depth
    }

    // MARK: - Statements

    /// program := (statement NEWLINE)*
    func program() throws(ScriptError) -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.eof) {
            statements.append(try statement())
            try endOfStatement()
        }
        return statements
    }

    /// statement := let | var | assignment | for | while | if | func | return | break | continue | expr
    func statement() throws(ScriptError) -> Stmt {
        switch peek.kind {
        case .kwLet, .kwVar: return try declaration()
        case .kwFor: return try forStatement()
        case .kwWhile: return try whileStatement()
        case .kwIf: return try ifStatement()
        case .kwFunc: return try functionDeclaration()
        case .kwReturn:
            let loc = advance().loc
            if check(.newline) || check(.semicolon) || check(.rightBrace) || check(.eof) { return .returnStmt(nil, loc) }
            return .returnStmt(try expression(), loc)
        case .kwBreak: return .breakStmt(advance().loc)
        case .kwContinue: return .continueStmt(advance().loc)
        default: return try expressionStatement()
        }
    }

    /// "let" NAME "=" expr | "var" NAME "=" expr
    private func declaration() throws(ScriptError) -> Stmt {
        let keyword = advance()
        let name = try consume(.identifier, "expected a name after '\(keyword.lexeme)'")
        try consume(.equal, "expected '=' after '\(keyword.lexeme) \(name.lexeme)'; every variable needs an initial value")
        let value = try expression()
        return .declaration(Declaration(name: name.lexeme, loc: name.loc, isMutable: keyword.kind == .kwVar, initializer: value))
    }

    /// "for" NAME "in" expr block
    private func forStatement() throws(ScriptError) -> Stmt {
        let loc = advance().loc
        let name = try consume(.identifier, "expected a loop variable name after 'for'")
        try consume(.kwIn, "expected 'in' after 'for \(name.lexeme)'")
        let iterable = try expression()
        let body = try block(after: "for")
        return .forIn(ForIn(name: name.lexeme, nameLoc: name.loc, iterable: iterable, body: body, loc: loc))
    }

    /// "while" expr block
    private func whileStatement() throws(ScriptError) -> Stmt {
        let loc = advance().loc
        let condition = try expression()
        return .whileLoop(condition, try block(after: "while"), loc)
    }

    /// "if" expr block ("else" (block | statement_if))?
    private func ifStatement() throws(ScriptError) -> Stmt {
        let loc = advance().loc
        let condition = try expression()
        let thenBranch = try block(after: "if")
        var lookahead = current
        while tokens[lookahead].kind == .newline { lookahead += 1 }
        guard tokens[lookahead].kind == .kwElse else { return .ifElse(condition, thenBranch, nil, loc) }
        current = lookahead + 1
        if check(.kwIf) {
            try enter()
            defer { depth -= 1 }
            return .ifElse(condition, thenBranch, try ifStatement(), loc)
        }
        return .ifElse(condition, thenBranch, .block(try block(after: "else")), loc)
    }

    /// "func" NAME "(" (NAME ("," NAME)*)? ")" block
    private func functionDeclaration() throws(ScriptError) -> Stmt {
        advance()
        let name = try consume(.identifier, "expected a function name after 'func'")
        let open = try consume(.leftParen, "expected '(' after 'func \(name.lexeme)'")
        var parameters: [(name: String, loc: Loc)] = []
        while !check(.rightParen) {
            let parameter = try consume(.identifier, "expected a parameter name in 'func \(name.lexeme)('")
            if parameters.contains(where: { $0.name == parameter.lexeme }) {
                throw ScriptError(parameter.loc, "duplicate parameter '\(parameter.lexeme)' in 'func \(name.lexeme)'")
            }
            parameters.append((parameter.lexeme, parameter.loc))
            if !match(.comma) { break }
        }
        try close(.rightParen, opener: open)
        let body = try block(after: "func \(name.lexeme)(…)")
        return .function(FunctionDecl(name: name.lexeme, loc: name.loc, parameters: parameters, body: body))
    }

    /// target "=" expr | target ("+=" | "-=" | "*=" | "/=") expr | expr
    private func expressionStatement() throws(ScriptError) -> Stmt {
        let expr = try expression()
        let op: BinaryOperator?
        switch peek.kind {
        case .equal: op = nil
        case .plusEqual: op = .add
        case .minusEqual: op = .subtract
        case .starEqual: op = .multiply
        case .slashEqual: op = .divide
        default: return .expression(expr)
        }
        let equals = advance()
        guard let place = Parser.place(expr) else {
            throw ScriptError(expr.loc, "cannot assign to this expression; only a name, 'x[i]' or 'r.field' can be assigned")
        }
        skipNewlines()
        return .assignment(place, op, try expression(), equals.loc)
    }

    /// The assignable place an expression denotes, or nil.
    static func place(_ expr: Expr) -> Place? {
        switch expr {
        case .variable(let ref): return Place(root: ref, path: [])
        case .index(let object, let index, let loc):
            guard var place = place(object) else { return nil }
            place.path.append(.index(index, loc))
            return place
        case .member(let object, let name, let loc):
            guard var place = place(object) else { return nil }
            place.path.append(.field(name, loc))
            return place
        default: return nil
        }
    }

    /// block := "{" (statement NEWLINE)* "}"
    private func block(after construct: String) throws(ScriptError) -> Block {
        let open = try consume(.leftBrace, "expected '{' to start the body of '\(construct)'")
        try enter()
        defer { depth -= 1 }
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.rightBrace) && !check(.eof) {
            statements.append(try statement())
            try endOfStatement()
        }
        try close(.rightBrace, opener: open)
        return Block(statements: statements, loc: open.loc)
    }

    /// A statement ends at a newline, a ';', a '}' or the end of input.
    private func endOfStatement() throws(ScriptError) {
        if check(.newline) || check(.semicolon) {
            skipSeparators()
        } else if !check(.rightBrace) && !check(.eof) {
            throw failure("expected a newline or ';' after the statement")
        }
    }

    // MARK: - Expressions

    /// expr := or
    func expression() throws(ScriptError) -> Expr { try or() }

    /// or := and ("||" and)*
    private func or() throws(ScriptError) -> Expr {
        var expr = try and()
        var levels = 0
        while check(.orOr) {
            let op = advance()
            try enter(); levels += 1
            skipNewlines()
            expr = .logical(.or, expr, try and(), op.loc)
        }
        depth -= levels
        return expr
    }

    /// and := equality ("&&" equality)*
    private func and() throws(ScriptError) -> Expr {
        var expr = try equality()
        var levels = 0
        while check(.andAnd) {
            let op = advance()
            try enter(); levels += 1
            skipNewlines()
            expr = .logical(.and, expr, try equality(), op.loc)
        }
        depth -= levels
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

    /// operand (op operand)*, left-associative; each operator counts as one level of nesting.
    private func binaryChain(_ operators: [TokenKind: BinaryOperator],
                             operand: () throws(ScriptError) -> Expr) throws(ScriptError) -> Expr {
        var expr = try operand()
        var levels = 0
        while let op = operators[peek.kind] {
            let token = advance()
            try enter(); levels += 1
            skipNewlines()
            expr = .binary(op, expr, try operand(), token.loc)
        }
        depth -= levels
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

    /// call := primary ( "(" args? ")" | "." NAME | "[" expr "]" )*
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
                                      sourceText: text(start, close.end)))
            } else if check(.dot) {
                try enter(); levels += 1
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

    /// "[" (expr ("," expr)*)? "]"  |  "[" NAME ":" expr ("," NAME ":" expr)* "]"  |  "[" ":" "]"
    private func listOrRecord() throws(ScriptError) -> Expr {
        let open = advance()
        if check(.colon) {
            advance()
            try close(.rightBracket, opener: open)
            return .record([], open.loc)
        }
        if check(.identifier), tokens[current + 1].kind == .colon {
            var fields: [RecordField] = []
            repeat {
                if check(.rightBracket) { break }
                let name = try consume(.identifier, "expected a field name in the record started at \(open.loc.line):\(open.loc.column)")
                try consume(.colon, "expected ':' after field name '\(name.lexeme)'")
                if fields.contains(where: { $0.name == name.lexeme }) {
                    throw ScriptError(name.loc, "duplicate field '\(name.lexeme)' in record")
                }
                fields.append(RecordField(name: name.lexeme, loc: name.loc, value: try expression()))
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

    /// A string token: one literal, or an interpolation whose `\( … )` pieces are scanned and parsed here.
    private func stringLiteral(_ token: Token) throws(ScriptError) -> Expr {
        if token.pieces.count == 1, case .text(let s) = token.pieces[0] { return .literal(.string(s), token.loc) }
        var parts: [InterpolationPart] = []
        for piece in token.pieces {
            switch piece {
            case .text(let s):
                parts.append(.text(s))
            case .code(let start, let end, let loc):
                var scanner = Scanner(source, file: file, start: start, end: end, line: loc.line, column: loc.column)
                let inner = scanner.scanTokens().filter { $0.kind != .newline }
                if inner.count == 1 {
                    throw ScriptError(loc, "empty interpolation '\\()' in string; put an expression inside")
                }
                let parser = Parser(tokens: inner, source: source, file: file, maxNesting: maxNesting, depth: depth)
                let expr = try parser.expression()
                if !parser.check(.eof) { throw parser.failure("expected ')' to end the interpolation") }
                parts.append(.expr(expr))
            }
        }
        return .interpolation(parts, token.loc)
    }

    // MARK: - Helpers

    private var peek: Token { tokens[current] }

    private func check(_ kind: TokenKind) -> Bool { tokens[current].kind == kind }

    @discardableResult
    private func advance() -> Token {
        let token = tokens[current]
        if token.kind != .eof { current += 1 }
        return token
    }

    private func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    private func consume(_ kind: TokenKind, _ message: String) throws(ScriptError) -> Token {
        guard check(kind) else { throw failure(message) }
        return advance()
    }

    /// Consumes the closer of `opener`, or fails with "expected ')' to close '(' at 3:5".
    @discardableResult
    private func close(_ kind: TokenKind, opener: Token) throws(ScriptError) -> Token {
        guard check(kind) else {
            throw failure("expected \(kind.display) to close \(opener.kind.display) at \(opener.loc.line):\(opener.loc.column)")
        }
        return advance()
    }

    /// An error at the current token; a scanner error token reports its own message instead.
    private func failure(_ message: String) -> ScriptError {
        let token = peek
        if token.kind == .error { return ScriptError(token.loc, token.message) }
        let found = switch token.kind {
        case .identifier, .number, .string: "'\(token.lexeme)'"
        default: token.kind.display
        }
        return ScriptError(token.loc, "\(message), found \(found)")
    }

    private func skipSeparators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    private func skipNewlines() {
        while check(.newline) { advance() }
    }

    private func enter() throws(ScriptError) {
        depth += 1
        if depth > maxNesting {
            throw ScriptError(peek.loc, "code nested too deeply (more than \(maxNesting) levels); simplify it or raise the limit with --max-nesting")
        }
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: source[from..<to])
        return String(s)
    }
}
