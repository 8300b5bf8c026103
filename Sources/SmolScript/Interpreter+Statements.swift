/// Executing statements.
extension Interpreter {
    /// How a statement finished: normally, or by a jump the enclosing loop or function handles.
    enum Completion {
        case normal
        case breakLoop
        case continueLoop
        case returned(Value)
    }

    func execute(_ statement: Stmt, _ env: Environment?) throws(ScriptError) -> Completion {
        try checkpoint(statement.loc)
        if !stackGuard.hasRoom() { throw nativeStackExhausted(at: statement.loc) }
        switch statement {
        case .declaration(let d):
            if d.isOverridden { break }   // a parameter given on the command line keeps that value
            let value = try evaluate(d.initializer, env)
            store(value, d.binding, env)
        case .assignment(let place, let op, let valueExpr, let loc):
            let value = try evaluate(valueExpr, env)
            try checkNesting(value, inside: place.path.count, at: loc)
            try modify(place, env, creating: op == nil) { (old: inout Value) throws(ScriptError) in
                if let op {
                    old = try self.binary(op, old, value, at: loc)
                } else {
                    old = value
                }
            }
        case .forIn(let loop):
            return try executeFor(loop, env)
        case .whileLoop(let condition, let body, _):
            while try self.condition(condition, env, "while") {
                switch try execute(body, env) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continueLoop: break
                }
                try checkpoint(body.loc)
            }
        case .ifElse(let condition, let thenBranch, let elseBranch, _):
            if try self.condition(condition, env, "if") {
                return try execute(thenBranch, env)
            } else if let elseBranch {
                return try execute(elseBranch, env)
            }
        case .block(let block):
            return try execute(block, env)
        case .function(let f):
            // Top-level functions were hoisted when the run began.
            if case .local = f.binding {
                store(.function(ScriptFunction(f, closure: env)), f.binding, env)
            }
        case .returnStmt(let value, _):
            return .returned(try value.map { (e: Expr) throws(ScriptError) in try evaluate(e, env) } ?? .null)
        case .breakStmt:
            return .breakLoop
        case .continueStmt:
            return .continueLoop
        case .expression(let e):
            _ = try evaluate(e, env)
        case .include(let inclusion):
            try execute(program: inclusion.program[...])
        }
        return .normal
    }

    /// Runs a block in a new scope when it declares anything, else in the current one.
    func execute(_ block: Block, _ env: Environment?) throws(ScriptError) -> Completion {
        let scope = block.slotCount > 0 ? Environment(parent: env, count: block.slotCount) : env
        return try execute(block.statements, scope)
    }

    func execute(_ statements: [Stmt], _ env: Environment?) throws(ScriptError) -> Completion {
        for statement in statements {
            let completion = try execute(statement, env)
            if case .normal = completion { continue }
            return completion
        }
        return .normal
    }

    private func condition(_ expr: Expr, _ env: Environment?, _ construct: String) throws(ScriptError) -> Bool {
        let value = try evaluate(expr, env)
        guard case .bool(let b) = value else {
            throw ScriptError(expr.loc, "'\(construct)' condition must be a Bool, got \(value.typeName); compare explicitly, e.g. 'x != 0'")
        }
        return b
    }

    /// `for name in iterable { body }`: one fresh environment per iteration, the element in slot 0.
    private func executeFor(_ loop: ForIn, _ env: Environment?) throws(ScriptError) -> Completion {
        // A literal `range(…)` call is iterated without building the list.
        if case .call(let call) = loop.iterable, case .builtin(.range) = call.target {
            var args: [Value] = []
            for argument in call.arguments { args.append(try evaluate(argument.value, env)) }
            let bounds = try Builtin.rangeBounds(args, at: call.loc)
            var k = 0
            while k < bounds.count {
                let element = Value.number(bounds.start + Double(k) * bounds.step)
                if let done = try iterate(loop, element, env) { return done }
                k += 1
            }
            return .normal
        }
        let iterable = try evaluate(loop.iterable, env)
        switch iterable {
        case .list(let elements):
            for element in elements {
                if let done = try iterate(loop, element, env) { return done }
            }
        case .string(let s):
            for character in s {
                if let done = try iterate(loop, .string(String(character)), env) { return done }
            }
        case .record(let r):
            for field in r.fields {
                if let done = try iterate(loop, .string(field.name), env) { return done }
            }
        case .handle(let h):
            guard let count = try elementCount(of: h, at: loop.iterable.loc) else {
                throw ScriptError(loop.iterable.loc, "cannot iterate over a \(iterable.typeName) handle; use a list, range(…), a string, a record or a dataset")
            }
            for index in 0..<count {
                if let done = try iterate(loop, try element(of: h, at: index, loc: loop.iterable.loc), env) { return done }
            }
        default:
            throw ScriptError(loop.iterable.loc, "cannot iterate over \(iterable.typeName); use a list, range(…), a string, a record or a dataset")
        }
        return .normal
    }

    /// One iteration; returns the completion that ends the loop, or nil to go on.
    @inline(__always)
    private func iterate(_ loop: ForIn, _ element: Value, _ env: Environment?) throws(ScriptError) -> Completion? {
        try checkpoint(loop.loc)
        let scope = Environment(parent: env, count: loop.body.slotCount)
        scope.slots[0] = element
        switch try execute(loop.body.statements, scope) {
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        case .normal, .continueLoop: return nil
        }
    }

    // MARK: - Variables

    func store(_ value: Value, _ binding: Binding, _ env: Environment?) {
        switch binding {
        case .local(let depth, let slot): env!.ancestor(depth).slots[slot] = value
        case .global(let slot): globals[slot] = value
        case .unresolved: break
        }
    }

    func load(_ ref: VariableRef, _ env: Environment?) throws(ScriptError) -> Value {
        switch ref.binding {
        case .local(let depth, let slot):
            return env!.ancestor(depth).slots[slot]
        case .global(let slot):
            guard let value = globals[slot] else {
                throw ScriptError(ref.loc, "'\(ref.name)' has no value yet: its declaration has not run")
            }
            return value
        case .unresolved:
            throw ScriptError(ref.loc, "internal error: unresolved name '\(ref.name)'")
        }
    }
}
