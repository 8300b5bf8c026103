/// How deeply lists and records nest, and how large they are once shared parts are counted each time
/// they appear. Values are freed recursively and converted to JSON for commands, so the interpreter keeps
/// their nesting within `Limits.maxNesting` and what it hands a command within `Limits.maxCollectionCount`.
///
/// Both walks visit each distinct list or record once (a value built as `l = [l, l]` forty times shares
/// its parts, so it is small in memory but has 2^40 elements once expanded), and each visit is one step.
extension Value {
    /// The identity of a list's or record's storage, or nil for other values and empty collections.
    /// Valid while the value is alive.
    var storageIdentity: UInt? {
        switch self {
        case .list(let xs) where !xs.isEmpty:
            return xs.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        case .record(let r) where !r.fields.isEmpty:
            return r.fields.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        default:
            return nil
        }
    }

    /// Calls `body` with each list element or record field value; nothing for other values.
    @inline(__always)
    func forEachChild(_ body: (Value) throws(ScriptError) -> Void) throws(ScriptError) {
        switch self {
        case .list(let xs): for x in xs { try body(x) }
        case .record(let r): for field in r.fields { try body(field.value) }
        default: break
        }
    }

    var isCollection: Bool {
        switch self {
        case .list, .record: true
        default: false
        }
    }
}

extension Interpreter {
    /// Fails when placing `value` `levels` deep inside a collection would nest deeper than allowed.
    @inline(__always)
    func checkNesting(_ value: Value, inside levels: Int, at loc: Loc) throws(ScriptError) {
        guard value.isCollection else { return }
        let room = limits.maxNesting - levels
        var memo: [UInt: Int] = [:]
        var tooDeep = room < 0
        if !tooDeep {
            let depth = try nestingDepth(value, limit: room, memo: &memo, at: loc)
            tooDeep = depth > room
            if !tooDeep, depth > 1, let identity = value.storageIdentity { depthCache.remember(value, identity, depth) }
        }
        if tooDeep {
            throw ScriptError(loc, "lists and records nested more than \(limits.maxNesting) levels deep; flatten the data or raise the limit with --max-nesting")
        }
    }

    /// The nesting depth (a scalar is 0, `[1]` is 1, `[[1]]` is 2), or `limit + 1` as soon as it is
    /// deeper than `limit`. Each distinct collection with collection children costs one step.
    private func nestingDepth(_ value: Value, limit: Int, memo: inout [UInt: Int], at loc: Loc) throws(ScriptError) -> Int {
        guard value.isCollection else { return 0 }
        if limit <= 0 { return 1 }
        let identity = value.storageIdentity
        if let identity, let known = memo[identity] ?? depthCache.depth(of: identity) { return known }
        if !stackGuard.hasRoom() { throw ScriptError(loc, Limit.valueStack()) }
        var deepest = 0
        var hasCollections = false
        try value.forEachChild { (child: Value) throws(ScriptError) in
            guard child.isCollection, deepest <= limit else { return }
            if !hasCollections { hasCollections = true; try tick(loc) }
            deepest = Swift.max(deepest, try nestingDepth(child, limit: limit - 1, memo: &memo, at: loc))
        }
        if deepest >= limit { return limit + 1 }
        if hasCollections, let identity { memo[identity] = deepest + 1 }
        return deepest + 1
    }

    /// Fails when `value`, with shared parts counted each time they appear, holds more than
    /// `maxCollectionCount` elements in all: commands receive values as JSON, which expands sharing.
    func checkExpandedSize(_ value: Value, at loc: Loc) throws(ScriptError) {
        guard value.isCollection else { return }
        var memo: [UInt: Int] = [:]
        if try expandedSize(value, memo: &memo, at: loc) > limits.maxCollectionCount {
            throw ScriptError(loc, "value holds more than \(limits.maxCollectionCount) elements once its shared parts are written out; make it smaller or raise the limit with --max-collection-count")
        }
    }

    /// Elements and fields inside `value`, counting shared parts each time; saturates past the limit.
    private func expandedSize(_ value: Value, memo: inout [UInt: Int], at loc: Loc) throws(ScriptError) -> Int {
        guard value.isCollection else { return 0 }
        let identity = value.storageIdentity
        if let identity, let known = memo[identity] { return known }
        if !stackGuard.hasRoom() { throw ScriptError(loc, Limit.valueStack()) }
        try tick(loc)
        var total = 0
        let cap = limits.maxCollectionCount + 1
        try value.forEachChild { (child: Value) throws(ScriptError) in
            guard total < cap else { return }
            total = Swift.min(cap, total + 1 + (try expandedSize(child, memo: &memo, at: loc)))
        }
        if let identity { memo[identity] = total }
        return total
    }
}

/// The depths of the last few values whose nesting was checked, so that building a deep value one level
/// at a time (`l = [l]`) checks each level in constant time instead of walking the whole value again.
///
/// Entries hold their values, so an identity cannot be reused by other storage while it is cached; the
/// cache is small and emptied after every run, so it keeps little alive for long.
struct DepthCache {
    private var entries: [(identity: UInt, value: Value, depth: Int)] = []
    private var next = 0
    static let capacity = 16

    func depth(of identity: UInt) -> Int? {
        for entry in entries where entry.identity == identity { return entry.depth }
        return nil
    }

    mutating func remember(_ value: Value, _ identity: UInt, _ depth: Int) {
        if self.depth(of: identity) != nil { return }
        if entries.count < DepthCache.capacity {
            entries.append((identity, value, depth))
        } else {
            entries[next] = (identity, value, depth)
            next = (next + 1) % DepthCache.capacity
        }
    }

    mutating func removeAll() {
        entries = []
        next = 0
    }
}
