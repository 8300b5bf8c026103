import SmolCore
import SmolLedger
import SmolScript

/// Conversions between script values and the JSON the ledger stores.
///
/// Parameters are stored canonically (sorted keys, shortest numbers) with each handle written as
/// `{"artifact": sha256, "kind": kind}`, so equal calls over equal inputs give equal text — the basis
/// of the cache key. Results additionally keep a handle's summary and properties so a cached answer
/// prints the same as a fresh one.
public enum ValueJSON {
    /// The canonical parameter form of a value. Fails, instead of overflowing the stack, on a value
    /// nested deeper than the calling thread's stack allows.
    public static func parameter(_ value: Value) throws -> JSONValue {
        try parameter(value, StackGuard())
    }

    private static func parameter(_ value: Value, _ stack: StackGuard) throws -> JSONValue {
        guard stack.hasRoom() else { throw tooDeep }
        switch value {
        case .number(let x):
            guard x.isFinite else { throw SmolKitError.invalid("cannot record a non-finite number (\(x)) as a parameter") }
            return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .list(let items): return .array(try items.map { try parameter($0, stack) })
        case .record(let r): return .object(try r.fields.map { ($0.name, try parameter($0.value, stack)) })
        case .function(let f): throw SmolKitError.invalid("cannot pass the function '\(f.name)' to a command")
        case .handle(let h): return .object([("artifact", .string(h.hash)), ("kind", .string(h.kind))])
        }
    }

    /// The stored form of a command's result.
    static func result(_ value: Value) throws -> JSONValue {
        try result(value, StackGuard())
    }

    private static func result(_ value: Value, _ stack: StackGuard) throws -> JSONValue {
        guard stack.hasRoom() else { throw tooDeep }
        switch value {
        case .list(let items): return .array(try items.map { try result($0, stack) })
        case .record(let r): return .object(try r.fields.map { ($0.name, try result($0.value, stack)) })
        case .handle(let h):
            guard let handle = h as? ArtifactHandle else { return try parameter(value, stack) }
            return .object([("$artifact", .object([
                ("sha256", .string(handle.ref.sha256)), ("kind", .string(handle.ref.kind.rawValue)),
                ("bytes", .number(Double(handle.ref.bytes))), ("metadata", .string(handle.ref.metadataJSON)),
                ("summary", .string(handle.summary)), ("properties", try result(.record(handle.properties), stack)),
            ]))])
        default: return try parameter(value, stack)
        }
    }

    private static var tooDeep: SmolKitError {
        .invalid("value nested too deeply to record for this thread's stack; flatten the data")
    }

    /// Rebuilds a result value from its stored form.
    public static func value(fromResult json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map(value(fromResult:)))
        case .object(let fields):
            if fields.count == 1, fields[0].key == "$artifact", case .object(let a) = fields[0].value {
                let get = { (key: String) in a.first(where: { $0.key == key })?.value }
                guard case .string(let sha)? = get("sha256"), case .string(let kind)? = get("kind") else { return .null }
                var bytes: Int64 = 0
                if case .number(let b)? = get("bytes") { bytes = Int64(b) }
                var metadata = "{}"
                if case .string(let m)? = get("metadata") { metadata = m }
                var summary = "\(kind) \(sha.prefix(12))"
                if case .string(let s)? = get("summary") { summary = s }
                var properties = Record()
                if let p = get("properties"), case .record(let r) = value(fromResult: p) { properties = r }
                let ref = ArtifactRef(sha256: sha, kind: ArtifactKind(kind), bytes: bytes, metadataJSON: metadata, name: nil)
                return .handle(ArtifactHandle(ref: ref, summary: summary, properties: properties))
            }
            return .record(Record(fields.map { ($0.key, value(fromResult: $0.value)) }))
        }
    }

    /// Every artifact handle inside a value, in order.
    static func handles(in value: Value) -> [ArtifactHandle] {
        switch value {
        case .handle(let h): return (h as? ArtifactHandle).map { [$0] } ?? []
        case .list(let items): return items.flatMap(handles(in:))
        case .record(let r): return r.fields.flatMap { handles(in: $0.value) }
        default: return []
        }
    }
}
