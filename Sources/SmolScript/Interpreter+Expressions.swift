/// Evaluating expressions.
extension Interpreter {
    func evaluate(_ expr: Expr, _ env: Environment?) throws(ScriptError) -> Value {
        try tick(expr.loc)
        if !stackGuard.hasRoom() { throw nativeStackExhausted(at: expr.loc) }
        switch expr {
        case .literal(let value, _):
            return value
        case .interpolation(let parts, let loc):
            var text = ""
            for part in parts {
                switch part {
                case .text(let s): text += s
                case .expr(let e):
                    let room = limits.maxStringLength - text.unicodeScalars.count
                    guard let piece = Value.write(try evaluate(e, env), quoteStrings: false, limit: room) else {
                        throw ScriptError(loc, Limit.string(limits.maxStringLength))
                    }
                    text += piece
                }
                if text.utf8.count > limits.maxStringLength, text.unicodeScalars.count > limits.maxStringLength {
                    throw ScriptError(loc, Limit.string(limits.maxStringLength))
                }
            }
            return .string(text)
        case .variable(let ref):
            return try load(ref, env)
        case .list(let elements, let loc):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for e in elements {
                let value = try evaluate(e, env)
                try checkNesting(value, inside: 1, at: loc)
                values.append(value)
            }
            return .list(values)
        case .record(let fields, let loc):
            var record = Record()
            for field in fields {
                let value = try evaluate(field.value, env)
                try checkNesting(value, inside: 1, at: loc)
                record.fields.append((field.name, value))
            }
            return .record(record)
        case .unary(let op, let operandExpr, let loc):
            let operand = try evaluate(operandExpr, env)
            switch (op, operand) {
            case (.negate, .number(let x)): return .number(-x)
            case (.not, .bool(let b)): return .bool(!b)
            case (.negate, _): throw ScriptError(loc, "cannot negate \(operand.typeName); '-' expects a Number")
            case (.not, _): throw ScriptError(loc, "'!' expects a Bool, got \(operand.typeName)")
            }
        case .binary(_, .binary, _, _), .binary(_, .logical, _, _), .logical(_, .binary, _, _),
             .logical(_, .logical, _, _):
            return try evaluateChain(expr, env)
        case .binary(let op, let lhs, let rhs, let loc):
            let left = try evaluate(lhs, env)
            let right = try evaluate(rhs, env)
            return try binary(op, left, right, at: loc)
        case .logical(let op, let lhs, let rhs, let loc):
            let left = try evaluate(lhs, env)
            guard case .bool(let l) = left else {
                throw ScriptError(loc, "'\(op.rawValue)' expects Bool operands, got \(left.typeName) on the left")
            }
            if op == .and ? !l : l { return .bool(l) }
            let right = try evaluate(rhs, env)
            guard case .bool(let r) = right else {
                throw ScriptError(loc, "'\(op.rawValue)' expects Bool operands, got \(right.typeName) on the right")
            }
            return .bool(r)
        case .call(let call):
            return try evaluateCall(call, env)
        case .member(let objectExpr, let name, let loc):
            return try member(try evaluate(objectExpr, env), name, at: loc)
        case .index(let objectExpr, let indexExpr, let loc):
            let object = try evaluate(objectExpr, env)
            let index = try evaluate(indexExpr, env)
            return try subscripted(object, index, at: loc)
        }
    }

    /// A left-deep chain of binary and logical operators (`a + b + c …`), folded in a loop so that a long
    /// flat expression needs no deep native recursion. Same order, steps and short-circuits as the tree.
    private func evaluateChain(_ expr: Expr, _ env: Environment?) throws(ScriptError) -> Value {
        var spine: [Expr] = [expr]
        var node = expr
        spine: while true {
            switch node {
            case .binary(_, let lhs, _, _), .logical(_, let lhs, _, _):
                node = lhs
                if case .binary = lhs { try tick(lhs.loc); spine.append(lhs) }
                else if case .logical = lhs { try tick(lhs.loc); spine.append(lhs) }
                else { break spine }
            default:
                break spine
            }
        }
        var value = try evaluate(node, env)
        for link in spine.reversed() {
            switch link {
            case .binary(let op, _, let rhs, let loc):
                value = try binary(op, value, try evaluate(rhs, env), at: loc)
            case .logical(let op, _, let rhs, let loc):
                guard case .bool(let l) = value else {
                    throw ScriptError(loc, "'\(op.rawValue)' expects Bool operands, got \(value.typeName) on the left")
                }
                if op == .and ? !l : l { value = .bool(l); continue }
                let right = try evaluate(rhs, env)
                guard case .bool = right else {
                    throw ScriptError(loc, "'\(op.rawValue)' expects Bool operands, got \(right.typeName) on the right")
                }
                value = right
            default:
                break
            }
        }
        return value
    }

