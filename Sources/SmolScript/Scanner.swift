/// Turns SmolScript source into tokens.
///
/// Newlines end statements, except inside `(` `)` and `[` `]` where they are skipped; `#` starts a
/// comment that runs to the end of the line. A string literal may span lines and holds escapes
/// (`\n \t \r \" \\ \0`) and interpolations `\( expr )`, whose tokens are scanned in the same pass
/// (a nested scanner that stops at the closing `)`), so deeply nested interpolations cost linear time.
/// Problems become `.error` tokens so that the parser reports them in source order.
struct Scanner {
    private let source: [Unicode.Scalar]
    private let end: Int
    private let file: Int
    private var current: Int
    private var line: Int
    private var column: Int
    private var tokens: [Token] = []
    /// Open `(`, `[`, `{` not yet closed, innermost last.
    private(set) var openBrackets: [Unicode.Scalar] = []
    /// Whether the input ended inside a string literal.
    private(set) var endedInsideString = false
    /// For the scanner of an interpolation: stop at the `)` that closes it.
    private var stopsAtClosingParen = false
    private(set) var stoppedAtClosingParen = false
    private var openParens = 0
    /// Stops nested interpolations before they overflow the native stack.
    private let stackGuard: StackGuard

    /// Scans `source[start..<end]`, whose first scalar sits at `line:column` of file number `file`.
    init(_ source: [Unicode.Scalar], file: Int, start: Int = 0, end: Int? = nil, line: Int = 1, column: Int = 1,
         stackGuard: StackGuard = StackGuard()) {
        self.stackGuard = stackGuard
        self.source = source
        self.file = file
        self.current = start
        self.end = end ?? source.count
        self.line = line
        self.column = column
    }

    /// All tokens, ending with `.eof`.
    mutating func scanTokens() -> [Token] {
        while current < end && !stoppedAtClosingParen {
            scanToken()
        }
        tokens.append(Token(kind: .eof, lexeme: "", start: current, end: current, loc: here))
        return tokens
    }

    private var here: Loc { Loc(file: file, line: line, column: column) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        current + ahead < end ? source[current + ahead] : nil
    }

