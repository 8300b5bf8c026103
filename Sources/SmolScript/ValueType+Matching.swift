/// Whether a runtime value fits a declared parameter type.
extension ValueType {
    /// True when `value` may be passed where this type is declared.
    public func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _): return true
        case (.number, .number): return true
        case (.integer, .number(let x)): return x.isFinite && x == x.rounded()
        case (.string, .string), (.bool, .bool), (.record, .record), (.function, .function): return true
        case (.list(let element), .list(let xs)): return xs.allSatisfy { element.accepts($0) }
        case (.handle(let kind), .handle(let h)): return kind.isEmpty || h.kind == kind
        case (.optional(let wrapped), _): if case .null = value { return true } else { return wrapped.accepts(value) }
        case (.oneOf(let types), _): return types.contains { $0.accepts(value) }
        case (.void, .null): return true
        default: return false
        }
    }
}