    /// Deep equality that spends one step per pair of collections compared.
    func equal(_ left: Value, _ right: Value, at loc: Loc) throws(ScriptError) -> Bool {
        let available = Swift.max(0, limits.maxSteps - steps)
        var budget = available
        guard let result = Value.equal(left, right, budget: &budget) else {
            throw ScriptError(loc, Limit.walk(limits.maxSteps))
        }
        steps += available - budget
        return result
    }

    /// The error when nesting or recursion reaches the end of the native stack.
    func nativeStackExhausted(at loc: Loc) -> ScriptError {
        callDepth > 0 ? ScriptError(loc, Limit.stack(depth: callDepth, limit: limits.maxCallDepth))
            : ScriptError(loc, "expression nested too deeply for the native stack; simplify it")
    }

    func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, at loc: Loc) throws(ScriptError) -> Value {
        switch (op, left, right) {
        case (.add, .number(let a), .number(let b)): return .number(a + b)
        case (.subtract, .number(let a), .number(let b)): return .number(a - b)
        case (.multiply, .number(let a), .number(let b)): return .number(a * b)
        case (.divide, .number(let a), .number(let b)):
            if b == 0 { throw ScriptError(loc, "division by zero") }
            return .number(a / b)
        case (.remainder, .number(let a), .number(let b)):
            if b == 0 { throw ScriptError(loc, "remainder by zero") }
            return .number(a.truncatingRemainder(dividingBy: b))
        case (.add, .string(let a), .string(let b)):
            if a.utf8.count + b.utf8.count > limits.maxStringLength,
               a.unicodeScalars.count + b.unicodeScalars.count > limits.maxStringLength {
                throw ScriptError(loc, Limit.string(limits.maxStringLength))
            }
            return .string(a + b)
        case (.add, .list(let a), .list(let b)):
            if a.count + b.count > limits.maxCollectionCount { throw ScriptError(loc, Limit.collection(limits.maxCollectionCount)) }
            return .list(a + b)
        case (.equal, _, _): return .bool(try equal(left, right, at: loc))
        case (.notEqual, _, _): return .bool(!(try equal(left, right, at: loc)))
        case (.less, _, _): return .bool(try Builtin.compare(left, right, at: loc) < 0)
        case (.lessEqual, _, _): return .bool(try Builtin.compare(left, right, at: loc) <= 0)
        case (.greater, _, _): return .bool(try Builtin.compare(left, right, at: loc) > 0)
        case (.greaterEqual, _, _): return .bool(try Builtin.compare(left, right, at: loc) >= 0)
        default:
            let (l, r) = (left.typeName, right.typeName)
            var message = switch op {
            case .add: "cannot add \(l) and \(r)"
            case .subtract: "cannot subtract \(r) from \(l)"
            case .multiply: "cannot multiply \(l) and \(r)"
            case .divide: "cannot divide \(l) by \(r)"
            default: "cannot take the remainder of \(l) by \(r)"
            }
            if op == .add, case .string = left { message += "; convert with str(x) or interpolate \"\\(x)\"" }
            if op == .add, case .string = right { message += "; convert with str(x) or interpolate \"\\(x)\"" }
            throw ScriptError(loc, message)
        }
    }

    /// `object.name` for a value that is not a namespace.
    func member(_ object: Value, _ name: String, at loc: Loc) throws(ScriptError) -> Value {
        switch object {
        case .record(let r):
            if let value = r[name] { return value }
            throw ScriptError(loc, DidYouMean.message("record has no field '\(name)'", for: name, among: r.fields.map(\.name)))
        case .list(let xs) where name == "count": return .number(Double(xs.count))
        case .string(let s) where name == "count": return .number(Double(s.count))
        case .handle(let h):
            switch name {
            case "kind": return .string(h.kind)
            case "hash": return .string(h.hash)
            case "summary": return .string(h.summary)
            default:
                if let value = h.property(name) { return value }
                throw ScriptError(loc, "\(object.typeName) handle has no property '\(name)'")
            }
        case .list:
            throw ScriptError(loc, DidYouMean.message("List has no property '\(name)' (lists have 'count', 'append(x)' and 'contains(x)')", for: name, among: ["count", "append", "contains"]))
        case .string:
            throw ScriptError(loc, DidYouMean.message("String has no property '\(name)' (strings have 'count' and 'contains(s)')", for: name, among: ["count", "contains"]))
        default:
            throw ScriptError(loc, "\(object.typeName) has no property '\(name)'")
        }
    }

    /// `object[index]`.
    func subscripted(_ object: Value, _ index: Value, at loc: Loc) throws(ScriptError) -> Value {
        switch (object, index) {
        case (.list(let xs), _):
            return xs[try position(index, count: xs.count, at: loc)]
        case (.string(let s), _):
            let i = try position(index, count: s.count, at: loc)
            return .string(String(s[s.index(s.startIndex, offsetBy: i)]))
        case (.record(let r), .string(let name)):
            if let value = r[name] { return value }
            throw ScriptError(loc, DidYouMean.message("record has no field '\(name)'", for: name, among: r.fields.map(\.name)))
        case (.record, _):
            throw ScriptError(loc, "a record is indexed by a field name (String), got \(index.typeName)")
        case (.handle(let h), _):
            guard let count = try elementCount(of: h, at: loc) else {
                throw ScriptError(loc, "cannot index a \(object.typeName) handle; lists, strings, records and datasets can be indexed")
            }
            return try element(of: h, at: try position(index, count: count, at: loc), loc: loc)
        default:
            throw ScriptError(loc, "cannot index \(object.typeName); only lists, strings, records and datasets can be indexed")
        }
    }

    /// How many elements a handle that reads like a list has (nil when it is not one), the host's error
    /// located at `loc`.
    func elementCount(of handle: any Handle, at loc: Loc) throws(ScriptError) -> Int? {
        do { return try host.elementCount(of: handle) } catch { throw ScriptError(loc, String(describing: error)) }
    }

    /// Element `index` of a handle that reads like a list, the host's error located at `loc`.
    func element(of handle: any Handle, at index: Int, loc: Loc) throws(ScriptError) -> Value {
        do { return try host.element(of: handle, at: index) } catch { throw ScriptError(loc, String(describing: error)) }
    }

    /// A valid 0-based position from an index value.
    func position(_ index: Value, count: Int, at loc: Loc) throws(ScriptError) -> Int {
        guard case .number(let x) = index, x.isFinite, x == x.rounded() else {
            throw ScriptError(loc, "index must be an integer, got \(index)")
        }
        guard x >= 0, x < Double(count) else {
            throw ScriptError(loc, "index \(Value.format(x)) out of range for \(count) element\(count == 1 ? "" : "s")")
        }
        return Int(x)
    }

    // MARK: - Assignment

    private enum Key {
        case index(Value, Loc)
        case field(String, Loc)
    }

    /// Changes the value at `place` in place. The root is taken out of its slot while `body` runs, so
    /// a list or record being modified is not copied.
    func modify(_ place: Place, _ env: Environment?, creating: Bool,
                _ body: (inout Value) throws(ScriptError) -> Void) throws(ScriptError) {
        var keys: [Key] = []
        for accessor in place.path {
            switch accessor {
            case .index(let e, let loc): keys.append(.index(try evaluate(e, env), loc))
            case .field(let name, let loc): keys.append(.field(name, loc))
            }
        }
        var root = try load(place.root, env)
        store(.null, place.root.binding, env)
        defer { store(root, place.root.binding, env) }
        try apply(&root, keys[...], creating: creating, body)
    }

    private func apply(_ value: inout Value, _ keys: ArraySlice<Key>, creating: Bool,
                       _ body: (inout Value) throws(ScriptError) -> Void) throws(ScriptError) {
        guard let key = keys.first else { return try body(&value) }
        let rest = keys.dropFirst()
        switch (value, key) {
        case (.list(var xs), .index(let index, let loc)):
            let i = try position(index, count: xs.count, at: loc)
            value = .null
            defer { value = .list(xs) }
            try apply(&xs[i], rest, creating: creating, body)
        case (.record(var r), .field(let name, let loc)), (.record(var r), .index(.string(let name), let loc)):
            guard let i = r.fields.firstIndex(where: { $0.name == name }) else {
                guard creating, rest.isEmpty else {
                    throw ScriptError(loc, DidYouMean.message("record has no field '\(name)'", for: name, among: r.fields.map(\.name)))
                }
                if r.fields.count >= limits.maxCollectionCount { throw ScriptError(loc, Limit.collection(limits.maxCollectionCount)) }
                var newValue = Value.null
                try body(&newValue)
                r.fields.append((name, newValue))
                value = .record(r)
                return
            }
            value = .null
            defer { value = .record(r) }
            try apply(&r.fields[i].value, rest, creating: creating, body)
        case (_, .index(let index, let loc)):
            if case .record = value { throw ScriptError(loc, "a record is indexed by a field name (String), got \(index.typeName)") }
            throw ScriptError(loc, "cannot assign into \(value.typeName) by index; only list elements and record fields can be assigned")
        case (_, .field(let name, let loc)):
            throw ScriptError(loc, "cannot set field '\(name)' of \(value.typeName); only records have assignable fields")
        }
    }
}
