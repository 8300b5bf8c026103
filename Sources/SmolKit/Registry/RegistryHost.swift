import SmolScript

/// A host that knows the commands' declarations but runs none: for `smol check` and tooling.
public final class RegistryHost: CommandHost {
    public let registry: CommandRegistry

    public init(registry: CommandRegistry) { self.registry = registry }

    public var commandNames: [String] { registry.names }

    public func signature(of name: String) -> CommandSignature? { registry[name]?.signature }

    public func invoke(_ invocation: CommandInvocation) throws -> Value {
        throw SmolKitError.invalid("\(invocation.signature.name) cannot run here: this host only checks scripts")
    }
}
