import SmolCore

extension JSONValue {
    /// A value rendered as text for table keys and `where:` comparisons: strings without quotes,
    /// numbers, booleans and null in canonical form; an artifact handle `{"artifact":sha,"kind":k}` as
    /// `k:sha-prefix` (12 hex digits); other arrays and objects as their canonical text.
    public var keyText: String {
        switch self {
        case .string(let s):
            return s
        case .object:
            if let sha = self["artifact"]?.stringValue {
                return "\(self["kind"]?.keyText ?? "artifact"):\(sha.prefix(12))"
            }
            return canonicalText()
        case .null, .bool, .number, .array:
            return canonicalText()
        }
    }
}