    @discardableResult
    private mutating func advance() -> Unicode.Scalar {
        let c = source[current]
        current += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    private mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard peek() == expected else { return false }
        advance()
        return true
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: source[from..<to])
        return String(s)
    }

    /// A string literal's lexeme is only quoted in messages, so a long one is kept short (copying every
    /// nested string of a deep interpolation whole would take quadratic time).
    private mutating func add(_ kind: TokenKind, from start: Int, at loc: Loc) {
        let lexeme = kind == .string && current - start > 40 ? text(start, start + 39) + "…" : text(start, current)
        tokens.append(Token(kind: kind, lexeme: lexeme, start: start, end: current, loc: loc))
    }

    private mutating func addError(_ message: String, from start: Int, at loc: Loc) {
        // Capped like long strings: nested unterminated interpolations add one error per level, each
        // spanning the rest of the file, and copying that text every time made them quadratic.
        let lexeme = current - start > 40 ? text(start, start + 39) + "…" : text(start, current)
        var token = Token(kind: .error, lexeme: lexeme, start: start, end: current, loc: loc)
        token.message = message
        tokens.append(token)
    }

    private mutating func scanToken() {
        let start = current
        let loc = here
        let c = advance()
        switch c {
        case " ", "\t", "\r":
            break
        case "\n":
            if let top = openBrackets.last, top == "(" || top == "[" { break }
            add(.newline, from: start, at: loc)
        case "#":
            while let next = peek(), next != "\n" { advance() }
        case ")" where stopsAtClosingParen && openParens == 0:
            stoppedAtClosingParen = true
        case "(", "[", "{":
            if c == "(" { openParens += 1 }
            openBrackets.append(c)
            add(c == "(" ? .leftParen : c == "[" ? .leftBracket : .leftBrace, from: start, at: loc)
        case ")", "]", "}":
            if c == ")" { openParens -= 1 }
            if !openBrackets.isEmpty { openBrackets.removeLast() }
            add(c == ")" ? .rightParen : c == "]" ? .rightBracket : .rightBrace, from: start, at: loc)
        case ",": add(.comma, from: start, at: loc)
        case ".": add(.dot, from: start, at: loc)
        case ":": add(.colon, from: start, at: loc)
        case ";": add(.semicolon, from: start, at: loc)
        case "+": add(match("=") ? .plusEqual : .plus, from: start, at: loc)
        case "-": add(match("=") ? .minusEqual : .minus, from: start, at: loc)
        case "*": add(match("=") ? .starEqual : .star, from: start, at: loc)
        case "/": add(match("=") ? .slashEqual : .slash, from: start, at: loc)
        case "%": add(.percent, from: start, at: loc)
        case "!": add(match("=") ? .bangEqual : .bang, from: start, at: loc)
        case "=": add(match("=") ? .equalEqual : .equal, from: start, at: loc)
        case "<": add(match("=") ? .lessEqual : .less, from: start, at: loc)
        case ">": add(match("=") ? .greaterEqual : .greater, from: start, at: loc)
        case "&":
            if match("&") { add(.andAnd, from: start, at: loc) } else {
                addError("unexpected character '&'; did you mean '&&'?", from: start, at: loc)
            }
        case "|":
            if match("|") { add(.orOr, from: start, at: loc) } else {
                addError("unexpected character '|'; did you mean '||'?", from: start, at: loc)
            }
        case "\"":
            string(from: start, at: loc)
        default:
            if Scanner.isDigit(c) {
                number(from: start, at: loc)
            } else if Scanner.isIdentifierStart(c) {
                identifier(from: start, at: loc)
            } else {
                addError("unexpected character '\(Scanner.printable(c))'", from: start, at: loc)
            }
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.isASCII ? (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") : c.properties.isAlphabetic)
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }

    private static func printable(_ c: Unicode.Scalar) -> String {
        c.properties.generalCategory == .control ? "\\u{\(String(c.value, radix: 16))}" : String(c)
    }

    private mutating func identifier(from start: Int, at loc: Loc) {
        while let c = peek(), Scanner.isIdentifierPart(c) { advance() }
        let word = text(start, current)
        add(Token.keywords[word] ?? .identifier, from: start, at: loc)
    }

    /// NUMBER := digits ("." digits)? (("e" | "E") ("+" | "-")? digits)?, where digits may be
    /// grouped with underscores as in Swift (`1_000_000`).
    private mutating func number(from start: Int, at loc: Loc) {
        while let c = peek(), Scanner.isDigit(c) || c == "_" { advance() }
        if peek() == ".", let next = peek(1), Scanner.isDigit(next) {
            advance()
            while let c = peek(), Scanner.isDigit(c) || c == "_" { advance() }
        }
        var valid = true
        if peek() == "e" || peek() == "E" {
            advance()
            if peek() == "+" || peek() == "-" { advance() }
            if let c = peek(), Scanner.isDigit(c) {
                while let c = peek(), Scanner.isDigit(c) { advance() }
            } else {
                valid = false
            }
        }
        // A letter glued to a number (`1abc`, `1e`) is a malformed literal, not two tokens.
        while let c = peek(), Scanner.isIdentifierPart(c) {
            advance()
            valid = false
        }
        let lexeme = text(start, current)
        guard valid, !lexeme.contains("__"), let value = Double(lexeme.filter { $0 != "_" }) else {
            addError("invalid number literal '\(lexeme)'", from: start, at: loc)
            return
        }
        guard value.isFinite else {
            addError("number literal '\(lexeme)' is too large for a Number (at most about 1.8e308)", from: start, at: loc)
            return
        }
        add(.number, from: start, at: loc)
        tokens[tokens.count - 1].number = value
    }

    /// STRING := '"' (char | escape | "\(" expr ")")* '"'
    private mutating func string(from start: Int, at loc: Loc) {
        var pieces: [StringPiece] = []
        var interpolations: [[Token]] = []
        var buffer = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                endedInsideString = true
                addError("unterminated string; add a closing '\"'", from: start, at: loc)
                return
            }
            if c == "\"" {
                advance()
                break
            }
            if c != "\\" {
                buffer.append(advance())
                continue
            }
            let escapeLoc = here
            let escapeStart = current
            advance()
            guard let e = peek() else { continue }
            advance()
            switch e {
            case "n": buffer.append("\n")
            case "t": buffer.append("\t")
            case "r": buffer.append("\r")
            case "0": buffer.append("\0")
            case "\"": buffer.append("\"")
            case "\\": buffer.append("\\")
            case "(":
                if !buffer.isEmpty { pieces.append(.text(String(buffer))) }
                buffer = String.UnicodeScalarView()
                let codeLoc = here
                let codeStart = current
                guard stackGuard.hasRoom() else {
                    addError("string interpolations nested too deeply for the native stack; simplify them", from: escapeStart, at: escapeLoc)
                    current = end
                    return
                }
                var inner = Scanner(source, file: file, start: current, end: end, line: line, column: column,
                                    stackGuard: stackGuard)
                inner.stopsAtClosingParen = true
                let innerTokens = inner.scanTokens()
                (current, line, column) = (inner.current, inner.line, inner.column)
                guard inner.stoppedAtClosingParen else {
                    endedInsideString = true
                    addError("unterminated interpolation '\\(' in string; close it with ')'", from: escapeStart, at: escapeLoc)
                    return
                }
                pieces.append(.code(start: codeStart, end: current - 1, loc: codeLoc))
                interpolations.append(innerTokens)
            default:
                // Keep scanning to the closing quote so one bad escape yields one error.
                while let c = peek(), c != "\"" { advance(); if c == "\\", peek() != nil { advance() } }
                if peek() == "\"" { advance() }
                addError("invalid escape '\\\(Scanner.printable(e))' in string; write '\\\\' for a backslash",
                         from: escapeStart, at: escapeLoc)
                return
            }
        }
        if !buffer.isEmpty || pieces.isEmpty { pieces.append(.text(String(buffer))) }
        add(.string, from: start, at: loc)
        tokens[tokens.count - 1].pieces = pieces
        tokens[tokens.count - 1].interpolations = interpolations
    }
}
