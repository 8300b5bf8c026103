/// Checks a parsed program before anything runs and annotates it for the interpreter: binds every name
/// to a local slot or a global, every call to a command (with its arguments matched to parameters), a
/// built-in, a method or a function value, and reports every error it finds (with did-you-mean).
///
/// Scoping: top-level `let`/`var`/`func` are globals; blocks, loop bodies and function bodies are local
/// scopes. Top-level functions are hoisted (callable before their declaration); other top-level names
/// are usable from the line after their declaration, and anywhere inside function bodies. A global may
/// be declared again by a later `run` (the REPL), which replaces it for the code that follows.
final class Resolver {
    struct Local {
        var slot: Int
        var isMutable: Bool
        var function: FunctionDecl?
        var loc: Loc
        /// "parameter" or "loop variable" for names the user did not declare with `let`.
        var role: String?
    }

    private struct Scope {
        var names: [String: Local] = [:]
        /// Whether the scope gets an `Environment` at run time (blocks without declarations do not).
        var allocates: Bool
        var slotCount = 0
    }

    let host: any CommandHost
    let namespaces: Set<String>
    private var scopes: [Scope] = []
    /// Globals from earlier runs (and `define`).
    private let persisted: [String: GlobalInfo]
    /// Globals this program declares, with their new slots.
    var declared: [String: GlobalInfo] = [:]
    /// Which of `declared` top-level code may use so far.
    private var visible: Set<String> = []
    private(set) var nextGlobalSlot: Int
    private var functionDepth = 0
    private var loopDepth = 0
    var errors: [ScriptError] = []
    /// Stops the walk before the native stack runs out; after the first report, deeper code is skipped.
    private let stackGuard = StackGuard()
    private var stackExhausted = false

    init(host: any CommandHost, globals: [String: GlobalInfo], nextGlobalSlot: Int) {
        self.host = host
        self.persisted = globals
        self.nextGlobalSlot = nextGlobalSlot
        var namespaces = Set<String>()
        for name in host.commandNames {
            var parts = name.split(separator: ".").map(String.init)
            parts.removeLast()
            var prefix = ""
            for part in parts {
                prefix += prefix.isEmpty ? part : "." + part
                namespaces.insert(prefix)
            }
        }
        self.namespaces = namespaces
    }

    /// The globals visible after this program: earlier ones, replaced by the ones it declares.
    var globalsAfter: [String: GlobalInfo] { persisted.merging(declared) { _, new in new } }

    // MARK: - Statements

    func resolve(program: [Stmt]) {
        // Pre-pass: give every top-level declaration its global slot; hoist functions.
        for statement in program {
            let (name, loc, isMutable, function): (String, Loc, Bool, FunctionDecl?)
            switch statement {
            case .declaration(let d): (name, loc, isMutable, function) = (d.name, d.loc, d.isMutable, nil)
            case .function(let f): (name, loc, isMutable, function) = (f.name, f.loc, false, f)
            default: continue
            }
            if let previous = declared[name] {
                errors.append(redeclaration(name, at: loc, previous: previous.loc!))
                continue
            }
            if case .declaration(let d) = statement, d.isParameter, let given = persisted[name], given.origin != nil {
                // `--set NAME=…` overrides the parameter's default: the declaration binds to that global.
                d.isOverridden = true
                declared[name] = GlobalInfo(slot: given.slot, isMutable: false, function: nil, loc: loc, origin: given.origin)
                continue
            }
            if let origin = persisted[name]?.origin {
                errors.append(ScriptError(loc, "'\(name)' is given on the command line (\(origin)) and declared at \(loc.line):\(loc.column); declare it with 'param' to let the command line override its default, or remove one"))
                continue
            }
            declared[name] = GlobalInfo(slot: nextGlobalSlot, isMutable: isMutable, function: function, loc: loc)
            nextGlobalSlot += 1
            if function != nil { visible.insert(name) }
        }
        for statement in program { resolve(statement) }
    }

    /// Whether the walk may descend once more; reports the first time it may not.
    /// The location is computed only when needed: an expression's start is found by walking its left spine.
    private func hasRoom(_ loc: @autoclosure () -> Loc) -> Bool {
        if stackGuard.hasRoom() { return true }
        if !stackExhausted { errors.append(ScriptError(loc(), Limit.nativeStack(scopes.count + functionDepth))) }
        stackExhausted = true
        return false
    }

