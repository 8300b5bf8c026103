/// A SmolScript runtime value.
///
/// Numbers are `Double` (integers are numbers with an integral value); records keep their field
/// order; handles point at artifacts owned by the host (datasets, models, tables…).
public enum Value {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case list([Value])
    case record(Record)
    case function(any Callable)
    case handle(any Handle)
}

/// An ordered set of named fields, written `[lr: 1e-3, batch: 8]`.
public struct Record {
    /// The fields in source order; names are unique.
    public var fields: [(name: String, value: Value)]

    /// Makes a record from fields in order; a later duplicate name replaces the earlier value.
    public init(_ fields: [(name: String, value: Value)] = []) {
        self.fields = []
        for field in fields { self[field.name] = field.value }
    }

    /// The value of a field, or nil when absent; setting appends a new field or replaces one.
    public subscript(name: String) -> Value? {
        get { fields.first(where: { $0.name == name })?.value }
        set {
            if let index = fields.firstIndex(where: { $0.name == name }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append((name, newValue))
            }
        }
    }
}

/// A host-owned object visible to scripts: it prints as a short summary with its content hash.
public protocol Handle: AnyObject {
    /// What the handle points at: "dataset", "model", "tokenizer", "table", …
    var kind: String { get }
    /// SHA-256 (hex) of the artifact's bytes.
    var hash: String { get }
    /// One line for the REPL, e.g. `dataset 1,204 records (sft) 3f2a9c1e`.
    var summary: String { get }
    /// A named property beyond `kind`, `hash` and `summary` (`d.count`), or nil when there is none.
    /// A requirement so that a handle's own implementation is found through `any Handle`.
    func property(_ name: String) -> Value?
}

/// A function value defined in a script (`func f(x) { … }`).
public protocol Callable: AnyObject {
    var name: String { get }
    var parameterNames: [String] { get }
}

extension Handle {
    /// A named property a script can read (`d.count`, `m.parameters`); `kind`, `hash` and `summary`
    /// are always available. Returns nil for an unknown name.
    public func property(_ name: String) -> Value? { nil }
}
