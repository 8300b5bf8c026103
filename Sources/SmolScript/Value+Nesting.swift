/// How deeply lists and records nest. Values are freed, printed and compared recursively, so the
/// interpreter keeps their nesting within `Limits.maxNesting` to keep those recursions off the end of
/// the native stack.
extension Value {
    /// The nesting depth (a scalar is 0, `[1]` is 1, `[[1]]` is 2), or `limit + 1` when it is deeper
    /// than `limit`; never descends further than that.
    func nestingDepth(limit: Int) -> Int {
        switch self {
        case .list(let xs):
            return Value.depth(of: xs.lazy.map { $0 }, limit: limit)
        case .record(let r):
            return Value.depth(of: r.fields.lazy.map(\.value), limit: limit)
        default:
            return 0
        }
    }

    private static func depth(of children: some Sequence<Value>, limit: Int) -> Int {
        if limit <= 0 { return 1 }
        var deepest = 0
        for child in children {
            switch child {
            case .list, .record:
                deepest = Swift.max(deepest, child.nestingDepth(limit: limit - 1))
                if deepest >= limit { return limit + 1 }
            default:
                continue
            }
        }
        return deepest + 1
    }
}

extension Interpreter {
    /// Fails when placing `value` `levels` deep inside a collection would nest deeper than allowed.
    @inline(__always)
    func checkNesting(_ value: Value, inside levels: Int, at loc: Loc) throws(ScriptError) {
        switch value {
        case .list, .record:
            let room = limits.maxNesting - levels
            if room < 0 || value.nestingDepth(limit: room) > room {
                throw ScriptError(loc, "lists and records nested more than \(limits.maxNesting) levels deep; flatten the data or raise the limit with --max-nesting")
            }
        default:
            break
        }
    }
}
