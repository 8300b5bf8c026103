/// Calling script functions, built-ins, methods and host commands.
extension Interpreter {
    func evaluateCall(_ call: CallExpr, _ env: Environment?) throws(ScriptError) -> Value {
        switch call.target {
        case .command(let signature, let binding):
            return try invokeCommand(call, signature, binding, env)
        case .builtin(let builtin):
            let args = try evaluateArguments(call, env)
            // `len` of a handle that reads like a list (a dataset) is its element count, as `h[i]` and `for` see it.
            if builtin == .len, args.count == 1, case .handle(let h) = args[0], let count = try elementCount(of: h, at: call.loc) {
                return .number(Double(count))
            }
            return try builtin.call(args, at: call.loc, limits: limits)
        case .method(let name):
            return try callMethod(call, name, env)
        case .dynamic:
            let callee = try evaluate(call.callee, env)
            let args = try evaluateArguments(call, env)
            return try callValue(callee, args, at: call.loc)
        case .unresolved:
            throw ScriptError(call.loc, "internal error: unresolved call")
        }
    }

    private func evaluateArguments(_ call: CallExpr, _ env: Environment?) throws(ScriptError) -> [Value] {
        var args: [Value] = []
        args.reserveCapacity(call.arguments.count)
        for argument in call.arguments { args.append(try evaluate(argument.value, env)) }
        return args
    }

    /// Calls a function value with positional arguments.
    func callValue(_ callee: Value, _ args: [Value], at loc: Loc) throws(ScriptError) -> Value {
        guard case .function(let callable) = callee else {
            throw ScriptError(loc, "cannot call a \(callee.typeName); only functions can be called")
        }
        guard let function = callable as? ScriptFunction else {
            throw ScriptError(loc, "cannot call '\(callable.name)': it is not a script function")
        }
        let declaration = function.declaration
        guard declaration.parameters.count == args.count else {
            let n = declaration.parameters.count
            throw ScriptError(loc, "'\(declaration.name)' takes \(n) argument\(n == 1 ? "" : "s") but \(args.count) \(args.count == 1 ? "was" : "were") given")
        }
        if callDepth >= limits.maxCallDepth { throw ScriptError(loc, Limit.callDepth(limits.maxCallDepth)) }
        if !stackGuard.hasRoom() { throw ScriptError(loc, Limit.stack(depth: callDepth, limit: limits.maxCallDepth)) }
        callDepth += 1
        defer { callDepth -= 1 }
        let scope = Environment(parent: function.closure, count: declaration.body.slotCount)
        for (i, arg) in args.enumerated() { scope.slots[i] = arg }
        if case .returned(let value) = try execute(declaration.body.statements, scope) { return value }
        return .null
    }

    /// `xs.append(x)`, `xs.contains(x)`, `s.contains(t)`, `r.contains(name)`, or a function stored in
    /// a record field or handle property.
    private func callMethod(_ call: CallExpr, _ name: String, _ env: Environment?) throws(ScriptError) -> Value {
        guard case .member(let objectExpr, _, let loc) = call.callee else { throw ScriptError(call.loc, "internal error: method") }
        if name == "append", let place = call.appendTarget {
            let args = try evaluateArguments(call, env)
            for arg in args { try checkNesting(arg, inside: place.path.count + 1, at: loc) }
            let maxCount = limits.maxCollectionCount
            try modify(place, env, creating: false) { (value: inout Value) throws(ScriptError) in
                guard case .list(var xs) = value else {
                    throw ScriptError(loc, "'append' needs a List, got \(value.typeName)")
                }
                if xs.count + args.count > maxCount { throw ScriptError(loc, Limit.collection(maxCount)) }
                value = .null
                xs.append(contentsOf: args)
                value = .list(xs)
            }
            return .null
        }
        let object = try evaluate(objectExpr, env)
        let args = try evaluateArguments(call, env)
        switch (object, name) {
        case (.list(let xs), "contains"):
            try expectArguments(1, args, name, at: call.parenLoc)
            for x in xs {
                if try equal(x, args[0], at: call.parenLoc) { return .bool(true) }
            }
            return .bool(false)
        case (.string(let s), "contains"):
            try expectArguments(1, args, name, at: call.parenLoc)
            guard case .string(let t) = args[0] else {
                throw ScriptError(call.parenLoc, "String.contains expects a String, got \(args[0].typeName)")
            }
            return .bool(t.isEmpty || s.contains(t))
        case (.record(let r), "contains") where r[name] == nil:
            try expectArguments(1, args, name, at: call.parenLoc)
            guard case .string(let field) = args[0] else {
                throw ScriptError(call.parenLoc, "Record.contains expects a field name (String), got \(args[0].typeName)")
            }
            return .bool(r[field] != nil)
        default:
            return try callValue(try member(object, name, at: loc), args, at: call.loc)
        }
    }

    private func expectArguments(_ n: Int, _ args: [Value], _ name: String, at loc: Loc) throws(ScriptError) {
        if args.count != n { throw ScriptError(loc, "'\(name)' takes \(n) argument\(n == 1 ? "" : "s") but \(args.count) were given") }
    }

    /// Evaluates arguments in source order, applies defaults, checks types and choices, then asks the host.
    private func invokeCommand(_ call: CallExpr, _ signature: CommandSignature, _ binding: [Int?],
                               _ env: Environment?) throws(ScriptError) -> Value {
        let args = try evaluateArguments(call, env)
        var bound: [(name: String, value: Value)] = []
        bound.reserveCapacity(signature.parameters.count)
        for (p, parameter) in signature.parameters.enumerated() {
            let value: Value
            if let i = binding[p] {
                value = args[i]
                if !parameter.type.accepts(value) {
                    throw ScriptError(call.arguments[i].value.loc, CommandBinding.typeMismatch(parameter, of: signature, got: value),
                                      notes: ["declared as \(signature.declaration)"])
                }
                if let message = parameter.choiceError(value, of: signature) {
                    throw ScriptError(call.arguments[i].value.loc, message, notes: ["declared as \(signature.declaration)"])
                }
                try checkExpandedSize(value, at: call.arguments[i].value.loc)
            } else {
                value = parameter.defaultValue?.value ?? .null
            }
            bound.append((parameter.name, value))
        }
        let invocation = CommandInvocation(signature: signature, arguments: bound, sourceText: call.sourceText,
                                           location: sourceLocation(call.loc), isCancelled: isCancelled)
        do {
            return try host.invoke(invocation)
        } catch {
            throw ScriptError(call.loc, String(describing: error))
        }
    }
}
