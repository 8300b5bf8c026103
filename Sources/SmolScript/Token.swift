/// A position inside one compiled source: the index of its `SourceFile` in the interpreter's table,
/// and a 1-based line and column (columns count Unicode scalars).
struct Loc: Equatable {
    var file: Int
    var line: Int
    var column: Int
}

/// The kinds of token the scanner produces.
enum TokenKind: Equatable {
    // Punctuation.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, semicolon, newline
    // Operators.
    case plus, minus, star, slash, percent, bang
    case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case plusEqual, minusEqual, starEqual, slashEqual
    case andAnd, orOr
    // Literals and names.
    case identifier, number, string
    // Keywords.
    case kwLet, kwVar, kwParam, kwInclude, kwFor, kwIn, kwWhile, kwIf, kwElse, kwFunc, kwReturn, kwBreak, kwContinue
    case kwTrue, kwFalse, kwNil
    /// A character or literal the scanner could not read; the token's `message` says why.
    case error
    case eof
}

/// One piece of a string literal: literal text, or the source range of an interpolated expression.
enum StringPiece: Equatable {
    case text(String)
    /// `\( … )`: the scalar range of the expression between the parentheses, and where it starts.
    case code(start: Int, end: Int, loc: Loc)
}

/// A token with its source range (scalar offsets) and location.
struct Token {
    var kind: TokenKind
    /// The exact source text of the token.
    var lexeme: String
    var start: Int
    var end: Int
    var loc: Loc
    /// The value of a number literal.
    var number: Double = 0
    /// The pieces of a string literal.
    var pieces: [StringPiece] = []
    /// The tokens of each `.code` piece, in order (ending with `.eof`), scanned with the string.
    var interpolations: [[Token]] = []
    /// What went wrong, for `.error` tokens.
    var message: String = ""

    static let keywords: [String: TokenKind] = [
        "let": .kwLet, "var": .kwVar, "param": .kwParam, "include": .kwInclude, "for": .kwFor, "in": .kwIn, "while": .kwWhile, "if": .kwIf,
        "else": .kwElse, "func": .kwFunc, "return": .kwReturn, "break": .kwBreak, "continue": .kwContinue,
        "true": .kwTrue, "false": .kwFalse, "nil": .kwNil,
    ]
}

extension TokenKind {
    /// How the token reads in an error message: `')'`, `end of input`, `newline`.
    var display: String {
        switch self {
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .comma: "','"
        case .dot: "'.'"
        case .colon: "':'"
        case .semicolon: "';'"
        case .newline: "newline"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .bang: "'!'"
        case .equal: "'='"
        case .equalEqual: "'=='"
        case .bangEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .plusEqual: "'+='"
        case .minusEqual: "'-='"
        case .starEqual: "'*='"
        case .slashEqual: "'/='"
        case .andAnd: "'&&'"
        case .orOr: "'||'"
        case .identifier: "name"
        case .number: "number"
        case .string: "string"
        case .error: "invalid token"
        case .eof: "end of input"
        default:
            "'" + (Token.keywords.first(where: { $0.value == self })?.key ?? "?") + "'"
        }
    }
}
