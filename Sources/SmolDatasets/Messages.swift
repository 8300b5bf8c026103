import SmolCore

/// Chat messages in canonical form `{"role", "content"}`, read from Tulu/OpenAI or ShareGPT shapes.
enum Messages {
    /// ShareGPT `from` values and the canonical roles they become.
    static let shareGPTRoles: [String: String] = [
        "system": "system", "human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
        "function_call": "assistant", "observation": "tool", "tool": "tool",
    ]
    static let roles: Set<String> = ["system", "user", "assistant", "tool"]

    /// A canonical message.
    static func make(_ role: String, _ content: String) -> JSONValue { .object([(key: "role", value: .string(role)), (key: "content", value: .string(content))]) }

    /// One message object: `{role, content}` or `{from, value}` (`name` and `loss_weight` are ignored).
    /// `pointer` (where the message is) is only built when there is a problem to report.
    static func one(_ value: JSONValue, at lazyPointer: @autoclosure () -> String) throws -> JSONValue {
        guard case .object(let members) = value else {
            throw RecordIssue(pointer: lazyPointer(), reason: "wrong type at \(lazyPointer()): expected a message object, found a \(value.typeName)",
                              hint: "write {\"role\": \"user\", \"content\": \"…\"}")
        }
        let roleKey = members.contains(where: { $0.key == "from" }) ? "from" : "role"
        let contentKey = members.contains(where: { $0.key == "value" }) ? "value" : "content"
        for member in members where member.key != roleKey && member.key != contentKey && member.key != "name" && member.key != "loss_weight" {
            throw RecordIssue(pointer: lazyPointer() + "/" + JSONParser.pointerToken(member.key), atKey: true,
                              reason: "unknown field \"\(member.key)\" in a message", hint: "a message has role and content (or from and value)")
        }
        guard let roleValue = value[roleKey] else {
            throw RecordIssue(pointer: lazyPointer(), reason: "missing required field \"\(roleKey)\" in a message", hint: "add the speaker's role")
        }
        guard let contentValue = value[contentKey] else {
            throw RecordIssue(pointer: lazyPointer(), reason: "missing required field \"\(contentKey)\" in a message", hint: "add the message text")
        }
        let rawRole = try RecordFields.string(roleValue, at: lazyPointer() + "/" + roleKey)
        let content = try RecordFields.string(contentValue, at: lazyPointer() + "/" + contentKey)
        let role = roleKey == "from" ? shareGPTRoles[rawRole] : canonicalRole(rawRole)
        guard let role else {
            let allowed = roleKey == "from" ? shareGPTRoles.keys.sorted() : roles.sorted()
            throw RecordIssue(pointer: lazyPointer() + "/" + roleKey, reason: "unknown role \"\(rawRole)\"",
                              hint: "use one of \(allowed.joined(separator: ", "))")
        }
        return make(role, content)
    }

    /// A non-empty list of messages.
    static func list(_ value: JSONValue, at pointer: String) throws -> [JSONValue] {
        let elements = try RecordFields.array(value, at: pointer)
        guard !elements.isEmpty else {
            throw RecordIssue(pointer: pointer, reason: "empty message list at \(pointer)", hint: "add at least one message")
        }
        return try elements.enumerated().map { try one($1, at: pointer + "/\($0)") }
    }

    /// Messages from a string (one user or assistant turn), a message object, or a message list.
    static func flexible(_ value: JSONValue, at pointer: String, stringRole: String) throws -> [JSONValue] {
        switch value {
        case .string(let s): return [make(stringRole, s)]
        case .object: return [try one(value, at: pointer)]
        case .array: return try list(value, at: pointer)
        default:
            throw RecordIssue(pointer: pointer, reason: "wrong type at \(pointer): expected a string or messages, found a \(value.typeName)",
                              hint: "write a string or a list of {role, content} messages")
        }
    }

    /// `role` itself when it is a canonical role (a plain comparison: no hashing per message).
    static func canonicalRole(_ role: String) -> String? {
        switch role {
        case "system", "user", "assistant", "tool": return role
        default: return nil
        }
    }

    static func role(_ message: JSONValue) -> String { message["role"]?.stringValue ?? "" }
}