    private func resolve(_ statement: Stmt) {
        guard hasRoom(statement.loc) else { return }
        switch statement {
        case .declaration(let d):
            if d.isParameter && !scopes.isEmpty {
                errors.append(ScriptError(d.loc, "'param \(d.name)' must be at the top level of the script; use 'let' inside blocks and functions"))
            }
            resolve(d.initializer)
            d.binding = declare(d.name, at: d.loc, isMutable: d.isMutable, function: nil)
        case .assignment(let place, _, let value, let loc):
            resolve(value)
            resolve(place, at: loc, purpose: "assign to")
        case .forIn(let loop):
            resolve(loop.iterable)
            scopes.append(Scope(allocates: true))
            _ = declare(loop.name, at: loop.nameLoc, isMutable: false, function: nil, role: "loop variable")
            loopDepth += 1
            for s in loop.body.statements { resolve(s) }
            loopDepth -= 1
            loop.body.slotCount = scopes.removeLast().slotCount
        case .whileLoop(let condition, let body, _):
            resolve(condition)
            loopDepth += 1
            resolve(body)
            loopDepth -= 1
        case .ifElse(let condition, let thenBranch, let elseBranch, _):
            resolve(condition)
            resolve(thenBranch)
            if let elseBranch { resolve(elseBranch) }
        case .block(let block):
            resolve(block)
        case .function(let f):
            f.binding = declare(f.name, at: f.loc, isMutable: false, function: f)
            resolveFunction(f)
        case .returnStmt(let value, let loc):
            if functionDepth == 0 { errors.append(ScriptError(loc, "'return' outside a function")) }
            if let value { resolve(value) }
        case .breakStmt(let loc):
            if loopDepth == 0 { errors.append(ScriptError(loc, "'break' outside a loop; use it inside 'for' or 'while'")) }
        case .continueStmt(let loc):
            if loopDepth == 0 { errors.append(ScriptError(loc, "'continue' outside a loop; use it inside 'for' or 'while'")) }
        case .expression(let e):
            resolve(e)
        case .include(let inclusion):
            if !scopes.isEmpty || functionDepth > 0 {
                errors.append(ScriptError(inclusion.loc, "'include' must be at the top level of the script, not inside a block or function"))
            }
        }
    }

    private func resolve(_ block: Block) {
        let declares = block.statements.contains {
            switch $0 { case .declaration, .function: true; default: false }
        }
        scopes.append(Scope(allocates: declares))
        for s in block.statements { resolve(s) }
        block.slotCount = scopes.removeLast().slotCount
    }

    private func resolveFunction(_ f: FunctionDecl) {
        scopes.append(Scope(allocates: true))
        let (savedLoops, savedFunctions) = (loopDepth, functionDepth)
        loopDepth = 0
        functionDepth += 1
        for parameter in f.parameters {
            _ = declare(parameter.name, at: parameter.loc, isMutable: false, function: nil, role: "parameter")
        }
        for s in f.body.statements { resolve(s) }
        (loopDepth, functionDepth) = (savedLoops, savedFunctions)
        f.body.slotCount = scopes.removeLast().slotCount
    }

    /// Declares a name in the innermost scope (or as a global at top level) and returns its binding.
    private func declare(_ name: String, at loc: Loc, isMutable: Bool, function: FunctionDecl?, role: String? = nil) -> Binding {
        guard !scopes.isEmpty else {
            visible.insert(name)
            return .global(slot: declared[name]?.slot ?? -1)
        }
        if let previous = scopes[scopes.count - 1].names[name] {
            errors.append(redeclaration(name, at: loc, previous: previous.loc))
            return .local(depth: 0, slot: previous.slot)
        }
        let slot = scopes[scopes.count - 1].slotCount
        scopes[scopes.count - 1].slotCount += 1
        scopes[scopes.count - 1].names[name] = Local(slot: slot, isMutable: isMutable, function: function, loc: loc, role: role)
        return .local(depth: 0, slot: slot)
    }

    private func redeclaration(_ name: String, at loc: Loc, previous: Loc) -> ScriptError {
        ScriptError(loc, "'\(name)' is already declared in this scope (at \(previous.line):\(previous.column)); choose another name, or assign with '\(name) = …'")
    }

    // MARK: - Names

    enum Lookup {
        case local(depth: Int, Local)
        case global(GlobalInfo)
    }

    /// Finds a variable by name: innermost local scope first, then globals.
    func lookup(_ name: String) -> Lookup? {
        var depth = 0
        for scope in scopes.reversed() {
            if let local = scope.names[name] { return .local(depth: depth, local) }
            if scope.allocates { depth += 1 }
        }
        if let global = declared[name], functionDepth > 0 || visible.contains(name) { return .global(global) }
        if let global = persisted[name] { return .global(global) }
        return nil
    }

    func binding(of lookup: Lookup) -> Binding {
        switch lookup {
        case .local(let depth, let local): .local(depth: depth, slot: local.slot)
        case .global(let global): .global(slot: global.slot)
        }
    }

    /// Every name a script can use here, for did-you-mean.
    var candidates: [String] {
        var names = Set(persisted.keys).union(declared.keys)
        for scope in scopes { names.formUnion(scope.names.keys) }
        names.formUnion(Builtin.allCases.map(\.rawValue))
        names.formUnion(host.commandNames.filter { !$0.contains(".") })
        names.formUnion(namespaces)
        return names.sorted()
    }

