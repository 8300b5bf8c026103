import SmolScript

/// The interpreter's host: forwards to the session without owning it.
///
/// The session owns its interpreter; a strong reference back would make a cycle that keeps both, the
/// workspace and its SQLite connection alive until the process ends (so the data stayed in the WAL).
final class WeakSessionHost: CommandHost {
    weak var session: Session?

    init(_ session: Session) { self.session = session }

    var commandNames: [String] { session?.commandNames ?? [] }

    func signature(of name: String) -> CommandSignature? { session?.signature(of: name) }

    func invoke(_ invocation: CommandInvocation) throws -> Value {
        guard let session else { throw SmolKitError.invalid("the session has ended; start a new one") }
        return try session.invoke(invocation)
    }

    func elementCount(of handle: any Handle) throws -> Int? { try session?.elementCount(of: handle) }

    func element(of handle: any Handle, at index: Int) throws -> Value {
        guard let session else { throw SmolKitError.invalid("the session has ended; start a new one") }
        return try session.element(of: handle, at: index)
    }
}
