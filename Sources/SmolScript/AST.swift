/// The syntax tree the parser builds and the resolver annotates.
///
/// Expressions and statements are enums; the nodes the resolver annotates (variables, calls,
/// declarations, blocks, functions) are classes so that annotations are written in place.

enum UnaryOperator: String { case negate = "-", not = "!" }

enum BinaryOperator: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

enum LogicalOperator: String { case and = "&&", or = "||" }

indirect enum Expr {
    /// A number, a string without interpolation, `true`, `false`, `nil`.
    case literal(Value, Loc)
    /// `"lr=\(lr)"`: text pieces and expressions, concatenated at run time.
    case interpolation([InterpolationPart], Loc)
    case variable(VariableRef)
    case list([Expr], Loc)
    /// `[lr: 1e-3, batch: 8]`, or `[:]` for the empty record.
    case record([RecordField], Loc)
    case unary(UnaryOperator, Expr, Loc)
    case binary(BinaryOperator, Expr, Expr, Loc)
    case logical(LogicalOperator, Expr, Expr, Loc)
    case call(CallExpr)
    /// `object.name`; the location is that of the name.
    case member(Expr, String, Loc)
    /// `object[index]`; the location is that of `[`.
    case index(Expr, Expr, Loc)

    /// Where the expression starts, for messages about the whole expression.
    var loc: Loc {
        switch self {
        case .literal(_, let l), .interpolation(_, let l), .list(_, let l), .record(_, let l), .unary(_, _, let l):
            l
        case .variable(let v): v.loc
        case .binary(_, let lhs, _, _), .logical(_, let lhs, _, _): lhs.loc
        case .call(let c): c.loc
        case .member(let object, _, _), .index(let object, _, _): object.loc
        }
    }

    /// Where the operator or accessor sits (binary: the operator; call: `(`; member: the name).
    var operatorLoc: Loc {
        switch self {
        case .binary(_, _, _, let l), .logical(_, _, _, let l), .member(_, _, let l), .index(_, _, let l): l
        case .call(let c): c.parenLoc
        default: loc
        }
    }
}

enum InterpolationPart {
    case text(String)
    case expr(Expr)
}

struct RecordField {
    var name: String
    var loc: Loc
    var value: Expr
}

/// What a name refers to once resolved.
enum Binding {
    case unresolved
    /// A local slot `depth` environments up from the current one.
    case local(depth: Int, slot: Int)
    case global(slot: Int)
}

/// A use of a variable name.
final class VariableRef {
    let name: String
    let loc: Loc
    @exclusivity(unchecked) var binding: Binding = .unresolved

    init(name: String, loc: Loc) {
        self.name = name
        self.loc = loc
    }
}

/// One argument of a call: `expr` or `label: expr`.
struct Argument {
    var label: String?
    var labelLoc: Loc?
    var value: Expr
}

/// What a call calls, decided by the resolver.
enum CallTarget {
    case unresolved
    /// Evaluate the callee; it must be a function value.
    case dynamic
    /// A host command; `binding[p]` is the argument index bound to parameter `p`, nil for a default.
    case command(CommandSignature, binding: [Int?])
    case builtin(Builtin)
    /// A method of the value left of the dot (`xs.append(4)`, `xs.contains(3)`).
    case method(String)
}

/// A call `callee(arguments)`.
final class CallExpr {
    let callee: Expr
    let arguments: [Argument]
    /// Where the callee starts: the location of diagnostics about the call and of its ledger entry.
    let loc: Loc
    let parenLoc: Loc
    /// The scalars of the whole source and the call's range in them; the text is made only when a
    /// command runs (copying it for every call of a deeply nested expression would be quadratic).
    private let source: [Unicode.Scalar]
    private let range: Range<Int>
    @exclusivity(unchecked) var target: CallTarget = .unresolved
    /// For `.method("append")`: the assignable place that receives the new element.
    @exclusivity(unchecked) var appendTarget: Place?

    init(callee: Expr, arguments: [Argument], loc: Loc, parenLoc: Loc, source: [Unicode.Scalar], range: Range<Int>) {
        self.callee = callee
        self.arguments = arguments
        self.loc = loc
        self.parenLoc = parenLoc
        self.source = source
        self.range = range
    }