    /// Resolves a name used as a value; commands, built-ins and namespaces must be called instead.
    func resolve(_ ref: VariableRef) {
        if let found = lookup(ref.name) {
            ref.binding = binding(of: found)
            return
        }
        if declared[ref.name] != nil {
            errors.append(ScriptError(ref.loc, "cannot use '\(ref.name)' before its declaration; move the declaration up"))
        } else if host.signature(of: ref.name) != nil {
            errors.append(ScriptError(ref.loc, "command '\(ref.name)' must be called, e.g. '\(ref.name)(…)'"))
        } else if let builtin = Builtin(rawValue: ref.name) {
            errors.append(ScriptError(ref.loc, "built-in function '\(ref.name)' must be called, e.g. '\(builtin.usage)'"))
        } else if namespaces.contains(ref.name) {
            let example = host.commandNames.sorted().first { $0.hasPrefix(ref.name + ".") } ?? ref.name + ".…"
            errors.append(ScriptError(ref.loc, "'\(ref.name)' is a command namespace, not a value; call one of its commands, e.g. '\(example)(…)'"))
        } else {
            errors.append(ScriptError(ref.loc, DidYouMean.message("undefined variable '\(ref.name)'", for: ref.name, among: candidates + ["true", "false", "nil"])))
        }
    }

    /// Resolves an assignable place; its root must be a `var`.
    func resolve(_ place: Place, at loc: Loc, purpose: String) {
        for accessor in place.path { if case .index(let index, _) = accessor { resolve(index) } }
        let root = place.root
        guard let found = lookup(root.name) else {
            resolve(root)
            return
        }
        root.binding = binding(of: found)
        let (isMutable, function, role): (Bool, FunctionDecl?, String?) = switch found {
        case .local(_, let local): (local.isMutable, local.function, local.role)
        case .global(let global): (global.isMutable, global.function, nil)
        }
        if function != nil {
            errors.append(ScriptError(root.loc, "cannot \(purpose) '\(root.name)': it is a function"))
        } else if let role {
            errors.append(ScriptError(root.loc, "cannot \(purpose) '\(root.name)': it is a \(role), which is constant; copy it into a 'var' first"))
        } else if !isMutable {
            errors.append(ScriptError(root.loc, "cannot \(purpose) '\(root.name)': it is a 'let' constant; declare it with 'var' to change it"))
        }
    }

    /// A chain `a.b.c` of names whose root is not a variable: a candidate command name.
    /// Looks at most `parts` names deep: command names are short, and a long chain `x.a.a.a…` must not
    /// cost a walk per link.
    func dottedName(_ expr: Expr, parts: Int = 16) -> (root: VariableRef, name: String)? {
        guard parts > 0 else { return nil }
        switch expr {
        case .variable(let ref): return lookup(ref.name) == nil ? (ref, ref.name) : nil
        case .member(let object, let name, _):
            guard let (root, prefix) = dottedName(object, parts: parts - 1) else { return nil }
            return (root, prefix + "." + name)
        default: return nil
        }
    }

    // MARK: - Expressions

    func resolve(_ expr: Expr) {
        guard hasRoom(expr.loc) else { return }
        switch expr {
        case .literal: break
        case .interpolation(let parts, _):
            for case .expr(let e) in parts { resolve(e) }
        case .variable(let ref): resolve(ref)
        case .list(let elements, _): for e in elements { resolve(e) }
        case .record(let fields, _): for f in fields { resolve(f.value) }
        case .unary(_, let operand, _): resolve(operand)
        case .binary, .logical:
            // A long chain `a + b + c + …` is a left-deep tree: walk its left spine in a loop.
            var rights: [Expr] = []
            var node = expr
            spine: while true {
                switch node {
                case .binary(_, let lhs, let rhs, _), .logical(_, let lhs, let rhs, _):
                    rights.append(rhs)
                    node = lhs
                default:
                    break spine
                }
            }
            resolve(node)
            for rhs in rights.reversed() { resolve(rhs) }
        case .call(let call): resolveCall(call)
        case .member(let object, _, let loc):
            guard let (_, dotted) = dottedName(expr) else {
                resolve(object)
                return
            }
            if host.signature(of: dotted) != nil {
                errors.append(ScriptError(expr.loc, "command '\(dotted)' must be called, e.g. '\(dotted)(…)'"))
            } else if namespaces.contains(dotted) {
                errors.append(ScriptError(expr.loc, "'\(dotted)' is a command namespace, not a value; call one of its commands"))
            } else if let (_, prefix) = dottedName(object), namespaces.contains(prefix) {
                unknownCommand(dotted, at: loc)
            } else {
                resolve(object)
            }
        case .index(let object, let index, _):
            resolve(object)
            resolve(index)
        }
    }

    func unknownCommand(_ name: String, at loc: Loc) {
        errors.append(ScriptError(loc, DidYouMean.message("unknown command '\(name)'", for: name, among: host.commandNames)))
    }
}
