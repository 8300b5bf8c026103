/// Builds the syntax tree from tokens by recursive descent; each method is named after the grammar
/// rule it parses (see DESIGN.md "SmolScript"). The first syntax error stops the parse.
///
/// Extensions to the grammar, all backwards compatible: compound assignment (`+= -= *= /=`), trailing
/// commas in lists, records and arguments, the empty record `[:]`, newlines after a binary operator
/// and before `else`.
final class Parser {
    let tokens: [Token]
    let source: [Unicode.Scalar]
    let file: Int
    let maxNesting: Int
    var current = 0
    /// Current nesting depth (expressions, blocks); shared with parsers of interpolations.
    var depth: Int
    /// Stops the descent before the native stack runs out, whatever `maxNesting` allows.
    let stackGuard: StackGuard

    init(tokens: [Token], source: [Unicode.Scalar], file: Int, maxNesting: Int, depth: Int = 0,
         stackGuard: StackGuard = StackGuard()) {
        self.stackGuard = stackGuard
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
            if check(.rightBrace) { throw ScriptError(peek.loc, "unmatched '}'; no block is open here") }
            let parsed = try statement()
            statements.append(parsed)
            try endOfStatement(after: parsed)
        }
        return statements
    }

    /// statement := let | var | param | include | assignment | for | while | if | func | return | break | continue | expr
    func statement() throws(ScriptError) -> Stmt {
        switch peek.kind {
        case .kwLet, .kwVar, .kwParam: return try declaration()
        case .kwInclude: return try inclusion()
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

    /// "let" NAME "=" expr | "var" NAME "=" expr | "param" NAME "=" literal
    ///
    /// A `param` is a script parameter: an immutable top-level global whose default `--set NAME=VALUE`
    /// overrides; its default is a literal so `smol check` can list it without running anything.
    private func declaration() throws(ScriptError) -> Stmt {
        let keyword = advance()
        let name = try consume(.identifier, "expected a name after '\(keyword.lexeme)'")
        try consume(.equal, "expected '=' after '\(keyword.lexeme) \(name.lexeme)'; every variable needs an initial value")
        let value = try expression()
        if keyword.kind == .kwParam, CommandBinding.literalValue(value) == nil {
            throw ScriptError(value.loc, "the default of parameter '\(name.lexeme)' must be a literal (a number, string, true, false, nil or a list of them), so `smol check` can list it; compute derived values with 'let'")
        }
        return .declaration(Declaration(name: name.lexeme, loc: name.loc, isMutable: keyword.kind == .kwVar,
                                        isParameter: keyword.kind == .kwParam, initializer: value))
    }

    /// "include" STRING — the path is a plain string literal, so the included file is known before anything runs.
    private func inclusion() throws(ScriptError) -> Stmt {
        let loc = advance().loc
        let path = try expression()
        guard case .string(let text)? = CommandBinding.literalValue(path) else {
            throw ScriptError(path.loc, "'include' takes a plain string literal, the path of a .smol file (relative to this file's folder), e.g. include \"smoltulu.smol\"")
        }
        return .include(Inclusion(path: text, loc: loc))
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
        if check(.equal) { throw failure("expected '{' to start the body of '\(construct)'; to compare, write '=='") }
        let open = try consume(.leftBrace, "expected '{' to start the body of '\(construct)'")
        try enter()
        defer { depth -= 1 }
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.rightBrace) && !check(.eof) {
            let parsed = try statement()
            statements.append(parsed)
            try endOfStatement(after: parsed)
        }
        try close(.rightBrace, opener: open)
        return Block(statements: statements, loc: open.loc)
    }

    /// A statement ends at a newline, a ';', a '}' or the end of input. A statement that is one
    /// misspelled keyword (`fucn f() {…}`, `retrun x`) gets a suggestion.
    private func endOfStatement(after statement: Stmt) throws(ScriptError) {
        if check(.newline) || check(.semicolon) {
            skipSeparators()
        } else if check(.rightParen) || check(.rightBracket) {
            throw ScriptError(peek.loc, "unmatched \(peek.kind.display); nothing is open here for it to close")
        } else if !check(.rightBrace) && !check(.eof) {
            if case .expression(.variable(let ref)) = statement,
               let keyword = DidYouMean.suggestion(for: ref.name, among: Interpreter.keywords) {
                throw ScriptError(ref.loc, "unknown word '\(ref.name)' before \(describeFound(peek)); did you mean '\(keyword)'?")
            }
            throw failure("expected a newline or ';' after the statement")
        }
    }

    private func describeFound(_ token: Token) -> String {
        switch token.kind {
        case .identifier, .number, .string: "'\(token.lexeme)'"
        default: token.kind.display
        }
    }

    // MARK: - Helpers

    var peek: Token { tokens[current] }

    func check(_ kind: TokenKind) -> Bool { tokens[current].kind == kind }

    @discardableResult
    func advance() -> Token {
        let token = tokens[current]
        if token.kind != .eof { current += 1 }
        return token
    }

    func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    func consume(_ kind: TokenKind, _ message: String) throws(ScriptError) -> Token {
        guard check(kind) else { throw failure(message) }
        return advance()
    }

    /// Consumes the closer of `opener`, or fails with "expected ')' to close '(' at 3:5".
    @discardableResult
    func close(_ kind: TokenKind, opener: Token) throws(ScriptError) -> Token {
        guard check(kind) else {
            throw failure("expected \(kind.display) to close \(opener.kind.display) at \(opener.loc.line):\(opener.loc.column)")
        }
        return advance()
    }

    /// An error at the current token; a scanner error token reports its own message instead.
    /// At the end of input the error points just past the last token, so the diagnostic can quote
    /// the line that is unfinished.
    func failure(_ message: String) -> ScriptError {
        let token = peek
        if token.kind == .error { return ScriptError(token.loc, token.message) }
        let found = switch token.kind {
        case .identifier, .number, .string: "'\(token.lexeme)'"
        default: token.kind.display
        }
        let loc = token.kind == .eof ? endOfLastToken ?? token.loc : token.loc
        return ScriptError(loc, "\(message), found \(found)")
    }

    /// The location just after the last token before the end of input (newlines aside), when that token
    /// sits on one line.
    private var endOfLastToken: Loc? {
        guard let last = tokens[..<current].last(where: { $0.kind != .newline && $0.kind != .eof }),
              last.end <= source.count, !source[last.start..<last.end].contains("\n") else { return nil }
        return Loc(file: last.loc.file, line: last.loc.line, column: last.loc.column + (last.end - last.start))
    }

    func skipSeparators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    func skipNewlines() {
        while check(.newline) { advance() }
    }

    /// One more level of real nesting: a block, a parenthesis, a bracket, a unary operator.
    func enter() throws(ScriptError) {
        depth += 1
        if depth > maxNesting {
            throw ScriptError(peek.loc, "code nested too deeply (more than \(maxNesting) levels); simplify it or raise the limit with --max-nesting")
        }
        if !stackGuard.hasRoom() { throw ScriptError(peek.loc, Limit.nativeStack(depth)) }
    }

    func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: source[from..<to])
        return String(s)
    }
}