    /// The call's exact source text, e.g. `data.load("x.jsonl")`.
    var sourceText: String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: source[range])
        return String(text)
    }
}

/// An assignable place: a variable followed by zero or more `[index]` / `.field` accessors.
struct Place {
    var root: VariableRef
    var path: [Accessor]
}

enum Accessor {
    case index(Expr, Loc)
    case field(String, Loc)
}

/// `let name = value`, `var name = value` or `param name = literal`.
final class Declaration {
    let name: String
    let loc: Loc
    let isMutable: Bool
    /// A script parameter (`param`): its default is skipped when `--set` gave the name a value.
    let isParameter: Bool
    let initializer: Expr
    @exclusivity(unchecked) var binding: Binding = .unresolved
    /// Set by the resolver for a parameter given on the command line: the declaration binds to that global
    /// and its default is not evaluated.
    @exclusivity(unchecked) var isOverridden = false

    init(name: String, loc: Loc, isMutable: Bool, isParameter: Bool = false, initializer: Expr) {
        self.name = name
        self.loc = loc
        self.isMutable = isMutable
        self.isParameter = isParameter
        self.initializer = initializer
    }
}

/// `{ statements }` with the number of local slots its environment needs (0: it makes none).
final class Block {
    let statements: [Stmt]
    let loc: Loc
    @exclusivity(unchecked) var slotCount = 0

    init(statements: [Stmt], loc: Loc) {
        self.statements = statements
        self.loc = loc
    }
}

/// `func name(parameters) { body }`. Parameters take slots 0..<n of the body's environment.
final class FunctionDecl {
    let name: String
    let loc: Loc
    let parameters: [(name: String, loc: Loc)]
    let body: Block
    @exclusivity(unchecked) var binding: Binding = .unresolved

    init(name: String, loc: Loc, parameters: [(name: String, loc: Loc)], body: Block) {
        self.name = name
        self.loc = loc
        self.parameters = parameters
        self.body = body
    }
}

/// `for name in iterable { body }`. The loop variable takes slot 0 of the body's environment.
final class ForIn {
    let name: String
    let nameLoc: Loc
    let iterable: Expr
    let body: Block
    let loc: Loc

    init(name: String, nameLoc: Loc, iterable: Expr, body: Block, loc: Loc) {
        self.name = name
        self.nameLoc = nameLoc
        self.iterable = iterable
        self.body = body
        self.loc = loc
    }
}

indirect enum Stmt {
    case declaration(Declaration)
    /// `place = value` or `place += value` (the operator is nil for plain `=`); loc is the `=`.
    case assignment(Place, BinaryOperator?, Expr, Loc)
    case forIn(ForIn)
    case whileLoop(Expr, Block, Loc)
    /// `if condition { … } else …`; the else branch is a block or another `if`.
    case ifElse(Expr, Block, Stmt?, Loc)
    /// A block used as the else branch of an `if`.
    case block(Block)
    case function(FunctionDecl)
    case returnStmt(Expr?, Loc)
    case breakStmt(Loc)
    case continueStmt(Loc)
    case expression(Expr)
    /// `include "other.smol"`: runs another script here (top level only; compiled with the includer).
    case include(Inclusion)
}

extension Stmt {
    /// Where the statement starts.
    var loc: Loc {
        switch self {
        case .declaration(let d): d.loc
        case .assignment(let place, _, _, _): place.root.loc
        case .forIn(let loop): loop.loc
        case .whileLoop(_, _, let l), .ifElse(_, _, _, let l), .returnStmt(_, let l), .breakStmt(let l), .continueStmt(let l): l
        case .block(let b): b.loc
        case .function(let f): f.loc
        case .expression(let e): e.loc
        case .include(let inclusion): inclusion.loc
        }
    }
}

/// `include "path"`: another script, compiled before the includer runs and run where the statement stands.
final class Inclusion {
    /// The path as written, relative to the including file's folder unless absolute.
    let path: String
    let loc: Loc
    /// The included script's statements, set when the includer is compiled.
    var program: [Stmt] = []

    init(path: String, loc: Loc) {
        self.path = path
        self.loc = loc
    }
}
