/// The local variables of one scope at run time: a block with declarations, a loop iteration or a
/// function call. Slots are assigned by the resolver; `parent` is the enclosing scope (nil at top level,
/// where variables live in the interpreter's global table instead).
final class Environment {
    @exclusivity(unchecked) var slots: [Value]
    let parent: Environment?

    init(parent: Environment?, count: Int) {
        self.parent = parent
        self.slots = Array(repeating: .null, count: count)
    }

    /// The environment `depth` scopes up.
    @inline(__always)
    func ancestor(_ depth: Int) -> Environment {
        var env = self
        for _ in 0..<depth { env = env.parent! }
        return env
    }
}

/// A global variable as the resolver sees it.
struct GlobalInfo {
    var slot: Int
    var isMutable: Bool
    /// The declaration when the global is a `func`, for arity checks.
    var function: FunctionDecl?
    var loc: Loc?
    /// For a global given on the command line, how it was given (`--set lr=2`); a script may not declare it.
    var origin: String? = nil
}

/// A function defined in a script, with the environment it closes over.
final class ScriptFunction: Callable {
    let declaration: FunctionDecl
    let closure: Environment?

    init(_ declaration: FunctionDecl, closure: Environment?) {
        self.declaration = declaration
        self.closure = closure
    }

    var name: String { declaration.name }
    var parameterNames: [String] { declaration.parameters.map(\.name) }
}
